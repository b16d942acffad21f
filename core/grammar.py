"""The command grammar shared by every adapter.

A command is ``/name positional words --flag value --switch``. Values may be
quoted with ASCII quotes or Chinese quotes (“…” ‘…” 「…」 『…』), flags may
be written ``--flag value`` or ``--flag=value``, and an em dash (—flag),
which phone keyboards make out of ``--``, is read as ``--``. Each command
is declared once as a :class:`CommandSpec`; a parsed content command comes
back as the pydantic request model of its kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from core.errors import UsageError

# Hard cap on a whole command line; each spec may set a lower one.
MAX_COMMAND_CHARS = 20_000

OPENING_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "「": "」", "『": "』", "＂": "＂"}
# Longest first: a Chinese IME types "——" for "--", and phone keyboards "—" or "–".
DASHES = ("——", "－－", "––", "--", "—", "–")
# Commands whose text is longer than this take pasted drafts, where a lone
# quote (an apostrophe, a quote mark in the draft) is a character, not an error.
LENIENT_QUOTES_ABOVE_CHARS = 2000
WHITESPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Flag:
    """One ``--flag``.

    ``kind`` is one of ``text``, ``choice``, ``list``, ``switch`` (no value),
    ``int``. ``field`` is the request model field it fills (defaults to the
    flag name with dashes as underscores). ``value`` fixes what a switch
    stores (``--no-cta`` stores False into ``cta``).
    """

    name: str
    kind: str = "text"
    choices: tuple[str, ...] = ()
    field: str | None = None
    max_chars: int = 200
    max_items: int = 10
    separator: str = ","
    minimum: int | None = None
    maximum: int | None = None
    value: Any = True

    @property
    def target(self) -> str:
        return self.field or self.name.replace("-", "_")


@dataclass(frozen=True)
class CommandSpec:
    """A command: its flags, what the positional words fill, and its limits."""

    name: str
    flags: tuple[Flag, ...] = ()
    positional: str | None = None
    positional_required: bool = True
    positional_max_chars: int = 500
    max_chars: int = 4000
    model: type[BaseModel] | None = None
    aliases: tuple[str, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)

    def flag(self, name: str) -> Flag | None:
        return next((flag for flag in self.flags if flag.name == name), None)


@dataclass
class ParsedCommand:
    """A parsed command: the values by field and, for content kinds, the request."""

    name: str
    values: dict[str, Any]
    request: BaseModel | None = None

    @property
    def positional(self) -> str:
        return str(self.values.get("_positional", ""))


_REGISTRY: dict[str, CommandSpec] = {}


def register(spec: CommandSpec) -> CommandSpec:
    """Add a command to the grammar; names and aliases must be unique."""
    for name in (spec.name, *spec.aliases):
        if name in _REGISTRY and _REGISTRY[name] is not spec:
            raise ValueError(f"command /{name} is registered twice")
        _REGISTRY[name] = spec
    return spec


def command_names() -> list[str]:
    """Return the registered command names without aliases."""
    _load_builtin_commands()
    return sorted({spec.name for spec in _REGISTRY.values()})


def get_spec(name: str) -> CommandSpec | None:
    _load_builtin_commands()
    return _REGISTRY.get(name.lower())


def is_command(text: str) -> bool:
    """Return True when ``text`` starts with a slash and a registered command name."""
    stripped = text.lstrip()
    if not stripped.startswith("/"):
        return False
    name = re.split(r"[\s@]", stripped[1:], maxsplit=1)[0]
    return get_spec(name) is not None


def parse(text: str, fallback_text: str | None = None) -> ParsedCommand:
    """Parse one command line. Raises :class:`UsageError` with an i18n key on any problem.

    ``fallback_text`` fills the positional words of a command that has none
    (for example the message a chat command replies to). It is used as it
    is, without tokenizing, so its quotes and dashes need no escaping.
    """
    _load_builtin_commands()
    stripped = text.strip()
    if len(stripped) > MAX_COMMAND_CHARS:
        raise UsageError("too long", message_key="usage.too_long", max_chars=MAX_COMMAND_CHARS)

    head, rest = _split_head(stripped)
    if not head:
        raise UsageError("empty command", message_key="usage.empty")

    name = head.lstrip("/").lower()
    spec = _REGISTRY.get(name)
    if spec is None:
        raise UsageError(f"unknown command {name}", message_key="usage.unknown_command", name=name)
    if len(stripped) > spec.max_chars:
        raise UsageError(
            "too long", message_key="usage.too_long", max_chars=spec.max_chars, command=spec.name
        )

    lenient = spec.positional_max_chars > LENIENT_QUOTES_ABOVE_CHARS
    tokens = tokenize(rest, lenient_quotes=lenient)
    values = _collect_values(spec, rest, tokens, fallback_text)
    request = _build_request(spec, values) if spec.model else None
    return ParsedCommand(name=spec.name, values=values, request=request)


@dataclass(frozen=True)
class Token:
    """A word or a quoted run; ``start`` and ``end`` are its offsets in the tokenized text."""

    text: str
    quoted: bool
    start: int = 0
    end: int = 0


def _split_head(text: str) -> tuple[str, str]:
    match = WHITESPACE.search(text)
    if match is None:
        return text, ""
    return text[: match.start()], text[match.end() :]


def tokenize(text: str, *, lenient_quotes: bool = False) -> list[Token]:
    """Split ``text`` at whitespace, keeping quoted runs (ASCII or Chinese quotes) whole.

    An opening quote without its closing quote raises :class:`UsageError`,
    unless ``lenient_quotes`` is set; then the quote is an ordinary character.
    """
    tokens: list[Token] = []
    current: list[str] = []
    quoted = False
    start = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char in OPENING_QUOTES and not current:
            end = text.find(OPENING_QUOTES[char], index + 1)
            if end != -1:
                current.append(text[index + 1 : end])
                quoted, start = True, index
                index = end + 1
                continue
            if not lenient_quotes:
                raise UsageError("unclosed quote", message_key="usage.unclosed_quote", quote=char)
        if WHITESPACE.match(char):
            if current or quoted:
                tokens.append(Token("".join(current), quoted, start, index))
            current, quoted = [], False
        else:
            if not current and not quoted:
                start = index
            current.append(char)
        index += 1
    if current or quoted:
        tokens.append(Token("".join(current), quoted, start, len(text)))
    return tokens


def _run_text(text: str, run: list[Token]) -> str:
    """Return a run of tokens as written (line breaks kept), or their words when one was quoted."""
    if any(token.quoted for token in run):
        return " ".join(token.text for token in run)
    return text[run[0].start : run[-1].end]


def _flag_name(token: Token) -> str | None:
    if token.quoted:
        return None
    for dash in DASHES:
        if token.text.startswith(dash) and len(token.text) > len(dash):
            return token.text[len(dash) :]
    return None


def _collect_values(
    spec: CommandSpec, text: str, tokens: list[Token], fallback_text: str | None = None
) -> dict[str, Any]:
    values: dict[str, Any] = dict(spec.defaults)
    runs: list[list[Token]] = [[]]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        name = _flag_name(token)
        if name is None:
            runs[-1].append(token)
            index += 1
            continue
        runs.append([])

        inline_value: str | None = None
        if "=" in name:
            name, inline_value = name.split("=", 1)
        flag = spec.flag(name.lower())
        if flag is None:
            raise UsageError(
                f"unknown flag --{name}",
                message_key="usage.unknown_flag",
                flag=f"--{name}",
                command=spec.name,
            )

        if flag.kind == "switch":
            values[flag.target] = flag.value
            index += 1
            continue

        index += 1
        if inline_value is None:
            value_run = _value_run(tokens, index, flag)
            if not value_run:
                raise _flag_error(spec, flag, "usage.missing_value")
            inline_value = " ".join(_run_text(text, value_run).split())
            index += len(value_run)
        values[flag.target] = _convert(spec, flag, inline_value)

    words = [_run_text(text, run) for run in runs if run]
    if spec.positional_max_chars <= LENIENT_QUOTES_ABOVE_CHARS:
        # A topic or an id reads as one line; only pasted drafts keep their line breaks.
        words = [" ".join(word.split()) for word in words]
    positional = " ".join(words).strip()
    if not positional and spec.positional and fallback_text:
        positional = fallback_text.strip()
    _check_positional(spec, positional)
    if spec.positional:
        values[spec.positional] = positional
    values["_positional"] = positional
    return values


def _value_run(tokens: list[Token], index: int, flag: Flag) -> list[Token]:
    """Return the tokens that make a flag's value.

    Text and list values run to the next flag, so ``--title My great title``
    needs no quotes; other values are one token.
    """
    run: list[Token] = []
    while index < len(tokens) and _flag_name(tokens[index]) is None:
        run.append(tokens[index])
        index += 1
        if flag.kind not in ("text", "list"):
            break
    return run


def _check_positional(spec: CommandSpec, positional: str) -> None:
    if spec.positional and spec.positional_required and not positional:
        raise UsageError(
            "missing positional",
            message_key="usage.missing_positional",
            command=spec.name,
            what=spec.positional,
        )
    if len(positional) > spec.positional_max_chars:
        raise UsageError(
            "positional too long",
            message_key="usage.value_too_long",
            flag=spec.positional or "text",
            max_chars=spec.positional_max_chars,
            command=spec.name,
        )


def _convert(spec: CommandSpec, flag: Flag, raw: str) -> Any:
    value = raw.strip()
    converters: dict[str, Callable[[CommandSpec, Flag, str], Any]] = {
        "text": _convert_text,
        "choice": _convert_choice,
        "list": _convert_list,
        "int": _convert_int,
    }
    return converters[flag.kind](spec, flag, value)


def _flag_error(spec: CommandSpec, flag: Flag, key: str, **params: Any) -> UsageError:
    """Return the UsageError ``key`` about ``--flag`` of ``spec``'s command."""
    return UsageError(
        f"{key} for --{flag.name}",
        message_key=key,
        flag=f"--{flag.name}",
        command=spec.name,
        **params,
    )


def _convert_text(spec: CommandSpec, flag: Flag, value: str) -> str:
    if not value:
        raise _flag_error(spec, flag, "usage.missing_value")
    if len(value) > flag.max_chars:
        raise _flag_error(spec, flag, "usage.value_too_long", max_chars=flag.max_chars)
    return value


def _convert_choice(spec: CommandSpec, flag: Flag, value: str) -> str:
    folded = {choice.lower(): choice for choice in flag.choices}
    if value.lower() not in folded:
        raise _flag_error(
            spec, flag, "usage.bad_choice", value=value[:40], allowed=", ".join(flag.choices)
        )
    return folded[value.lower()]


def _convert_list(spec: CommandSpec, flag: Flag, value: str) -> list[str]:
    # Chinese text separates list items with "，" or "、", and outline items with "；".
    separators = {flag.separator, "；"} if flag.separator == ";" else {flag.separator, "，", "、"}
    parts = [value]
    for separator in separators:
        parts = [piece for part in parts for piece in part.split(separator)]
    items = [item.strip() for item in parts if item.strip()]
    if not items:
        raise _flag_error(spec, flag, "usage.missing_value")
    if len(items) > flag.max_items:
        raise _flag_error(spec, flag, "usage.too_many_items", max_items=flag.max_items)
    for item in items:
        if len(item) > flag.max_chars:
            raise _flag_error(spec, flag, "usage.value_too_long", max_chars=flag.max_chars)
    return items


def _convert_int(spec: CommandSpec, flag: Flag, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = None
    low, high = flag.minimum, flag.maximum
    if number is None or (low is not None and number < low) or (high is not None and number > high):
        raise _flag_error(
            spec, flag, "usage.bad_number", value=value[:40], minimum=low, maximum=high
        )
    return number


def _build_request(spec: CommandSpec, values: dict[str, Any]) -> BaseModel:
    assert spec.model is not None
    data = {key: value for key, value in values.items() if not key.startswith("_")}
    try:
        return spec.model(**data)
    except ValidationError as error:
        first = error.errors()[0]
        field_name = str(first["loc"][0]) if first["loc"] else "?"
        raise UsageError(
            str(error),
            message_key="usage.invalid_value",
            flag=field_name,
            command=spec.name,
            reason=first["msg"],
        ) from None


_LOADED = {"done": False}


def _load_builtin_commands() -> None:
    # Importing the request modules registers their specs.
    if _LOADED["done"]:
        return
    _LOADED["done"] = True
    import core.commands  # noqa: F401
    import core.requests  # noqa: F401
