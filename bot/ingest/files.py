"""Article files: the plain-text export format, JSON Lines, and RSS/Atom documents on disk."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from bot.ingest.feed_parser import FeedParseError, parse_feed
from bot.ingest.models import ArticleDraft

MAX_FILE_BYTES = 200 * 1024 * 1024
# One JSON Lines record: longer lines are reported and skipped, never held whole in memory.
MAX_JSONL_LINE_BYTES = 4 * 1024 * 1024
_READ_CHUNK = 1024 * 1024
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
        if line.strip():
            yield jsonl_record(number, line, default_source)


def jsonl_record(number: int, line: str, default_source: str | None) -> ArticleDraft | FileProblem:
    """One JSON Lines record (line ``number``) as a draft, or the problem with it."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return FileProblem(number, f"not JSON: {exc.msg}")
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, 100,000 nested brackets
        return FileProblem(number, f"not JSON: {type(exc).__name__}")
    if not isinstance(item, dict):
        return FileProblem(number, "not a JSON object")
    body = item.get("text")
    title = item.get("title") or ""
    if not isinstance(body, str) or not body.strip():
        return FileProblem(number, "no 'text'")
    if not isinstance(title, str):
        return FileProblem(number, "'title' is not a string")
    url = item.get("url") if isinstance(item.get("url"), str) else None
    source = item.get("source") if isinstance(item.get("source"), str) else default_source
    return ArticleDraft(
        title=title, text=body, url=url, published=parse_date(item.get("published")), source_name=source
    )


def stream_jsonl(path: Path, default_source: str | None) -> Iterator[ArticleDraft | FileProblem]:
    """A JSON Lines file read line by line: memory holds one record (at most MAX_JSONL_LINE_BYTES)."""
    with path.open("rb") as handle:
        number = 0
        while True:
            raw = handle.readline(MAX_JSONL_LINE_BYTES + 1)
            if not raw:
                return
            number += 1
            if len(raw) > MAX_JSONL_LINE_BYTES:
                if not raw.endswith(b"\n"):
                    _skip_rest_of_line(handle)
                yield FileProblem(number, f"line longer than {MAX_JSONL_LINE_BYTES // (1024 * 1024)} MB")
                continue
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            try:
                line = decode(raw)
            except BadFileError as exc:
                yield FileProblem(number, str(exc))
                continue
            yield jsonl_record(number, line.removesuffix("\n").removesuffix("\r"), default_source)


def _skip_rest_of_line(handle: BinaryIO) -> None:
    while True:
        chunk = handle.readline(_READ_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def read_article_file(path: Path, default_source: str | None) -> Iterator[ArticleDraft | FileProblem]:
    """Every draft in one file, whatever its format; BadFileError when the file as a whole is unusable."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BadFileError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        if suffix in {".jsonl", ".ndjson"}:
            with path.open("rb") as handle:
                head = handle.read(4096)
            if not head.strip():
                raise BadFileError("empty file")
            if b"\x00" in head:
                raise BadFileError("binary file, not text")
            yield from stream_jsonl(path, default_source)
            return
        data = path.read_bytes()
    except OSError as exc:
        raise BadFileError(f"cannot read: {exc.strerror or exc}") from exc
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
