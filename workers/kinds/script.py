"""The video script pipeline and its reviser.

The model returns the script as JSON; it is validated, asked for once more
if it does not parse, rescaled so the durations sum exactly to the target,
and saved as a CSV shot list next to the stored version.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from core.errors import ProviderError
from core.i18n import t
from core.prompts.script import (
    build_repair_prompt,
    build_script_prompt,
    build_script_revision_prompt,
    parse_script,
)
from core.providers.base import Prompt
from core.renderers.script import csv_rows, render_script
from core.requests.script import ScriptRequest
from core.shotlist import Script, fit_to_duration
from core.templates import template_instructions
from storage.models import Content, ContentVersion, Job
from workers.context import JobContext
from workers.kinds import KindResult, ProgressCallback, register_pipeline
from workers.kinds.revision import register_reviser
from workers.kinds.text import stream_completion
from workers.token_usage import TokenUsage

logger = logging.getLogger(__name__)

# Expected JSON size per second of video, for progress only.
CHARS_PER_SECOND = 40
CSV_NAME = "shot-list.csv"


async def _ignore_progress(percent: int) -> None:
    return None


@register_pipeline("script")
async def run_script(context: JobContext, job: Job, report: ProgressCallback) -> KindResult:
    """Write the script, fit it to the duration, save the CSV and return the result."""
    request = ScriptRequest.model_validate(job.params)
    locale = request.content_locale(job.locale)
    instructions = template_instructions(request, locale, context.settings.templates.dir)
    prompt = build_script_prompt(request, locale, context.settings.llm.max_tokens, instructions)

    usage = TokenUsage()
    script = await write_script(context, prompt, request, locale, usage, report)
    notes = [t("kinds.offline.script", locale)] if usage.offline else []
    return script_result(context, job, request, locale, script, usage, notes=notes)


@register_reviser("script")
async def revise_script(
    context: JobContext,
    job: Job,
    content: Content,
    current: ContentVersion,
    report: ProgressCallback,
) -> KindResult:
    """Revise the script JSON by the instruction; the result is refitted to the same duration."""
    request = ScriptRequest.model_validate(current.data["request"])
    locale = current.data.get("language") or request.content_locale(job.locale)
    instruction: str = job.params["instruction"]
    script = Script.model_validate(current.data["script"])

    max_tokens = context.settings.llm.max_tokens
    prompt = build_script_revision_prompt(script, request, instruction, locale, max_tokens)
    usage = TokenUsage()
    revised = await write_script(context, prompt, request, locale, usage, report)

    notes = []
    if usage.offline:
        notes = [
            t("kinds.offline.script", locale),
            t("kinds.offline.revision_note", locale, instruction=instruction[:200]),
        ]
    result = script_result(
        context, job, request, locale, revised, usage, notes=notes, summary=revised.change_summary
    )
    result.output.update({"revised_kind": "script", "base_version": current.version})
    return result


async def write_script(
    context: JobContext,
    prompt: Prompt,
    request: ScriptRequest,
    locale: str,
    usage: TokenUsage,
    report: ProgressCallback,
) -> Script:
    """Run ``prompt`` and return the script fitted to ``request.duration``.

    A reply that is not a valid script gets one repair request that quotes
    it and names the problem. Raises :class:`ProviderError` (permanent)
    when the second reply is not valid either.
    """
    expected_chars = request.duration * CHARS_PER_SECOND
    completion = usage.add(await stream_completion(context, prompt, expected_chars, report))
    try:
        script = parse_script(completion.text)
    except ValueError as problem:
        logger.warning("script reply is not a valid script (%s); asking once more", problem)
        repair = build_repair_prompt(
            request, locale, context.settings.llm.max_tokens, completion.text, str(problem)
        )
        completion = usage.add(
            await stream_completion(context, repair, expected_chars, _ignore_progress)
        )
        try:
            script = parse_script(completion.text)
        except ValueError as second:
            raise ProviderError(
                f"the model returned no valid script JSON after a second request ({second})",
                transient=False,
            ) from None

    try:
        return fit_to_duration(script, request.duration)
    except ValueError as problem:
        raise ProviderError(
            f"the model's script cannot be timed ({problem})", transient=False
        ) from None


def script_result(
    context: JobContext,
    job: Job,
    request: ScriptRequest,
    locale: str,
    script: Script,
    usage: TokenUsage,
    *,
    notes: list[str],
    summary: str | None = None,
) -> KindResult:
    """Save the CSV shot list and return the stored result with the script as data."""
    # Labels follow the language of the script, as the article's offline brief does.
    csv_path = save_csv(context.settings.app.data_dir, job.id, script, locale)
    markdown = render_script(script, request.platform, locale, notes=notes)
    console_markdown = render_script(script, request.platform, locale, notes=notes, table=True)
    stored = script.model_dump(exclude={"change_summary"})
    output = {
        "markdown": markdown,
        "console_markdown": console_markdown,
        "title": script.title,
        "platform": request.platform,
        "duration_s": request.duration,
        "scene_count": len(script.scenes),
        "shot_count": len(script.shots()),
        "script": stored,
        "csv": str(csv_path),
        "files": [str(csv_path)],
        "summary": summary,
        "language": locale,
        **usage.output_fields(),
    }
    data = {
        "request": request.model_dump(mode="json"),
        "language": locale,
        "script": stored,
        "files": [str(csv_path)],
    }
    return KindResult(
        output=output,
        body=markdown,
        title=script.title,
        data=data,
        summary=summary,
        tokens_prompt=usage.prompt,
        tokens_completion=usage.completion,
        tokens_estimated=usage.estimated,
        files=[str(csv_path)],
    )


def save_csv(data_dir: Path, job_id: str, script: Script, locale: str) -> Path:
    """Write the shot list to ``<data_dir>/scripts/<job id>/shot-list.csv``; returns its path.

    The file is UTF-8 with a byte order mark, which spreadsheet programs
    need to read Chinese correctly.
    """
    directory = Path(data_dir).resolve() / "scripts" / job_id
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / CSV_NAME
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(csv_rows(script, locale))
    return path
