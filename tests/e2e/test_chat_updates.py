"""What the running bot does with updates about chats it delivers to: a group's upgrade announced by
its service messages moves the chat before anything is sent, and the bot's own channel posts are never
stored back as articles."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.ingest.channel_posts import channel_source_url
from storage.chats import ChatKind
from tests.botapi import BotAPIServer
from tests.conftest import BOTH_BACKENDS
from tests.e2e.chat_env import ChatEnv
from tests.e2e.conftest import polling_bot

pytestmark = BOTH_BACKENDS


async def test_an_upgrade_seen_in_its_service_messages_moves_the_pending_digest(
    tmp_path: Path, botapi: BotAPIServer, database_url: str
) -> None:
    async with polling_bot(tmp_path, botapi, database_url=database_url) as running:
        env = ChatEnv(botapi, running.settings, running.storage, group_interval=0.05)
        try:
            group = env.group()
            await env.connect(group, ChatKind.GROUP, "Club")
            await env.add_story("Новость для клуба")
            assert (await env.fanout().run_once()).queued == 1
            supergroup = botapi.chats.upgrade_to_supergroup(group, by_user_id=9)
            await botapi.wait_until(lambda: botapi.pending_updates == 0, message="updates read")

            async def moved() -> bool:
                chats = running.storage.chats
                return await chats.get(supergroup) is not None and await chats.get(group) is None

            for _ in range(250):  # the handler's write lands just after the update is read
                if await moved():
                    break
                await asyncio.sleep(0.02)
            assert await moved()
            await env.send_all()
            digests = [m for m in botapi.chats.messages_in(supergroup) if "Новость для клуба" in m.plain_text]
            assert len(digests) == 1
            assert not [m for m in botapi.chats.messages_in(group) if "Новость" in m.plain_text]
            assert not [r for r in botapi.errors if r.chat_id == group and r.method == "sendMessage"]
            # The slot is settled under the new id.
            assert (await env.fanout().run_once()).queued == 0
        finally:
            await env.close()


async def test_the_bots_own_channel_post_is_not_stored_back(
    tmp_path: Path, botapi: BotAPIServer, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="handlers.channel")
    async with polling_bot(tmp_path, botapi, database_url=database_url) as running:
        env = ChatEnv(botapi, running.settings, running.storage)
        storage = running.storage
        try:
            channel = env.channel("Wire")
            # The channel is an approved source of news and also gets the digest.
            await storage.sources.ensure("channel", channel_source_url(channel), "Wire")
            await env.connect(channel, ChatKind.CHANNEL, "Wire")
            await env.add_story("Парламент принял бюджет")
            await env.fanout().run_once()
            await env.send_all()
            (digest,) = botapi.chats.messages_in(channel)
            stored = await storage.articles.count()

            botapi.chats.echo_bot_post(channel, digest.message_id)
            await botapi.wait_until(
                lambda: any("not read back" in r.getMessage() for r in caplog.records), message="skipped"
            )
            # A post of the channel's own editors is still news.
            botapi.chats.post_in_channel(
                channel, "Курс тенге\n\nНацбанк сообщил о новом курсе тенге к доллару."
            )
            await botapi.wait_until(
                lambda: any("stored" in r.getMessage() for r in caplog.records), message="post stored"
            )
            assert await storage.articles.count() == stored + 1
        finally:
            await env.close()
