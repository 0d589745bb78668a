"""A digest as Telegram HTML messages: a dated heading, numbered stories, split between stories."""

from __future__ import annotations

from typing import Any, Protocol

from aiogram_i18n.cores import FluentRuntimeCore

from bot.digest.compose import Digest
from bot.digest.story_card import StoryCard, render_story
from bot.localtime import format_date, format_datetime, zone
from bot.telegram.html import MESSAGE_LIMIT, escape, join_blocks


class Translate(Protocol):
    """Interface text by key, in one language (``I18nContext.get`` fits, so does ``core_translator``)."""

    def __call__(self, key: str, /, **kwargs: Any) -> str: ...


def core_translator(core: FluentRuntimeCore, language: str) -> Translate:
    """Texts in ``language`` from a loaded Fluent core, for code outside handlers."""

    def translate(key: str, /, **kwargs: Any) -> str:
        return core.get(key, language, **kwargs)

    return translate


def render_digest(digest: Digest, translate: Translate, limit: int = MESSAGE_LIMIT) -> list[str]:
    """The digest's messages, each at most ``limit`` characters; none when there is nothing new."""
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
            when=format_datetime(article.published_at, digest.language, tz),
            summary=article.summary,
            more_sources=translate("story-more-sources", count=item.more_sources)
            if item.more_sources
            else "",
        )
        blocks.append(render_story(card, number))
    blocks.append(f"<i>{escape(translate('digest-footer'))}</i>")
    return join_blocks(blocks, limit)
