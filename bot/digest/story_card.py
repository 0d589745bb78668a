"""One story as Telegram HTML: the block that /latest, /search and the digest all show."""

from __future__ import annotations

from dataclasses import dataclass

from bot.telegram_html import escape, link

# Caps that keep one story block far below a message (4096) even when every character is escaped.
TITLE_MAX_CHARS = 300
URL_MAX_CHARS = 1000


def shorten(text: str, limit: int) -> str:
    """Text cut at a word boundary to at most ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:—-") + "…"


@dataclass(frozen=True, slots=True)
class StoryCard:
    article_id: int
    title: str
    url: str | None
    source: str
    when: str
    summary: str
    # "+2 sources" when the same story came from several sources; empty otherwise.
    more_sources: str = ""


def render_story(card: StoryCard, number: int | None = None) -> str:
    """Numbered title linked to the original, source and time, summary, and the /read_ID command."""
    title = shorten(card.title, TITLE_MAX_CHARS)
    url = card.url if card.url and len(card.url) <= URL_MAX_CHARS else None
    heading = f"<b>{link(url, title)}</b>"
    if number is not None:
        heading = f"<b>{number}.</b> {heading}"
    meta = f"{card.source} · {card.when}"
    if card.more_sources:
        meta += f" · {card.more_sources}"
    lines = [heading, f"<i>{escape(shorten(meta, TITLE_MAX_CHARS))}</i>"]
    if card.summary:
        lines.append(escape(card.summary))
    lines.append(f"/read_{card.article_id}")
    return "\n".join(lines)
