"""Stop words: the function words of ru, kk and en say nothing to a search; news words stay."""

from __future__ import annotations

import pytest

from bot.text.stopwords import is_stop_word, search_terms
from bot.text.words import stem


@pytest.mark.parametrize("query", ["и в на", "және мен үшін", "the of and", "И ВО ЧТО ЕЩЁ", "OR NOT AND"])
def test_queries_of_function_words_have_no_terms(query: str) -> None:
    assert search_terms(query) == []


def test_meaningful_words_stay_once_each_in_order() -> None:
    assert search_terms("выборы в маслихат и выборах") == [stem("выборы"), stem("маслихат")]
    assert search_terms("Астана және Алматы") == [stem("астана"), stem("алматы")]
    assert search_terms("the elections in Kazakhstan") == [stem("elections"), stem("kazakhstan")]


@pytest.mark.parametrize("word", ["время", "человек", "год", "fire", "home", "bill", "жыл", "два"])
def test_news_words_are_not_stop_words(word: str) -> None:
    assert not is_stop_word(word)
