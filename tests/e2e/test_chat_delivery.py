"""Digests and instant posts to channels, groups and forum topics, through the outbox, over HTTP against
the local Bot API server: a removed bot, lost rights, an upgraded group, a closed topic."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.chats.instant_job import InstantJob
from storage import Storage
from storage.chats import ChatKind, ChatMode
from tests.botapi import BotAPIServer
from tests.conftest import BOTH_BACKENDS
from tests.e2e.chat_env import ADMIN, ChatEnv, sent_texts
from tests.e2e.conftest import TOKEN, make_settings

pytestmark = BOTH_BACKENDS


@pytest.fixture
async def env(tmp_path: Path, database_url: str) -> AsyncIterator[ChatEnv]:
    # Groups' 20 a minute is its own test (test_chat_pacing): here a fast pace keeps the tests short.
    async with BotAPIServer(token=TOKEN, group_per_minute=1200) as server:
        settings = make_settings(tmp_path, server.url, database_url=database_url, instant_max_per_hour=3)
        storage = await Storage.open(settings.database_target)
        chat_env = ChatEnv(server, settings, storage)
        try:
            yield chat_env
        finally:
            await chat_env.close()
            await storage.close()


async def _notices(env: ChatEnv) -> list[str]:
    return sent_texts(env.server, ADMIN)


async def test_a_channel_digest_has_no_commands_and_the_bots_posts_are_never_read_back(env: ChatEnv) -> None:
    channel = env.channel()
    await env.connect(channel, ChatKind.CHANNEL, "News channel")
    await env.add_story("Парламент принял бюджет")
    assert (await env.fanout().run_once()).queued == 1
    await env.send_all()
    (digest,) = env.server.chats.messages_in(channel)
    assert "Парламент принял бюджет" in digest.plain_text
    assert "/read_" not in digest.plain_text and "/settings" not in digest.plain_text
    # The sent message's id is on its outbox row: the bot knows its own post.
    assert await env.storage.chats.was_sent_by_bot(channel, digest.message_id)
    assert not await env.storage.chats.was_sent_by_bot(channel, digest.message_id + 1)


async def test_instant_mode_posts_each_new_story_once_and_holds_the_rest_of_the_hour(env: ChatEnv) -> None:
    storage = env.storage
    group = env.group()
    await env.connect(group, ChatKind.GROUP, "Club")
    before = await env.add_story("Старая новость до переключения")
    await storage.db.write(
        "UPDATE articles SET fetched_at = ? WHERE id = ?", ("2000-01-01T00:00:00Z", before)
    )
    old_story = await env.add_story("Вторая заметка старой истории", story_id=before)
    await storage.db.write(
        "UPDATE articles SET fetched_at = ? WHERE id = ?", ("2000-01-01T00:00:00Z", old_story)
    )
    await storage.chats.set_mode(group, ChatMode.INSTANT)
    env.now = env.now.replace(minute=5)
    job = InstantJob(storage, env.settings, now=env.clock)

    first = await env.add_story("Первая новость дня")
    await env.add_story(
        "Та же новость из другого источника", source="https://other.example/rss", story_id=first
    )
    await env.add_story("Реклама: скидки", is_ad=True)
    await env.add_story("Late report of the old story", story_id=before, lang="en")
    await env.add_story("Вторая новость дня")
    await env.add_story("Новость, которую чат не читает", source="https://off.example/rss")
    off = await storage.sources.get_by_url("https://off.example/rss")
    assert off is not None
    await storage.readers.set_source_enabled(group, off.id, False)
    assert await job.run_once() == 2
    await env.send_all()
    posts = sent_texts(env.server, group)
    assert len(posts) == 2
    assert "Первая новость дня" in posts[0] and "Вторая новость дня" in posts[1]
    assert "/read_" in posts[0]  # in a group the command works

    # Nothing is posted twice: the cursor moved, and the (chat, story) row would refuse it anyway.
    await storage.personal.set_cursor("instant", 0)
    assert await job.run_once() == 0

    # Three an hour: the fourth and fifth story of this hour are held...
    for i in range(3):
        await env.add_story(f"Срочная новость номер {i + 3}")
    env.now = env.now.replace(minute=40)
    assert await job.run_once() == 1
    env.now = env.now.replace(minute=59)
    assert await job.run_once() == 0
    await env.send_all()
    assert len(sent_texts(env.server, group)) == 3
    # ...and when the next hour opens they come as one message of linked headlines, once.
    env.now = env.now + timedelta(minutes=1)
    assert await job.run_once() == 1
    assert await job.run_once() == 0
    await env.send_all()
    headlines = env.server.chats.messages_in(group)[-1]
    assert "Ещё 2 новости за прошедший час" in headlines.plain_text
    assert "Срочная новость номер 4" in headlines.plain_text
    assert "Срочная новость номер 5" in headlines.plain_text
    links = [e["url"] for e in headlines.entities if e["type"] == "text_link"]
    assert len(links) == 2
    rows = await storage.db.fetchall(
        "SELECT status, count(*) FROM deliveries WHERE chat_id = ? AND kind = 'instant' GROUP BY status",
        (group,),
    )
    assert {r[0]: r[1] for r in rows} == {"sent": 4, "empty": 2}


async def test_a_kicked_bot_marks_the_chat_inactive_and_tells_the_admin_once(env: ChatEnv) -> None:
    await env.admin_started_the_bot()
    group = env.group()
    await env.connect(group, ChatKind.GROUP, "Club")
    await env.add_story("Новость для клуба")
    await env.fanout().run_once()
    # A second pending message to the group: both are dropped, one notice.
    await env.switch_to_instant(group)
    await env.add_story("Ещё одна новость")
    await InstantJob(env.storage, env.settings, now=env.clock).run_once()
    env.server.chats.remove_bot(group, by_user_id=ADMIN, ban=True)
    await env.send_all()
    assert env.server.chats.messages_in(group) == []
    chat = await env.storage.chats.get(group)
    assert chat is not None and not chat.active and chat.inactive_reason == "removed"
    assert await env.storage.deliveries.pending_count() == 0
    (notice,) = await _notices(env)
    assert "removed from «Club»" in notice
    # Later errors tell nothing more.
    await env.storage.db.write("UPDATE readers SET blocked = 0 WHERE chat_id = ?", (group,))
    await env.add_story("Третья новость")
    await InstantJob(env.storage, env.settings, now=env.clock).run_once()
    await env.send_all()
    assert len(await _notices(env)) == 1


async def test_a_channel_admin_without_posting_rights_is_told_once(env: ChatEnv) -> None:
    await env.admin_started_the_bot()
    channel = env.channel()
    await env.connect(channel, ChatKind.CHANNEL, "Wire")
    env.server.chats.promote_bot(channel, by_user_id=ADMIN, can_post_messages=False)
    await env.add_story("Новость для канала")
    await env.fanout().run_once()
    await env.send_all()
    chat = await env.storage.chats.get(channel)
    assert chat is not None and not chat.active and chat.inactive_reason == "rights"
    (notice,) = await _notices(env)
    assert "lost the right to send messages" in notice


async def test_a_group_upgraded_mid_day_gets_its_digest_under_the_new_id(env: ChatEnv) -> None:
    """The 400 path: the sender meets the upgrade before any update about it."""
    group = env.group()
    await env.connect(group, ChatKind.GROUP, "Club")
    await env.add_story("Новость для клуба")
    assert (await env.fanout().run_once()).queued == 1
    supergroup = env.server.chats.upgrade_to_supergroup(group, by_user_id=ADMIN)
    await env.send_all()
    assert env.server.chats.messages_in(group) == []
    (digest,) = env.server.chats.messages_in(supergroup)
    assert "Новость для клуба" in digest.plain_text
    assert await env.storage.chats.get(group) is None
    moved = await env.storage.chats.get(supergroup)
    assert moved is not None and moved.kind == ChatKind.SUPERGROUP and moved.active
    # The slot is done under the new id: a later tick the same day sends nothing again.
    env.now += timedelta(minutes=30)
    assert (await env.fanout().run_once()).queued == 0
    await env.send_all()
    assert len(env.server.chats.messages_in(supergroup)) == 1
    assert await env.storage.chats.was_sent_by_bot(supergroup, digest.message_id)


async def test_a_closed_topic_sends_to_the_general_topic_and_tells_the_admin_once(env: ChatEnv) -> None:
    await env.admin_started_the_bot()
    server = env.server
    forum = server.chats.create_supergroup("Forum", owner_id=ADMIN, is_forum=True)
    server.chats.add_bot(forum, by_user_id=ADMIN, as_admin=True, can_manage_topics=False)
    topic = server.chats.create_topic(forum, "Новости", by_user_id=ADMIN)
    await env.connect(forum, ChatKind.SUPERGROUP, "Forum", is_forum=True)
    await env.storage.chats.set_thread(forum, topic)

    await env.add_story("Первая новость")
    await env.fanout().run_once()
    await env.send_all()
    assert len(server.chats.messages_in(forum, topic)) == 1

    server.chats.close_topic(forum, topic, by_user_id=ADMIN)
    await env.switch_to_instant(forum)
    job = InstantJob(env.storage, env.settings, now=env.clock)
    await env.add_story("Вторая новость")
    await env.add_story("Третья новость")
    assert await job.run_once() == 2
    await env.send_all()
    general = server.chats.messages_in(forum, None)
    assert [("Вторая" in m.plain_text, "Третья" in m.plain_text) for m in general] == [
        (True, False),
        (False, True),
    ]
    chat = await env.storage.chats.get(forum)
    assert chat is not None and chat.thread_id is None and chat.active
    (notice,) = await _notices(env)
    assert "closed or deleted" in notice
    await env.add_story("Четвёртая новость")
    await job.run_once()
    await env.send_all()
    assert len(server.chats.messages_in(forum, None)) == 3
    assert len(await _notices(env)) == 1
