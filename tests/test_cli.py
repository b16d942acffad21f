"""The installed ``copydesk`` command, run as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import free_port

COPYDESK = [sys.executable, "-m", "bot.console"]
ZH_REQUEST = "/article 人工智能在教育中的应用 --tone casual --length short --keywords 人工智能,教育"
EN_REQUEST = "/article The future of remote work --length short --keywords remote work"


def run_cli(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {key: value for key, value in os.environ.items() if not key.startswith("COPYDESK_")}
    full_env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    full_env.update(env or {})
    return subprocess.run(
        [*COPYDESK, *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=stdin,
        timeout=120,
        cwd=cwd,
    )


def test_ask_chinese_prints_article_and_saves(tmp_path: Path) -> None:
    result = run_cli("ask", ZH_REQUEST, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "# 人工智能在教育中的应用" in result.stdout
    assert "离线草稿" in result.stdout
    saved = list((tmp_path / "copydesk-out").glob("*.md"))
    assert len(saved) == 1
    assert saved[0].read_text(encoding="utf-8") == result.stdout.rstrip("\n") + "\n"
    assert saved[0].stem in result.stderr


def test_ask_english_json_fields(tmp_path: Path) -> None:
    result = run_cli("ask", "--json", "--out", str(tmp_path / "out"), EN_REQUEST, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["status"] == "completed"
    assert payload["kind"] == "article"
    assert payload["content_id"].startswith("c")
    for field in ("markdown", "title", "word_count", "han_count", "tokens_used"):
        assert field in payload["result"], field
    assert payload["result"]["han_count"] == 0
    assert payload["result"]["word_count"] > 100
    assert payload["result"]["offline"] is True
    assert (tmp_path / "out" / f"{payload['job_id']}.md").is_file()


@pytest.mark.parametrize(
    "text",
    [
        "/article",
        "/article x --tone angry",
        "/article x --bogus 1",
        '/article "open',
        "hello there",
        "",
    ],
)
def test_ask_bad_input_exit_2_without_traceback(text: str, tmp_path: Path) -> None:
    result = run_cli("ask", text, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_ask_bad_input_in_chinese(tmp_path: Path) -> None:
    result = run_cli("ask", "/article x --tone angry", env={"LANG": "zh_CN.UTF-8"}, cwd=tmp_path)
    assert result.returncode == 2
    assert "无效" in result.stderr
    assert "professional, casual, friendly, formal" in result.stderr


def test_ask_bad_config_exit_2(tmp_path: Path) -> None:
    result = run_cli("ask", EN_REQUEST, env={"COPYDESK_LLM__PROVIDER": "nope"}, cwd=tmp_path)
    assert result.returncode == 2
    assert "llm.provider" in result.stderr
    assert "Traceback" not in result.stderr


def test_ask_failed_job_exit_1(tmp_path: Path) -> None:
    # A model server address with nothing listening: every try fails to connect.
    env = {
        "COPYDESK_LLM__PROVIDER": "openai",
        "COPYDESK_LLM__BASE_URL": f"http://127.0.0.1:{free_port()}/v1",
        "COPYDESK_LLM__API_KEY": "sk-test-secret",
        "COPYDESK_LLM__RETRY_BASE_DELAY_S": "0",
        "COPYDESK_JOBS__MAX_TRIES": "1",
    }
    result = run_cli("ask", "--json", EN_REQUEST, env=env, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    payload = json.loads(result.stdout)
    assert payload["status"] == "failed"
    assert "after 3 tries" in payload["error"]
    assert "network error" in payload["error"]
    assert "sk-test-secret" not in result.stdout + result.stderr


def test_jobs_lists_recent(tmp_path: Path) -> None:
    run_cli("ask", EN_REQUEST, cwd=tmp_path)
    result = run_cli("jobs", cwd=tmp_path)
    assert result.returncode == 0
    assert "Article" in result.stdout
    assert "completed" in result.stdout


def test_chat_revises_last_result(tmp_path: Path) -> None:
    chat = run_cli("chat", stdin=f"{EN_REQUEST}\nmake it shorter\nexit\n", cwd=tmp_path)
    assert chat.returncode == 0, chat.stderr
    assert "Revision requested: “make it shorter”" in chat.stdout
    assert "Traceback" not in chat.stderr

    jobs = run_cli("jobs", cwd=tmp_path)
    lines = jobs.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].split()[1:3] == ["Revision", "completed"]
    assert lines[1].split()[1:3] == ["Article", "completed"]


def test_chat_plain_line_before_result_gets_hint(tmp_path: Path) -> None:
    chat = run_cli("chat", stdin="hello\n", cwd=tmp_path)
    assert chat.returncode == 0
    assert "Commands start with /" in chat.stderr


def test_missing_config_file_exit_2(tmp_path: Path) -> None:
    result = run_cli("--config", str(tmp_path / "none.toml"), "jobs", cwd=tmp_path)
    assert result.returncode == 2
    assert "config file not found" in result.stderr


def test_worker_without_redis_exit_2(tmp_path: Path) -> None:
    result = run_cli("worker", "--burst", cwd=tmp_path)
    assert result.returncode == 2
    assert "queue.redis_url" in result.stderr


def test_ask_out_is_a_file_exit_2(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    result = run_cli("ask", "--out", str(tmp_path / "taken"), EN_REQUEST, cwd=tmp_path)
    assert result.returncode == 2
    assert "is a file, not a directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_ask_unknown_id_exit_2(tmp_path: Path) -> None:
    result = run_cli("ask", "/status deadbeef", cwd=tmp_path)
    assert result.returncode == 2
    assert "No job or content deadbeef" in result.stderr


def test_help_for_unknown_command_exit_2(tmp_path: Path) -> None:
    result = run_cli("ask", "/help nosuch", cwd=tmp_path)
    assert result.returncode == 2
    assert "Unknown command /nosuch" in result.stderr


def test_redis_down_help_works_and_article_is_busy(tmp_path: Path) -> None:
    env = {"COPYDESK_QUEUE__REDIS_URL": f"redis://127.0.0.1:{free_port()}/0", "LANG": "zh_CN.UTF-8"}
    helped = run_cli("ask", "/help", env=env, cwd=tmp_path)
    busy = run_cli("ask", "/article 远程办公", env=env, cwd=tmp_path)
    invalid = run_cli("ask", "/article", env=env, cwd=tmp_path)
    jobs = run_cli("jobs", env=env, cwd=tmp_path)
    assert helped.returncode == 0
    assert "/article" in helped.stdout
    assert busy.returncode == 1
    assert "服务繁忙" in busy.stderr
    assert "WARNING" not in busy.stderr
    assert invalid.returncode == 2
    assert "No jobs yet" in jobs.stdout or "还没有任务" in jobs.stdout


def test_default_locale_applies_under_c_locale(tmp_path: Path) -> None:
    env = {"LANG": "C.UTF-8", "LC_ALL": "", "COPYDESK_APP__DEFAULT_LOCALE": "zh-CN"}
    result = run_cli("ask", "/article x --tone angry", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "无效" in result.stderr


def test_chat_copies_image_files(tmp_path: Path) -> None:
    chat = run_cli("chat", "--out", "chat-out", stdin="/image 清晨的灯塔\nexit\n", cwd=tmp_path)
    copies = list((tmp_path / "chat-out").glob("*-image-1.png"))
    assert chat.returncode == 0, chat.stderr
    assert len(copies) == 1
    assert str(Path("chat-out") / copies[0].name) in chat.stderr


def test_stats_days_out_of_range_exit_2(tmp_path: Path) -> None:
    result = run_cli("stats", "--days", "0", cwd=tmp_path)
    assert result.returncode == 2
    assert "--days" in result.stderr
    assert "1 to 365" in result.stderr
