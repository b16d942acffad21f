"""The message catalogue: every key in both locales with the same placeholders."""

from __future__ import annotations

import string

import pytest

from core.i18n import catalogue, normalize_locale, parse_locale, resolve_locale, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_key_has_both_locales(key: str) -> None:
    texts = catalogue()[key]
    assert "en" in texts, key
    assert "zh-CN" in texts, key
    # An empty text is allowed only as a deliberate blank in both (a unit-less value).
    assert bool(texts["en"]) == bool(texts["zh-CN"]), key
    assert _fields(texts["en"]) == _fields(texts["zh-CN"]), key


def test_locale_resolution_order() -> None:
    assert resolve_locale(None, "zh-hans", default="en") == "zh-CN"
    assert resolve_locale("en", "zh", default="zh-CN") == "en"
    assert resolve_locale(None, None, default="zh-CN") == "zh-CN"
    assert normalize_locale("zh_TW") == "zh-CN"
    assert normalize_locale("pt-BR") == "en"
    assert parse_locale("中文") == "zh-CN"
    assert parse_locale("fr") is None


def test_missing_key_raises() -> None:
    with pytest.raises(KeyError):
        t("no.such.key", "en")


def test_c_locale_falls_through_to_default() -> None:
    assert normalize_locale("C.UTF-8") is None
    assert normalize_locale("POSIX") is None
    assert resolve_locale(None, "C.UTF-8", default="zh-CN") == "zh-CN"
