"""The Markdown of an image result: what was asked, the prompt sent, and the files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from core.i18n import t

TITLE_PROMPT_MAX_CHARS = 60


def image_title(prompt: str, locale: str) -> str:
    """Return the result title, such as ``Image: a lighthouse at dawn``."""
    short = " ".join(prompt.split())
    if len(short) > TITLE_PROMPT_MAX_CHARS:
        short = short[: TITLE_PROMPT_MAX_CHARS - 1] + "…"
    return t("kinds.image.title", locale, prompt=short)


def render_image(
    prompt: str,
    final_prompt: str,
    options: dict[str, object],
    paths: Sequence[str],
    locale: str,
    *,
    notes: Sequence[str] = (),
) -> str:
    """Return the Markdown shown with the image files.

    ``options`` contains style, size, quality and the provider and model that
    made the images. Files are listed by name; adapters send the files.
    """
    lines = [f"> {note}" for note in notes]
    if lines:
        lines.append("")
    lines += [f"# {image_title(prompt, locale)}", ""]
    lines.append(
        t(
            "kinds.image.options",
            locale,
            style=t(f"images.style.{options['style']}", locale),
            size=options["size"],
            quality=options["quality"],
            count=len(paths),
            provider=options["provider"],
            model=options["model"],
        )
    )
    colon = "：" if locale == "zh-CN" else ":"
    lines += [
        "",
        f"**{t('kinds.image.final_prompt', locale)}{colon}**",
        "",
        f"> {final_prompt}",
        "",
    ]
    lines.append(t("kinds.image.files", locale, files=", ".join(Path(path).name for path in paths)))
    return "\n".join(lines).rstrip() + "\n"
