"""Groups, supergroups, forum topics and channels on the fake Bot API server, driven over HTTP with
a real aiogram Bot: memberships and their updates, rights, topics, upgrades and the group limit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramRetryAfter,
)
from aiogram.types import (
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    ChatMemberRestricted,
    Update,
)

from tests.botapi import BotAPIServer

OWNER = 500
READER = 501


class _FastCloseSession(AiohttpSession):
    """AiohttpSession without the 250 ms TLS-drain pause on close: plain local HTTP needs none."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


class _Clock:
    """A clock the test moves by hand, so flood limits are checked without timing."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class _Poller:
    """getUpdates through aiogram, confirming what it read like a real polling loop does."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.offset = 0

    async def __call__(self, allowed_updates: Sequence[str] | None = None) -> list[Update]:
        updates = await self.bot.get_updates(
            offset=self.offset or None,
            timeout=0,
            allowed_updates=list(allowed_updates) if allowed_updates is not None else None,
        )
        if updates:
            self.offset = updates[-1].update_id + 1
        return updates


@pytest.fixture
async def server() -> AsyncIterator[BotAPIServer]:
    # Flood control has its own test below; here it would only count messages.
    async with BotAPIServer(rate_limits=False) as srv:
        yield srv
    assert not srv.internal_errors, srv.internal_errors


@pytest.fixture
async def bot(server: BotAPIServer) -> AsyncIterator[Bot]:
    bot = Bot(server.token, session=_FastCloseSession(api=TelegramAPIServer.from_base(server.url)))
    yield bot
    await bot.session.close()


@pytest.fixture
def poll(bot: Bot) -> _Poller:
    return _Poller(bot)


async def test_each_change_of_the_bots_channel_membership_emits_my_chat_member(
    server: BotAPIServer, bot: Bot, poll: _Poller
) -> None:
    channel = server.chats.create_channel("Вести", owner_id=OWNER, username="vesti_kz")
    assert channel < -1_000_000_000_000
    server.chats.add_bot(channel, by_user_id=OWNER, as_admin=True)
    server.chats.promote_bot(channel, by_user_id=OWNER, can_post_messages=False)
    server.chats.demote_bot(channel, by_user_id=OWNER)
    server.chats.remove_bot(channel, by_user_id=OWNER, ban=True)

    updates = await poll()
    changes = [u.my_chat_member for u in updates]
    assert all(change is not None for change in changes) and len(changes) == 4
    added, restricted, demoted, banned = (c for c in changes if c is not None)
    assert added.chat.id == channel and added.chat.type == "channel" and added.chat.username == "vesti_kz"
    assert added.from_user.id == OWNER and added.date.timestamp() > 0
    assert isinstance(added.old_chat_member, ChatMemberLeft)
    new = added.new_chat_member
    assert isinstance(new, ChatMemberAdministrator) and new.user.id == bot.id
    assert new.can_post_messages is True and new.can_promote_members is False
    assert new.can_manage_topics is None  # a supergroup-only right is absent in channels
    # Each update's old member is the previous update's new one.
    assert restricted.old_chat_member == added.new_chat_member
    assert isinstance(restricted.new_chat_member, ChatMemberAdministrator)
    assert restricted.new_chat_member.can_post_messages is False
    assert isinstance(demoted.new_chat_member, ChatMemberMember)
    assert isinstance(banned.new_chat_member, ChatMemberBanned)


async def test_adding_the_bot_to_a_group_also_shows_the_new_member_message(
    server: BotAPIServer, poll: _Poller, bot: Bot
) -> None:
    group = server.chats.create_group("Соседи", owner_id=OWNER)
    server.chats.add_bot(group, by_user_id=OWNER)
    member_update, service = await poll()
    assert member_update.my_chat_member is not None
    assert isinstance(member_update.my_chat_member.new_chat_member, ChatMemberMember)
    assert member_update.my_chat_member.chat.type == "group"
    assert service.message is not None and service.message.new_chat_members is not None
    assert [u.id for u in service.message.new_chat_members] == [bot.id]
    assert service.message.from_user is not None and service.message.from_user.id == OWNER


async def test_chat_member_updates_come_only_when_asked_for(server: BotAPIServer, poll: _Poller) -> None:
    group = server.chats.create_supergroup("Клуб", owner_id=OWNER)
    server.chats.add_user(group, READER, first_name="Айгерим")
    assert await poll() == []  # chat_member is not among the default update types
    assert server.dropped_updates == 1

    await poll(["message", "chat_member"])  # applies to updates made from now on
    server.chats.add_user(group, READER + 1, first_name="Данияр")
    server.chats.add_bot(group, by_user_id=OWNER)  # my_chat_member was not asked for, messages were
    update, joined = await poll()
    assert update.chat_member is not None and update.chat_member.new_chat_member.user.id == READER + 1
    assert isinstance(update.chat_member.old_chat_member, ChatMemberLeft)
    assert joined.message is not None and joined.message.new_chat_members is not None

    await poll([])  # an empty list means the defaults again
    server.chats.remove_bot(group, by_user_id=OWNER)
    (update,) = await poll()
    assert update.my_chat_member is not None


async def test_get_chat_and_its_members(server: BotAPIServer, bot: Bot) -> None:
    forum = server.chats.create_supergroup("Форум", owner_id=OWNER, username="forum_kz", is_forum=True)
    server.chats.add_user(forum, READER, first_name="Айгерим")
    server.chats.add_user(forum, READER + 1, status="administrator", can_manage_topics=True)
    server.chats.add_bot(forum, by_user_id=OWNER, as_admin=True, can_manage_topics=False)

    info = await bot.get_chat(forum)
    assert (info.id, info.type, info.title, info.username, info.is_forum) == (
        forum,
        "supergroup",
        "Форум",
        "forum_kz",
        True,
    )
    assert (await bot.get_chat("@forum_kz")).id == forum

    owner = await bot.get_chat_member(forum, OWNER)
    assert isinstance(owner, ChatMemberOwner)
    me = await bot.get_chat_member(forum, bot.id)
    assert isinstance(me, ChatMemberAdministrator)
    assert me.can_manage_topics is False and me.can_pin_messages is True and me.can_post_messages is None
    reader = await bot.get_chat_member(forum, READER)
    assert isinstance(reader, ChatMemberMember) and reader.user.first_name == "Айгерим"

    admins = await bot.get_chat_administrators(forum)
    assert [a.user.id for a in admins] == [OWNER, READER + 1, bot.id]
    assert await bot.get_chat_member_count(forum) == 4

    server.chats.add_user(forum, READER, status="left")
    assert isinstance(await bot.get_chat_member(forum, READER), ChatMemberLeft)
    assert await bot.get_chat_member_count(forum) == 3
    with pytest.raises(TelegramBadRequest, match="user not found"):
        await bot.get_chat_member(forum, 999_999)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.get_chat_administrators(-1_009_999_999_999)


async def test_a_channel_takes_posts_only_from_an_admin_allowed_to_post(
    server: BotAPIServer, bot: Bot
) -> None:
    channel = server.chats.create_channel("Вести", owner_id=OWNER, username="vesti_kz")
    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot is not a member of the channel chat"):
        await bot.send_message(channel, "рано")

    server.chats.add_bot(channel, by_user_id=OWNER, as_admin=True)
    sent = await bot.send_message("@vesti_kz", "<b>Дайджест</b>", parse_mode="HTML")
    assert sent.chat.id == channel and sent.sender_chat is not None and sent.sender_chat.id == channel
    assert [m.plain_text for m in server.chats.messages_in(channel)] == ["Дайджест"]

    server.chats.promote_bot(channel, by_user_id=OWNER, can_post_messages=False)
    with pytest.raises(
        TelegramBadRequest, match="Bad Request: need administrator rights in the channel chat"
    ):
        await bot.send_message(channel, "без права публикации")
    server.chats.demote_bot(channel, by_user_id=OWNER)
    with pytest.raises(TelegramBadRequest, match="need administrator rights in the channel chat"):
        await bot.send_message(channel, "подписчик")
    with pytest.raises(TelegramBadRequest, match="need administrator rights in the channel chat"):
        await bot.edit_message_text("правка", chat_id=channel, message_id=sent.message_id)

    server.chats.remove_bot(channel, by_user_id=OWNER, ban=True)
    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot was kicked from the channel chat"):
        await bot.send_message(channel, "после бана")
    assert len(server.chats.messages_in(channel)) == 1


async def test_groups_refuse_a_bot_without_rights_with_telegrams_errors(
    server: BotAPIServer, bot: Bot
) -> None:
    group = server.chats.create_group("Соседи", owner_id=OWNER)
    server.chats.add_bot(group, by_user_id=OWNER)
    await bot.send_message(group, "привет")

    server.chats.set_permissions(group, can_send_messages=False)
    with pytest.raises(
        TelegramBadRequest, match="Bad Request: not enough rights to send text messages to the chat"
    ):
        await bot.send_message(group, "тишина")
    server.chats.promote_bot(group, by_user_id=OWNER)  # administrators are not bound by permissions
    await bot.send_message(group, "админ")

    server.chats.remove_bot(group, by_user_id=OWNER, ban=True)
    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot was kicked from the group chat"):
        await bot.send_message(group, "после бана")

    supergroup = server.chats.create_supergroup("Клуб", owner_id=OWNER)
    server.chats.add_bot(supergroup, by_user_id=OWNER)
    server.chats.restrict_bot(supergroup, by_user_id=OWNER, can_send_documents=True)
    member = await bot.get_chat_member(supergroup, bot.id)
    assert isinstance(member, ChatMemberRestricted) and member.can_send_messages is False
    with pytest.raises(TelegramBadRequest, match="not enough rights to send text messages to the chat"):
        await bot.send_message(supergroup, "молчи")
    server.chats.remove_bot(supergroup, by_user_id=bot.id)  # the bot leaves by itself
    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot is not a member of the supergroup chat"):
        await bot.send_message(supergroup, "ушёл")
    assert [m.plain_text for m in server.chats.messages_in(group)] == ["привет", "админ"]
    assert server.chats.messages_in(supergroup) == []


async def test_people_write_in_groups_and_topics(server: BotAPIServer, poll: _Poller) -> None:
    forum = server.chats.create_supergroup("Форум", owner_id=OWNER, is_forum=True)
    server.chats.add_bot(forum, by_user_id=OWNER)
    await poll()
    topic = server.chats.create_topic(forum, "Новости", by_user_id=OWNER)
    message_id = server.chats.post(forum, "/latest@news_test_bot", user_id=READER, message_thread_id=topic)
    general_id = server.chats.post(forum, "всем привет", user_id=READER)

    created, command, general = await poll()
    assert created.message is not None and created.message.forum_topic_created is not None
    assert created.message.forum_topic_created.name == "Новости"
    assert created.message.message_id == topic == created.message.message_thread_id
    assert created.message.is_topic_message is True
    assert command.message is not None and command.message.message_id == message_id
    assert (command.message.message_thread_id, command.message.is_topic_message) == (topic, True)
    assert command.message.from_user is not None and command.message.from_user.id == READER
    assert command.message.entities is not None and command.message.entities[0].type == "bot_command"
    assert command.message.chat.is_forum is True
    assert general.message is not None and general.message.message_id == general_id
    assert general.message.message_thread_id is None


async def test_sending_into_forum_topics(server: BotAPIServer, bot: Bot) -> None:
    forum = server.chats.create_supergroup("Форум", owner_id=OWNER, is_forum=True)
    server.chats.add_bot(forum, by_user_id=OWNER)
    news = server.chats.create_topic(forum, "Новости", by_user_id=OWNER)
    chat = server.chats.create_topic(forum, "Болталка", by_user_id=OWNER)

    sent = await bot.send_message(forum, "дайджест", message_thread_id=news)
    assert (sent.message_thread_id, sent.is_topic_message) == (news, True)
    await bot.send_message(forum, "в общий")
    assert [m.plain_text for m in server.chats.messages_in(forum, news)] == ["дайджест"]
    assert server.chats.messages_in(forum, chat) == []
    assert [m.plain_text for m in server.chats.messages_in(forum, None)] == ["в общий"]
    assert [(r.chat_id, r.message_thread_id) for r in server.sent] == [(forum, news), (forum, None)]
    async with aiohttp.ClientSession() as http:
        url = f"{server.url}/bot{server.token}/sendMessage"
        form = {"chat_id": str(forum), "text": "x", "message_thread_id": "abc"}
        async with http.post(url, data=form) as response:
            assert (response.status, (await response.json())["description"]) == (
                400,
                "Bad Request: message thread not found",
            )

    with pytest.raises(TelegramBadRequest, match="Bad Request: message thread not found"):
        await bot.send_message(forum, "мимо", message_thread_id=9999)
    server.chats.close_topic(forum, news, by_user_id=OWNER)
    with pytest.raises(TelegramBadRequest, match="Bad Request: TOPIC_CLOSED"):
        await bot.send_message(forum, "закрыто", message_thread_id=news)
    server.chats.promote_bot(forum, by_user_id=OWNER, can_manage_topics=True)
    await bot.send_message(forum, "админ пишет и в закрытую", message_thread_id=news)
    server.chats.demote_bot(forum, by_user_id=OWNER)
    server.chats.reopen_topic(forum, news, by_user_id=OWNER)
    await bot.send_message(forum, "снова открыто", message_thread_id=news)
    server.chats.delete_topic(forum, news)
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(forum, "удалено", message_thread_id=news)
    assert len(server.chats.messages_in(forum, news)) == 3
    assert all(m.deleted for m in server.chats.messages_in(forum, news))


async def test_forum_topic_methods(server: BotAPIServer, bot: Bot) -> None:
    forum = server.chats.create_supergroup("Форум", owner_id=OWNER, is_forum=True)
    server.chats.add_bot(forum, by_user_id=OWNER, as_admin=True, can_manage_topics=False)
    with pytest.raises(TelegramBadRequest, match="not enough rights to manage topics"):
        await bot.create_forum_topic(forum, "Дайджест")

    server.chats.promote_bot(forum, by_user_id=OWNER, can_manage_topics=True)
    topic = await bot.create_forum_topic(forum, "Дайджест", icon_color=0xFFD67E)
    assert (topic.name, topic.icon_color) == ("Дайджест", 0xFFD67E)
    await bot.send_message(forum, "первый", message_thread_id=topic.message_thread_id)
    assert await bot.close_forum_topic(forum, topic.message_thread_id) is True
    with pytest.raises(TelegramBadRequest, match="TOPIC_NOT_MODIFIED"):
        await bot.close_forum_topic(forum, topic.message_thread_id)
    assert server.chats.room(forum).topics[topic.message_thread_id].closed
    assert await bot.reopen_forum_topic(forum, topic.message_thread_id) is True
    assert await bot.delete_forum_topic(forum, topic.message_thread_id) is True
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.close_forum_topic(forum, topic.message_thread_id)

    group = server.chats.create_supergroup("Не форум", owner_id=OWNER)
    server.chats.add_bot(group, by_user_id=OWNER, as_admin=True)
    with pytest.raises(TelegramBadRequest, match="the chat is not a forum"):
        await bot.create_forum_topic(group, "Нельзя")
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(group, "нет ветки", message_thread_id=42)


async def test_a_group_upgraded_to_a_supergroup_moves_to_a_new_id(
    server: BotAPIServer, bot: Bot, poll: _Poller
) -> None:
    group = server.chats.create_group("Соседи", owner_id=OWNER)
    server.chats.add_bot(group, by_user_id=OWNER)
    await bot.send_message(group, "до")
    await poll()

    supergroup = server.chats.upgrade_to_supergroup(group, by_user_id=OWNER)
    assert supergroup < -1_000_000_000_000
    old, new = await poll()
    assert old.message is not None and (old.message.chat.id, old.message.migrate_to_chat_id) == (
        group,
        supergroup,
    )
    assert new.message is not None
    assert (new.message.chat.id, new.message.chat.type, new.message.migrate_from_chat_id) == (
        supergroup,
        "supergroup",
        group,
    )

    with pytest.raises(TelegramMigrateToChat) as info:
        await bot.send_message(group, "по старому адресу")
    assert info.value.migrate_to_chat_id == supergroup
    assert "group chat was upgraded to a supergroup chat" in info.value.message
    await bot.send_message(supergroup, "после")
    assert isinstance(await bot.get_chat_member(supergroup, bot.id), ChatMemberMember)
    assert (await bot.get_chat(supergroup)).type == "supergroup"
    assert [m.plain_text for m in server.chats.messages_in(group)] == ["до"]
    assert [m.plain_text for m in server.chats.messages_in(supergroup)] == ["после"]


async def test_channel_posts_carry_the_sender_chat(server: BotAPIServer, poll: _Poller) -> None:
    channel = server.chats.create_channel("Вести", owner_id=OWNER, username="vesti_kz")
    post_id = server.chats.post_in_channel(channel, "Новость дня")
    (update,) = await poll()
    post = update.channel_post
    assert post is not None and post.message_id == post_id and post.text == "Новость дня"
    assert (
        post.sender_chat is not None and post.sender_chat.id == channel and post.chat.username == "vesti_kz"
    )

    server.chats.set_username(channel, "vesti_news")  # the id keeps working, the old name does not
    server.chats.add_bot(channel, by_user_id=OWNER, as_admin=True)
    await poll()
    assert (await poll.bot.send_message(channel, "по id")).chat.username == "vesti_news"
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await poll.bot.send_message("@vesti_kz", "по старому имени")


async def test_twenty_messages_a_minute_per_group_or_channel() -> None:
    clock = _Clock()
    async with BotAPIServer(clock=clock) as server:
        bot = Bot(server.token, session=_FastCloseSession(api=TelegramAPIServer.from_base(server.url)))
        try:
            channel = server.chats.create_channel("Вести", owner_id=OWNER)
            server.chats.add_bot(channel, by_user_id=OWNER, as_admin=True)
            for n in range(3):  # the burst a chat may take back to back
                await bot.send_message(channel, f"#{n}")
            with pytest.raises(TelegramRetryAfter) as info:
                await bot.send_message(channel, "слишком часто")
            assert info.value.retry_after == 3  # one message per 60/20 seconds
            await bot.send_message(READER, "личный чат не затронут")

            sent = 0
            for _ in range(60):  # one simulated minute, one attempt a second
                clock.now += 1.0
                try:
                    await bot.send_message(channel, "поток")
                    sent += 1
                except TelegramRetryAfter:
                    pass
            assert sent == 20
        finally:
            await bot.session.close()
    assert not server.internal_errors


async def test_add_channel_post_keeps_a_created_channels_name(server: BotAPIServer, poll: _Poller) -> None:
    channel = server.chats.create_channel("Вести", owner_id=OWNER, username="vesti_kz")
    server.add_channel_post(channel, "пост")
    (update,) = await poll()
    assert update.channel_post is not None
    assert (update.channel_post.chat.title, update.channel_post.chat.username) == ("Вести", "vesti_kz")


async def test_a_removed_bot_can_neither_edit_delete_nor_type(server: BotAPIServer, bot: Bot) -> None:
    group = server.chats.create_supergroup("Клуб", owner_id=OWNER)
    server.chats.add_bot(group, by_user_id=OWNER)
    sent = await bot.send_message(group, "привет")
    await bot.send_chat_action(group, "typing")
    server.chats.remove_bot(group, by_user_id=OWNER, ban=True)
    kicked = "Forbidden: bot was kicked from the supergroup chat"
    with pytest.raises(TelegramForbiddenError, match=kicked):
        await bot.edit_message_text("правка", chat_id=group, message_id=sent.message_id)
    with pytest.raises(TelegramForbiddenError, match=kicked):
        await bot.delete_message(group, sent.message_id)
    with pytest.raises(TelegramForbiddenError, match=kicked):
        await bot.send_chat_action(group, "typing")
    assert len(server.chat_actions) == 1 and not server.chats.messages_in(group)[0].deleted
