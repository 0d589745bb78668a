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
    date="2026-12-01T13:24Z",
    cross_validation="5-fold CV: gazeta_dev R-1 29.0 R-2 10.5; rbc_dev R-1 29.3 R-2 11.7",
)
TOKEN = TokenWeights(
    bias=-0.1678,
    in_title=0.1804,
    sentence_share=-0.0676,
    log_count=0.3106,
    inv_first_pos=0.1679,
    in_lead=-0.0104,
    stopword=0.0200,
    punctuation=-0.0760,
    comma=0.1795,
    number=-0.0023,
    capitalized=0.0245,
    word_length=-0.0443,
    quote=0.0420,
    paren=-0.0381,
    dash=-0.0148,
)
BIGRAM = BigramWeights(
    bias=-0.0139,
    p_product=0.1599,
    p_min=0.0602,
    in_title=0.1720,
    inv_first_pos=0.0665,
    in_lead=-0.0001,
    sentence_share=0.2285,
    both_stopwords=-0.0208,
    punctuation=-0.0120,
)
SENTENCE = SentenceWeights(
    first=-0.1587,
    second=-0.0462,
    third=-0.0276,
    inv_pos=0.0183,
    rel_pos=-0.1251,
    chars=-0.0679,
    title_share=0.1851,
    title_bigrams=-0.0726,
    mean_p1=0.0858,
    mean_p2=0.9805,
    lead_overlap=-0.0103,
    digits=-0.0632,
    capitalized=0.0811,
    quote_open=-0.1060,
    quoted=-0.0303,
    question=-0.0605,
    colon=-0.0700,
    anaphora=-0.0066,
    compressed=-0.0333,
)
SUBSET = SubsetWeights(
    ef1_short=1.1268,
    ef1_long=0.3449,
    ef2_short=2.9633,
    ef2_long=1.7920,
    one=-0.0384,
    two=-0.0052,
    three=0.0316,
    length=-0.1338,
    length_sq=0.0594,
    length_x_text=-0.0216,
    length_x_sentences=0.3280,
)
