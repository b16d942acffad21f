"""Settings from TOML and the environment, and one-line errors without secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import load_settings
from core.errors import ConfigError


def test_defaults_need_no_file() -> None:
    settings = load_settings()
    assert settings.llm.provider == "offline"
    assert settings.queue.redis_url is None


def test_toml_file_and_env_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "copydesk.toml"
    path.write_text(
        '[llm]\nprovider = "openai"\nmodel = "qwen2.5"\nbase_url = "http://127.0.0.1:9/v1"\n'
        '[queue]\nredis_url = "redis://127.0.0.1:6379/0"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("COPYDESK_LLM__MODEL", "llama3")
    settings = load_settings(path)
    assert settings.llm.provider == "openai"
    assert settings.llm.model == "llama3"
    assert settings.queue.redis_url == "redis://127.0.0.1:6379/0"


def test_copydesk_toml_in_cwd_is_read(tmp_path: Path) -> None:
    (tmp_path / "copydesk.toml").write_text('[app]\ndefault_locale = "zh-CN"\n', encoding="utf-8")
    assert load_settings().app.default_locale == "zh-CN"


def test_invalid_value_names_key_value_and_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPYDESK_LLM__PROVIDER", "gpt")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = str(raised.value)
    assert "llm.provider" in message
    assert "'gpt'" in message
    assert "'offline', 'openai' or 'anthropic'" in message
    assert "\n" not in message


def test_secret_never_in_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        '[telegram]\ntoken = 12345\nwebhook_secret = ["sekrit-value"]\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    assert "sekrit-value" not in str(raised.value)
    assert "<hidden>" in str(raised.value)


def test_unknown_key_rejected(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text("[llm]\nprovidr = 'openai'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    assert "llm.providr" in str(raised.value)


def test_missing_file_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.toml")


def test_broken_toml_rejected(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[llm\nprovider=", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_settings(path)


def test_api_key_is_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPYDESK_LLM__API_KEY", "sk-live-123")
    settings = load_settings()
    assert "sk-live-123" not in repr(settings)
    assert settings.llm.api_key.get_secret_value() == "sk-live-123"
