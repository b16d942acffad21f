"""Images: grammar, offline cards on disk, the openai Images API path, covers and failed posts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import ImageChops

from core.config import Settings
from core.errors import UsageError
from core.grammar import parse
from core.images.offline import PALETTES
from core.images.prompt import DEFAULT_MODIFIERS
from core.requests.image import ImageRequest
from handlers.types import Origin
from storage.models import Job
from tests.fakes import Fail, ImageReply, Reply
from tests.fakes.openai_server import OpenAIFake
from tests.kinds_helpers import API_KEY, IMAGES_PATH, desk_run, is_file, open_image, openai_sections
from tests.test_cli import run_cli
from tests.test_images_offline import near_color_share

GOOD = [
    (
        "/image 清晨的灯塔",
        {
            "prompt": "清晨的灯塔",
            "style": "realistic",
            "size": "1024x1024",
            "count": 1,
            "quality": "standard",
        },
    ),
    (
        "/image a lighthouse --style vintage --size 1792x1024",
        {"style": "vintage", "size": "1792x1024"},
    ),
    ("/image a cat --count 4 --quality hd", {"count": 4, "quality": "hd"}),
    ("/image “一只猫” --style=Cartoon --size=1024x1792", {"prompt": "一只猫", "style": "cartoon"}),
]

BAD = [
    ("/image", "usage.missing_positional"),
    ("/image x --style neon", "usage.bad_choice"),
    ("/image x --size 512x512", "usage.bad_choice"),
    ("/image x --count 5", "usage.bad_number"),
    ("/image x --count 0", "usage.bad_number"),
    ("/image x --quality ultra", "usage.bad_choice"),
    ("/image x --platform weibo", "usage.unknown_flag"),
    ("/image " + "x" * 1001, "usage.value_too_long"),
]


@pytest.mark.parametrize(("text", "expected"), GOOD)
def test_grammar_good(text: str, expected: dict) -> None:
    request = parse(text).request
    assert isinstance(request, ImageRequest)
    for field, value in expected.items():
        assert getattr(request, field) == value, field


@pytest.mark.parametrize(("text", "key"), BAD)
def test_grammar_bad(text: str, key: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse(text)
    assert caught.value.message_key == key


# --- Offline -------------------------------------------------------------------------


async def test_offline_files_and_metadata(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    async with desk_run(make_settings()) as run:
        job = await run.run(
            "/image a lighthouse at dawn --style vintage --count 2 --size 1792x1024"
        )
        version = await run.version(job)

    paths = [Path(path) for path in job.output["images"]]
    meta = json.loads((paths[0].parent / "meta.json").read_text(encoding="utf-8"))
    assert job.status == "completed", job.error
    assert len(paths) == 2
    assert paths[0].parent == tmp_path / "data" / "images" / job.id
    assert all(path.is_file() for path in paths)
    assert open_image(str(paths[0])).size == (1792, 1024)
    assert paths[0].read_bytes() != paths[1].read_bytes()
    assert meta["final_prompt"] == job.output["final_prompt"]
    assert meta["files"] == ["image-1.png", "image-2.png"]
    assert DEFAULT_MODIFIERS["vintage"]["style"] in job.output["final_prompt"]
    assert job.output["markdown"].startswith("> OFFLINE IMAGE")
    assert version.data["final_prompt"] == job.output["final_prompt"]
    assert version.data["images"] == job.output["images"]


async def test_offline_chinese_title_has_glyphs(make_settings: Callable[..., Settings]) -> None:
    async with desk_run(make_settings()) as run:
        first = await run.run("/image 人工智能 --style minimalist")
        second = await run.run("/image 教育应用 --style minimalist")

    text_color = PALETTES["minimalist"].text
    bands = []
    for job in (first, second):
        image = open_image(job.output["images"][0])
        band = image.crop((0, round(image.height * 0.3), image.width, round(image.height * 0.7)))
        bands.append(band)
        assert near_color_share(band, text_color) > 0.03

    # Missing glyphs would all draw as the same box; different characters differ.
    assert ImageChops.difference(bands[0], bands[1]).getbbox() is not None


async def test_configured_modifiers_in_prompt(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(
        images={
            "modifiers": {"lighting": "neon rim light"},
            "style_modifiers": {"cartoon": {"mood": ""}},
        }
    )
    async with desk_run(settings) as run:
        job = await run.run("/image a robot --style cartoon")

    assert "neon rim light" in job.output["final_prompt"]
    assert DEFAULT_MODIFIERS["cartoon"]["mood"] not in job.output["final_prompt"]
    assert DEFAULT_MODIFIERS["cartoon"]["style"] in job.output["final_prompt"]


class FailingNotifier:
    """A chat that accepts progress but rejects every result post."""

    def __init__(self) -> None:
        self.completed_calls = 0

    async def progress(self, job: Job, percent: int) -> None:
        return None

    async def completed(self, job: Job, result: dict[str, Any]) -> None:
        self.completed_calls += 1
        raise RuntimeError("chat rejected the upload")

    async def failed(self, job: Job, message: str) -> None:
        return None

    async def cancelled(self, job: Job) -> None:
        return None

    async def aclose(self) -> None:
        return None


async def test_failed_post_keeps_files(make_settings: Callable[..., Settings]) -> None:
    notifier = FailingNotifier()
    async with desk_run(make_settings()) as run:
        run.context.notifiers["failbox"] = notifier
        job = await run.run("/image 灯塔 --count 2", Origin(platform="failbox", user_id="u1"))

    assert notifier.completed_calls == 1
    assert job.status == "completed"
    assert len(job.output["images"]) == 2
    for path in job.output["images"]:
        assert is_file(path)
    assert Path(job.output["image_dir"]).name == job.id


# --- OpenAI Images API ---------------------------------------------------------------


@pytest.mark.parametrize("mode", ["b64_json", "url"])
async def test_openai_image_modes(mode: str, make_settings: Callable[..., Settings]) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script([ImageReply(mode=mode)])
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            job = await run.run(
                "/image a lighthouse --style minimalist --quality hd --size 1024x1792"
            )

        calls = fake.requests_to(IMAGES_PATH)
        downloads = fake.requests_to("/files/image-0.png")

    body = calls[0].json
    assert job.status == "completed", job.error
    assert body["prompt"] == job.output["final_prompt"]
    assert body["size"] == "1024x1792"
    assert body["quality"] == "hd"
    assert body["model"] == "dall-e-3"
    assert len(downloads) == (1 if mode == "url" else 0)
    assert open_image(job.output["images"][0]).size == (8, 8)
    assert job.output["provider"] == "openai"
    assert job.output["offline"] is False


async def test_openai_dalle3_one_per_request(make_settings: Callable[..., Settings]) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            job = await run.run("/image a lighthouse --count 3")

        calls = fake.requests_to(IMAGES_PATH)

    assert len(job.output["images"]) == 3
    assert [call.json["n"] for call in calls] == [1, 1, 1]


async def test_openai_other_model_one_request(make_settings: Callable[..., Settings]) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        sections = openai_sections(fake.base_url, model="gpt-image-1")
        async with desk_run(make_settings(**sections)) as run:
            job = await run.run("/image a lighthouse --count 2")

        calls = fake.requests_to(IMAGES_PATH)

    assert len(calls) == 1
    assert calls[0].json["n"] == 2
    assert "response_format" not in calls[0].json
    assert len(job.output["images"]) == 2


async def test_openai_transient_error_retried(make_settings: Callable[..., Settings]) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script([Fail(503), ImageReply(mode="b64_json")])
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            job = await run.run("/image a lighthouse")

        calls = fake.requests_to(IMAGES_PATH)

    assert job.status == "completed", job.error
    assert len(calls) == 2


async def test_openai_rejected_prompt_fails(make_settings: Callable[..., Settings]) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script([Fail(400, message="Your request was rejected by the safety system.")])
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            job = await run.run("/image something")

        calls = fake.requests_to(IMAGES_PATH)

    assert job.status == "failed"
    assert len(calls) == 1
    assert "safety system" in job.error


async def test_openai_images_without_key_fails(make_settings: Callable[..., Settings]) -> None:
    async with desk_run(make_settings(images={"provider": "openai"})) as run:
        job = await run.run("/image a lighthouse")

    assert job.status == "failed"
    assert "images.api_key" in job.error


# --- Article covers --------------------------------------------------------------------


async def test_article_cover_offline(make_settings: Callable[..., Settings]) -> None:
    async with desk_run(make_settings()) as run:
        job = await run.run("/article 人工智能在教育中的应用 --length short --cover")
        version = await run.version(job)

    cover = Path(job.output["cover"])
    assert job.status == "completed", job.error
    assert job.output["images"] == [str(cover)]
    assert cover.name == "cover-1.png"
    assert open_image(str(cover)).size == (1792, 1024)
    assert version.data["images"] == [str(cover)]


async def test_article_cover_openai(make_settings: Callable[..., Settings]) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            job = await run.run("/article Remote work --length short --cover")

        calls = fake.requests_to(IMAGES_PATH)

    assert job.status == "completed", job.error
    assert len(calls) == 1
    assert "Editorial cover illustration" in calls[0].json["prompt"]
    assert calls[0].json["size"] == "1792x1024"
    assert is_file(job.output["cover"])


async def test_article_cover_failure_keeps_article(make_settings: Callable[..., Settings]) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script([Reply(), Fail(400, message="bad prompt")])
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            job = await run.run("/article Remote work --length short --cover")

    assert job.status == "completed", job.error
    assert "bad prompt" in job.output["cover_error"]
    assert "images" not in job.output
    assert "The cover image could not be made" in job.output["markdown"]


# --- Console ----------------------------------------------------------------------------


def test_cli_ask_image_copies_png(tmp_path: Path) -> None:
    result = run_cli("ask", "--json", "/image 清晨的灯塔 --count 2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert len(payload["files"]) == 2
    for copy in payload["files"]:
        assert Path(tmp_path, copy).is_file()
        assert copy.endswith(".png")
    assert Path(payload["file"]).is_file()


def test_cli_chat_image_revision(tmp_path: Path) -> None:
    chat = run_cli("chat", stdin="/image 清晨的灯塔\n加一只海鸥\nexit\n", cwd=tmp_path)
    assert chat.returncode == 0, chat.stderr
    assert "清晨的灯塔，加一只海鸥" in chat.stdout
