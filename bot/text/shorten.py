"""Shortening a line of text for display (titles, source names, button labels) at a word boundary."""

from __future__ import annotations

ELLIPSIS = "…"
_TRAILING = " ,;:—–-"


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters, cut after a whole word with "…" when cut.

    Only a first word longer than the limit is itself cut (the ellipsis says so): a shortened text
    is never left without a word.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    room = limit - len(ELLIPSIS)
    # A space right after the room ends a whole word too, so look one character further.
    cut = text.rfind(" ", 0, room + 1)
    head = text[:cut].rstrip(_TRAILING) if cut > 0 else ""
    if not any(ch.isalnum() for ch in head):
        head = text[:room].rstrip(_TRAILING) or text[:room]
    return head + ELLIPSIS
