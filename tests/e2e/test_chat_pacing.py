"""At most 20 messages a minute to each group or channel and one a second to each reader, under the global
rate, with no 429: the outbox sender against the local Bot API server's flood limits, both on one
virtual clock that moves when the sender would wait, so minutes of sending take a moment."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.delivery.sender import OutboxSender
from bot.telegram.client import create_bot
from storage import Storage
from storage.chats import ChatKind
from storage.deliveries import DeliveryKind, OutgoingMessage
from tests.botapi import BotAPIServer
from tests.conftest import BOTH_BACKENDS
from tests.e2e.chat_env import ChatEnv
from tests.e2e.conftest import TOKEN, make_settings

pytestmark = BOTH_BACKENDS

PER_GROUP = 26
READERS = list(range(31_001, 31_021))
PER_READER = 3


class VirtualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class VirtualTimeSender(OutboxSender):
    """The real sender whose waits move the shared clock instead of taking real time; while sends are
    in flight the clock stands still, so the server sees each message at the moment it left."""

    def __init__(self, *args: object, virtual: VirtualClock, **kwargs: object) -> None:
        super().__init__(*args, clock=virtual, **kwargs)  # type: ignore[arg-type]
        self.virtual = virtual

    async def _sleep(self, seconds: float) -> None:
        if self._wake.is_set():
            await asyncio.sleep(0)  # something to do already: let the sends in flight move on
            return
        if self._tasks:
            await asyncio.sleep(0.001)
            return
        self.virtual.now += max(seconds, 0.001)
        await asyncio.sleep(0)


@pytest.fixture
async def paced(tmp_path: Path, database_url: str) -> AsyncIterator[tuple[ChatEnv, VirtualClock]]:
    clock = VirtualClock()
    async with BotAPIServer(token=TOKEN, clock=clock) as server:
        settings = make_settings(tmp_path, server.url, database_url=database_url)
        storage = await Storage.open(settings.database_target)
        env = ChatEnv(server, settings, storage)
        try:
            yield env, clock
        finally:
            await env.close()
            await storage.close()


async def test_twenty_a_minute_per_group_and_no_429(paced: tuple[ChatEnv, VirtualClock]) -> None:
    env, clock = paced
    groups = [env.group("First"), env.group("Second"), env.channel("Wire")]
    for kind, chat_id in zip((ChatKind.GROUP, ChatKind.GROUP, ChatKind.CHANNEL), groups, strict=True):
        await env.connect(chat_id, kind, f"chat {chat_id}")
        messages = [OutgoingMessage(f"Сообщение {i} в чат") for i in range(PER_GROUP)]
        await env.storage.deliveries.enqueue(chat_id, DeliveryKind.MANUAL, "burst", messages)
    for reader in READERS:
        await env.admin_started_the_bot(reader, "ru")
        messages = [OutgoingMessage(f"Сообщение {i} читателю") for i in range(PER_READER)]
        await env.storage.deliveries.enqueue(reader, DeliveryKind.MANUAL, "burst", messages)

    bot = create_bot(env.settings, retry=False)
    env.bots.append(bot)
    sender = VirtualTimeSender(env.storage, bot, rate_per_second=25, poll_interval=0.05, virtual=clock)
    await sender.run(until_idle=True)

    assert env.server.count_429 == 0
    assert sender.stats.rate_limited == 0
    for chat_id in groups:
        stamps = [m.timestamp for m in env.server.messages_to(chat_id)]
        assert len(stamps) == PER_GROUP
        # Any 21 messages in a row span more than a minute: never 21 within one.
        assert all(stamps[i + 20] - stamps[i] > 60 for i in range(len(stamps) - 20))
    for reader in READERS:
        stamps = [m.timestamp for m in env.server.messages_to(reader)]
        assert len(stamps) == PER_READER
        assert all(b - a >= 1.0 for a, b in itertools.pairwise(stamps))
    assert await env.storage.deliveries.pending_count() == 0


async def test_many_messages_per_group_keep_their_order_and_the_buffer_serves_many_groups(
    paced: tuple[ChatEnv, VirtualClock],
) -> None:
    """Each group has more messages waiting than the sender keeps of one chat, and a small batch: the
    rest are read in order as the first ones go, so every group is served at its pace at once."""
    env, clock = paced
    groups = [-4_300_000_001 - i for i in range(40)]
    for chat_id in groups:
        await env.connect(chat_id, ChatKind.GROUP, f"chat {chat_id}")
        messages = [OutgoingMessage(f"Сообщение {i}") for i in range(12)]
        await env.storage.deliveries.enqueue(chat_id, DeliveryKind.MANUAL, "burst", messages)
    bot = create_bot(env.settings, retry=False)
    env.bots.append(bot)
    sender = VirtualTimeSender(
        env.storage, bot, rate_per_second=25, poll_interval=0.05, batch_size=16, virtual=clock
    )
    started = clock.now
    await sender.run(until_idle=True)

    assert env.server.count_429 == 0
    for chat_id in groups:
        texts = [m.plain_text for m in env.server.messages_to(chat_id)]
        assert texts == [f"Сообщение {i}" for i in range(12)], chat_id
    # 480 messages at 25 a second take 19 s; eleven gaps of 3.06 s per group take 34 s: the pace is
    # the bound, and a sender that served a few groups at a time would need several times that.
    assert clock.now - started < 34 * 1.5
    rows = await env.storage.db.fetchall("SELECT status, count(*) FROM deliveries GROUP BY status")
    assert {r[0]: r[1] for r in rows} == {"sent": len(groups)}
