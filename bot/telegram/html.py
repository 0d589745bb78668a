"""The one place that turns text into Telegram HTML and cuts it into messages Telegram accepts."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from razdel import sentenize

# Telegram counts a message's length in UTF-16 code units (an emoji outside the BMP counts two).
MESSAGE_LIMIT = 4096
_SAFE_SCHEMES = ("http://", "https://", "tg://")


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units.  Of HTML, this bounds the parsed text's."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def escaped_prefix(text: str, limit: int) -> int:
    """The longest prefix length of ``text`` whose escaped form fits ``limit`` (binary search)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if telegram_length(escape(text[:middle])) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def escape(text: str) -> str:
    """Text safe inside Telegram HTML: only &, < and > (and quotes) are special."""
    return html.escape(text, quote=True)


def link(url: str | None, text: str, *, escaped: bool = False) -> str:
    """``<a href>`` for web links, plain escaped text when the URL is missing or not http(s).

    ``escaped``: ``text`` is HTML already (escaped by the caller), not plain text.
    """
    inner = text if escaped else escape(text)
    if url and url.lower().startswith(_SAFE_SCHEMES):
        return f'<a href="{escape(url)}">{inner}</a>'
    return inner


def bold(text: str) -> str:
    return f"<b>{escape(text)}</b>"


def _pieces(paragraph: str, limit: int) -> Iterable[str]:
    """A paragraph cut to escaped chunks of at most ``limit``: at sentence breaks, then at spaces."""
    if telegram_length(escape(paragraph)) <= limit:
        yield escape(paragraph)
        return
    for sentence in (s.text for s in sentenize(paragraph)):
        if telegram_length(escape(sentence)) <= limit:
            yield escape(sentence)
            continue
        word_run = ""
        for word in sentence.split(" "):
            candidate = f"{word_run} {word}" if word_run else word
            if telegram_length(escape(candidate)) <= limit:
                word_run = candidate
                continue
            if word_run:
                yield escape(word_run)
            # A single word longer than a message: cut it by characters, never inside an entity.
            while telegram_length(escape(word)) > limit:
                cut = max(escaped_prefix(word, limit), 1)
                yield escape(word[:cut])
                word = word[cut:]
            word_run = word
        if word_run:
            yield escape(word_run)


def split_plain_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Escape plain text and split it into HTML chunks of at most ``limit`` characters each.

    Breaks fall between paragraphs where possible, then between sentences, then between words.
    """
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    # A paragraph's first piece starts a new paragraph; its sentence or word pieces follow with a space.
    pieces = (
        ("\n\n" if index == 0 else " ", piece)
        for paragraph in paragraphs
        for index, piece in enumerate(_pieces(paragraph, limit))
    )
    return _pack(pieces, limit)


def join_blocks(blocks: Iterable[str], limit: int = MESSAGE_LIMIT, separator: str = "\n\n") -> list[str]:
    """Pack HTML blocks (each at most ``limit``) into as few messages as fit, never splitting a block."""
    blocks = list(blocks)
    if any(telegram_length(block) > limit for block in blocks):
        raise ValueError("a block is longer than one message")
    return _pack(((separator, block) for block in blocks), limit)


def _pack(pieces: Iterable[tuple[str, str]], limit: int) -> list[str]:
    """Greedy packing of (joiner, piece) pairs into messages of at most ``limit`` characters."""
    messages: list[str] = []
    current = ""
    for joiner, piece in pieces:
        candidate = f"{current}{joiner}{piece}" if current else piece
        if telegram_length(candidate) <= limit:
            current = candidate
        else:
            messages.append(current)
            current = piece
    if current:
        messages.append(current)
    return messages
