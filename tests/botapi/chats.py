"""Groups, supergroups, forum topics and channels on the fake Bot API server.

A :class:`ChatRoom` is one non-private chat with its members (the bot among them) and, in a forum
supergroup, its topics.  :class:`ChatControls` (``server.chats``) is what tests drive: it creates
chats, changes memberships (each change of the bot's own membership emits ``my_chat_member``, of
anyone else's ``chat_member``), posts as users, upgrades groups and manages topics; the server asks
it, before sending, whether the bot may post there and with which error Telegram would refuse.

For example::

    forum = server.chats.create_supergroup("Club", owner_id=ADMIN, is_forum=True)
    server.chats.add_bot(forum, by_user_id=ADMIN, as_admin=True)   # -> my_chat_member
    topic = server.chats.create_topic(forum, "Digest", by_user_id=ADMIN)
    ...                                                            # the bot delivers
    assert len(server.chats.messages_in(forum, topic)) == 1

Chats that were never created here (any other negative id) keep the server's old, lenient
behaviour: anything may be sent there.

Names and shapes follow the Bot API (Chat, ChatFullInfo, ChatMember*, ChatMemberUpdated,
ForumTopic).  Error texts, and where they come from:

* confirmed from bot libraries and reports of real responses: "Bad Request: chat not found",
  "Forbidden: bot was kicked from the {group,supergroup,channel} chat", "Forbidden: bot is not a
  member of the {supergroup,channel} chat", "Bad Request: not enough rights to send text messages
  to the chat", "Bad Request: need administrator rights in the channel chat" (a channel admin
  without "Post Messages"), "Bad Request: message thread not found", "Bad Request: TOPIC_CLOSED",
  "Bad Request: group chat was upgraded to a supergroup chat" with ``migrate_to_chat_id``;
* not confirmed (modelled on the ones above and on tdlib's names): "Forbidden: bot is not a member
  of the group chat", "Bad Request: not enough rights to send documents to the chat", "Bad
  Request: not enough rights to manage topics", "Bad Request: the chat is not a forum",
  "Bad Request: TOPIC_NOT_MODIFIED", "Bad Request: user not found".
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .errors import APIError
from .records import ChatId, ChatMessage

if TYPE_CHECKING:
    from .server import BotAPIServer

__all__ = [
    "ADMIN_RIGHTS",
    "MEMBER_PERMISSIONS",
    "ChatControls",
    "ChatMember",
    "ChatRoom",
    "ForumTopic",
    "MemberStatus",
]

ChatType = Literal["group", "supergroup", "channel"]
MemberStatus = Literal["creator", "administrator", "member", "restricted", "left", "kicked"]

# ChatMemberAdministrator's rights (Bot API 9); the last five exist only in channels or only in groups.
ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_send_welcome_messages",
    "can_post_messages",
    "can_edit_messages",
    "can_manage_direct_messages",
    "can_pin_messages",
    "can_manage_topics",
)
_CHANNEL_ONLY_RIGHTS = frozenset({"can_post_messages", "can_edit_messages", "can_manage_direct_messages"})
_GROUP_ONLY_RIGHTS = frozenset({"can_pin_messages", "can_manage_topics"})
# Telegram's "add admin" screen starts with every right on except adding new admins.
_DEFAULT_ADMIN_RIGHTS = {right: right != "can_promote_members" for right in ADMIN_RIGHTS}
# ChatPermissions, also the rights of a ChatMemberRestricted.
MEMBER_PERMISSIONS = (
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_react_to_messages",
    "can_edit_tag",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
)
# What each kind of message needs from ChatPermissions, and the word Telegram's error uses.
_CONTENT_PERMISSION = {
    "text": ("can_send_messages", "text messages"),
    "document": ("can_send_documents", "documents"),
}
# Telegram's account that speaks for anonymous group administrators.
GROUP_ANONYMOUS_BOT: dict[str, Any] = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
DEFAULT_TOPIC_COLOR = 0x6FB9F0  # the first of the six colours createForumTopic accepts
TOPIC_COLORS = frozenset({0x6FB9F0, 0xFFD67E, 0xCB86DB, 0x8EEE98, 0xFF93B2, 0xFB6F5F})


@dataclass(slots=True)
class ChatMember:
    """One user's membership: a status plus the rights that status carries."""

    user: dict[str, Any]
    status: MemberStatus
    rights: dict[str, bool] = field(default_factory=dict)
    until_date: int = 0

    def is_present(self) -> bool:
        """Counts as in the chat (a restricted user may have left while still restricted)."""
        if self.status == "restricted":
            return self.rights.get("is_member", True)
        return self.status in ("creator", "administrator", "member")

    def to_json(self, chat_type: ChatType) -> dict[str, Any]:
        """The ChatMember object of the Bot API for this status."""
        data: dict[str, Any] = {"status": self.status, "user": self.user}
        if self.status == "creator":
            data["is_anonymous"] = False
        elif self.status == "administrator":
            data["can_be_edited"] = False
            data["is_anonymous"] = False
            for right in ADMIN_RIGHTS:
                if chat_type == "channel" and right in _GROUP_ONLY_RIGHTS:
                    continue
                if chat_type != "channel" and right in _CHANNEL_ONLY_RIGHTS:
                    continue
                if right == "can_manage_topics" and chat_type != "supergroup":
                    continue
                data[right] = self.rights.get(right, False)
        elif self.status == "restricted":
            data["is_member"] = self.rights.get("is_member", True)
            data |= {name: self.rights.get(name, False) for name in MEMBER_PERMISSIONS}
            data["until_date"] = self.until_date
        elif self.status == "kicked":
            data["until_date"] = self.until_date
        return data


@dataclass(slots=True)
class ForumTopic:
    """A topic of a forum supergroup; its id is the id of the message that created it."""

    message_thread_id: int
    name: str
    icon_color: int = DEFAULT_TOPIC_COLOR
    closed: bool = False
    deleted: bool = False

    def to_json(self) -> dict[str, Any]:
        """The ForumTopic object createForumTopic returns."""
        return {"message_thread_id": self.message_thread_id, "name": self.name, "icon_color": self.icon_color}


@dataclass(slots=True)
class ChatRoom:
    """A group, supergroup (optionally a forum) or channel with its members and topics."""

    id: int
    type: ChatType
    title: str
    username: str | None = None
    is_forum: bool = False
    members: dict[int, ChatMember] = field(default_factory=dict)
    topics: dict[int, ForumTopic] = field(default_factory=dict)
    # Default ChatPermissions of members (groups and supergroups).
    permissions: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(MEMBER_PERMISSIONS, True))
    migrated_to: int | None = None

    def chat_json(self) -> dict[str, Any]:
        """The Chat object that appears in messages and updates."""
        data: dict[str, Any] = {"id": self.id, "type": self.type, "title": self.title}
        if self.username:
            data["username"] = self.username
        if self.is_forum:
            data["is_forum"] = True
        return data

    def member(self, user_id: int) -> ChatMember | None:
        """The user's membership, ``None`` when they never were in the chat."""
        return self.members.get(user_id)

    def administrators(self) -> list[ChatMember]:
        """Creator first, then administrators, in the order they were appointed."""
        found = [m for m in self.members.values() if m.status in ("creator", "administrator")]
        return sorted(found, key=lambda m: m.status != "creator")

    def member_count(self) -> int:
        """What getChatMemberCount answers."""
        return sum(1 for m in self.members.values() if m.is_present())


class ChatControls:
    """Test-side controls for non-private chats, reached as ``server.chats``.

    Every method that changes what Telegram would announce queues the matching update through the
    server (so ``allowed_updates`` filtering applies as it does in Telegram) and returns what the
    test needs next: the new chat id, the ``update_id``, the ``message_id`` or the topic id.
    """

    def __init__(self, server: BotAPIServer) -> None:
        self._server = server
        self.rooms: dict[int, ChatRoom] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self._group_ids = itertools.count(-4_000_000_001, -1)
        self._channel_ids = itertools.count(-1_001_000_000_001, -1)

    # ------------------------------------------------------------------ creating chats

    def create_group(self, title: str, *, owner_id: int, chat_id: int | None = None) -> int:
        """A basic group created by ``owner_id`` (its creator); returns its id (negative)."""
        return self._create("group", title, owner_id, chat_id, None, is_forum=False)

    def create_supergroup(
        self,
        title: str,
        *,
        owner_id: int,
        username: str | None = None,
        is_forum: bool = False,
        chat_id: int | None = None,
    ) -> int:
        """A supergroup (a forum with topics when ``is_forum``); returns its id (``-100…``)."""
        return self._create("supergroup", title, owner_id, chat_id, username, is_forum=is_forum)

    def create_channel(
        self, title: str, *, owner_id: int, username: str | None = None, chat_id: int | None = None
    ) -> int:
        """A channel owned by ``owner_id``; returns its id (``-100…``)."""
        return self._create("channel", title, owner_id, chat_id, username, is_forum=False)

    def room(self, chat_id: int) -> ChatRoom:
        """The chat's model (KeyError when no such chat was created)."""
        return self.rooms[chat_id]

    def set_permissions(self, chat_id: int, **permissions: bool) -> None:
        """Change the chat's default member permissions (e.g. ``can_send_messages=False``)."""
        room = self.rooms[chat_id]
        room.permissions |= _checked(permissions, MEMBER_PERMISSIONS)

    def set_username(self, chat_id: int, username: str | None) -> None:
        """Rename the chat's public username (the id stays); ``None`` makes it private."""
        room = self.rooms[chat_id]
        if room.username:
            self._server._usernames.pop(room.username.lower(), None)
        room.username = username
        self._sync(room)

    # ------------------------------------------------------------------ memberships

    def add_bot(self, chat_id: int, *, by_user_id: int, as_admin: bool = False, **rights: bool) -> int:
        """``by_user_id`` adds the bot, as a member or (``as_admin``) an administrator with
        Telegram's default rights overridden by ``rights``; emits ``my_chat_member`` (and, in a group,
        the ``new_chat_members`` service message); returns the ``my_chat_member`` update id."""
        room = self.rooms[chat_id]
        if room.type == "channel" and not as_admin:
            raise ValueError("a bot can only join a channel as an administrator")
        status: MemberStatus = "administrator" if as_admin else "member"
        update_id = self.set_member(chat_id, self._bot_id, status, by_user_id=by_user_id, **rights)
        if room.type != "channel":
            self._service_message(room, by_user_id, {"new_chat_members": [self._server.bot_user]})
        return update_id

    def promote_bot(self, chat_id: int, *, by_user_id: int, **rights: bool) -> int:
        """Make the bot an administrator (default rights overridden by ``rights``), or change its rights."""
        return self.set_member(chat_id, self._bot_id, "administrator", by_user_id=by_user_id, **rights)

    def demote_bot(self, chat_id: int, *, by_user_id: int) -> int:
        """Take the bot's administrator rights away; it stays a plain member (a channel subscriber)."""
        return self.set_member(chat_id, self._bot_id, "member", by_user_id=by_user_id)

    def restrict_bot(self, chat_id: int, *, by_user_id: int, **permissions: bool) -> int:
        """Restrict the bot in a (super)group: permissions not given are off."""
        return self.set_member(chat_id, self._bot_id, "restricted", by_user_id=by_user_id, **permissions)

    def remove_bot(self, chat_id: int, *, by_user_id: int, ban: bool = False) -> int:
        """Remove the bot (status ``kicked`` when ``ban``, else ``left``); ``by_user_id`` equal to
        the bot's id is the bot leaving by itself."""
        return self.set_member(chat_id, self._bot_id, "kicked" if ban else "left", by_user_id=by_user_id)

    def add_user(
        self,
        chat_id: int,
        user_id: int,
        *,
        status: MemberStatus = "member",
        first_name: str = "Test",
        username: str | None = None,
        language_code: str | None = "ru",
        by_user_id: int | None = None,
        **rights: bool,
    ) -> int:
        """Put a user into the chat with ``status`` (and rights); emits ``chat_member`` (delivered only
        when ``allowed_updates`` asks for it, as Telegram does); returns the update id."""
        self._remember(user_id, first_name, username, language_code)
        return self.set_member(chat_id, user_id, status, by_user_id=by_user_id or user_id, **rights)

    def set_member(
        self, chat_id: int, user_id: int, status: MemberStatus, *, by_user_id: int, **rights: bool
    ) -> int:
        """Change one membership and emit ``my_chat_member`` (the bot) or ``chat_member`` (a user).

        ``rights`` are administrator rights for ``administrator`` (unset ones keep Telegram's
        defaults) or permissions for ``restricted`` (unset ones are off); returns the update id.
        """
        room = self.rooms[chat_id]
        user = self._user(user_id)
        old = room.members.get(user_id) or ChatMember(user, "left")
        if status == "administrator":
            granted = dict(_DEFAULT_ADMIN_RIGHTS)
            if old.status == "administrator":
                granted |= old.rights
            granted |= _checked(rights, ADMIN_RIGHTS)
        elif status == "restricted":
            granted = _checked(rights, (*MEMBER_PERMISSIONS, "is_member"))
        elif rights:
            raise ValueError(f"status {status!r} carries no rights, got {sorted(rights)}")
        else:
            granted = {}
        new = ChatMember(user, status, granted)
        room.members[user_id] = new
        kind = "my_chat_member" if user_id == self._bot_id else "chat_member"
        return self._server.add_update(
            {
                kind: {
                    "chat": room.chat_json(),
                    "from": self._user(by_user_id),
                    "date": int(time.time()),
                    "old_chat_member": old.to_json(room.type),
                    "new_chat_member": new.to_json(room.type),
                }
            }
        )

    # ------------------------------------------------------------------ messages from people

    def post(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int,
        message_thread_id: int | None = None,
        entities: list[dict[str, Any]] | None = None,
        anonymous: bool = False,
    ) -> int:
        """``user_id`` writes in a group (in topic ``message_thread_id`` of a forum); emits
        ``message``; returns its ``message_id``.  Commands get their ``bot_command`` entity.

        With ``anonymous`` the user is an administrator who stays anonymous: the message comes, as in
        Telegram, from GroupAnonymousBot with ``sender_chat`` the group itself."""
        from .server import _command_entities  # the one command tokenizer the server uses

        room = self.rooms[chat_id]
        if room.type == "channel":
            raise ValueError("people do not write in a channel; use post_in_channel")
        if room.migrated_to is not None:
            raise ValueError(f"group {chat_id} became supergroup {room.migrated_to}")
        if message_thread_id is not None:
            self._live_topic(room, message_thread_id)
        if anonymous:
            member = room.members.get(user_id)
            if member is None or member.status not in ("creator", "administrator"):
                raise ValueError(f"user {user_id} is not an administrator of {chat_id}, cannot be anonymous")
        sender = GROUP_ANONYMOUS_BOT if anonymous else self._user(user_id)
        message = self._store(
            room, text, _command_entities(text) + list(entities or []), sender, message_thread_id
        )
        return self._emit("message", message, {"sender_chat": room.chat_json()} if anonymous else None)

    def post_in_channel(
        self, chat_id: int, text: str, *, entities: list[dict[str, Any]] | None = None
    ) -> int:
        """An administrator posts in the channel; emits ``channel_post`` with ``sender_chat``;
        returns its ``message_id``."""
        room = self.rooms[chat_id]
        if room.type != "channel":
            raise ValueError(f"chat {chat_id} is a {room.type}, not a channel")
        message = self._store(room, text, list(entities or []), None, None)
        return self._emit("channel_post", message)

    def upgrade_to_supergroup(self, chat_id: int, *, by_user_id: int, new_chat_id: int | None = None) -> int:
        """Turn a basic group into a supergroup with a new id, members and rights kept.

        Emits the service message with ``migrate_to_chat_id`` in the old group, then the one with
        ``migrate_from_chat_id`` in the new supergroup.  Afterwards every call aimed at the old id
        gets 400 "group chat was upgraded to a supergroup chat" with ``parameters.migrate_to_chat_id``.
        Returns the new chat id.
        """
        old = self.rooms[chat_id]
        if old.type != "group" or old.migrated_to is not None:
            raise ValueError(f"chat {chat_id} is not a basic group that can be upgraded")
        new_id = self._create("supergroup", old.title, None, new_chat_id, None, is_forum=False)
        new = self.rooms[new_id]
        new.members = {uid: ChatMember(m.user, m.status, dict(m.rights)) for uid, m in old.members.items()}
        new.permissions = dict(old.permissions)
        self._service_message(old, by_user_id, {"migrate_to_chat_id": new_id})
        old.migrated_to = new_id
        self._service_message(new, by_user_id, {"migrate_from_chat_id": chat_id})
        return new_id

    # ------------------------------------------------------------------ forum topics

    def create_topic(
        self, chat_id: int, name: str, *, by_user_id: int, icon_color: int = DEFAULT_TOPIC_COLOR
    ) -> int:
        """A user creates a topic in a forum; emits the ``forum_topic_created`` service message;
        returns the topic's ``message_thread_id``."""
        room = self._forum(chat_id)
        return self._open_topic(
            room, name, icon_color, self._user(by_user_id), announce=True
        ).message_thread_id

    def close_topic(self, chat_id: int, message_thread_id: int, *, by_user_id: int) -> int:
        """Close a topic (``forum_topic_closed`` service message); returns its ``message_id``."""
        topic = self._live_topic(self._forum(chat_id), message_thread_id)
        topic.closed = True
        return self._topic_event(chat_id, topic, by_user_id, "forum_topic_closed")

    def reopen_topic(self, chat_id: int, message_thread_id: int, *, by_user_id: int) -> int:
        """Reopen a closed topic (``forum_topic_reopened`` service message); returns its ``message_id``."""
        topic = self._live_topic(self._forum(chat_id), message_thread_id)
        topic.closed = False
        return self._topic_event(chat_id, topic, by_user_id, "forum_topic_reopened")

    def delete_topic(self, chat_id: int, message_thread_id: int) -> None:
        """Delete a topic with all its messages (Telegram announces nothing)."""
        topic = self._live_topic(self._forum(chat_id), message_thread_id)
        topic.deleted = True
        for message in self._server._chat(chat_id).messages.values():
            if message.message_thread_id == message_thread_id:
                message.deleted = True

    # ------------------------------------------------------------------ reading results

    def messages_in(
        self, chat_id: int, message_thread_id: int | Literal["any"] | None = "any"
    ) -> list[ChatMessage]:
        """The bot's messages in a chat, oldest first; with ``message_thread_id`` only those in
        that topic (``None`` = outside every topic, the General topic of a forum)."""
        sent = self._server.messages_to(chat_id)
        if message_thread_id == "any":
            return sent
        return [m for m in sent if m.message_thread_id == message_thread_id]

    # ------------------------------------------------------------------ what the server asks

    def check_send(self, chat_id: ChatId, params: dict[str, Any], content: str = "text") -> int | None:
        """Raise the APIError Telegram gives when the bot may not send ``content`` ("text",
        "document") to ``chat_id`` with ``params``' ``message_thread_id``; return the topic id the
        message goes to (``None`` outside topics).  Chats never created here are not checked."""
        thread_id = None if params.get("message_thread_id") in (None, "") else _thread_param(params)
        room = self.rooms.get(chat_id) if isinstance(chat_id, int) else None
        if room is None:
            return thread_id
        bot = self.check_access(room.id)
        if room.type == "channel":
            if not _can_post_in_channel(bot):
                raise APIError.bad_request("need administrator rights in the channel chat")
        else:
            permission, noun = _CONTENT_PERMISSION[content]
            if bot.status == "restricted":
                allowed = bot.rights.get(permission, False)
            else:
                allowed = bot.status in ("creator", "administrator") or room.permissions.get(permission, True)
            if not allowed:
                raise APIError.bad_request(f"not enough rights to send {noun} to the chat")
        if thread_id is None:
            return None
        if not room.is_forum:
            # Outside forums a thread is a message with replies; it has to exist.
            if thread_id not in self._server._chat(room.id).messages:
                raise APIError.bad_request("message thread not found")
            return thread_id
        topic = room.topics.get(thread_id)
        if topic is None or topic.deleted:
            raise APIError.bad_request("message thread not found")
        if topic.closed and not _can_manage_topics(bot):
            raise APIError.bad_request("TOPIC_CLOSED")
        return thread_id

    def check_edit(self, chat_id: ChatId) -> None:
        """Raise the APIError Telegram gives when the bot may no longer edit or delete its messages
        there or show a chat action (gone, kicked, migrated, or a channel it may not post in)."""
        room = self.rooms.get(chat_id) if isinstance(chat_id, int) else None
        if room is None:
            return
        bot = self.check_access(room.id)
        if room.type == "channel" and not _can_post_in_channel(bot):
            raise APIError.bad_request("need administrator rights in the channel chat")

    def check_access(self, chat_id: int) -> ChatMember:
        """The bot's membership, or the APIError for a migrated group or a bot that is not in the chat."""
        room = self.rooms[chat_id]
        if room.migrated_to is not None:
            raise APIError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=room.migrated_to,
            )
        bot = room.members.get(self._bot_id)
        if bot is None or not bot.is_present():
            if bot is not None and bot.status == "kicked":
                raise APIError(403, f"Forbidden: bot was kicked from the {room.type} chat")
            raise APIError(403, f"Forbidden: bot is not a member of the {room.type} chat")
        return bot

    def thread_of(self, chat_id: ChatId, message_thread_id: int | None) -> dict[str, Any]:
        """Fields a message in this topic carries: ``message_thread_id`` and ``is_topic_message``."""
        if message_thread_id is None:
            return {}
        room = self.rooms.get(chat_id) if isinstance(chat_id, int) else None
        fields: dict[str, Any] = {"message_thread_id": message_thread_id}
        if room is not None and room.is_forum:
            fields["is_topic_message"] = True
        return fields

    # ------------------------------------------------------------------ Bot API methods

    async def get_chat(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """getChat for a room (``None`` when the chat is not one, so the server answers itself)."""
        room = self.rooms.get(self._chat_id(params))
        if room is None:
            return None
        if room.migrated_to is not None or room.username is None:
            self.check_access(room.id)  # a public chat is readable from outside
        return room.chat_json()

    async def get_chat_member(self, params: dict[str, Any]) -> Any:
        room = self._readable_room(params)
        user_id = _user_id(params)
        member = room.members.get(user_id)
        if member is None:
            if user_id not in self.users:
                raise APIError.bad_request("user not found")
            member = ChatMember(self.users[user_id], "left")
        return member.to_json(room.type)

    async def get_chat_administrators(self, params: dict[str, Any]) -> Any:
        room = self._readable_room(params)
        # Telegram leaves other bots out; this bot is listed when it is an administrator.
        return [
            m.to_json(room.type)
            for m in room.administrators()
            if not m.user.get("is_bot") or m.user["id"] == self._bot_id
        ]

    async def get_chat_member_count(self, params: dict[str, Any]) -> Any:
        return self._readable_room(params).member_count()

    async def create_forum_topic(self, params: dict[str, Any]) -> Any:
        room = self._managed_forum(params)
        name = str(params.get("name") or "").strip()
        if not 1 <= len(name) <= 128:
            raise APIError.bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_TOO_LONG")
        color = int(params.get("icon_color") or DEFAULT_TOPIC_COLOR)
        if color not in TOPIC_COLORS:
            raise APIError.bad_request("TOPIC_ICON_COLOR_INVALID")  # not confirmed
        return self._open_topic(room, name, color, self._server.bot_user, announce=False).to_json()

    async def close_forum_topic(self, params: dict[str, Any]) -> Any:
        return self._toggle_topic(params, closed=True)

    async def reopen_forum_topic(self, params: dict[str, Any]) -> Any:
        return self._toggle_topic(params, closed=False)

    async def delete_forum_topic(self, params: dict[str, Any]) -> Any:
        room = self._managed_forum(params)
        self._live_topic_or_error(room, params)
        self.delete_topic(room.id, _thread_param(params))
        return True

    def handlers(self) -> dict[str, Any]:
        """Bot API method name -> handler, for the server's routing table."""
        return {
            "getChatMember": self.get_chat_member,
            "getChatAdministrators": self.get_chat_administrators,
            "getChatMemberCount": self.get_chat_member_count,
            "createForumTopic": self.create_forum_topic,
            "closeForumTopic": self.close_forum_topic,
            "reopenForumTopic": self.reopen_forum_topic,
            "deleteForumTopic": self.delete_forum_topic,
        }

    # ------------------------------------------------------------------ helpers

    @property
    def _bot_id(self) -> int:
        return self._server.bot_id

    def _create(
        self,
        kind: ChatType,
        title: str,
        owner_id: int | None,
        chat_id: int | None,
        username: str | None,
        *,
        is_forum: bool,
    ) -> int:
        if chat_id is None:
            chat_id = next(self._group_ids if kind == "group" else self._channel_ids)
        if chat_id in self.rooms or chat_id >= 0:
            raise ValueError(f"chat id {chat_id} is taken or not a group/channel id")
        if is_forum and kind != "supergroup":
            raise ValueError("only a supergroup can be a forum")
        room = self.rooms[chat_id] = ChatRoom(chat_id, kind, title, username, is_forum)
        if owner_id is not None:
            room.members[owner_id] = ChatMember(self._user(owner_id), "creator")
        self._sync(room)
        return chat_id

    def _sync(self, room: ChatRoom) -> None:
        """Keep the server's stored Chat object and @username lookup in step with the room."""
        self._server._chat(room.id).info = room.chat_json()
        if room.username:
            self._server._usernames[room.username.lower()] = room.id

    def _remember(
        self, user_id: int, first_name: str, username: str | None, language_code: str | None
    ) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        user["username"] = username if username is not None else f"user{user_id}"
        if language_code:
            user["language_code"] = language_code
        self.users[user_id] = user
        return user

    def _user(self, user_id: int) -> dict[str, Any]:
        if user_id == self._bot_id:
            return self._server.bot_user
        return self.users.get(user_id) or self._remember(user_id, "Test", None, "ru")

    def _store(
        self,
        room: ChatRoom,
        text: str,
        entities: list[dict[str, Any]],
        sender: dict[str, Any] | None,
        thread_id: int | None,
    ) -> ChatMessage:
        chat = self._server._chat(room.id)
        message = ChatMessage(
            chat_id=room.id,
            message_id=self._server._next_message_id(chat),
            text=text,
            plain_text=text,
            entities=entities,
            parse_mode=None,
            reply_markup=None,
            date=int(time.time()),
            timestamp=self._server._clock(),
            from_bot=False,
            sender=sender,
            message_thread_id=thread_id,
        )
        chat.messages[message.message_id] = message
        return message

    def _emit(self, kind: str, message: ChatMessage, extra: dict[str, Any] | None = None) -> int:
        data = self._server._message_json(message) | (extra or {})
        if extra and "sender_chat" not in extra:
            data.pop("text", None)  # a service message has no text
        self._server.add_update({kind: data})
        return message.message_id

    def _service_message(
        self, room: ChatRoom, by_user_id: int, extra: dict[str, Any], thread_id: int | None = None
    ) -> int:
        message = self._store(room, "", [], self._user(by_user_id), thread_id)
        return self._emit("message", message, extra)

    def _forum(self, chat_id: int) -> ChatRoom:
        room = self.rooms[chat_id]
        if not room.is_forum:
            raise ValueError(f"chat {chat_id} is not a forum")
        return room

    def _open_topic(
        self, room: ChatRoom, name: str, color: int, creator: dict[str, Any], *, announce: bool
    ) -> ForumTopic:
        # The topic's id is the id of its "topic created" service message.
        message = self._store(room, "", [], creator, None)
        topic = ForumTopic(message.message_id, name, color)
        message.message_thread_id = topic.message_thread_id
        room.topics[topic.message_thread_id] = topic
        if announce:
            self._emit("message", message, {"forum_topic_created": {"name": name, "icon_color": color}})
        return topic

    def _topic_event(self, chat_id: int, topic: ForumTopic, by_user_id: int, kind: str) -> int:
        return self._service_message(self.rooms[chat_id], by_user_id, {kind: {}}, topic.message_thread_id)

    @staticmethod
    def _live_topic(room: ChatRoom, thread_id: int) -> ForumTopic:
        topic = room.topics.get(thread_id)
        if topic is None or topic.deleted:
            raise ValueError(f"no topic {thread_id} in chat {room.id}")
        return topic

    def _chat_id(self, params: dict[str, Any]) -> int:
        chat_id = self._server._resolve_chat_id(params)
        return chat_id if isinstance(chat_id, int) else 0

    def _readable_room(self, params: dict[str, Any]) -> ChatRoom:
        room = self.rooms.get(self._chat_id(params))
        if room is None:
            raise APIError.bad_request("chat not found")
        self.check_access(room.id)
        return room

    def _managed_forum(self, params: dict[str, Any]) -> ChatRoom:
        room = self._readable_room(params)
        if not room.is_forum:
            raise APIError.bad_request("the chat is not a forum")
        if not _can_manage_topics(self.check_access(room.id)):
            raise APIError.bad_request("not enough rights to manage topics")
        return room

    @staticmethod
    def _live_topic_or_error(room: ChatRoom, params: dict[str, Any]) -> ForumTopic:
        topic = room.topics.get(_thread_param(params))
        if topic is None or topic.deleted:
            raise APIError.bad_request("message thread not found")
        return topic

    def _toggle_topic(self, params: dict[str, Any], *, closed: bool) -> bool:
        room = self._managed_forum(params)
        topic = self._live_topic_or_error(room, params)
        if topic.closed == closed:
            raise APIError.bad_request("TOPIC_NOT_MODIFIED")
        topic.closed = closed
        return True


def _can_post_in_channel(member: ChatMember) -> bool:
    return member.status == "creator" or (
        member.status == "administrator" and member.rights.get("can_post_messages", False)
    )


def _can_manage_topics(member: ChatMember) -> bool:
    return member.status == "creator" or (
        member.status == "administrator" and member.rights.get("can_manage_topics", False)
    )


def _checked(rights: dict[str, bool], known: tuple[str, ...]) -> dict[str, bool]:
    unknown = set(rights) - set(known)
    if unknown:
        raise ValueError(f"unknown rights {sorted(unknown)}; known: {known}")
    return dict(rights)


def _user_id(params: dict[str, Any]) -> int:
    try:
        return int(params.get("user_id") or "")
    except ValueError:
        raise APIError.bad_request("invalid user_id specified") from None


def _thread_param(params: dict[str, Any]) -> int:
    try:
        return int(params.get("message_thread_id") or "")
    except ValueError:
        raise APIError.bad_request("message thread not found") from None
