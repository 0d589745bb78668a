"""Alerts and filters of many readers matched against one story, and the daily alert cap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.personal.alert_cap import AlertDecision, decide_alert, decide_alert_at, local_day_window
from bot.personal.alerts import Alert, ReaderTermIndex, ReaderTerms, naive_story_match
from bot.personal.story_words import story_words
from bot.personal.terms import Term, TermKind, make_term, parse_alert_terms, parse_filter_terms


def alert(alert_id: int, argument: str) -> Alert:
    return Alert(alert_id, tuple(parse_alert_terms(argument).terms))


def reader(reader_id: int, filter_argument: str = "", *alerts: Alert) -> ReaderTerms:
    return ReaderTerms(reader_id, tuple(parse_filter_terms(filter_argument).terms), alerts)


STORY = story_words("Центральная избирательная комиссия объявила итоги выборов", "Явка составила 60 %.")


def test_an_alert_needs_every_word() -> None:
    index = ReaderTermIndex.build(
        [
            reader(1, "", alert(10, "выборы итоги")),
            reader(2, "", alert(20, "выборы президента")),
            reader(3, "", alert(30, '"избирательная комиссия"')),
            reader(4, "", alert(40, '"комиссия избирательная"')),
        ]
    )
    assert index.match(STORY).alerts == {1: 10, 3: 30}


def test_several_alerts_of_one_reader_count_once_with_the_first_of_theirs() -> None:
    index = ReaderTermIndex.build([reader(1, "", alert(11, "явка"), alert(12, "выборы"), alert(13, "итоги"))])
    assert index.match(STORY).alerts == {1: 11}


def test_filters_hide_stories_and_stop_their_alerts() -> None:
    index = ReaderTermIndex.build(
        [
            reader(1, "-явка", alert(10, "выборы")),
            reader(2, "+спорт", alert(20, "выборы")),
            reader(3, "+спорт +выборы", alert(30, "выборы")),
            reader(4, "-спорт"),
        ]
    )
    match = index.match(STORY)
    assert match.hidden == {1, 2}
    assert match.alerts == {3: 30}
    assert match.keeps(4)
    assert match.keeps(99)  # a reader without terms keeps everything


def test_updating_and_removing_a_reader_changes_what_matches() -> None:
    index = ReaderTermIndex.build([reader(1, '+спорт -"курс доллара"', alert(10, "выборы"))])
    assert index.match(STORY).hidden == {1}
    index.set_reader(reader(1, "-погода", alert(11, "явка")))
    match = index.match(STORY)
    assert match.hidden == frozenset()
    assert match.alerts == {1: 11}
    index.remove_reader(1)
    assert len(index) == 0
    assert index.match(STORY).alerts == {}
    # Nothing of the reader is left behind in any table.
    tables = (index._include_words, index._exclude_words, index._include_phrases, index._alerts)
    assert all(table == {} for table in tables)


def test_a_reader_with_nothing_is_not_indexed() -> None:
    index = ReaderTermIndex.build([reader(1), ReaderTerms(2, (), (Alert(5, ()),))])
    assert len(index) == 0
    assert index.match(STORY) == naive_story_match([reader(1)], STORY)


# --- the index against the reference ------------------------------------------------------------

_VOCABULARY = ["нефть", "газ", "курс", "доллара", "выборы", "итоги", "oil", "price", "үкімет", "да"]
_term_words = st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=3)


@st.composite
def _terms(draw: st.DrawFn, kinds: tuple[TermKind, ...]) -> Term:
    return make_term(draw(st.sampled_from(kinds)), draw(_term_words))


_alert_terms = st.lists(_terms((TermKind.INCLUDE,)), max_size=3)


@st.composite
def _readers(draw: st.DrawFn) -> list[ReaderTerms]:
    count = draw(st.integers(0, 12))
    readers = []
    for reader_id in range(count):
        filter_terms = tuple(draw(st.lists(_terms((TermKind.INCLUDE, TermKind.EXCLUDE)), max_size=4)))
        alerts = tuple(
            Alert(reader_id * 100 + i, tuple(terms))
            for i, terms in enumerate(draw(st.lists(_alert_terms, max_size=3)))
        )
        readers.append(ReaderTerms(reader_id, filter_terms, alerts))
    return readers


_stories = st.tuples(
    st.lists(st.sampled_from([*_VOCABULARY, "и", "прочее"]), max_size=8),
    st.lists(st.sampled_from([*_VOCABULARY, "и", "прочее"]), max_size=30),
)


@given(_readers(), st.lists(_stories, min_size=1, max_size=4))
def test_the_index_finds_exactly_what_checking_every_reader_finds(
    readers: list[ReaderTerms], stories: list[tuple[list[str], list[str]]]
) -> None:
    index = ReaderTermIndex.build(readers)
    for title, text in stories:
        words = story_words(" ".join(title), " ".join(text))
        assert index.match(words) == naive_story_match(readers, words)


@given(_readers(), _readers(), _stories)
def test_an_index_updated_reader_by_reader_equals_one_built_afresh(
    before: list[ReaderTerms], after: list[ReaderTerms], story: tuple[list[str], list[str]]
) -> None:
    index = ReaderTermIndex.build(before)
    for old in before:
        index.remove_reader(old.reader_id)
    for new in after:
        index.set_reader(new)
    words = story_words(" ".join(story[0]), " ".join(story[1]))
    assert index.match(words) == naive_story_match(after, words)


# --- the daily cap ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "decision"),
    [
        (0, AlertDecision.SEND),
        (19, AlertDecision.SEND),
        (20, AlertDecision.SEND_MORE_LINE),
        (21, AlertDecision.SKIP),
    ],
)
def test_the_cap_sends_then_says_more_once_then_skips(sent: int, decision: AlertDecision) -> None:
    assert decide_alert(sent, 20) is decision


def test_a_cap_below_one_turns_alerts_off() -> None:
    assert decide_alert(0, 0) is AlertDecision.SKIP


def test_the_count_restarts_at_local_midnight_not_utc() -> None:
    almaty = ZoneInfo("Asia/Almaty")  # UTC+5
    # 20:30 UTC is 01:30 the next day in Almaty: yesterday's alerts no longer count.
    now = datetime(2026, 3, 10, 20, 30, tzinfo=UTC)
    yesterday = [datetime(2026, 3, 10, 12, 0, tzinfo=UTC)] * 5
    assert decide_alert_at(now, almaty, 5, yesterday) is AlertDecision.SEND
    # The same moments are today for a reader in UTC.
    assert decide_alert_at(now, UTC, 5, yesterday) is AlertDecision.SEND_MORE_LINE
    today = [datetime(2026, 3, 10, 19, 5, tzinfo=UTC)] * 5  # 00:05 local
    assert decide_alert_at(now, almaty, 5, today) is AlertDecision.SEND_MORE_LINE


@pytest.mark.parametrize(("day", "hours"), [(8, 23), (1, 25), (15, 24)])
def test_a_local_day_is_23_or_25_hours_across_clock_changes(day: int, hours: int) -> None:
    new_york = ZoneInfo("America/New_York")
    month = 3 if day == 8 else 11
    start, end = local_day_window(datetime(2026, month, day, 17, 0, tzinfo=UTC), new_york)
    assert end - start == timedelta(hours=hours)
    assert start.tzinfo is UTC


def test_a_naive_clock_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        local_day_window(datetime(2026, 1, 1), UTC)
