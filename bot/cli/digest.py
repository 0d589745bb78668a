"""``python -m bot digest --chat ID [--dry-run]``: print or send one reader's digest now."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TextIO

from aiogram.exceptions import TelegramAPIError

from bot.config import Settings
from bot.digest.compose import DigestComposer
from bot.digest.render import core_translator, render_digest
from bot.telegram.client import create_bot
from bot.telegram.i18n import load_core
from storage import Storage
from storage.deliveries import DeliveryKind, DeliveryStatus
from storage.timestamps import utcnow

MANUAL_KIND = DeliveryKind.MANUAL


async def run_digest_command(
    settings: Settings, chat_id: int, *, dry_run: bool = False, out: TextIO | None = None
) -> int:
    """Print (``dry_run``) or send the digest this reader would get now; the exit status.

    A sent digest moves the reader's "since" mark like a scheduled one and is recorded as a
    "manual" delivery; it does not count as a slot's scheduled digest. It is sent directly (with the
    bot's retrying, per-chat paced session) rather than through the outbox, because a running
    bot's outbox sender would race this process for the same rows.
    """
    out = out or sys.stdout
    storage = await Storage.open(settings.database_target)
    try:
        reader = await storage.readers.get(chat_id)
        if reader is None:
            print(f"error: no reader with chat id {chat_id}", file=sys.stderr)
            return 1
        now = utcnow()
        digest = await DigestComposer(storage, settings.digest_max_items).compose(reader, now)
        core = await load_core(settings.default_language)
        messages = render_digest(digest, core_translator(core, reader.language))
        if not messages:
            print(f"nothing new for chat {chat_id} since its last digest", file=out)
            return 0
        if dry_run:
            for index, text in enumerate(messages, start=1):
                print(f"--- message {index}/{len(messages)} ({len(text)} characters) ---", file=out)
                print(text, file=out)
            return 0
        return await _send(settings, storage, chat_id, messages, now, out)
    finally:
        await storage.close()


async def _send(
    settings: Settings, storage: Storage, chat_id: int, messages: list[str], now: datetime, out: TextIO
) -> int:
    bot = create_bot(settings)
    try:
        for text in messages:  # the bot's session keeps the per-chat pace
            await bot.send_message(chat_id, text)
    except TelegramAPIError as exc:
        print(f"error: sending to chat {chat_id} failed: {exc.message}", file=sys.stderr)
        return 1
    finally:
        await bot.session.close()
    await storage.deliveries.enqueue(
        chat_id,
        MANUAL_KIND,
        now.isoformat(timespec="seconds"),
        [],
        last_digest_at=now,
        status=DeliveryStatus.SENT,
    )
    print(f"sent {len(messages)} message(s) to chat {chat_id}", file=out)
    return 0
