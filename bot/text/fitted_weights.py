"""Fitted weights of the summarizer, written by ``python -m benchmarks.fit_summarizer --write``; do not edit.

Refit after changing a feature, the units or the compression rules, and commit this file.
"""

from bot.text.weights import BigramWeights, Provenance, SentenceWeights, SubsetWeights, TokenWeights

PROVENANCE = Provenance(
    data=(
        "eval/gazeta_dev.jsonl (200 rows, sha256 99f329c7ecc2096b)",
        "eval/rbc_dev.jsonl (200 rows, sha256 67964f5400ea8a8f)",
    ),
    command="python -m benchmarks.fit_summarizer --write",
    date="2026-12-01T13:29Z",
    cross_validation="5-fold CV: gazeta_dev R-1 29.0 R-2 10.5; rbc_dev R-1 29.8 R-2 12.2",
)
TOKEN = TokenWeights(
    bias=-0.1686,
    in_title=0.1811,
    sentence_share=-0.0695,
    log_count=0.3125,
    inv_first_pos=0.1669,
    in_lead=-0.0129,
    stopword=0.0189,
    punctuation=-0.0798,
    comma=0.1799,
    number=-0.0030,
    capitalized=0.0230,
    word_length=-0.0444,
    quote=0.0444,
    paren=-0.0358,
    dash=-0.0125,
)
BIGRAM = BigramWeights(
    bias=-0.0135,
    p_product=0.1637,
    p_min=0.0581,
    in_title=0.1727,
    inv_first_pos=0.0662,
    in_lead=-0.0020,
    sentence_share=0.2271,
    both_stopwords=-0.0211,
    punctuation=-0.0123,
)
SENTENCE = SentenceWeights(
    first=-0.1480,
    second=-0.0556,
    third=-0.0361,
    inv_pos=0.0150,
    rel_pos=-0.1148,
    chars=-0.0739,
    title_share=0.1832,
    title_bigrams=-0.1177,
    mean_p1=0.1558,
    mean_p2=0.9286,
    lead_overlap=-0.0368,
    digits=-0.0411,
    capitalized=0.0544,
    quote_open=-0.1158,
    quoted=-0.0208,
    question=-0.0316,
    colon=-0.0654,
    anaphora=-0.0077,
    compressed=-0.0236,
)
SUBSET = SubsetWeights(
    ef1_short=1.2508,
    ef1_long=0.3456,
    ef2_short=3.1136,
    ef2_long=1.9309,
    one=-0.0313,
    two=-0.0038,
    three=0.0247,
    length=-0.1457,
    length_sq=0.0822,
    length_x_text=0.0316,
    length_x_sentences=0.2480,
)
