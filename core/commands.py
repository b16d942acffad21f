"""Commands that manage jobs and settings rather than make content."""

from __future__ import annotations

from core.grammar import CommandSpec, Flag, register

# Every job kind: the content kinds in core.requests, and revisions.
JOB_KINDS = ("article", "post", "script", "image", "seo", "readability", "revision")
JOB_STATUSES = ("pending", "running", "completed", "failed", "cancelled")

HELP = register(
    CommandSpec(name="help", positional="topic", positional_required=False, aliases=("start",))
)
LANG = register(
    CommandSpec(
        name="lang", positional="locale", positional_required=False, positional_max_chars=20
    )
)
JOBS = register(
    CommandSpec(
        name="jobs",
        flags=(
            Flag("status", kind="choice", choices=JOB_STATUSES),
            Flag("kind", kind="choice", choices=JOB_KINDS),
        ),
    )
)
STATUS = register(CommandSpec(name="status", positional="job_id", positional_max_chars=40))
CANCEL = register(CommandSpec(name="cancel", positional="job_id", positional_max_chars=40))
REVISE = register(
    CommandSpec(name="revise", positional="text", positional_max_chars=2000, max_chars=2200)
)
HISTORY = register(CommandSpec(name="history", positional="content_id", positional_max_chars=40))
SHOW = register(
    CommandSpec(
        name="show",
        positional="content_id",
        positional_max_chars=40,
        flags=(Flag("version", kind="int", minimum=1, maximum=10_000),),
    )
)
TEMPLATES = register(
    CommandSpec(
        name="templates", positional="kind", positional_required=False, positional_max_chars=20
    )
)
