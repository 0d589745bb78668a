"""A digest as Telegram HTML messages: a dated heading, numbered stories, split evenly between stories."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any, Protocol

from aiogram_i18n.cores import FluentRuntimeCore

from bot.digest.compose import Digest
from bot.digest.story_card import StoryCard, render_story
from bot.localtime import format_date, format_day_month, zone
from bot.telegram.html import MESSAGE_LIMIT, escape, join_blocks, telegram_length


class Translate(Protocol):
    """Interface text by key, in one language (``I18nContext.get`` fits, so does ``core_translator``)."""

    def __call__(self, key: str, /, **kwargs: Any) -> str: ...


def core_translator(core: FluentRuntimeCore, language: str) -> Translate:
    """Texts in ``language`` from a loaded Fluent core, for code outside handlers."""

    def translate(key: str, /, **kwargs: Any) -> str:
        return core.get(key, language, **kwargs)

    return translate


def story_time(
    published: datetime, composed: datetime, tz: tzinfo, language: str, translate: Translate
) -> str:
    """When a story came out, as short as the digest allows: "14:05", "вчера, 18:40", "25 ноября, 09:10".

    The heading carries the date, so a story of that day shows its time alone.
    """
    local = published.astimezone(tz)
    day = composed.astimezone(tz).date()
    clock = f"{local:%H:%M}"
    if local.date() == day:
        return clock
    if local.date() == day - timedelta(days=1):
        return translate("story-yesterday", time=clock)
    return f"{format_day_month(local, language)}, {clock}"


def render_digest(
    digest: Digest, translate: Translate, limit: int = MESSAGE_LIMIT, *, channel: bool = False
) -> list[str]:
    """The digest's messages, each at most ``limit`` units, stories shared evenly between them; none
    when there is nothing new. In a ``channel`` nobody can send commands: no /read_ID, no footer."""
    if digest.empty:
        return []
    tz = zone(digest.timezone)
    heading = translate(
        "digest-heading", date=format_date(digest.composed_at.astimezone(tz), digest.language)
    )
    blocks = [f"<b>{escape(heading)}</b>"]
    for number, item in enumerate(digest.items, start=1):
        article = item.article
        card = StoryCard(
            article_id=article.id,
            title=article.title,
            url=article.url,
            source=article.source_title,
            when=story_time(article.published_at, digest.composed_at, tz, digest.language, translate),
            summary=article.summary,
            more_sources=translate("story-more-sources", count=item.more_sources)
            if item.more_sources
            else "",
            also=tuple((other.source_title, other.url) for other in item.also),
        )
        blocks.append(render_story(card, number, read_command=not channel))
    if not channel:
        blocks.append(f"<i>{escape(translate('digest-footer'))}</i>")
    return balanced_blocks(blocks, limit)


def balanced_blocks(blocks: list[str], limit: int = MESSAGE_LIMIT, separator: str = "\n\n") -> list[str]:
    """Blocks packed into as few messages as greedy packing needs, but shared out evenly: the longest
    message is as short as it can be, so a digest is never "nine stories, then one"."""
    greedy = join_blocks(blocks, limit, separator)
    count = len(greedy)
    if count <= 1:
        return greedy
    gap = telegram_length(separator)
    ends = [0]  # ends[i]: blocks[:i] joined, plus one separator
    for block in blocks:
        ends.append(ends[-1] + telegram_length(block) + gap)

    def size(first: int, last: int) -> int:  # blocks[first:last] joined
        return ends[last] - ends[first] - gap

    n = len(blocks)
    # best[k][i]: the smallest possible longest message packing blocks[:i] into k messages.
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    cut = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0
    for k in range(1, count + 1):
        for i in range(1, n + 1):
            for j in range(k - 1, i):
                length = size(j, i)
                if length > limit:
                    continue
                worst = max(best[k - 1][j], length)
                if worst < best[k][i]:
                    best[k][i], cut[k][i] = worst, j
    messages = []
    end = n
    for k in range(count, 0, -1):
        start = cut[k][end]
        messages.append(separator.join(blocks[start:end]))
        end = start
    return messages[::-1]
