"""Configuration from the environment or `.env`: exactly the variables the README lists."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Language = Literal["ru", "kk", "en"]
LANGUAGES: tuple[Language, ...] = ("ru", "kk", "en")

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class ConfigError(Exception):
    """A configuration value is missing or wrong; the message names the variable."""


def parse_hhmm(value: str) -> time:
    """Parse a local time of day written ``HH:MM`` (24-hour clock)."""
    match = _HHMM.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a time of day in the form HH:MM (00:00 to 23:59)")
    return time(int(match.group(1)), int(match.group(2)))


def _split_list(value: object) -> object:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


class Settings(BaseSettings):
    """Every setting of the bot; see `.env.example` for what each one means."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    database_url: str = "sqlite:///data/newsbot.db"
    feeds: Annotated[list[str], NoDecode] = Field(default_factory=list)
    feed_poll_seconds: int = Field(600, ge=10)
    default_language: Language = "ru"
    default_timezone: str = "Asia/Almaty"
    default_digest_time: str = "09:00"
    digest_max_items: int = Field(10, ge=1, le=50)
    summary_max_chars: int = Field(400, ge=50, le=1000)
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    send_rate_per_second: float = Field(25, gt=0, le=1000)
    outbox_max_in_flight: int = Field(8, ge=1, le=100)
    allow_private_networks: bool = False
    webhook_url: str = ""
    webhook_secret: SecretStr | None = None
    # The bot's HTTP server (/healthz, /metrics, the webhook); WEBHOOK_HOST/WEBHOOK_PORT are older names.
    http_host: str = Field("127.0.0.1", validation_alias=AliasChoices("http_host", "webhook_host"))
    http_port: int = Field(8080, ge=0, le=65535, validation_alias=AliasChoices("http_port", "webhook_port"))
    retention_days: int = Field(180, ge=0)
    readers_can_add_sources: bool = True
    reader_max_sources: int = Field(50, ge=0, le=1000)
    reader_adds_per_hour: int = Field(20, ge=1, le=1000)
    alert_max_per_day: int = Field(20, ge=0, le=1000)
    # Stories posted one by one to a chat in instant mode per hour; the rest come as one headlines message.
    instant_max_per_hour: int = Field(10, ge=1, le=1000)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"

    @field_validator("feeds", "admin_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        return _split_list(value)

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r} (example: Asia/Almaty)") from exc
        return value

    @field_validator("default_digest_time")
    @classmethod
    def _valid_time(cls, value: str) -> str:
        return parse_hhmm(value).strftime("%H:%M")

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _webhook_needs_http(self) -> Settings:
        if self.webhook_url and self.http_port == 0:
            raise ValueError(
                "HTTP_PORT: 0 turns the HTTP server off, but webhook mode (WEBHOOK_URL) needs it"
            )
        return self

    @property
    def database_path(self) -> Path:
        """The SQLite file named by ``DATABASE_URL`` (``sqlite:///relative`` or ``sqlite:////absolute``)."""
        url = self.database_url
        for prefix in ("sqlite+aiosqlite:///", "sqlite:///"):
            if url.startswith(prefix):
                return Path(url[len(prefix) :])
        raise ConfigError(
            f"DATABASE_URL: {redact_url(url)!r} is neither a sqlite:/// nor a postgresql:// URL"
            " (example: sqlite:///data/newsbot.db)"
        )

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def database_target(self) -> Path | str:
        """What ``Storage.open`` takes: the SQLite file, or the ``postgresql://`` URL as it is."""
        return self.database_url if self.is_postgres else self.database_path

    @property
    def database_label(self) -> str:
        """The database for messages: the SQLite file, or the URL without its password."""
        return redact_url(self.database_url) if self.is_postgres else str(self.database_path)

    @property
    def token(self) -> str:
        """The bot token, or a ConfigError saying how to get one."""
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise ConfigError(
                "BOT_TOKEN is not set: create a bot with @BotFather in Telegram, "
                "then put BOT_TOKEN=<token> in .env or the environment"
            )
        return self.bot_token.get_secret_value().strip()


def load_settings(**overrides: object) -> Settings:
    """Read settings; a bad value becomes one ConfigError line naming the variable."""
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "configuration"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{name}: {message}" if first["loc"] else message) from None
    settings.database_target  # noqa: B018 - validates DATABASE_URL early
    return settings


def redact_url(url: str) -> str:
    """A database URL without its password ("postgresql://user@host:5432/db")."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[-1]
    user = f"{parts.username}@" if parts.username else ""
    return parts._replace(netloc=user + netloc).geturl()
