"""Terms of readers' word filters and alerts: what `/filter` and `/alert` arguments mean.

A term is a word or a quoted phrase, reduced to the stems search uses (``bot.text.words``), so word
forms match ("выборы" matches "выборах", "сайлау" matches "сайлауда"). A word spelled with letters
Russian shares may be Russian or Kazakh, so a term has a reading in each (``Term.readings``) and
matches a story that holds either. Nothing a reader types becomes a regular expression: the
argument is scanned once by hand, and words are found by the one fixed word pattern of search.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from bot.text.words import KAZAKH, stem, words

MAX_FILTER_TERMS = 50
MAX_ALERT_TERMS = 10  # words or phrases in one alert
MAX_ALERTS_PER_READER = 10
MAX_TERM_CHARS = 100  # one word or phrase as typed, quotes and sign excluded
MAX_PHRASE_WORDS = 8

# Opening quote -> the characters that close it. Phones and desktop apps turn " into “ ” or « »,
# and Russian typography uses „ “ as well.
_QUOTES: dict[str, str] = {
    '"': '"“”',
    "«": "»",
    "“": "”“",
    "„": "“”",
    "”": "”",
}
# Apps turn a typed "-" or "--" into a minus or a dash.
_EXCLUDE_SIGNS = frozenset("-−–—")
_INCLUDE_SIGNS = frozenset("+")


class TermKind(StrEnum):
    INCLUDE = "include"
    EXCLUDE = "exclude"


class TermProblem(StrEnum):
    """Why a piece of a `/filter` or `/alert` argument was not taken (a key for the reply text)."""

    EMPTY = "empty"  # a sign or a pair of quotes with nothing inside
    TOO_LONG = "too_long"  # over MAX_TERM_CHARS characters or MAX_PHRASE_WORDS words
    NO_WORDS = "no_words"  # only punctuation, emoji or symbols
    TOO_MANY = "too_many"  # past MAX_FILTER_TERMS (or MAX_ALERT_TERMS in one alert)
    EXCLUDE_IN_ALERT = "exclude_in_alert"  # "-word" in an alert: alerts need all their words


@dataclass(frozen=True, slots=True)
class Term:
    """One word or phrase: its lowercased words as typed and their stems, matched consecutively.

    ``stems`` are the words' stems in a Russian text (what tells two terms apart); ``readings`` are
    the rows of stems the term matches: ``stems``, then the Kazakh-text stems when they differ.
    """

    kind: TermKind
    words: tuple[str, ...]
    stems: tuple[str, ...] = field(compare=False)
    readings: tuple[tuple[str, ...], ...] = field(compare=False)

    @property
    def key(self) -> tuple[TermKind, tuple[str, ...]]:
        """What makes two terms the same: "+выборы" and "+выборах" are one term."""
        return self.kind, self.stems

    @property
    def is_phrase(self) -> bool:
        return len(self.stems) > 1

    @property
    def text(self) -> str:
        """The term for display: `выборы` or `"выборы в сша"` (no sign)."""
        joined = " ".join(self.words)
        return f'"{joined}"' if self.is_phrase else joined

    @property
    def source(self) -> str:
        """The stored form: `+выборы`, `-"две слова"`; ``parse_term(source)`` gives this term back."""
        return ("-" if self.kind is TermKind.EXCLUDE else "+") + self.text


def make_term(kind: TermKind, phrase_words: Iterable[str]) -> Term:
    """A term from lowercased words (as ``bot.text.words.words`` yields them)."""
    kept = tuple(phrase_words)
    own = tuple(stem(w) for w in kept)
    kazakh = tuple(stem(w, KAZAKH) for w in kept)
    return Term(kind, kept, own, (own,) if kazakh == own else (own, kazakh))


@dataclass(frozen=True, slots=True)
class RejectedTerm:
    """A piece of the argument that was not taken, as typed, and why."""

    text: str
    problem: TermProblem


@dataclass(frozen=True, slots=True)
class ParsedTerms:
    terms: list[Term]
    rejected: list[RejectedTerm]


@dataclass(frozen=True, slots=True)
class _Piece:
    sign: str  # "+", "-" or "" (no sign)
    body: str
    quoted: bool
    raw: str


def _pieces(argument: str) -> list[_Piece]:
    """Split an argument into signed words and quoted phrases in one pass, character by character."""
    pieces: list[_Piece] = []
    n = len(argument)
    i = 0
    pending_sign = ""
    pending_raw = ""
    while i < n:
        char = argument[i]
        if char.isspace():
            i += 1
            continue
        sign = ""
        start = i
        if char in _EXCLUDE_SIGNS or char in _INCLUDE_SIGNS:
            sign = "-" if char in _EXCLUDE_SIGNS else "+"
            i += 1
            if i >= n or argument[i].isspace():
                # "- спорт": a sign standing apart belongs to the next word.
                pending_sign, pending_raw = sign, char
                continue
        if not sign and pending_sign:
            sign, raw_prefix = pending_sign, pending_raw + " "
        else:
            raw_prefix = ""
        pending_sign = pending_raw = ""
        closers = _QUOTES.get(argument[i])
        if closers is not None:
            j = i + 1
            while j < n and argument[j] not in closers:
                j += 1
            # An unclosed quote runs to the end of the argument.
            body = argument[i + 1 : j]
            end = min(j + 1, n)
            pieces.append(_Piece(sign, body, True, raw_prefix + argument[start:end]))
            i = end
            continue
        j = i
        while j < n and not argument[j].isspace():
            j += 1
        pieces.append(_Piece(sign, argument[i:j], False, raw_prefix + argument[start:j]))
        i = j
    if pending_sign:
        pieces.append(_Piece(pending_sign, "", False, pending_raw))
    return pieces


def _term_of(piece: _Piece, kind: TermKind) -> Term | RejectedTerm:
    if not piece.body.strip():
        return RejectedTerm(piece.raw, TermProblem.EMPTY)
    if len(piece.body) > MAX_TERM_CHARS:
        return RejectedTerm(piece.raw, TermProblem.TOO_LONG)
    found = words(piece.body)
    if not found:
        return RejectedTerm(piece.raw, TermProblem.NO_WORDS)
    if len(found) > MAX_PHRASE_WORDS:
        return RejectedTerm(piece.raw, TermProblem.TOO_LONG)
    # An unquoted "covid-19" is one word; "U.S." gives two words matched as a phrase, as in the text.
    return make_term(kind, found)


def _parse(argument: str, *, alert: bool, limit: int) -> ParsedTerms:
    terms: list[Term] = []
    rejected: list[RejectedTerm] = []
    seen: set[tuple[TermKind, tuple[str, ...]]] = set()
    for piece in _pieces(argument):
        if alert and piece.sign == "-":
            rejected.append(RejectedTerm(piece.raw, TermProblem.EXCLUDE_IN_ALERT))
            continue
        kind = TermKind.EXCLUDE if piece.sign == "-" else TermKind.INCLUDE
        result = _term_of(piece, kind)
        if isinstance(result, RejectedTerm):
            rejected.append(result)
        elif result.key in seen:
            continue
        elif len(terms) >= limit:
            rejected.append(RejectedTerm(piece.raw, TermProblem.TOO_MANY))
        else:
            seen.add(result.key)
            terms.append(result)
    return ParsedTerms(terms, rejected)


def parse_filter_terms(argument: str, limit: int = MAX_FILTER_TERMS) -> ParsedTerms:
    """The terms of a `/filter` argument: `+word` includes, `-word` excludes, a bare word includes,
    quotes ("…", «…», “…”, „…“) make a phrase. Repeats are dropped; pieces past ``limit`` are
    rejected as TOO_MANY. Linear in the argument's length.
    """
    return _parse(argument, alert=False, limit=limit)


def parse_alert_terms(argument: str) -> ParsedTerms:
    """The words and phrases of an `/alert` argument, every one of which a story must match.

    A leading "+" is allowed; "-word" is rejected (EXCLUDE_IN_ALERT): exclusions are `/filter`'s.
    """
    return _parse(argument, alert=True, limit=MAX_ALERT_TERMS)


def parse_term(source: str) -> Term | None:
    """A stored term (``Term.source``) back as a term; None if it no longer parses."""
    parsed = parse_filter_terms(source, limit=1)
    return parsed.terms[0] if len(parsed.terms) == 1 and not parsed.rejected else None


@dataclass(frozen=True, slots=True)
class TermsUpdate:
    """A reader's terms after adding new ones: the full list and what happened to each new term."""

    terms: list[Term]
    added: list[Term]
    already: list[Term]  # the same term was there
    replaced: list[Term]  # the same words were there with the other sign, now switched
    refused: list[Term]  # over the limit


def add_terms(existing: Sequence[Term], new: Sequence[Term], limit: int = MAX_FILTER_TERMS) -> TermsUpdate:
    """Add ``new`` terms to a reader's ``existing`` ones, at most ``limit`` in all.

    "-word" after "+word" switches the term (the reader changed their mind) instead of holding both.
    """
    terms = list(existing)
    keys = {term.key for term in terms}
    by_stems = {term.stems: i for i, term in enumerate(terms)}
    added: list[Term] = []
    already: list[Term] = []
    replaced: list[Term] = []
    refused: list[Term] = []
    for term in new:
        if term.key in keys:
            already.append(term)
            continue
        position = by_stems.get(term.stems)
        if position is not None:
            keys.discard(terms[position].key)
            terms[position] = term
            keys.add(term.key)
            replaced.append(term)
            continue
        if len(terms) >= limit:
            refused.append(term)
            continue
        by_stems[term.stems] = len(terms)
        terms.append(term)
        keys.add(term.key)
        added.append(term)
    return TermsUpdate(terms, added, already, replaced, refused)
