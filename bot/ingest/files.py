"""Article files: the plain-text export format, JSON Lines, and RSS/Atom documents on disk."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from bot.ingest.feed_parser import FeedParseError, parse_feed
from bot.ingest.models import ArticleDraft

MAX_FILE_BYTES = 200 * 1024 * 1024
_URL = re.compile(r"^https?://\S+$")
# Comments are matched without backtracking ("-" only when not closing): linear on "<!----><!---->...".
_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--(?:[^-]|-(?!->))*-->\s*)*<(rss|feed|rdf:RDF)\b")


class BadFileError(Exception):
    """A file that cannot be read as articles; the message says why."""


@dataclass(frozen=True, slots=True)
class FileProblem:
    """One bad record inside an otherwise readable file."""

    line: int
    reason: str


def decode(data: bytes) -> str:
    """UTF-8 (a BOM allowed), else windows-1251 when that reads as Cyrillic text; BadFileError otherwise."""
    if not data.strip():
        raise BadFileError("empty file")
    if b"\x00" in data[:4096]:
        raise BadFileError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="replace")
    letters = sum(ch.isalpha() for ch in text)
    cyrillic = sum("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in text)
    if letters and cyrillic / letters > 0.5 and "\ufffd" not in text:
        return text
    raise BadFileError("not UTF-8 text (and not windows-1251 Cyrillic)")


def parse_date(value: object) -> datetime | None:
    """ISO 8601 or RFC 2822 dates; naive ones are taken as UTC; anything else is None."""
    if not isinstance(value, str) or not value.strip() or value.strip() == "None":
        return None
    value = value.strip()
    moment: datetime | None = None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # "0001-01-01T00:00:00+01:00" lies before the first representable moment
        return None


def parse_export_text(text: str) -> ArticleDraft:
    """The plain-text export: title on line 1, metadata lines (``None`` = missing), then the body.

    Metadata is what stands between the title and the first paragraph: blank lines, ``None``, a URL, a date.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = lines[0].strip()
    url: str | None = None
    published: datetime | None = None
    index = 1
    while index < len(lines):
        line = lines[index].strip()
        if not line or line == "None":
            index += 1
        elif _URL.match(line) and url is None:
            url = line
            index += 1
        elif len(line) <= 40 and parse_date(line) is not None and published is None:
            published = parse_date(line)
            index += 1
        else:
            break
    body = "\n".join(lines[index:]).strip()
    if not title:
        raise BadFileError("no title on the first line")
    if not body:
        raise BadFileError("no article text after the title")
    return ArticleDraft(title=title, text=body, url=url, published=published)


def json_lines(text: str) -> list[str]:
    """The lines of a JSON Lines text: split at line feeds only (``str.splitlines`` also splits at
    U+2028, U+0085 and others, which JSON leaves unescaped inside strings)."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def parse_jsonl(text: str, default_source: str | None) -> Iterator[ArticleDraft | FileProblem]:
    """Drafts from JSON Lines (``title``, ``text``, optional ``url``, ``published``, ``source``)."""
    for number, line in enumerate(json_lines(text), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield FileProblem(number, f"not JSON: {exc.msg}")
            continue
        except (ValueError, RecursionError) as exc:  # a 5,000-digit number, 100,000 nested brackets
            yield FileProblem(number, f"not JSON: {type(exc).__name__}")
            continue
        if not isinstance(item, dict):
            yield FileProblem(number, "not a JSON object")
            continue
        body = item.get("text")
        title = item.get("title") or ""
        if not isinstance(body, str) or not body.strip():
            yield FileProblem(number, "no 'text'")
            continue
        if not isinstance(title, str):
            yield FileProblem(number, "'title' is not a string")
            continue
        url = item.get("url") if isinstance(item.get("url"), str) else None
        source = item.get("source") if isinstance(item.get("source"), str) else default_source
        yield ArticleDraft(
            title=title, text=body, url=url, published=parse_date(item.get("published")), source_name=source
        )


def read_article_file(path: Path, default_source: str | None) -> Iterator[ArticleDraft | FileProblem]:
    """Every draft in one file, whatever its format; BadFileError when the file as a whole is unusable."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BadFileError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise BadFileError(f"cannot read: {exc.strerror or exc}") from exc
    suffix = path.suffix.lower()
    if suffix in {".xml", ".rss", ".atom"} or _FEED_START.match(data[:2048]):
        try:
            feed = parse_feed(data, fallback_time=None)
        except FeedParseError as exc:
            raise BadFileError(f"not a readable feed: {exc}") from exc
        for draft in feed.entries:
            draft.source_name = default_source or feed.title
            yield draft
        return
    text = decode(data)
    if suffix in {".jsonl", ".ndjson"}:
        yield from parse_jsonl(text, default_source)
        return
    draft = parse_export_text(text)
    draft.source_name = default_source
    yield draft


ARTICLE_SUFFIXES = {".txt", ".jsonl", ".ndjson", ".xml", ".rss", ".atom", ""}


def collect_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Files named or found under folders (sorted, hidden ones skipped), and paths that do not exist."""
    files: list[Path] = []
    missing: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.suffix.lower() in ARTICLE_SUFFIXES
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(path)
    return files, missing
