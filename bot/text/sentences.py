"""Sentence splitting: razdel within each line, with a length fallback for unpunctuated text."""

from __future__ import annotations

import re

from razdel import sentenize

# Longer "sentences" are run-ons (no punctuation, lists, transcripts); they are cut into chunks of
# about this size at word boundaries so that every later step stays bounded.
MAX_SENTENCE_CHARS = 600
_SPACE = re.compile(r"\s+")


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


def split_sentences(text: str, lang: str = "ru") -> list[str]:
    """Split ``text`` into sentences, in order, whitespace-normalized, none longer than 600 chars
    (but for a single word that is longer).

    Every line break ends a sentence: in cleaned articles a line is a paragraph or a heading.
    razdel's rules are Russian but work for Kazakh and English news prose as well, so ``lang`` only
    documents intent for now.
    """
    del lang  # same rules for ru, kk and en (see above)
    sentences: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        for sent in sentenize(line):
            s = _SPACE.sub(" ", sent.text).strip()
            if not s:
                continue
            if len(s) > MAX_SENTENCE_CHARS:
                sentences.extend(_chunk(s, MAX_SENTENCE_CHARS))
            else:
                sentences.append(s)
    return sentences
