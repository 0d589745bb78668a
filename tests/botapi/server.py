"""A local fake of the Telegram Bot API for end-to-end tests and benchmarks.

Point a real aiogram ``Bot`` at it::

    async with BotAPIServer() as server:
        session = AiohttpSession(api=TelegramAPIServer.from_base(server.url))
        bot = Bot(server.token, session=session)
        ...

Requests arrive as ``POST /bot<token>/<method>`` with multipart, urlencoded or JSON bodies (aiogram
uses form data, with nested objects JSON-encoded as strings).  Responses use Telegram's envelopes,
and errors carry Telegram's status codes and descriptions so aiogram raises the same exception
classes it would in production (TelegramBadRequest, TelegramRetryAfter, TelegramForbiddenError...).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Collection, Iterable
from http import HTTPStatus
from types import TracebackType
from typing import Any, Self, cast

from aiohttp import web

from .chats import ChatControls, MemberStatus
from .errors import APIError
from .files import MAX_DOWNLOAD_BYTES, FileStore, UploadedFile
from .html_check import EntityParseError, ParsedText, parse_html, strip_text, utf16_len
from .markup import MarkupError, validate_reply_markup
from .ratelimit import RateLimiter
from .records import CallbackAnswer, ChatAction, ChatId, ChatMessage, Fault, RequestRecord, SentRecord

__all__ = ["DEFAULT_FAULT_METHODS", "DEFAULT_LIMITED_METHODS", "APIError", "BotAPIServer"]

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 512
MAX_SHORT_DESCRIPTION_LENGTH = 120
# Updates Telegram delivers when allowed_updates is unset or empty.
DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
DEFAULT_LIMITED_METHODS = frozenset({"sendMessage"})
DEFAULT_FAULT_METHODS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup"})
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_PARSE_MODES = {"html": "HTML", "markdown": "Markdown", "markdownv2": "MarkdownV2"}
_COMMAND_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_QUERY_EXPIRED = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


class _PlainError(Exception):
    """A non-JSON error body, like the HTML page nginx returns for a 502."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(body)
        self.status = status
        self.body = body


class _Chat:
    __slots__ = ("bot_messages", "error", "info", "messages", "next_message_id", "user", "waiters")

    def __init__(self, info: dict[str, Any]) -> None:
        self.info = info
        self.user: dict[str, Any] | None = None
        self.next_message_id = 1
        self.messages: dict[int, ChatMessage] = {}
        self.bot_messages: list[ChatMessage] = []
        self.error: APIError | None = None
        self.waiters: list[tuple[int, asyncio.Future[None]]] = []


Handler = Callable[[dict[str, Any]], Awaitable[Any]]


class BotAPIServer:
    """In-process fake Telegram Bot API server (aiohttp) for tests and benchmarks.

    :param token: the only token accepted (others get 401); the bot id is its numeric prefix.
    :param host: interface to bind; :param port: 0 picks a free port.
    :param rate_limits: enable flood control (429 "Too Many Requests: retry after N").
    :param per_chat_per_second: sustained messages per second per private chat.
    :param per_chat_burst: messages a chat may receive back to back before the per-chat limit kicks in.
    :param group_per_minute: sustained messages per minute for group/channel chats (negative ids).
    :param global_per_second: sustained messages per second across all chats.
    :param global_burst: global bucket size (defaults to one second's worth).
    :param limited_methods: methods that count against the limits (default: sendMessage only).
    :param strict_html_entities: reject a bare ``&`` in HTML, as the Bot API docs require (tdlib
        itself tolerates it; pass ``False`` to mimic that).
    :param record_requests: keep a :class:`RequestRecord` for every call in :attr:`requests`.
    :param clock: monotonic clock used for rate limits and timestamps (injectable for tests).
    :param latency: seconds each answer is held after the call took effect (a distant server's round
        trip): a client killed meanwhile has had its message delivered without hearing so.
    """

    def __init__(
        self,
        token: str = "123456789:TEST-token-for-local-bot-api",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        rate_limits: bool = True,
        per_chat_per_second: float = 1.0,
        per_chat_burst: float = 3,
        group_per_minute: float = 20.0,
        global_per_second: float = 30.0,
        global_burst: float | None = None,
        limited_methods: Collection[str] = DEFAULT_LIMITED_METHODS,
        strict_html_entities: bool = True,
        record_requests: bool = True,
        bot_first_name: str = "NewsBot",
        bot_username: str = "news_test_bot",
        clock: Callable[[], float] = time.monotonic,
        latency: float = 0.0,
    ) -> None:
        bot_id, _, _ = token.partition(":")
        if not bot_id.isdigit():
            raise ValueError("token must look like '<digits>:<secret>' (aiogram validates it)")
        self.token = token
        self.host = host
        self.port = port
        self.rate_limits = rate_limits
        self.limited_methods = frozenset(limited_methods)
        self.strict_html_entities = strict_html_entities
        self.record_requests = record_requests
        self._clock = clock
        self.latency = latency
        self.limiter = RateLimiter(
            per_chat_per_second=per_chat_per_second,
            per_chat_burst=per_chat_burst,
            group_per_minute=group_per_minute,
            global_per_second=global_per_second,
            global_burst=global_per_second if global_burst is None else global_burst,
            clock=clock,
        )
        self.bot_user: dict[str, Any] = {
            "id": int(bot_id),
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

        # What the bot did.
        self.sent: list[SentRecord] = []
        self.requests: list[RequestRecord] = []
        self.errors: list[RequestRecord] = []
        self.internal_errors: list[BaseException] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.chat_actions: list[ChatAction] = []
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        # setMyDescription / setMyShortDescription by language code ("" = every other language).
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.method_counts: Counter[str] = Counter()
        self.status_counts: Counter[int] = Counter()
        self.webhook: dict[str, Any] | None = None

        self._chats: dict[ChatId, _Chat] = {}
        self._usernames: dict[str, ChatId] = {}
        self._faults: list[Fault] = []
        self._callbacks: dict[str, tuple[ChatId | None, int | None, str]] = {}
        self._answered: set[str] = set()
        self._callback_ids = itertools.count(4_000_000_000_000_000_001)

        # Update queue: (update_id, type, JSON text). JSON is frozen at injection time so later
        # edits to stored messages don't rewrite updates that are already queued.
        self._updates: deque[tuple[int, str]] = deque()
        self._next_update_id = 100_000_001
        self._allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self.dropped_updates = 0
        self._updates_changed = asyncio.Event()
        self._poll_generation = 0
        self._closing = False

        # Groups, supergroups, forum topics and channels (see tests/botapi/chats.py).
        self.chats = ChatControls(self)

        self.files = FileStore()
        self._runner: web.AppRunner | None = None
        self._handlers: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "setMyDescription": self._set_my_description,
                "getMyDescription": self._get_my_description,
                "setMyShortDescription": self._set_my_short_description,
                "getMyShortDescription": self._get_my_short_description,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "answerCallbackQuery": self._answer_callback_query,
                "deleteMessage": self._delete_message,
                "sendChatAction": self._send_chat_action,
                "getChat": self._get_chat,
                "getFile": self._get_file,
                "sendDocument": self._send_document,
                "close": self._ok,
                "logOut": self._ok,
                **self.chats.handlers(),
            }.items()
        }

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:43123``; pass it to ``TelegramAPIServer.from_base``."""
        if self._runner is None:
            raise RuntimeError("server is not started")
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        """Bind and start serving; afterwards :attr:`url` and :attr:`port` are valid."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._download_file)
        # Long polls are woken in stop(), so a short shutdown timeout is enough.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        self._closing = False

    async def stop(self) -> None:
        """Wake pending long polls (they return ``[]``) and shut the server down."""
        self._closing = True
        self._signal_updates()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # ------------------------------------------------------------------ test controls

    def block_chat(
        self, chat_id: ChatId, description: str = "Forbidden: bot was blocked by the user"
    ) -> None:
        """Make every call aimed at ``chat_id`` fail with 403 (``TelegramForbiddenError``)."""
        self.set_chat_error(chat_id, 403, description)

    def unblock_chat(self, chat_id: ChatId) -> None:
        """Undo :meth:`block_chat` / :meth:`set_chat_error`."""
        self._chat(chat_id).error = None

    def set_chat_error(self, chat_id: ChatId, code: int, description: str) -> None:
        """Make calls aimed at ``chat_id`` fail, e.g. ``(400, "Bad Request: chat not found")`` or
        ``(403, "Forbidden: user is deactivated")``."""
        self._chat(chat_id).error = APIError(code, description)

    def fail_next(
        self,
        n: int = 1,
        status: int = 502,
        *,
        methods: Iterable[str] | str | None = None,
        as_json: bool = True,
        description: str | None = None,
        echo_path: bool = False,
    ) -> None:
        """Make the next ``n`` calls of ``methods`` fail with a 5xx (or any) status.

        :param methods: method names, ``"*"`` for every method (getUpdates included), or ``None`` for
            the message-producing ones (:data:`DEFAULT_FAULT_METHODS`).
        :param as_json: ``True`` gives a Telegram JSON error (aiogram raises TelegramServerError);
            ``False`` gives an HTML body like nginx does (aiogram raises ClientDecodeError).
        :param echo_path: the HTML body quotes the request path, ``/bot<token>/<method>``, as some
            proxies' error pages do.
        """
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        self._faults.append(
            Fault(
                n,
                status,
                description or phrase,
                None,
                as_json,
                self._fault_methods(methods),
                echo_path=echo_path,
            )
        )

    def fail_next_429(
        self, n: int = 1, retry_after: int = 1, *, methods: Iterable[str] | str | None = None
    ) -> None:
        """Make the next ``n`` calls of ``methods`` answer 429 with ``parameters.retry_after``."""
        self._faults.append(
            Fault(
                n,
                429,
                f"Too Many Requests: retry after {retry_after}",
                retry_after,
                True,
                self._fault_methods(methods),
            )
        )

    def clear_faults(self) -> None:
        """Drop all pending injected failures."""
        self._faults.clear()

    def reset_rate_limits(self) -> None:
        """Refill all flood-control buckets (e.g. between benchmark phases)."""
        self.limiter.reset()

    # ------------------------------------------------------------------ injecting updates

    @property
    def bot_id(self) -> int:
        """The bot's user id (the token's numeric prefix)."""
        return int(self.bot_user["id"])

    @property
    def last_update_id(self) -> int:
        """``update_id`` of the most recently injected update (0 if none)."""
        return self._next_update_id - 1 if self._next_update_id > 100_000_001 else 0

    @property
    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        return len(self._updates)

    def add_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update (``update_id`` is assigned if missing) and wake long polls.

        Like Telegram, an update whose type is not in the current ``allowed_updates`` setting is
        dropped (counted in :attr:`dropped_updates`); returns the ``update_id`` either way.
        """
        update_id = update.get("update_id")
        if update_id is None:
            update_id = self._next_update_id
            update = {"update_id": update_id, **update}
        self._next_update_id = max(self._next_update_id, int(update_id) + 1)
        kind = next((key for key in update if key != "update_id"), "")
        if kind not in self._allowed_updates:
            self.dropped_updates += 1
            return int(update_id)
        self._updates.append((int(update_id), json.dumps(update, ensure_ascii=False)))
        self._signal_updates()
        return int(update_id)

    def send_message_update(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        language_code: str | None = "ru",
        first_name: str = "Test",
        username: str | None = None,
        entities: list[dict[str, Any]] | None = None,
        reply_to_message_id: int | None = None,
    ) -> int:
        """Inject a private-chat ``message`` update from a user and return its ``message_id``.

        Text starting with ``/`` gets a ``bot_command`` entity covering the command (``/read_12``,
        ``/latest@news_test_bot``) up to the first space, as Telegram clients produce.
        """
        user = self._remember_user(chat_id, user_id, first_name, username, language_code)
        chat = self._chat(chat_id)
        now = self._clock()
        all_entities = _command_entities(text) + list(entities or [])
        message = ChatMessage(
            chat_id=chat_id,
            message_id=self._next_message_id(chat),
            text=text,
            plain_text=text,
            entities=all_entities,
            parse_mode=None,
            reply_markup=None,
            date=int(time.time()),
            timestamp=now,
            from_bot=False,
            sender=user,
            reply_to_message_id=reply_to_message_id,
        )
        chat.messages[message.message_id] = message
        self.add_update({"message": self._message_json(message)})
        return message.message_id

    def press_button(
        self,
        chat_id: ChatId,
        message_id: int,
        callback_data: str,
        *,
        user_id: int | None = None,
        language_code: str | None = "ru",
        first_name: str = "Test",
        username: str | None = None,
        check: bool = True,
    ) -> str:
        """Inject a ``callback_query`` as if the user pressed a button; return the query id.

        The query's ``message`` is the stored bot message (current text and keyboard).  With
        ``check`` (default) the message must exist and carry a button with ``callback_data``, so
        tests can't press buttons the bot never showed; with ``check=False`` a missing message is
        sent as an inaccessible one (``date: 0``).
        """
        chat = self._chats.get(chat_id)
        message = chat.messages.get(message_id) if chat else None
        if check:
            if message is None or message.deleted:
                shown = [m.message_id for m in chat.bot_messages if not m.deleted] if chat else []
                raise AssertionError(
                    f"press_button: no message {message_id} in chat {chat_id}; live bot messages: {shown}"
                )
            if callback_data not in message.callback_data:
                raise AssertionError(
                    f"press_button: message {message_id} in chat {chat_id} has no button with "
                    f"callback_data={callback_data!r}; it has {message.callback_data}"
                )
        numeric_chat = chat_id if isinstance(chat_id, int) else 0
        user = self._remember_user(numeric_chat, user_id, first_name, username, language_code)
        query_id = str(next(self._callback_ids))
        if message is not None and not message.deleted:
            message_json = self._message_json(message)
        else:
            message_json = {"chat": self._chat(chat_id).info, "message_id": message_id, "date": 0}
        self._callbacks[query_id] = (chat_id, message_id, callback_data)
        self.add_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user,
                    "message": message_json,
                    "chat_instance": str(abs(hash(("chat_instance", chat_id)))),
                    "data": callback_data,
                }
            }
        )
        return query_id

    def press_inline_button(
        self,
        inline_message_id: str,
        callback_data: str,
        *,
        user_id: int,
        language_code: str | None = "ru",
        first_name: str = "Test",
    ) -> str:
        """Inject a ``callback_query`` from a message sent in inline mode: it has ``inline_message_id``
        and no ``message`` (Telegram gives the bot no chat for it); return the query id."""
        user = self._remember_user(user_id, user_id, first_name, None, language_code)
        query_id = str(next(self._callback_ids))
        self._callbacks[query_id] = (None, None, callback_data)
        self.add_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user,
                    "inline_message_id": inline_message_id,
                    "chat_instance": str(abs(hash(("inline", inline_message_id)))),
                    "data": callback_data,
                }
            }
        )
        return query_id

    def add_channel_post(
        self,
        channel_id: int,
        text: str,
        *,
        username: str | None = "chan",
        title: str | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> int:
        """Inject a ``channel_post`` update in channel ``channel_id``; return its ``message_id``.

        A channel made with ``chats.create_channel`` keeps its own title and username.
        """
        if channel_id in self.chats.rooms:
            return self.chats.post_in_channel(channel_id, text, entities=entities)
        chat = self._chat(channel_id)
        info: dict[str, Any] = {"id": channel_id, "type": "channel", "title": title or username or "Channel"}
        if username:
            info["username"] = username
            self._usernames[username.lower()] = channel_id
        chat.info = info
        message = ChatMessage(
            chat_id=channel_id,
            message_id=self._next_message_id(chat),
            text=text,
            plain_text=text,
            entities=list(entities or []),
            parse_mode=None,
            reply_markup=None,
            date=int(time.time()),
            timestamp=self._clock(),
            from_bot=False,
        )
        chat.messages[message.message_id] = message
        self.add_update({"channel_post": self._message_json(message)})
        return message.message_id

    def add_bot_to_channel(
        self,
        channel_id: int,
        *,
        by_user_id: int,
        title: str = "Channel",
        username: str | None = None,
        status: str = "administrator",
        can_post_messages: bool = True,
    ) -> int:
        """Inject the ``my_chat_member`` update Telegram sends when ``by_user_id`` makes the bot an
        administrator of a channel (or, with another ``status``, changes its membership); returns the
        ``update_id``."""
        self.chats.users.setdefault(
            by_user_id, self._remember_user(by_user_id, by_user_id, "Admin", None, "ru")
        )
        if channel_id not in self.chats.rooms:
            self.chats.create_channel(title, owner_id=by_user_id, username=username, chat_id=channel_id)
        rights = {}
        if status == "administrator":
            rights = {"can_post_messages": can_post_messages, "can_edit_messages": can_post_messages}
        member_status = cast(MemberStatus, status)
        return self.chats.set_member(channel_id, self.bot_id, member_status, by_user_id=by_user_id, **rights)

    def edit_channel_post(
        self,
        channel_id: int,
        message_id: int,
        text: str,
        *,
        entities: list[dict[str, Any]] | None = None,
    ) -> int:
        """Edit a post made with :meth:`add_channel_post` and inject ``edited_channel_post``.

        Returns the ``update_id``.
        """
        chat = self._chats.get(channel_id)
        message = chat.messages.get(message_id) if chat else None
        if message is None:
            raise KeyError(f"no post {message_id} in channel {channel_id}")
        message.text = message.plain_text = text
        message.entities = list(entities or [])
        message.edit_date = int(time.time())
        message.edit_count += 1
        return self.add_update({"edited_channel_post": self._message_json(message)})

    # ------------------------------------------------------------------ reading results

    def messages_to(self, chat_id: ChatId, *, include_deleted: bool = True) -> list[ChatMessage]:
        """Messages the bot sent to ``chat_id``, oldest first, in their current (edited) state.

        Deleted ones are included (with ``deleted=True``) unless ``include_deleted=False``.
        """
        chat = self._chats.get(chat_id)
        if chat is None:
            return []
        if include_deleted:
            return list(chat.bot_messages)
        return [m for m in chat.bot_messages if not m.deleted]

    def message(self, chat_id: ChatId, message_id: int) -> ChatMessage:
        """A stored message (bot's or user's) by id; KeyError if unknown."""
        return self._chats[chat_id].messages[message_id]

    # A plain ``timeout`` argument keeps test call sites short, hence the ASYNC109 waivers.
    async def wait_for_messages(
        self,
        chat_id: ChatId,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[ChatMessage]:
        """Wait until the bot has sent at least ``count`` messages to ``chat_id``; return them all.

        :raises AssertionError: on timeout, listing what the chat got and the failed calls for it.
        """
        chat = self._chat(chat_id)
        if len(chat.bot_messages) < count:
            future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            entry = (count, future)
            chat.waiters.append(entry)
            try:
                await asyncio.wait_for(future, timeout)
            except TimeoutError:
                raise AssertionError(self._describe_chat(chat_id, chat, count, timeout)) from None
            finally:
                with contextlib.suppress(ValueError):
                    chat.waiters.remove(entry)
        return list(chat.bot_messages)

    async def wait_until(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
        message: str = "condition",
    ) -> None:
        """Poll ``predicate`` every 10 ms until it is true; AssertionError after ``timeout``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            if loop.time() >= deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {message}")
            await asyncio.sleep(0.01)

    def get_commands(self, scope: str = "default", language_code: str = "") -> list[dict[str, str]]:
        """Commands set with setMyCommands for a scope key and language ("" = no language).

        Scope keys: ``"default"``, ``"all_private_chats"``, ``"all_group_chats"``,
        ``"all_chat_administrators"``, ``"chat:<id>"``, ``"chat_administrators:<id>"``,
        ``"chat_member:<chat_id>:<user_id>"``.
        """
        return list(self.commands.get((scope, language_code), []))

    def menu_seen_in_private_chat(self, chat_id: int, language_code: str = "") -> list[dict[str, str]]:
        """The menu a user sees in their private chat with the bot, as Telegram picks it: the first
        scope with commands among the chat's own, all private chats, and the default scope, each in
        the user's language first and then without a language."""
        for scope in (f"chat:{chat_id}", "all_private_chats", "default"):
            for language in dict.fromkeys((language_code, "")):
                commands = self.commands.get((scope, language))
                if commands:
                    return list(commands)
        return []

    def answer_for(self, callback_query_id: str) -> CallbackAnswer | None:
        """The answerCallbackQuery call for a query id returned by :meth:`press_button`, if any."""
        for answer in reversed(self.callback_answers):
            if answer.callback_query_id == callback_query_id:
                return answer
        return None

    @property
    def count_429(self) -> int:
        """How many 429 responses were issued (flood control and injected ones)."""
        return self.status_counts[429]

    def calls(self, method: str) -> list[RequestRecord]:
        """Recorded requests for one method name (needs ``record_requests``)."""
        return [r for r in self.requests if r.method == method]

    # ------------------------------------------------------------------ HTTP plumbing

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _json_response(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        found = self._handlers.get(request.match_info["method"].lower())
        if found is None:
            self.status_counts[404] += 1
            return _json_response(
                404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
            )
        method, handler = found
        self.method_counts[method] += 1
        params: dict[str, Any] = {}
        status, description = 200, None
        try:
            params = await _read_params(request)
            self._apply_faults(method, request.path)
            result = await handler(params)
            response = (
                web.Response(text=result, content_type="application/json")
                if isinstance(result, _RawResult)
                else _json_response(200, {"ok": True, "result": result})
            )
        except APIError as exc:
            status, description = exc.code, exc.description
            body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            response = _json_response(exc.code, body)
        except _PlainError as exc:
            status, description = exc.status, exc.body
            response = web.Response(status=exc.status, text=exc.body, content_type="text/html")
        except Exception as exc:  # a bug in the fake must not look like a Telegram answer
            self.internal_errors.append(exc)
            status, description = 500, f"Internal Server Error: {exc!r}"
            response = _json_response(500, {"ok": False, "error_code": 500, "description": description})
        self.status_counts[status] += 1
        if self.record_requests or status != 200:
            record = RequestRecord(method, params, status, description, _peek_chat_id(params), self._clock())
            if self.record_requests:
                self.requests.append(record)
            if status != 200:
                self.errors.append(record)
        if self.latency and method != "getUpdates":
            await asyncio.sleep(self.latency)
        return response

    def _apply_faults(self, method: str, path: str) -> None:
        for fault in self._faults:
            if fault.methods is None or method in fault.methods:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                if not fault.as_json:
                    where = f" while proxying {path}" if fault.echo_path else ""
                    raise _PlainError(
                        fault.status,
                        f"<html><head><title>{fault.status} {fault.description}</title></head>"
                        f"<body><center><h1>{fault.status} {fault.description}{where}</h1></center>"
                        "</body></html>",
                    )
                raise APIError(fault.status, fault.description, retry_after=fault.retry_after)

    @staticmethod
    def _fault_methods(methods: Iterable[str] | str | None) -> frozenset[str] | None:
        if methods is None:
            return DEFAULT_FAULT_METHODS
        if methods == "*":
            return None
        if isinstance(methods, str):
            return frozenset({methods})
        return frozenset(methods)

    # ------------------------------------------------------------------ state helpers

    def _chat(self, chat_id: ChatId) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Chat(_default_chat_info(chat_id))
        return chat

    @staticmethod
    def _next_message_id(chat: _Chat) -> int:
        message_id = chat.next_message_id
        chat.next_message_id += 1
        return message_id

    def _remember_user(
        self,
        chat_id: int,
        user_id: int | None,
        first_name: str,
        username: str | None,
        language_code: str | None,
    ) -> dict[str, Any]:
        uid = user_id if user_id is not None else (chat_id if chat_id > 0 else 1)
        user: dict[str, Any] = {"id": uid, "is_bot": False, "first_name": first_name}
        user["username"] = username if username is not None else f"user{uid}"
        if language_code:
            user["language_code"] = language_code
        if chat_id > 0:
            chat = self._chat(chat_id)
            chat.user = user
            chat.info = {
                "id": chat_id,
                "type": "private",
                "first_name": first_name,
                "username": user["username"],
            }
        return user

    def _message_json(self, message: ChatMessage, *, with_reply: bool = True) -> dict[str, Any]:
        chat = self._chat(message.chat_id)
        data: dict[str, Any] = {"message_id": message.message_id}
        if message.from_bot:
            data["from"] = self.bot_user
        elif message.sender is not None:
            data["from"] = message.sender
        if chat.info.get("type") == "channel":
            data["sender_chat"] = chat.info
        data["chat"] = chat.info
        data |= self.chats.thread_of(message.chat_id, message.message_thread_id)
        data["date"] = message.date
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        if message.document is not None:
            data["document"] = message.document
            if message.plain_text:
                data["caption"] = message.plain_text
                if message.entities:
                    data["caption_entities"] = message.entities
        else:
            data["text"] = message.plain_text
            if message.entities:
                data["entities"] = message.entities
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            data["reply_markup"] = message.reply_markup
        if with_reply and message.reply_to_message_id is not None:
            replied = chat.messages.get(message.reply_to_message_id)
            if replied is not None:
                data["reply_to_message"] = self._message_json(replied, with_reply=False)
        return data

    def _signal_updates(self) -> None:
        # Swapping the Event wakes every current waiter exactly once without a lost-wakeup window.
        self._updates_changed.set()
        self._updates_changed = asyncio.Event()

    def _notify_waiters(self, chat: _Chat) -> None:
        if not chat.waiters:
            return
        sent = len(chat.bot_messages)
        for count, future in chat.waiters:
            if sent >= count and not future.done():
                future.set_result(None)

    def _describe_chat(self, chat_id: ChatId, chat: _Chat, count: int, timeout: float) -> str:
        got = [(m.message_id, m.plain_text[:80]) for m in chat.bot_messages]
        failed = [(e.method, e.status, e.description) for e in self.errors if e.chat_id == chat_id][-10:]
        lines = [
            f"timed out after {timeout}s waiting for {count} message(s) to chat {chat_id}; got {len(got)}:",
            *(f"  #{mid}: {text!r}" for mid, text in got),
            f"failed calls for this chat: {failed or 'none'}",
        ]
        if self.internal_errors:
            lines.append(f"fake server internal errors: {self.internal_errors[-3:]!r}")
        return "\n".join(lines)

    def _resolve_chat_id(self, params: dict[str, Any]) -> ChatId:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise APIError.bad_request("chat_id is empty")
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        text = str(raw).strip()
        if text.startswith("@"):
            resolved = self._usernames.get(text[1:].lower())
            if resolved is None:
                raise APIError.bad_request("chat not found")
            return resolved
        try:
            return int(text)
        except ValueError:
            raise APIError.bad_request("chat not found") from None

    def _check_chat(self, chat_id: ChatId) -> _Chat:
        chat = self._chat(chat_id)
        if chat.error is not None:
            raise APIError(chat.error.code, chat.error.description)
        return chat

    def _check_flood(self, method: str, chat_id: ChatId) -> None:
        if not self.rate_limits or method not in self.limited_methods:
            return
        retry_after = self.limiter.check(chat_id)
        if retry_after:
            raise APIError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)

    def _parse_text(self, params: dict[str, Any]) -> tuple[str, ParsedText, str | None]:
        raw_text = params.get("text")
        text = "" if raw_text is None else str(raw_text)
        parse_mode = _parse_mode(params)
        entities = _json_param(params, "entities", "can't parse entities JSON object")
        if entities is not None:
            if not isinstance(entities, list) or not all(
                isinstance(e, dict) and {"type", "offset", "length"} <= e.keys() for e in entities
            ):
                raise APIError.bad_request("can't parse entities JSON object")
            parsed = ParsedText(text, entities)  # explicit entities win over parse_mode
        elif parse_mode == "HTML":
            try:
                parsed = parse_html(text, strict_entities=self.strict_html_entities)
            except EntityParseError as exc:
                raise APIError.bad_request(f"can't parse entities: {exc}") from None
        else:
            parsed = ParsedText(text, [])
        parsed = strip_text(parsed.text, parsed.entities)
        if not parsed.text:
            raise APIError.bad_request("message text is empty")
        if utf16_len(parsed.text) > MAX_TEXT_LENGTH:
            raise APIError.bad_request("message is too long")
        return text, parsed, parse_mode

    def _record_sent(self, method: str, message: ChatMessage) -> None:
        self.sent.append(
            SentRecord(
                method=method,
                chat_id=message.chat_id,
                text=message.text,
                plain_text=message.plain_text,
                parse_mode=message.parse_mode,
                reply_markup=message.reply_markup,
                message_id=message.message_id,
                timestamp=message.timestamp,
                message_thread_id=message.message_thread_id,
            )
        )

    def _find_editable(self, params: dict[str, Any]) -> ChatMessage:
        if params.get("inline_message_id"):
            raise APIError.bad_request("MESSAGE_ID_INVALID")  # inline messages are not modelled
        chat_id = self._resolve_chat_id(params)
        message_id = _int_param(params, "message_id")
        chat = self._chats.get(chat_id)
        message = chat.messages.get(message_id) if chat and message_id is not None else None
        if chat is None or message is None or message.deleted:
            raise APIError.bad_request("message to edit not found")
        if not message.from_bot:
            raise APIError.bad_request("message can't be edited")
        return message

    # ------------------------------------------------------------------ Bot API methods

    async def _ok(self, params: dict[str, Any]) -> Any:
        return True

    async def _get_me(self, params: dict[str, Any]) -> Any:
        return self.bot_user

    async def _get_updates(self, params: dict[str, Any]) -> Any:
        if self.webhook is not None:
            raise APIError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _int_param(params, "offset") or 0
        limit = min(max(_int_param(params, "limit") or 100, 1), 100)
        timeout = max(_int_param(params, "timeout") or 0, 0)
        allowed = _json_param(params, "allowed_updates", "can't parse allowed_updates JSON object")
        if allowed is not None:
            # The setting persists for later calls, and applies to updates created from now on.
            self._allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES

        updates = self._updates
        if offset > 0:
            while updates and updates[0][0] < offset:
                updates.popleft()
        elif offset < 0:
            while len(updates) > -offset:
                updates.popleft()

        # A newer getUpdates terminates an older one with 409, like Telegram.
        self._poll_generation += 1
        generation = self._poll_generation
        self._signal_updates()

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._closing:
                return _RawResult('{"ok":true,"result":[]}')
            if generation != self._poll_generation:
                raise APIError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            if updates:
                batch = [text for _, text in itertools.islice(updates, limit)]
                return _RawResult('{"ok":true,"result":[' + ",".join(batch) + "]}")
            remaining = deadline - loop.time()
            if remaining <= 0:
                return _RawResult('{"ok":true,"result":[]}')
            event = self._updates_changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def _set_webhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url") or "")
        if not url:
            self.webhook = None
            return True
        if not url.startswith("https://"):
            raise APIError.bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = {"url": url, **{k: v for k, v in params.items() if k != "url"}}
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> Any:
        self.webhook = None
        if _bool_param(params, "drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> Any:
        return {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _set_my_commands(self, params: dict[str, Any]) -> Any:
        commands = _json_param(params, "commands", "can't parse commands JSON object")
        if not isinstance(commands, list):
            raise APIError.bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise APIError.bad_request("BOT_COMMANDS_TOO_MUCH")
        cleaned: list[dict[str, str]] = []
        for item in commands:
            if not isinstance(item, dict):
                raise APIError.bad_request("can't parse BotCommand")
            command = str(item.get("command", "")).lstrip("/")
            description = str(item.get("description", ""))
            if not 1 <= len(command) <= 32 or not set(command) <= _COMMAND_CHARS:
                raise APIError.bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description.strip()) <= 256:
                raise APIError.bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": command, "description": description})
        key = self._commands_key(params)
        if cleaned:
            self.commands[key] = cleaned
        else:
            self.commands.pop(key, None)  # an empty list deletes, like deleteMyCommands
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> Any:
        return self.commands.get(self._commands_key(params), [])

    async def _delete_my_commands(self, params: dict[str, Any]) -> Any:
        self.commands.pop(self._commands_key(params), None)
        return True

    async def _set_my_description(self, params: dict[str, Any]) -> Any:
        self._set_text_by_language(params, "description", self.descriptions, MAX_DESCRIPTION_LENGTH)
        return True

    async def _get_my_description(self, params: dict[str, Any]) -> Any:
        return {"description": self._text_for_language(params, self.descriptions)}

    async def _set_my_short_description(self, params: dict[str, Any]) -> Any:
        self._set_text_by_language(
            params, "short_description", self.short_descriptions, MAX_SHORT_DESCRIPTION_LENGTH
        )
        return True

    async def _get_my_short_description(self, params: dict[str, Any]) -> Any:
        return {"short_description": self._text_for_language(params, self.short_descriptions)}

    @staticmethod
    def _set_text_by_language(params: dict[str, Any], field: str, store: dict[str, str], limit: int) -> None:
        """An empty text removes the language's own one, which then falls back to the general one."""
        language = _language_code(params)
        text = str(params.get(field) or "")
        if utf16_len(text) > limit:
            raise APIError.bad_request(f"{field.replace('_', ' ')} is too long")
        if text:
            store[language] = text
        else:
            store.pop(language, None)

    @staticmethod
    def _text_for_language(params: dict[str, Any], store: dict[str, str]) -> str:
        language = _language_code(params)
        return store.get(language, store.get("", ""))

    def get_description(self, language_code: str = "", *, short: bool = False) -> str:
        """What a user with this Telegram language sees: their language's text, else the general one."""
        store = self.short_descriptions if short else self.descriptions
        return store.get(language_code, store.get("", ""))

    def _commands_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = _json_param(params, "scope", "can't parse BotCommandScope JSON object")
        language = _language_code(params)
        if scope is None:
            return "default", language
        if not isinstance(scope, dict) or "type" not in scope:
            raise APIError.bad_request("can't parse BotCommandScope JSON object")
        kind = str(scope["type"])
        if kind in ("default", "all_private_chats", "all_group_chats", "all_chat_administrators"):
            return kind, language
        if kind in ("chat", "chat_administrators"):
            return f"{kind}:{scope.get('chat_id')}", language
        if kind == "chat_member":
            return f"chat_member:{scope.get('chat_id')}:{scope.get('user_id')}", language
        raise APIError.bad_request("unsupported bot command scope type")

    async def _send_message(self, params: dict[str, Any]) -> Any:
        chat_id = self._resolve_chat_id(params)
        text, parsed, parse_mode = self._parse_text(params)
        markup = _markup_param(params)
        _json_param(params, "link_preview_options", "can't parse link preview options JSON object")
        reply_to = _reply_to(params)
        chat = self._check_chat(chat_id)
        thread_id = self.chats.check_send(chat_id, params)
        if reply_to is not None and reply_to[0] not in chat.messages:
            if not reply_to[1]:
                raise APIError.bad_request("message to be replied not found")
            reply_to = None
        self._check_flood("sendMessage", chat_id)

        message = ChatMessage(
            chat_id=chat_id,
            message_id=self._next_message_id(chat),
            text=text,
            plain_text=parsed.text,
            entities=parsed.entities,
            parse_mode=parse_mode,
            reply_markup=markup,
            date=int(time.time()),
            timestamp=self._clock(),
            reply_to_message_id=reply_to[0] if reply_to else None,
            message_thread_id=thread_id,
        )
        chat.messages[message.message_id] = message
        chat.bot_messages.append(message)
        self._record_sent("sendMessage", message)
        self._notify_waiters(chat)
        return self._message_json(message)

    async def _edit_message_text(self, params: dict[str, Any]) -> Any:
        message = self._find_editable(params)
        text, parsed, parse_mode = self._parse_text(params)
        # Telegram drops an inline keyboard that is not re-sent with the edit.
        markup = _markup_param(params)
        if (
            parsed.text == message.plain_text
            and parsed.entities == message.entities
            and markup == message.reply_markup
        ):
            raise APIError.bad_request(_NOT_MODIFIED)
        self._check_chat(message.chat_id)
        self.chats.check_edit(message.chat_id)
        self._check_flood("editMessageText", message.chat_id)
        message.text, message.plain_text, message.entities = text, parsed.text, parsed.entities
        message.parse_mode, message.reply_markup = parse_mode, markup
        self._mark_edited(message)
        self._record_sent("editMessageText", message)
        return self._message_json(message)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> Any:
        message = self._find_editable(params)
        markup = _markup_param(params)
        if markup == message.reply_markup:
            raise APIError.bad_request(_NOT_MODIFIED)
        self._check_chat(message.chat_id)
        self.chats.check_edit(message.chat_id)
        self._check_flood("editMessageReplyMarkup", message.chat_id)
        message.reply_markup = markup
        self._mark_edited(message)
        self._record_sent("editMessageReplyMarkup", message)
        return self._message_json(message)

    def _mark_edited(self, message: ChatMessage) -> None:
        message.edit_date = int(time.time())
        message.edit_count += 1
        message.timestamp = self._clock()

    async def _answer_callback_query(self, params: dict[str, Any]) -> Any:
        query_id = str(params.get("callback_query_id") or "")
        origin = self._callbacks.get(query_id)
        if origin is None or query_id in self._answered:
            raise APIError.bad_request(_QUERY_EXPIRED)
        text = params.get("text")
        if text is not None and len(str(text)) > MAX_CALLBACK_ANSWER_LENGTH:
            raise APIError.bad_request("MESSAGE_TOO_LONG")
        self._answered.add(query_id)
        self.callback_answers.append(
            CallbackAnswer(
                callback_query_id=query_id,
                chat_id=origin[0],
                message_id=origin[1],
                data=origin[2],
                text=None if text is None else str(text),
                show_alert=_bool_param(params, "show_alert"),
                url=None if params.get("url") is None else str(params["url"]),
                cache_time=_int_param(params, "cache_time") or 0,
                timestamp=self._clock(),
            )
        )
        return True

    async def _delete_message(self, params: dict[str, Any]) -> Any:
        chat_id = self._resolve_chat_id(params)
        message_id = _int_param(params, "message_id")
        chat = self._check_chat(chat_id)
        self.chats.check_edit(chat_id)
        message = chat.messages.get(message_id) if message_id is not None else None
        if message is None or message.deleted:
            raise APIError.bad_request("message to delete not found")
        message.deleted = True
        return True

    async def _send_chat_action(self, params: dict[str, Any]) -> Any:
        chat_id = self._resolve_chat_id(params)
        action = str(params.get("action") or "")
        if action not in CHAT_ACTIONS:
            raise APIError.bad_request("wrong parameter action in request")
        self._check_chat(chat_id)
        self.chats.check_edit(chat_id)
        self.chat_actions.append(ChatAction(chat_id, action, self._clock()))
        return True

    async def _get_chat(self, params: dict[str, Any]) -> Any:
        chat_id = self._resolve_chat_id(params)
        chat = self._chat(chat_id)
        if chat.error is not None and chat.error.code == 400:
            raise APIError(chat.error.code, chat.error.description)
        info = await self.chats.get_chat(params) or chat.info
        return {
            **info,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    # ------------------------------------------------------------------ files

    def send_document_update(
        self,
        chat_id: int,
        file_name: str,
        data: bytes,
        *,
        mime_type: str = "application/octet-stream",
        caption: str = "",
        user_id: int | None = None,
        language_code: str | None = "ru",
        first_name: str = "Test",
    ) -> int:
        """Inject a private-chat message carrying a document from the user; returns its ``message_id``."""
        user = self._remember_user(chat_id, user_id, first_name, None, language_code)
        chat = self._chat(chat_id)
        stored = self.files.add(data, file_name, mime_type)
        message = ChatMessage(
            chat_id=chat_id,
            message_id=self._next_message_id(chat),
            text=caption,
            plain_text=caption,
            entities=[],
            parse_mode=None,
            reply_markup=None,
            date=int(time.time()),
            timestamp=self._clock(),
            from_bot=False,
            sender=user,
            document=stored.document_json(),
        )
        chat.messages[message.message_id] = message
        self.add_update({"message": self._message_json(message)})
        return message.message_id

    def document_bytes(self, message: ChatMessage) -> bytes:
        """The content of the document a message carries (AssertionError when it has none)."""
        assert message.document is not None, f"message {message.message_id} carries no document"
        stored = self.files.get(message.document["file_id"])
        assert stored is not None
        return stored.data

    async def _get_file(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id") or "")
        stored = self.files.get(file_id)
        if stored is None:
            raise APIError.bad_request("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise APIError.bad_request("file is too big")
        return stored.file_json()

    async def _download_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _json_response(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        stored = self.files.by_path(request.match_info["file_path"])
        if stored is None:
            return _json_response(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        self.method_counts["file"] += 1
        return web.Response(body=stored.data, content_type="application/octet-stream")

    async def _send_document(self, params: dict[str, Any]) -> Any:
        chat_id = self._resolve_chat_id(params)
        document = params.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            document = params.get(document.removeprefix("attach://"))  # a multipart part of that name
        if isinstance(document, UploadedFile):
            stored = self.files.add(document.data, document.filename, document.content_type)
        elif isinstance(document, str) and document and self.files.get(document) is not None:
            found = self.files.get(document)
            assert found is not None
            stored = found
        elif not document:
            raise APIError.bad_request("there is no document in the request")
        else:
            raise APIError.bad_request(
                "wrong remote file identifier specified: Wrong character in the string"
            )
        caption_params = {
            "text": params.get("caption") or "",
            "parse_mode": params.get("parse_mode"),
            "entities": params.get("caption_entities"),
        }
        caption, parsed = "", None
        if caption_params["text"]:
            caption, parsed, _ = self._parse_text(caption_params)
            if utf16_len(parsed.text) > MAX_CAPTION_LENGTH:
                raise APIError.bad_request("message caption is too long")
        markup = _markup_param(params)
        chat = self._check_chat(chat_id)
        self._check_flood("sendDocument", chat_id)
        message = ChatMessage(
            chat_id=chat_id,
            message_id=self._next_message_id(chat),
            text=caption,
            plain_text=parsed.text if parsed else "",
            entities=parsed.entities if parsed else [],
            parse_mode=_parse_mode(params),
            reply_markup=markup,
            date=int(time.time()),
            timestamp=self._clock(),
            document=stored.document_json(),
        )
        chat.messages[message.message_id] = message
        chat.bot_messages.append(message)
        self._record_sent("sendDocument", message)
        self._notify_waiters(chat)
        return self._message_json(message)


# ---------------------------------------------------------------------- module helpers


class _RawResult(str):
    """A handler result that is already the full JSON response body (used by getUpdates)."""


def _json_response(status: int, body: dict[str, Any]) -> web.Response:
    return web.Response(
        status=status, text=json.dumps(body, ensure_ascii=False), content_type="application/json"
    )


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Merge query string and body (JSON, urlencoded or multipart) into one dict.

    Form values stay strings (aiogram JSON-encodes nested objects and numbers); JSON bodies keep
    native types.  The ``_*_param`` helpers accept both.
    """
    params: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.body_exists:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise APIError.bad_request("can't parse JSON encoded request parameters") from None
        if not isinstance(body, dict):
            raise APIError.bad_request("can't parse JSON encoded request parameters")
        params.update(body)
    else:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, str):
                params[key] = value
            elif isinstance(value, web.FileField):  # an uploaded file (sendDocument): name, type, bytes
                params[key] = UploadedFile(
                    value.filename or "", value.content_type or "application/octet-stream", value.file.read()
                )
            else:  # raw bytes of a part without a file name
                params[key] = bytes(value).decode("utf-8", "replace")
    return params


def _language_code(params: dict[str, Any]) -> str:
    """A two-letter ``language_code`` parameter, or "" when none is given."""
    language = str(params.get("language_code") or "")
    if language and not (len(language) == 2 and language.isalpha()):
        raise APIError.bad_request("invalid language code specified")
    return language


def _peek_chat_id(params: dict[str, Any]) -> ChatId | None:
    raw = params.get("chat_id")
    if raw is None:
        return None
    if isinstance(raw, int):
        return raw
    try:
        return int(str(raw))
    except ValueError:
        return str(raw)


def _int_param(params: dict[str, Any], name: str) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise APIError.bad_request(f"invalid {name} specified") from None


def _bool_param(params: dict[str, Any], name: str) -> bool:
    value = params.get(name)
    if isinstance(value, str):
        return value.lower() in ("true", "1")
    return bool(value)


def _json_param(params: dict[str, Any], name: str, error: str) -> Any:
    value = params.get(name)
    if isinstance(value, str):
        if not value:
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise APIError.bad_request(error) from None
    return value


def _parse_mode(params: dict[str, Any]) -> str | None:
    value = params.get("parse_mode")
    if not value:
        return None
    mode = _PARSE_MODES.get(str(value).lower())
    if mode is None:
        raise APIError.bad_request(f"unsupported parse_mode {value!r}")
    return mode


def _markup_param(params: dict[str, Any]) -> dict[str, Any] | None:
    markup = _json_param(params, "reply_markup", "can't parse reply keyboard markup JSON object")
    if markup is None:
        return None
    try:
        return validate_reply_markup(markup)
    except MarkupError as exc:
        raise APIError(400, str(exc)) from None


def _reply_to(params: dict[str, Any]) -> tuple[int, bool] | None:
    """(message_id, allow_sending_without_reply) from reply_parameters or the legacy fields."""
    reply = _json_param(params, "reply_parameters", "can't parse reply parameters JSON object")
    if isinstance(reply, dict) and "message_id" in reply:
        return int(reply["message_id"]), bool(reply.get("allow_sending_without_reply"))
    legacy = _int_param(params, "reply_to_message_id")
    if legacy is not None:
        return legacy, _bool_param(params, "allow_sending_without_reply")
    return None


def _default_chat_info(chat_id: ChatId) -> dict[str, Any]:
    if isinstance(chat_id, str):
        return {"id": 0, "type": "channel", "title": chat_id}
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "User"}
    if chat_id < -1_000_000_000_000:
        return {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}
    return {"id": chat_id, "type": "group", "title": f"Group {chat_id}"}


def _command_entities(text: str) -> list[dict[str, Any]]:
    """A ``bot_command`` entity for text like ``/read_12 rest`` or ``/latest@bot``."""
    if not text.startswith("/") or len(text) < 2:
        return []
    end = 1
    while end < len(text) and not text[end].isspace():
        end += 1
    command = text[:end]
    name = command[1:].split("@", 1)[0]
    if not name or not all(c.isascii() and (c.isalnum() or c == "_") for c in name):
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
