"""Sentence splitting: every line break ends a sentence, run-ons are cut into bounded chunks."""

from __future__ import annotations

import pytest

from bot.text.sentences import MAX_SENTENCE_CHARS, split_sentences


def test_lines_split_and_long_runs_are_chunked() -> None:
    text = "Первая строка без точки\nВторая строка. Третье предложение.\n\n" + "слово " * 300
    out = split_sentences(text)
    assert out[:3] == ["Первая строка без точки", "Вторая строка.", "Третье предложение."]
    assert all(len(s) <= MAX_SENTENCE_CHARS for s in out)
    assert " ".join(out[3:]) == ("слово " * 300).strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Dr. Brown in St. Louis. They talked.",
            ["Mr. Smith met Dr. Brown in St. Louis.", "They talked."],
        ),
        (
            "The vote is set for Nov. 12 in the U.S. Senate. It may pass.",
            ["The vote is set for Nov. 12 in the U.S. Senate.", "It may pass."],
        ),
        (
            "Gov. Newsom and Prof. Lee spoke on Jan. 5, 2025.",
            ["Gov. Newsom and Prof. Lee spoke on Jan. 5, 2025."],
        ),
        ("He works at Apple Inc. He is happy.", ["He works at Apple Inc.", "He is happy."]),
        ("Shares of Acme Corp. rose 5%.", ["Shares of Acme Corp. rose 5%."]),
    ],
)
def test_english_abbreviations_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected
