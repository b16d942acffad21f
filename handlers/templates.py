"""The /templates command: the templates a team can apply with ``--template NAME``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import UsageError
from core.grammar import ParsedCommand
from core.i18n import t
from core.requests import REQUEST_MODELS
from core.templates import templates_for
from handlers.types import Origin, Reply
from storage.models import User

if TYPE_CHECKING:
    from handlers.desk import Desk


async def show_templates(
    desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand
) -> Reply:
    """List the templates, all of them or those of one kind (``/templates post``)."""
    kind = command.positional.strip().lstrip("/").lower() or None
    if kind is not None and kind not in REQUEST_MODELS:
        raise UsageError(
            f"unknown kind {kind}",
            message_key="usage.bad_choice",
            flag="/templates",
            value=kind[:20],
            allowed=", ".join(sorted(REQUEST_MODELS)),
            command="templates",
        )

    templates = templates_for(kind, desk.settings.templates.dir)
    if not templates:
        return Reply(t("kinds.template.none", locale), locale)

    lines = [t("kinds.template.header", locale)]
    for template in templates:
        lines.append(
            t(
                "kinds.template.line",
                locale,
                name=template.name,
                kind=template.kind,
                title=template.text("title", locale),
                description=template.text("description", locale),
            )
        )
    return Reply(
        "\n".join(lines), locale, data={"templates": [template.name for template in templates]}
    )
