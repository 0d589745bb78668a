"""The PostgreSQL search index's values, built in Python from the same stems SQLite's index holds.

An article's ``tsvector`` has each stem of its title (weight A) and text (weight D) at its word
position; a query is a ``tsquery`` of quoted stems. Both are literals cast in SQL, so PostgreSQL's own
parser never splits or changes a stem: the index matches exactly what SQLite's does.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.text.words import stemmed_text

# PostgreSQL limits: positions run to 16383, a lexeme keeps at most 256 of them and is < 2 KB.
_MAX_POSITION = 16383
_MAX_POSITIONS = 256
_MAX_LEXEME_BYTES = 2046


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def search_vector(title: str, text: str, language: str = "") -> str:
    """A ``tsvector`` literal of the stemmed title and text in ``language`` (title words weighted A)."""
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, part in (("A", title), ("", text)):
        for stem in stemmed_text(part, language).split():
            position = min(position + 1, _MAX_POSITION)
            found = positions.setdefault(stem, [])
            if len(found) < _MAX_POSITIONS and (not found or found[-1] != f"{position}{weight}"):
                found.append(f"{position}{weight}")
    return " ".join(
        f"{_quote(stem)}:{','.join(where)}"
        for stem, where in positions.items()
        if len(stem.encode()) <= _MAX_LEXEME_BYTES
    )


def search_query(terms: Sequence[str | Sequence[str]], *, any_word: bool = False) -> str | None:
    """A ``tsquery`` literal asking for every term (or any, with ``any_word``); None for no terms.

    A term is a stem or the stems one word may have (its readings), any of which will do.
    """
    groups = []
    for term in terms:
        readings = [term] if isinstance(term, str) else list(term)
        kept = list(dict.fromkeys(r for r in readings if r and len(r.encode()) <= _MAX_LEXEME_BYTES))
        if kept:
            quoted = " | ".join(_quote(r) for r in kept)
            groups.append(quoted if len(kept) == 1 or any_word else f"({quoted})")
    unique = list(dict.fromkeys(groups))
    if not unique:
        return None
    return (" | " if any_word else " & ").join(unique)
