"""Parsing of command arguments that name stored rows (/read 12, /removesource 3)."""

from __future__ import annotations

import re

# ASCII digits only ("²" is a digit to str.isdigit), and few enough to fit SQLite's 64-bit integers.
_ROW_ID = re.compile(r"[0-9]{1,18}")


def parse_row_id(text: str) -> int | None:
    """The positive id written in ``text`` ("12", "#12"), or None when it is not one."""
    text = text.strip().removeprefix("#")
    if _ROW_ID.fullmatch(text) is None:
        return None
    value = int(text)
    return value if value > 0 else None
