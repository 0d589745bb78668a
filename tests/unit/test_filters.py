"""Word filters: what `/filter` arguments mean and which stories a filter keeps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.personal.filters import WordFilter, apply_filter
from bot.personal.story_pool import StoryPool
from bot.personal.story_words import story_words, story_words_from_stems, term_matches
from bot.personal.terms import (
    MAX_ALERT_TERMS,
    MAX_FILTER_TERMS,
    MAX_PHRASE_WORDS,
    MAX_TERM_CHARS,
    RejectedTerm,
    Term,
    TermKind,
    TermProblem,
    add_terms,
    make_term,
    parse_alert_terms,
    parse_filter_terms,
    parse_term,
)
from bot.text.words import stemmed_text


def sources(argument: str) -> list[str]:
    return [term.source for term in parse_filter_terms(argument).terms]


def problems(argument: str) -> list[TermProblem]:
    return [rejected.problem for rejected in parse_filter_terms(argument).rejected]


def keeps(argument: str, title: str, text: str = "") -> bool:
    return WordFilter.of(parse_filter_terms(argument).terms).keeps(story_words(title, text))


# --- parsing ------------------------------------------------------------------------------------


def test_signs_and_bare_words() -> None:
    assert sources("+выборы -спорт погода") == ["+выборы", "-спорт", "+погода"]


@pytest.mark.parametrize(
    "argument",
    ['"две слова"', "«две слова»", "“две слова”", "„две слова“", '"две   Слова"'],
)
def test_every_kind_of_quote_makes_a_phrase(argument: str) -> None:
    assert sources(argument) == ['+"две слова"']


def test_signed_phrases() -> None:
    assert sources('-"курс доллара" +«нефть брент»') == ['-"курс доллара"', '+"нефть брент"']


@pytest.mark.parametrize("sign", ["-", "−", "–", "—"])
def test_dashes_phones_type_for_minus_exclude(sign: str) -> None:
    assert sources(f"{sign}спорт") == ["-спорт"]


def test_a_sign_standing_apart_belongs_to_the_next_word() -> None:
    assert sources("- спорт + погода") == ["-спорт", "+погода"]


def test_an_unclosed_quote_runs_to_the_end() -> None:
    assert sources('+"курс доллара') == ['+"курс доллара"']


def test_a_word_with_punctuation_inside_is_matched_as_the_text_is_tokenized() -> None:
    assert sources("covid-19") == ["+covid-19"]
    # "U.S." is two words in a story too, so it is a phrase.
    assert sources("U.S.") == ['+"u s"']


def test_repeats_are_dropped_word_forms_included() -> None:
    assert sources("+выборы выборах +ВЫБОРЫ") == ["+выборы"]


@pytest.mark.parametrize(
    ("argument", "problem"),
    [
        ("+", TermProblem.EMPTY),
        ('""', TermProblem.EMPTY),
        ("«  »", TermProblem.EMPTY),
        ("-", TermProblem.EMPTY),
        ("+!!!", TermProblem.NO_WORDS),
        ("🔥", TermProblem.NO_WORDS),
        ("x" * (MAX_TERM_CHARS + 1), TermProblem.TOO_LONG),
        ('"' + " ".join(["слово"] * (MAX_PHRASE_WORDS + 1)) + '"', TermProblem.TOO_LONG),
    ],
)
def test_bad_pieces_are_rejected_with_a_reason(argument: str, problem: TermProblem) -> None:
    parsed = parse_filter_terms(argument)
    assert parsed.terms == []
    assert [r.problem for r in parsed.rejected] == [problem]


def test_good_terms_survive_beside_bad_ones() -> None:
    parsed = parse_filter_terms('+нефть ... -"" газ')
    assert [t.source for t in parsed.terms] == ["+нефть", "+газ"]
    assert parsed.rejected == [
        RejectedTerm("...", TermProblem.NO_WORDS),
        RejectedTerm('-""', TermProblem.EMPTY),
    ]


def test_at_most_fifty_terms() -> None:
    parsed = parse_filter_terms(" ".join(f"слово{i}" for i in range(MAX_FILTER_TERMS + 3)))
    assert len(parsed.terms) == MAX_FILTER_TERMS
    assert [r.problem for r in parsed.rejected] == [TermProblem.TOO_MANY] * 3


def test_alert_words_all_include_and_exclusions_are_refused() -> None:
    parsed = parse_alert_terms('+выборы "центральная комиссия" -сша')
    assert [t.source for t in parsed.terms] == ["+выборы", '+"центральная комиссия"']
    assert [r.problem for r in parsed.rejected] == [TermProblem.EXCLUDE_IN_ALERT]


def test_stored_source_parses_back() -> None:
    for term in parse_filter_terms('+выборы -"курс доллара" covid-19 U.S.').terms:
        assert parse_term(term.source) == term
    assert parse_term("") is None
    assert parse_term("+a +b") is None


# --- adding to what a reader has ----------------------------------------------------------------


def test_add_terms_reports_added_already_replaced_and_refused() -> None:
    existing = parse_filter_terms("+выборы -спорт").terms
    new = parse_filter_terms("выборах +спорт +погода +нефть").terms
    update = add_terms(existing, new, limit=3)
    assert [t.source for t in update.terms] == ["+выборы", "+спорт", "+погода"]
    assert [t.source for t in update.already] == ["+выборах"]
    assert [t.source for t in update.replaced] == ["+спорт"]
    assert [t.source for t in update.added] == ["+погода"]
    assert [t.source for t in update.refused] == ["+нефть"]


# --- matching -----------------------------------------------------------------------------------


def test_russian_word_forms_match_as_in_search() -> None:
    assert keeps("+выборы", "Итоги на выборах в парламент")
    assert keeps("+выборы", "Прошли выборы")
    assert not keeps("+выборы", "Погода на завтра")


def test_english_and_kazakh_word_forms_match() -> None:
    assert keeps("+election", "Elections in the region")
    assert keeps("+үкімет", "Үкіметтің отырысы өтті")
    assert keeps("+үкіметке", "Үкіметте жаңа министр")


def test_one_include_is_enough_and_excludes_win() -> None:
    assert keeps("+нефть +газ", "Цены на газ выросли")
    assert not keeps("+нефть +газ -цены", "Цены на газ выросли")
    assert keeps("-спорт", "Курс тенге")
    assert not keeps("-спорт", "Новости спорта")


def test_title_and_text_both_count() -> None:
    assert keeps("+нефть", "Главное за день", "Цены на нефть выросли")
    assert not keeps("-нефть", "Главное за день", "Цены на нефть выросли")


def test_phrases_match_consecutive_stems_only() -> None:
    assert keeps('+"курс доллара"', "Курс доллара вырос")
    assert keeps('+"курс доллара"', "Курсы долларов")
    assert not keeps('+"курс доллара"', "Доллар и курс")
    assert not keeps('+"курс доллара"', "Курс евро и доллара")


def test_a_phrase_does_not_run_from_the_title_into_the_text() -> None:
    assert not keeps('+"курс доллара"', "Новый курс", "Доллара не хватает")


def test_a_phrase_repeating_a_stem_matches_only_with_the_repeat() -> None:
    term = make_term(TermKind.INCLUDE, ["да", "да"])
    assert term_matches(term, story_words("Ответ: да, да"))
    assert not term_matches(term, story_words("Ответ: да"))


def test_an_empty_filter_keeps_everything_and_counts_nothing_hidden() -> None:
    result = apply_filter(WordFilter(), ["a", "b"], lambda s: story_words(s))
    assert result.kept == ["a", "b"]
    assert result.hidden == 0


def test_apply_filter_counts_the_hidden_stories() -> None:
    stories = ["Цены на нефть", "Футбол", "Нефть и газ"]
    result = apply_filter(WordFilter.of(parse_filter_terms("+нефть").terms), stories, story_words)
    assert result.kept == ["Цены на нефть", "Нефть и газ"]
    assert result.hidden == 1


# --- properties ---------------------------------------------------------------------------------

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
_words = st.lists(st.sampled_from(["нефть", "газ", "курс", "доллара", "выборы", "oil", "сайлау", "да"]))


@given(_text)
def test_parsing_any_argument_never_raises_and_bounds_every_term(argument: str) -> None:
    parsed = parse_filter_terms(argument)
    assert len(parsed.terms) <= MAX_FILTER_TERMS
    for term in parsed.terms:
        assert 1 <= len(term.stems) <= MAX_PHRASE_WORDS
        assert all(term.stems)
        assert parse_term(term.source) == term


def _reference_phrase_match(term: Term, sequence: list[str]) -> bool:
    k = len(term.stems)
    return any(tuple(sequence[i : i + k]) == term.stems for i in range(len(sequence) - k + 1))


@given(_words, _words)
def test_phrase_matching_equals_a_scan_of_every_position(phrase: list[str], story: list[str]) -> None:
    if not phrase:
        return
    term = make_term(TermKind.INCLUDE, phrase)
    words = story_words(" ".join(story))
    assert term_matches(term, words) == _reference_phrase_match(term, [s for s in words.sequence if s])


@given(_text, _text)
def test_any_filter_on_any_story_never_raises(argument: str, story: str) -> None:
    word_filter = WordFilter.of(parse_filter_terms(argument).terms)
    assert isinstance(word_filter.keeps(story_words(story[:100], story)), bool)


# --- stored stems and whole pools ---------------------------------------------------------------


@given(_text, _text)
def test_words_from_stored_stems_equal_stemming_the_story(title: str, text: str) -> None:
    assert story_words_from_stems(stemmed_text(title), stemmed_text(text)) == story_words(title, text)


_pool_words = st.lists(st.sampled_from(["нефть", "газ", "курс", "доллара", "выборы", "да", "и"]), max_size=12)


@given(
    st.lists(st.tuples(_pool_words, _pool_words), max_size=15),
    st.lists(st.tuples(st.sampled_from(list(TermKind)), _pool_words.filter(bool).map(lambda w: w[:3]))),
)
def test_a_pool_verdict_equals_the_filter_on_each_story(
    stories: list[tuple[list[str], list[str]]], drawn_terms: list[tuple[TermKind, list[str]]]
) -> None:
    words = {i: story_words(" ".join(title), " ".join(text)) for i, (title, text) in enumerate(stories)}
    word_filter = WordFilter.of(make_term(kind, phrase) for kind, phrase in drawn_terms)
    verdict = StoryPool(words).verdict(word_filter)
    assert [verdict.keeps(i) for i in words] == [word_filter.keeps(w) for w in words.values()]
    assert verdict.hidden_count(words) == sum(not word_filter.keeps(w) for w in words.values())


def test_a_pool_keeps_stories_it_never_saw_only_without_include_terms() -> None:
    pool = StoryPool({1: story_words("Нефть дорожает")})
    assert pool.verdict(WordFilter.of(parse_filter_terms("-газ").terms)).keeps(2)
    assert not pool.verdict(WordFilter.of(parse_filter_terms("+нефть").terms)).keeps(2)


@given(_text)
def test_any_alert_argument_gives_include_terms_only_within_the_limit(argument: str) -> None:
    parsed = parse_alert_terms(argument)
    assert len(parsed.terms) <= MAX_ALERT_TERMS
    assert all(term.kind is TermKind.INCLUDE for term in parsed.terms)
