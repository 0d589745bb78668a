"""The shapes of the summarizer's fitted weights: one named field per feature, and where they came from.

The values live in ``bot.text.fitted_weights``, written by ``python -m benchmarks.fit_summarizer
--write``; the feature each field weighs is computed in ``bot.text.summarizer`` (same order).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class TokenWeights(NamedTuple):
    """A word's chance to be in the editor's summary (a linear probability model)."""

    bias: float
    in_title: float
    sentence_share: float
    log_count: float
    inv_first_pos: float
    in_lead: float
    stopword: float
    punctuation: float
    comma: float
    number: float
    capitalized: float
    word_length: float
    quote: float
    paren: float
    dash: float


class BigramWeights(NamedTuple):
    """A word pair's chance to be in the editor's summary."""

    bias: float
    p_product: float
    p_min: float
    in_title: float
    inv_first_pos: float
    in_lead: float
    sentence_share: float
    both_stopwords: float
    punctuation: float


class SentenceWeights(NamedTuple):
    """What a unit adds to the score of a subset that holds it."""

    first: float
    second: float
    third: float
    inv_pos: float
    rel_pos: float
    chars: float
    title_share: float
    title_bigrams: float
    mean_p1: float
    mean_p2: float
    lead_overlap: float
    digits: float
    capitalized: float
    quote_open: float
    quoted: float
    question: float
    colon: float
    anaphora: float
    compressed: float


class SubsetWeights(NamedTuple):
    """The score of a subset of 1-3 units: expected ROUGE, size and length."""

    ef1_short: float
    ef1_long: float
    ef2_short: float
    ef2_long: float
    one: float
    two: float
    three: float
    length: float
    length_sq: float
    length_x_text: float
    length_x_sentences: float


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a set of fitted weights came from."""

    data: tuple[str, ...]  # the files fitted on, with their row counts and content hashes
    command: str
    date: str  # UTC, ISO 8601
    cross_validation: str  # the k-fold ROUGE the fitting run printed
