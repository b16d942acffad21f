"""Who may use Copydesk and who is an admin, from ``[access]``, for every adapter.

Users and chats are written ``platform:id`` (``telegram:12345``,
``slack:U0123``, ``slack:C0456``, ``console:alice``). The console is always
allowed: whoever runs the CLI can read the config and the database anyway.
A console user is an admin only when listed.
"""

from __future__ import annotations

from core.config import Settings
from handlers.types import Origin

CONSOLE_PLATFORM = "console"


def user_key(origin: Origin) -> str:
    """Return the ``platform:user_id`` string of the person who sent the request."""
    return f"{origin.platform}:{origin.user_id}"


def chat_key(origin: Origin) -> str | None:
    """Return the ``platform:chat_id`` string of the chat, or None outside a chat."""
    if origin.chat_id is None:
        return None
    return f"{origin.platform}:{origin.chat_id}"


def is_admin(settings: Settings, origin: Origin) -> bool:
    """Return True when ``[access] admins`` lists the sender."""
    return user_key(origin) in settings.access.admins


def is_allowed(settings: Settings, origin: Origin) -> bool:
    """Return True when the sender may use Copydesk in this chat.

    With both allow lists empty everyone may. Otherwise the sender passes
    when they are an admin, when ``allowed_users`` lists them or when
    ``allowed_chats`` lists the chat.
    """
    access = settings.access
    if origin.platform == CONSOLE_PLATFORM:
        return True
    if not access.allowed_users and not access.allowed_chats:
        return True
    if is_admin(settings, origin) or user_key(origin) in access.allowed_users:
        return True
    chat = chat_key(origin)
    return chat is not None and chat in access.allowed_chats
