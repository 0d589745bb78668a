"""Words for search and deduplication: word tokens reduced to stems, so word forms match.

Latin words get the English Snowball stem, Cyrillic ones the Russian one, and Kazakh words the
Kazakh stemmer's (``bot.text.kazakh_stem``). A word with a letter only Kazakh has (ә ғ қ ң ө ұ ү һ і)
is Kazakh wherever it stands; a word of letters Russian shares ("сайлау", "Астана") is Kazakh in a
Kazakh text (``language="kk"``) and Russian elsewhere. A reader's word comes without a text, so it
may be either: ``readings`` gives its stem under both, and filters and search match any of them.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from bot.text.kazakh_stem import kazakh_stem

# A number with decimal separators, or letters/digits joined by hyphens or apostrophes.
_WORD_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:[-'’][^\W_]+)*")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)
_KAZAKH_ONLY = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)

_RUSSIAN = snowballstemmer.stemmer("russian")
_ENGLISH = snowballstemmer.stemmer("english")


def words(text: str) -> list[str]:
    """Lowercased word tokens (letters or digits) of ``text``.

    The same words razdel's tokenizer yields for news text (hyphenated words and "3,5" stay whole),
    found with one regular expression: six times faster, and this runs for every stored article
    (fingerprint, story features, the search index). Unlike razdel it never glues an emoji to a word.
    """
    return [match.group().lower() for match in _WORD_TOKEN.finditer(text)]


KAZAKH = "kk"
# Ends every Kazakh stem, so that a Kazakh stem never equals a Russian one of another word ("банда"
# is no Kazakh "бан" + "-да" in a Russian text): a reader's word in its Kazakh reading matches Kazakh
# words only. A letter to the index's tokenizer, so a stem stays one token; no Cyrillic word has it.
KAZAKH_MARK = "ʞ"


@lru_cache(maxsize=200_000)
def stem(word: str, language: str = "") -> str:
    """A normalized form of one lowercased word of a text in ``language``: the stem for its script
    and language (see the module's docstring)."""
    if _KAZAKH_ONLY.search(word):
        return kazakh_stem(word) + KAZAKH_MARK
    if _CYRILLIC.search(word):
        if language == KAZAKH:
            return kazakh_stem(word) + KAZAKH_MARK
        return str(_RUSSIAN.stemWord(word.replace("ё", "е")))
    return str(_ENGLISH.stemWord(word))


def readings(word: str) -> tuple[str, ...]:
    """The stems one lowercased word has in the index: its Russian-text stem first, then its
    Kazakh-text stem when that differs (only for Cyrillic words without Kazakh-only letters)."""
    own = stem(word)
    kazakh = stem(word, KAZAKH)
    return (own,) if kazakh == own else (own, kazakh)


def stems(text: str, language: str = "") -> list[str]:
    """Stems of every word of ``text`` (written in ``language``), in order."""
    return [stem(w, language) for w in words(text)]


def stemmed_text(text: str, language: str = "") -> str:
    """The text as space-separated stems: what the full-text index stores for a text in ``language``."""
    return " ".join(stems(text, language))
