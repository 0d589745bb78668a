"""Chats ready for delivery tests: rooms on the local Bot API server, connected in storage as the
connecting handler leaves them, with their administrator a reader of the bot."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import Bot

from bot.config import Settings
from bot.delivery.sender import OutboxSender
from bot.digest.jobs import DigestFanout
from bot.telegram.client import create_bot
from storage import Storage
from storage.articles import NewArticle
from storage.chats import ChatKind, ChatMode
from storage.timestamps import to_db
from tests.botapi import BotAPIServer

ADMIN = 900_100
# A controlled "today": yesterday in real time, so articles stored now are new after any digest.
DAY = (datetime.now(UTC) - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
# 09:00 in Almaty (UTC+5) and an hour later: the chats' digest slot has come.
DIGEST_TIME = DAY.replace(hour=5)

_hashes = itertools.count(1)


@dataclass
class ChatEnv:
    server: BotAPIServer
    settings: Settings
    storage: Storage
    now: datetime = DIGEST_TIME
    group_interval: float = 0.05
    bots: list[Bot] = field(default_factory=list)

    def clock(self) -> datetime:
        return self.now

    def sender(self, **options: Any) -> OutboxSender:
        bot = create_bot(self.settings, retry=False)
        self.bots.append(bot)
        options.setdefault("rate_per_second", self.settings.send_rate_per_second)
        options.setdefault("poll_interval", 0.05)
        options.setdefault("group_interval", self.group_interval)
        return OutboxSender(self.storage, bot, **options)

    async def send_all(self, **options: Any) -> OutboxSender:
        sender = self.sender(**options)
        await sender.run(until_idle=True)
        return sender

    def fanout(self) -> DigestFanout:
        return DigestFanout(self.storage, self.settings, now=self.clock)

    async def admin_started_the_bot(self, user_id: int = ADMIN, language: str = "en") -> None:
        await self.storage.readers.ensure(
            user_id, language=language, timezone="Asia/Almaty", digest_time="09:00"
        )

    async def connect(
        self, chat_id: int, kind: ChatKind, title: str, *, is_forum: bool = False, admin: int = ADMIN
    ) -> None:
        """Connected the day before with a 09:00 digest, as the connecting handler leaves it."""
        await self.storage.chats.connect(
            chat_id,
            kind=kind,
            title=title,
            username=None,
            is_forum=is_forum,
            connected_by=admin,
            language="ru",
            timezone="Asia/Almaty",
            digest_time="09:00",
        )
        await self.storage.db.write(
            "UPDATE readers SET schedule_changed_at = ? WHERE chat_id = ?",
            (to_db(DAY - timedelta(days=1)), chat_id),
        )

    async def switch_to_instant(self, chat_id: int) -> None:
        """Instant mode from now on; the job starts after the articles stored so far."""
        await self.storage.chats.set_mode(chat_id, ChatMode.INSTANT)
        await self.storage.personal.set_cursor("instant", await self.storage.personal.newest_article_id())

    def group(self, title: str = "Club") -> int:
        chat_id = self.server.chats.create_group(title, owner_id=ADMIN)
        self.server.chats.add_bot(chat_id, by_user_id=ADMIN)
        return chat_id

    def channel(self, title: str = "News channel") -> int:
        chat_id = self.server.chats.create_channel(title, owner_id=ADMIN)
        self.server.chats.add_bot(chat_id, by_user_id=ADMIN, as_admin=True)
        return chat_id

    async def add_story(
        self,
        title: str,
        *,
        source: str = "https://news.example/rss",
        story_id: int | None = None,
        lang: str = "ru",
        is_ad: bool = False,
        published: datetime | None = None,
    ) -> int:
        src = await self.storage.sources.ensure("feed", source, source.split("/")[2])
        n = next(_hashes)
        article_id = await self.storage.articles.add(
            NewArticle(
                source_id=src.id,
                title=title,
                text=f"{title}. Подробности события номер {n}.",
                summary=f"Кратко о событии {n}.",
                lang=lang,
                content_hash=hashlib.sha1(f"{title} {n}".encode()).hexdigest(),
                published_at=published or self.now - timedelta(minutes=30),
                url=f"https://news.example/{n}",
                story_id=story_id,
                is_ad=is_ad,
            )
        )
        assert article_id is not None
        return article_id

    async def close(self) -> None:
        for bot in self.bots:
            await bot.session.close()


def sent_texts(server: BotAPIServer, chat_id: int) -> list[str]:
    return [m.plain_text for m in server.messages_to(chat_id)]
