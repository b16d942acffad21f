"""The ``copydesk`` command line: ask, chat, worker, jobs.

Exit codes: 0 when the job completed, 1 when it failed or was cancelled
(or the queue was unavailable), 2 for invalid input or configuration.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import shutil
import sys
from pathlib import Path

from core.config import Settings, load_settings
from core.errors import ConfigError, CopydeskError
from core.i18n import t

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Errors that mean the input named something invalid: exit 2, like a usage error.
INVALID_INPUT_KEYS = frozenset({"error.not_found"})
# Services that log at the configured level without -v.
LONG_RUNNING_COMMANDS = frozenset({"worker", "telegram", "slack"})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="copydesk", description="Copydesk: an AI content desk.")
    parser.add_argument("--config", help="config file (default: ./copydesk.toml when present)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log at INFO level to stderr")
    commands = parser.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", help="run one command and print the result")
    ask.add_argument("text", help='the command, e.g. "/article AI in schools --length short"')
    ask.add_argument(
        "--out", default="copydesk-out", help="directory for result files (default: %(default)s)"
    )
    ask.add_argument(
        "--json", action="store_true", help="print one JSON object instead of Markdown"
    )

    chat = commands.add_parser(
        "chat", help="a console conversation; a plain line revises the last result"
    )
    chat.add_argument(
        "--out",
        default="copydesk-out",
        help="directory for images and CSV files (default: %(default)s)",
    )

    worker = commands.add_parser("worker", help="run the arq worker (needs queue.redis_url)")
    worker.add_argument("--burst", action="store_true", help="drain the queue, then exit")

    telegram = commands.add_parser("telegram", help="run the Telegram adapter")
    telegram.add_argument("--webhook", metavar="URL", help="use webhook mode with this public URL")
    telegram.add_argument(
        "--listen", default="127.0.0.1", help="webhook listen address (default: %(default)s)"
    )
    telegram.add_argument(
        "--port", type=int, default=8443, help="webhook listen port (default: %(default)s)"
    )

    slack = commands.add_parser("slack", help="run the Slack adapter")
    slack.add_argument(
        "--port", type=int, default=3000, help="HTTP mode port (default: %(default)s)"
    )
    slack.add_argument(
        "--listen", default="0.0.0.0", help="HTTP mode address (default: %(default)s)"
    )

    jobs = commands.add_parser("jobs", help="list recent jobs")
    jobs.add_argument("--limit", type=int, default=20, help="how many jobs (default: %(default)s)")

    from bot import console_ops

    console_ops.add_parsers(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as error:
        print(f"copydesk: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "ask" and Path(args.out).exists() and not Path(args.out).is_dir():
        locale = settings.app.default_locale
        print(t("cli.out_not_directory", locale, path=args.out), file=sys.stderr)
        return EXIT_USAGE

    long_running = args.command in LONG_RUNNING_COMMANDS
    configure_logging(settings, verbose=args.verbose or long_running, quiet=not long_running)

    runners = {
        "ask": run_ask,
        "chat": run_chat,
        "worker": run_worker,
        "jobs": run_jobs,
        "telegram": run_telegram,
        "slack": run_slack,
        **_ops_runners(),
    }
    try:
        return asyncio.run(runners[args.command](settings, args))
    except ConfigError as error:
        print(f"copydesk: {error}", file=sys.stderr)
        return EXIT_USAGE
    except CopydeskError as error:
        print(
            f"copydesk: {t(error.message_key, settings.app.default_locale, **error.params)}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except Exception:
        # One line for the user; the traceback goes to the log only with -v.
        logger.debug("unexpected error", exc_info=True)
        logging.getLogger(__name__).error(
            "copydesk %s failed unexpectedly", args.command, exc_info=args.verbose
        )
        print(f"copydesk: {t('error.internal', settings.app.default_locale)}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        # The reader of stdout went away (for example `| head`); nothing is left to show.
        sys.stderr.close()
        return EXIT_OK


def _ops_runners() -> dict:
    from bot import console_ops

    return {
        "health": console_ops.run_health,
        "cancel": console_ops.run_cancel,
        "stats": console_ops.run_stats,
    }


def configure_logging(settings: Settings, verbose: bool, quiet: bool = False) -> None:
    """Log at the configured level when verbose; one-shot commands show errors only.

    ``ask``, ``chat`` and ``jobs`` print their outcome themselves, so their
    warnings (a Redis retry, a removed record) would only repeat it; ``-v``
    shows them.
    """
    level = settings.app.log_level if verbose else "ERROR" if quiet else "WARNING"
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The SDKs log every HTTP request at INFO; keep them at WARNING.
    for noisy in ("httpx", "httpcore", "openai", "anthropic", "jieba"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


async def run_ask(settings: Settings, args: argparse.Namespace) -> int:
    from bot.console_session import ConsoleSession, console_origin

    out_dir = Path(args.out)
    session = await ConsoleSession.open(settings)
    try:
        reply = await session.desk.handle(console_origin(), args.text)
        if reply.kind != "queued" or reply.job is None:
            return _print_immediate(reply, out_dir, as_json=args.json)

        if not args.json:
            print(reply.text, file=sys.stderr)
        job = await session.wait_for(reply.job.id, show_progress=not args.json)
        return _print_result(job, out_dir, as_json=args.json)
    finally:
        await session.aclose()


def _print_immediate(reply, out_dir: Path, *, as_json: bool) -> int:
    invalid = reply.kind == "usage" or reply.data.get("error_key") in INVALID_INPUT_KEYS
    code = EXIT_USAGE if invalid else EXIT_FAILED if reply.kind == "error" else EXIT_OK
    files = _copy_files(reply.data.get("files", []), out_dir)
    if as_json:
        status = "invalid" if reply.kind == "usage" else "error" if reply.kind == "error" else "ok"
        print(
            json.dumps(
                {
                    "status": status,
                    "message": reply.text,
                    "markdown": reply.markdown,
                    "files": files,
                },
                ensure_ascii=False,
            )
        )
        return code
    stream = sys.stderr if reply.is_error else sys.stdout
    print(reply.text, file=stream)
    if reply.markdown:
        print(reply.markdown)
    for path in files:
        print(t("kinds.cli.file_saved", reply.locale, path=path), file=sys.stderr)
    return code


def _print_result(job, out_dir: Path, *, as_json: bool) -> int:
    output = job.output or {}
    saved: str | None = None
    copies: list[str] = []
    # Scripts carry a console form whose shot list is a table.
    document = output.get("console_markdown") or output.get("markdown")
    if job.status == "completed" and document is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / f"{job.id}.md"
        path.write_text(document, encoding="utf-8")
        saved = str(path)
        copies = copy_result_files(output, out_dir, job.id)

    if as_json:
        payload = {
            "job_id": job.id,
            "status": job.status,
            "kind": job.kind,
            "content_id": job.content_id,
            "result": output or None,
            "error": job.error,
            "file": saved,
            "files": copies,
            "tokens": {
                "prompt": job.tokens_prompt,
                "completion": job.tokens_completion,
                "estimated": job.tokens_estimated,
            },
            "elapsed_s": round(job.elapsed_s, 3) if job.elapsed_s is not None else None,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    elif job.status == "completed":
        print(document or "")
        if job.content_id:
            print(
                t("cli.saved", job.locale, path=saved, content_id=job.content_id), file=sys.stderr
            )
        else:
            print(t("cli.saved_file", job.locale, path=saved), file=sys.stderr)
        for copy in copies:
            print(t("kinds.cli.file_saved", job.locale, path=copy), file=sys.stderr)
    else:
        print(job.error or t(f"status.{job.status}", job.locale), file=sys.stderr)
    return EXIT_OK if job.status == "completed" else EXIT_FAILED


def copy_result_files(output: dict, out_dir: Path, job_id: str) -> list[str]:
    """Copy the result's images and files next to its Markdown as ``<job id>-<name>``."""
    sources = [*output.get("images", []), *output.get("files", [])]
    return _copy_files(sources, out_dir, prefix=f"{job_id}-")


def _copy_files(sources: list[str], out_dir: Path, prefix: str = "") -> list[str]:
    """Copy ``sources`` into ``out_dir`` as ``<prefix><name>``; returns the copies made.

    A file that cannot be copied is logged and left out, so one bad path does
    not hide the result.
    """
    copies: list[str] = []
    for source in sources:
        target = out_dir / f"{prefix}{Path(source).name}"
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        except OSError as error:
            logger.warning("file %s was not copied to %s: %s", source, out_dir, error)
            continue
        copies.append(str(target))
    return copies


async def run_chat(settings: Settings, args: argparse.Namespace) -> int:
    from bot.console_chat import chat_loop

    return await chat_loop(settings, Path(args.out))


async def run_worker(settings: Settings, args: argparse.Namespace) -> int:
    from workers.settings import run_worker as run

    if not settings.queue.redis_url:
        raise ConfigError(
            "invalid config: queue.redis_url is not set (or COPYDESK_QUEUE__REDIS_URL); "
            "a worker needs Redis"
        )
    return await run(settings, burst=args.burst)


async def run_telegram(settings: Settings, args: argparse.Namespace) -> int:
    from bot.telegram.app import run_telegram as run

    return await run(settings, args)


async def run_slack(settings: Settings, args: argparse.Namespace) -> int:
    from bot.slack.app import run_slack as run

    return await run(settings, args)


async def run_jobs(settings: Settings, args: argparse.Namespace) -> int:
    from handlers.manage import format_job_line
    from storage import open_store

    store = await open_store(settings.storage.path)
    try:
        jobs = await store.list_jobs(limit=max(1, args.limit))
    finally:
        await store.close()
    locale = settings.app.default_locale
    if not jobs:
        print(t("job.none", locale))
    for job in jobs:
        print(format_job_line(job, locale))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
