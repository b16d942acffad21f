"""The video script prompts (write, repair, revise) and the parser of their JSON replies."""

from __future__ import annotations

import json

from pydantic import ValidationError

from core.i18n import t
from core.platforms import VIDEO_PLATFORMS
from core.providers.base import Prompt
from core.requests.script import ScriptRequest
from core.shotlist import Script

# How much of a bad reply the repair prompt quotes back to the model.
REPAIR_QUOTE_MAX_CHARS = 6000

SHOT_SIZES = {
    "en": "extreme wide, wide, full, medium, close-up, extreme close-up",
    "zh-CN": "远景、全景、中景、近景、特写、大特写",
}
CAMERA_MOVES = {
    "en": "static, push in, pull out, pan, tilt, tracking, handheld, crane",
    "zh-CN": "固定、推、拉、摇、移、跟、手持、升降",
}
TONE_WORDS = {
    "en": {
        "professional": "professional",
        "casual": "casual",
        "friendly": "warm and friendly",
        "formal": "formal",
    },
    "zh-CN": {
        "professional": "专业",
        "casual": "轻松口语化",
        "friendly": "亲切友好",
        "formal": "正式",
    },
}

JSON_SHAPE = (
    '{"title": "...", "hook": "...", "scenes": [{"heading": "...", "duration_s": 10,'
    ' "voiceover": "...", "on_screen_text": "...", "shots": [{"shot_size": "...",'
    ' "camera_movement": "...", "visual": "...", "audio": "...", "duration_s": 4}]}], "cta": "..."}'
)

SYSTEM = {
    "en": (
        "You are a video scriptwriter and director for a marketing team. You write scripts with a"
        " shot list that a crew can shoot from. Never invent statistics or quotes; write a"
        " placeholder like [figure: source needed]. Reply with one JSON object only."
    ),
    "zh-CN": (
        "你是市场团队的视频编剧兼导演，写出拍摄团队可以直接照着拍的脚本和分镜头脚本。不要编造数据或引语，"
        "需要时写成占位符，例如 [数据：需补充来源]。只输出一个 JSON 对象。"
    ),
}


def lang_of(locale: str) -> str:
    """Return the prompt language for a content locale: zh-CN or en."""
    return "zh-CN" if locale == "zh-CN" else "en"


def scene_range(duration_s: int) -> tuple[int, int]:
    """Return the suggested number of scenes for a duration."""
    if duration_s <= 30:
        return 2, 4
    if duration_s <= 90:
        return 3, 6
    return 5, 12


def _format_lines(request: ScriptRequest, lang: str) -> list[str]:
    video = VIDEO_PLATFORMS[request.platform]
    low, high = scene_range(request.duration)
    platform = t(f"kinds.platform.{request.platform}", lang)
    if lang == "zh-CN":
        return [
            f"平台：{platform}，画幅 {video.aspect_ratio}；"
            f"开场钩子要在前 {video.hook_s} 秒内抓住观众。",
            f"总时长 {request.duration} 秒：所有场景的 duration_s 相加必须等于 {request.duration}；"
            f"写 {low} 到 {high} 个场景，每个场景 1 到 4 个镜头，镜头时长相加等于场景时长。",
            f"景别（shot_size）从这些里选：{SHOT_SIZES[lang]}。",
            f"运镜（camera_movement）从这些里选：{CAMERA_MOVES[lang]}。",
            "visual 写画面内容，audio 写声音（口播、音乐、音效），voiceover 写这个场景的完整口播，"
            "on_screen_text 写屏幕上的字幕或花字。",
            "只输出一个 JSON 对象，不要代码块，不要其他文字，结构如下：",
            JSON_SHAPE,
        ]
    return [
        f"Platform: {platform}, aspect ratio {video.aspect_ratio}; the hook must land in the first"
        f" {video.hook_s} seconds.",
        f"Total length {request.duration} seconds: the scenes' duration_s must add up to"
        f" {request.duration}. Write {low} to {high} scenes with 1 to 4 shots each; a scene's shot"
        " durations add up to the scene's duration.",
        f"shot_size is one of: {SHOT_SIZES[lang]}.",
        f"camera_movement is one of: {CAMERA_MOVES[lang]}.",
        "visual is what the picture shows, audio what is heard (voice, music, sound effects),"
        " voiceover the scene's full narration, on_screen_text the captions or titles on screen.",
        "Reply with one JSON object only, no code fence and no other text, shaped like:",
        JSON_SHAPE,
    ]


def build_script_prompt(
    request: ScriptRequest, locale: str, max_tokens: int, instructions: str | None = None
) -> Prompt:
    """Build the prompt that writes the script as JSON."""
    lang = lang_of(locale)
    if lang == "zh-CN":
        lines = [
            f"为这个主题写一条视频脚本：{request.topic}",
            f"语气：{TONE_WORDS[lang][request.tone]}。",
        ]
    else:
        lines = [
            f"Write a video script about: {request.topic}",
            f"Tone: {TONE_WORDS[lang][request.tone]}.",
        ]
    if instructions:
        lines.append(instructions)
    lines += _format_lines(request, lang)
    return Prompt(
        kind="script",
        system=SYSTEM[lang],
        user="\n".join(lines),
        locale=lang,
        request=request,
        max_tokens=max_tokens,
    )


def build_repair_prompt(
    request: ScriptRequest, locale: str, max_tokens: int, reply: str, problem: str
) -> Prompt:
    """Build the prompt that requests valid JSON again after a reply that failed to parse."""
    lang = lang_of(locale)
    quoted = reply[:REPAIR_QUOTE_MAX_CHARS]
    if lang == "zh-CN":
        lines = [f"上一次的回复不是有效的脚本 JSON（{problem}）。请按要求重新输出完整的 JSON。"]
    else:
        lines = [
            f"The previous reply is not a valid script JSON ({problem})."
            " Return the full JSON again."
        ]
    lines += _format_lines(request, lang) + ["", quoted]
    return Prompt(
        kind="script_repair",
        system=SYSTEM[lang],
        user="\n".join(lines),
        locale=lang,
        request=request,
        max_tokens=max_tokens,
    )


def build_script_revision_prompt(
    script: Script, request: ScriptRequest, instruction: str, locale: str, max_tokens: int
) -> Prompt:
    """Build the prompt that revises the script JSON by ``instruction``, with a change summary."""
    lang = lang_of(locale)
    current = script_json(script)
    if lang == "zh-CN":
        lines = [
            f"修改要求：{instruction}",
            "按要求修改下面的脚本，要求之外的内容保持不变。",
            "在 JSON 里加一个 change_summary 字段，用一句话说明改了什么。",
        ]
    else:
        lines = [
            f"Instruction: {instruction}",
            "Apply it to the script below and change nothing it does not call for.",
            "Add a change_summary field to the JSON with one sentence that says what changed.",
        ]
    lines += _format_lines(request, lang) + ["", current]
    return Prompt(
        kind="script_revision",
        system=SYSTEM[lang],
        user="\n".join(lines),
        locale=lang,
        request={"script": script, "instruction": instruction, "duration": request.duration},
        max_tokens=max_tokens,
    )


def script_json(script: Script) -> str:
    """Return the script as the JSON the prompts show (without a change summary)."""
    return json.dumps(script.model_dump(exclude={"change_summary"}), ensure_ascii=False, indent=1)


def parse_script(text: str) -> Script:
    """Return the script in a model reply.

    Reads the JSON object between the first ``{`` and the last ``}``, so a
    code fence or a sentence around it does no harm. Raises ``ValueError``
    with a short reason when there is no object or it does not validate.
    """
    start, end = text.find("{"), text.rfind("}")
    if start == -1:
        raise ValueError("no JSON object found")
    if end <= start:
        raise ValueError("the JSON object is incomplete (the reply may have been cut off)")
    try:
        data = json.loads(text[start : end + 1])
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON: {error.msg} at line {error.lineno}") from None

    try:
        return Script.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise ValueError(f"{where}: {first['msg']}") from None
