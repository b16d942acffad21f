"""The command grammar: good commands in both languages and every rejection."""

from __future__ import annotations

import pytest

from core.errors import UsageError
from core.grammar import MAX_COMMAND_CHARS, is_command, parse, tokenize
from core.requests import ArticleRequest

GOOD = [
    (
        "/article 人工智能在教育中的应用 --tone casual --length short --keywords 人工智能,教育",
        {
            "topic": "人工智能在教育中的应用",
            "tone": "casual",
            "length": "short",
            "keywords": ["人工智能", "教育"],
        },
    ),
    (
        "/article AI in schools",
        {"topic": "AI in schools", "tone": "professional", "length": "medium"},
    ),
    (
        '/article "remote work" --title "Work, anywhere"',
        {"topic": "remote work", "title": "Work, anywhere"},
    ),
    (
        "/article “远程办公” --title “在家工作的一天”",
        {"topic": "远程办公", "title": "在家工作的一天"},
    ),
    ("/article 「品牌故事」 --audience 『创业者』", {"topic": "品牌故事", "audience": "创业者"}),
    ('/article x --outline "intro; body; end"', {"outline": ["intro", "body", "end"]}),
    ("/article x --outline 引言；正文；结语", {"outline": ["引言", "正文", "结语"]}),
    ("/article x --keywords 人工智能，教育、学习", {"keywords": ["人工智能", "教育", "学习"]}),
    ("/article x --tone=formal --length=long", {"tone": "formal", "length": "long"}),
    ("/article x —tone casual", {"tone": "casual"}),
    ("/article x --TONE Casual", {"tone": "casual"}),
    ("/article x --lang zh-CN --cta", {"lang": "zh-CN", "cta": True}),
    ("/ARTICLE x --cover", {"topic": "x", "cover": True}),
    ("article no slash", {"topic": "no slash"}),
    ("/article a\u3000b", {"topic": "a b"}),
]

BAD = [
    ("/article", "usage.missing_positional"),
    ("/article --tone casual", "usage.missing_positional"),
    ("/article x --tone angry", "usage.bad_choice"),
    ("/article x --length huge", "usage.bad_choice"),
    ("/article x --lang fr", "usage.bad_choice"),
    ("/article x --foo bar", "usage.unknown_flag"),
    ("/article x --tone", "usage.missing_value"),
    ("/article x --tone --length short", "usage.missing_value"),
    ('/article "unclosed', "usage.unclosed_quote"),
    ("/article “未闭合", "usage.unclosed_quote"),
    ("/nosuch x", "usage.unknown_command"),
    ("", "usage.empty"),
    ("/article " + "x" * 501, "usage.value_too_long"),
    ("/article x --title " + "t" * 201, "usage.value_too_long"),
    ("/article x --keywords " + ",".join(f"k{i}" for i in range(11)), "usage.too_many_items"),
    ("/article x --keywords " + "k" * 51, "usage.value_too_long"),
    ("/article x --keywords ,,,", "usage.missing_value"),
    ("/article x " + "y " * 2100, "usage.too_long"),
    ("/show c1 --version 0", "usage.bad_number"),
    ("/show c1 --version abc", "usage.bad_number"),
]


@pytest.mark.parametrize(("text", "expected"), GOOD)
def test_parse_good_command(text: str, expected: dict) -> None:
    command = parse(text)
    assert isinstance(command.request, ArticleRequest)
    for field, value in expected.items():
        assert getattr(command.request, field) == value, field


@pytest.mark.parametrize(("text", "key"), BAD)
def test_parse_rejects(text: str, key: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse(text)
    assert raised.value.message_key == key


def test_parse_rejects_over_hard_cap() -> None:
    with pytest.raises(UsageError) as raised:
        parse("/article " + "x" * MAX_COMMAND_CHARS)
    assert raised.value.message_key == "usage.too_long"


def test_bad_choice_lists_allowed_values() -> None:
    with pytest.raises(UsageError) as raised:
        parse("/article x --tone angry")
    assert raised.value.params["allowed"] == "professional, casual, friendly, formal"


def test_tokenize_keeps_empty_quoted_value() -> None:
    tokens = tokenize('a "" b')
    assert [token.text for token in tokens] == ["a", "", "b"]


def test_is_command() -> None:
    assert is_command("/article x")
    assert is_command("/jobs")
    assert not is_command("make it shorter")
    assert not is_command("/nosuch")


def test_control_commands_parse() -> None:
    assert parse("/status ab12cd34").positional == "ab12cd34"
    assert parse("/jobs --status failed").values["status"] == "failed"
    assert parse("/show c1 --version 2").values["version"] == 2
    assert parse("/start").name == "help"


def test_fallback_text_fills_missing_positional() -> None:
    command = parse("/seo --keywords AI", fallback_text='A "quoted" --draft text')
    assert command.request.text == 'A "quoted" --draft text'
    assert command.request.keywords == ["AI"]


def test_fallback_text_ignored_when_positional_given() -> None:
    command = parse("/seo own text --keywords AI", fallback_text="replied text")
    assert command.request.text == "own text"


def test_fallback_text_obeys_length_limit() -> None:
    with pytest.raises(UsageError) as raised:
        parse("/readability", fallback_text="x" * 20_001)
    assert raised.value.message_key == "usage.value_too_long"


def test_text_flag_takes_words_to_next_flag() -> None:
    command = parse("/article AI in schools --title My great title --tone casual")
    assert command.request.topic == "AI in schools"
    assert command.request.title == "My great title"
    assert command.request.tone == "casual"


def test_list_flag_takes_words_with_spaces() -> None:
    command = parse("/seo draft text --keywords remote work,teams --meta A short guide")
    assert command.request.keywords == ["remote work", "teams"]
    assert command.request.meta == "A short guide"
    assert command.request.text == "draft text"


def test_choice_flag_takes_one_word() -> None:
    command = parse("/article --tone casual AI in schools")
    assert command.request.tone == "casual"
    assert command.request.topic == "AI in schools"


def test_pasted_text_keeps_line_breaks() -> None:
    draft = "# Title\n\nFirst paragraph.\n\n## Part\n\nSecond   paragraph."
    command = parse(f"/seo {draft}\n--keywords title")
    assert command.request.text == draft


def test_pasted_text_allows_lone_quotes() -> None:
    command = parse("/readability 'Tis the season. He said \"wait.")
    assert command.request.text == "'Tis the season. He said \"wait."


@pytest.mark.parametrize("dash", ["——", "–", "—", "－－"])
def test_dash_variants_start_flags(dash: str) -> None:
    command = parse(f"/article x {dash}tone casual")
    assert command.request.tone == "casual"
    assert command.request.topic == "x"


def test_job_kinds_match_registered_kinds() -> None:
    from core.commands import JOB_KINDS
    from core.requests import REQUEST_MODELS

    assert set(JOB_KINDS) == {*REQUEST_MODELS, "revision"}


def test_jobs_rejects_unknown_kind() -> None:
    with pytest.raises(UsageError) as raised:
        parse("/jobs --kind bogus")
    assert raised.value.message_key == "usage.bad_choice"


def test_outline_item_keeps_chinese_comma() -> None:
    command = parse("/article x --outline 背景，现状；方法")
    assert command.request.outline == ["背景，现状", "方法"]
