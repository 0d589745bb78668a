"""What every parser hands to the processor: one article not yet stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True)
class ArticleDraft:
    """An article as a parser found it, before cleaning, summarizing and deduplication.

    ``published`` is timezone-aware (UTC) or None when the source gave no usable date.
    """

    title: str
    text: str
    url: str | None = None
    guid: str | None = None
    published: datetime | None = None
    source_name: str | None = None
    # True when ``text`` is only a feed's lead and the page may hold the full article.
    lead_only: bool = False
    # Link targets that are not in ``text`` (a channel post's text links): read for an ad's erid.
    links: tuple[str, ...] = ()
