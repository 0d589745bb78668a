"""``python -m bot summarize FILE...``: summaries of JSON Lines articles or plain-text article files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from bot.ingest.files import json_lines
from bot.text.summarizer import summarize


def _error(message: str) -> None:
    print(f"summarize: {message}", file=sys.stderr)


def parse_text_file(content: str) -> tuple[str | None, str]:
    """Split a plain-text export into (title, body): the first non-empty line is the title.

    ``None`` placeholders, widgets and datelines are left to the cleaner.
    """
    lines = content.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            title = line.strip()
            return (None if title == "None" else title), "\n".join(lines[i + 1 :])
    return None, ""


def _summarize_jsonl(path: Path, lines: list[str], max_chars: int, out: TextIO) -> bool:
    ok = True
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            _error(f"{path}:{number}: not valid JSON ({exc.msg})")
            ok = False
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            _error(f'{path}:{number}: expected an object with a string "text" field')
            ok = False
            continue
        title = obj.get("title")
        obj["summary"] = summarize(obj["text"], title if isinstance(title, str) else None, max_chars)
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return ok


def run_summarize(paths: list[Path], max_chars: int, out: TextIO) -> int:
    """Summarize every file in ``paths`` to ``out``; 0 if all went well, 1 if anything failed.

    ``.jsonl`` files: one JSON object per line with ``text`` (optional ``title``, ``id`` and anything
    else, all kept); each is written back with a ``summary`` field.  Other files: a plain-text
    article (title on line 1), whose summary is printed.  Problems are reported on stderr with the
    file and line, and the remaining input is still processed.
    """
    ok = True
    for path in paths:
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            _error(f"{path}: cannot read: {exc}")
            ok = False
            continue
        if path.suffix.lower() == ".jsonl":
            ok = _summarize_jsonl(path, json_lines(content), max_chars, out) and ok
        else:
            title, body = parse_text_file(content)
            out.write(summarize(body, title, max_chars) + "\n")
    return 0 if ok else 1
