"""A reader's word filters (/filter) and alerts (/alert, /alerts), with their remove buttons."""

from __future__ import annotations

import contextlib

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext

from bot.personal.alert_job import ALERT_TERMS_SEPARATOR, alert_words
from bot.personal.selection import terms_of
from bot.personal.terms import (
    MAX_ALERTS_PER_READER,
    MAX_FILTER_TERMS,
    ParsedTerms,
    TermKind,
    TermProblem,
    add_terms,
    parse_alert_terms,
    parse_filter_terms,
    parse_term,
)
from bot.telegram.html import escape
from bot.text.shorten import shorten
from handlers.callbacks import RemoveAlert, RemoveFilterTerm
from storage import Storage
from storage.readers import Reader

router = Router(name="filters")

ARGUMENT_MAX_CHARS = 2000
BUTTON_TEXT_CHARS = 40
REJECTED_KEYS = {
    TermProblem.EMPTY: "terms-rejected-empty",
    TermProblem.TOO_LONG: "terms-rejected-too-long",
    TermProblem.NO_WORDS: "terms-rejected-no-words",
    TermProblem.TOO_MANY: "terms-rejected-too-many",
    TermProblem.EXCLUDE_IN_ALERT: "terms-rejected-exclude-in-alert",
}


def _rejected_lines(parsed: ParsedTerms, i18n: I18nContext) -> list[str]:
    return [
        i18n.get(REJECTED_KEYS[item.problem], term=escape(shorten(item.text, 60))) for item in parsed.rejected
    ]


def _term_label(source: str) -> str:
    term = parse_term(source)
    if term is None:
        return source
    return ("➖ " if term.kind is TermKind.EXCLUDE else "➕ ") + term.text


async def _filter_view(
    reader: Reader, storage: Storage, i18n: I18nContext
) -> tuple[str, InlineKeyboardMarkup | None]:
    rows = await storage.personal.filter_rows(reader.chat_id)
    if not rows:
        return i18n.get("filter-empty"), None
    lines = [i18n.get("filter-heading", count=len(rows), limit=MAX_FILTER_TERMS)]
    lines += [escape(_term_label(term)) for _, term in rows]
    buttons = [
        [
            InlineKeyboardButton(
                text=i18n.get("button-remove-term", term=shorten(_term_label(term), BUTTON_TEXT_CHARS)),
                callback_data=RemoveFilterTerm(term_id=term_id).pack(),
            )
        ]
        for term_id, term in rows
    ]
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=buttons)


@router.message(Command("filter"))
async def cmd_filter(
    message: Message, command: CommandObject, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    argument = (command.args or "").strip()[:ARGUMENT_MAX_CHARS]
    if not argument:
        text, keyboard = await _filter_view(reader, storage, i18n)
        await message.answer(text, reply_markup=keyboard)
        return
    parsed = parse_filter_terms(argument)
    existing = terms_of(await storage.personal.filter_terms(reader.chat_id))
    update = add_terms(existing, parsed.terms)
    if update.added or update.replaced:
        await storage.personal.set_filter_terms(reader.chat_id, [t.source for t in update.terms])
    lines: list[str] = []
    if update.added or update.replaced:
        shown = ", ".join(escape(_term_label(t.source)) for t in (*update.added, *update.replaced))
        lines.append(i18n.get("filter-added", terms=shown))
    if update.already:
        lines.append(i18n.get("filter-already", terms=", ".join(escape(t.text) for t in update.already)))
    if update.refused:
        lines.append(i18n.get("filter-limit", limit=MAX_FILTER_TERMS))
    lines += _rejected_lines(parsed, i18n)
    if not lines:
        lines.append(i18n.get("filter-usage"))
    elif update.added or update.replaced:
        lines.append(i18n.get("filter-hint"))
    await message.answer("\n".join(lines))


@router.callback_query(RemoveFilterTerm.filter())
async def press_remove_term(
    query: CallbackQuery, callback_data: RemoveFilterTerm, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    removed = await storage.personal.remove_filter_term(reader.chat_id, callback_data.term_id)
    if removed is None:
        await query.answer(i18n.get("term-gone"))
    else:
        await query.answer(shorten(i18n.get("term-removed", term=_term_label(removed)), 200))
    if isinstance(query.message, Message):
        text, keyboard = await _filter_view(reader, storage, i18n)
        with contextlib.suppress(TelegramBadRequest):
            await query.message.edit_text(text, reply_markup=keyboard)


async def _alerts_view(
    reader: Reader, storage: Storage, i18n: I18nContext
) -> tuple[str, InlineKeyboardMarkup | None]:
    alerts = await storage.personal.alerts_of(reader.chat_id)
    if not alerts:
        return i18n.get("alerts-empty"), None
    lines = [i18n.get("alerts-heading", count=len(alerts), limit=MAX_ALERTS_PER_READER)]
    lines += [f"🔔 {escape(alert_words(a.terms))}" for a in alerts]
    buttons = [
        [
            InlineKeyboardButton(
                text=i18n.get("button-remove-alert", words=shorten(alert_words(a.terms), BUTTON_TEXT_CHARS)),
                callback_data=RemoveAlert(alert_id=a.id).pack(),
            )
        ]
        for a in alerts
    ]
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=buttons)


@router.message(Command("alert"))
async def cmd_alert(
    message: Message, command: CommandObject, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    argument = (command.args or "").strip()[:ARGUMENT_MAX_CHARS]
    parsed = parse_alert_terms(argument)
    if not parsed.terms:
        await message.answer("\n".join([i18n.get("alert-usage"), *_rejected_lines(parsed, i18n)]))
        return
    # Terms joined by a separator no term holds, in the order typed (as the reader will see them).
    stored = ALERT_TERMS_SEPARATOR.join(t.source for t in parsed.terms)
    alert_id = await storage.personal.add_alert(reader.chat_id, stored, MAX_ALERTS_PER_READER)
    if alert_id is None:
        await message.answer(i18n.get("alert-limit", limit=MAX_ALERTS_PER_READER))
        return
    lines = [i18n.get("alert-added", words=escape(alert_words(stored)))]
    await message.answer("\n".join([*lines, *_rejected_lines(parsed, i18n)]))


@router.message(Command("alerts"))
async def cmd_alerts(message: Message, reader: Reader, storage: Storage, i18n: I18nContext) -> None:
    text, keyboard = await _alerts_view(reader, storage, i18n)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(RemoveAlert.filter())
async def press_remove_alert(
    query: CallbackQuery, callback_data: RemoveAlert, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    removed = await storage.personal.remove_alert(reader.chat_id, callback_data.alert_id)
    await query.answer(i18n.get("alert-removed" if removed else "alert-gone"))
    if isinstance(query.message, Message):
        text, keyboard = await _alerts_view(reader, storage, i18n)
        with contextlib.suppress(TelegramBadRequest):
            await query.message.edit_text(text, reply_markup=keyboard)
