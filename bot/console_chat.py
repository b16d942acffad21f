"""``copydesk chat``: commands line by line; a plain line revises the last result."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.console import copy_result_files
from bot.console_session import ConsoleSession, console_origin
from core.config import Settings
from core.grammar import is_command
from core.i18n import resolve_locale, t

QUIT_WORDS = {"exit", "quit", "/exit", "/quit", "退出"}


async def chat_loop(settings: Settings, out_dir: Path) -> int:
    """Read lines until EOF or ``exit``; returns the exit code 0.

    Result files (images, CSV) are copied into ``out_dir`` as ``ask`` does.
    """
    session = await ConsoleSession.open(settings)
    origin = console_origin()
    locale = resolve_locale(origin.platform_locale, default=settings.app.default_locale)
    last_content_id: str | None = None
    print(t("cli.chat_welcome", locale), file=sys.stderr)
    try:
        while True:
            line = await _read_line()
            if line is None or line.strip().lower() in QUIT_WORDS:
                return 0
            line = line.strip()
            if not line:
                continue

            if line.startswith("/") or is_command(line):
                reply = await session.desk.handle(origin, line)
            elif last_content_id:
                reply = await session.desk.revise(origin, last_content_id, line)
            else:
                print(t("cli.chat_no_result", locale), file=sys.stderr)
                continue

            locale = reply.locale
            print(reply.text, file=sys.stderr if reply.is_error else sys.stdout)
            if reply.markdown:
                print(reply.markdown)
            if reply.kind != "queued" or reply.job is None:
                continue

            job = await session.wait_for(reply.job.id, show_progress=True)
            if job.status == "completed" and job.output:
                print(job.output.get("markdown", ""))
                for copy in copy_result_files(job.output, out_dir, job.id):
                    print(t("kinds.cli.file_saved", locale, path=copy), file=sys.stderr)
                last_content_id = job.content_id or last_content_id
                print(t("cli.chat_result", locale, content_id=job.content_id), file=sys.stderr)
            else:
                print(job.error or t(f"status.{job.status}", locale), file=sys.stderr)
    finally:
        await session.aclose()


async def _read_line() -> str | None:
    line = await asyncio.to_thread(sys.stdin.readline)
    return line if line else None
