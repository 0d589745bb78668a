"""Extractive summaries: one to three units of the article's summary copy, at most ``max_chars`` long.

How a summary is made:

0. A copy of the article is cleaned for summaries (``bot.text.clean.clean_for_summary``: attribution
   bylines, footers, signatures, leading emoji), split into sentences and built into units
   (``bot.text.units``: whole quotations and parentheses, "Об этом заявил X." glued to its claim, relays
   dropped).  A unit that starts badly, repeats the headline or an earlier unit, or is a list item
   without its header is never picked; one that leans on the unit before it ("Он ...", "По его словам")
   is picked only right after it, never first.  The first ``CANDIDATES`` single-sentence units are
   compressed (``bot.text.compress``: wire relays when a speaker remains, "Напомним, что", asides
   without figures, exceptions, sources or legal labels, stock-quote widgets removed).  A summary is
   made of these units of the article itself, in article order; nothing is rewritten.
1. Every distinct word (and punctuation mark) of the candidate sentences gets a probability of
   appearing in an editor's summary, from a linear model over cheap features counted over the whole
   article: is it in the headline (by stem), in how many sentences it occurs, how early it first
   occurs, stopword, number, capitalised name, punctuation.  Every distinct word pair (bigram) of the
   candidates gets one too, from the two word probabilities, the headline's bigrams and position.
2. Every subset of 1-3 of the first ``CANDIDATES`` sentences that fits the cap is scored (exhaustive
   search, a few hundred subsets at most) by a linear model: the expected ROUGE-1 and ROUGE-2 F1 of the
   subset (probability mass of the distinct n-grams covered over their count plus an assumed reference
   size, for a short and a long reference; n-grams shared by two sentences count once), the subset's
   size and length (also scaled by the article's length: the editor's summary grows with it), and the
   sums of per-sentence features (position, headline overlap, overlap with the lead, numbers, names,
   quotes, questions, anaphoric openers, compressed).  The best-scoring subset is the summary.

Weights come from ``benchmarks/fit_summarizer.py`` (ranking regression on the true ROUGE of every
subset of the Gazeta and RBC dev articles, cross-validated; figures in ``benchmarks/eval_summarizer.py``);
``bot/text/fitted_weights.py`` holds them by feature name with where they came from.
Pure Python at run time: no model files, no numpy.  The models are evaluated without building feature
rows (``token_rows`` and ``bigram_rows`` build them for fitting), and only for the candidate sentences:
speed matters (``benchmarks/bench_summarizer.py``: articles per second on one core).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise
from operator import mul
from typing import TypeVar

from bot.text import fitted_weights
from bot.text.clean import clean_for_summary, clean_title, is_footer_line, strip_leading_symbols
from bot.text.compress import compress_sentence, is_about_this, is_boilerplate
from bot.text.sentences import split_pieces
from bot.text.shorten import ELLIPSIS
from bot.text.units import build_units, is_leaning, is_relay, quote_depth, starts_badly
from bot.text.weights import BigramWeights, SentenceWeights, SubsetWeights, TokenWeights
from bot.text.words import stem

MAX_SENTENCES = 3
CANDIDATES = 12  # subsets are searched among this many first sentences
# Only the head of a huge input is read: news puts the point first, and this bounds time and memory.
MAX_INPUT_CHARS = 20_000

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

TOKEN_FEATURES = TokenWeights._fields
BIGRAM_FEATURES = BigramWeights._fields

# Fitted by benchmarks/fit_summarizer.py; values and provenance in bot/text/fitted_weights.py.
TOKEN_WEIGHTS: tuple[float, ...] = fitted_weights.TOKEN
BIGRAM_WEIGHTS: tuple[float, ...] = fitted_weights.BIGRAM
_P_MIN, _P_MAX = 0.001, 0.999
_LOG1P_SIZE = 64
_LOG1P = [math.log1p(i) for i in range(_LOG1P_SIZE)]
_K = TypeVar("_K")


@dataclass
class Document:
    """A cleaned article in units (``bot.text.units``) with the statistics the scorer needs.

    ``sentences`` are the units as a summary shows them (compressed); ``original`` the same units
    before compression; ``lead_sentences`` the plain sentences, for the Lead-k baselines.
    """

    sentences: list[str]
    original: list[str]
    shortened: list[bool]
    tokens: list[frozenset[str]]
    bigrams: list[frozenset[tuple[str, str]]]
    title_stems: frozenset[str]
    title_bigrams: frozenset[tuple[str, str]]
    title: str = ""
    # per distinct token: index of the first sentence with it, number of sentences with it, occurrences
    first: dict[str, int] = field(default_factory=dict)
    sent_count: dict[str, int] = field(default_factory=dict)
    count: dict[str, int] = field(default_factory=dict)
    # lowercased words written capitalised inside a sentence (names)
    capitalized: frozenset[str] = frozenset()
    # tokens whose stem is in the headline
    in_title: set[str] = field(default_factory=set)
    # per distinct bigram: first sentence index and number of sentences containing it
    bigram_first: dict[tuple[str, str], int] = field(default_factory=dict)
    bigram_count: dict[tuple[str, str], int] = field(default_factory=dict)
    # number of capitalised names per sentence
    names: list[int] = field(default_factory=list)
    # a unit may be picked at all / only right after the unit before it
    eligible: list[bool] = field(default_factory=list)
    leaning: list[bool] = field(default_factory=list)
    # a unit that repeats the headline or an earlier unit
    repeats: list[bool] = field(default_factory=list)
    # the first sentence of each unit (what an over-long lead is shortened to)
    first_piece: list[str] = field(default_factory=list)
    lead_sentences: list[str] = field(default_factory=list)


def _tokens(text: str) -> list[str]:
    # Lowercasing first and splitting once is cheaper than lowercasing every token.
    return _TOKEN.findall(text.lower())


def _stem(token: str) -> str:
    return stem(token) if token[0].isalnum() else token


def _first_index(sets: Sequence[frozenset[_K]]) -> dict[_K, int]:
    """The index of the first set holding each item (the later sets are written first, then
    overwritten by the earlier ones: C-level dict updates, no Python loop per item)."""
    out: dict[_K, int] = {}
    for i in range(len(sets) - 1, -1, -1):
        out.update(dict.fromkeys(sets[i], i))
    return out


def _head(text: str, limit: int) -> str:
    """The first ``limit`` characters of ``text``, less a word the cut would split (a word ends at
    whitespace or at a tag)."""
    if len(text) <= limit or text[limit].isspace() or text[limit] == "<" or text[limit - 1] == ">":
        return text[:limit]
    cut = max(
        max(text.rfind(c, 0, limit) for c in " \n\t\u00a0<"),
        text.rfind(">", 0, limit) + 1,
    )
    return text[:cut] if cut > 0 else text[:limit]


# A unit that repeats the headline or an earlier unit: this share of its words are in the other.
HEADLINE_REPEAT = 0.8
NEAR_DUPLICATE = 0.6


def _words_of(tokens: Iterable[str]) -> frozenset[str]:
    return frozenset(t for t in tokens if t[0].isalnum())


def _repeats_title(words: frozenset[str], titled: set[str], title_size: int) -> bool:
    """``words`` (lowercased) mostly in the headline (by stem: ``titled`` holds the article's words
    whose stem is in the headline), and not much longer than it."""
    inside = sum(1 for w in words if w in titled)
    return inside >= HEADLINE_REPEAT * len(words) and len(words) <= 1.5 * title_size + 2


def _mark_repeats(doc: Document) -> None:
    """Units that repeat the headline or an earlier candidate are not eligible."""
    seen: list[frozenset[str]] = []
    title_size = sum(1 for t in doc.title_stems if t[0].isalnum())
    titled = doc.in_title
    # a post's long first sentence became its headline, shortened with "…": the unit is that sentence
    bare_title = strip_leading_symbols(doc.title)
    cut_title = bare_title[: -len(ELLIPSIS)] if bare_title.endswith(ELLIPSIS) else ""
    for k in range(min(len(doc.sentences), CANDIDATES)):
        words = _words_of(doc.tokens[k])
        if not words:
            doc.eligible[k] = False
            continue
        repeat = bool(cut_title) and doc.original[k].startswith(cut_title)
        if title_size and not repeat:
            repeat = _repeats_title(words, titled, title_size)
            first = doc.first_piece[k]
            if not repeat and first != doc.original[k]:
                # a claim glued to its speaker repeats the headline just as much
                lead = _words_of(_tokens(first))
                repeat = bool(lead) and _repeats_title(lead, titled, title_size)
        # the same words as an earlier unit, or hardly more than a part of one
        repeat = repeat or any(
            len(words & w) >= NEAR_DUPLICATE * len(words | w)
            or (len(words & w) >= HEADLINE_REPEAT * len(words) and len(words) <= 1.5 * len(w) + 2)
            for w in seen
        )
        if repeat:
            doc.eligible[k] = False
            doc.repeats[k] = True
            if k == 0 and len(doc.leaning) > 1:
                # the card shows the headline, so a unit leaning on the first one leans on the headline
                doc.leaning[1] = False
        seen.append(words)


def analyze(text: str, title: str | None = None, lang: str | None = None) -> Document:
    """Clean an article's copy for summaries, build its units and compute its word statistics.

    ``lang`` is accepted for the API's sake: splitting and stemming (by script) do not depend on it.
    """
    del lang
    body = clean_for_summary(_head(text, MAX_INPUT_CHARS))
    pieces = split_pieces(body)
    head = clean_title(title)
    # Plain-text exports may repeat the headline as the first line: do not pick it as a sentence.
    if head and pieces and pieces[0].text.rstrip(".") == strip_leading_symbols(head).rstrip("."):
        pieces = pieces[1:]
    # a link or a footer that shares a line with the text ("... ответить. @channel") is no unit either
    units = [
        u
        for u in build_units(pieces)
        if not (len(u.pieces) == 1 and (is_boilerplate(u.text) or is_footer_line(u.text)))
    ]
    original = [u.text for u in units]
    # Only candidates are compressed (the rest only feeds word statistics): that saves time.
    # A unit of several sentences (a quotation, a claim with its speaker) is kept whole.
    sentences = [
        compress_sentence(u.text) if k < CANDIDATES and len(u.pieces) == 1 else u.text
        for k, u in enumerate(units)
    ]
    shortened = [a != b for a, b in zip(original, sentences, strict=True)]
    title_tokens = _tokens(head)
    title_stems = frozenset(_stem(t) for t in title_tokens)
    title_bigrams = frozenset(pairwise(map(_stem, title_tokens)))
    token_lists = [_tokens(s) for s in sentences]
    tokens = [frozenset(t) for t in token_lists]
    bigrams = [frozenset(pairwise(t)) for t in token_lists]
    doc = Document(sentences, original, shortened, tokens, bigrams, title_stems, title_bigrams)
    doc.title = head
    doc.lead_sentences = [p.text for p in pieces]
    doc.first_piece = [u.pieces[0] for u in units]
    # compression may open a unit anew ("Кроме того, он ..." -> "Он ..."): judge its start again
    doc.eligible = [u.eligible and not starts_badly(s) for u, s in zip(units, sentences, strict=True)]
    # what a unit leans on is judged on the text shown: "При этом, ..." cut by compression leans no more
    doc.leaning = [is_leaning(s) for s in sentences]
    doc.repeats = [False] * len(units)
    doc.count = Counter(chain.from_iterable(token_lists))
    doc.sent_count = Counter(chain.from_iterable(tokens))
    doc.first = _first_index(tokens)
    doc.bigram_count = Counter(chain.from_iterable(bigrams))
    doc.bigram_first = _first_index(bigrams)
    # Names: capitalised words not opening a sentence ("\0" is not in the look-behind set).
    doc.capitalized = frozenset(" ".join(_CAPITALIZED.findall("\0".join(sentences))).lower().split())
    doc.names = [len(_CAPITALIZED.findall(s)) for s in sentences[:CANDIDATES]]
    if title_stems:
        doc.in_title = {t for t in doc.first if (stem(t) if t[0].isalnum() else t) in title_stems}
    _mark_repeats(doc)
    return doc


def token_rows(doc: Document) -> dict[str, list[float]]:
    """Feature rows (see ``TOKEN_FEATURES``) of each distinct token of ``doc`` (for fitting)."""
    n = max(len(doc.sentences), 1)
    rows: dict[str, list[float]] = {}
    for t, f in doc.first.items():
        alnum = t[0].isalnum()
        rows[t] = [
            1.0,
            1.0 if t in doc.in_title else 0.0,
            doc.sent_count[t] / n,
            math.log1p(doc.count[t]),
            1.0 / (1 + f),
            1.0 if f == 0 else 0.0,
            1.0 if t in _STOPWORDS else 0.0,
            0.0 if alnum else 1.0,
            1.0 if t == "," else 0.0,
            1.0 if t[0].isdigit() else 0.0,
            1.0 if t in doc.capitalized else 0.0,
            min(len(t), 12) / 12,
            1.0 if t in _QUOTES else 0.0,
            1.0 if t in _PARENS else 0.0,
            1.0 if t in _DASHES else 0.0,
        ]
    return rows


def _dot(weights: Sequence[float], row: Sequence[float]) -> float:
    return float(sum(map(mul, weights, row)))


def token_probabilities(
    doc: Document, weights: Sequence[float] = TOKEN_WEIGHTS, only: Iterable[str] | None = None
) -> dict[str, float]:
    """Probability of each distinct token of ``doc`` (or of those in ``only``) to be in the editor's
    summary: ``token_rows`` times ``weights``, computed without building the rows."""
    (w0, w_title, w_share, w_log, w_first, w_lead, w_stop, w_punct, w_comma, w_num, w_cap, w_len, w_quote,
     w_paren, w_dash) = weights  # fmt: skip
    w_share /= max(len(doc.sentences), 1)
    w_len /= 12
    first, sent_count, count = doc.first, doc.sent_count, doc.count
    titled, capitalized = doc.in_title, doc.capitalized
    out: dict[str, float] = {}
    for t in doc.first if only is None else only:
        f = first[t]
        v = w0 + w_share * sent_count[t] + w_first / (1 + f)
        c = count[t]
        v += w_log * (_LOG1P[c] if c < _LOG1P_SIZE else math.log1p(c))
        if f == 0:
            v += w_lead
        if t in titled:
            v += w_title
        c0 = t[0]
        if c0.isalnum():
            v += w_len * (len(t) if len(t) < 12 else 12)
            if c0.isdigit():
                v += w_num
            if t in _STOPWORDS:
                v += w_stop
            if t in capitalized:
                v += w_cap
        else:
            v += w_punct + w_len * (len(t) if len(t) < 12 else 12)
            if t == ",":
                v += w_comma
            elif t in _QUOTES:
                v += w_quote
            elif t in _PARENS:
                v += w_paren
            elif t in _DASHES:
                v += w_dash
        out[t] = _P_MIN if v < _P_MIN else _P_MAX if v > _P_MAX else v
    return out


def bigram_rows(doc: Document, p: dict[str, float]) -> dict[tuple[str, str], list[float]]:
    """Feature rows (see ``BIGRAM_FEATURES``) of each distinct bigram of ``doc``."""
    n = max(len(doc.sentences), 1)
    rows: dict[tuple[str, str], list[float]] = {}
    titled = doc.in_title
    for (a, b), first in doc.bigram_first.items():
        pa, pb = p[a], p[b]
        rows[(a, b)] = [
            1.0,
            pa * pb,
            min(pa, pb),
            1.0 if a in titled and b in titled and (_stem(a), _stem(b)) in doc.title_bigrams else 0.0,
            1.0 / (1 + first),
            1.0 if first == 0 else 0.0,
            doc.bigram_count[(a, b)] / n,
            1.0 if a in _STOPWORDS and b in _STOPWORDS else 0.0,
            0.0 if a[0].isalnum() and b[0].isalnum() else 1.0,
        ]
    return rows


def bigram_probabilities(
    doc: Document,
    p: dict[str, float],
    weights: Sequence[float] = BIGRAM_WEIGHTS,
    only: Iterable[tuple[str, str]] | None = None,
) -> dict[tuple[str, str], float]:
    """Probability of each distinct bigram (or of those in ``only``): ``bigram_rows`` times
    ``weights``, without the rows.  ``p`` must hold the probabilities of their tokens."""
    w0, w_prod, w_min, w_title, w_first, w_lead, w_share, w_stop, w_punct = weights
    w_share /= max(len(doc.sentences), 1)
    titled = doc.in_title
    bigram_first, bigram_count = doc.bigram_first, doc.bigram_count
    out: dict[tuple[str, str], float] = {}
    for ab in doc.bigram_first if only is None else only:
        a, b = ab
        pa, pb = p[a], p[b]
        first = bigram_first[ab]
        v = w0 + w_prod * pa * pb + w_min * (pa if pa < pb else pb) + w_first / (1 + first)
        v += w_share * bigram_count[ab]
        if first == 0:
            v += w_lead
        if a in titled and b in titled and (_stem(a), _stem(b)) in doc.title_bigrams:
            v += w_title
        if a in _STOPWORDS and b in _STOPWORDS:
            v += w_stop
        if not (a[0].isalnum() and b[0].isalnum()):
            v += w_punct
        out[ab] = _P_MIN if v < _P_MIN else _P_MAX if v > _P_MAX else v
    return out


SENTENCE_FEATURES = SentenceWeights._fields
SUBSET_FEATURES = SubsetWeights._fields
# Expected F1 is computed for two assumed reference sizes; the fitted weights mix them.
REF_SHORT = 20.0
REF_LONG = 45.0

SENTENCE_WEIGHTS: tuple[float, ...] = fitted_weights.SENTENCE
SUBSET_WEIGHTS: tuple[float, ...] = fitted_weights.SUBSET

_ANAPHORA_TEXT = """
    он она оно они его ее её их это этот эта эти этом там тогда также кроме однако но при так впрочем
    тем такой такие такая he she it they this these also however but
"""
_ANAPHORA = frozenset(_ANAPHORA_TEXT.split())
_QUOTE_OPEN = frozenset('«"“„')


@dataclass(frozen=True)
class Params:
    """Everything the selection depends on; the defaults are the shipped, fitted values."""

    token_weights: tuple[float, ...] = TOKEN_WEIGHTS
    bigram_weights: tuple[float, ...] = BIGRAM_WEIGHTS
    sentence_weights: tuple[float, ...] = SENTENCE_WEIGHTS
    subset_weights: tuple[float, ...] = SUBSET_WEIGHTS


DEFAULT_PARAMS = Params()


@dataclass
class Candidates:
    """Per-sentence sums and pairwise overlaps of the first sentences, for fast subset scoring."""

    index: list[int]
    # a candidate that may only come right after the candidate before it (its antecedent)
    leaning: list[bool]
    length: list[int]
    s1: list[float]
    n1: list[int]
    s2: list[float]
    n2: list[int]
    # pairwise shared probability mass and counts, keyed (i, j) with i < j (positions in ``index``)
    o1: dict[tuple[int, int], tuple[float, int]]
    o2: dict[tuple[int, int], tuple[float, int]]
    rows: list[list[float]]
    text_scale: float
    sentence_scale: float


def candidates(doc: Document, max_chars: int, params: Params = DEFAULT_PARAMS) -> Candidates:
    """Sentence feature rows and n-gram probability sums of the candidate sentences."""
    n = len(doc.sentences)
    idx: list[int] = []
    for k in range(min(n, CANDIDATES)):
        if not doc.eligible[k] or len(doc.sentences[k]) > max_chars:
            continue
        # a leaning unit comes only with its antecedent, so that one must be a candidate too
        if doc.leaning[k] and (not idx or idx[-1] != k - 1):
            continue
        idx.append(k)
    # Only the n-grams of candidate sentences are ever scored.
    cand_tokens = frozenset().union(*(doc.tokens[k] for k in idx))
    cand_bigrams = frozenset().union(*(doc.bigrams[k] for k in idx))
    p1 = token_probabilities(doc, params.token_weights, cand_tokens)
    p2 = bigram_probabilities(doc, p1, params.bigram_weights, cand_bigrams)
    g1, g2 = p1.__getitem__, p2.__getitem__
    c = Candidates(idx, [doc.leaning[k] for k in idx], [], [], [], [], [], {}, {}, [], 0.0, 0.0)
    c.text_scale = min(sum(map(len, doc.sentences)), 6000) / 2000
    c.sentence_scale = min(n, 40) / 15
    lead = doc.tokens[0] if doc.tokens else frozenset()
    titled = doc.in_title
    n_title = max(len(doc.title_stems), 1)
    n_title_bi = max(len(doc.title_bigrams), 1)
    for k in idx:
        sent = doc.sentences[k]
        toks = doc.tokens[k]
        bis = doc.bigrams[k]
        s1 = sum(map(g1, toks))
        s2 = sum(map(g2, bis))
        c.length.append(len(sent))
        c.s1.append(s1)
        c.n1.append(len(toks))
        c.s2.append(s2)
        c.n2.append(len(bis))
        nt = max(len(toks), 1)
        words = sent.split()
        first_word = words[0].lower().strip('«"„,') if words else ""
        c.rows.append(
            [
                1.0 if k == 0 else 0.0,
                1.0 if k == 1 else 0.0,
                1.0 if k == 2 else 0.0,
                1.0 / (1 + k),
                k / n,
                len(sent) / 200,
                len(titled & toks) / n_title,
                (sum(1 for a, b in bis if a in titled and b in titled) if titled else 0) / n_title_bi,
                s1 / nt,
                s2 / max(len(bis), 1),
                len(lead & toks) / nt if k else 1.0,
                sum(1 for t in toks if t[0].isdigit()) / nt,
                doc.names[k] / max(len(words), 1),
                1.0 if sent[:1] in _QUOTE_OPEN else 0.0,
                1.0 if "«" in sent and ("—" in sent or "-" in sent) else 0.0,
                1.0 if "?" in sent else 0.0,
                1.0 if ":" in sent else 0.0,
                1.0 if first_word in _ANAPHORA else 0.0,
                1.0 if doc.shortened[k] else 0.0,
            ]
        )
    for a in range(len(idx)):
        ta, ba = doc.tokens[idx[a]], doc.bigrams[idx[a]]
        for b in range(a + 1, len(idx)):
            st = ta & doc.tokens[idx[b]]
            sb = ba & doc.bigrams[idx[b]]
            c.o1[(a, b)] = (sum(map(g1, st)), len(st))
            c.o2[(a, b)] = (sum(map(g2, sb)), len(sb))
    return c


def subset_rows(c: Candidates, max_chars: int) -> list[tuple[tuple[int, ...], list[float]]]:
    """Every subset of 1-3 candidates that fits ``max_chars``, with its subset feature row.

    The sentence features of a subset are the sums of its sentences' rows; they follow the row.
    """
    m = len(c.index)
    out: list[tuple[tuple[int, ...], list[float]]] = []
    subsets: list[tuple[int, ...]] = [(a,) for a in range(m)]
    subsets += [(a, b) for a in range(m) for b in range(a + 1, m) if c.length[a] + c.length[b] < max_chars]
    subsets += [
        (a, b, d)
        for a in range(m)
        for b in range(a + 1, m)
        if c.length[a] + c.length[b] < max_chars
        for d in range(b + 1, m)
        if c.length[a] + c.length[b] + c.length[d] + 2 <= max_chars
    ]
    width = len(SENTENCE_FEATURES)
    for sub in subsets:
        length = sum(c.length[a] for a in sub) + len(sub) - 1
        if length > max_chars or not valid_subset(c, sub):
            continue
        s1 = sum(c.s1[a] for a in sub)
        n1 = sum(c.n1[a] for a in sub)
        s2 = sum(c.s2[a] for a in sub)
        n2 = sum(c.n2[a] for a in sub)
        for i, a in enumerate(sub):
            for b in sub[i + 1 :]:
                o, k = c.o1[(a, b)]
                s1 -= o
                n1 -= k
                o, k = c.o2[(a, b)]
                s2 -= o
                n2 -= k
        x = length / 400
        row = [
            2 * s1 / (n1 + REF_SHORT),
            2 * s1 / (n1 + REF_LONG),
            2 * s2 / (n2 + REF_SHORT),
            2 * s2 / (n2 + REF_LONG),
            1.0 if len(sub) == 1 else 0.0,
            1.0 if len(sub) == 2 else 0.0,
            1.0 if len(sub) == 3 else 0.0,
            x,
            x * x,
            x * c.text_scale,
            x * c.sentence_scale,
        ]
        sums = [0.0] * width
        for a in sub:
            sums = [u + v for u, v in zip(sums, c.rows[a], strict=True)]
        out.append((sub, row + sums))
    return out


def valid_subset(c: Candidates, sub: Sequence[int]) -> bool:
    """True when no leaning candidate opens ``sub`` or follows anything but its antecedent."""
    return all(not c.leaning[a] or (i > 0 and sub[i - 1] == a - 1) for i, a in enumerate(sub))


def _best_subset(c: Candidates, max_chars: int, params: Params) -> tuple[int, ...] | None:
    """The subset of 1-3 candidates with the highest score; the same as the dot product of
    ``subset_rows`` with the weights, computed without building rows (this is the hot loop)."""
    w = params.subset_weights
    # expected F1 = 2 * mass / (count + reference size); the factor 2 is folded into the weights
    w1a, w1b, w2a, w2b = 2 * w[0], 2 * w[1], 2 * w[2], 2 * w[3]
    w_one, w_two, w_three = w[4:7]
    w_len = (w[7] + w[9] * c.text_scale + w[10] * c.sentence_scale) / 400
    w_sq = w[8] / 160_000
    rs, rl = REF_SHORT, REF_LONG
    base = [_dot(params.sentence_weights, row) for row in c.rows]
    s1, n1, s2, n2, lengths = c.s1, c.n1, c.s2, c.n2, c.length
    o1, o2 = c.o1, c.o2
    m = len(c.index)

    def value(t1: float, m1: int, t2: float, m2: int, length: int) -> float:
        # The predicted ROUGE terms and the length terms of one subset (its sentence terms are added).
        return (
            w1a * t1 / (m1 + rs)
            + w1b * t1 / (m1 + rl)
            + w2a * t2 / (m2 + rs)
            + w2b * t2 / (m2 + rl)
            + (w_len + w_sq * length) * length
        )

    lean = c.leaning
    best: tuple[int, ...] | None = None
    best_value = -math.inf
    for a in range(m):
        if lean[a]:
            continue  # never first
        la = lengths[a]
        v = value(s1[a], n1[a], s2[a], n2[a], la) + w_one + base[a]
        if v > best_value:
            best, best_value = (a,), v
        for b in range(a + 1, m):
            lab = la + lengths[b] + 1
            if lab > max_chars or (lean[b] and b != a + 1):
                continue
            p1, k1 = o1[(a, b)]
            p2, k2 = o2[(a, b)]
            t1 = s1[a] + s1[b] - p1
            m1 = n1[a] + n1[b] - k1
            t2 = s2[a] + s2[b] - p2
            m2 = n2[a] + n2[b] - k2
            bab = base[a] + base[b]
            v = value(t1, m1, t2, m2, lab) + w_two + bab
            if v > best_value:
                best, best_value = (a, b), v
            for d in range(b + 1, m):
                length = lab + lengths[d] + 1
                if length > max_chars or (lean[d] and d != b + 1):
                    continue
                q1, j1 = o1[(a, d)]
                r1, i1 = o1[(b, d)]
                q2, j2 = o2[(a, d)]
                r2, i2 = o2[(b, d)]
                v = value(
                    t1 + s1[d] - q1 - r1,
                    m1 + n1[d] - j1 - i1,
                    t2 + s2[d] - q2 - r2,
                    m2 + n2[d] - j2 - i2,
                    length,
                )
                v += w_three + bab + base[d]
                if v > best_value:
                    best, best_value = (a, b, d), v
    return best


def select(doc: Document, max_chars: int, params: Params = DEFAULT_PARAMS) -> list[int]:
    """Indices (in article order) of the subset of sentences with the best predicted ROUGE."""
    c = candidates(doc, max_chars, params)
    best = _best_subset(c, max_chars, params) if c.index else None
    return [c.index[a] for a in best] if best else []


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
    head = text[:cut].rstrip(" ,;:—–-")
    return head + ELLIPSIS if head else ""


def _close_quotes(text: str) -> str:
    """``text`` with the quotations and parentheses it leaves open closed at its end."""
    guillemets, other, parens = quote_depth(text)
    return text + "»" * guillemets + '"' * (other & 1) + "“" * (other >> 1) + ")" * parens


def shorten_lead(doc: Document, k: int, max_chars: int) -> str:
    """Unit ``k`` shortened to its first whole sentence (cut at a word when even that is over the
    cap), its quote marks and brackets kept balanced."""
    first = doc.first_piece[k]
    guillemets, other, parens = quote_depth(first)
    room = max_chars - guillemets - (other & 1) - (other >> 1) - parens
    text = first if len(first) <= room else truncate(first, room)
    return _close_quotes(text) if text else ""


def _joined(parts: Sequence[str]) -> str:
    """Units joined into one text; a line without final punctuation gets a full stop before the next
    one, so that two lines never read as one run-on sentence."""
    out = []
    for i, part in enumerate(parts):
        if i < len(parts) - 1 and part[-1:] not in '.!?…»"”)':
            part += "."
        out.append(part)
    return " ".join(out)


def summarize_document(doc: Document, max_chars: int = 400, params: Params = DEFAULT_PARAMS) -> str:
    """The summary of an analysed document (see ``summarize``)."""
    if not doc.sentences or max_chars <= 0:
        return ""
    picked = select(doc, max_chars, params)
    if picked:
        parts = [doc.sentences[k] for k in picked]
        text = _joined(parts)
        return text if len(text) <= max_chars else " ".join(parts)
    # No unit fits: the first eligible one that may open a summary, shortened (a run-on, a long quote);
    # a text whose only unit starts oddly ("слово без знаков ...") still gets its head.
    for k in range(min(len(doc.sentences), CANDIDATES)):
        if doc.eligible[k] and not doc.leaning[k]:
            return shorten_lead(doc, k, max_chars)
    first = doc.sentences[0]
    if (
        not any(doc.eligible)
        and first[0].isalpha()  # not a list item ("1) ...")
        and not (doc.repeats[0] or doc.leaning[0] or is_about_this(first) or is_relay(first))
    ):
        return shorten_lead(doc, 0, max_chars)
    return ""


def summarize(text: str, title: str | None = None, max_chars: int = 400, lang: str | None = None) -> str:
    """An extractive summary of ``text``: 1-3 of its sentences in order, at most ``max_chars`` long.

    ``title`` (the headline) helps to find the sentences that matter; ``lang`` ("ru", "kk", "en") is
    detected when not given.  Never raises on odd input; returns "" when there is no text, or when
    the text is one "word" longer than ``max_chars`` (a long URL), which cannot be cut mid-word.
    """
    if not text or max_chars <= 0:
        return ""
    return summarize_document(analyze(text, title, lang), max_chars)
