"""Why a fetch or a parse failed, as a short code and a reason an admin can read in their language.

The raw detail ("[Errno -2] Name or service not known") goes to the log and stays in the stored
``last_error`` after its code ("dns: cannot resolve ..."); chat shows the localized reason of the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.ingest.discovery import NoFeedFoundError
from bot.ingest.feed_parser import FeedParseError
from bot.ingest.fetcher import FetchError

_CODE = re.compile(r"^(http-\d{3}|[a-z]+): ")


class FailureReason(StrEnum):
    """What an admin is told; each value is a Fluent key suffix (``failure-<value>``)."""

    UNREACHABLE = "unreachable"
    NOT_FOUND = "not-found"
    NOT_A_FEED = "not-a-feed"
    TOO_BIG = "too-big"
    TIMED_OUT = "timed-out"
    PRIVATE_ADDRESS = "private-address"
    SITE_ERROR = "site-error"
    BAD_URL = "bad-url"
    FAILED = "failed"


_REASONS = {
    "dns": FailureReason.UNREACHABLE,
    "connect": FailureReason.UNREACHABLE,
    "network": FailureReason.UNREACHABLE,
    "redirects": FailureReason.UNREACHABLE,
    "http-404": FailureReason.NOT_FOUND,
    "http-410": FailureReason.NOT_FOUND,
    "parse": FailureReason.NOT_A_FEED,
    "nofeed": FailureReason.NOT_A_FEED,
    "body": FailureReason.NOT_A_FEED,
    "size": FailureReason.TOO_BIG,
    "timeout": FailureReason.TIMED_OUT,
    "private": FailureReason.PRIVATE_ADDRESS,
    "url": FailureReason.BAD_URL,
}


@dataclass(frozen=True, slots=True)
class Failure:
    """A failure as stored and shown: ``code`` ("http-500", "dns"), the raw ``detail`` for the log."""

    code: str
    detail: str

    @property
    def reason(self) -> FailureReason:
        if self.code in _REASONS:
            return _REASONS[self.code]
        return FailureReason.SITE_ERROR if self.code.startswith("http-") else FailureReason.FAILED

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"


def failure_of(exc: BaseException) -> Failure:
    """The failure an exception of fetching or parsing stands for."""
    if isinstance(exc, FetchError):
        return Failure(exc.code, str(exc))
    if isinstance(exc, NoFeedFoundError):
        return Failure("nofeed", str(exc))
    if isinstance(exc, FeedParseError):
        return Failure("parse", str(exc) or "not a feed")
    return Failure("error", f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)


def parse_failure(text: str) -> Failure:
    """Read back a stored failure text ("code: detail"); text stored without a code is ``error``."""
    match = _CODE.match(text)
    if match is None:
        return Failure("error", text)
    return Failure(match.group(1), text[match.end() :])
