"""The revision pipeline: a new version of an existing content."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from core.markdown_doc import parse_document
from core.prompts.revision import build_revision_prompt, split_summary
from storage.models import Content, ContentVersion, Job
from workers.context import JobContext
from workers.kinds import KindResult, ProgressCallback, register_pipeline
from workers.kinds.text import stream_completion

# A kind whose versions carry structured data (post variants, a script's
# JSON, image files) registers its own reviser, so a revision keeps that
# structure. Other kinds get the Markdown revision below.
Reviser = Callable[
    [JobContext, Job, Content, ContentVersion, ProgressCallback], Awaitable[KindResult]
]
REVISERS: dict[str, Reviser] = {}


def register_reviser(kind: str) -> Callable[[Reviser], Reviser]:
    """Register the reviser of ``kind``'s versions."""

    def decorate(reviser: Reviser) -> Reviser:
        REVISERS[kind] = reviser
        return reviser

    return decorate


@register_pipeline("revision")
async def run_revision(context: JobContext, job: Job, report: ProgressCallback) -> KindResult:
    """Revise the content's current version by the job's instruction."""
    content_id = job.params["content_id"]
    instruction = job.params["instruction"]
    content = await context.store.get_content(content_id)
    current = await context.store.get_version(content_id)
    if content is None or current is None:
        raise LookupError(f"content {content_id} has no version to revise")

    reviser = REVISERS.get(content.kind)
    if reviser is not None:
        return await reviser(context, job, content, current, report)

    prompt = build_revision_prompt(
        content.kind, current.body, instruction, job.locale, context.settings.llm.max_tokens
    )
    completion = await stream_completion(context, prompt, len(current.body), report)
    body, summary = split_summary(completion.text)

    document = parse_document(body, fallback_title=content.title)
    output = {
        "markdown": body,
        "title": document.title,
        "revised_kind": content.kind,
        "summary": summary,
        "base_version": current.version,
        "word_count": document.word_count,
        "han_count": document.han_count,
        "tokens_used": completion.total_tokens,
        "tokens_estimated": completion.tokens_estimated,
        "model": completion.model,
        "offline": completion.offline,
    }
    return KindResult(
        output=output,
        body=body,
        title=document.title,
        data=current.data,
        summary=summary,
        tokens_prompt=completion.prompt_tokens,
        tokens_completion=completion.completion_tokens,
        tokens_estimated=completion.tokens_estimated,
    )
