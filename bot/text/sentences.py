"""Sentence splitting: razdel within each line, English abbreviations mended, a length fallback for
unpunctuated text.

``split_pieces`` keeps what the unit builder needs to know about each sentence: whether it opens a
line (a paragraph or a post's line) and whether it is a later chunk of an over-long run-on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from razdel import sentenize

# Longer "sentences" are run-ons (no punctuation, lists, transcripts); they are cut into chunks of
# about this size at word boundaries so that every later step stays bounded.
MAX_SENTENCE_CHARS = 600
_SPACE = re.compile(r"\s+")
# Titles before a name never end a sentence: "Mr. Smith", "Dr. Brown", "St. Louis", "Gov. Newsom".
_TITLE_END = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Mx|Dr|Prof|St|Ste|Mt|Ft|Gov|Sen|Rep|Gen|Col|Maj|Capt|Lt|Sgt|Rev|Hon|Pres|"
    r"Supt|Adm|Cmdr|Messrs)\.$"
)
# Months and "No." before a number: "Nov. 12", "Jan. 5", "No. 10".
_MONTH_END = re.compile(r"(?<![\w.])(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Art|Vol)\.$")
# Abbreviations that may end a sentence: joined only when the next piece goes on in lowercase.
_OTHER_END = re.compile(r"(?<![\w.])(?:Inc|Corp|Ltd|Co|Bros|vs|approx|est|dept|U\.S|U\.K|U\.N|E\.U)\.$")


@dataclass(frozen=True, slots=True)
class Piece:
    """One sentence of a text and where it stands."""

    text: str
    line_start: bool  # the first sentence of its line
    chunk: bool = False  # a later piece of a run-on cut at a word boundary


def _chunk(sentence: str, limit: int) -> list[str]:
    """Cut ``sentence`` into pieces of at most ``limit`` characters at spaces.

    A word longer than ``limit`` (a URL, a hash) stays whole as a piece of its own: a piece of a word
    would read as a word that is not in the text.
    """
    chunks: list[str] = []
    rest = sentence
    while len(rest) > limit:
        cut = rest.rfind(" ", 1, limit + 1)
        if cut <= 0:
            cut = rest.find(" ", limit)
            if cut < 0:
                break
        chunks.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        chunks.append(rest)
    return [c for c in chunks if c]


def _joins_next(sentence: str, following: str) -> bool:
    """True when razdel cut after an abbreviation that does not end this sentence."""
    if sentence[-1:] != "." or not following:
        return False
    tail = sentence[-6:]
    if _TITLE_END.search(tail):
        return True
    first = following[0]
    if _MONTH_END.search(tail):
        return first.isdigit()
    return _OTHER_END.search(sentence[-5:]) is not None and (first.islower() or first.isdigit())


def _line_sentences(line: str) -> list[str]:
    out: list[str] = []
    for sent in sentenize(line):
        s = _SPACE.sub(" ", sent.text).strip()
        if not s:
            continue
        if out and _joins_next(out[-1], s):
            out[-1] = f"{out[-1]} {s}"
        else:
            out.append(s)
    return out


def split_pieces(text: str) -> list[Piece]:
    """The sentences of ``text`` in order (see ``split_sentences``), each with its place."""
    pieces: list[Piece] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        first = True
        for s in _line_sentences(line):
            if len(s) > MAX_SENTENCE_CHARS:
                for i, part in enumerate(_chunk(s, MAX_SENTENCE_CHARS)):
                    pieces.append(Piece(part, first, chunk=i > 0))
                    first = False
            else:
                pieces.append(Piece(s, first))
            first = False
    return pieces


def split_sentences(text: str, lang: str = "ru") -> list[str]:
    """Split ``text`` into sentences, in order, whitespace-normalized, none longer than 600 chars
    (but for a single word that is longer).

    Every line break ends a sentence: in cleaned articles a line is a paragraph or a heading.
    razdel's rules are Russian but work for Kazakh and English news prose as well; English titles,
    months and company abbreviations ("Mr.", "Nov. 12", "Inc.") are mended after it, in any
    language, so ``lang`` only documents intent.
    """
    del lang  # same rules for ru, kk and en (see above)
    return [p.text for p in split_pieces(text)]
