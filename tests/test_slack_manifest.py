"""The app manifest declares what the adapter listens to and calls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from core.grammar import get_spec

MANIFEST = Path(__file__).resolve().parent.parent / "slack-manifest.yml"


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_manifest_slash_commands(manifest: dict[str, Any]) -> None:
    commands = [entry["command"] for entry in manifest["features"]["slash_commands"]]
    assert commands == [
        "/article",
        "/post",
        "/script",
        "/image",
        "/seo",
        "/readability",
        "/copydesk",
    ]


def test_manifest_commands_unescaped(manifest: dict[str, Any]) -> None:
    entries = manifest["features"]["slash_commands"]
    assert all(entry["should_escape"] is False for entry in entries)


def test_manifest_kind_commands_registered(manifest: dict[str, Any]) -> None:
    names = [entry["command"][1:] for entry in manifest["features"]["slash_commands"]]
    missing = [name for name in names if name != "copydesk" and get_spec(name) is None]
    assert missing == []


def test_manifest_scopes(manifest: dict[str, Any]) -> None:
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = {
        "app_mentions:read",
        "channels:history",
        "groups:history",
        "im:history",
        "chat:write",
        "chat:write.public",
        "commands",
        "files:write",
        "users:read",
    }
    assert needed <= scopes


def test_manifest_events_and_socket_mode(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]
    events = set(settings["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.channels", "message.groups", "message.im"} <= events
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True


def test_manifest_field_lengths(manifest: dict[str, Any]) -> None:
    # Lengths from slackapi/manifest-schema, schemas/manifest.schema.1.0.0.json.
    display = manifest["display_information"]
    commands = manifest["features"]["slash_commands"]
    assert 1 <= len(display["name"]) <= 35
    assert 1 <= len(display["description"]) <= 140
    assert 175 <= len(display["long_description"]) <= 4000
    assert len(manifest["features"]["bot_user"]["display_name"]) <= 80
    assert all(2 <= len(entry["command"]) <= 32 for entry in commands)
    assert all(1 <= len(entry["usage_hint"]) <= 1000 for entry in commands)
