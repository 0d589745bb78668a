from datetime import UTC, date, datetime, timedelta

import pytest
from aiogram_i18n.cores import FluentRuntimeCore

from bot.digest.compose import Digest, DigestItem
from bot.digest.render import core_translator, render_digest
from bot.telegram.i18n import load_core
from storage.articles import ArticleHeadline
from tests.botapi import parse_html

NOW = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)


def article(
    article_id: int, title: str, *, summary: str = "Summary.", source: str = "Kazinform"
) -> ArticleHeadline:
    return ArticleHeadline(
        id=article_id,
        source_title=source,
        url=f"https://example.kz/news/{article_id}?a=1&b=2",
        title=title,
        summary=summary,
        published_at=NOW - timedelta(hours=1),
    )


def digest(items: list[DigestItem], language: str = "ru") -> Digest:
    return Digest(1, language, "Asia/Almaty", date(2026, 11, 25), NOW, items)


@pytest.fixture
async def core() -> FluentRuntimeCore:
    return await load_core("ru")


def test_nothing_new_renders_nothing(core: FluentRuntimeCore) -> None:
    assert render_digest(digest([]), core_translator(core, "ru")) == []


def test_hostile_titles_are_escaped_and_valid_telegram_html(core: FluentRuntimeCore) -> None:
    hostile = [
        DigestItem(article(1, "<b>bold</b> & </a> <script>"), more_sources=2),
        DigestItem(article(2, "Quotes \" and ' & ampersands", summary="1 < 2 & 3 > 2 </i>", source="<S&P>")),
    ]
    [message] = render_digest(digest(hostile), core_translator(core, "ru"))
    parsed = parse_html(message)  # raises like Telegram on broken HTML
    assert "<b>bold</b> & </a> <script>" in parsed.text
    assert "1 < 2 & 3 > 2 </i>" in parsed.text
    assert "<S&P>" in parsed.text
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;/a&gt;" in message
    links = [e for e in parsed.entities if e["type"] == "text_link"]
    assert links[0]["url"] == "https://example.kz/news/1?a=1&b=2"


def test_heading_date_items_sources_and_read_commands(core: FluentRuntimeCore) -> None:
    items = [DigestItem(article(7, "Первая"), more_sources=2), DigestItem(article(8, "Вторая"))]
    [message] = render_digest(digest(items), core_translator(core, "ru"))
    text = parse_html(message).text
    assert text.startswith("Дайджест новостей за 25 ноября 2026")
    assert "1. Первая" in text
    assert "2. Вторая" in text
    assert "+2 источника" in text
    assert "/read_7" in text and "/read_8" in text
    assert text.index("Первая") < text.index("Вторая")


@pytest.mark.parametrize(
    ("language", "heading"),
    [("kk", "2026 жылғы 25 қараша"), ("en", "News digest for 25 November 2026")],
)
def test_other_languages(core: FluentRuntimeCore, language: str, heading: str) -> None:
    [message] = render_digest(
        digest([DigestItem(article(1, "T"), 1)], language), core_translator(core, language)
    )
    assert heading in message


def test_forty_story_day_splits_between_items(core: FluentRuntimeCore) -> None:
    long_summary = "Очень длинное изложение & <важные> детали. " * 9
    items = [DigestItem(article(i, f"Новость номер {i} <&>", summary=long_summary)) for i in range(1, 41)]
    messages = render_digest(digest(items), core_translator(core, "ru"))
    assert len(messages) > 1
    assert all(len(m) <= 4096 for m in messages)
    texts = [parse_html(m).text for m in messages]
    # Every item whole in exactly one message, in order, numbered 1..40.
    joined = "\n".join(texts)
    for i in range(1, 41):
        assert joined.count(f"/read_{i}\n") + joined.count(f"/read_{i}") >= 1
        assert sum(f"{i}. Новость номер {i} <&>" in t for t in texts) == 1
    assert texts[0].startswith("Дайджест новостей")


def _sized_items(count: int, summary_chars: int) -> list[DigestItem]:
    summary = ("Слово " * (summary_chars // 6)).strip()
    return [DigestItem(article(i, f"Новость {i}", summary=summary)) for i in range(1, count + 1)]


def test_a_digest_that_needs_two_messages_shares_its_stories_evenly(core: FluentRuntimeCore) -> None:
    # Ten stories of which nine fit in one message: greedily that is nine, then one.
    messages = render_digest(digest(_sized_items(10, 330)), core_translator(core, "ru"))
    assert len(messages) == 2
    counts = [m.count("/read_") for m in messages]
    assert abs(counts[0] - counts[1]) <= 1, counts
    assert all(len(parse_html(m).text) <= 4096 for m in messages)


def test_cards_show_the_time_alone_yesterday_or_the_day_without_the_year(core: FluentRuntimeCore) -> None:
    # NOW is 09:00 in Almaty on 25 November.
    def at(hours_before: float) -> DigestItem:
        headline = article(int(hours_before * 10), f"T{hours_before}")
        return DigestItem(
            ArticleHeadline(
                headline.id,
                headline.source_title,
                headline.url,
                headline.title,
                headline.summary,
                NOW - timedelta(hours=hours_before),
            )
        )

    [message] = render_digest(digest([at(1), at(14.5), at(50)]), core_translator(core, "ru"))
    text = parse_html(message).text
    assert text.startswith("Дайджест новостей за 25 ноября 2026")
    assert "Kazinform · 08:00\n" in text
    assert "Kazinform · вчера, 18:30\n" in text
    assert "Kazinform · 23 ноября, 07:00\n" in text
    assert text.count("2026") == 1  # only the heading carries the year


def test_other_sources_are_named_and_linked(core: FluentRuntimeCore) -> None:
    others = (article(21, "x", source="Tengri <News>"), article(22, "y", source="Zakon"))
    item = DigestItem(article(20, "Общая новость"), more_sources=2, also=others)
    [message] = render_digest(digest([item]), core_translator(core, "ru"))
    parsed = parse_html(message)
    assert "+2 источника: Tengri <News>, Zakon" in parsed.text
    urls = [e["url"] for e in parsed.entities if e["type"] == "text_link"]
    assert urls == [
        "https://example.kz/news/20?a=1&b=2",
        "https://example.kz/news/21?a=1&b=2",
        "https://example.kz/news/22?a=1&b=2",
    ]
