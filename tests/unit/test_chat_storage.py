"""Chats storage on both backends: connecting, modes, topics, troubles told once, the admins seen,
and a group's move to its supergroup id with its settings and history."""

from __future__ import annotations

import asyncio

import pytest

from storage import Storage
from storage.chats import ChatKind, ChatMode, ChatTrouble
from storage.deliveries import DeliveryKind, OutgoingMessage

pytestmark = pytest.mark.asyncio

GROUP = -4001
SUPERGROUP = -1001234567890123  # beyond 32 bits, as real supergroup ids are


async def _connect(storage: Storage, chat_id: int = GROUP, **kw: object) -> bool:
    options: dict[str, object] = {
        "kind": ChatKind.GROUP,
        "title": "Новости района",
        "username": None,
        "is_forum": False,
        "connected_by": 77,
        "language": "kk",
        "timezone": "Asia/Almaty",
        "digest_time": "09:00",
    }
    options.update(kw)
    connected = await storage.chats.connect(chat_id, **options)  # type: ignore[arg-type]
    return connected.newly


async def test_a_connected_chat_is_a_subscribed_reader_with_the_admins_defaults(any_storage: Storage) -> None:
    assert await _connect(any_storage)
    chat = await any_storage.chats.get(GROUP)
    reader = await any_storage.readers.get(GROUP)
    assert chat is not None and reader is not None
    assert chat.active and chat.mode == ChatMode.DIGEST and chat.connected_by == 77
    assert (reader.language, reader.timezone, reader.digest_times) == ("kk", "Asia/Almaty", ("09:00",))
    assert reader.subscribed and not reader.blocked and reader.schedule_changed_at is not None
    # Connecting again (a promotion, say) is not new and keeps the settings.
    await any_storage.readers.set_schedule(GROUP, times=("18:00",))
    assert not await _connect(any_storage, title="Новое имя", language="en")
    reader = await any_storage.readers.get(GROUP)
    chat = await any_storage.chats.get(GROUP)
    assert reader is not None and reader.digest_times == ("18:00",) and reader.language == "kk"
    assert chat is not None and chat.title == "Новое имя"
    assert await any_storage.chats.is_chat(GROUP) and not await any_storage.chats.is_chat(77)


async def test_inactive_once_and_troubles_told_once_until_reconnected(any_storage: Storage) -> None:
    await _connect(any_storage)
    assert await any_storage.chats.deactivate(GROUP, "kicked")
    assert not await any_storage.chats.deactivate(GROUP, "kicked")  # already inactive
    assert not await any_storage.chats.deactivate(12345, "kicked")  # a private reader is not a chat
    chat = await any_storage.chats.get(GROUP)
    assert chat is not None and not chat.active and chat.inactive_reason == "kicked"
    assert await any_storage.readers.count(subscribed_only=True) == 0
    assert await any_storage.chats.mark_told(GROUP, ChatTrouble.INACTIVE)
    assert not await any_storage.chats.mark_told(GROUP, ChatTrouble.INACTIVE)
    assert await any_storage.chats.mark_told(GROUP, ChatTrouble.TOPIC)
    assert await any_storage.chats.count() == (0, 1)
    assert await _connect(any_storage)  # added back: active, and troubles may be told again
    assert await any_storage.chats.mark_told(GROUP, ChatTrouble.INACTIVE)
    assert await any_storage.chats.count() == (1, 1)


async def test_instant_mode_leaves_digests_and_the_topic_is_kept(any_storage: Storage) -> None:
    await _connect(any_storage, chat_id=SUPERGROUP, kind=ChatKind.SUPERGROUP, is_forum=True)
    await any_storage.chats.set_mode(SUPERGROUP, ChatMode.INSTANT)
    await any_storage.chats.set_thread(SUPERGROUP, 42)
    chat = await any_storage.chats.get(SUPERGROUP)
    reader = await any_storage.readers.get(SUPERGROUP)
    assert chat is not None and reader is not None
    assert chat.mode == ChatMode.INSTANT and chat.instant_since is not None and chat.thread_id == 42
    assert not reader.subscribed
    assert [c.chat_id for c in await any_storage.chats.instant_chats()] == [SUPERGROUP]
    await any_storage.chats.set_mode(SUPERGROUP, ChatMode.DIGEST)
    reader = await any_storage.readers.get(SUPERGROUP)
    assert reader is not None and reader.subscribed
    assert await any_storage.chats.instant_chats() == []


async def test_admins_seen_make_the_candidates_of_chats(any_storage: Storage) -> None:
    await _connect(any_storage)
    await _connect(any_storage, chat_id=-4002, title="Другой", connected_by=78)
    await any_storage.chats.note_admins(GROUP, [77, 90, 90])
    await any_storage.chats.note_admins(-4002, [90])
    assert [c.chat_id for c in await any_storage.chats.candidates_for(90)] == [-4002, GROUP]
    assert [c.chat_id for c in await any_storage.chats.candidates_for(78)] == [-4002]
    await any_storage.chats.forget_admin(-4002, 90)
    assert [c.chat_id for c in await any_storage.chats.candidates_for(90)] == [GROUP]


async def test_a_group_moves_to_its_supergroup_id_with_settings_and_history(any_storage: Storage) -> None:
    await _connect(any_storage)
    await any_storage.readers.set_schedule(GROUP, times=("08:00", "19:30"))
    await any_storage.personal.set_filter_terms(GROUP, ["+выборы"])
    delivery = await any_storage.deliveries.enqueue(
        GROUP, DeliveryKind.DIGEST, "2026-12-01T08:00", [OutgoingMessage("<b>Дайджест</b>")]
    )
    assert delivery is not None
    # An update about the new supergroup came first and made a default row: it gives way.
    await _connect(any_storage, chat_id=SUPERGROUP, kind=ChatKind.SUPERGROUP, connected_by=None)
    assert await any_storage.chats.migrate(GROUP, SUPERGROUP)
    assert not await any_storage.chats.migrate(GROUP, SUPERGROUP)  # done already
    assert await any_storage.chats.get(GROUP) is None and await any_storage.readers.get(GROUP) is None
    chat = await any_storage.chats.get(SUPERGROUP)
    reader = await any_storage.readers.get(SUPERGROUP)
    assert chat is not None and chat.kind == ChatKind.SUPERGROUP and chat.connected_by == 77
    assert reader is not None and reader.digest_times == ("08:00", "19:30")
    assert await any_storage.personal.filter_terms(SUPERGROUP) == ["+выборы"]
    # The slot already delivered stays delivered under the new id: no second digest.
    assert await any_storage.deliveries.exists(SUPERGROUP, DeliveryKind.DIGEST, "2026-12-01T08:00")
    pending = await any_storage.deliveries.pending_after(0, 10)
    assert [row.chat_id for row in pending] == [SUPERGROUP]


async def test_connects_of_one_chat_at_once_make_one_chat_and_one_new_connection(
    any_storage: Storage,
) -> None:
    # The bot's membership update and the group's first command may arrive together.
    results = await asyncio.gather(*(_connect(any_storage) for _ in range(4)))
    assert sorted(results) == [False, False, False, True]
    chat = await any_storage.chats.get(GROUP)
    reader = await any_storage.readers.get(GROUP)
    assert chat is not None and chat.connections == 1
    assert reader is not None and reader.digest_times == ("09:00",)
