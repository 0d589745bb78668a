"""Extractive summaries: one to three sentences of the cleaned article, at most ``max_chars`` long.

How sentences are chosen ("expected ROUGE" selection):

1. Every distinct word (and punctuation mark) of the article gets a probability of appearing in an
   editor's summary, from a linear model over cheap features: is it in the headline (by stem), in how
   many sentences it occurs, how early it first occurs, stopword, number, capitalised name, punctuation.
   Every distinct word pair (bigram) gets one too, from the two word probabilities, the headline's
   bigrams and position.
2. Sentences are added greedily (up to three, within the cap, article order kept) while they raise the
   expected ROUGE-1 F1 + ROUGE-2 F1 of the summary: sum of probabilities of the distinct n-grams
   covered, over their count plus an assumed reference size.  Covering an n-gram twice gains nothing,
   so redundancy is penalised for free, and the length of the summary follows from the F1 trade-off
   instead of a fixed sentence count.  Keeping the lead sentence gets a small bonus.

Weights and constants come from ``benchmarks/fit_summarizer.py`` (cross-validated on the Gazeta and
RBC dev sets; figures in ``benchmarks/eval_summarizer.py``).  Pure Python: no model files, no numpy.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from operator import mul

from bot.text.clean import clean_article_text, clean_title
from bot.text.language import detect_language
from bot.text.sentences import split_sentences
from bot.text.words import stem

MAX_SENTENCES = 3
# Only the head of a huge input is read: news puts the point first, and this bounds time and memory.
MAX_INPUT_CHARS = 20_000
# Only the first sentences are candidates (all of them still count for word statistics).
MAX_CANDIDATES = 40
ELLIPSIS = "…"

# Close to razdel's tokens (hyphenated words and "3,5" stay whole) at a fraction of the cost.
_TOKEN = re.compile(r"\w+(?:[-.,]\w+)*|[^\w\s.]")
_CAPITALIZED = re.compile(r"(?<=[\s(«\"„“-])[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+")
_DASHES = frozenset("—–-")
_QUOTES = frozenset('«»"“”„')
_PARENS = frozenset("()")

_STOPWORD_TEXT = """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее её мне
    было вот от меня еще ещё нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был
    него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней
    для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того
    потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем
    всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего
    них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя
    такой им более всегда конечно всю между это также который которая которые которых которым
    является года году ранее the a an of to in on at for and or but is are was were be been by with
    from as that this it its has have had not he she they his her their will would can said says
    also және мен бен пен деп бұл осы үшін туралы да де та те ол олар оның бір еді екен
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

TOKEN_FEATURES = (
    "bias",
    "in_title",
    "sentence_share",
    "log_count",
    "inv_first_pos",
    "in_lead",
    "stopword",
    "punctuation",
    "comma",
    "number",
    "capitalized",
    "word_length",
    "quote",
    "paren",
    "dash",
)
BIGRAM_FEATURES = (
    "bias",
    "p_product",
    "p_min",
    "in_title",
    "inv_first_pos",
    "in_lead",
    "sentence_share",
    "both_stopwords",
    "punctuation",
)

# Fitted by benchmarks/fit_summarizer.py on gazeta_dev + rbc_dev (ridge, alpha 1).
TOKEN_WEIGHTS: tuple[float, ...] = (
    -0.1680, 0.1806, -0.1121, 0.3170, 0.1711, -0.0181, 0.0232, -0.1089, 0.2240, -0.0113, 0.0242,
    -0.0417, 0.0749, -0.0558, 0.0177,
)  # fmt: skip
BIGRAM_WEIGHTS: tuple[float, ...] = (
    -0.0229, 0.1813, 0.0392, 0.1674, 0.0749, -0.0098, 0.3885, -0.0172, -0.0153,
)  # fmt: skip
# Assumed number of distinct unigrams / bigrams in the editor's summary (sets the summary length).
REF_UNIGRAMS = 30.0
REF_BIGRAMS = 30.0
BIGRAM_WEIGHT = 2.0  # ROUGE-2 counts this much beside ROUGE-1 in the selection objective
LEAD_BONUS = 0.1  # the lead sentence is the editor's favourite source beyond what words show
_P_MIN, _P_MAX = 0.001, 0.999


@dataclass
class Document:
    """A cleaned, split article with the statistics the scorer needs."""

    sentences: list[str]
    tokens: list[frozenset[str]]
    bigrams: list[frozenset[tuple[str, str]]]
    title_stems: frozenset[str]
    title_bigrams: frozenset[tuple[str, str]]
    token_rows: dict[str, list[float]] = field(default_factory=dict)
    # tokens whose stem is in the headline
    in_title: set[str] = field(default_factory=set)
    # first sentence index and number of sentences containing it, per bigram
    bigram_stats: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def _stem(token: str) -> str:
    return stem(token) if token[0].isalnum() else token


def analyze(text: str, title: str | None = None, lang: str | None = None) -> Document:
    """Clean and split an article and compute its word statistics and token feature rows."""
    body = clean_article_text(text[:MAX_INPUT_CHARS])
    sentences = split_sentences(body, lang or detect_language(body))
    head = clean_title(title)
    # Plain-text exports may repeat the headline as the first line: do not pick it as a sentence.
    if head and sentences and sentences[0].rstrip(".") == head.rstrip("."):
        sentences = sentences[1:]
    title_tokens = _tokens(head)
    title_stems = frozenset(_stem(t) for t in title_tokens)
    title_bigrams = frozenset(pairwise(map(_stem, title_tokens)))
    token_lists = [_tokens(s) for s in sentences]
    doc = Document(
        sentences,
        [frozenset(t) for t in token_lists],
        [frozenset(pairwise(t)) for t in token_lists],
        title_stems,
        title_bigrams,
    )
    n = max(len(sentences), 1)
    first: dict[str, int] = {}
    sent_count: dict[str, int] = {}
    count: dict[str, int] = {}
    for i, toks in enumerate(token_lists):
        for t in toks:
            count[t] = count.get(t, 0) + 1
        for t in doc.tokens[i]:
            first.setdefault(t, i)
            sent_count[t] = sent_count.get(t, 0) + 1
        for b in doc.bigrams[i]:
            f, c = doc.bigram_stats.get(b, (i, 0))
            doc.bigram_stats[b] = (f, c + 1)
    capitalized = {m.lower() for s in sentences for m in _CAPITALIZED.findall(s)}
    for t, f in first.items():
        alnum = t[0].isalnum()
        titled = (_stem(t) if alnum else t) in title_stems
        if titled:
            doc.in_title.add(t)
        doc.token_rows[t] = [
            1.0,
            1.0 if titled else 0.0,
            sent_count[t] / n,
            math.log1p(count[t]),
            1.0 / (1 + f),
            1.0 if f == 0 else 0.0,
            1.0 if t in _STOPWORDS else 0.0,
            0.0 if alnum else 1.0,
            1.0 if t == "," else 0.0,
            1.0 if t[0].isdigit() else 0.0,
            1.0 if t in capitalized else 0.0,
            min(len(t), 12) / 12,
            1.0 if t in _QUOTES else 0.0,
            1.0 if t in _PARENS else 0.0,
            1.0 if t in _DASHES else 0.0,
        ]
    return doc


def _dot(weights: Sequence[float], row: Sequence[float]) -> float:
    # The hot loop: map() is about twice as fast as a generator expression.
    return float(sum(map(mul, weights, row)))


def _clip(p: float) -> float:
    return _P_MIN if p < _P_MIN else _P_MAX if p > _P_MAX else p


def token_probabilities(doc: Document, weights: Sequence[float] = TOKEN_WEIGHTS) -> dict[str, float]:
    """Probability of each distinct token of ``doc`` to be in the editor's summary."""
    return {t: _clip(_dot(weights, row)) for t, row in doc.token_rows.items()}


def bigram_rows(doc: Document, p: dict[str, float]) -> dict[tuple[str, str], list[float]]:
    """Feature rows (see ``BIGRAM_FEATURES``) of each distinct bigram of ``doc``."""
    n = max(len(doc.sentences), 1)
    rows: dict[tuple[str, str], list[float]] = {}
    titled = doc.in_title
    for (a, b), (first, count) in doc.bigram_stats.items():
        pa, pb = p[a], p[b]
        rows[(a, b)] = [
            1.0,
            pa * pb,
            min(pa, pb),
            1.0 if a in titled and b in titled and (_stem(a), _stem(b)) in doc.title_bigrams else 0.0,
            1.0 / (1 + first),
            1.0 if first == 0 else 0.0,
            count / n,
            1.0 if a in _STOPWORDS and b in _STOPWORDS else 0.0,
            0.0 if a[0].isalnum() and b[0].isalnum() else 1.0,
        ]
    return rows


@dataclass(frozen=True)
class Params:
    """Everything the selection depends on; the defaults are the shipped, fitted values."""

    token_weights: tuple[float, ...] = TOKEN_WEIGHTS
    bigram_weights: tuple[float, ...] = BIGRAM_WEIGHTS
    ref_unigrams: float = REF_UNIGRAMS
    ref_bigrams: float = REF_BIGRAMS
    bigram_weight: float = BIGRAM_WEIGHT
    lead_bonus: float = LEAD_BONUS


DEFAULT_PARAMS = Params()


def select(doc: Document, max_chars: int, params: Params = DEFAULT_PARAMS) -> list[int]:
    """Indices (in article order) of the sentences that maximise expected ROUGE-1+2 under the cap."""
    p1 = token_probabilities(doc, params.token_weights)
    p2 = {b: _clip(_dot(params.bigram_weights, row)) for b, row in bigram_rows(doc, p1).items()}
    candidates = range(min(len(doc.sentences), MAX_CANDIDATES))
    chosen: list[int] = []
    covered_t: set[str] = set()
    covered_b: set[tuple[str, str]] = set()
    sum_t = sum_b = 0.0
    length = 0
    best = -math.inf
    while len(chosen) < MAX_SENTENCES:
        pick = -1
        pick_state = (0.0, 0.0, 0)
        for k in candidates:
            if k in chosen:
                continue
            extra = len(doc.sentences[k]) + (1 if chosen else 0)
            if length + extra > max_chars:
                continue
            # Only n-grams not yet covered add to the expected overlap (set-based ROUGE).
            st = sum_t + sum(p1[t] for t in doc.tokens[k] if t not in covered_t)
            nt = len(covered_t) + sum(1 for t in doc.tokens[k] if t not in covered_t)
            sb = sum_b + sum(p2[b] for b in doc.bigrams[k] if b not in covered_b)
            nb = len(covered_b) + sum(1 for b in doc.bigrams[k] if b not in covered_b)
            value = 2 * st / (nt + params.ref_unigrams)
            value += params.bigram_weight * 2 * sb / (nb + params.ref_bigrams)
            if k == 0 or 0 in chosen:
                value += params.lead_bonus
            if value > best:
                best, pick, pick_state = value, k, (st, sb, extra)
        if pick < 0:
            break
        chosen.append(pick)
        sum_t, sum_b, extra = pick_state
        length += extra
        covered_t |= doc.tokens[pick]
        covered_b |= doc.bigrams[pick]
    return sorted(chosen)


def truncate(text: str, max_chars: int) -> str:
    """``text`` if it fits, else cut at a word boundary with "…" added, all within ``max_chars``."""
    if len(text) <= max_chars:
        return text
    if max_chars <= len(ELLIPSIS):
        return ""
    room = max_chars - len(ELLIPSIS)
    cut = text.rfind(" ", 0, room + 1)
    if cut <= 0:
        return ""  # one word longer than the cap (a long URL): a cut word would be meaningless
    return text[:cut].rstrip(" ,;:—–-") + ELLIPSIS


def summarize_document(doc: Document, max_chars: int = 400, params: Params = DEFAULT_PARAMS) -> str:
    """The summary of an analysed document (see ``summarize``)."""
    if not doc.sentences or max_chars <= 0:
        return ""
    if len(doc.sentences[0]) > max_chars:
        # An over-long lead is a run-on or unpunctuated text: its head says more than a later
        # fragment would, so shorten it at a word boundary.
        return truncate(doc.sentences[0], max_chars)
    picked = select(doc, max_chars, params)
    return " ".join(doc.sentences[k] for k in picked)


def summarize(text: str, title: str | None = None, max_chars: int = 400, lang: str | None = None) -> str:
    """An extractive summary of ``text``: 1-3 of its sentences in order, at most ``max_chars`` long.

    ``title`` (the headline) helps to find the sentences that matter; ``lang`` ("ru", "kk", "en") is
    detected when not given.  Never raises on odd input; returns "" when there is no text, or when
    the text is one "word" longer than ``max_chars`` (a long URL), which cannot be cut mid-word.
    """
    if not text or max_chars <= 0:
        return ""
    return summarize_document(analyze(text, title, lang), max_chars)
