"""Video script data: durations, the script model, and fitting shots to a target length.

A script is scenes, each with voice-over, on-screen text and shots. The model
proposes durations; :func:`fit_to_duration` rescales them so the shots of
each scene fill that scene and the scenes add up exactly to the requested
duration.
"""

from __future__ import annotations

import math
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Script durations Copydesk accepts: 5 seconds (a bumper ad) to 10 minutes.
MIN_DURATION_S = 5
MAX_DURATION_S = 600

MAX_SCENES = 20
MAX_SHOTS_PER_SCENE = 12
FIELD_MAX_CHARS = 1000

# Durations are whole seconds when every shot can get one; shorter scripts
# with many shots use tenths of a second.
TENTHS_PER_SECOND = 10

_DURATION_PART = re.compile(
    r"(\d+(?:\.\d+)?)\s*(hours?|hr|h|小时|minutes?|mins?|m|分钟?|seconds?|secs?|s|秒)?",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"h": 3600, "小": 3600, "m": 60, "分": 60, "s": 1, "秒": 1}


def parse_duration(text: str) -> int:
    """Return the whole seconds in ``text``.

    Accepts ``30s``, ``60``, ``3m``, ``1m30s``, ``1:30``, ``90秒`` and
    ``3分钟``; a bare number is seconds. Raises ``ValueError`` for anything
    else.
    """
    value = text.strip().lower().replace(" ", "")
    if not value:
        raise ValueError("empty duration")

    if re.fullmatch(r"\d{1,2}:\d{2}", value):
        minutes, seconds = value.split(":")
        return int(minutes) * 60 + int(seconds)

    total = 0.0
    position = 0
    for match in _DURATION_PART.finditer(value):
        if match.start() != position:
            raise ValueError(f"invalid duration {text!r}")
        unit = (match.group(2) or "s")[0]
        total += float(match.group(1)) * _UNIT_SECONDS[unit]
        position = match.end()
    if position != len(value):
        raise ValueError(f"invalid duration {text!r}")
    return round(total)


def format_duration(seconds: float) -> str:
    """Return ``seconds`` as ``45s``, ``3m`` or ``1m30s``."""
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    if minutes and rest:
        return f"{minutes}m{rest}s"
    return f"{minutes}m" if minutes else f"{rest}s"


def format_timecode(seconds: float) -> str:
    """Return ``mm:ss`` for whole seconds, ``mm:ss.s`` otherwise."""
    tenths = round(seconds * TENTHS_PER_SECOND)
    minutes, rest = divmod(tenths, 60 * TENTHS_PER_SECOND)
    whole, fraction = divmod(rest, TENTHS_PER_SECOND)
    if fraction:
        return f"{minutes:02d}:{whole:02d}.{fraction}"
    return f"{minutes:02d}:{whole:02d}"


def _text(value: object) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())[:FIELD_MAX_CHARS]


class Shot(BaseModel):
    """One shot of the shot list (分镜头): framing, camera movement, picture, sound, length."""

    model_config = ConfigDict(extra="ignore")

    shot_size: str = ""
    camera_movement: str = ""
    visual: str = ""
    audio: str = ""
    duration_s: float = Field(default=0, ge=0)

    @field_validator("shot_size", "camera_movement", "visual", "audio", mode="before")
    @classmethod
    def _clean(cls, value: object) -> str:
        return _text(value)


class Scene(BaseModel):
    """One scene: its voice-over, on-screen text and shots."""

    model_config = ConfigDict(extra="ignore")

    heading: str = ""
    voiceover: str = ""
    on_screen_text: str = ""
    duration_s: float = Field(default=0, ge=0)
    shots: list[Shot] = Field(default_factory=list, max_length=MAX_SHOTS_PER_SCENE)

    @field_validator("heading", "voiceover", "on_screen_text", mode="before")
    @classmethod
    def _clean(cls, value: object) -> str:
        return _text(value)


class Script(BaseModel):
    """A whole video script as the model returns it and as a version stores it."""

    model_config = ConfigDict(extra="ignore")

    title: str = Field(min_length=1)
    hook: str = ""
    scenes: list[Scene] = Field(min_length=1, max_length=MAX_SCENES)
    cta: str = ""
    change_summary: str | None = None

    @field_validator("title", "hook", "cta", mode="before")
    @classmethod
    def _clean(cls, value: object) -> str:
        return _text(value)

    @property
    def duration_s(self) -> float:
        return round(sum(scene.duration_s for scene in self.scenes), 1)

    def shots(self) -> list[tuple[int, Scene, Shot]]:
        """Return every shot with its scene number (from 1), in order."""
        return [
            (number, scene, shot)
            for number, scene in enumerate(self.scenes, start=1)
            for shot in scene.shots
        ]


def fit_to_duration(script: Script, target_s: int) -> Script:
    """Return a copy whose shot durations fill their scenes and sum exactly to ``target_s``.

    A scene without shots gets one shot built from its text. Durations keep
    the proportions the model gave (equal shares where it gave none) and
    each shot keeps at least one unit: a second, or a tenth of a second when
    there are more shots than seconds. Raises ``ValueError`` when there are
    more shots than tenths of a second in ``target_s``.
    """
    scenes = [_with_a_shot(scene) for scene in script.scenes]
    shot_count = sum(len(scene.shots) for scene in scenes)
    unit_per_second = 1 if shot_count <= target_s else TENTHS_PER_SECOND
    total_units = target_s * unit_per_second
    if shot_count > total_units:
        raise ValueError(f"{shot_count} shots do not fit in {target_s}s")

    scene_weights = [_scene_weight(scene) for scene in scenes]
    scene_units = allocate(scene_weights, total_units, [len(scene.shots) for scene in scenes])

    fitted: list[Scene] = []
    for scene, units in zip(scenes, scene_units, strict=True):
        shot_units = allocate(
            [shot.duration_s for shot in scene.shots], units, [1] * len(scene.shots)
        )
        shots = [
            shot.model_copy(update={"duration_s": count / unit_per_second})
            for shot, count in zip(scene.shots, shot_units, strict=True)
        ]
        fitted.append(
            scene.model_copy(update={"shots": shots, "duration_s": units / unit_per_second})
        )
    return script.model_copy(update={"scenes": fitted})


def _with_a_shot(scene: Scene) -> Scene:
    if scene.shots:
        return scene
    shot = Shot(
        visual=scene.on_screen_text or scene.heading,
        audio=scene.voiceover,
        duration_s=scene.duration_s,
    )
    return scene.model_copy(update={"shots": [shot]})


def _scene_weight(scene: Scene) -> float:
    from_shots = sum(shot.duration_s for shot in scene.shots)
    return scene.duration_s or from_shots


def allocate(weights: list[float], total: int, minimums: list[int]) -> list[int]:
    """Split ``total`` units in proportion to ``weights``, each part at least its minimum.

    Zero or negative weights count as equal shares. Weights that already
    sum to ``total`` in whole units come back unchanged. The parts sum
    exactly to ``total``: rounding gaps go to the parts whose exact share was
    cut most, and parts raised to their minimum are paid for by the parts
    furthest above their exact share. Raises ``ValueError`` when the
    minimums exceed ``total``.
    """
    if sum(minimums) > total:
        raise ValueError(f"minimums {sum(minimums)} exceed total {total}")
    if not weights:
        return []

    shares = [weight if weight > 0 else 0.0 for weight in weights]
    if sum(shares) == 0:
        shares = [1.0] * len(weights)
    exact = [total * share / sum(shares) for share in shares]
    parts = [
        max(minimum, math.floor(value)) for value, minimum in zip(exact, minimums, strict=True)
    ]

    indexes = range(len(parts))
    while sum(parts) < total:
        index = max(indexes, key=lambda i: exact[i] - parts[i])
        parts[index] += 1
    while sum(parts) > total:
        index = max(
            (i for i in indexes if parts[i] > minimums[i]), key=lambda i: parts[i] - exact[i]
        )
        parts[index] -= 1
    return parts


def timeline(script: Script) -> list[tuple[float, float]]:
    """Return each shot's (start, end) in seconds, in shot order."""
    spans: list[tuple[float, float]] = []
    start = 0.0
    for _, _, shot in script.shots():
        end = round(start + shot.duration_s, 1)
        spans.append((start, end))
        start = end
    return spans


def scene_spans(script: Script) -> list[tuple[float, float]]:
    """Return each scene's (start, end) in seconds."""
    spans: list[tuple[float, float]] = []
    start = 0.0
    for scene in script.scenes:
        end = round(start + scene.duration_s, 1)
        spans.append((start, end))
        start = end
    return spans
