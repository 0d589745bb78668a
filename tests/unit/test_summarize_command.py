"""``python -m bot summarize``: JSON Lines and plain-text files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli.summarize import parse_text_file, run_summarize

KAZINFORM = (
    "XXIX сессия Ассамблеи народа Казахстана началась в Нур-Султане\n\nNone\nNone\n"
    "НУР-СУЛТАН. КАЗИНФОРМ – В Нур-Султане стартовала XXIX сессия Ассамблеи народа Казахстана, "
    "передает корреспондент МИА «Казинформ».\n\n"
    "Сессия проходит под лозунгом «30 лет единства, мира и согласия». "
    "В работе сессии примут участие более 550 человек.\n\n\nСейчас читают"
)


def test_jsonl_gets_a_summary_field(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "a", "title": "ЦБ снизил ставку", "text": "ЦБ снизил ставку до 12%. Погода была.", "x": 1},
        {"id": "b", "text": "Президент подписал указ."},
    ]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = io.StringIO()
    assert run_summarize([src], 400, out) == 0
    lines = out.getvalue().splitlines()
    assert "ЦБ" in lines[0]  # ensure_ascii=False: Cyrillic is written as is
    got = [json.loads(line) for line in lines]
    assert [g["id"] for g in got] == ["a", "b"]
    assert got[0]["x"] == 1
    assert got[0]["summary"].startswith("ЦБ снизил ставку до 12%.")
    assert got[1]["summary"] == "Президент подписал указ."


def test_bad_lines_are_reported_and_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "bad.jsonl"
    content = '{"text": "Первое."}\nnot json\n{"title": "no text"}\n\n{"text": "Второе."}\n'
    src.write_text(content, encoding="utf-8")
    out = io.StringIO()
    assert run_summarize([src], 400, out) == 1
    assert [json.loads(x)["summary"] for x in out.getvalue().splitlines()] == ["Первое.", "Второе."]
    err = capsys.readouterr().err
    assert f"{src}:2" in err and f"{src}:3" in err


def test_kazinform_text_file(tmp_path: Path) -> None:
    src = tmp_path / "article.txt"
    src.write_text(KAZINFORM, encoding="utf-8")
    out = io.StringIO()
    assert run_summarize([src], 400, out) == 0
    text = out.getvalue()
    # the first sentence repeats the headline, so the summary starts with the next one
    assert text.startswith("Сессия проходит под лозунгом «30 лет единства, мира и согласия».")
    assert "КАЗИНФОРМ" not in text and "None" not in text and "Сейчас читают" not in text
    assert len(text.strip()) <= 400


def test_unreadable_file_does_not_stop_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "ok.txt"
    good.write_text("Заголовок\nТекст статьи.", encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    out = io.StringIO()
    assert run_summarize([tmp_path / "missing.jsonl", binary, good], 400, out) == 1
    assert out.getvalue() == "Текст статьи.\n"
    err = capsys.readouterr().err
    assert "missing.jsonl" in err and "bin.txt" in err


def test_parse_text_file() -> None:
    assert parse_text_file("\n\nTitle\nNone\nBody") == ("Title", "None\nBody")
    assert parse_text_file("") == (None, "")
