"""/latest, /read (also /read_ID and the "full text" button) and /search."""

from __future__ import annotations

import re

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessageUnion,
    Message,
)
from aiogram_i18n import I18nContext

from bot.digest.story_card import (
    META_MAX_ESCAPED,
    TITLE_MAX_CHARS,
    TITLE_MAX_ESCAPED,
    URL_MAX_CHARS,
    escape_within,
    render_story,
    single_card,
)
from bot.localtime import format_datetime, zone
from bot.personal.selection import ArticleFacts, choose, load_choice
from bot.telegram.html import MESSAGE_LIMIT, escape, link, split_plain_text, telegram_length
from bot.text.shorten import shorten
from bot.text.stopwords import search_terms
from bot.text.words import words
from handlers.arguments import parse_row_id
from handlers.callbacks import ReadArticle
from storage import Storage
from storage.articles import Article
from storage.readers import Reader

router = Router(name="news")
# Reading the news is for everyone in a group; changing its settings is for its administrators.
OPEN = {"chat_open": True}

LATEST_DEFAULT = 5
LATEST_MAX = 20
SEARCH_RESULTS = 10
SEARCH_QUERY_MAX_CHARS = 200
BUTTONS_PER_ROW = 5
# "<i>12/12</i>" and its line break, before each part of a long article.
PART_LABEL_ROOM = 16
# A /read shows at most this many messages of text, then the link: a 10 MB item is not 2,000 messages.
READ_MAX_MESSAGES = 4
LATEST_LOOKAHEAD = 5


async def send_story_list(
    message: Message, heading: str, articles: list[Article], reader: Reader, i18n: I18nContext
) -> None:
    """Numbered stories in as few messages as fit, each message with "full text" buttons for its stories."""
    pages: list[tuple[str, list[InlineKeyboardButton]]] = []
    text, buttons = heading, list[InlineKeyboardButton]()
    tz = zone(reader.timezone)
    for number, article in enumerate(articles, start=1):
        block = render_story(single_card(article, reader.language, tz), number)
        button = InlineKeyboardButton(
            text=i18n.get("button-full-text", number=number),
            callback_data=ReadArticle(article_id=article.id).pack(),
        )
        if telegram_length(text) + 2 + telegram_length(block) > MESSAGE_LIMIT:
            pages.append((text, buttons))
            text, buttons = block, []
        else:
            text = f"{text}\n\n{block}"
        buttons.append(button)
    pages.append((text, buttons))
    for page_text, page_buttons in pages:
        rows = [page_buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(page_buttons), BUTTONS_PER_ROW)]
        await message.answer(
            page_text,
            reply_markup=InlineKeyboardMarkup(inline_keyboard=rows) if rows else None,
            disable_web_page_preview=True,
        )


@router.message(Command("latest"), flags=OPEN)
async def cmd_latest(
    message: Message, command: CommandObject, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    count = LATEST_DEFAULT
    if command.args:
        arg = command.args.strip()
        if not arg.isdecimal() or not 1 <= int(arg) <= LATEST_MAX:
            await message.answer(i18n.get("latest-usage"))
            return
        count = int(arg)
    # Read more than asked: the reader's filter and languages choose among them.
    newest = await storage.articles.latest(count * LATEST_LOOKAHEAD, chat_id=reader.chat_id)
    choice = await load_choice(storage, reader.chat_id, reader.language)
    articles, hidden = await choose(
        ArticleFacts(storage),
        choice,
        newest,
        lambda a: a.id,
        lambda tier, room: tier[:room],
        count,
        lambda a: a.story_id,
    )
    # Newest first across the language tiers too.
    articles.sort(key=lambda a: (a.published_at, a.id), reverse=True)
    if not articles:
        await message.answer(i18n.get("latest-all-hidden" if hidden else "latest-empty", count=hidden))
        return
    heading = i18n.get("latest-heading")
    if hidden:
        heading += "\n" + i18n.get("latest-hidden", count=hidden)
    await send_story_list(message, heading, articles, reader, i18n)


def article_messages(article: Article, reader: Reader, i18n: I18nContext) -> list[str]:
    """The article's full text as HTML messages within Telegram's limit: the original link in the
    first, and the parts numbered ("1/4") when there are several.

    At most ``READ_MAX_MESSAGES``: a longer text stops there with a line saying so and the link again.
    """
    when = format_datetime(article.published_at, reader.language, zone(reader.timezone))
    source_line = i18n.get("read-source-line", source=shorten(article.source_title, 200), date=when)
    header = (
        f"<b>{escape_within(article.title, TITLE_MAX_CHARS, TITLE_MAX_ESCAPED)}</b>\n"
        f"<i>{escape_within(source_line, TITLE_MAX_CHARS, META_MAX_ESCAPED)}</i>"
    )
    url = article.url if article.url and telegram_length(escape(article.url)) <= URL_MAX_CHARS else None
    if url:
        header += f"\n{link(url, i18n.get('read-original'))}"
    footer = link(url, i18n.get("read-original")) if url else ""
    cut_note = escape(i18n.get("read-truncated" if url else "read-truncated-no-link"))
    tail = f"…\n\n{cut_note}\n\n{footer}".rstrip()
    # Room for the header (first part), the cut note (last part) and the part label, in one message.
    room = MESSAGE_LIMIT - telegram_length(header) - telegram_length(tail) - 4 - PART_LABEL_ROOM
    # Only what can be shown is split: a huge text costs one pass over its first messages' worth.
    shown = article.text[: room * (READ_MAX_MESSAGES + 1)]
    chunks = split_plain_text(shown, room) or [""]
    cut = len(chunks) > READ_MAX_MESSAGES or len(shown) < len(article.text)
    if cut:
        chunks = chunks[:READ_MAX_MESSAGES]
    chunks[0] = f"{header}\n\n{chunks[0]}".rstrip()
    if cut:
        chunks[-1] = f"{chunks[-1].rstrip()}{tail}"
    if len(chunks) > 1:
        chunks = [f"<i>{number}/{len(chunks)}</i>\n{chunk}" for number, chunk in enumerate(chunks, start=1)]
    return chunks


async def send_article(
    to: MaybeInaccessibleMessageUnion, article_id: int, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    """The article in the conversation of ``to`` (in a forum, its topic)."""
    article = await storage.articles.get(article_id)
    if article is None:
        await to.answer(i18n.get("read-not-found", id=article_id))
        return
    for chunk in article_messages(article, reader, i18n):
        await to.answer(chunk, disable_web_page_preview=True)


@router.message(Command("read", re.compile(r"read_(.*)")), flags=OPEN)
async def cmd_read(
    message: Message, command: CommandObject, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    # /read_12 arrives as a regexp match of the command, /read 12 as its argument.
    match = command.regexp_match
    arg = match.group(1) if match is not None else (command.args or "").strip()
    article_id = parse_row_id(arg)
    if article_id is None:
        await message.answer(i18n.get("read-usage"))
        return
    await send_article(message, article_id, reader, storage, i18n)


@router.callback_query(ReadArticle.filter(), flags=OPEN)
async def press_read(
    query: CallbackQuery,
    callback_data: ReadArticle,
    reader: Reader,
    storage: Storage,
    i18n: I18nContext,
) -> None:
    await query.answer(i18n.get("toast-full-text"))
    if query.message is not None:
        await send_article(query.message, callback_data.article_id, reader, storage, i18n)


@router.message(Command("search"), flags=OPEN)
async def cmd_search(
    message: Message, command: CommandObject, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    query = " ".join((command.args or "").split())[:SEARCH_QUERY_MAX_CHARS]
    if not words(query):
        await message.answer(i18n.get("search-usage"))
        return
    if not search_terms(query):
        await message.answer(i18n.get("search-no-words", query=escape(query)))
        return
    found = await storage.articles.search(query, SEARCH_RESULTS, chat_id=reader.chat_id)
    if not found.articles:
        await message.answer(i18n.get("search-nothing", query=escape(query)))
        return
    heading_key = "search-heading" if found.complete else "search-partial-heading"
    await send_story_list(message, i18n.get(heading_key, query=escape(query)), found.articles, reader, i18n)
