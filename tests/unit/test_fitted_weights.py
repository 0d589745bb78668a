"""The summarizer's fitted weights: named by feature, with where they came from, and regenerable."""

from __future__ import annotations

from bot.text import fitted_weights
from bot.text.summarizer import DEFAULT_PARAMS, SENTENCE_FEATURES, SUBSET_FEATURES, TOKEN_FEATURES


def test_weights_are_named_by_feature_and_carry_their_provenance() -> None:
    assert fitted_weights.TOKEN._fields == TOKEN_FEATURES and fitted_weights.TOKEN.in_title > 0
    assert fitted_weights.SENTENCE._fields == SENTENCE_FEATURES
    assert fitted_weights.SUBSET._fields == SUBSET_FEATURES
    assert DEFAULT_PARAMS.token_weights == fitted_weights.TOKEN
    provenance = fitted_weights.PROVENANCE
    assert any("gazeta_dev.jsonl" in d for d in provenance.data)
    assert any("rbc_dev.jsonl" in d for d in provenance.data)
    assert provenance.command == "python -m benchmarks.fit_summarizer --write"
    assert provenance.date[:4].isdigit() and "CV" in provenance.cross_validation


def test_the_module_is_what_the_fit_script_writes_for_these_weights() -> None:
    from benchmarks.fit_summarizer import WEIGHTS_MODULE, render_module

    assert WEIGHTS_MODULE.read_text(encoding="utf-8") == render_module(
        DEFAULT_PARAMS, fitted_weights.PROVENANCE
    )
