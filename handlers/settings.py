"""/time, /days, /timezone, /sources, /settings and /digest: a reader's digest settings and a preview."""

from __future__ import annotations

import contextlib

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessageUnion,
    Message,
)
from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.digest.compose import DigestComposer
from bot.digest.render import render_digest
from bot.digest.schedule import EVERY_DAY, MAX_TIMES, WEEKEND, WORKDAYS, parse_days, parse_times
from bot.localtime import format_datetime, normalize_zone, zone, zone_label
from bot.telegram.html import escape
from bot.text.shorten import shorten
from handlers.callbacks import (
    RemoveFeed,
    SetChatMode,
    SetDigestDays,
    SetDigestTime,
    SettingsAction,
    Subscribe,
    ToggleSource,
)
from handlers.language import send_language_choice
from handlers.news_languages import send_news_languages
from handlers.schedule_replies import schedule_words
from storage import Storage
from storage.chats import ChatMode, ChatRecord
from storage.readers import Reader
from storage.timestamps import utcnow

router = Router(name="settings")

# Quick choices under /settings (each adds or removes that time); any other is one /time away.
QUICK_TIMES = ("07:00", "08:00", "09:00", "18:00", "21:00")
DAY_PRESETS = (
    ("button-days-all", EVERY_DAY),
    ("button-days-workdays", WORKDAYS),
    ("button-days-weekend", WEEKEND),
)
# Telegram shows at most 100 inline buttons in one message.
MAX_SOURCE_BUTTONS = 100
SOURCE_TITLE_MAX_CHARS = 60


def _local_now(reader_zone: str, language: str) -> str:
    return format_datetime(utcnow(), language, zone(reader_zone))


async def _fresh(storage: Storage, reader: Reader) -> Reader:
    return await storage.readers.get(reader.chat_id) or reader


@router.message(Command("time"))
async def cmd_time(
    message: Message, command: CommandObject, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    if not command.args:
        await message.answer(i18n.get("time-current", **schedule_words(reader, i18n)))
        return
    try:
        times = parse_times(command.args)
    except ValueError:
        await message.answer(i18n.get("time-usage"))
        return
    await storage.readers.set_schedule(reader.chat_id, times=times)
    await message.answer(i18n.get("time-set", **schedule_words(await _fresh(storage, reader), i18n)))


@router.message(Command("days"))
async def cmd_days(
    message: Message, command: CommandObject, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    if not command.args:
        await message.answer(i18n.get("days-current", **schedule_words(reader, i18n)))
        return
    try:
        days = parse_days(command.args)
    except ValueError:
        await message.answer(i18n.get("days-usage"))
        return
    await storage.readers.set_schedule(reader.chat_id, days=days)
    await message.answer(i18n.get("days-set", **schedule_words(await _fresh(storage, reader), i18n)))


@router.message(Command("timezone"))
async def cmd_timezone(
    message: Message, command: CommandObject, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    if not command.args:
        now = _local_now(reader.timezone, reader.language)
        label = zone_label(reader.timezone, reader.language, utcnow())
        await message.answer(i18n.get("timezone-current", timezone=label, now=now))
        return
    timezone = normalize_zone(command.args)
    if timezone is None:
        await message.answer(i18n.get("timezone-usage"))
        return
    await storage.readers.set_timezone(reader.chat_id, timezone)
    words = schedule_words(await _fresh(storage, reader), i18n)
    now = _local_now(timezone, reader.language)
    await message.answer(i18n.get("timezone-set", timezone=words["timezone"], now=now, next=words["next"]))


async def sources_keyboard(
    reader: Reader, storage: Storage, i18n: I18nContext
) -> InlineKeyboardMarkup | None:
    """Shared sources with on/off buttons, then the reader's own feeds with remove buttons."""
    sources = (await storage.personal.shared_sources())[:MAX_SOURCE_BUTTONS]
    own = (await storage.personal.feeds_of(reader.chat_id))[: MAX_SOURCE_BUTTONS - len(sources)]
    if not sources and not own:
        return None
    choices = await storage.readers.source_choices(reader.chat_id)
    rows = []
    for source in sources:
        on = choices.get(source.id, True)
        label = ("✅ " if on else "▫️ ") + shorten(source.title, SOURCE_TITLE_MAX_CHARS)
        data = ToggleSource(source_id=source.id, on=not on).pack()
        rows.append([InlineKeyboardButton(text=label, callback_data=data)])
    for feed in own:
        label = i18n.get("button-remove-feed", title=shorten(feed.title, SOURCE_TITLE_MAX_CHARS))
        rows.append([InlineKeyboardButton(text=label, callback_data=RemoveFeed(source_id=feed.id).pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def send_sources(
    to: MaybeInaccessibleMessageUnion, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    """The sources with an on/off button each, in the conversation of ``to`` (its topic too)."""
    keyboard = await sources_keyboard(reader, storage, i18n)
    if keyboard is None:
        await to.answer(i18n.get("sources-empty"))
        return
    await to.answer(i18n.get("sources-heading"), reply_markup=keyboard)


@router.message(Command("sources"))
async def cmd_sources(message: Message, reader: Reader, storage: Storage, i18n: I18nContext) -> None:
    await send_sources(message, reader, storage, i18n)


@router.callback_query(ToggleSource.filter())
async def press_source(
    query: CallbackQuery, callback_data: ToggleSource, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    source = await storage.sources.get(callback_data.source_id)
    if source is None:
        # Removed since the list was sent: say so, and redraw the list without it.
        await query.answer(i18n.get("source-gone"))
        if isinstance(query.message, Message):
            with contextlib.suppress(TelegramBadRequest):
                await query.message.edit_reply_markup(
                    reply_markup=await sources_keyboard(reader, storage, i18n)
                )
        return
    await storage.readers.set_source_enabled(reader.chat_id, source.id, callback_data.on)
    key = "source-enabled" if callback_data.on else "source-disabled"
    await query.answer(shorten(i18n.get(key, title=source.title), 200))
    if isinstance(query.message, Message):
        keyboard = await sources_keyboard(reader, storage, i18n)
        # Pressed twice quickly: the keyboard may already show this state ("not modified").
        with contextlib.suppress(TelegramBadRequest):
            await query.message.edit_reply_markup(reply_markup=keyboard)


async def settings_view(
    reader: Reader, storage: Storage, i18n: I18nContext
) -> tuple[str, InlineKeyboardMarkup]:
    sources = await storage.personal.shared_sources()
    choices = await storage.readers.source_choices(reader.chat_id)
    enabled = sum(1 for s in sources if choices.get(s.id, True))
    text = i18n.get(
        "settings-text",
        subscribed="yes" if reader.subscribed else "no",
        enabled=enabled,
        total=len(sources),
        **schedule_words(reader, i18n),
    )
    chat = await storage.chats.get(reader.chat_id)
    if chat is not None:
        text = chat_settings_heading(chat, i18n) + "\n" + text
    times = [
        InlineKeyboardButton(
            text=("✅ " if t in reader.digest_times else "") + t,
            callback_data=SetDigestTime(minutes=int(t[:2]) * 60 + int(t[3:])).pack(),
        )
        for t in QUICK_TIMES
    ]
    days = [
        InlineKeyboardButton(
            text=("✅ " if value == reader.digest_days else "") + i18n.get(key),
            callback_data=SetDigestDays(days=value).pack(),
        )
        for key, value in DAY_PRESETS
    ]
    # The card's own actions, so the card is redrawn in place when the subscription changes.
    subscription = (
        InlineKeyboardButton(
            text=i18n.get("button-unsubscribe"), callback_data=SettingsAction(action="unsubscribe").pack()
        )
        if reader.subscribed
        else InlineKeyboardButton(
            text=i18n.get("button-subscribe"), callback_data=SettingsAction(action="subscribe").pack()
        )
    )
    if chat is not None:
        # A chat's digest is its mode: digests at its times, or each story as it comes.
        subscription = InlineKeyboardButton(
            text=i18n.get("button-chat-mode", mode=str(chat.mode)),
            callback_data=SetChatMode(
                mode=str(ChatMode.INSTANT if chat.mode == ChatMode.DIGEST else ChatMode.DIGEST)
            ).pack(),
        )
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[
            times,
            days,
            [
                InlineKeyboardButton(
                    text=i18n.get("button-sources"), callback_data=SettingsAction(action="sources").pack()
                ),
                InlineKeyboardButton(
                    text=i18n.get("button-language"), callback_data=SettingsAction(action="language").pack()
                ),
            ],
            [
                InlineKeyboardButton(
                    text=i18n.get("button-news-languages"),
                    callback_data=SettingsAction(action="news_languages").pack(),
                )
            ],
            [
                InlineKeyboardButton(
                    text=i18n.get("button-digest-now"), callback_data=SettingsAction(action="digest").pack()
                ),
                subscription,
            ],
        ]
    )
    return text, keyboard


def chat_settings_heading(chat: ChatRecord, i18n: I18nContext) -> str:
    """What only a chat has: its name, kind, mode and (in a forum) the topic messages go to."""
    heading = i18n.get(
        "chat-settings-heading",
        title=escape(chat.title),
        kind=str(chat.kind),
        mode=str(chat.mode),
        active="yes" if chat.active else "no",
    )
    if chat.is_forum:
        topic = "general" if chat.thread_id is None else "chosen"
        heading += "\n" + i18n.get("chat-settings-topic", topic=topic)
    return heading


@router.callback_query(SetChatMode.filter())
async def press_chat_mode(
    query: CallbackQuery, callback_data: SetChatMode, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    """Digest or instant mode, for a chat only (a private reader has no mode)."""
    chat = await storage.chats.get(reader.chat_id)
    if chat is None or callback_data.mode not in (ChatMode.DIGEST, ChatMode.INSTANT):
        await query.answer(i18n.get("button-stale"))
        return
    mode = ChatMode(callback_data.mode)
    if mode != chat.mode:
        await storage.chats.set_mode(chat.chat_id, mode)
    await query.answer(i18n.get("chat-mode-set", mode=str(mode)))
    await _refresh_settings(query, reader.chat_id, storage, i18n)


@router.message(Command("settings"))
async def cmd_settings(message: Message, reader: Reader, storage: Storage, i18n: I18nContext) -> None:
    text, keyboard = await settings_view(reader, storage, i18n)
    await message.answer(text, reply_markup=keyboard)


async def _refresh_settings(query: CallbackQuery, chat_id: int, storage: Storage, i18n: I18nContext) -> None:
    reader = await storage.readers.get(chat_id)
    if reader is None or not isinstance(query.message, Message):
        return
    text, keyboard = await settings_view(reader, storage, i18n)
    with contextlib.suppress(TelegramBadRequest):  # "not modified" when nothing changed
        await query.message.edit_text(text, reply_markup=keyboard)


@router.callback_query(SetDigestTime.filter())
async def press_time(
    query: CallbackQuery, callback_data: SetDigestTime, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    """A quick time: added to the schedule, or taken away if it was there (one must stay, six at most)."""
    hours, minutes = divmod(callback_data.minutes, 60)  # 0..1439, bounded by SetDigestTime
    pressed = f"{hours:02d}:{minutes:02d}"
    times = set(reader.digest_times) ^ {pressed}
    if not times:
        await query.answer(i18n.get("time-last")[:200])
        return
    if len(times) > MAX_TIMES:
        await query.answer(i18n.get("time-limit")[:200])
        return
    await storage.readers.set_schedule(reader.chat_id, times=tuple(sorted(times)))
    await query.answer(i18n.get("time-toggled", times=", ".join(sorted(times)))[:200])
    await _refresh_settings(query, reader.chat_id, storage, i18n)


@router.callback_query(SetDigestDays.filter())
async def press_days(
    query: CallbackQuery, callback_data: SetDigestDays, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    await storage.readers.set_schedule(reader.chat_id, days=callback_data.days)
    fresh = await _fresh(storage, reader)
    await query.answer(i18n.get("days-current", **schedule_words(fresh, i18n))[:200])
    await _refresh_settings(query, reader.chat_id, storage, i18n)


@router.callback_query(Subscribe.filter(~F.on))
async def press_unsubscribe(
    query: CallbackQuery, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    """The unsubscribe button of a card sent by an older version of the bot."""
    await storage.readers.set_subscribed(reader.chat_id, False)
    await query.answer(i18n.get("toast-unsubscribed"))
    await _refresh_settings(query, reader.chat_id, storage, i18n)


@router.callback_query(SettingsAction.filter())
async def press_settings_action(
    query: CallbackQuery,
    callback_data: SettingsAction,
    bot: Bot,
    reader: Reader,
    storage: Storage,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    action = callback_data.action
    to = query.message
    if to is None:
        await query.answer(i18n.get("button-stale"))
        return
    if action in ("subscribe", "unsubscribe"):
        await storage.readers.set_subscribed(reader.chat_id, action == "subscribe")
        await query.answer(i18n.get("toast-subscribed" if action == "subscribe" else "toast-unsubscribed"))
        await _refresh_settings(query, reader.chat_id, storage, i18n)
    elif action == "sources":
        await query.answer(i18n.get("toast-sources"))
        await send_sources(to, reader, storage, i18n)
    elif action == "language":
        await query.answer(i18n.get("toast-language"))
        await send_language_choice(to, reader, i18n)
    elif action == "news_languages":
        await query.answer(i18n.get("toast-news-languages"))
        await send_news_languages(to, reader, storage, i18n)
    elif action == "digest":
        await query.answer(i18n.get("toast-digest"))
        await send_digest_preview(to, reader, storage, settings, i18n)
    else:
        await query.answer(i18n.get("button-stale"))


async def send_digest_preview(
    to: MaybeInaccessibleMessageUnion, reader: Reader, storage: Storage, settings: Settings, i18n: I18nContext
) -> None:
    """The digest as it would be sent now; a reply in the conversation of ``to`` (its topic too),
    not recorded as a delivery."""
    digest = await DigestComposer(storage, settings.digest_max_items).compose(reader, utcnow())
    messages = render_digest(digest, i18n.get)
    if not messages:
        await to.answer(i18n.get("digest-nothing-new"))
        return
    for text in messages:
        await to.answer(text)


@router.message(Command("digest"), flags={"chat_open": True})
async def cmd_digest(
    message: Message, reader: Reader, storage: Storage, settings: Settings, i18n: I18nContext
) -> None:
    await send_digest_preview(message, reader, storage, settings, i18n)
