"""Markdown rendering of analysis reports.

The output uses only headings, bold, bullet lists and simple two- or
four-column tables, so it reads well in a console and converts to Telegram
HTML or Slack mrkdwn without loss.
"""

from __future__ import annotations

import re

from core.analysis.models import Check, ReadabilityReport, SeoReport, Status
from core.analysis.scoring import format_number
from core.i18n import t

STATUS_ORDER: tuple[Status, ...] = ("problem", "improve", "good")
STATUS_ICONS: dict[Status, str] = {"problem": "🔴", "improve": "🟠", "good": "🟢"}
# Characters that start emphasis, code, links, HTML, tables or strikethrough
# inside a line. Parentheses, # and ! only matter next to these or at the
# start of a line, which a check line never is.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")

COUNT_FIELDS = (
    "words",
    "han_characters",
    "characters",
    "syllables",
    "sentences",
    "paragraphs",
    "h1",
    "h2",
    "h3",
    "links",
    "images",
    "images_with_alt",
    "images_without_alt",
)


def escape_markdown(text: str) -> str:
    """Backslash-escape the Markdown characters that could change the meaning of inline text."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def render_report_markdown(report: SeoReport | ReadabilityReport, locale: str) -> str:
    """Render a report as Markdown: score, checks grouped by status, then counts.

    Problems come first, then checks to improve, then good ones. ``locale``
    sets the language of the headings and labels; each check message keeps
    the language it was written in when the report was made.
    """
    lines = [_title(report, locale), "", _summary(report, locale)]

    for status in STATUS_ORDER:
        group = [check for check in report.checks if check.status == status]
        if not group:
            continue
        heading = t(f"analysis.render.status.{status}", locale)
        lines += ["", f"### {STATUS_ICONS[status]} {heading} ({len(group)})", ""]
        lines += [_check_line(check, locale) for check in group]

    if isinstance(report, SeoReport) and report.keywords:
        lines += ["", *_keyword_table(report, locale)]

    lines += ["", *_counts_table(report, locale)]
    return "\n".join(lines) + "\n"


def _title(report: SeoReport | ReadabilityReport, locale: str) -> str:
    name = t(f"analysis.render.title.{report.kind}", locale)
    score = t("analysis.render.score", locale, score=report.score)
    return f"## {name}: {score}"


def _summary(report: SeoReport | ReadabilityReport, locale: str) -> str:
    language = t(f"analysis.language.{report.language}", locale)
    parts = [t("analysis.render.language", locale, language=language)]
    if isinstance(report, ReadabilityReport):
        audience = t(f"analysis.audience.{report.audience}", locale)
        parts.append(t("analysis.render.audience", locale, audience=audience))
    return " · ".join(parts)


def _check_line(check: Check, locale: str) -> str:
    name = t(f"analysis.check.{check.id}", locale)
    if check.keyword:
        name = f"{name} “{escape_markdown(check.keyword)}”"

    detail = ""
    if check.value is not None and check.threshold:
        value = format_number(check.value) if isinstance(check.value, float) else check.value
        detail = t("analysis.render.measured", locale, value=value, threshold=check.threshold)
    return f"- **{name}**: {escape_markdown(check.message)}{detail}"


def _keyword_table(report: SeoReport, locale: str) -> list[str]:
    header = t("analysis.render.keyword_header", locale)
    rows = [header, "|---|---:|---:|---:|"]
    for stat in report.keywords:
        keyword = escape_markdown(stat.keyword)
        density = format_number(stat.density_percent)
        rows.append(f"| {keyword} | {stat.occurrences} | {stat.inside_longer} | {density}% |")
    return rows


def _counts_table(report: SeoReport | ReadabilityReport, locale: str) -> list[str]:
    counts = report.counts.model_dump()
    rows = [t("analysis.render.counts_header", locale), "|---|---:|"]
    for field in COUNT_FIELDS:
        if counts[field] is not None:
            rows.append(f"| {t(f'analysis.count.{field}', locale)} | {counts[field]} |")

    if isinstance(report, ReadabilityReport):
        for field, value in report.metrics.model_dump().items():
            if value is not None:
                label = t(f"analysis.metric.{field}", locale)
                rows.append(f"| {label} | {format_number(value)} |")
    return rows
