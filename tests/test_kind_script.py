"""Video scripts: durations, grammar, timing, offline output, CSV and the openai JSON path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from core.config import Settings
from core.errors import UsageError
from core.grammar import parse
from core.prompts.script import parse_script
from core.requests.script import ScriptRequest
from core.shotlist import (
    Scene,
    Script,
    Shot,
    allocate,
    fit_to_duration,
    format_timecode,
    parse_duration,
)
from tests.fakes import Reply
from tests.fakes.openai_server import OpenAIFake
from tests.kinds_helpers import (
    API_KEY,
    chat_requests,
    desk_run,
    openai_sections,
    read_csv,
    user_message,
)
from tests.test_cli import run_cli


def tenths(value: float) -> int:
    return round(value * 10)


def shot_tenths(script: dict) -> int:
    return sum(tenths(shot["duration_s"]) for scene in script["scenes"] for shot in scene["shots"])


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("60", 60),
        ("3m", 180),
        ("1m30s", 90),
        ("1:30", 90),
        ("90秒", 90),
        ("3分钟", 180),
        ("2 min", 120),
        ("10m", 600),
        ("1.5m", 90),
    ],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "30x", "s30", "1m-30s", "--"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


GOOD = [
    ("/script 太阳能板的工作原理", {"duration": 60, "platform": "general", "tone": "friendly"}),
    (
        "/script how solar works --duration 30s --platform youtube",
        {"duration": 30, "platform": "youtube"},
    ),
    (
        "/script x --duration 3m --platform bilibili --tone formal",
        {"duration": 180, "tone": "formal"},
    ),
    ("/script x --duration=5s", {"duration": 5}),
    ("/script x --duration 10m --lang en", {"duration": 600, "lang": "en"}),
]

BAD = [
    ("/script", "usage.missing_positional"),
    ("/script x --duration abc", "kinds.script.bad_duration"),
    ("/script x --duration 4s", "kinds.script.duration_range"),
    ("/script x --duration 11m", "kinds.script.duration_range"),
    ("/script x --duration", "usage.missing_value"),
    ("/script x --platform tiktok", "usage.bad_choice"),
    ("/script x --count 2", "usage.unknown_flag"),
]


@pytest.mark.parametrize(("text", "expected"), GOOD)
def test_grammar_good(text: str, expected: dict) -> None:
    request = parse(text).request
    assert isinstance(request, ScriptRequest)
    for field, value in expected.items():
        assert getattr(request, field) == value, field


@pytest.mark.parametrize(("text", "key"), BAD)
def test_grammar_bad(text: str, key: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse(text)
    assert caught.value.message_key == key


# --- Timing -----------------------------------------------------------------------------


def test_allocate_keeps_exact_split() -> None:
    assert allocate([3, 10, 10, 7], 30, [1, 1, 1, 1]) == [3, 10, 10, 7]


def test_allocate_scales_and_sums() -> None:
    parts = allocate([10, 10, 30], 60, [1, 1, 1])
    assert sum(parts) == 60
    assert parts == [12, 12, 36]


def test_allocate_respects_minimums() -> None:
    parts = allocate([100, 1], 5, [2, 2])
    assert sum(parts) == 5
    assert min(parts) >= 2


def test_allocate_rejects_impossible() -> None:
    with pytest.raises(ValueError):
        allocate([1, 1], 1, [1, 1])


def test_fit_rescales_to_target() -> None:
    script = Script(
        title="t",
        scenes=[
            Scene(heading="a", duration_s=10, shots=[Shot(duration_s=4), Shot(duration_s=6)]),
            Scene(heading="b", duration_s=15, shots=[Shot(duration_s=15)]),
        ],
    )
    fitted = fit_to_duration(script, 50)
    assert fitted.duration_s == 50
    assert [shot.duration_s for _, _, shot in fitted.shots()] == [8, 12, 30]


def test_fit_gives_shotless_scene_a_shot() -> None:
    script = Script(title="t", scenes=[Scene(heading="only", voiceover="hello", duration_s=5)])
    fitted = fit_to_duration(script, 20)
    assert len(fitted.scenes[0].shots) == 1
    assert fitted.scenes[0].shots[0].audio == "hello"
    assert fitted.scenes[0].shots[0].duration_s == 20


def test_fit_uses_tenths_when_shots_outnumber_seconds() -> None:
    shots = [Shot(duration_s=1) for _ in range(8)]
    fitted = fit_to_duration(Script(title="t", scenes=[Scene(heading="a", shots=shots)]), 5)
    durations = [shot.duration_s for _, _, shot in fitted.shots()]
    assert sum(tenths(value) for value in durations) == 50
    assert min(durations) > 0


def test_timecode_format() -> None:
    assert format_timecode(0) == "00:00"
    assert format_timecode(75) == "01:15"
    assert format_timecode(2.5) == "00:02.5"


def test_parse_script_reads_fenced_json() -> None:
    script = parse_script(
        'Sure!\n```json\n{"title": "T", "scenes": [{"heading": "a", "duration_s": 5}]}\n```'
    )
    assert script.title == "T"
    assert script.scenes[0].heading == "a"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no json here", "no JSON"),
        ('{"title": "T", "scenes": [}', "invalid JSON"),
        ('{"title": "T", "scenes": [', "incomplete"),
        ('{"title": "T", "scenes": []}', "scenes"),
        ('{"scenes": [{"heading": "a"}]}', "title"),
    ],
)
def test_parse_script_rejects(text: str, problem: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_script(text)
    assert problem in str(caught.value)


# --- Offline -------------------------------------------------------------------------------


@pytest.mark.parametrize("duration", ["5s", "30s", "60s", "3m", "10m"])
async def test_offline_durations_sum_to_target(
    duration: str, make_settings: Callable[..., Settings]
) -> None:
    target = parse_duration(duration)
    async with desk_run(make_settings()) as run:
        job = await run.run(f"/script 太阳能板的工作原理 --duration {duration} --platform douyin")
        version = await run.version(job)

    script = version.data["script"]
    assert job.status == "completed", job.error
    assert shot_tenths(script) == target * 10
    assert sum(tenths(scene["duration_s"]) for scene in script["scenes"]) == target * 10
    for scene in script["scenes"]:
        assert sum(tenths(shot["duration_s"]) for shot in scene["shots"]) == tenths(
            scene["duration_s"]
        )


async def test_offline_script_structure(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    async with desk_run(make_settings()) as run:
        job = await run.run("/script How solar panels work --duration 60s --platform youtube")

    output = job.output
    assert output["offline"] is True
    assert output["duration_s"] == 60
    assert output["markdown"].startswith("> OFFLINE DRAFT")
    assert "## Scene 1 · 00:00–" in output["markdown"]
    assert "## Shot list" in output["markdown"]
    assert "| Shot " in output["console_markdown"]
    assert "| Shot " not in output["markdown"]
    assert "16:9" in output["markdown"]


async def test_offline_csv_saved(make_settings: Callable[..., Settings], tmp_path: Path) -> None:
    async with desk_run(make_settings()) as run:
        job = await run.run("/script 太阳能板的工作原理 --duration 45s")

    path = Path(job.output["csv"])
    assert job.output["files"] == [str(path)]
    assert path.is_absolute()
    assert path.is_relative_to(tmp_path / "data")
    head, rows = read_csv(str(path))
    assert head == b"\xef\xbb\xbf"
    assert rows[0][:2] == ["镜号", "场景"]
    assert len(rows) - 1 == job.output["shot_count"]
    assert sum(tenths(float(row[4])) for row in rows[1:]) == 450
    assert rows[-1][3] == "00:45"


# --- OpenAI-compatible provider ------------------------------------------------------------

MODEL_SCRIPT = {
    "title": "太阳能板",
    "hook": "你知道屋顶也能发电吗？",
    "scenes": [
        {
            "heading": "开场",
            "duration_s": 5,
            "voiceover": "你知道吗",
            "on_screen_text": "屋顶发电",
            "shots": [
                {
                    "shot_size": "特写",
                    "camera_movement": "推",
                    "visual": "阳光",
                    "audio": "口播",
                    "duration_s": 5,
                }
            ],
        },
        {
            "heading": "原理",
            "duration_s": 20,
            "voiceover": "光子打在硅片上",
            "shots": [
                {
                    "shot_size": "中景",
                    "camera_movement": "固定",
                    "visual": "板子",
                    "audio": "音乐",
                    "duration_s": 12,
                },
                {
                    "shot_size": "近景",
                    "camera_movement": "摇",
                    "visual": "电流",
                    "audio": "音乐",
                    "duration_s": 8,
                },
            ],
        },
        {"heading": "行动", "duration_s": 5, "voiceover": "关注我们", "shots": []},
    ],
    "cta": "关注了解更多",
}


async def test_openai_json_rescaled(make_settings: Callable[..., Settings]) -> None:
    reply = "```json\n" + json.dumps(MODEL_SCRIPT, ensure_ascii=False) + "\n```"
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script([Reply(reply, prompt_tokens=300, completion_tokens=200)])
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            job = await run.run("/script 太阳能板的工作原理 --duration 60s --platform douyin")
            version = await run.version(job)

        requests = chat_requests(fake)

    script = version.data["script"]
    assert job.status == "completed", job.error
    assert len(requests) == 1
    assert requests[0].json["stream"] is True
    assert "60" in user_message(requests[0])
    assert shot_tenths(script) == 600
    assert [scene["duration_s"] for scene in script["scenes"]] == [10, 40, 10]
    assert script["scenes"][2]["shots"][0]["audio"] == "关注我们"
    assert job.output["shot_count"] == 4
    assert job.tokens_prompt == 300
    assert job.tokens_completion == 200


async def test_openai_invalid_json_repaired(make_settings: Callable[..., Settings]) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script([Reply('{"title": "broken", "scenes": [}'), Reply(json.dumps(MODEL_SCRIPT))])
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            job = await run.run("/script x --duration 30s")

        requests = chat_requests(fake)

    assert job.status == "completed", job.error
    assert len(requests) == 2
    assert "invalid JSON" in user_message(requests[1])
    assert shot_tenths(job.output["script"]) == 300
    assert job.output["model_calls"] == 2


async def test_openai_invalid_twice_fails(make_settings: Callable[..., Settings]) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script([Reply("not json"), Reply('{"title": ""}')])
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            job = await run.run("/script x --duration 30s")

    assert job.status == "failed"
    assert "no valid script JSON" in job.error
    assert job.content_id is None


# --- Console -------------------------------------------------------------------------------


def test_cli_ask_script_saves_csv(tmp_path: Path) -> None:
    result = run_cli(
        "ask",
        "/script 太阳能板的工作原理 --duration 30s",
        env={"LANG": "zh_CN.UTF-8"},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "| 镜号 " in result.stdout
    copies = list((tmp_path / "copydesk-out").glob("*-shot-list.csv"))
    assert len(copies) == 1
    assert copies[0].name in result.stderr
