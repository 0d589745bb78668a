"""Properties of everything that becomes Telegram HTML, for any text: valid, within limits, nothing lost.

Each message is checked the way the Bot API does it (``tests.botapi.parse_html``: strict entities,
balanced tags, and the 4096 limit counted in UTF-16 code units of the parsed text).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.digest.compose import Digest, DigestItem
from bot.digest.render import render_digest
from bot.digest.story_card import StoryCard, render_story
from bot.telegram.html import MESSAGE_LIMIT, escape, join_blocks, link, split_plain_text
from storage.articles import ArticleHeadline
from tests.botapi import parse_html
from tests.botapi.html_check import utf16_len

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)

# Characters that stress escaping and length counting: markup, entities, astral emoji (two UTF-16 units).
_HOSTILE = st.sampled_from(
    ["<", ">", "&", '"', "'", "&amp;", "<b>", "</a>", "😀", "🇰🇿", "\u200b", "\n", "\n\n"]
)
_WORD = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
)
_PIECE = st.one_of(_WORD, _HOSTILE, st.just(" "), st.just(". "))
text_strategy = st.one_of(
    st.lists(_PIECE, max_size=200).map("".join),
    st.text(max_size=300),
)
# Long texts: many copies of a sentence, or one huge emoji/ampersand run, to cross the message limit.
long_text_strategy = st.builds(
    lambda unit, count: unit * count,
    st.sampled_from(["Предложение & <тег>. ", "😀", "&", "слово ", "x" * 50 + "\n\n", "🇰🇿 Астана. "]),
    st.integers(min_value=1, max_value=6000),
)


def _words(text: str) -> list[str]:
    return text.split()


@settings(deadline=None, max_examples=150)
@given(st.one_of(text_strategy, long_text_strategy), st.integers(min_value=64, max_value=MESSAGE_LIMIT))
def test_split_plain_text_gives_valid_messages_within_the_limit_and_loses_no_word(
    text: str, limit: int
) -> None:
    messages = split_plain_text(text, limit)
    parsed = [parse_html(m) for m in messages]
    for message, p in zip(messages, parsed, strict=True):
        assert utf16_len(p.text) <= limit
        assert utf16_len(message) <= limit
        assert p.text.strip()
    # Breaks only move whitespace; a word longer than a message may be cut in pieces.
    assert "".join(_words("".join(p.text for p in parsed))) == "".join(_words(text))


@settings(deadline=None, max_examples=150)
@given(text_strategy, st.one_of(st.none(), st.text(max_size=60), st.just("https://example.kz/a?b=1&c=<2>")))
def test_link_and_escape_always_parse_back_to_the_text(text: str, url: str | None) -> None:
    assert parse_html(escape(text)).text == text
    parsed = parse_html(link(url, text))
    assert parsed.text == text
    if parsed.entities:
        assert url is not None and url.lower().startswith(("http://", "https://", "tg://"))


@settings(deadline=None, max_examples=100)
@given(
    st.lists(st.text(max_size=200).map(escape), max_size=40),
    st.integers(min_value=200, max_value=MESSAGE_LIMIT),
)
def test_join_blocks_keeps_every_block_whole_and_in_order(blocks: list[str], limit: int) -> None:
    blocks = [b for b in blocks if b.strip()]
    messages = join_blocks(blocks, limit)
    assert all(utf16_len(m) <= limit for m in messages)
    assert "\n\n".join(messages) == "\n\n".join(blocks)


story_fields = st.fixed_dictionaries(
    {
        "title": st.one_of(text_strategy, long_text_strategy),
        "url": st.one_of(
            st.none(),
            st.just("javascript:alert(1)"),
            st.just("https://x.kz/" + "a" * 2000),
            st.integers(min_value=0, max_value=990).map(lambda n: "https://x.kz/?" + "&" * n),
        ),
        "source": text_strategy,
        "summary": st.one_of(text_strategy, long_text_strategy.map(lambda t: t[:400])),
    }
)


@settings(deadline=None, max_examples=100)
@given(story_fields, st.integers(min_value=1, max_value=10**12))
def test_a_story_card_is_valid_html_with_its_read_command(
    fields: dict[str, str | None], article_id: int
) -> None:
    card = StoryCard(
        article_id=article_id,
        title=str(fields["title"]),
        url=fields["url"],
        source=str(fields["source"]),
        when="1 декабря, 11:00",
        summary=str(fields["summary"]),
    )
    parsed = parse_html(render_story(card, 3))
    assert utf16_len(parsed.text) < MESSAGE_LIMIT
    assert parsed.text.endswith(f"/read_{article_id}")
    for entity in parsed.entities:
        if entity["type"] == "text_link":
            assert re.match(r"https?://", entity["url"])


def _translate(key: str, /, **kwargs: object) -> str:
    return f"{key} {kwargs}" if kwargs else key


@settings(deadline=None, max_examples=60)
@given(st.lists(story_fields, min_size=1, max_size=25), st.sampled_from(["ru", "kk", "en"]))
def test_a_digest_of_any_stories_is_valid_messages_with_every_story(
    stories: list[dict[str, str | None]], language: str
) -> None:
    items = [
        DigestItem(
            ArticleHeadline(
                id=i,
                source_title=str(f["source"]),
                url=f["url"],
                title=str(f["title"]),
                summary=str(f["summary"]),
                published_at=NOW - timedelta(hours=i % 24),
            ),
            more_sources=i % 3,
        )
        for i, f in enumerate(stories, start=1)
    ]
    digest = Digest(1, language, "Asia/Almaty", date(2026, 12, 1), NOW, items)
    messages = render_digest(digest, _translate)
    parsed = [parse_html(m) for m in messages]
    assert all(utf16_len(p.text) <= MESSAGE_LIMIT for p in parsed)
    text = "\n".join(p.text for p in parsed)
    assert [int(n) for n in re.findall(r"/read_(\d+)$", text, re.MULTILINE)] == list(range(1, len(items) + 1))
