"""Sentence splitting: every line break ends a sentence, run-ons are cut into bounded chunks."""

from __future__ import annotations

from bot.text.sentences import MAX_SENTENCE_CHARS, split_sentences


def test_lines_split_and_long_runs_are_chunked() -> None:
    text = "Первая строка без точки\nВторая строка. Третье предложение.\n\n" + "слово " * 300
    out = split_sentences(text)
    assert out[:3] == ["Первая строка без точки", "Вторая строка.", "Третье предложение."]
    assert all(len(s) <= MAX_SENTENCE_CHARS for s in out)
    assert " ".join(out[3:]) == ("слово " * 300).strip()
