"""Content request models, one module per kind; importing registers their commands.

Each module defines a :class:`ContentRequest` subclass with a ``kind`` and
registers its :class:`core.grammar.CommandSpec`.
"""

from __future__ import annotations

import importlib
import pkgutil

from core.requests.base import ContentRequest

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")


def _all_subclasses(model: type[ContentRequest]) -> list[type[ContentRequest]]:
    found = []
    for subclass in model.__subclasses__():
        found += [subclass, *_all_subclasses(subclass)]
    return found


# Kinds at any depth: SeoRequest derives from AnalysisRequest, not directly from the base.
REQUEST_MODELS: dict[str, type[ContentRequest]] = {
    model.kind: model for model in _all_subclasses(ContentRequest) if model.kind
}

from core.requests.article import ArticleRequest  # noqa: E402


def request_from_params(kind: str, params: dict) -> ContentRequest:
    """Rebuild a stored request (the job's ``params``) as its model."""
    return REQUEST_MODELS[kind].model_validate(params)


__all__ = ["ArticleRequest", "ContentRequest", "REQUEST_MODELS", "request_from_params"]
