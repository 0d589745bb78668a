"""ROUGE of the summarizer against Lead-1/2/3 on the dev sets, in-sample and cross-validated.

Run ``python -m benchmarks.eval_summarizer`` (needs numpy for the cross-validated refits).  Every
system sees the same cleaned, split sentences (``bot.text.summarizer.analyze``); Lead-k takes them
as plain sentences (``Document.lead_sentences``), which reproduces the README's figures.
ROUGE is that of the Gazeta paper (``bot.text.rouge``): razdel
tokens, lowercased, split on "." as the ``rouge`` package does, F1 over n-gram sets.  R-L is the
LCS-based F1 over the same tokens (whole-text LCS, not the union-LCS of the ROUGE packages).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from benchmarks.fit_summarizer import (
    DATA_DIR,
    DEV_SETS,
    FOLDS,
    MAX_CHARS,
    Article,
    cross_validated_summaries,
    load_dev,
    prepare_articles,
)
from bot.text import rouge
from bot.text.summarizer import summarize_document


def lead(article: Article, k: int) -> str:
    """The first ``k`` sentences, uncapped (the usual Lead-k baseline)."""
    return " ".join(article.doc.lead_sentences[:k])


def _row(
    name: str, summaries: Sequence[str], refs: Sequence[str], words_only: bool
) -> tuple[str, float, float]:
    s = rouge.mean_scores(list(zip(summaries, refs, strict=True)), words_only)
    lengths = [len(x) for x in summaries]
    print(
        f"  {name:<22} {100 * s.rouge1:6.1f} {100 * s.rouge2:6.1f} {100 * s.rouge_l:6.1f} "
        f"{sum(lengths) / len(lengths):10.0f} {max(lengths):10d}"
    )
    return name, s.rouge1, s.rouge2


def report(articles: Sequence[Article], cv: Sequence[str], words_only: bool = False) -> bool:
    """Print one table per dev set; True when ours (CV) beats the best lead by 2 points on R-1 and R-2."""
    ok = True
    for source in DEV_SETS:
        group = [i for i, a in enumerate(articles) if a.source == source]
        refs = [articles[i].summary for i in group]
        print(f"\n{source} ({len(group)} articles)")
        print(f"  {'system':<22} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'avg chars':>10} {'max chars':>10}")
        leads = [
            _row(f"Lead-{k}", [lead(articles[i], k) for i in group], refs, words_only) for k in (1, 2, 3)
        ]
        ours = [summarize_document(articles[i].doc, MAX_CHARS) for i in group]
        _row("ours (in-sample)", ours, refs, words_only)
        _, r1, r2 = _row(f"ours ({FOLDS}-fold CV)", [cv[i] for i in group], refs, words_only)
        best1 = max(x[1] for x in leads)
        best2 = max(x[2] for x in leads)
        print(
            f"  margin of CV over best lead: R-1 {100 * (r1 - best1):+.1f}, R-2 {100 * (r2 - best2):+.1f} "
            f"(target +2.0); summaries over {MAX_CHARS} chars: {sum(len(x) > MAX_CHARS for x in ours)}"
        )
        ok = ok and r1 - best1 >= 0.02 and r2 - best2 >= 0.02
    return ok


def main() -> int:
    """Print the tables; exit 0 (the margin verdict is informative, not a gate)."""
    dev = load_dev()
    if dev is None:
        print(f"skipped: {DATA_DIR} not found (dev sets are needed for the evaluation)")
        return 0
    articles = prepare_articles(dev)
    cv, _ = cross_validated_summaries(articles)
    print("ROUGE F1 x100, Gazeta-paper tokens (razdel, lowercase, '.'-split, n-gram sets); ")
    print("R-L = LCS-based F1 over the same tokens. Lead-k uncapped; ours capped at 400 chars.")
    ok = report(articles, cv)
    print("\nCross-check, words only (tokens with a letter or digit; punctuation dropped):")
    report(articles, cv, words_only=True)
    print(f"\ntarget (+2.0 R-1 and R-2 over the best lead, CV, both sets): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
