"""``copydesk health``: checks the database, Redis and worker heartbeats.

Workers write arq's health-check key ``<queue name>:health-check`` every
``jobs.health_check_interval_s`` with a lifetime of that interval plus one
second, so the key exists only while at least one worker of the queue is
alive. Each check names its part, so the output of a failing run names the part.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import redis.asyncio as redis_async
from arq.constants import health_check_key_suffix

from core.config import Settings
from core.i18n import t
from storage import open_store
from workers.queue import REDIS_COMMAND_TIMEOUT_S, REDIS_CONNECT_TIMEOUT_S, REDIS_ERRORS


@dataclass(frozen=True)
class HealthCheck:
    """The outcome of one check: ``part`` is database, redis or workers."""

    part: str
    ok: bool
    detail: str

    def line(self, locale: str) -> str:
        key = "lifecycle.health_ok" if self.ok else "lifecycle.health_failed"
        return t(key, locale, part=self.part, detail=self.detail)


async def check_health(settings: Settings, locale: str) -> list[HealthCheck]:
    """Run every check and return their outcomes; a failing part is reported, not raised."""
    checks = [await _check_database(settings, locale)]
    if not settings.queue.redis_url:
        checks.append(HealthCheck("redis", True, t("lifecycle.health_not_configured", locale)))
        return checks

    client = redis_async.Redis.from_url(
        settings.queue.redis_url,
        socket_connect_timeout=REDIS_CONNECT_TIMEOUT_S,
        socket_timeout=REDIS_COMMAND_TIMEOUT_S,
    )
    try:
        redis_check = await _check_redis(client, settings.queue.redis_url, locale)
        checks.append(redis_check)
        if redis_check.ok:
            checks.append(await _check_workers(client, settings, locale))
    finally:
        await client.aclose()
    return checks


def redact_url(url: str) -> str:
    """Return ``url`` with any password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


async def _check_database(settings: Settings, locale: str) -> HealthCheck:
    path = settings.storage.path
    try:
        store = await open_store(path)
    except Exception as error:
        detail = t("lifecycle.health_database_down", locale, path=path, error=_describe(error))
        return HealthCheck("database", False, detail)

    try:
        schema = await store.schema_version()
        unfinished = await store.list_unfinished_jobs(created_before=time.time())
    except Exception as error:
        detail = t("lifecycle.health_database_down", locale, path=path, error=_describe(error))
        return HealthCheck("database", False, detail)
    finally:
        await store.close()

    detail = t(
        "lifecycle.health_database_ok", locale, path=path, schema=schema, unfinished=len(unfinished)
    )
    stale = _stale_running(unfinished, settings.jobs.lease_s)
    if stale:
        detail += "; " + t("lifecycle.health_stale_jobs", locale, count=stale)
    return HealthCheck("database", True, detail)


def _stale_running(unfinished: list, lease_s: float) -> int:
    now = time.time()
    return sum(
        1
        for item in unfinished
        if item.job.status == "running"
        and (item.heartbeat_at is None or now - item.heartbeat_at > lease_s)
    )


async def _check_redis(client: redis_async.Redis, url: str, locale: str) -> HealthCheck:
    started = time.perf_counter()
    try:
        async with asyncio.timeout(REDIS_CONNECT_TIMEOUT_S + REDIS_COMMAND_TIMEOUT_S):
            await client.ping()
    except REDIS_ERRORS as error:
        detail = t(
            "lifecycle.health_redis_down", locale, url=redact_url(url), error=_describe(error)
        )
        return HealthCheck("redis", False, detail)

    ms = f"{(time.perf_counter() - started) * 1000:.1f}"
    return HealthCheck("redis", True, t("lifecycle.health_redis_ok", locale, ms=ms))


async def _check_workers(client: redis_async.Redis, settings: Settings, locale: str) -> HealthCheck:
    key = settings.queue.queue_name + health_check_key_suffix
    try:
        async with client.pipeline(transaction=True) as pipe:
            pipe.get(key)
            pipe.pttl(key)
            value, ttl_ms = await pipe.execute()
    except REDIS_ERRORS as error:
        detail = t("lifecycle.health_redis_down", locale, url=key, error=_describe(error))
        return HealthCheck("workers", False, detail)

    if not value:
        return HealthCheck(
            "workers", False, t("lifecycle.health_no_worker", locale, health_key=key)
        )

    lifetime_s = settings.jobs.health_check_interval_s + 1
    age_s = max(0.0, lifetime_s - max(0, ttl_ms) / 1000)
    info = value.decode("utf-8", "replace")
    detail = t("lifecycle.health_worker_ok", locale, age=f"{age_s:.0f}", info=info)
    return HealthCheck("workers", True, detail)


def _describe(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
