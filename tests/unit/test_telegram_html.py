"""Escaping and splitting: everything from an article is inert HTML, and no message exceeds 4096."""

from __future__ import annotations

import html

import pytest

from bot.digest.story_card import StoryCard, render_story, shorten
from bot.telegram.html import escape, join_blocks, link, split_plain_text


def test_escape_and_link() -> None:
    assert escape('<b>"A" & B</b>') == "&lt;b&gt;&quot;A&quot; &amp; B&lt;/b&gt;"
    assert (
        link('https://x.kz/?a=1&b="2"', "<t>")
        == '<a href="https://x.kz/?a=1&amp;b=&quot;2&quot;">&lt;t&gt;</a>'
    )
    # Only web links become links.
    assert link("javascript:alert(1)", "t") == "t"
    assert link(None, "t") == "t"


def test_split_prefers_paragraphs_then_sentences() -> None:
    paragraphs = [f"Абзац {i}. " + "Слово " * 300 for i in range(10)]
    chunks = split_plain_text("\n\n".join(paragraphs), 4096)
    assert len(chunks) > 1
    assert all(len(c) <= 4096 for c in chunks)
    assert all(c.startswith("Абзац") for c in chunks)
    assert html.unescape("".join(chunks)).count("Слово") == 3000


@pytest.mark.parametrize("text", ["&" * 9000, "а" * 9000, "<>" * 3000 + " конец.", "x. " * 5000])
def test_split_never_exceeds_the_limit_or_cuts_an_entity(text: str) -> None:
    chunks = split_plain_text(text, 4096)
    assert all(len(c) <= 4096 for c in chunks)
    assert all(not c.endswith("&") and "&am;" not in c for c in chunks)
    assert "".join(html.unescape(c) for c in chunks).replace(" ", "") == text.replace(" ", "")


def test_join_blocks_packs_without_splitting() -> None:
    blocks = ["x" * 1500] * 7
    messages = join_blocks(blocks)
    assert [m.count("x") for m in messages] == [3000, 3000, 3000, 1500]
    with pytest.raises(ValueError):
        join_blocks(["y" * 5000])


def test_story_card_escapes_hostile_fields() -> None:
    card = StoryCard(
        article_id=5,
        title="</a><b>Взлом & «вход»",
        url='https://x.kz/a?q="1"&r=2',
        source="<i>Источник",
        when="25 ноября 2026, 09:00",
        summary="Текст <script>alert(1)</script> & ещё",
        more_sources="+2 источника",
    )
    block = render_story(card, 1)
    assert "&lt;/a&gt;&lt;b&gt;Взлом &amp; «вход»" in block
    assert "&lt;script&gt;" in block and "<script>" not in block
    assert 'href="https://x.kz/a?q=&quot;1&quot;&amp;r=2"' in block
    assert block.endswith("/read_5")
    assert "+2 источника" in block


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("один два три четыре", 12) == "один два…"
    assert shorten("коротко", 12) == "коротко"
