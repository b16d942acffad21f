"""``copydesk health`` names the failing part and exits non-zero; the CLI cancels as operator."""

from __future__ import annotations

import asyncio
import sys

from tests.conftest import free_port
from tests.lifecycle_support import REPO_ROOT, Rig
from workers.health import redact_url


async def _copydesk(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.console",
        *args,
        env={**env, "PYTHONPATH": str(REPO_ROOT)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode, stdout.decode(), stderr.decode()


async def test_health_without_worker_fails(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch) as rig:
        code, stdout, stderr = await _copydesk(rig.env, "health")

        assert code == 1
        assert "database: ok" in stdout, stderr
        assert "redis: ok" in stdout
        assert "workers: FAILED" in stdout
        assert "unhealthy: workers" in stderr


async def test_health_with_worker_passes(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch) as rig:
        await rig.start_worker("worker")
        code, stdout, stderr = await _copydesk(rig.env, "health")

        assert code == 0, stdout + stderr
        assert "workers: ok (heartbeat" in stdout
        assert stdout.rstrip().endswith("healthy")


async def test_health_redis_down_names_redis(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch) as rig:
        closed = f"redis://:secret@127.0.0.1:{free_port()}/0"
        env = {**rig.env, "COPYDESK_QUEUE__REDIS_URL": closed}
        code, stdout, stderr = await _copydesk(env, "health")

        assert code == 1
        assert "redis: FAILED" in stdout
        assert "secret" not in stdout
        assert "unhealthy: redis" in stderr


async def test_health_zh_cn_output(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch, APP__DEFAULT_LOCALE="zh-CN") as rig:
        code, stdout, stderr = await _copydesk(rig.env, "health")

        assert code == 1
        assert "workers：失败" in stdout
        assert "不正常：workers" in stderr


async def test_cli_cancel_any_job(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch) as rig:
        job_id = (await rig.ask("/article Operator cancels --length short")).job.id
        code, stdout, _ = await _copydesk(rig.env, "cancel", job_id)
        again, _, stderr = await _copydesk(rig.env, "cancel", job_id)
        job = await rig.store.get_job(job_id)

        assert code == 0
        assert stdout.strip() == f"Job {job_id} was cancelled."
        assert job.status == "cancelled"
        assert again == 1
        assert "has already ended (cancelled)" in stderr


def test_redact_url_hides_password() -> None:
    assert redact_url("redis://:pw@127.0.0.1:6379/0") == "redis://:***@127.0.0.1:6379/0"
    assert redact_url("redis://user:pw@host/1") == "redis://user:***@host/1"
    assert redact_url("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
