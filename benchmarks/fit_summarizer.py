"""Fit the summarizer's models on the dev sets and cross-validate them.

Run ``python -m benchmarks.fit_summarizer`` (needs numpy, for fitting only): prints the k-fold
cross-validated ROUGE beside the in-sample one and the fitted weights; with ``--write`` it also writes
them, by feature name and with where they came from, to ``bot/text/fitted_weights.py``.

Method, all of it repeated on k-1 folds (both sources in every fold) for cross-validation:

1. Every distinct token of every dev article is labelled 1 if it occurs in the editors' summary
   (ROUGE tokens), and ridge regression (pure Python) maps the token features of
   ``bot.text.summarizer.analyze`` to that label: a linear probability model.  The same is then done
   for bigrams, whose features include the fitted token probabilities.
2. Every subset of 1-3 candidate sentences within the cap is labelled with its true ROUGE-1 +
   ``R2_WEIGHT`` x ROUGE-2 F1 against the reference; ridge regression on rows and labels centred per
   article (each article weighing the same) fits the subset and sentence weights: only the ranking of
   an article's subsets matters.

Not re-tuned inside the cross-validation (chosen on these dev sets by comparing 5-fold CV runs):
``R2_WEIGHT``, ``SUBSET_RIDGE``, ``RIDGE``, the two reference sizes ``REF_SHORT`` / ``REF_LONG``,
``CANDIDATES`` and the compression rules of ``bot.text.compress``.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

from bot.text import rouge
from bot.text.summarizer import (
    DEFAULT_PARAMS,
    SUBSET_FEATURES,
    Document,
    Params,
    analyze,
    bigram_rows,
    candidates,
    subset_rows,
    summarize_document,
    token_probabilities,
    token_rows,
)
from bot.text.weights import BigramWeights, Provenance, SentenceWeights, SubsetWeights, TokenWeights

DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
WEIGHTS_MODULE = Path(__file__).resolve().parents[1] / "bot" / "text" / "fitted_weights.py"
COMMAND = "python -m benchmarks.fit_summarizer --write"
DEV_SETS = ("gazeta_dev", "rbc_dev")
MAX_CHARS = 400
FOLDS = 5
RIDGE = 1.0


@dataclass
class Article:
    """A dev article, analysed once, with its reference n-gram sets."""

    source: str
    id: str
    summary: str
    doc: Document
    ref_tokens: frozenset[str]
    ref_bigrams: frozenset[tuple[str, str]]
    # ROUGE-1 and ROUGE-2 F1 of every candidate subset (by its sentence positions in ``candidates``)
    labels: dict[tuple[int, ...], tuple[float, float]] = field(default_factory=dict)


def _label_subsets(a: Article) -> None:
    """The true ROUGE-1/2 F1 of every subset the runtime may choose (set-based, as ``rouge``)."""
    c = candidates(a.doc, MAX_CHARS)
    toks = [rouge.tokens(a.doc.sentences[k]) for k in c.index]
    ref1, ref2 = a.ref_tokens, a.ref_bigrams
    for sub, _ in subset_rows(c, MAX_CHARS):
        seq = [t for i in sub for t in toks[i]]
        h1 = set(seq)
        h2 = set(pairwise(seq))
        r1 = 2 * len(h1 & ref1) / (len(h1) + len(ref1)) if h1 else 0.0
        r2 = 2 * len(h2 & ref2) / (len(h2) + len(ref2)) if h2 and ref2 else 0.0
        a.labels[sub] = (r1, r2)


def load_jsonl(path: Path) -> list[dict[str, str]]:
    """Rows of a JSON Lines file."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_dev() -> dict[str, list[dict[str, str]]] | None:
    """The dev sets by name, or None when ../shared/data is absent."""
    paths = {name: DATA_DIR / "eval" / f"{name}.jsonl" for name in DEV_SETS}
    if not all(p.exists() for p in paths.values()):
        return None
    return {name: load_jsonl(p) for name, p in paths.items()}


def prepare_articles(dev: dict[str, list[dict[str, str]]]) -> list[Article]:
    """Analyse every dev article the way the runtime does."""
    out: list[Article] = []
    for source, rows in dev.items():
        for row in rows:
            doc = analyze(row["text"], row.get("title"), row.get("lang"))
            ref = rouge.tokens(row["summary"])
            article = Article(
                source, row["id"], row["summary"], doc, frozenset(ref), frozenset(pairwise(ref))
            )
            _label_subsets(article)
            out.append(article)
    return out


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Solve a x = b by Gaussian elimination with partial pivoting (a is small and well-posed)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        if abs(m[col][col]) < 1e-12:
            continue
        for r in range(n):
            if r != col and m[r][col] != 0.0:
                f = m[r][col] / m[col][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def ridge(rows: Sequence[Sequence[float]], labels: Sequence[float], alpha: float = RIDGE) -> list[float]:
    """Ridge regression weights (the bias, feature 0, is not penalized)."""
    d = len(rows[0])
    xtx = [[0.0] * d for _ in range(d)]
    xty = [0.0] * d
    for x, y in zip(rows, labels, strict=True):
        for i in range(d):
            xi = x[i]
            if xi == 0.0:
                continue
            xty[i] += xi * y
            row = xtx[i]
            for j in range(d):
                row[j] += xi * x[j]
    for i in range(1, d):
        xtx[i][i] += alpha
    return _solve(xtx, xty)


def objective(articles: Sequence[Article], params: Params) -> float:
    """Mean of R-1 + R-2 over the sources (each source weighs the same)."""
    by_source: dict[str, list[float]] = {}
    for a in articles:
        sc = rouge.score(summarize_document(a.doc, MAX_CHARS, params), a.summary)
        by_source.setdefault(a.source, []).append(sc.rouge1 + sc.rouge2)
    return sum(sum(v) / len(v) for v in by_source.values()) / len(by_source)


R2_WEIGHT = 8.0  # ROUGE-2 counts this much beside ROUGE-1 in the subset label (6-20 all do better than 2)
SUBSET_RIDGE = 10.0


def fit_subset_weights(articles: Sequence[Article], params: Params) -> tuple[list[float], list[float]]:
    """Subset and sentence weights: ridge on per-article centred rows and labels (a ranking fit).

    The label of a subset is its true ROUGE-1 + ``R2_WEIGHT`` x ROUGE-2.  Every article weighs the
    same however many subsets it has; centring within the article leaves only what tells its subsets
    apart.  Needs numpy (fitting only; the runtime never imports it).
    """
    import numpy as np

    xs = []
    ys = []
    ws = []
    for a in articles:
        rows = subset_rows(candidates(a.doc, MAX_CHARS, params), MAX_CHARS)
        if len(rows) < 2:
            continue
        x = np.array([r for _, r in rows], dtype=float)
        y = np.array([a.labels[sub][0] + R2_WEIGHT * a.labels[sub][1] for sub, _ in rows])
        xs.append(x - x.mean(axis=0))
        ys.append(y - y.mean())
        ws.append(np.full(len(rows), 1.0 / len(rows)))
    x_all = np.vstack(xs)
    y_all = np.concatenate(ys)
    w_all = np.concatenate(ws)
    scale = np.sqrt((w_all[:, None] * x_all**2).sum(axis=0) / w_all.sum()) + 1e-9
    xn = x_all / scale
    xtx = (xn * w_all[:, None]).T @ xn
    xty = (xn * w_all[:, None]).T @ y_all
    coef = np.linalg.solve(xtx + SUBSET_RIDGE * np.eye(xtx.shape[0]), xty) / scale
    k = len(SUBSET_FEATURES)
    return [float(v) for v in coef[:k]], [float(v) for v in coef[k:]]


def fit(articles: Sequence[Article]) -> Params:
    """Token weights, bigram weights, then subset and sentence weights, fitted on ``articles``."""
    x_tok: list[list[float]] = []
    y_tok: list[float] = []
    for a in articles:
        for t, row in token_rows(a.doc).items():
            x_tok.append(row)
            y_tok.append(1.0 if t in a.ref_tokens else 0.0)
    token_weights = tuple(ridge(x_tok, y_tok))
    x_bi: list[list[float]] = []
    y_bi: list[float] = []
    for a in articles:
        p = token_probabilities(a.doc, token_weights)
        for b, row in bigram_rows(a.doc, p).items():
            x_bi.append(row)
            y_bi.append(1.0 if b in a.ref_bigrams else 0.0)
    bigram_weights = tuple(ridge(x_bi, y_bi))
    base = replace(DEFAULT_PARAMS, token_weights=token_weights, bigram_weights=bigram_weights)
    subset_w, sentence_w = fit_subset_weights(articles, base)
    return replace(base, subset_weights=tuple(subset_w), sentence_weights=tuple(sentence_w))


def folds(articles: Sequence[Article], k: int = FOLDS, seed: int = 13) -> list[int]:
    """A fold number per article, shuffled within each source so every fold holds both."""
    rng = random.Random(seed)
    assignment = [0] * len(articles)
    for source in sorted({a.source for a in articles}):
        idx = [i for i, a in enumerate(articles) if a.source == source]
        rng.shuffle(idx)
        for pos, i in enumerate(idx):
            assignment[i] = pos % k
    return assignment


def cross_validated_summaries(articles: Sequence[Article], k: int = FOLDS) -> tuple[list[str], list[Params]]:
    """Each article's summary from a model fitted on the other k-1 folds, and each fold's model."""
    fold_of = folds(articles, k)
    out = [""] * len(articles)
    models: list[Params] = []
    for f in range(k):
        params = fit([a for a, g in zip(articles, fold_of, strict=True) if g != f])
        models.append(params)
        for i, a in enumerate(articles):
            if fold_of[i] == f:
                out[i] = summarize_document(a.doc, MAX_CHARS, params)
    return out, models


def _fmt(values: Sequence[float]) -> str:
    return ", ".join(f"{v:.4f}" for v in values)


def _named(kind: type, values: Sequence[float]) -> str:
    names: Sequence[str] = getattr(kind, "_fields")  # noqa: B009 - a NamedTuple class
    fields = "".join(f"    {name}={value:.4f},\n" for name, value in zip(names, values, strict=True))
    return f"{kind.__name__}(\n{fields})"


def data_provenance() -> tuple[str, ...]:
    """Each dev file fitted on: its path under shared/data, rows and the start of its SHA-256."""
    out = []
    for name in DEV_SETS:
        path = DATA_DIR / "eval" / f"{name}.jsonl"
        content = path.read_bytes()
        rows = sum(1 for line in content.splitlines() if line.strip())
        out.append(f"eval/{name}.jsonl ({rows} rows, sha256 {hashlib.sha256(content).hexdigest()[:16]})")
    return tuple(out)


def render_module(params: Params, provenance: Provenance) -> str:
    """The source of ``bot/text/fitted_weights.py`` for these weights."""

    def q(text: str) -> str:  # double quotes, as ruff format writes them
        return json.dumps(text, ensure_ascii=False)

    data = "".join(f"        {q(item)},\n" for item in provenance.data)
    return (
        f'"""Fitted weights of the summarizer, written by ``{provenance.command}``; do not edit.\n\n'
        "Refit after changing a feature, the units or the compression rules, and commit this file.\n"
        '"""\n\n'
        "from bot.text.weights import BigramWeights, Provenance, SentenceWeights, SubsetWeights, "
        "TokenWeights\n\n"
        "PROVENANCE = Provenance(\n"
        f"    data=(\n{data}    ),\n"
        f"    command={q(provenance.command)},\n"
        f"    date={q(provenance.date)},\n"
        f"    cross_validation={q(provenance.cross_validation)},\n"
        ")\n"
        f"TOKEN = {_named(TokenWeights, params.token_weights)}\n"
        f"BIGRAM = {_named(BigramWeights, params.bigram_weights)}\n"
        f"SENTENCE = {_named(SentenceWeights, params.sentence_weights)}\n"
        f"SUBSET = {_named(SubsetWeights, params.subset_weights)}\n"
    )


def main() -> int:
    """Fit on all dev articles, print in-sample vs cross-validated ROUGE and the weights; with
    ``--write``, write them to ``bot/text/fitted_weights.py``."""
    dev = load_dev()
    if dev is None:
        print(f"skipped: {DATA_DIR} not found", file=sys.stderr)
        return 0
    articles = prepare_articles(dev)
    params = fit(articles)
    cv, _ = cross_validated_summaries(articles)
    figures = []
    for source in DEV_SETS:
        idx = [i for i, a in enumerate(articles) if a.source == source]
        pairs = [(summarize_document(articles[i].doc, MAX_CHARS, params), articles[i].summary) for i in idx]
        ins = rouge.mean_scores(pairs)
        out = rouge.mean_scores([(cv[i], articles[i].summary) for i in idx])
        print(
            f"{source}: in-sample R-1 {100 * ins.rouge1:.1f} R-2 {100 * ins.rouge2:.1f} | "
            f"{FOLDS}-fold CV R-1 {100 * out.rouge1:.1f} R-2 {100 * out.rouge2:.1f}"
        )
        figures.append(f"{source} R-1 {100 * out.rouge1:.1f} R-2 {100 * out.rouge2:.1f}")
    for kind, values in (
        (TokenWeights, params.token_weights),
        (BigramWeights, params.bigram_weights),
        (SubsetWeights, params.subset_weights),
        (SentenceWeights, params.sentence_weights),
    ):
        print(f"{kind.__name__}: {_fmt(values)}")
    if "--write" in sys.argv[1:]:
        provenance = Provenance(
            data=data_provenance(),
            command=COMMAND,
            date=datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ"),
            cross_validation=f"{FOLDS}-fold CV: " + "; ".join(figures),
        )
        WEIGHTS_MODULE.write_text(render_module(params, provenance), encoding="utf-8")
        print(f"wrote {WEIGHTS_MODULE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
