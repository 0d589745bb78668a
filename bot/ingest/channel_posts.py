"""Telegram channel posts as articles: the core behind handlers/channel.py.

A channel is a source of kind ``channel`` at ``tg://channel/<chat id>``, and only once a bot admin has
approved it (``bot.ingest.sources.approve_channel``): the bot made admin of a channel is no reason to
put its posts in everyone's news, so an unapproved channel's posts are kept out. A post's GUID is
``channel:<chat id>:<message id>`` (stable across edits and username changes); its URL is the public
link ``https://t.me/<username>/<message id>`` when the channel has a username.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.ingest.models import ArticleDraft
from bot.ingest.processor import ArticleProcessor, Outcome, ProcessResult, prepare
from bot.text.sentences import split_sentences
from bot.text.shorten import shorten

log = logging.getLogger(__name__)

TITLE_MAX_CHARS = 120


@dataclass(frozen=True, slots=True)
class ChannelPost:
    """What the core needs of a post: the handler fills it from aiogram's Message."""

    chat_id: int
    title: str | None
    username: str | None
    message_id: int
    text: str
    date: datetime
    # targets of the post's text links (entities): an ad's erid may be only there
    links: tuple[str, ...] = ()


def channel_source_url(chat_id: int) -> str:
    return f"tg://channel/{chat_id}"


def post_guid(chat_id: int, message_id: int) -> str:
    return f"channel:{chat_id}:{message_id}"


def post_url(username: str | None, message_id: int) -> str | None:
    """The public link of a post; private channels (no username) have none."""
    return f"https://t.me/{username}/{message_id}" if username else None


def split_post(text: str) -> tuple[str, str]:
    """(title, body) of a post: a short first line is the title and the rest the body; otherwise the
    first sentence is the title and the whole post the body."""
    stripped = text.strip()
    first_line, _, rest = stripped.partition("\n")
    first_line = first_line.strip()
    if first_line and len(first_line) <= TITLE_MAX_CHARS and rest.strip():
        return first_line, rest.strip()
    sentences = split_sentences(first_line or stripped)
    title = shorten(sentences[0] if sentences else first_line, TITLE_MAX_CHARS)
    return title, stripped


async def store_channel_post(
    processor: ArticleProcessor, post: ChannelPost, *, edited: bool = False
) -> ProcessResult | None:
    """Store a new post, or update the stored article when an edited post was seen before.

    None when the channel is not an approved source: the post is kept out. ``processor`` is the
    process's one processor (the pipeline's), so posts, polls and imports arriving at once still join
    one story per event.
    """
    storage, settings = processor.storage, processor.settings
    source = await storage.sources.get_by_url(channel_source_url(post.chat_id))
    if source is None or source.kind != "channel" or not source.enabled:
        return None
    if not post.text.strip():
        return ProcessResult(Outcome.EMPTY)
    name = (post.title or post.username or str(post.chat_id))[:200]
    if source.title != name:
        await storage.sources.set_title(source.id, name)
    title, body = split_post(post.text)
    guid = post_guid(post.chat_id, post.message_id)
    if edited:
        existing = await storage.articles.get_by_guid(source.id, guid)
        if existing is not None:
            prepared = prepare(title, body, settings.summary_max_chars, post.links)
            if prepared is None:
                return ProcessResult(Outcome.EMPTY, existing.id)
            changed = await storage.articles.update_content(
                existing.id,
                title=prepared.title,
                text=prepared.text,
                summary=prepared.summary,
                lang=prepared.lang,
                content_hash=prepared.content_hash,
                is_ad=prepared.is_ad,
            )
            if not changed:
                log.info("channel %s: edit of post %d duplicates another article", name, post.message_id)
                return ProcessResult(Outcome.DUPLICATE, existing.id)
            return ProcessResult(Outcome.STORED, existing.id)
    draft = ArticleDraft(
        title=title,
        text=body,
        url=post_url(post.username, post.message_id),
        guid=guid,
        published=post.date,
        source_name=name,
        links=post.links,
    )
    return await processor.process(draft, source.id)
