"""Throughput and memory of the summarizer against Lead-3 on the dev articles, one core.

Run ``python -m benchmarks.bench_summarizer``.  Both systems include cleaning and sentence splitting.
"Cold" is the first pass (the stemmer's cache empty); "warm" is steady state, as in the running bot.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

from benchmarks.fit_summarizer import DATA_DIR, load_dev
from bot.text.clean import clean_article_text
from bot.text.sentences import split_sentences
from bot.text.summarizer import summarize

REPEATS = 3
TARGET_CHARS = 2_000


def padded(rows: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Each article extended to about ``TARGET_CHARS`` with the opening of the next ones (the dev
    articles average 1,550 chars; the speed target is stated for ~2,000-char articles)."""
    out: list[tuple[str, str | None]] = []
    for i, (text, title) in enumerate(rows):
        j = i + 1
        while len(text) < TARGET_CHARS:
            text += "\n\n" + rows[j % len(rows)][0][: TARGET_CHARS - len(text)]
            j += 1
        out.append((text, title))
    return out


def lead3(text: str, title: str | None = None) -> str:
    """Lead-3 with the same cleaning and splitting."""
    del title
    return " ".join(split_sentences(clean_article_text(text))[:3])


def _rate(fn: Callable[[str, str | None], str], rows: list[tuple[str, str | None]]) -> float:
    start = time.perf_counter()
    for text, title in rows:
        fn(text, title)
    return len(rows) / (time.perf_counter() - start)


def main() -> int:
    """Print articles per second for ours and Lead-3, their ratio and peak memory."""
    dev = load_dev()
    if dev is None:
        print(f"skipped: {DATA_DIR} not found")
        return 0
    rows = [(r["text"], r.get("title")) for group in dev.values() for r in group]
    avg = sum(len(t) for t, _ in rows) / len(rows)
    print(f"{len(rows)} dev articles, {avg:.0f} chars on average, one process/core")
    cold = _rate(summarize, rows)
    ours = max(_rate(summarize, rows) for _ in range(REPEATS))
    base = max(_rate(lead3, rows) for _ in range(REPEATS))
    print(f"ours:   {ours:8.0f} articles/s warm ({cold:.0f} cold, first pass)")
    print(f"Lead-3: {base:8.0f} articles/s")
    print(f"ratio ours/Lead-3: {ours / base:.2f}")
    long_rows = padded(rows)
    avg_long = sum(len(t) for t, _ in long_rows) / len(long_rows)
    ours_long = max(_rate(summarize, long_rows) for _ in range(REPEATS))
    print(f"ours on articles padded to {avg_long:.0f} chars: {ours_long:8.0f} articles/s warm")
    tracemalloc.start()
    for text, title in rows:
        summarize(text, title)
    summarize("слово " * 200_000)  # a 1.2 MB unpunctuated input
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory (tracemalloc, incl. a 1.2 MB input): {peak / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
