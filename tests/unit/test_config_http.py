"""The HTTP server and retention settings: SPEC defaults, the older webhook names, clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

NAMES = ("HTTP_HOST", "HTTP_PORT", "WEBHOOK_HOST", "WEBHOOK_PORT", "WEBHOOK_URL", "RETENTION_DAYS")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name in NAMES or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults_match_the_spec() -> None:
    s = load_settings()
    assert (s.http_host, s.http_port, s.retention_days) == ("127.0.0.1", 8080, 180)


def test_older_webhook_names_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_HOST", "0.0.0.0")
    monkeypatch.setenv("WEBHOOK_PORT", "8443")
    s = load_settings()
    assert (s.http_host, s.http_port) == ("0.0.0.0", 8443)


def test_new_names_win_over_older_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_PORT", "8443")
    monkeypatch.setenv("HTTP_PORT", "9100")
    assert load_settings().http_port == 9100


def test_port_zero_is_off_in_polling_mode_and_refused_with_a_webhook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PORT", "0")
    assert load_settings().http_port == 0
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.kz/hook")
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert (
        str(error.value) == "HTTP_PORT: 0 turns the HTTP server off, but webhook mode (WEBHOOK_URL) needs it"
    )


@pytest.mark.parametrize(
    ("name", "value"), [("HTTP_PORT", "70000"), ("HTTP_PORT", "web"), ("RETENTION_DAYS", "-1")]
)
def test_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert str(error.value).startswith(f"{name}:")
