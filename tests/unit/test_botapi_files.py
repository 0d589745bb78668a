"""Files on the local fake Bot API server, driven through a real aiogram Bot: a document a user sends
arrives in the update, ``getFile`` gives its path, the file downloads from ``/file/bot<token>/...``,
and a document the bot sends is kept with its caption, as Telegram does."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, Message

from tests.botapi import BotAPIServer

TOKEN = "123456:TEST-files"


@pytest.fixture
async def server() -> AsyncIterator[BotAPIServer]:
    async with BotAPIServer(token=TOKEN) as fake:
        yield fake


@pytest.fixture
async def bot(server: BotAPIServer) -> AsyncIterator[Bot]:
    bot = Bot(server.token, session=AiohttpSession(api=TelegramAPIServer.from_base(server.url)))
    yield bot
    await bot.session.close()


async def test_a_sent_document_reaches_a_handler_and_downloads(server: BotAPIServer, bot: Bot) -> None:
    received: list[bytes] = []
    names: list[str | None] = []
    dp = Dispatcher()

    @dp.message(F.document)
    async def on_document(message: Message, bot: Bot) -> None:
        assert message.document is not None
        names.append(message.document.file_name)
        buffer = io.BytesIO()
        await bot.download(message.document, destination=buffer)
        received.append(buffer.getvalue())
        await message.answer("got it")

    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=False))
    try:
        server.send_document_update(42, "feeds.opml", b"<opml/>", mime_type="text/x-opml")
        await server.wait_for_messages(42, 1)
    finally:
        await dp.stop_polling()
        await polling
    assert received == [b"<opml/>"] and names == ["feeds.opml"]
    assert server.method_counts["getFile"] == 1 and server.method_counts["file"] == 1


async def test_get_file_refuses_an_unknown_id_and_the_download_an_unknown_path(
    server: BotAPIServer, bot: Bot
) -> None:
    with pytest.raises(TelegramBadRequest, match="invalid file_id"):
        await bot.get_file("no-such-file")
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{server.url}/file/bot{TOKEN}/documents/none.opml") as response:
            assert response.status == 404
        async with session.get(f"{server.url}/file/bot1:wrong/documents/none.opml") as response:
            assert response.status == 401


async def test_send_document_keeps_the_file_and_its_caption(server: BotAPIServer, bot: Bot) -> None:
    sent = await bot.send_document(
        7,
        BufferedInputFile(b"<opml version='2.0'/>", filename="out.opml"),
        caption="<b>Your</b> feeds",
        parse_mode="HTML",
    )
    assert sent.document is not None and sent.document.file_name == "out.opml"
    assert sent.caption == "Your feeds"
    (message,) = server.messages_to(7)
    assert server.document_bytes(message) == b"<opml version='2.0'/>"
    # The same file again by its file_id, as a bot resends a file.
    again = await bot.send_document(7, sent.document.file_id)
    assert again.document is not None and again.document.file_unique_id == sent.document.file_unique_id
    with pytest.raises(TelegramBadRequest, match="wrong remote file identifier"):
        await bot.send_document(7, "not-a-file-id")
