"""The languages of the news: a reader's choice filters, the default puts the interface language first."""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import given
from hypothesis import strategies as st

from bot.digest.ranking import Candidate, RankedStory, rank_stories
from bot.personal.news_languages import (
    NEWS_LANGUAGES,
    format_news_languages,
    news_language_tiers,
    parse_news_languages,
    take_by_tiers,
    toggle_news_language,
)


class Story(NamedTuple):
    name: str
    language: str | None
    story: int | None = None


def language(story: Story) -> str | None:
    return story.language


def group(story: Story) -> int | None:
    return story.story


STORIES = [Story("ru1", "ru"), Story("en1", "en"), Story("kk1", "kk"), Story("ru2", "ru"), Story("en2", "en")]


def names(tiers: list[list[Story]]) -> list[list[str]]:
    return [[s.name for s in tier] for tier in tiers]


def test_a_choice_keeps_only_its_languages_in_one_tier() -> None:
    assert names(news_language_tiers(STORIES, language, ("ru", "kk"), "en")) == [["ru1", "kk1", "ru2"]]


def test_the_default_puts_the_interface_language_first() -> None:
    tiers = news_language_tiers(STORIES, language, None, "en")
    assert names(tiers) == [["en1", "en2"], ["ru1", "kk1", "ru2"]]


def test_the_default_never_leaves_a_digest_empty() -> None:
    only_russian = [Story("ru1", "ru"), Story("ru2", "ru")]
    assert names(news_language_tiers(only_russian, language, None, "kk")) == [["ru1", "ru2"]]


def test_a_story_told_in_the_readers_language_is_not_repeated_in_another() -> None:
    stories = [
        Story("ru", "ru", 7),
        Story("en same", "en", 7),
        Story("en other", "en", 8),
        Story("en own", "en"),
    ]
    tiers = news_language_tiers(stories, language, None, "ru", story_of=group)
    assert names(tiers) == [["ru"], ["en other", "en own"]]


def test_undetected_languages_come_last_by_default_and_never_with_a_choice() -> None:
    stories = [Story("x", None), Story("ru", "ru")]
    assert names(news_language_tiers(stories, language, None, "ru")) == [["ru"], ["x"]]
    assert names(news_language_tiers(stories, language, ("ru",), "ru")) == [["ru"]]


def test_ranking_fills_from_the_first_tier_then_the_next() -> None:
    # Article ids 1-3 are Russian, 4-6 English; the English ones are fresher and would win overall.
    candidates = [Candidate(i, i, None, 10.0 if i <= 3 else 1.0) for i in range(1, 7)]
    lang = {i: "ru" if i <= 3 else "en" for i in range(1, 7)}
    tiers = news_language_tiers(candidates, lambda c: lang[c.article_id], None, "ru")
    taken: list[RankedStory] = take_by_tiers(tiers, rank_stories, 4)
    assert [s.article_id for s in taken] == [3, 2, 1, 6]
    assert [s.article_id for s in rank_stories(candidates, 4)] == [6, 5, 4, 3]


def test_stored_choices_read_back() -> None:
    assert parse_news_languages(None) is None
    assert parse_news_languages("") is None
    assert parse_news_languages("en, RU,xx") == ("ru", "en")
    assert parse_news_languages("xx") is None
    assert format_news_languages(None) == ""
    assert format_news_languages(("en", "ru")) == "ru,en"


def test_buttons_toggle_and_the_last_one_off_is_the_default() -> None:
    assert toggle_news_language(None, "en") == ("ru", "kk")
    assert toggle_news_language(("ru", "kk"), "en") == ("ru", "kk", "en")
    assert toggle_news_language(("ru",), "ru") is None


_languages = st.sampled_from([*NEWS_LANGUAGES, None])


@given(
    st.lists(st.tuples(_languages, st.none() | st.integers(0, 5)), max_size=30),
    st.none() | st.lists(st.sampled_from(NEWS_LANGUAGES), min_size=1, unique=True).map(tuple),
    st.sampled_from(NEWS_LANGUAGES),
)
def test_tiers_hold_each_story_at_most_once_and_the_default_drops_only_retold_stories(
    drawn: list[tuple[str | None, int | None]], chosen: tuple[str, ...] | None, interface: str
) -> None:
    stories = [Story(str(i), lang, story) for i, (lang, story) in enumerate(drawn)]
    tiers = news_language_tiers(stories, language, chosen, interface, story_of=group)
    flat = [s for tier in tiers for s in tier]
    assert len(flat) == len(set(flat))
    if chosen is not None:
        assert flat == [s for s in stories if s.language in chosen]
        return
    assert all(tiers)
    stories_told = {s.story for s in stories if s.story is not None}
    assert {s.story for s in flat if s.story is not None} == stories_told
    assert bool(flat) == bool(stories)
