"""Near-duplicate detection across sources: which stored article tells the same story as a new one.

Pure code, no I/O. An article becomes a set of word stems (razdel tokens, Snowball stems, without
stop words, URLs and one- or two-letter words) from its title and first words. MinHash signatures
of those sets, cut into LSH bands, find candidates cheaply; a candidate joins the story only when the
exact similarity of the two stem sets clears ``MATCH_THRESHOLD``.

Similarity is the mean of Jaccard and the overlap coefficient: Jaccard alone punishes a short post
retelling a long article; overlap alone lets a three-word post match anything containing its words.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from hashlib import blake2b

from bot.text.words import stem, words

STORY_WINDOW = timedelta(hours=48)
NUM_HASHES = 64
BANDS = 32
ROWS = NUM_HASHES // BANDS
MATCH_THRESHOLD = 0.32
# The event is told in the title and lead; long bodies wander into background and quotes.
MAX_WORDS = 160
MIN_FEATURES = 5

_URL = re.compile(r"https?://\S+|www\.\S+|t\.me/\S+", re.IGNORECASE)
_MASK64 = (1 << 64) - 1
_EMPTY = 1 << 32
_MASK = (1 << 63) - 1

# Words every news post uses whatever the event: they make unrelated posts look alike.
_STOP_WORDS = frozenset(
    stem(w)
    for w in """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было
    вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас
    нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их
    чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой
    совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при
    наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три
    эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно
    всю между это также который которая которые которых году года лет сообщил сообщила сообщили
    заявил заявила заявили сообщает передает пишет отметил отметила рассказал рассказала говорится
    данным словам время новости подписаться прислать новость читать источник фото видео сегодня
    вчера завтра the a an of to in and for on is are was were with by at from that this it as be
    """.split()  # noqa: SIM905 - a word list reads better as text
)


@dataclass(frozen=True, slots=True)
class StoryMatch:
    """The story a new article joins, and how alike it is to the article that matched."""

    story_id: int
    article_id: int
    similarity: float


def story_features(title: str, text: str) -> frozenset[str]:
    """The stems that identify what an article is about: title plus the first ``MAX_WORDS`` words."""
    combined = _URL.sub(" ", f"{title}\n{text}")
    found: list[str] = []
    for word in words(combined):
        if len(word) < 3 and not word.isdigit():
            continue
        stemmed = stem(word)
        if stemmed in _STOP_WORDS:
            continue
        found.append(stemmed)
        if len(found) >= MAX_WORDS:
            break
    return frozenset(found)


def _hash64(feature: str) -> int:
    return int.from_bytes(blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")


def _coefficients() -> list[tuple[int, int]]:
    # Fixed, reproducible permutations: signatures are stored and must mean the same after a restart.
    coefficients = []
    for i in range(NUM_HASHES):
        digest = blake2b(f"newsbot-minhash-{i}".encode(), digest_size=16).digest()
        a, b = struct.unpack("<QQ", digest)
        coefficients.append((a | 1, b))  # odd multipliers: a bijection modulo 2**64
    return coefficients


_COEFFICIENTS = _coefficients()


def minhash(features: Iterable[str]) -> tuple[int, ...]:
    """The MinHash signature of a feature set (``NUM_HASHES`` values); all-max for an empty set.

    Each permutation is multiply-add modulo 2**64 keeping the high 32 bits (a universal family that
    needs no division: this runs for every stored article, so it must be cheap).
    """
    hashed = [_hash64(f) for f in features]
    if not hashed:
        return (_EMPTY,) * NUM_HASHES
    return tuple(min([((a * h + b) & _MASK64) >> 32 for h in hashed]) for a, b in _COEFFICIENTS)


def band_keys(signature: tuple[int, ...]) -> list[int]:
    """One key per LSH band: articles sharing any key are candidates (signed 63-bit, fits SQLite)."""
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS : (band + 1) * ROWS]
        packed = struct.pack(f"<H{ROWS}Q", band, *chunk)
        digest = int.from_bytes(blake2b(packed, digest_size=8).digest(), "little") & _MASK
        keys.append(digest)
    return keys


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Mean of Jaccard and the overlap coefficient of two stem sets; 0 when either is empty."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    jaccard = shared / (len(a) + len(b) - shared)
    overlap = shared / min(len(a), len(b))
    return (jaccard + overlap) / 2


def same_story(a: frozenset[str], b: frozenset[str], threshold: float = MATCH_THRESHOLD) -> bool:
    """Whether two articles' stem sets tell the same story (both need ``MIN_FEATURES`` stems)."""
    if len(a) < MIN_FEATURES or len(b) < MIN_FEATURES:
        return False
    return similarity(a, b) >= threshold


def encode_features(features: frozenset[str]) -> str:
    """Stored form of a stem set: sorted, space-separated."""
    return " ".join(sorted(features))


def decode_features(stored: str) -> frozenset[str]:
    return frozenset(stored.split())
