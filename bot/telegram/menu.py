"""The command menu that Telegram clients show, built from the grammar's commands."""

from __future__ import annotations

import logging
import re

from telegram import Bot, BotCommand

from core.grammar import command_names
from core.i18n import SUPPORTED_LOCALES, catalogue, t

logger = logging.getLogger(__name__)

# setMyCommands: a command is 1-32 of a-z, 0-9 and _, a description 1-256
# characters, and a list contains at most 100 commands (core.telegram.org/bots/api#botcommand).
_VALID_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
MAX_DESCRIPTION_CHARS = 256
MAX_COMMANDS = 100
# The ISO 639-1 code Telegram matches against a user's language, per locale.
LANGUAGE_CODES = {"zh-CN": "zh", "en": "en"}


def command_menu(locale: str) -> list[BotCommand]:
    """Return the menu entries for ``locale``: every registered command with a description."""
    commands = []
    for name in command_names():
        if not _VALID_COMMAND.match(name):
            logger.warning("command /%s cannot be a Telegram menu entry; left out", name)
            continue
        description = describe(name, locale)[:MAX_DESCRIPTION_CHARS]
        commands.append(BotCommand(name, description))
    return commands[:MAX_COMMANDS]


def describe(name: str, locale: str) -> str:
    """Return the menu description of ``/name``: its own text, else one built from its kind."""
    messages = catalogue()
    if f"telegram.command.{name}" in messages:
        return t(f"telegram.command.{name}", locale)
    if f"kind.{name}" in messages:
        return t("telegram.command.content", locale, kind=t(f"kind.{name}", locale))
    return t("telegram.command.other", locale, name=name)


async def register_menu(bot: Bot, default_locale: str) -> None:
    """Register the menu for each language, and for everyone else in ``default_locale``."""
    for locale in SUPPORTED_LOCALES:
        await bot.set_my_commands(command_menu(locale), language_code=LANGUAGE_CODES[locale])
    await bot.set_my_commands(command_menu(default_locale))
    logger.info(
        "registered %d menu commands in %s",
        len(command_menu(default_locale)),
        ", ".join(SUPPORTED_LOCALES),
    )
