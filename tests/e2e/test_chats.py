"""Channels, groups and forum topics: connected by an administrator, set up from /chats and by commands
in the group, each digest at the chat's own time; others change nothing; a removed bot stops at once.
Through the real bot over HTTP against the local Bot API server."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.delivery.sender import OutboxSender
from bot.digest.jobs import DigestFanout
from bot.localtime import zone as tz
from bot.telegram.client import create_bot
from bot.telegram.dispatcher import set_menu
from bot.telegram.i18n import load_core
from bot.telegram.menu import GROUP_ADMIN_COMMANDS, GROUP_COMMANDS
from storage import Storage
from storage.articles import NewArticle
from storage.chats import ChatMode
from storage.deliveries import DeliveryKind, OutgoingMessage
from storage.timestamps import to_db
from tests.botapi import BotAPIServer
from tests.botapi.chats import ChatMember
from tests.botapi.records import ChatMessage
from tests.conftest import BOTH_BACKENDS
from tests.e2e.conftest import ADMIN_ID, TOKEN, RunningBot

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def botapi() -> AsyncIterator[BotAPIServer]:
    # Replies in groups are not what these tests look at: Telegram's 20 a minute per group is lifted.
    async with BotAPIServer(token=TOKEN, group_per_minute=600) as server:
        yield server


OWNER = 500_001  # creates the chats and adds the bot; not a bot admin
STRANGER = 500_002  # a plain member
# A controlled "today": yesterday in real time, so the stories stored now are new to every digest.
DAY = (datetime.now(UTC) - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def at_local(zone_name: str, hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(DAY.year, DAY.month, DAY.day, hours, minutes, tzinfo=tz(zone_name)).astimezone(UTC)


async def in_chat(
    running: RunningBot,
    chat_id: int,
    text: str,
    *,
    user_id: int = OWNER,
    thread: int | None = None,
    **kw: Any,
) -> ChatMessage:
    """``user_id`` writes in a group (in a topic); the bot's one reply there."""
    before = len(running.server.messages_to(chat_id))
    running.server.chats.post(chat_id, text, user_id=user_id, message_thread_id=thread, **kw)
    messages = await running.server.wait_for_messages(chat_id, before + 1)
    return messages[before]


async def press(
    running: RunningBot, chat_id: int, message_id: int, data: str, user_id: int, **kw: Any
) -> str:
    """Press a button; the text of the bot's answer."""
    query = running.server.press_button(chat_id, message_id, data, user_id=user_id, **kw)
    await running.server.wait_until(lambda: running.server.answer_for(query) is not None)
    answer = running.server.answer_for(query)
    assert answer is not None
    return answer.text or ""


def button_data(message: ChatMessage, prefix: str) -> str:
    return next(d for d in message.callback_data if d.startswith(prefix))


async def connect(running: RunningBot, chat_id: int, *, as_admin: bool) -> ChatMessage:
    """The owner adds the bot; the notice the owner gets in private."""
    before = len(running.server.messages_to(OWNER))
    running.server.chats.add_bot(chat_id, by_user_id=OWNER, as_admin=as_admin)
    messages = await running.server.wait_for_messages(OWNER, before + 1)
    await running.server.wait_until(lambda: len(running.server.messages_to(OWNER)) == before + 1)
    return messages[before]


async def owner_starts(running: RunningBot) -> None:
    """The owner has started the bot (a reader of it), in Moscow time."""
    await running.storage.readers.ensure(OWNER, language="ru", timezone="Europe/Moscow", digest_time="09:00")


async def seed_stories(running: RunningBot) -> None:
    source = await running.storage.sources.ensure("feed", "https://news.example/rss", "news.example")
    for i in range(3):
        await running.storage.articles.add(
            NewArticle(
                source_id=source.id,
                title=f"Story {i}",
                text=f"Story {i} body",
                summary=f"Summary {i}.",
                lang="ru",
                content_hash=hashlib.sha1(f"story {i}".encode()).hexdigest(),
                published_at=DAY + timedelta(minutes=30 + i),
                url=f"https://news.example/{i}",
            )
        )


async def eventually(predicate: Callable[[], Awaitable[bool]], within: float = 5.0) -> None:
    """Poll an async condition every 20 ms until it holds; AssertionError after ``within`` seconds."""
    deadline = asyncio.get_running_loop().time() + within
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def _queued_notices(storage: Storage, chat_id: int, count: int) -> bool:
    row = await storage.db.fetchone(
        "SELECT count(*) FROM deliveries WHERE chat_id = ? AND kind = ?", (chat_id, str(DeliveryKind.NOTICE))
    )
    return row is not None and int(row[0]) >= count


def digests_in(running: RunningBot, chat_id: int) -> list[ChatMessage]:
    return [m for m in running.server.messages_to(chat_id) if "Story 0" in m.plain_text]


@BOTH_BACKENDS
async def test_a_channel_a_group_and_a_forum_topic_each_get_one_digest_at_their_own_time(
    running_bot: RunningBot,
) -> None:
    running, server, storage = running_bot, running_bot.server, running_bot.storage
    await owner_starts(running)

    # A channel: the bot made an administrator allowed to post. The owner hears of it in private.
    channel = server.chats.create_channel("Новости KZ", owner_id=OWNER, username="newskz")
    notice = await connect(running, channel, as_admin=True)
    assert "«Новости KZ»" in notice.plain_text and "подключён" in notice.plain_text
    record = await storage.chats.get(channel)
    reader = await storage.readers.get(channel)
    assert record is not None and record.connected_by == OWNER and record.active
    # A new chat starts with the zone and language of the administrator who connected it.
    assert reader is not None and reader.timezone == "Europe/Moscow" and reader.language == "ru"
    assert reader.subscribed and reader.digest_times == ("09:00",)
    assert server.chats.messages_in(channel) == []  # nothing is posted to the channel's subscribers

    # A group: the bot added as a plain member; the group gets one line on how to set it up.
    group = server.chats.create_group("Клуб", owner_id=OWNER)
    server.chats.add_user(group, STRANGER)
    await connect(running, group, as_admin=False)
    [hello] = await server.wait_for_messages(group, 1)
    assert "/settings" in hello.plain_text

    # A forum: /here in a topic makes it the target.
    forum = server.chats.create_supergroup("Форум", owner_id=OWNER, is_forum=True)
    await connect(running, forum, as_admin=True)
    await server.wait_for_messages(forum, 1)
    topic = server.chats.create_topic(forum, "Дайджест", by_user_id=OWNER)
    reply = await in_chat(running, forum, "/here", thread=topic)
    assert reply.message_thread_id == topic and "эту тему" in reply.plain_text
    forum_record = await storage.chats.get(forum)
    assert forum_record is not None and forum_record.thread_id == topic

    # The channel through /chats: the settings button of the notice opens its screen.
    pick = button_data(notice, "pick:")
    shown = len(server.messages_to(OWNER))
    answer = await press(running, OWNER, notice.message_id, pick, OWNER)
    assert answer == "Теперь вы настраиваете «Новости KZ»"
    [screen] = (await server.wait_for_messages(OWNER, shown + 1))[shown:]
    assert "Настройки «Новости KZ»" in screen.plain_text
    assert "дайджесты в выбранное время" in screen.plain_text
    assert all(d.startswith(f"@{channel}|") or d == "pick:0" for d in screen.callback_data)
    # A command typed in private now changes the channel, and the reply names it.
    [reply] = await running.say("/timezone Asia/Almaty", chat_id=OWNER, user_id=OWNER)
    assert reply.plain_text.startswith("⚙️ Настройки «Новости KZ»")
    # The screen's time buttons change the channel's times: 07:00 added, then 09:00 taken away.
    await press(running, OWNER, screen.message_id, button_data(screen, f"@{channel}|dt:420"), OWNER)
    await press(running, OWNER, screen.message_id, button_data(screen, f"@{channel}|dt:540"), OWNER)
    reader = await storage.readers.get(channel)
    assert reader is not None and reader.timezone == "Asia/Almaty" and reader.digest_times == ("07:00",)
    # The mode: instant, then back to digests, from the redrawn screen.
    answer = await press(running, OWNER, screen.message_id, f"@{channel}|mode:instant", OWNER)
    assert "сразу" in answer
    record = await storage.chats.get(channel)
    assert record is not None and record.mode == ChatMode.INSTANT
    await server.wait_until(
        lambda: f"@{channel}|mode:digest" in server.message(OWNER, screen.message_id).callback_data
    )
    await press(running, OWNER, screen.message_id, f"@{channel}|mode:digest", OWNER)
    record = await storage.chats.get(channel)
    reader = await storage.readers.get(channel)
    assert record is not None and record.mode == ChatMode.DIGEST and reader is not None and reader.subscribed
    own = await storage.readers.get(OWNER)
    assert own is not None and own.timezone == "Europe/Moscow" and own.digest_times == ("09:00",)
    # Back to one's own settings: commands change the owner's own again.
    shown = len(server.messages_to(OWNER))
    await press(running, OWNER, screen.message_id, "pick:0", OWNER)
    [own_screen] = (await server.wait_for_messages(OWNER, shown + 1))[shown:]
    assert "Новости KZ" not in own_screen.plain_text and "pick:0" not in own_screen.callback_data
    [reply] = await running.say("/time 08:15", chat_id=OWNER, user_id=OWNER)
    assert "Новости KZ" not in reply.plain_text
    own = await storage.readers.get(OWNER)
    assert own is not None and own.digest_times == ("08:15",)

    # The group and the forum by commands in the chat itself, with and without @botname.
    await in_chat(running, group, "/timezone@news_test_bot Asia/Tashkent")
    await in_chat(running, group, "/time 08:00")
    await in_chat(running, forum, "/time 10:00", thread=topic)
    zones = {chat: (await storage.readers.get(chat)) for chat in (group, forum)}
    assert zones[group] is not None and zones[group].timezone == "Asia/Tashkent"
    assert zones[group].digest_times == ("08:00",)
    assert zones[forum] is not None and zones[forum].timezone == "Europe/Moscow"
    assert zones[forum].digest_times == ("10:00",)

    # The day: each chat gets one digest, at its own local time.
    await storage.db.write(
        "UPDATE readers SET schedule_changed_at = ? WHERE chat_id IN (?, ?, ?)",
        (to_db(DAY - timedelta(days=1)), channel, group, forum),
    )
    await seed_stories(running)
    clock = [DAY]
    fanout = DigestFanout(storage, running.settings, now=lambda: clock[0])
    bot = create_bot(running.settings, retry=False)
    try:

        async def tick(moment: datetime) -> int:
            clock[0] = moment
            queued = (await fanout.run_once()).queued
            await OutboxSender(storage, bot, rate_per_second=100, poll_interval=0.05).run(until_idle=True)
            return queued

        # Almaty's 07:00 comes first (02:00 UTC), then Tashkent's 08:00 (03:00), then Moscow's 10:00.
        assert await tick(at_local("Asia/Almaty", "06:59")) == 0
        assert await tick(at_local("Asia/Almaty", "07:00")) == 1
        assert len(digests_in(running, channel)) == 1 and digests_in(running, group) == []
        assert await tick(at_local("Asia/Tashkent", "07:59")) == 0
        assert await tick(at_local("Asia/Tashkent", "08:00")) == 1
        assert len(digests_in(running, group)) == 1
        assert await tick(at_local("Europe/Moscow", "09:59")) == 0
        assert await tick(at_local("Europe/Moscow", "10:00")) == 1
        assert await tick(at_local("Europe/Moscow", "12:00")) == 0
    finally:
        await bot.session.close()
    assert [len(digests_in(running, chat)) for chat in (channel, group, forum)] == [1, 1, 1]
    assert digests_in(running, OWNER) == []  # the owner's own digest is not due


async def test_nobody_but_an_administrator_changes_a_chat(running_bot: RunningBot) -> None:
    running, server, storage = running_bot, running_bot.server, running_bot.storage
    await owner_starts(running)
    group = server.chats.create_supergroup("Клуб", owner_id=OWNER, is_forum=True)
    server.chats.add_user(group, STRANGER)
    await connect(running, group, as_admin=False)
    await server.wait_for_messages(group, 1)
    topic = server.chats.create_topic(group, "Новости", by_user_id=OWNER)
    before = await storage.readers.get(group)
    assert before is not None

    # Commands in the group: a short refusal, no change; reading the news is for everyone.
    for command in ("/time 07:00", "/here"):
        reply = await in_chat(running, group, command, user_id=STRANGER, thread=topic)
        assert reply.plain_text == "Менять настройки этого чата могут только его администраторы."
    reply = await in_chat(running, group, "/latest", user_id=STRANGER, thread=topic)
    assert reply.message_thread_id == topic and "Менять" not in reply.plain_text
    # The settings card the owner opened: its buttons refuse the stranger.
    card = await in_chat(running, group, "/settings")
    for prefix in ("dt:", "dd:", "mode:", "set:sources"):
        answer = await press(running, group, card.message_id, button_data(card, prefix), STRANGER)
        assert answer == "Менять настройки этого чата могут только его администраторы."
    # Forged buttons in the stranger's private chat: acting for the group, or choosing it.
    [menu] = await running.say("/start", chat_id=STRANGER, user_id=STRANGER)
    for forged in (f"@{group}|dt:420", f"@{group}|mode:instant", f"pick:{group}", f"@{group}|lang:en"):
        query = server.press_button(STRANGER, menu.message_id, forged, user_id=STRANGER, check=False)
        await server.wait_until(lambda q=query: server.answer_for(q) is not None)  # type: ignore[misc]
        answer = server.answer_for(query)
        assert answer is not None and "только его администраторы" in (answer.text or ""), forged
    # A forged mark naming another chat than the one the button is in is stale.
    answer = await press(running, group, card.message_id, "@-100999|dt:420", OWNER, check=False)
    assert "устарела" in answer
    [listing] = await running.say("/chats", chat_id=STRANGER, user_id=STRANGER)
    assert listing.buttons == [] and "не администрируете" in listing.plain_text
    assert await storage.chats.edited_by(STRANGER) is None
    after = await storage.readers.get(group)
    record = await storage.chats.get(group)
    assert (
        after == before and record is not None and record.mode == ChatMode.DIGEST and record.thread_id is None
    )
    # An anonymous administrator speaks as the group: that counts as an administrator.
    reply = await in_chat(running, group, "/time 07:00", anonymous=True)
    assert "07:00" in reply.plain_text
    after = await storage.readers.get(group)
    assert after is not None and after.digest_times == ("07:00",)


@BOTH_BACKENDS
async def test_the_bot_removed_from_a_chat_sends_nothing_more_and_the_admin_is_told_once(
    running_bot: RunningBot,
) -> None:
    running, server, storage = running_bot, running_bot.server, running_bot.storage
    await owner_starts(running)
    group = server.chats.create_group("Клуб", owner_id=OWNER)
    channel = server.chats.create_channel("Канал", owner_id=OWNER)
    await connect(running, group, as_admin=False)
    await connect(running, channel, as_admin=True)
    # A digest waiting to go out when the bot is removed.
    await storage.deliveries.enqueue(
        group, DeliveryKind.DIGEST, "2030-01-01 09:00", [OutgoingMessage("Story 0")]
    )
    server.chats.remove_bot(group, by_user_id=OWNER)
    server.chats.remove_bot(group, by_user_id=OWNER)  # Telegram may say it twice
    server.chats.promote_bot(channel, by_user_id=OWNER, can_post_messages=False)

    async def inactive() -> bool:
        chats = [await storage.chats.get(c) for c in (group, channel)]
        return all(c is not None and not c.active and c.inactive_reason for c in chats)

    await eventually(inactive)
    # Both removals and the demotion are handled (the notices are queued once they are).
    await eventually(lambda: _queued_notices(storage, OWNER, 2))
    before = len(server.messages_to(OWNER))
    bot = create_bot(running.settings, retry=False)
    try:
        await OutboxSender(storage, bot, rate_per_second=100, poll_interval=0.05).run(until_idle=True)
    finally:
        await bot.session.close()
    told = [m.plain_text for m in server.messages_to(OWNER)[before:]]
    assert len(told) == 2, told
    assert any("удалили из «Клуб»" in t for t in told)
    assert any("«Канал»" in t and "право" in t for t in told)
    assert digests_in(running, group) == []
    rows = await storage.db.fetchall("SELECT status FROM outbox WHERE chat_id = ?", (group,))
    assert [row[0] for row in rows] == ["blocked"]  # the waiting digest was dropped, never sent
    record = await storage.chats.get(group)
    assert record is not None and record.inactive_reason == "removed"
    # /chats no longer offers the chat the bot left (Telegram answers nothing about it).
    [listing] = await running.say("/chats", chat_id=OWNER, user_id=OWNER)
    assert "Клуб" not in str(listing.buttons)
    # Added back: connected again, and the owner hears of it again.
    notice = await connect(running, group, as_admin=False)
    assert "«Клуб»" in notice.plain_text
    record = await storage.chats.get(group)
    assert record is not None and record.active and record.connections == 2


async def test_commands_for_another_bot_are_ignored_and_a_group_added_before_connects(
    running_bot: RunningBot,
) -> None:
    running, server, storage = running_bot, running_bot.server, running_bot.storage
    group = server.chats.create_group("Старая группа", owner_id=OWNER)
    # The bot became a member before chats were served: no update about it reached the bot.
    room = server.chats.room(group)
    room.members[server.bot_id] = ChatMember(server.bot_user, "member")
    server.chats.post(group, "/latest@other_bot", user_id=OWNER)
    reply = await in_chat(running, group, "/help@news_test_bot")
    assert "/latest" in reply.plain_text and "администратор" in reply.plain_text
    assert len(server.messages_to(group)) == 1  # /latest@other_bot got nothing
    record = await storage.chats.get(group)
    assert record is not None and record.active and record.connected_by is None
    # Its administrators were asked from Telegram: /chats offers the group to its creator.
    await running.say("/start", chat_id=OWNER, user_id=OWNER)
    [listing] = await running.say("/chats", chat_id=OWNER, user_id=OWNER)
    assert "Старая группа" in str(listing.buttons)
    # /here outside a forum says there are no topics.
    reply = await in_chat(running, group, "/here")
    assert "тем нет" in reply.plain_text
    # A renamed group keeps working under its id.
    room.title = "Новое имя"
    server.chats._sync(room)
    await in_chat(running, group, "/latest")
    record = await storage.chats.get(group)
    assert record is not None and record.title == "Новое имя"


async def test_group_menus_and_stats_list_the_chats(running_bot: RunningBot) -> None:
    running, server = running_bot, running_bot.server
    bot = create_bot(running.settings)
    try:
        await set_menu(bot, await load_core("ru"), running.settings, running.storage)
    finally:
        await bot.session.close()
    names = [c["command"] for c in server.get_commands("all_group_chats", "en")]
    assert names == list(GROUP_COMMANDS)
    names = [c["command"] for c in server.get_commands("all_chat_administrators", "kk")]
    assert names == list(GROUP_ADMIN_COMMANDS)
    assert server.get_commands("default") == []
    await running.say("/start", chat_id=OWNER, user_id=OWNER)
    group = server.chats.create_group("Клуб", owner_id=OWNER)
    await connect(running, group, as_admin=False)
    replies = await running.say("/stats", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    text = "\n".join(r.plain_text for r in replies)
    assert "Каналы и группы: активных 1 из 1" in text and f"Клуб ({group}), дайджест" in text
