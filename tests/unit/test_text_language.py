"""Language detection: Russian, Kazakh, English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.text.language import detect_language

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def _texts(path: Path) -> list[str]:
    if not path.exists():
        pytest.skip(f"{path} absent")
    with path.open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Президент подписал указ о новых мерах поддержки.", "ru"),
        ("Мемлекет басшысы жаңа жарлыққа қол қойды.", "kk"),
        ("Алайда олай емес екен.", "kk"),
        ("The President signed a new decree on Monday.", "en"),
        ("Новость дня\n\nhttps://example.com/some/long/latin/path/to/article", "ru"),
        ("", "ru"),
    ],
)
def test_examples(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_kazakh_sentences_corpus() -> None:
    texts = _texts(DATA / "corpus" / "kk_sentences.jsonl")
    right = sum(detect_language(t) == "kk" for t in texts)
    assert right / len(texts) >= 0.95


@pytest.mark.parametrize("name", ["gazeta_dev", "rbc_dev"])
def test_russian_dev_texts(name: str) -> None:
    texts = _texts(DATA / "eval" / f"{name}.jsonl")
    right = sum(detect_language(t) == "ru" for t in texts)
    assert right / len(texts) >= 0.95
