"""Content request models, one module per kind; importing registers their commands."""

from __future__ import annotations

from core.requests.article import ArticleRequest
from core.requests.base import ContentRequest

REQUEST_MODELS: dict[str, type[ContentRequest]] = {
    ArticleRequest.kind: ArticleRequest,
}


def request_from_params(kind: str, params: dict) -> ContentRequest:
    """Rebuild a stored request (the job's ``params``) as its model."""
    return REQUEST_MODELS[kind].model_validate(params)


__all__ = ["ArticleRequest", "ContentRequest", "REQUEST_MODELS", "request_from_params"]
