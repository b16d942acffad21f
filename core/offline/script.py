"""The offline video script: a timed structure and shot list with placeholders to fill.

Without a model the scenes follow a fixed explainer structure (hook,
problem, idea, points, example, call to action) sized to the duration, and
every line the crew must write is a bracketed placeholder.
"""

from __future__ import annotations

import json

from core.i18n import t
from core.offline import register_writer
from core.platforms import VIDEO_PLATFORMS
from core.prompts.script import lang_of, script_json
from core.providers.base import Prompt
from core.requests.script import ScriptRequest
from core.shotlist import Scene, Script, Shot

SHOT_SIZES = {
    "en": ("close-up", "medium", "wide", "full"),
    "zh-CN": ("近景", "中景", "远景", "全景"),
}
CAMERA_MOVES = {
    "en": ("push in", "static", "pan", "tracking"),
    "zh-CN": ("推", "固定", "摇", "跟"),
}

# Scenes that get two shots; the hook and the call to action get one.
TWO_SHOT_PARTS = frozenset({"problem", "idea", "point", "example"})
MAX_POINTS = 6
CTA_SHARE = 0.1
MIN_CTA_S = 3


@register_writer("script")
def write_script(prompt: Prompt) -> str:
    """Return the scaffold script as JSON."""
    request: ScriptRequest = prompt.request
    return script_json(scaffold(request, lang_of(prompt.locale))) + "\n"


@register_writer("script_repair")
def write_repaired_script(prompt: Prompt) -> str:
    """Return the scaffold again; the offline scaffold is always valid JSON."""
    return write_script(prompt)


@register_writer("script_revision")
def write_script_revision(prompt: Prompt) -> str:
    """Return the script unchanged with a change summary that records the instruction."""
    lang = lang_of(prompt.locale)
    script: Script = prompt.request["script"]
    summary = t("offline.revision.summary", lang, instruction=prompt.request["instruction"][:80])
    data = script.model_dump() | {"change_summary": summary}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def parts_for(duration_s: int) -> list[str]:
    """Return the scene parts of a script of ``duration_s`` seconds."""
    if duration_s <= 15:
        return ["hook", "cta"]
    if duration_s <= 45:
        return ["hook", "idea", "cta"]
    if duration_s <= 120:
        return ["hook", "problem", "idea", "example", "cta"]
    points = min(MAX_POINTS, duration_s // 60)
    return ["hook", "problem", "idea", *(["point"] * points), "example", "cta"]


def scaffold(request: ScriptRequest, lang: str) -> Script:
    """Return the placeholder script; durations are proposals that the pipeline fits exactly."""
    parts = parts_for(request.duration)
    hook_s = VIDEO_PLATFORMS[request.platform].hook_s
    cta_s = max(MIN_CTA_S, round(request.duration * CTA_SHARE))
    middle_s = max(1.0, (request.duration - hook_s - cta_s) / max(1, len(parts) - 2))

    scenes: list[Scene] = []
    shot_index = 0
    point = 0
    for part in parts:
        point += part == "point"
        heading = t(f"kinds.offline.script.{part}", lang, topic=request.topic, number=point)
        duration = middle_s
        if part == "hook":
            duration = hook_s
        elif part == "cta":
            duration = cta_s
        shot_count = 2 if part in TWO_SHOT_PARTS else 1
        shots = []
        for number in range(shot_count):
            shots.append(
                Shot(
                    shot_size=SHOT_SIZES[lang][shot_index % len(SHOT_SIZES[lang])],
                    camera_movement=CAMERA_MOVES[lang][shot_index % len(CAMERA_MOVES[lang])],
                    visual=t("kinds.offline.script.visual", lang, heading=heading),
                    audio=t(
                        "kinds.offline.script.audio_voice"
                        if number == 0
                        else "kinds.offline.script.audio_music",
                        lang,
                    ),
                    duration_s=duration / shot_count,
                )
            )
            shot_index += 1
        scenes.append(
            Scene(
                heading=heading,
                voiceover=t("kinds.offline.script.voiceover", lang, heading=heading),
                on_screen_text=t("kinds.offline.script.screen", lang, heading=heading),
                duration_s=duration,
                shots=shots,
            )
        )

    return Script(
        title=t("kinds.offline.script.title", lang, topic=request.topic),
        hook=t("kinds.offline.script.hook_line", lang, topic=request.topic),
        scenes=scenes,
        cta=t("kinds.offline.script.cta_line", lang),
    )
