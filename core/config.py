"""Settings: ``copydesk.toml`` (or ``--config PATH``) overridden by environment.

Environment variables are named ``COPYDESK_<SECTION>__<KEY>``, for example
``COPYDESK_LLM__PROVIDER=openai``. Every key and its default is documented
in ``config.example.toml``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from core.errors import ConfigError

logger = logging.getLogger(__name__)

DEFAULT_CONFIG_FILE = "copydesk.toml"


class Section(BaseModel):
    """A config section; unknown keys are errors, so a typo never goes unnoticed."""

    model_config = ConfigDict(extra="forbid")


class AppSettings(Section):
    default_locale: Literal["zh-CN", "en"] = "en"
    data_dir: Path = Path(".copydesk")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class LlmSettings(Section):
    provider: Literal["offline", "openai", "anthropic"] = "offline"
    model: str = ""
    base_url: str | None = None
    api_key: SecretStr | None = None
    timeout_s: float = Field(default=120.0, gt=0)
    tries: int = Field(default=3, ge=1, le=10)
    retry_base_delay_s: float = Field(default=1.0, ge=0)
    max_tokens: int = Field(default=4096, ge=64, le=200_000)

    def resolved_model(self) -> str:
        """Return the configured model, or the provider's usual default."""
        if self.model:
            return self.model
        return {"openai": "gpt-4o-mini", "anthropic": "claude-sonnet-4-5"}.get(
            self.provider, "offline"
        )


class QueueSettings(Section):
    redis_url: str | None = None
    queue_name: str = "copydesk:queue"
    max_jobs: int = Field(default=10, ge=1, le=1000)
    job_timeout_s: float = Field(default=600.0, gt=0)
    progress_interval_s: float = Field(default=1.0, ge=0)


# Per-kind time limits in seconds: model calls for long texts take minutes,
# analysis of a stored text takes seconds. Kinds not listed use
# ``queue.job_timeout_s``.
DEFAULT_TIME_LIMITS_S: dict[str, float] = {
    "article": 600,
    "post": 300,
    "script": 600,
    "image": 300,
    "seo": 30,
    "readability": 30,
    "revision": 600,
    # /seo and /readability with --rewrite call the model, so they get a model's limit.
    "rewrite": 600,
}


class JobsSettings(Section):
    """How jobs are limited, retried, recovered and handed back.

    ``time_limit_s`` entries are merged over the defaults, so a config that
    sets one kind keeps the others. ``lease_s`` is how long a job stays
    claimed by a worker that stopped renewing it (a killed worker), so it is
    the time before another worker runs that job again.
    """

    time_limit_s: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_TIME_LIMITS_S))
    max_tries: int = Field(default=3, ge=1, le=20)
    retry_base_delay_s: float = Field(default=5.0, ge=0)
    retry_max_delay_s: float = Field(default=300.0, ge=0)
    delivery_tries: int = Field(default=5, ge=1, le=20)
    delivery_base_delay_s: float = Field(default=1.0, ge=0)
    lease_s: float = Field(default=60.0, ge=1)
    shutdown_grace_s: float = Field(default=60.0, ge=0)
    sweep_interval_s: float = Field(default=60.0, gt=0)
    sweep_min_age_s: float = Field(default=30.0, ge=0)
    resume_max_age_s: float = Field(default=6 * 3600.0, gt=0)
    health_check_interval_s: float = Field(default=10.0, ge=1)
    cancel_wait_s: float = Field(default=1.0, ge=0)
    # arq checks for new jobs and aborts this often (arq's default is 0.5 s).
    # Once every slot is busy, arq 0.28 starts new jobs only at the next poll,
    # so one worker runs at most queue.max_jobs / poll_delay_s short jobs a second.
    poll_delay_s: float = Field(default=0.05, gt=0)

    @field_validator("time_limit_s", mode="after")
    @classmethod
    def _merge_time_limits(cls, limits: dict[str, float]) -> dict[str, float]:
        for kind, seconds in limits.items():
            if seconds <= 0:
                raise ValueError(f"time limit of {kind!r} must be greater than 0, got {seconds}")
        return {**DEFAULT_TIME_LIMITS_S, **limits}


class LimitsSettings(Section):
    """Fair-use limits; 0 turns a limit off. Admins are exempt.

    Daily limits reset at midnight in ``timezone``, which also splits days
    in ``/stats``.
    """

    user_daily_tokens: int = Field(default=0, ge=0)
    chat_daily_tokens: int = Field(default=0, ge=0)
    user_max_pending: int = Field(default=0, ge=0)
    user_daily_images: int = Field(default=0, ge=0)
    timezone: str = "UTC"

    @field_validator("timezone", mode="after")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {name!r}; use an IANA name such as Asia/Shanghai"
            ) from None
        return name


def _check_platform_ids(values: list[str]) -> list[str]:
    for value in values:
        platform, _, item_id = value.partition(":")
        if not platform or not item_id:
            raise ValueError(f"{value!r} is not of the form platform:id, e.g. telegram:12345")
    return values


class AccessSettings(Section):
    """Who may use Copydesk, as ``platform:id`` strings shared by every adapter.

    With both allow lists empty everyone may; otherwise a request passes when
    its user or its chat (a Telegram chat, a Slack channel) is listed.
    Admins always pass, may cancel and see every job, and are exempt from
    ``[limits]``.
    """

    allowed_users: list[str] = Field(default_factory=list)
    allowed_chats: list[str] = Field(default_factory=list)
    admins: list[str] = Field(default_factory=list)

    @field_validator("allowed_users", "allowed_chats", "admins", mode="after")
    @classmethod
    def _platform_ids(cls, values: list[str]) -> list[str]:
        return _check_platform_ids(values)


class ModelPrice(Section):
    input_per_mtok: float = Field(default=0.0, ge=0)
    output_per_mtok: float = Field(default=0.0, ge=0)


class PricingSettings(Section):
    """Prices per million tokens by model name, for the cost estimate in ``/stats``."""

    currency: str = "USD"
    models: dict[str, ModelPrice] = Field(default_factory=dict)


class StorageSettings(Section):
    path: Path = Path(".copydesk/copydesk.db")


class ImagesSettings(Section):
    """Image generation settings.

    ``base_url`` and ``api_key`` default to ``[llm]``'s when llm.provider is
    openai.

    ``modifiers`` replaces prompt phrases for every style and
    ``style_modifiers`` for one style. Their keys are style, mood, lighting
    and composition, and an empty string drops that phrase.
    """

    provider: Literal["offline", "openai"] = "offline"
    model: str = "dall-e-3"
    base_url: str | None = None
    api_key: SecretStr | None = None
    timeout_s: float = Field(default=120.0, gt=0)
    modifiers: dict[str, str] = Field(default_factory=dict)
    style_modifiers: dict[str, dict[str, str]] = Field(default_factory=dict)
    cover_style: Literal[
        "realistic", "artistic", "cartoon", "abstract", "vintage", "minimalist"
    ] = "minimalist"
    cover_size: Literal["1024x1024", "1024x1792", "1792x1024"] = "1792x1024"

    @field_validator("modifiers", mode="after")
    @classmethod
    def _known_modifier_keys(cls, modifiers: dict[str, str]) -> dict[str, str]:
        from core.images.prompt import MODIFIER_KEYS

        unknown = sorted(set(modifiers) - set(MODIFIER_KEYS))
        if unknown:
            raise ValueError(
                f"unknown modifier key(s) {', '.join(unknown)}: expected {', '.join(MODIFIER_KEYS)}"
            )
        return modifiers

    @field_validator("style_modifiers", mode="after")
    @classmethod
    def _known_styles(cls, style_modifiers: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        from core.images.prompt import STYLES

        for style, modifiers in style_modifiers.items():
            if style not in STYLES:
                raise ValueError(f"unknown style {style!r}: expected one of {', '.join(STYLES)}")
            cls._known_modifier_keys(modifiers)
        return style_modifiers

    def modifiers_for(self, style: str) -> dict[str, str]:
        """Return the prompt phrase overrides for ``style``: per-style ones over global ones."""
        return {**self.modifiers, **self.style_modifiers.get(style, {})}


class TemplatesSettings(Section):
    """The directory of a team's own templates (TOML files), read besides the built-in ones."""

    dir: Path | None = None


class TelegramSettings(Section):
    token: SecretStr | None = None
    api_base_url: str = "https://api.telegram.org/bot"
    webhook_secret: SecretStr | None = None
    allowed_chat_ids: list[int] = Field(default_factory=list)
    notify_chat_id: int | None = None
    # Sends per second across all chats; Telegram's FAQ puts its bulk limit at
    # about 30. 0 turns the overall cap off (per-chat and per-group caps stay).
    max_messages_per_s: float = Field(default=30.0, ge=0)


class SlackSettings(Section):
    bot_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    app_token: SecretStr | None = None
    api_base_url: str = "https://slack.com/api/"
    allowed_channel_ids: list[str] = Field(default_factory=list)
    notify_channel: str | None = None


class Settings(BaseSettings):
    """All settings. Load them with :func:`load_settings`."""

    model_config = SettingsConfigDict(
        env_prefix="COPYDESK_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    app: AppSettings = Field(default_factory=AppSettings)
    llm: LlmSettings = Field(default_factory=LlmSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    slack: SlackSettings = Field(default_factory=SlackSettings)
    images: ImagesSettings = Field(default_factory=ImagesSettings)
    templates: TemplatesSettings = Field(default_factory=TemplatesSettings)
    jobs: JobsSettings = Field(default_factory=JobsSettings)
    limits: LimitsSettings = Field(default_factory=LimitsSettings)
    access: AccessSettings = Field(default_factory=AccessSettings)
    pricing: PricingSettings = Field(default_factory=PricingSettings)

    @field_validator("queue", mode="after")
    @classmethod
    def _blank_redis_url_means_none(cls, queue: QueueSettings) -> QueueSettings:
        if queue.redis_url is not None and not queue.redis_url.strip():
            queue.redis_url = None
        return queue

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = _CONFIG_FILE.get("path")
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_file is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_file))
        return tuple(sources)


# The TOML path for the load in progress: pydantic-settings builds sources in a
# classmethod, so the path travels through this module-level slot.
_CONFIG_FILE: dict[str, Path | None] = {"path": None}


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Load settings from ``path`` (or ``./copydesk.toml`` when it exists) and the environment.

    Raises :class:`ConfigError` with one line naming the key, the value and
    what is allowed. Secret values are never included in the message.
    """
    config_path = _pick_config_file(path)
    _CONFIG_FILE["path"] = config_path
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise ConfigError(_describe_validation_error(error, config_path)) from None
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read config file {config_path}: {error}") from None
    finally:
        _CONFIG_FILE["path"] = None


def _pick_config_file(path: str | Path | None) -> Path | None:
    if path is not None:
        config_path = Path(path)
        if not config_path.is_file():
            raise ConfigError(f"config file not found: {config_path}")
        return config_path
    default = Path(os.environ.get("COPYDESK_CONFIG", DEFAULT_CONFIG_FILE))
    return default if default.is_file() else None


def _describe_validation_error(error: ValidationError, config_path: Path | None) -> str:
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"])
    env_name = "COPYDESK_" + "__".join(str(part).upper() for part in first["loc"])
    secret = any(word in key for word in ("key", "token", "secret"))
    value = "<hidden>" if secret else repr(first.get("input"))
    source = f" in {config_path}" if config_path else ""
    if first["type"] == "extra_forbidden":
        return (
            f"invalid config: unknown key {key!r}{source} (or {env_name}); see config.example.toml"
        )
    return f"invalid config: {key} = {value}{source} (or {env_name}): {first['msg']}"
