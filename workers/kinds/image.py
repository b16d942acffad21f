"""The image pipeline, its reviser, and the image making that article covers share.

Images are written under ``<data_dir>/images/<job id>/`` with a
``meta.json`` before the job completes, so a result whose post to the chat
fails is still on disk, and the job's output lists the paths.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from core.config import Settings
from core.errors import ProviderError
from core.i18n import t
from core.images import enhance_prompt, render_card
from core.prompts.image import build_image_revision_prompt, parse_image_revision
from core.providers.retry import with_retries
from core.renderers.image import image_title, render_image
from core.requests.image import ImageRequest
from storage.models import Content, ContentVersion, Job
from workers.context import JobContext
from workers.kinds import KindResult, ProgressCallback, register_pipeline
from workers.kinds.revision import register_reviser
from workers.kinds.text import stream_completion
from workers.token_usage import TokenUsage

logger = logging.getLogger(__name__)

# dall-e-3 accepts only n=1, so several images take several requests.
SINGLE_IMAGE_MODELS = ("dall-e-3",)
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
META_NAME = "meta.json"


@dataclass
class ImageSet:
    """Images written to disk and what made them."""

    paths: list[str]
    final_prompt: str
    provider: str
    model: str
    directory: str
    metadata: dict[str, object] = field(default_factory=dict)


async def _ignore_progress(percent: int) -> None:
    return None


@register_pipeline("image")
async def run_image(context: JobContext, job: Job, report: ProgressCallback) -> KindResult:
    """Make ``count`` images of the prompt, store them, and return their paths."""
    request = ImageRequest.model_validate(job.params)
    locale = request.content_locale(job.locale)
    images = await make_images(
        context.settings,
        job.id,
        request.prompt,
        style=request.style,
        size=request.size,
        quality=request.quality,
        count=request.count,
        locale=locale,
        report=report,
    )
    return image_result(job, request, locale, images, TokenUsage())


@register_reviser("image")
async def revise_image(
    context: JobContext,
    job: Job,
    content: Content,
    current: ContentVersion,
    report: ProgressCallback,
) -> KindResult:
    """Rewrite the image prompt by the instruction with the text model, then make new images."""
    request = ImageRequest.model_validate(current.data["request"])
    locale = current.data.get("language") or request.content_locale(job.locale)
    instruction: str = job.params["instruction"]

    prompt = build_image_revision_prompt(
        request.prompt, instruction, locale, context.settings.llm.max_tokens
    )
    usage = TokenUsage()
    completion = usage.add(
        await stream_completion(context, prompt, len(request.prompt) + 80, _ignore_progress)
    )
    new_prompt, summary = parse_image_revision(completion.text, fallback=request.prompt)
    revised = request.model_copy(update={"prompt": new_prompt})

    images = await make_images(
        context.settings,
        job.id,
        revised.prompt,
        style=revised.style,
        size=revised.size,
        quality=revised.quality,
        count=revised.count,
        locale=locale,
        report=report,
    )
    result = image_result(job, revised, locale, images, usage, summary=summary)
    result.output.update({"revised_kind": "image", "base_version": current.version})
    return result


async def make_images(
    settings: Settings,
    job_id: str,
    subject: str,
    *,
    style: str,
    size: str,
    quality: str,
    count: int,
    locale: str,
    name: str = "image",
    card_title: str | None = None,
    report: ProgressCallback | None = None,
) -> ImageSet:
    """Enhance ``subject`` into the final prompt, make ``count`` images and write them to disk.

    The offline provider draws title cards showing ``card_title`` (default:
    the subject); the openai provider calls the Images API. Files are named
    ``<name>-<n>.<ext>``. Raises :class:`ProviderError` when the image
    service fails or returns something that is not an image.
    """
    images = settings.images
    final_prompt = enhance_prompt(
        subject, style=style, quality=quality, modifiers=images.modifiers_for(style)
    )
    progress = report or _ignore_progress
    await progress(5)

    if images.provider == "openai":
        blobs = await _generate_openai(
            settings, final_prompt, size=size, count=count, quality=quality
        )
        model = images.model
    else:
        label = t("images.label.offline", locale)
        blobs = []
        for index in range(count):
            card = await asyncio.to_thread(
                render_card, card_title or subject, style=style, size=size, seed=index, label=label
            )
            blobs.append(card)
            await progress(10 + 80 * (index + 1) // count)
        model = "pillow-card"

    metadata = {
        "prompt": subject,
        "final_prompt": final_prompt,
        "style": style,
        "size": size,
        "quality": quality,
        "provider": images.provider,
        "model": model,
        "job_id": job_id,
    }
    directory, paths = await asyncio.to_thread(
        save_images, settings.app.data_dir, job_id, blobs, metadata, name=name
    )
    await progress(95)
    return ImageSet(
        paths=paths,
        final_prompt=final_prompt,
        provider=images.provider,
        model=model,
        directory=directory,
        metadata=metadata | {"files": paths},
    )


async def _generate_openai(
    settings: Settings, prompt: str, *, size: str, count: int, quality: str
) -> list[bytes]:
    from core.providers.openai_provider import OpenAIProvider

    images, llm = settings.images, settings.llm
    inherit = llm.provider == "openai"
    base_url = images.base_url or (llm.base_url if inherit else None)
    secret = images.api_key or (llm.api_key if inherit else None)
    api_key = secret.get_secret_value() if secret else None
    if not api_key and not base_url:
        raise ProviderError(
            "images.api_key is not set (or COPYDESK_IMAGES__API_KEY);"
            " the openai image provider needs it",
            transient=False,
        )

    client = OpenAIProvider(
        api_key=api_key, base_url=base_url, model=images.model, timeout_s=images.timeout_s
    )
    batches = [1] * count if images.model.startswith(SINGLE_IMAGE_MODELS) else [count]
    blobs: list[bytes] = []
    try:
        for batch in batches:

            async def attempt(batch: int = batch) -> list[bytes]:
                return await client.generate_images(
                    prompt, size=size, count=batch, quality=quality, model=images.model
                )

            blobs += await with_retries(
                attempt,
                tries=llm.tries,
                base_delay_s=llm.retry_base_delay_s,
                description="image generation",
            )
    finally:
        await client.aclose()
    return blobs


def save_images(
    data_dir: Path,
    job_id: str,
    blobs: list[bytes],
    metadata: dict[str, object],
    *,
    name: str = "image",
) -> tuple[str, list[str]]:
    """Write each image and ``meta.json`` under ``<data_dir>/images/<job id>/``.

    Returns the directory and the absolute file paths. Raises
    :class:`ProviderError` (transient) for data Pillow cannot read as an image.
    """
    directory = Path(data_dir).resolve() / "images" / job_id
    directory.mkdir(parents=True, exist_ok=True)
    paths: list[str] = []
    for number, blob in enumerate(blobs, start=1):
        path = directory / f"{name}-{number}.{_extension(blob)}"
        path.write_bytes(blob)
        paths.append(str(path))

    meta = metadata | {"files": [Path(path).name for path in paths], "created_at": time.time()}
    meta_path = directory / (META_NAME if name == "image" else f"{name}-{META_NAME}")
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    logger.info("job %s: %d %s file(s) written to %s", job_id, len(paths), name, directory)
    return str(directory), paths


def _extension(blob: bytes) -> str:
    try:
        with Image.open(io.BytesIO(blob)) as image:
            image_format = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ProviderError(
            f"the image service returned data that is not an image ({error})", transient=True
        ) from None
    return EXTENSIONS.get(image_format, "png")


def image_result(
    job: Job,
    request: ImageRequest,
    locale: str,
    images: ImageSet,
    usage: TokenUsage,
    *,
    summary: str | None = None,
) -> KindResult:
    """Return the stored result: Markdown, the image paths for the adapters, and the metadata."""
    notes = [t("kinds.offline.image", job.locale)] if images.provider == "offline" else []
    options = {
        "style": request.style,
        "size": request.size,
        "quality": request.quality,
        "provider": images.provider,
        "model": images.model,
    }
    markdown = render_image(
        request.prompt, images.final_prompt, options, images.paths, job.locale, notes=notes
    )
    title = image_title(request.prompt, job.locale)
    output = {
        "markdown": markdown,
        "title": title,
        "images": images.paths,
        "image_dir": images.directory,
        "prompt": request.prompt,
        "final_prompt": images.final_prompt,
        "count": len(images.paths),
        "summary": summary,
        "language": locale,
        **usage.output_fields(),
        **options,
        "text_model": usage.model or None,
        "offline": images.provider == "offline" or usage.offline,
    }
    data = {
        "request": request.model_dump(mode="json"),
        "language": locale,
        "final_prompt": images.final_prompt,
        "images": images.paths,
        "provider": images.provider,
        "model": images.model,
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
        files=list(images.paths),
    )
