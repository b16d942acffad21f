"""SEO checks: statuses at the Yoast thresholds, overlap rule, empty input, rendering, messages."""

from __future__ import annotations

import json
import string

import pytest

from core.analysis import Check, SeoReport, analyze_seo, render_report_markdown
from core.analysis.scoring import area_score
from core.i18n import catalogue

FILLER_WORDS = "river stone green light morning quiet garden paper window silver".split()
FILLER_HAN = "天地山水风云日月星辰江河湖海花草"


def english_text(words: int, keyword: str = "", times: int = 0) -> str:
    """Return a paragraph of exactly ``words`` words, ``times`` of them ``keyword``."""
    filler = words - times * len(keyword.split())
    tokens = [FILLER_WORDS[i % len(FILLER_WORDS)] for i in range(filler)]
    step = max(1, filler // max(times, 1))
    for index in range(times):
        tokens.insert(index * (step + 1), keyword)
    sentences = [" ".join(tokens[i : i + 10]) + "." for i in range(0, len(tokens), 10)]
    return " ".join(sentences)


def chinese_text(characters: int, keyword: str = "", times: int = 0) -> str:
    """Return exactly ``characters`` Han characters, ``keyword`` included ``times`` times."""
    filler = characters - times * len(keyword)
    body = "".join(FILLER_HAN[i % len(FILLER_HAN)] for i in range(filler))
    step = max(1, filler // max(times, 1))
    parts = [body[i * step : (i + 1) * step] for i in range(times)]
    rest = body[times * step :]
    text = "".join(part + keyword for part in parts) + rest
    return "。".join(text[i : i + 20] for i in range(0, len(text), 20)) + "。"


def find(report: SeoReport, check_id: str, keyword: str | None = None) -> Check:
    matches = [c for c in report.checks if c.id == check_id and c.keyword == keyword]
    assert len(matches) == 1, f"expected one {check_id} check, got {len(matches)}"
    return matches[0]


def test_fixture_texts_have_exact_length() -> None:
    english = analyze_seo(english_text(120, "seo", 3), keywords=["seo"])
    chinese = analyze_seo(chinese_text(300, "中文", 4), keywords=["中文"])

    assert english.counts.words == 120
    assert english.keywords[0].occurrences == 3
    assert chinese.counts.han_characters == 300
    assert chinese.keywords[0].occurrences == 4


def test_density_chinese_example() -> None:
    # 中文 appears twice: 2 occurrences x 2 characters / 12 Han characters = 33.33%.
    report = analyze_seo("我喜欢学习中文。中文很有趣！", keywords=["中文"])
    (stat,) = report.keywords

    assert stat.occurrences == 2
    assert stat.inside_longer == 0
    assert stat.density_percent == 33.33


def test_density_overlapping_keywords() -> None:
    # 23 Han characters. 机器学习: 2 occurrences, 2 x 4 / 23 = 34.78%.
    # 学习: 3 matches, 2 of them inside 机器学习, so 1 occurrence: 1 x 2 / 23 = 8.70%.
    text = "机器学习是人工智能的一部分。学习机器学习需要耐心。"
    report = analyze_seo(text, keywords=["机器学习", "学习"])
    longer, shorter = report.keywords

    assert (longer.keyword, longer.occurrences, longer.inside_longer) == ("机器学习", 2, 0)
    assert longer.density_percent == 34.78
    assert (shorter.keyword, shorter.occurrences, shorter.inside_longer) == ("学习", 1, 2)
    assert shorter.density_percent == 8.7
    assert "2" in find(report, "keyword_density", "学习").message
    assert "inside longer" in find(report, "keyword_density", "学习").message


def test_overlap_rule_applies_to_title() -> None:
    report = analyze_seo(
        "# 机器学习入门\n\n机器学习很有用。", keywords=["机器学习", "学习"], meta=None
    )

    assert find(report, "keyword_in_title", "机器学习").status == "good"
    assert find(report, "keyword_in_title", "学习").status == "problem"


@pytest.mark.parametrize(
    ("times", "status", "case_word"),
    [
        (0, "problem", "does not appear"),
        (1, "problem", "only once"),
        (5, "good", "Good"),
        (11, "problem", "times this length allows"),
        (13, "problem", "far more than"),
    ],
)
def test_density_english_statuses(times: int, status: str, case_word: str) -> None:
    # 300 words: 0.5% is 1.5 and 3% is 9 occurrences; 11 is 3.67%, 13 is 4.33%.
    report = analyze_seo(english_text(300, "seo", times), keywords=["seo"])
    check = find(report, "keyword_density", "seo")

    assert check.status == status
    assert case_word in check.message


def test_density_low_on_long_text() -> None:
    # 1,000 words with 3 occurrences: 0.3%, under 0.5%.
    check = find(
        analyze_seo(english_text(1000, "seo", 3), keywords=["seo"]), "keyword_density", "seo"
    )

    assert check.status == "problem"
    assert check.value == 0.3
    assert "under 0.5%" in check.message


def test_density_short_text_single_occurrence_ok() -> None:
    check = find(
        analyze_seo(english_text(60, "seo", 1), keywords=["seo"]), "keyword_density", "seo"
    )

    assert check.status == "good"
    assert "too short" in check.message


def test_density_chinese_statuses() -> None:
    # 800 characters; 关键词 covers 3: 2 occurrences = 0.75% (good), 9 = 3.375% (over 3%).
    good = analyze_seo(chinese_text(800, "关键词", 2), keywords=["关键词"])
    high = analyze_seo(chinese_text(800, "关键词", 9), keywords=["关键词"])

    assert find(good, "keyword_density", "关键词").status == "good"
    assert find(high, "keyword_density", "关键词").status == "problem"
    assert high.keywords[0].density_percent == 3.38


@pytest.mark.parametrize(
    ("title", "status"),
    [("SEO basics for writers", "good"), ("Writers learn SEO", "improve"), ("Writing", "problem")],
)
def test_keyword_in_title(title: str, status: str) -> None:
    report = analyze_seo(english_text(50), keywords=["seo"], title=title)

    assert find(report, "keyword_in_title", "seo").status == status


def test_title_falls_back_to_h1() -> None:
    with_h1 = analyze_seo("# SEO today\n\nSome text.", keywords=["seo"])
    without = analyze_seo("Some text about seo.", keywords=["seo"])

    assert find(with_h1, "keyword_in_title", "seo").status == "good"
    assert find(without, "keyword_in_title", "seo").status == "problem"
    assert "no H1" in find(without, "keyword_in_title", "seo").message


def test_keyword_in_introduction() -> None:
    first = analyze_seo("SEO matters.\n\nOther words.", keywords=["seo"])
    second = analyze_seo("Other words.\n\nSEO matters.", keywords=["seo"])

    assert find(first, "keyword_in_introduction", "seo").status == "good"
    assert find(second, "keyword_in_introduction", "seo").status == "problem"


@pytest.mark.parametrize(
    ("headings", "status", "value"),
    [
        (["SEO one", "SEO two", "Three", "Four"], "good", 50.0),
        (["SEO one", "Two", "Three", "Four"], "problem", 25.0),
        (["SEO one", "SEO two", "SEO three", "SEO four"], "problem", 100.0),
        (["One", "Two"], "problem", 0.0),
        (["SEO only"], "good", 100.0),
    ],
)
def test_keyword_in_subheadings(headings: list[str], status: str, value: float) -> None:
    text = "Intro text.\n\n" + "\n\n".join(f"## {h}\n\nBody." for h in headings)
    check = find(analyze_seo(text, keywords=["seo"]), "keyword_in_subheadings", "seo")

    assert check.status == status
    assert check.value == value


def test_keyword_in_subheadings_none_present() -> None:
    check = find(analyze_seo("Just text.", keywords=["seo"]), "keyword_in_subheadings", "seo")

    assert check.status == "improve"


@pytest.mark.parametrize(
    ("meta", "status"),
    [
        ("Learn SEO fast.", "good"),
        ("SEO, SEO, SEO.", "problem"),
        ("Learn fast.", "problem"),
        (None, "problem"),
    ],
)
def test_keyword_in_meta(meta: str | None, status: str) -> None:
    report = analyze_seo("Text.", keywords=["seo"], meta=meta)

    assert find(report, "keyword_in_meta", "seo").status == status


@pytest.mark.parametrize(
    ("keyword", "status"),
    [
        ("one two three four", "good"),
        ("one two three four five", "improve"),
        ("a b c d e f g h i", "problem"),
        ("一二三四五六七八九十百千", "good"),
        ("一二三四五六七八九十百千万", "improve"),
        ("一二三四五六七八九十百千万亿兆京垓秭穰", "problem"),
    ],
)
def test_keyword_length(keyword: str, status: str) -> None:
    report = analyze_seo("Text.", keywords=[keyword])

    assert find(report, "keyword_length", keyword).status == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (english_text(300), "good"),
        (english_text(260), "improve"),
        (english_text(249), "problem"),
        (chinese_text(600), "good"),
        (chinese_text(550), "improve"),
        (chinese_text(499), "problem"),
    ],
)
def test_text_length(text: str, status: str) -> None:
    assert find(analyze_seo(text, keywords=["x"]), "text_length").status == status


@pytest.mark.parametrize(
    ("text", "meta_length", "status"),
    [
        ("English text.", 0, "problem"),
        ("English text.", 119, "improve"),
        ("English text.", 120, "good"),
        ("English text.", 156, "good"),
        ("English text.", 157, "improve"),
        ("中文的正文。", 49, "improve"),
        ("中文的正文。", 50, "good"),
        ("中文的正文。", 80, "good"),
        ("中文的正文。", 81, "improve"),
    ],
)
def test_meta_description_length(text: str, meta_length: int, status: str) -> None:
    meta = ("m" if text.isascii() else "描") * meta_length
    check = find(analyze_seo(text, keywords=["x"], meta=meta or None), "meta_description_length")

    assert check.status == status
    assert check.value == meta_length


@pytest.mark.parametrize(
    ("text", "status"),
    [("# One\n\nText.", "good"), ("Text.", "improve"), ("# One\n\nText.\n\n# Two", "problem")],
)
def test_single_h1(text: str, status: str) -> None:
    assert find(analyze_seo(text, keywords=["x"]), "single_h1").status == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("## A\n\n" + english_text(300) + "\n\n## B\n\nEnd.", "good"),
        ("## A\n\n" + english_text(340) + "\n\n## B\n\nEnd.", "improve"),
        ("## A\n\n" + english_text(351) + "\n\n## B\n\nEnd.", "problem"),
        (english_text(320), "problem"),
        (english_text(280), "good"),
        ("## 甲\n\n" + chinese_text(650), "improve"),
        ("## 甲\n\n" + chinese_text(701), "problem"),
    ],
)
def test_subheading_distribution(text: str, status: str) -> None:
    assert find(analyze_seo(text, keywords=["x"]), "subheading_distribution").status == status


def test_links_and_images() -> None:
    bare = analyze_seo("Text.", keywords=["x"])
    rich = analyze_seo("See [a](https://a.com).\n\n![A chart](c.png)", keywords=["x"])
    missing_alt = analyze_seo("![A chart](c.png)\n\n![](d.png)\n\nText.", keywords=["x"])

    assert find(bare, "outbound_links").status == "problem"
    assert find(rich, "outbound_links").status == "good"
    assert find(bare, "image_alt").status == "improve"
    assert find(rich, "image_alt").status == "good"
    assert find(missing_alt, "image_alt").status == "problem"
    assert "1 of 2" in find(missing_alt, "image_alt").message


def test_empty_text_report() -> None:
    report = analyze_seo("", keywords=["seo"], meta="m" * 130, title="SEO")

    assert [check.id for check in report.checks] == ["text_empty"]
    assert report.score == 0
    assert report.keywords[0].density_percent == 0.0


def test_headings_only_report() -> None:
    report = analyze_seo("# SEO\n\n## More SEO", keywords=["seo"])

    assert find(report, "keyword_in_introduction", "seo").status == "problem"
    assert report.counts.paragraphs == 0
    assert 0 <= report.score <= 100


def test_no_keywords_report() -> None:
    report = analyze_seo(english_text(300), keywords=[" ", ""])
    ids = [check.id for check in report.checks]

    assert "keywords" in ids
    assert not [i for i in ids if i.startswith("keyword_")]
    assert find(report, "keywords").status == "problem"
    assert report.keywords == []


def test_keyword_checks_share_weight() -> None:
    one = analyze_seo("Text.", keywords=["a"])
    two = analyze_seo("Text.", keywords=["a", "b"])

    assert sum(c.weight for c in one.checks) == pytest.approx(sum(c.weight for c in two.checks))


def test_area_score_weighting() -> None:
    checks = [
        Check(id="a", status="good", message="", weight=3),
        Check(id="b", status="improve", message="", weight=2),
        Check(id="c", status="problem", message="", weight=5),
    ]

    assert area_score(checks) == 40
    assert area_score([]) == 0


def test_messages_follow_locale() -> None:
    # 机器学习 (4) and 机器学习很有用 (7): 11 Han characters.
    text = "# 机器学习\n\n机器学习很有用。"
    english = find(analyze_seo(text, keywords=["机器学习"], locale="en"), "text_length")
    chinese = find(analyze_seo(text, keywords=["机器学习"], locale="zh-CN"), "text_length")

    assert english.message.startswith("The text has 11 characters")
    assert chinese.message.startswith("正文共 11 字")
    assert english.threshold == "≥ 600 characters"
    assert chinese.threshold == "≥ 600 字"


def test_report_json_round_trip() -> None:
    report = analyze_seo("# SEO\n\nSEO text.", keywords=["seo"], meta="About SEO.")
    dumped = report.model_dump(mode="json")

    assert json.loads(json.dumps(dumped)) == dumped
    assert SeoReport.model_validate(dumped) == report
    assert dumped["checks"][0].keys() >= {"id", "status", "value", "threshold", "message"}


def test_render_groups_problems_first() -> None:
    report = analyze_seo("# SEO\n\nSEO text *here*.", keywords=["seo*"], locale="en")
    markdown = render_report_markdown(report, "en")

    problems = markdown.index("Problems")
    improve = markdown.index("To improve")
    good = markdown.index("### 🟢 Good")
    assert problems < improve < good
    assert "| Count | Value |" in markdown
    assert "| Words | 4 |" in markdown
    assert "seo\\*" in markdown


def test_render_chinese_labels() -> None:
    report = analyze_seo("我喜欢学习中文。中文很有趣！", keywords=["中文"], locale="zh-CN")
    markdown = render_report_markdown(report, "zh-CN")

    assert markdown.startswith("## SEO 报告")
    assert "| 汉字数 | 12 |" in markdown
    assert "| 中文 | 2 | 0 | 33.3% |" in markdown


def test_catalogue_has_both_locales() -> None:
    messages = {key: texts for key, texts in catalogue().items() if key.startswith("analysis.")}
    formatter = string.Formatter()

    assert len(messages) > 100
    for key, texts in messages.items():
        assert set(texts) == {"en", "zh-CN"}, key
        english_fields = {name for _, name, _, _ in formatter.parse(texts["en"]) if name}
        chinese_fields = {name for _, name, _, _ in formatter.parse(texts["zh-CN"]) if name}
        assert english_fields == chinese_fields, key


def test_catalogue_chinese_is_translated() -> None:
    messages = {key: texts for key, texts in catalogue().items() if key.startswith("analysis.")}
    symbolic = {key for key, texts in messages.items() if texts["en"] == texts["zh-CN"]}

    assert symbolic == {
        "analysis.threshold.min",
        "analysis.threshold.max",
        "analysis.threshold.range",
        "analysis.unit.percent",
        "analysis.unit.none",
    }


def test_bad_input_types_raise() -> None:
    with pytest.raises(TypeError, match="keywords must be a list of str"):
        analyze_seo("Text.", keywords="seo")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="keywords must be a list of str"):
        analyze_seo("Text.", keywords=["seo", None])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="text must be a str"):
        analyze_seo(None, keywords=["seo"])  # type: ignore[arg-type]


def test_render_escapes_user_text() -> None:
    report = analyze_seo("Text about a_b.", keywords=["a_b"], locale="en")
    markdown = render_report_markdown(report, "en")

    assert "“a\\_b”" in markdown
    assert "a_b" not in markdown.replace("a\\_b", "")
