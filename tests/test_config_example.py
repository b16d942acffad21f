"""config.example.toml loads and names every key of every section."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from core.config import Settings, load_settings

EXAMPLE = Path(__file__).resolve().parents[1] / "config.example.toml"


def _documented_keys() -> dict[str, set[str]]:
    sections: dict[str, set[str]] = {}
    current = None
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        header = re.match(r"^\[(\w+)\]", line)
        if header:
            current = sections.setdefault(header.group(1), set())
            continue
        key = re.match(r"^#?\s?(\w+) = ", line)
        if key and current is not None:
            current.add(key.group(1))
    return sections


def test_example_loads() -> None:
    settings = load_settings(EXAMPLE)
    assert settings.llm.provider == "offline"


def test_example_documents_every_key() -> None:
    documented = _documented_keys()
    for section_name, field in Settings.model_fields.items():
        section_type = field.annotation
        assert isinstance(section_type, type) and issubclass(section_type, BaseModel)
        assert section_name in documented, f"[{section_name}] is missing"
        missing = set(section_type.model_fields) - documented[section_name]
        assert not missing, f"[{section_name}] lacks {sorted(missing)}"
