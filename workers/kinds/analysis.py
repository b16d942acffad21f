"""The SEO and readability pipelines: local analysis, and an optional model rewrite."""

from __future__ import annotations

import asyncio
import re

from core.analysis import analyze_readability, analyze_seo, render_report_markdown
from core.errors import NotFoundError
from core.i18n import t
from core.prompts.rewrite import build_rewrite_prompt
from core.requests.analysis import AnalysisRequest, ReadabilityRequest, SeoRequest
from storage.models import Job
from workers.context import JobContext
from workers.kinds import KindResult, ProgressCallback, register_pipeline
from workers.kinds.text import stream_completion

OFFLINE_HEADER = re.compile(r"\A(?:>.*\n)+\n")


@register_pipeline("seo")
async def run_seo(context: JobContext, job: Job, report: ProgressCallback) -> KindResult:
    """Analyse a draft for SEO; with ``--rewrite``, rewrite it and analyse it again."""
    return await _run_analysis(context, job, SeoRequest.model_validate(job.params), report)


@register_pipeline("readability")
async def run_readability(context: JobContext, job: Job, report: ProgressCallback) -> KindResult:
    """Analyse a draft for readability; with ``--rewrite``, rewrite it and analyse it again."""
    return await _run_analysis(context, job, ReadabilityRequest.model_validate(job.params), report)


async def _run_analysis(
    context: JobContext, job: Job, request: AnalysisRequest, report: ProgressCallback
) -> KindResult:
    text, source_content_id = await _source_text(context, job, request)
    locale = request.lang or job.locale
    before = await asyncio.to_thread(_analyze, request, text, locale)
    await report(30)

    output = {
        "markdown": render_report_markdown(before, locale),
        "title": t(f"analysis.title.{job.kind}", locale),
        "analysis": before.model_dump(mode="json"),
        "score": before.score,
        "source_content_id": source_content_id,
        "tokens_used": 0,
    }
    if not request.rewrite:
        return KindResult(
            output=output, body=output["markdown"], title=output["title"], store_version=False
        )

    problems = [check.message for check in before.checks if check.status != "good"]
    prompt = build_rewrite_prompt(job.kind, text, problems, locale, context.settings.llm.max_tokens)
    completion = await stream_completion(context, prompt, len(text), report)
    rewritten = completion.text
    analysed = OFFLINE_HEADER.sub("", rewritten) if completion.offline else rewritten
    after = await asyncio.to_thread(_analyze, request, analysed, locale)

    output.update(
        {
            "markdown": _rewrite_markdown(
                before.score, after.score, rewritten, render_report_markdown(after, locale), locale
            ),
            "rewrite": rewritten,
            "analysis_after": after.model_dump(mode="json"),
            "score_after": after.score,
            "tokens_used": completion.total_tokens,
            "tokens_estimated": completion.tokens_estimated,
            "offline": completion.offline,
        }
    )
    summary = t(
        "analysis.rewrite_summary", locale, kind=job.kind, before=before.score, after=after.score
    )
    return KindResult(
        output=output,
        body=rewritten,
        title=output["title"],
        summary=summary,
        tokens_prompt=completion.prompt_tokens,
        tokens_completion=completion.completion_tokens,
        tokens_estimated=completion.tokens_estimated,
        content_id=source_content_id,
    )


def _analyze(request: AnalysisRequest, text: str, locale: str):
    if isinstance(request, SeoRequest):
        return analyze_seo(
            text, keywords=request.keywords, meta=request.meta, title=request.title, locale=locale
        )
    assert isinstance(request, ReadabilityRequest)
    return analyze_readability(text, audience=request.audience, locale=locale)


async def _source_text(
    context: JobContext, job: Job, request: AnalysisRequest
) -> tuple[str, str | None]:
    content_id = request.content_id
    if content_id is None:
        return request.text, None
    content = await context.store.get_content(content_id)
    version = await context.store.get_version(content_id) if content else None
    if content is None or version is None or content.user_id != job.user_id:
        raise NotFoundError(content_id, item_id=content_id)
    return version.body, content_id


def _rewrite_markdown(
    before: int, after: int, rewritten: str, after_report: str, locale: str
) -> str:
    header = t("analysis.rewrite_scores", locale, before=before, after=after)
    return f"{header}\n\n---\n\n{rewritten.strip()}\n\n---\n\n{after_report}"
