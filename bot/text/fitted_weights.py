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
    date="2026-12-01T13:40Z",
    cross_validation="5-fold CV: gazeta_dev R-1 29.0 R-2 10.6; rbc_dev R-1 30.1 R-2 12.3",
)
TOKEN = TokenWeights(
    bias=-0.1685,
    in_title=0.1809,
    sentence_share=-0.0699,
    log_count=0.3124,
    inv_first_pos=0.1670,
    in_lead=-0.0122,
    stopword=0.0189,
    punctuation=-0.0762,
    comma=0.1764,
    number=-0.0022,
    capitalized=0.0231,
    word_length=-0.0445,
    quote=0.0412,
    paren=-0.0394,
    dash=-0.0155,
)
BIGRAM = BigramWeights(
    bias=-0.0136,
    p_product=0.1628,
    p_min=0.0584,
    in_title=0.1726,
    inv_first_pos=0.0661,
    in_lead=-0.0016,
    sentence_share=0.2275,
    both_stopwords=-0.0210,
    punctuation=-0.0121,
)
SENTENCE = SentenceWeights(
    first=-0.1510,
    second=-0.0499,
    third=-0.0348,
    inv_pos=0.0180,
    rel_pos=-0.1153,
    chars=-0.0818,
    title_share=0.1881,
    title_bigrams=-0.1164,
    mean_p1=0.1431,
    mean_p2=0.9896,
    lead_overlap=-0.0273,
    digits=-0.0500,
    capitalized=0.0555,
    quote_open=-0.1113,
    quoted=-0.0237,
    question=-0.0309,
    colon=-0.0657,
    anaphora=-0.0069,
    compressed=-0.0034,
)
SUBSET = SubsetWeights(
    ef1_short=1.2586,
    ef1_long=0.3241,
    ef2_short=3.0733,
    ef2_long=1.5911,
    one=-0.0316,
    two=-0.0020,
    three=0.0228,
    length=-0.1614,
    length_sq=0.0823,
    length_x_text=-0.0028,
    length_x_sentences=0.3255,
)
