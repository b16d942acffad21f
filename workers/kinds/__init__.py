"""Job kinds: one module per content kind, each with a ``run`` pipeline.

A pipeline receives the job context, the job and a progress callback, and
returns a :class:`KindResult`; the job function stores it and delivers it.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from storage.models import Job
from workers.context import JobContext

ProgressCallback = Callable[[int], Awaitable[None]]


@dataclass
class KindResult:
    """What a pipeline produced.

    ``output`` is the job's stored JSON result (``markdown``, ``title`` and the
    kind's own fields); ``body`` becomes the content version's text and
    ``data`` its structured data. ``files`` are paths of files the result
    owns (images, CSV), kept under the data directory.
    """

    output: dict[str, Any]
    body: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    summary: str | None = None
    tokens_prompt: int = 0
    tokens_completion: int = 0
    tokens_estimated: bool = False
    files: list[str] = field(default_factory=list)
    # A revision-like result (a rewrite of a stored content) names that content;
    # ``store_version=False`` keeps a report-only result out of the contents.
    content_id: str | None = None
    store_version: bool = True


Pipeline = Callable[[JobContext, Job, ProgressCallback], Awaitable[KindResult]]
PIPELINES: dict[str, Pipeline] = {}


def register_pipeline(kind: str) -> Callable[[Pipeline], Pipeline]:
    def decorate(pipeline: Pipeline) -> Pipeline:
        PIPELINES[kind] = pipeline
        return pipeline

    return decorate


def get_pipeline(kind: str) -> Pipeline:
    """Return the pipeline for ``kind``; raises KeyError for an unknown kind."""
    _import_all_kinds()
    return PIPELINES[kind]


@functools.cache
def _import_all_kinds() -> None:
    # Each module in this package registers its pipeline when imported; once is enough.
    import workers.kinds as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
