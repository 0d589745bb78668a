"""ROUGE as the Gazeta paper computes it."""

from __future__ import annotations

import pytest

from bot.text.rouge import lcs_length, mean_scores, rouge_l, rouge_n, score, tokens


def test_tokens_follow_the_rouge_package() -> None:
    # razdel tokens, lowercased; "." splits (so it vanishes and "12.5" becomes two tokens).
    expected = ["цена", "выросла", "на", "12", "5", "%", ",", "«", "сразу", "»"]
    assert tokens("Цена выросла на 12.5%, «сразу».") == expected
    assert tokens("Цена выросла, «сразу».", words_only=True) == ["цена", "выросла", "сразу"]


def test_cyrillic_words_count() -> None:
    s = score("Кошка сидит на окне", "Кошка сидит на крыше")
    assert s.rouge1 == pytest.approx(0.75)
    assert s.rouge2 == pytest.approx(2 / 3)
    assert s.rouge_l == pytest.approx(0.75)


def test_identical_and_disjoint() -> None:
    assert score("Один два три.", "один два три").rouge1 == pytest.approx(1.0)
    assert score("альфа бета", "гамма дельта").rouge1 == 0.0
    assert score("", "гамма").rouge1 == 0.0


def test_ngram_sets_not_counts() -> None:
    # The rouge package compares sets: repeating a word does not add overlap or length.
    assert rouge_n(["а", "а", "б"], ["а", "б"], 1) == pytest.approx(1.0)


def test_lcs() -> None:
    assert lcs_length(list("abcbdab"), list("bdcaba")) == 4
    assert rouge_l([], ["x"]) == 0.0


def test_mean_scores_averages_documents() -> None:
    m = mean_scores([("а б", "а б"), ("в", "г")])
    assert m.rouge1 == pytest.approx(0.5)
    assert mean_scores([]).rouge1 == 0.0
