"""The social post pipeline and its reviser.

The model writes the variants in the marker format. Each variant is
measured the way its platform counts. A variant over the limit goes back
to the model once to be shortened, and one that still does not fit is
flagged.
"""

from __future__ import annotations

import logging

from core.errors import ProviderError
from core.i18n import t
from core.platforms import count_length, extract_hashtags, post_rules, strip_hashtags
from core.prompts.post import (
    build_post_prompt,
    build_post_revision_prompt,
    build_shorten_prompt,
    clean_shortened,
    parse_variants,
)
from core.prompts.revision import split_summary
from core.renderers.post import Variant, post_title, render_post
from core.requests.post import PostRequest
from core.templates import template_instructions
from storage.models import Content, ContentVersion, Job
from workers.context import JobContext
from workers.kinds import KindResult, ProgressCallback, register_pipeline
from workers.kinds.revision import register_reviser
from workers.kinds.text import stream_completion
from workers.token_usage import TokenUsage

logger = logging.getLogger(__name__)


async def _ignore_progress(percent: int) -> None:
    return None


@register_pipeline("post")
async def run_post(context: JobContext, job: Job, report: ProgressCallback) -> KindResult:
    """Write the variants, check each against the platform's limit, and return them."""
    request = PostRequest.model_validate(job.params)
    locale = request.content_locale(job.locale)
    instructions = template_instructions(request, locale, context.settings.templates.dir)
    prompt = build_post_prompt(request, locale, context.settings.llm.max_tokens, instructions)
    expected_chars = request.count * min(post_rules(request.platform).max_length, 600)

    usage = TokenUsage()
    completion = usage.add(await stream_completion(context, prompt, expected_chars, report))
    texts = parse_variants(completion.text)[: request.count]
    variants = await check_variants(context, request, locale, texts, usage)

    notes = [t("kinds.offline.post", locale)] if usage.offline else []
    return post_result(job, request, locale, variants, usage, notes=notes)


@register_reviser("post")
async def revise_post(
    context: JobContext,
    job: Job,
    content: Content,
    current: ContentVersion,
    report: ProgressCallback,
) -> KindResult:
    """Revise every variant by the instruction, keeping the platform's format and limit."""
    request = PostRequest.model_validate(current.data["request"])
    locale = current.data.get("language") or request.content_locale(job.locale)
    instruction: str = job.params["instruction"]
    texts = [variant["text"] for variant in current.data["variants"]]

    prompt = build_post_revision_prompt(
        texts, request, instruction, locale, context.settings.llm.max_tokens
    )
    usage = TokenUsage()
    completion = usage.add(await stream_completion(context, prompt, len("".join(texts)), report))
    body, summary = split_summary(completion.text)
    variants = await check_variants(context, request, locale, parse_variants(body), usage)

    notes = []
    if usage.offline:
        notes = [
            t("kinds.offline.post", locale),
            t("kinds.offline.revision_note", locale, instruction=instruction[:200]),
        ]
    result = post_result(job, request, locale, variants, usage, notes=notes, summary=summary)
    result.output.update({"revised_kind": "post", "base_version": current.version})
    return result


async def check_variants(
    context: JobContext, request: PostRequest, locale: str, texts: list[str], usage: TokenUsage
) -> list[Variant]:
    """Measure each text, shorten one over the limit with one more call, and flag it if still over.

    Raises :class:`ProviderError` (permanent) when the model returned no text at all.
    """
    if not texts:
        raise ProviderError("the model returned no post text", transient=False)

    limit = post_rules(request.platform).max_length
    variants: list[Variant] = []
    for text in texts:
        if not request.hashtags:
            text = strip_hashtags(text, request.platform)
        length = count_length(text, request.platform)
        shortened = False
        if length > limit:
            text = await _shorten(context, request, locale, text, length, usage)
            length, shortened = count_length(text, request.platform), True
            if length > limit:
                logger.info(
                    "post variant still %d over the %s limit after shortening",
                    length - limit,
                    request.platform,
                )

        variants.append(
            Variant(
                text=text,
                length=length,
                limit=limit,
                shortened=shortened,
                over_limit=length > limit,
                hashtags=extract_hashtags(text, request.platform),
            )
        )
    return variants


async def _shorten(
    context: JobContext,
    request: PostRequest,
    locale: str,
    text: str,
    length: int,
    usage: TokenUsage,
) -> str:
    prompt = build_shorten_prompt(text, request, locale, context.settings.llm.max_tokens, length)
    completion = usage.add(await stream_completion(context, prompt, len(text), _ignore_progress))
    shortened = clean_shortened(completion.text)
    if not request.hashtags:
        shortened = strip_hashtags(shortened, request.platform)
    return shortened or text


def post_result(
    job: Job,
    request: PostRequest,
    locale: str,
    variants: list[Variant],
    usage: TokenUsage,
    *,
    notes: list[str],
    summary: str | None = None,
) -> KindResult:
    """Return the stored result: Markdown for every adapter, the variants as data."""
    # Labels follow the language of the posts, as the article's offline brief does.
    markdown = render_post(request.platform, request.topic, variants, locale, notes=notes)
    title = post_title(request.platform, request.topic, locale)
    rules = post_rules(request.platform)
    variant_data = [variant.to_dict() for variant in variants]
    all_tags = list(dict.fromkeys(tag for variant in variants for tag in variant.hashtags))
    output = {
        "markdown": markdown,
        "title": title,
        "platform": request.platform,
        "limit": rules.max_length,
        "counting": rules.counting,
        "variants": variant_data,
        "hashtags": all_tags,
        "over_limit": sum(variant.over_limit for variant in variants),
        "summary": summary,
        "language": locale,
        **usage.output_fields(),
    }
    data = {
        "request": request.model_dump(mode="json"),
        "language": locale,
        "platform": request.platform,
        "variants": variant_data,
    }
    return KindResult(
        output=output,
        body=markdown,
        title=title,
        data=data,
        summary=summary,
        tokens_prompt=usage.prompt,
        tokens_completion=usage.completion,
        tokens_estimated=usage.estimated,
    )
