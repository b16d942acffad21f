"""Offline writers: deterministic, no-network output per kind, labelled as offline.

Each writer takes the :class:`core.providers.base.Prompt` and returns
Markdown. ``register_writer`` adds one for a kind.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable

from core.providers.base import Prompt

Writer = Callable[[Prompt], str]
WRITERS: dict[str, Writer] = {}


def register_writer(kind: str) -> Callable[[Writer], Writer]:
    def decorate(writer: Writer) -> Writer:
        WRITERS[kind] = writer
        return writer

    return decorate


def write_offline(prompt: Prompt) -> str:
    """Return the offline output for ``prompt.kind``; raises KeyError for an unknown kind."""
    _import_all_writers()
    return WRITERS[prompt.kind](prompt)


@functools.cache
def _import_all_writers() -> None:
    # Each module in this package registers its writer when imported; once is enough.
    import core.offline as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
