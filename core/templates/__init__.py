"""Named templates: a kind's option presets plus instructions for the model.

Templates are TOML files. The built-in ones are next to this module and
install with the package. A team adds or overrides templates, without
code, in the directory set by ``[templates] dir``. A file looks like::

    name = "launch-post"            # letters, digits and dashes
    kind = "post"                   # the command it serves
    [title]                         # shown by /templates, in both locales
    en = "Product launch post"
    zh-CN = "新品发布帖"
    [description]
    en = "..."
    zh-CN = "..."
    [options]                       # presets; the user's own flags win
    platform = "weibo"
    [instructions]                  # added to the prompt, in the content's language
    en = "..."
    zh-CN = "..."

Files are read on every use, so an edited template applies to the next
command without a restart.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from core.errors import UsageError
from core.requests import REQUEST_MODELS, ContentRequest

logger = logging.getLogger(__name__)

BUILTIN_DIR = Path(__file__).resolve().parent
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
LOCALES = ("en", "zh-CN")
TEXT_TABLES = ("title", "description", "instructions")
INSTRUCTIONS_MAX_CHARS = 2000

# Fields a template may not preset: the subject comes from the command line.
UNSET_FIELDS = frozenset({"topic", "prompt", "template", "lang"})


@dataclass(frozen=True)
class Template:
    """One loaded template. The text tables map a locale to its text."""

    name: str
    kind: str
    title: dict[str, str]
    description: dict[str, str]
    instructions: dict[str, str]
    options: dict[str, object] = field(default_factory=dict)
    source: Path | None = None

    def text(self, table: str, locale: str) -> str:
        """Return ``title``, ``description`` or ``instructions`` in ``locale`` (zh-CN or en)."""
        texts: dict[str, str] = getattr(self, table)
        return texts["zh-CN" if locale == "zh-CN" else "en"]


class TemplateFileError(ValueError):
    """A template file that cannot be used; the message names the file and the problem."""


def load_template(path: Path) -> Template:
    """Read and check one template file. Raises :class:`TemplateFileError`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise TemplateFileError(f"{path}: cannot read TOML: {error}") from None

    name = str(data.get("name", path.stem)).strip().lower()
    if not NAME_PATTERN.fullmatch(name):
        raise TemplateFileError(f"{path}: invalid name {name!r}: use a-z, 0-9 and dashes")
    kind = data.get("kind")
    if kind not in REQUEST_MODELS:
        raise TemplateFileError(
            f"{path}: invalid kind {kind!r}: expected one of {sorted(REQUEST_MODELS)}"
        )

    texts = {table: _locale_table(path, data, table) for table in TEXT_TABLES}
    options = data.get("options", {})
    if not isinstance(options, dict):
        raise TemplateFileError(f"{path}: [options] must be a table")
    allowed = set(REQUEST_MODELS[kind].model_fields) - UNSET_FIELDS
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise TemplateFileError(
            f"{path}: unknown option(s) {', '.join(unknown)} for {kind}: expected {sorted(allowed)}"
        )
    return Template(name=name, kind=kind, options=dict(options), source=path, **texts)


def _locale_table(path: Path, data: dict, table: str) -> dict[str, str]:
    texts = data.get(table)
    if not isinstance(texts, dict) or any(
        not str(texts.get(locale, "")).strip() for locale in LOCALES
    ):
        raise TemplateFileError(f"{path}: [{table}] needs non-empty en and zh-CN texts")
    cleaned = {locale: str(texts[locale]).strip() for locale in LOCALES}
    if table == "instructions" and any(
        len(text) > INSTRUCTIONS_MAX_CHARS for text in cleaned.values()
    ):
        raise TemplateFileError(
            f"{path}: [instructions] is longer than {INSTRUCTIONS_MAX_CHARS} characters"
        )
    return cleaned


def load_templates(extra_dir: Path | None = None) -> dict[str, Template]:
    """Return every usable template by name: built-in ones, then ``extra_dir``'s.

    A template in ``extra_dir`` replaces a built-in one of the same name. A
    file that cannot be used is logged and skipped, so one typo does not
    stop every command. A missing ``extra_dir`` is logged and ignored.
    """
    templates: dict[str, Template] = {}
    directories = [BUILTIN_DIR]
    if extra_dir is not None:
        if extra_dir.is_dir():
            directories.append(extra_dir)
        else:
            logger.warning(
                "templates directory %s does not exist; using built-in templates", extra_dir
            )

    for directory in directories:
        for path in sorted(directory.glob("*.toml")):
            try:
                template = load_template(path)
            except TemplateFileError as error:
                logger.warning("template skipped: %s", error)
                continue
            if template.name in templates:
                logger.info(
                    "template %s from %s replaces %s",
                    template.name,
                    path,
                    templates[template.name].source,
                )
            templates[template.name] = template
    return templates


def templates_for(kind: str | None, extra_dir: Path | None = None) -> list[Template]:
    """Return the templates of ``kind`` (all when None), sorted by kind and name."""
    templates = load_templates(extra_dir).values()
    chosen = [template for template in templates if kind is None or template.kind == kind]
    return sorted(chosen, key=lambda template: (template.kind, template.name))


def find_template(name: str, kind: str, extra_dir: Path | None = None) -> Template:
    """Return template ``name`` for ``kind``.

    Raises :class:`UsageError` (``kinds.template.unknown``) listing the
    templates available for ``kind`` when there is no such template or it
    serves another kind.
    """
    template = load_templates(extra_dir).get(name.strip().lower())
    if template is not None and template.kind == kind:
        return template

    available = ", ".join(template.name for template in templates_for(kind, extra_dir)) or "-"
    raise UsageError(
        f"unknown template {name!r} for {kind}",
        message_key="kinds.template.unknown",
        name=name[:64],
        available=available,
        command=kind,
    )


def apply_template(request: ContentRequest, extra_dir: Path | None = None) -> ContentRequest:
    """Return ``request`` with its template's option presets where the user set no value.

    Options the user typed (``request.model_fields_set``) win over presets.
    Raises :class:`UsageError` for an unknown template or a preset that the
    request model rejects.
    """
    if not request.template:
        return request

    template = find_template(request.template, request.kind, extra_dir)
    explicit = request.model_dump(include=request.model_fields_set)
    data = {**template.options, **explicit, "template": template.name}
    try:
        return type(request).model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        raise UsageError(
            str(error),
            message_key="kinds.template.invalid",
            name=template.name,
            reason=f"{'.'.join(str(part) for part in first['loc'])}: {first['msg']}",
            command=request.kind,
        ) from None


def template_instructions(
    request: ContentRequest, locale: str, extra_dir: Path | None = None
) -> str | None:
    """Return the instructions of the request's template in ``locale``, or None.

    A template removed after the job was queued is logged and yields None,
    so the job still runs with its stored options.
    """
    if not request.template:
        return None
    try:
        template = find_template(request.template, request.kind, extra_dir)
    except UsageError:
        logger.warning(
            "template %s of a queued %s job is gone; writing without it",
            request.template,
            request.kind,
        )
        return None
    return template.text("instructions", locale)


__all__ = [
    "BUILTIN_DIR",
    "Template",
    "TemplateFileError",
    "apply_template",
    "find_template",
    "load_template",
    "load_templates",
    "template_instructions",
    "templates_for",
]
