"""The PostgreSQL search index's values, built in Python from the same stems SQLite's index holds.

An article's ``tsvector`` has each stem of its title (weight A) and text (weight D) at its word
position; a query is a ``tsquery`` of quoted stems. Both are literals cast in SQL, so PostgreSQL's own
parser never splits or changes a stem: the index matches exactly what SQLite's does.
"""

from __future__ import annotations

from bot.text.words import stemmed_text

# PostgreSQL limits: positions run to 16383, a lexeme keeps at most 256 of them and is < 2 KB.
_MAX_POSITION = 16383
_MAX_POSITIONS = 256
_MAX_LEXEME_BYTES = 2046


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def search_vector(title: str, text: str) -> str:
    """A ``tsvector`` literal of the stemmed title and text (title words weighted A)."""
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, part in (("A", title), ("", text)):
        for stem in stemmed_text(part).split():
            position = min(position + 1, _MAX_POSITION)
            found = positions.setdefault(stem, [])
            if len(found) < _MAX_POSITIONS and (not found or found[-1] != f"{position}{weight}"):
                found.append(f"{position}{weight}")
    return " ".join(
        f"{_quote(stem)}:{','.join(where)}"
        for stem, where in positions.items()
        if len(stem.encode()) <= _MAX_LEXEME_BYTES
    )


def search_query(terms: list[str], *, any_word: bool = False) -> str | None:
    """A ``tsquery`` literal asking for every term (or any, with ``any_word``); None for no terms."""
    unique = list(dict.fromkeys(t for t in terms if t and len(t.encode()) <= _MAX_LEXEME_BYTES))
    if not unique:
        return None
    return (" | " if any_word else " & ").join(_quote(t) for t in unique)
