"""Logging for the process: one format, and the bot token never printed or stored.

``redact`` is the one place that removes secrets from a text: the log formatter applies it to every
formatted line (tracebacks included, whatever the level), and the stores of error texts (an outbox
row's or a source's ``last_error``) apply it before writing. An error page that a proxy in front of
the Bot API sends back ("502 while proxying /bot<token>/sendMessage") ends up in exception texts:
those are redacted here like anything else.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO
from urllib.parse import quote

REDACTED = "***"
# A bot token is "<bot id>:<secret>"; the secret alone is as good as the token for an attacker.
_MIN_SECRET_PART = 16

_secrets: set[str] = set()


def register_secret(secret: str) -> None:
    """Never print or store ``secret`` from now on in this process (its URL-encoded forms neither)."""
    if not secret:
        return
    forms = {secret, quote(secret, safe=""), quote(secret)}
    _, _, tail = secret.partition(":")
    if len(tail) >= _MIN_SECRET_PART:
        forms |= {tail, quote(tail, safe="")}
    _secrets.update(f for f in forms if f)


def redact(text: str) -> str:
    """``text`` with every registered secret replaced by ``***``."""
    if not _secrets or not text:
        return text
    # Longest first: a token's secret part must not be replaced before the whole token is.
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then redacts the whole line: message, arguments and traceback alike."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_handler(stream: TextIO | None = None) -> logging.Handler:
    """The process's log handler: time, level, logger name, message; secrets redacted."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def setup_logging(level: str, secrets: list[str] | None = None) -> None:
    """Configure the root logger once; ``secrets`` are registered for redaction."""
    for secret in secrets or []:
        register_secret(secret)
    root = logging.getLogger()
    root.handlers[:] = [log_handler()]
    root.setLevel(level)
    # httpx logs every request URL at INFO; keep it for debugging only.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, root.level))
