"""One story as Telegram HTML: the block that /latest, /search and the digest all show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING

from bot.localtime import format_datetime
from bot.telegram.html import escape, escaped_prefix, link, telegram_length
from bot.text.shorten import shorten

if TYPE_CHECKING:
    from storage.articles import Article, ArticleHeadline

# Caps that keep one story block below a message (4096 UTF-16 units) however much of it is escaped:
# each field is cut to a number of characters and, escaped, to a number of units; they add up to 4000.
TITLE_MAX_CHARS = 300
TITLE_MAX_ESCAPED = 700
META_MAX_ESCAPED = 600
ALSO_MAX_ESCAPED = 600  # "+2 sources: A, B", each name linked to its report
SUMMARY_MAX_ESCAPED = 1100
URL_MAX_CHARS = 1000  # a longer (or, escaped, larger) link is left out; the title stays
ALSO_NAME_MAX_CHARS = 40
ALSO_URL_MAX_ESCAPED = 300


def escape_within(text: str, chars: int, escaped: int) -> str:
    """``text`` shortened to ``chars`` characters, then further until escaped it fits ``escaped`` units."""
    text = shorten(text, chars)
    if telegram_length(escape(text)) > escaped:
        # Room for the ellipsis that ``shorten`` adds ("…" is one unit and needs no escaping).
        text = shorten(text, max(escaped_prefix(text, escaped - 1), 1))
    return escape(text)


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
    # The other sources by name, each with the link to its report (when it has one).
    also: tuple[tuple[str, str | None], ...] = ()


def single_card(article: Article | ArticleHeadline, language: str, tz: tzinfo) -> StoryCard:
    """The card of an article shown on its own (/latest, /search, an alert, an instant post): its
    date and time in the reader's zone and language, no other sources."""
    return StoryCard(
        article_id=article.id,
        title=article.title,
        url=article.url,
        source=article.source_title,
        when=format_datetime(article.published_at, language, tz),
        summary=article.summary,
    )


def also_line(label: str, also: tuple[tuple[str, str | None], ...]) -> str:
    """ "+2 sources: A, B" as HTML within ``ALSO_MAX_ESCAPED``; names that do not fit are left out."""
    line = escape_within(label, TITLE_MAX_CHARS, ALSO_MAX_ESCAPED // 2)
    names: list[str] = []
    for name, url in also:
        title = escape_within(name, ALSO_NAME_MAX_CHARS, ALSO_NAME_MAX_CHARS * 6)
        fits = url is not None and telegram_length(escape(url)) <= ALSO_URL_MAX_ESCAPED
        piece = link(url if fits else None, title, escaped=True)
        candidate = f"{line}: {', '.join([*names, piece])}"
        if telegram_length(candidate) > ALSO_MAX_ESCAPED:
            break
        names.append(piece)
    return f"{line}: {', '.join(names)}" if names else line


def render_story(card: StoryCard, number: int | None = None, *, read_command: bool = True) -> str:
    """Numbered title linked to the original, source and time (and the other sources that told it),
    summary, and the /read_ID command (not in a channel, where nobody can send it)."""
    title = escape_within(card.title, TITLE_MAX_CHARS, TITLE_MAX_ESCAPED)
    url = card.url if card.url and telegram_length(escape(card.url)) <= URL_MAX_CHARS else None
    heading = f"<b>{link(url, title, escaped=True)}</b>"
    if number is not None:
        heading = f"<b>{number}.</b> {heading}"
    meta = escape_within(f"{card.source} · {card.when}", TITLE_MAX_CHARS, META_MAX_ESCAPED)
    if card.more_sources:
        meta += f" · {also_line(card.more_sources, card.also)}"
    lines = [heading, f"<i>{meta}</i>"]
    if card.summary:
        lines.append(escape_within(card.summary, len(card.summary), SUMMARY_MAX_ESCAPED))
    if read_command:
        lines.append(f"/read_{card.article_id}")
    return "\n".join(lines)
