"""Renderings of a video script: chat Markdown, a console table, and CSV rows.

Chat platforms get the shot list as one short paragraph per shot, because a
seven-column table wraps badly on a phone. The console gets the same
Markdown with the shot list as a GFM table whose columns line up in a
monospace terminal, Chinese included.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.formatting.table import display_width
from core.i18n import t
from core.platforms import VIDEO_PLATFORMS
from core.shotlist import Script, format_duration, format_timecode, scene_spans, timeline

CSV_COLUMNS = (
    "shot",
    "scene",
    "start",
    "end",
    "duration_s",
    "shot_size",
    "camera_movement",
    "visual",
    "audio",
    "scene_heading",
    "voiceover",
    "on_screen_text",
)
TABLE_COLUMNS = ("shot", "time", "duration_s", "shot_size", "camera_movement", "visual", "audio")


def render_script(
    script: Script,
    platform: str,
    locale: str,
    *,
    notes: Sequence[str] = (),
    table: bool = False,
) -> str:
    """Return the script as Markdown: header, hook, scenes with timecodes, shot list, CTA.

    ``table`` renders the shot list as an aligned GFM table (the console
    form); otherwise each shot is a short paragraph (the chat form).
    ``notes`` are shown first as a quote.
    """
    lines = [f"> {note}" for note in notes]
    if lines:
        lines.append("")
    lines += [f"# {script.title}", "", _summary_line(script, platform, locale), ""]
    if script.hook:
        lines += [
            f"**{t('kinds.script.hook', locale)}{_colon(locale).rstrip()}** {script.hook}",
            "",
        ]

    for number, (scene, (start, end)) in enumerate(
        zip(script.scenes, scene_spans(script), strict=True), 1
    ):
        span = f"{format_timecode(start)}–{format_timecode(end)}"
        lines += [
            f"## {t('kinds.script.scene', locale, number=number)} · {span} · {scene.heading}",
            "",
        ]
        if scene.voiceover:
            lines.append(
                f"- {t('kinds.script.voiceover', locale)}{_colon(locale)}{scene.voiceover}"
            )
        if scene.on_screen_text:
            lines.append(
                f"- {t('kinds.script.on_screen', locale)}{_colon(locale)}{scene.on_screen_text}"
            )
        lines.append("")

    lines += [f"## {t('kinds.script.shot_list', locale)}", ""]
    lines += _shot_table(script, locale) if table else _shot_paragraphs(script, locale)
    if script.cta:
        lines += ["", f"**{t('kinds.script.cta', locale)}{_colon(locale).rstrip()}** {script.cta}"]
    return "\n".join(lines).rstrip() + "\n"


def _colon(locale: str) -> str:
    # Chinese text takes the full-width colon, which carries its own spacing.
    return "：" if locale == "zh-CN" else ": "


def _summary_line(script: Script, platform: str, locale: str) -> str:
    video = VIDEO_PLATFORMS[platform]
    return t(
        "kinds.script.summary",
        locale,
        duration=format_duration(script.duration_s),
        platform=t(f"kinds.platform.{platform}", locale),
        aspect=video.aspect_ratio,
        scenes=len(script.scenes),
        shots=len(script.shots()),
    )


def _shot_paragraphs(script: Script, locale: str) -> list[str]:
    lines: list[str] = []
    for number, ((_, _, shot), (start, end)) in enumerate(
        zip(script.shots(), timeline(script), strict=True), 1
    ):
        head = [
            f"**{number}**",
            f"{format_timecode(start)}–{format_timecode(end)}",
            format_duration(shot.duration_s) if shot.duration_s >= 1 else f"{shot.duration_s:g}s",
        ]
        head += [part for part in (shot.shot_size, shot.camera_movement) if part]
        lines.append(" · ".join(head))
        if shot.visual:
            lines.append(f"{t('kinds.script.visual', locale)}{_colon(locale)}{shot.visual}")
        if shot.audio:
            lines.append(f"{t('kinds.script.audio', locale)}{_colon(locale)}{shot.audio}")
        lines.append("")
    return lines


def _shot_table(script: Script, locale: str) -> list[str]:
    header = [t(f"kinds.script.column.{column}", locale) for column in TABLE_COLUMNS]
    rows = []
    for number, ((_, _, shot), (start, end)) in enumerate(
        zip(script.shots(), timeline(script), strict=True), 1
    ):
        rows.append(
            [
                str(number),
                f"{format_timecode(start)}–{format_timecode(end)}",
                f"{shot.duration_s:g}",
                shot.shot_size,
                shot.camera_movement,
                shot.visual,
                shot.audio,
            ]
        )
    return gfm_table(header, rows)


def gfm_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Return a GFM pipe table whose columns line up in a monospace font.

    Widths count Chinese characters as two columns. A ``|`` inside a cell is
    escaped as ``\\|``.
    """
    cells = [[cell.replace("|", "\\|") for cell in row] for row in [header, *rows]]
    widths = [max(3, *(display_width(row[index]) for row in cells)) for index in range(len(header))]

    def line(row: list[str]) -> str:
        padded = [
            cell + " " * (width - display_width(cell))
            for cell, width in zip(row, widths, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return [line(cells[0]), rule, *(line(row) for row in cells[1:])]


def csv_rows(script: Script, locale: str) -> list[list[str]]:
    """Return the shot list as CSV rows, a header row first (in ``locale``).

    The scene's heading, voice-over and on-screen text are on the first
    shot of each scene, so a spreadsheet shows each only once.
    """
    rows = [[t(f"kinds.script.column.{column}", locale) for column in CSV_COLUMNS]]
    previous_scene = 0
    for number, ((scene_number, scene, shot), (start, end)) in enumerate(
        zip(script.shots(), timeline(script), strict=True), 1
    ):
        first = scene_number != previous_scene
        previous_scene = scene_number
        rows.append(
            [
                str(number),
                str(scene_number),
                format_timecode(start),
                format_timecode(end),
                f"{shot.duration_s:g}",
                shot.shot_size,
                shot.camera_movement,
                shot.visual,
                shot.audio,
                scene.heading if first else "",
                scene.voiceover if first else "",
                scene.on_screen_text if first else "",
            ]
        )
    return rows
