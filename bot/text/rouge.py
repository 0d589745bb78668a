"""ROUGE-1/2/L F1 the way the Gazeta dataset paper scores Russian summaries.

The paper's evaluation joins razdel tokens with spaces, lowercases, and hands the strings to the PyPI
``rouge`` package (1.0.1).  That package splits on "." and whitespace (so full stops vanish but other
punctuation tokens such as "," and "«" count as words, and "12.5" becomes "12", "5") and compares *sets*
of n-grams.  ``tokens()`` reproduces this by default, which gives exactly the reference figures in the
shared data README; ``words_only=True`` keeps only tokens with a letter or digit instead, a stricter
variant useful as a cross-check.

ROUGE-L here is the F1 of the longest common subsequence of the two whole token sequences (not the
union-LCS "summary-level" variant), so it differs slightly from both ROUGE packages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from razdel import tokenize

_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class RougeScores:
    """F1 scores in [0, 1]."""

    rouge1: float
    rouge2: float
    rouge_l: float


def tokens(text: str, words_only: bool = False) -> list[str]:
    """Lowercased razdel tokens of ``text`` as the ROUGE scorer sees them."""
    toks = [t.text.lower() for t in tokenize(text)]
    if words_only:
        return [t for t in toks if _WORD.search(t)]
    # The ``rouge`` package splits the space-joined text on "." and then on whitespace.
    return " ".join(toks).replace(".", " ").split()


def _f1(overlap: int, hyp_count: int, ref_count: int) -> float:
    if overlap == 0 or hyp_count == 0 or ref_count == 0:
        return 0.0
    precision = overlap / hyp_count
    recall = overlap / ref_count
    return 2 * precision * recall / (precision + recall)


def _ngrams(toks: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def rouge_n(hyp: list[str], ref: list[str], n: int) -> float:
    """ROUGE-N F1 over n-gram sets of two token lists (set semantics, as the ``rouge`` package)."""
    h, r = _ngrams(hyp, n), _ngrams(ref, n)
    return _f1(len(h & r), len(h), len(r))


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence of two token lists (O(len(a) * len(b)))."""
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            cur[j] = prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1])
        prev = cur
    return prev[-1]


def rouge_l(hyp: list[str], ref: list[str]) -> float:
    """ROUGE-L F1: LCS of the whole token sequences."""
    return _f1(lcs_length(hyp, ref), len(hyp), len(ref))


def score(hypothesis: str, reference: str, words_only: bool = False) -> RougeScores:
    """ROUGE-1, ROUGE-2 and ROUGE-L F1 of one hypothesis against one reference."""
    hyp = tokens(hypothesis, words_only)
    ref = tokens(reference, words_only)
    return RougeScores(rouge_n(hyp, ref, 1), rouge_n(hyp, ref, 2), rouge_l(hyp, ref))


def mean_scores(pairs: list[tuple[str, str]], words_only: bool = False) -> RougeScores:
    """Average of per-document F1 over (hypothesis, reference) pairs, like ``get_scores(avg=True)``."""
    if not pairs:
        return RougeScores(0.0, 0.0, 0.0)
    all_scores = [score(h, r, words_only) for h, r in pairs]
    n = len(all_scores)
    return RougeScores(
        sum(s.rouge1 for s in all_scores) / n,
        sum(s.rouge2 for s in all_scores) / n,
        sum(s.rouge_l for s in all_scores) / n,
    )
