"""Buttons pressed on messages sent in inline mode: no chat, no message, only ``inline_message_id``."""

from __future__ import annotations

import logging

import pytest

from tests.e2e.conftest import READER_ID, RunningBot


@pytest.mark.parametrize("data", ["sub:1", "sub:0", "lang:en", "src:1:0", "read:1", "set:sources", "dt:540"])
async def test_a_button_on_an_inline_message_gets_the_stale_answer(
    running_bot: RunningBot, caplog: pytest.LogCaptureFixture, data: str
) -> None:
    server = running_bot.server
    with caplog.at_level(logging.WARNING):
        query_id = server.press_inline_button("AgAAAL9zAABmNqoIzCXvMcGc4GE", data, user_id=READER_ID)
        await server.wait_until(lambda: server.answer_for(query_id) is not None, message="callback answer")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert server.messages_to(READER_ID) == []
    assert await running_bot.storage.readers.get(READER_ID) is None
