"""Templates: built-in files, presets, a team's directory, /templates, prompt instructions."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from core.config import Settings
from core.errors import UsageError
from core.grammar import parse
from core.requests import REQUEST_MODELS
from core.templates import (
    BUILTIN_DIR,
    TemplateFileError,
    apply_template,
    find_template,
    load_template,
    load_templates,
    template_instructions,
)
from tests.fakes.openai_server import OpenAIFake
from tests.kinds_helpers import (
    API_KEY,
    ORIGIN,
    chat_requests,
    desk_run,
    openai_sections,
    user_message,
)

REQUIRED = {
    "launch-post": "post",
    "how-to": "article",
    "listicle": "article",
    "review": "article",
    "explainer-60s": "script",
}

TEAM_TEMPLATE = """
name = "weibo-teaser"
kind = "post"
[title]
en = "Weibo teaser"
zh-CN = "微博预热"
[description]
en = "A short teaser."
zh-CN = "简短预热。"
[options]
platform = "weibo"
count = 2
tone = "casual"
[instructions]
en = "Tease the launch without naming the price."
zh-CN = "预热新品，不要透露价格。"
"""


def write_team_template(
    directory: Path, text: str = TEAM_TEMPLATE, name: str = "teaser.toml"
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_templates_present() -> None:
    templates = load_templates()
    for name, kind in REQUIRED.items():
        assert templates[name].kind == kind, name


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_builtin_template_valid(name: str) -> None:
    template = load_templates()[name]
    subject = "prompt" if template.kind == "image" else "topic"
    request = REQUEST_MODELS[template.kind](**{subject: "x"}, template=name)
    applied = apply_template(request)
    for locale in ("en", "zh-CN"):
        assert template.text("title", locale)
        assert template.text("instructions", locale)
    for option, value in template.options.items():
        assert getattr(applied, option) == value, option


def test_builtin_templates_install_with_package() -> None:
    assert BUILTIN_DIR.name == "templates"
    assert sorted(path.stem for path in BUILTIN_DIR.glob("*.toml")) == sorted(REQUIRED)


def test_presets_fill_unset_options() -> None:
    request = apply_template(parse("/article remote work --template listicle").request)
    assert request.tone == "casual"
    assert request.template == "listicle"


def test_explicit_options_win() -> None:
    request = apply_template(
        parse("/article remote work --template listicle --tone formal").request
    )
    assert request.tone == "formal"


def test_unknown_template_lists_available() -> None:
    with pytest.raises(UsageError) as caught:
        apply_template(parse("/article x --template nope").request)
    assert caught.value.message_key == "kinds.template.unknown"
    assert caught.value.params["available"] == "how-to, listicle, review"
    assert caught.value.params["command"] == "article"


def test_template_of_other_kind_rejected() -> None:
    with pytest.raises(UsageError) as caught:
        apply_template(parse("/post x --template how-to").request)
    assert caught.value.params["available"] == "launch-post"


def test_team_dir_adds_template(tmp_path: Path) -> None:
    write_team_template(tmp_path / "team")
    request = apply_template(parse("/post 新品 --template weibo-teaser").request, tmp_path / "team")
    assert request.platform == "weibo"
    assert request.count == 2
    assert request.tone == "casual"
    assert template_instructions(request, "zh-CN", tmp_path / "team") == "预热新品，不要透露价格。"


def test_team_dir_overrides_builtin(tmp_path: Path) -> None:
    text = TEAM_TEMPLATE.replace('name = "weibo-teaser"', 'name = "launch-post"')
    write_team_template(tmp_path / "team", text)
    assert find_template("launch-post", "post", tmp_path / "team").options["platform"] == "weibo"
    assert "platform" not in find_template("launch-post", "post").options


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name = 'x'\nkind = 'video'\n", "invalid kind"),
        ("name = 'Bad Name'\nkind = 'post'\n", "invalid name"),
        (TEAM_TEMPLATE.replace("count = 2", "colour = 'red'"), "unknown option"),
        (TEAM_TEMPLATE.replace('zh-CN = "微博预热"', ""), "[title]"),
        (TEAM_TEMPLATE.replace("count = 2", "topic = 'preset'"), "unknown option"),
        ("name = [", "cannot read TOML"),
    ],
)
def test_bad_template_file(text: str, problem: str, tmp_path: Path) -> None:
    path = write_team_template(tmp_path, text)
    with pytest.raises(TemplateFileError) as caught:
        load_template(path)
    assert problem in str(caught.value)


def test_bad_file_skipped_with_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    write_team_template(tmp_path, "name = [", name="broken.toml")
    write_team_template(tmp_path)
    with caplog.at_level(logging.WARNING, logger="core.templates"):
        templates = load_templates(tmp_path)
    assert "weibo-teaser" in templates
    assert "broken.toml" in caplog.text


def test_bad_preset_value_is_usage_error(tmp_path: Path) -> None:
    write_team_template(tmp_path, TEAM_TEMPLATE.replace("count = 2", "count = 9"))
    with pytest.raises(UsageError) as caught:
        apply_template(parse("/post x --template weibo-teaser").request, tmp_path)
    assert caught.value.message_key == "kinds.template.invalid"
    assert "count" in caught.value.params["reason"]


# --- Through the desk ----------------------------------------------------------------------


async def test_desk_applies_team_template(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    write_team_template(tmp_path / "team")
    settings = make_settings(templates={"dir": str(tmp_path / "team")})
    async with desk_run(settings) as run:
        job = await run.run("/post 春季新品 --template weibo-teaser")

    assert job.params["platform"] == "weibo"
    assert job.params["template"] == "weibo-teaser"
    assert len(job.output["variants"]) == 2


async def test_desk_unknown_template_usage_reply(make_settings: Callable[..., Settings]) -> None:
    async with desk_run(make_settings()) as run:
        reply = await run.desk.handle(ORIGIN, "/script x --template nope")
        jobs = await run.context.store.list_jobs(limit=5)

    assert reply.kind == "usage"
    assert "explainer-60s" in reply.text
    assert "/script" in reply.text
    assert jobs == []


async def test_templates_command_lists(make_settings: Callable[..., Settings]) -> None:
    async with desk_run(make_settings()) as run:
        everything = await run.desk.handle(ORIGIN, "/templates")
        posts = await run.desk.handle(ORIGIN, "/templates post")
        bad = await run.desk.handle(ORIGIN, "/templates video")

    assert everything.data["templates"] == [
        "how-to",
        "listicle",
        "review",
        "launch-post",
        "explainer-60s",
    ]
    assert "Product launch post" in everything.text
    assert posts.data["templates"] == ["launch-post"]
    assert bad.kind == "usage"


async def test_templates_command_in_chinese(make_settings: Callable[..., Settings]) -> None:
    async with desk_run(make_settings(app={"default_locale": "zh-CN"})) as run:
        reply = await run.desk.handle(ORIGIN, "/templates script")

    assert "60 秒科普视频" in reply.text


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/article remote work --length short --template how-to", "What you need"),
        ("/post new app --template launch-post", "product launch announcement"),
        ("/script solar power --template explainer-60s", "60-second explainer"),
    ],
)
async def test_instructions_reach_prompt(
    command: str, expected: str, make_settings: Callable[..., Settings]
) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            await run.run(command)

        requests = chat_requests(fake)

    assert expected in user_message(requests[0])


async def test_chinese_instructions_for_chinese_topic(
    make_settings: Callable[..., Settings],
) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            await run.run("/article 远程办公 --length short --template review")

        requests = chat_requests(fake)

    assert "写一篇产品测评" in user_message(requests[0])


async def test_offline_article_carries_template_instructions(make_settings) -> None:
    from handlers.desk import Desk
    from handlers.types import Origin
    from workers.context import build_context
    from workers.queue import InProcessQueue

    settings = make_settings()
    context = await build_context(settings)
    queue = InProcessQueue(context)
    reply = await Desk(settings, context.store, queue).handle(
        Origin(platform="console", user_id="t"), "/article Remote work --template how-to"
    )
    await queue.wait(reply.job.id)
    job = await context.store.get_job(reply.job.id)
    await context.aclose()
    assert "## Template instructions" in job.output["markdown"]
    assert "How to" in job.output["markdown"]
