"""Tests for the local fake Bot API server, driven through a real aiogram Bot and Dispatcher."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.filters import CommandStart
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from tests.botapi import BotAPIServer, EntityParseError, parse_html


class _FastCloseSession(AiohttpSession):
    """AiohttpSession without the 250 ms TLS-drain pause on close: plain local HTTP needs none."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def _make_bot(server: BotAPIServer) -> Bot:
    return Bot(server.token, session=_FastCloseSession(api=TelegramAPIServer.from_base(server.url)))


def _keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=f"btn {d[:10]}", callback_data=d)] for d in data]
    )


@pytest.fixture
async def server() -> AsyncIterator[BotAPIServer]:
    async with BotAPIServer() as srv:
        yield srv
    assert not srv.internal_errors, srv.internal_errors


@pytest.fixture
async def bot(server: BotAPIServer) -> AsyncIterator[Bot]:
    bot = _make_bot(server)
    yield bot
    await bot.session.close()


async def test_get_me_and_send_message(server: BotAPIServer, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.username, me.first_name, me.is_bot) == ("news_test_bot", "NewsBot", True)
    assert me.id == bot.id

    sent = await bot.send_message(
        42, "<b>Hi</b> &amp; <i>bye</i> 😀", parse_mode="HTML", reply_markup=_keyboard("read:1", "more")
    )
    assert isinstance(sent, Message)
    assert sent.text == "Hi & bye 😀"
    assert [(e.type, e.offset, e.length) for e in sent.entities or []] == [("bold", 0, 2), ("italic", 5, 3)]
    assert sent.chat.id == 42 and sent.chat.type == "private"
    assert sent.from_user is not None and sent.from_user.id == bot.id
    assert sent.reply_markup is not None and sent.reply_markup.inline_keyboard[0][0].callback_data == "read:1"

    second = await bot.send_message(42, "plain")
    assert second.message_id == sent.message_id + 1

    record = server.sent[0]
    assert (record.method, record.chat_id, record.parse_mode) == ("sendMessage", 42, "HTML")
    assert record.text == "<b>Hi</b> &amp; <i>bye</i> 😀" and record.plain_text == "Hi & bye 😀"
    assert record.reply_markup is not None and "inline_keyboard" in record.reply_markup
    assert [m.plain_text for m in server.messages_to(42)] == ["Hi & bye 😀", "plain"]
    assert server.messages_to(42)[0].callback_data == ["read:1", "more"]
    assert server.method_counts["sendMessage"] == 2


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("a < b", 'Unsupported start tag ""'),
        ("<foo>x</foo>", 'Unsupported start tag "foo"'),
        ("<b>unclosed", "Can't find end tag"),
        ("<b>x</i>", "Unmatched end tag"),
        ("</b>", "Unexpected end tag"),
        ("AT&T", 'Character "&" must be escaped'),
        ('<span class="x">s</span>', 'must have class "tg-spoiler"'),
    ],
)
async def test_bad_html_is_rejected(server: BotAPIServer, bot: Bot, html: str, reason: str) -> None:
    with pytest.raises(TelegramBadRequest, match="can't parse entities") as info:
        await bot.send_message(1, html, parse_mode="HTML")
    assert reason in info.value.message
    assert server.sent == []
    assert server.errors[-1].status == 400


async def test_html_nesting_and_entities() -> None:
    parsed = parse_html(
        '<a href="https://x.org/?a=1&amp;b=2">l</a> <pre><code class="language-py">x</code></pre> '
        "<blockquote expandable>q</blockquote> &#128512;<tg-spoiler>s</tg-spoiler>"
    )
    assert parsed.text == "l x q 😀s"
    assert parsed.entities == [
        {"offset": 0, "length": 1, "type": "text_link", "url": "https://x.org/?a=1&b=2"},
        {"offset": 2, "length": 1, "type": "pre", "language": "py"},
        {"offset": 4, "length": 1, "type": "expandable_blockquote"},
        {"offset": 8, "length": 1, "type": "spoiler"},  # the emoji is two UTF-16 units
    ]
    assert parse_html("AT&T", strict_entities=False).text == "AT&T"  # tdlib's leniency, opt-in
    with pytest.raises(EntityParseError, match="byte offset 3"):
        parse_html("é <x>")  # offsets are UTF-8 bytes, like Telegram's


async def test_text_length_limits(bot: Bot) -> None:
    ok = await bot.send_message(1, "a" * 4096)
    assert ok.text is not None and len(ok.text) == 4096
    # Markup does not count, only the visible text does.
    await bot.send_message(2, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(3, "a" * 4097)
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(4, "😀" * 2049)  # 2049 chars but 4098 UTF-16 code units
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(5, "  \n ")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(6, "<b></b>", parse_mode="HTML")


async def test_callback_data_limit(bot: Bot) -> None:
    await bot.send_message(1, "ok", reply_markup=_keyboard("x" * 64))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(2, "too long", reply_markup=_keyboard("x" * 65))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(3, "multibyte", reply_markup=_keyboard("ж" * 33))  # 66 bytes
    with pytest.raises(TelegramBadRequest, match="Text buttons are unallowed"):
        await bot.send_message(
            4,
            "no action",
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="t")]]),
        )


async def test_per_chat_rate_limit(server: BotAPIServer, bot: Bot) -> None:
    for i in range(3):  # the default burst allowance
        await bot.send_message(10, f"burst {i}")
    with pytest.raises(TelegramRetryAfter) as info:
        await bot.send_message(10, "one too many")
    assert info.value.retry_after >= 1
    assert "Too Many Requests: retry after" in info.value.message
    assert server.count_429 == 1
    await bot.send_message(11, "another chat is unaffected")
    assert len(server.messages_to(10)) == 3


async def test_global_rate_limit_and_disabling() -> None:
    async with BotAPIServer(global_per_second=5) as server:
        bot = _make_bot(server)
        try:
            for chat_id in range(1, 6):
                await bot.send_message(chat_id, "hi")
            with pytest.raises(TelegramRetryAfter):
                await bot.send_message(6, "hi")
        finally:
            await bot.session.close()
    async with BotAPIServer(rate_limits=False) as server:
        bot = _make_bot(server)
        try:
            for i in range(10):
                await bot.send_message(1, f"msg {i}")
        finally:
            await bot.session.close()
        assert server.count_429 == 0


async def test_blocked_chat(server: BotAPIServer, bot: Bot) -> None:
    server.block_chat(99)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(99, "hello")
    server.unblock_chat(99)
    await bot.send_message(99, "hello again")


async def test_fault_injection(server: BotAPIServer, bot: Bot) -> None:
    server.fail_next(1, status=502)
    with pytest.raises(TelegramServerError, match="Bad Gateway"):
        await bot.send_message(1, "a")
    server.fail_next(1, status=502, as_json=False)
    with pytest.raises(ClientDecodeError):
        await bot.send_message(1, "b")
    server.fail_next_429(2, retry_after=7)
    for _ in range(2):
        with pytest.raises(TelegramRetryAfter) as info:
            await bot.send_message(1, "c")
        assert info.value.retry_after == 7
    await bot.get_me()  # faults target message methods only by default
    await bot.send_message(1, "d")
    assert [m.plain_text for m in server.messages_to(1)] == ["d"]
    assert server.count_429 == 2


async def test_get_updates_long_poll_and_offset(server: BotAPIServer, bot: Bot) -> None:
    message_id = server.send_message_update(7, "/read_12 now", language_code="en")
    updates = await bot.get_updates(timeout=0)
    assert len(updates) == 1
    message = updates[0].message
    assert message is not None and message.message_id == message_id
    assert message.text == "/read_12 now"
    assert [(e.type, e.offset, e.length) for e in message.entities or []] == [("bot_command", 0, 8)]
    assert message.from_user is not None and message.from_user.language_code == "en"

    # Unconfirmed updates are redelivered; an offset past them confirms them.
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [updates[0].update_id]
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == []

    # A pending long poll returns as soon as an update is injected.
    poll = asyncio.create_task(bot.get_updates(offset=updates[0].update_id + 1, timeout=5))
    await asyncio.sleep(0.05)
    assert not poll.done()
    server.send_message_update(7, "hello")
    fresh = await asyncio.wait_for(poll, 1.0)
    assert [u.message.text for u in fresh if u.message] == ["hello"]


async def test_concurrent_get_updates_conflict(server: BotAPIServer, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(bot.get_updates(timeout=5))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await asyncio.wait_for(first, 1.0)
    server.send_message_update(1, "x")
    assert len(await asyncio.wait_for(second, 1.0)) == 1


async def test_dispatcher_polling_end_to_end(server: BotAPIServer, bot: Bot) -> None:
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer("<b>Welcome</b>", parse_mode="HTML", reply_markup=_keyboard("digest"))

    @dp.callback_query(F.data == "digest")
    async def digest(query: CallbackQuery) -> None:
        assert isinstance(query.message, Message)
        await query.message.edit_text("Your digest", reply_markup=_keyboard("more"))
        await query.answer("done")

    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=False))
    try:
        server.send_message_update(500, "/start")
        [welcome] = await server.wait_for_messages(500, 1, timeout=3)
        assert welcome.plain_text == "Welcome"

        query_id = server.press_button(500, welcome.message_id, "digest")
        await server.wait_until(lambda: server.answer_for(query_id) is not None, timeout=3)
        answer = server.answer_for(query_id)
        assert answer is not None and answer.text == "done" and answer.data == "digest"
        edited = server.message(500, welcome.message_id)
        assert (edited.plain_text, edited.callback_data, edited.edit_count) == ("Your digest", ["more"], 1)
        with pytest.raises(AssertionError, match="no button"):
            server.press_button(500, welcome.message_id, "digest")  # that keyboard is gone
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 3)


async def test_edit_delete_and_errors(server: BotAPIServer, bot: Bot) -> None:
    msg = await bot.send_message(5, "text", reply_markup=_keyboard("a"))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            chat_id=5, message_id=msg.message_id, text="text", reply_markup=_keyboard("a")
        )
    # Editing without reply_markup drops the keyboard, as on Telegram.
    await bot.edit_message_text(chat_id=5, message_id=msg.message_id, text="text")
    assert server.message(5, msg.message_id).reply_markup is None
    await bot.edit_message_reply_markup(chat_id=5, message_id=msg.message_id, reply_markup=_keyboard("b"))
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text(chat_id=5, message_id=999, text="x")
    assert await bot.delete_message(5, msg.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(5, msg.message_id)
    assert server.messages_to(5, include_deleted=False) == []
    assert [r.method for r in server.sent] == ["sendMessage", "editMessageText", "editMessageReplyMarkup"]
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("nonexistent")
    await bot.send_chat_action(5, "typing")
    assert server.chat_actions[-1].action == "typing"


async def test_commands_per_scope_and_language(server: BotAPIServer, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="Начать")], language_code="ru")
    await bot.set_my_commands(
        [BotCommand(command="latest", description="Latest")], scope=BotCommandScopeChat(chat_id=3)
    )
    assert server.get_commands("default", "ru") == [{"command": "start", "description": "Начать"}]
    assert server.get_commands("chat:3") == [{"command": "latest", "description": "Latest"}]
    assert server.get_commands() == []
    assert [c.command for c in await bot.get_my_commands(language_code="ru")] == ["start"]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Start", description="x")])
    await bot.delete_my_commands(language_code="ru")
    assert server.get_commands("default", "ru") == []


async def test_descriptions_per_language(server: BotAPIServer, bot: Bot) -> None:
    await bot.set_my_description("General", language_code=None)
    await bot.set_my_description("Общее", language_code="ru")
    await bot.set_my_short_description("Short")
    assert (await bot.get_my_description(language_code="ru")).description == "Общее"
    # A language without its own text gets the general one, as on Telegram.
    assert (await bot.get_my_description(language_code="kk")).description == "General"
    assert (await bot.get_my_short_description(language_code="en")).short_description == "Short"
    assert server.get_description("kk") == "General" and server.get_description(short=True) == "Short"
    await bot.set_my_description("", language_code="ru")  # an empty text removes the language's own
    assert (await bot.get_my_description(language_code="ru")).description == "General"
    with pytest.raises(TelegramBadRequest, match="short description is too long"):
        await bot.set_my_short_description("x" * 121)
    with pytest.raises(TelegramBadRequest, match="description is too long"):
        await bot.set_my_description("x" * 513)
    with pytest.raises(TelegramBadRequest, match="invalid language code"):
        await bot.set_my_description("x", language_code="rus")


async def test_menu_seen_follows_scope_precedence(server: BotAPIServer, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command="help", description="Default")])
    assert [c["command"] for c in server.menu_seen_in_private_chat(7, "ru")] == ["help"]
    await bot.set_my_commands(
        [BotCommand(command="latest", description="Private")],
        scope=BotCommandScopeAllPrivateChats(),
        language_code="ru",
    )
    assert [c["command"] for c in server.menu_seen_in_private_chat(7, "ru")] == ["latest"]
    assert [c["command"] for c in server.menu_seen_in_private_chat(7, "en")] == ["help"]
    await bot.set_my_commands(
        [BotCommand(command="search", description="Mine")], scope=BotCommandScopeChat(chat_id=7)
    )
    assert [c["command"] for c in server.menu_seen_in_private_chat(7, "ru")] == ["search"]
    assert [c["command"] for c in server.menu_seen_in_private_chat(8, "ru")] == ["latest"]


async def test_raw_http_envelopes(server: BotAPIServer) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{server.url}/bot{server.token}/noSuchMethod") as resp:
            assert resp.status == 404
            assert await resp.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found: method not found",
            }
        async with http.post(f"{server.url}/bot1:wrong/getMe") as resp:
            assert resp.status == 401
        payload = {"chat_id": 8, "text": "json body", "reply_markup": {"inline_keyboard": []}}
        async with http.post(f"{server.url}/bot{server.token}/sendMessage", json=payload) as resp:
            body = await resp.json()
            assert resp.status == 200 and body["ok"] and body["result"]["text"] == "json body"


async def test_wait_for_messages_timeout_explains(server: BotAPIServer, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest):
        await bot.send_message(77, "<oops>", parse_mode="HTML")
    with pytest.raises(AssertionError, match="Unsupported start tag") as info:
        await server.wait_for_messages(77, 1, timeout=0.05)
    assert "got 0" in str(info.value)
