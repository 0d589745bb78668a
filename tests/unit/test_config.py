"""Configuration: defaults of the SPEC, one clear line per bad value, the token never printed."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.logging_setup import RedactingFormatter, redact, register_secret

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name in {
            "BOT_TOKEN",
            "FEEDS",
            "ADMIN_IDS",
            "DEFAULT_TIMEZONE",
            "DEFAULT_DIGEST_TIME",
            "DATABASE_URL",
        }:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults_match_the_spec() -> None:
    s = load_settings()
    assert s.telegram_api_url == "https://api.telegram.org"
    assert s.database_path == Path("data/newsbot.db")
    assert (s.feed_poll_seconds, s.digest_max_items, s.summary_max_chars) == (600, 10, 400)
    assert (s.default_language, s.default_timezone, s.default_digest_time) == ("ru", "Asia/Almaty", "09:00")
    assert s.send_rate_per_second == 25 and s.allow_private_networks is False
    assert s.feeds == [] and s.admin_ids == []


def test_lists_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEEDS", "https://a.kz/rss, https://b.kz/atom ,")
    monkeypatch.setenv("ADMIN_IDS", "1,22")
    s = load_settings()
    assert s.feeds == ["https://a.kz/rss", "https://b.kz/atom"]
    assert s.admin_ids == [1, 22]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEFAULT_TIMEZONE", "Mars/Olympus"),
        ("DEFAULT_DIGEST_TIME", "25:00"),
        ("DEFAULT_DIGEST_TIME", "9h"),
        ("FEED_POLL_SECONDS", "often"),
        ("ADMIN_IDS", "alice"),
        ("DEFAULT_LANGUAGE", "de"),
        ("DATABASE_URL", "mysql://x"),
    ],
)
def test_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert str(error.value).startswith(f"{name}:")
    assert "\n" not in str(error.value)


def test_missing_token_says_how_to_get_one() -> None:
    with pytest.raises(ConfigError, match=r"BOT_TOKEN.*@BotFather"):
        _ = load_settings().token


def run_bot_command(cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``python -m bot run`` as an operator starts it, in a folder with no .env."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=cwd, env=env, capture_output=True, text=True, timeout=30
    )


def test_run_without_token_exits_with_one_line(tmp_path: Path) -> None:
    result = run_bot_command(tmp_path, {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"})
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "BOT_TOKEN" in result.stderr and "Traceback" not in result.stderr


def test_bad_timezone_stops_start_up_naming_it(tmp_path: Path) -> None:
    result = run_bot_command(tmp_path, {**os.environ, "BOT_TOKEN": "1:x", "DEFAULT_TIMEZONE": "Mars/Olympus"})
    assert result.returncode != 0
    assert result.stderr.strip().startswith("error: DEFAULT_TIMEZONE:")


def test_token_is_redacted_from_log_lines() -> None:
    token = "123456:SECRET-token-of-the-unit-test"
    register_secret(token)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "GET /bot%s/getMe", (token,), None)
    line = RedactingFormatter("%(message)s").format(record)
    assert token not in line and "***" in line


def test_token_is_redacted_from_tracebacks_and_encoded_forms() -> None:
    token = "654321:AAE-secret-part-of-a-token_x"
    register_secret(token)
    try:
        raise RuntimeError(f"502 Bad Gateway while proxying /bot{token}/sendMessage")
    except RuntimeError:
        record = logging.LogRecord("x", logging.DEBUG, __file__, 1, "failed", None, sys.exc_info())
    line = RedactingFormatter("%(message)s").format(record)
    assert "proxying /bot***/sendMessage" in line and token not in line
    assert redact("/bot654321%3AAAE-secret-part-of-a-token_x/getMe") == "/bot***/getMe"
    assert "secret-part" not in redact("leaked AAE-secret-part-of-a-token_x alone")
