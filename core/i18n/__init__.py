"""Message catalogue in zh-CN and en, and locale resolution.

Every string a person sees comes from here. Each module in
``core.i18n.catalog`` defines ``MESSAGES``, a mapping from a dotted key to
``{"en": ..., "zh-CN": ...}``; keys are namespaced by area (``usage.*``,
``job.*``, ``analysis.*``).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from functools import lru_cache
from typing import Literal

logger = logging.getLogger(__name__)

Locale = Literal["zh-CN", "en"]
SUPPORTED_LOCALES: tuple[Locale, ...] = ("zh-CN", "en")
DEFAULT_LOCALE: Locale = "en"


def normalize_locale(code: str | None) -> Locale | None:
    """Map a platform locale code to a supported locale.

    Any Chinese code (``zh``, ``zh_CN``, ``zh-Hans``, ``zh-TW``) maps to
    zh-CN, any other code to en. ``None``, an empty string and the C or
    POSIX locale return ``None`` so callers can fall through to the next
    source.
    """
    if not code:
        return None
    folded = code.strip().lower()
    if folded in ("c", "posix") or folded.startswith(("c.", "posix.")):
        # The C and POSIX locales say nothing about the user's language.
        return None
    if folded.replace("_", "-").startswith("zh"):
        return "zh-CN"
    return "en"


def parse_locale(code: str) -> Locale | None:
    """Return the supported locale spelled by ``code``, or None when it is not one."""
    folded = code.strip().lower().replace("_", "-")
    if folded in ("zh-cn", "zh", "cn", "中文"):
        return "zh-CN"
    if folded in ("en", "en-us", "en-gb", "english"):
        return "en"
    return None


def resolve_locale(*candidates: str | None, default: str = DEFAULT_LOCALE) -> Locale:
    """Return the first candidate that maps to a supported locale, else ``default``."""
    for candidate in candidates:
        locale = normalize_locale(candidate)
        if locale:
            return locale
    return normalize_locale(default) or DEFAULT_LOCALE


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Load and merge every catalogue module; a key defined twice raises."""
    from core.i18n import catalog

    merged: dict[str, dict[str, str]] = {}
    for module_info in pkgutil.iter_modules(catalog.__path__):
        module = importlib.import_module(f"{catalog.__name__}.{module_info.name}")
        for key, texts in module.MESSAGES.items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} is defined twice (in {module_info.name})")
            merged[key] = texts
    return merged


def t(key: str, locale: str | None, **params: object) -> str:
    """Return the message ``key`` in ``locale`` with ``params`` substituted.

    A missing key is a programming error and raises ``KeyError``; a locale
    without its own text falls back to en.
    """
    texts = catalogue()[key]
    text = texts.get(normalize_locale(locale) or DEFAULT_LOCALE) or texts["en"]
    return text.format(**params) if params else text
