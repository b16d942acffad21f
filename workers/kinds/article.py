"""The article pipeline."""

from __future__ import annotations

import dataclasses
import logging

from core.errors import ProviderError
from core.i18n import t
from core.markdown_doc import parse_document
from core.prompts.article import build_article_prompt
from core.prompts.image import cover_subject
from core.requests.article import ArticleRequest
from core.templates import template_instructions
from storage.models import Job
from workers.context import JobContext
from workers.kinds import KindResult, ProgressCallback, register_pipeline
from workers.kinds.image import make_images
from workers.kinds.text import stream_completion

logger = logging.getLogger(__name__)

# Expected output size in characters per unit of target length, for progress only.
CHARS_PER_WORD = 6
CHARS_PER_HAN = 1.3


@register_pipeline("article")
async def run_article(context: JobContext, job: Job, report: ProgressCallback) -> KindResult:
    """Write an article and return it with its title, counts and tokens."""
    request = ArticleRequest.model_validate(job.params)
    locale = request.content_locale(job.locale)
    prompt = build_article_prompt(request, locale, context.settings.llm.max_tokens)
    instructions = template_instructions(request, locale, context.settings.templates.dir)
    if instructions:
        prompt = dataclasses.replace(
            prompt,
            user=f"{prompt.user}\n{instructions}",
            extra={**prompt.extra, "template_instructions": instructions},
        )
    target = request.target_length(locale)
    expected_chars = int(target * (CHARS_PER_HAN if locale == "zh-CN" else CHARS_PER_WORD))

    completion = await stream_completion(context, prompt, expected_chars, report)

    document = parse_document(completion.text, fallback_title=request.title or request.topic)
    output = {
        "markdown": completion.text,
        "title": document.title,
        "sections": [section.heading for section in document.sections],
        "word_count": document.word_count,
        "han_count": document.han_count,
        "tokens_used": completion.total_tokens,
        "tokens_estimated": completion.tokens_estimated,
        "model": completion.model,
        "offline": completion.offline,
        "language": locale,
    }
    files: list[str] = []
    if request.cover:
        files = await _add_cover(context, job, document.title, locale, output)
    return KindResult(
        output=output,
        body=completion.text,
        title=document.title,
        data={"images": files} if files else {},
        files=files,
        tokens_prompt=completion.prompt_tokens,
        tokens_completion=completion.completion_tokens,
        tokens_estimated=completion.tokens_estimated,
    )


async def _add_cover(
    context: JobContext, job: Job, title: str, locale: str, output: dict
) -> list[str]:
    """Make the cover with the image pipeline's code and add it to ``output``; returns its paths.

    A cover that fails does not fail the article: the reason is added to
    the output and the Markdown instead.
    """
    images = context.settings.images
    try:
        cover = await make_images(
            context.settings,
            job.id,
            cover_subject(title),
            style=images.cover_style,
            size=images.cover_size,
            quality="standard",
            count=1,
            locale=locale,
            name="cover",
            card_title=title,
        )
    except ProviderError as error:
        logger.warning("job %s: cover image failed: %s", job.id, error)
        output["cover_error"] = str(error)
        note = t("kinds.image.cover_failed", job.locale, reason=error)
        output["markdown"] += f"\n\n> {note}\n"
        return []

    output.update(
        {"images": cover.paths, "cover": cover.paths[0], "cover_prompt": cover.final_prompt}
    )
    return cover.paths
