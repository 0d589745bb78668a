"""Who administers a chat, asked from the local Bot API server and remembered for at most the TTL;
and the notice to a chat's connecting administrator, queued once per trouble."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.chats.admins import AdminChecker
from bot.chats.troubles import InactiveReason, tell_connecting_admin
from bot.telegram.i18n import load_core
from storage import Storage
from storage.chats import ChatKind, ChatTrouble, Connected
from tests.botapi import BotAPIServer

pytestmark = pytest.mark.asyncio

OWNER = 600
MEMBER = 601


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def server() -> AsyncIterator[BotAPIServer]:
    async with BotAPIServer(rate_limits=False) as srv:
        yield srv
    assert not srv.internal_errors, srv.internal_errors


@pytest.fixture
async def bot(server: BotAPIServer) -> AsyncIterator[Bot]:
    bot = Bot(server.token, session=AiohttpSession(api=TelegramAPIServer.from_base(server.url)))
    yield bot
    await bot.session.close()


async def test_admin_answers_come_from_telegram_and_last_at_most_the_ttl(
    server: BotAPIServer, bot: Bot
) -> None:
    group = server.chats.create_supergroup("Клуб", owner_id=OWNER)
    server.chats.add_bot(group, by_user_id=OWNER)
    server.chats.add_user(group, MEMBER, status="administrator")
    clock = _Clock()
    checker = AdminChecker(ttl=60, clock=clock)
    assert await checker.is_admin(bot, group, OWNER)  # the creator
    assert await checker.is_admin(bot, group, MEMBER)
    assert not await checker.is_admin(bot, group, 999)  # never in the chat
    server.chats.set_member(group, MEMBER, "member", by_user_id=OWNER)
    clock.now += 59
    assert await checker.is_admin(bot, group, MEMBER)  # still the answer of a minute ago
    clock.now += 2
    assert not await checker.is_admin(bot, group, MEMBER)  # asked again: demoted
    assert not await checker.is_admin(bot, -100999, OWNER)  # a chat Telegram does not know: no
    checker.remember(group, 999, True)
    assert await checker.is_admin(bot, group, 999)
    checker.forget_chat(group)
    assert not await checker.is_admin(bot, group, 999)


async def _connect(storage: Storage, chat_id: int, kind: ChatKind, title: str, by: int) -> Connected:
    return await storage.chats.connect(
        chat_id,
        kind=kind,
        title=title,
        username=None,
        is_forum=False,
        connected_by=by,
        language="ru",
        timezone="Asia/Almaty",
        digest_time="09:00",
    )


async def test_the_connecting_admin_is_told_once_per_trouble_and_connection(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite")
    try:
        core = await load_core("ru")
        await storage.readers.ensure(OWNER, language="en", timezone="UTC", digest_time="09:00")
        connected = await _connect(storage, -5001, ChatKind.CHANNEL, "Вести <24>", OWNER)
        chat = connected.chat
        assert await tell_connecting_admin(storage, core, chat, ChatTrouble.INACTIVE, InactiveReason.RIGHTS)
        assert not await tell_connecting_admin(storage, core, chat, ChatTrouble.INACTIVE)
        assert await tell_connecting_admin(storage, core, chat, ChatTrouble.TOPIC)
        rows = await storage.deliveries.pending_after(0, 10)
        assert [row.chat_id for row in rows] == [OWNER, OWNER]
        assert "lost the right" in rows[0].text and "Вести &lt;24&gt;" in rows[0].text  # in their language
        assert "general topic" in rows[1].text
        # Connected again, the same trouble is news again.
        await storage.chats.deactivate(-5001, "kicked")
        again = await _connect(storage, -5001, ChatKind.CHANNEL, "Вести", OWNER)
        assert await tell_connecting_admin(storage, core, again.chat, ChatTrouble.INACTIVE)
        # Someone who never started the bot cannot be written to: nothing is queued.
        stranger = await _connect(storage, -5002, ChatKind.GROUP, "Соседи", 4242)
        assert not await tell_connecting_admin(storage, core, stranger.chat, ChatTrouble.INACTIVE)
        assert len(await storage.deliveries.pending_after(0, 10)) == 3
    finally:
        await storage.close()
