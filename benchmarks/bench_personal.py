"""Filters and alerts at scale: every reader's terms matched against each new story.

``python -m benchmarks.bench_personal [--readers 10000] [--terms 5] [--stories 1000] [--naive-stories 100]``

Readers' terms are words and two-word phrases drawn from ../shared/data/corpus/tg_news_posts_ru.jsonl
(real Russian news posts, so common words are drawn as often as news uses them); each reader has
``--terms`` terms split between include terms, exclude terms and alerts of one or two words. Stories
are other posts of the same corpus. The index (``ReaderTermIndex``) is timed per story over all
readers, beside the naive baseline measured in the same run (every reader's every term checked
against the story) on the first ``--naive-stories`` stories, whose answers must be identical.
Then a digest tick: every corpus post as one candidate pool, and ``--pool-readers`` readers' filters
applied to all of it through ``StoryPool`` beside checking each story with ``WordFilter.keeps``.
Target: under 10 ms per story for 10,000 readers with 5 terms each. Prints figures, never fails on
timing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

from bot.personal.alerts import Alert, ReaderTermIndex, ReaderTerms, StoryMatch, naive_story_match
from bot.personal.filters import WordFilter
from bot.personal.story_pool import StoryPool
from bot.personal.story_words import StoryWords, story_words
from bot.personal.terms import Term, TermKind, make_term
from bot.text.words import words

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "tg_news_posts_ru.jsonl"
TARGET_MS = 10.0
SEED = 20261201
_LINK = re.compile(r"\S*(?:https?://|www\.)\S*")


def load_posts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return [text for line in lines if (text := json.loads(line).get("text", "").strip())]


def draw_term(rng: random.Random, post_words: list[list[str]], kind: TermKind) -> Term:
    """A word of four letters or more from a random post, or, one time in five, two words in a row."""
    while True:
        found = rng.choice(post_words)
        candidates = [i for i, w in enumerate(found) if len(w) >= 4 and not w.isdigit()]
        if not candidates:
            continue
        i = rng.choice(candidates)
        if rng.random() < 0.2 and i + 1 < len(found):
            return make_term(kind, found[i : i + 2])
        return make_term(kind, [found[i]])


def make_readers(
    count: int, terms: int, post_words: list[list[str]], rng: random.Random
) -> list[ReaderTerms]:
    readers = []
    for reader_id in range(count):
        filter_terms: list[Term] = []
        alerts: list[Alert] = []
        left = terms
        while left > 0:
            roll = rng.random()
            if roll < 0.4:
                filter_terms.append(draw_term(rng, post_words, TermKind.INCLUDE))
                left -= 1
            elif roll < 0.6:
                filter_terms.append(draw_term(rng, post_words, TermKind.EXCLUDE))
                left -= 1
            else:
                size = min(left, rng.choice((1, 2)))
                alert_terms = tuple(draw_term(rng, post_words, TermKind.INCLUDE) for _ in range(size))
                alerts.append(Alert(reader_id * 100 + len(alerts), alert_terms))
                left -= size
        readers.append(ReaderTerms(reader_id, tuple(filter_terms), tuple(alerts)))
    return readers


def split_story(post: str) -> tuple[str, str]:
    title, _, text = post.partition("\n")
    return title, text


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--readers", type=int, default=10_000)
    parser.add_argument("--terms", type=int, default=5)
    parser.add_argument("--stories", type=int, default=1_000)
    parser.add_argument("--naive-stories", type=int, default=100)
    parser.add_argument("--pool-readers", type=int, default=300)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} is not available")
        return 0

    rng = random.Random(SEED)
    posts = load_posts(args.corpus)
    rng.shuffle(posts)
    story_posts = posts[: args.stories]
    vocabulary_posts = posts[args.stories :] or posts
    # Readers type words, not pieces of the links that posts carry.
    post_words = [found for post in vocabulary_posts if (found := words(_LINK.sub(" ", post)))]
    readers = make_readers(args.readers, args.terms, post_words, rng)
    total_terms = sum(len(r.filter_terms) + sum(len(a.terms) for a in r.alerts) for r in readers)
    phrases = sum(
        t.is_phrase for r in readers for t in (*r.filter_terms, *(t for a in r.alerts for t in a.terms))
    )
    alerts = sum(len(r.alerts) for r in readers)
    print(
        f"readers: {len(readers)}, terms: {total_terms} ({phrases} phrases), alerts: {alerts}, "
        f"stories: {len(story_posts)} from {len(posts)} corpus posts"
    )

    started = time.perf_counter()
    stories: list[StoryWords] = [story_words(*split_story(post)) for post in story_posts]
    stem_ms = (time.perf_counter() - started) * 1000 / len(stories)
    mean_words = statistics.mean(len(s.sequence) for s in stories)
    print(f"stemming a story once: {stem_ms:.3f} ms per story (mean {mean_words:.0f} words)")

    started = time.perf_counter()
    index = ReaderTermIndex.build(readers)
    print(f"index build: {(time.perf_counter() - started) * 1000:.1f} ms for {len(index)} readers")

    index.match(stories[0])  # the first match makes the set of readers with include terms
    index_ms: list[float] = []
    matches: list[StoryMatch] = []
    for story in stories:
        started = time.perf_counter()
        matches.append(index.match(story))
        index_ms.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    mean_hidden = statistics.mean(len(m.hidden) for m in matches)
    hidden_ms = (time.perf_counter() - started) * 1000 / len(matches)
    mean_alerted = statistics.mean(len(m.alerts) for m in matches)
    index_mean = statistics.mean(index_ms)
    print(
        f"index: {index_mean:.3f} ms per story over all readers (p50 {percentile(index_ms, 0.5):.3f}, "
        f"p99 {percentile(index_ms, 0.99):.3f}, max {max(index_ms):.3f}); "
        f"per story {mean_alerted:.1f} readers alerted, {mean_hidden:.0f} filtered out"
    )
    print(
        f"keeps(reader) is a set lookup; listing every reader a story is hidden from "
        f"(StoryMatch.hidden) adds {hidden_ms:.3f} ms per story"
    )

    naive_count = min(args.naive_stories, len(stories))
    naive_ms: list[float] = []
    identical = True
    for story, indexed in zip(stories[:naive_count], matches, strict=False):
        started = time.perf_counter()
        reference = naive_story_match(readers, story)
        naive_ms.append((time.perf_counter() - started) * 1000)
        identical = identical and reference == indexed
    naive_mean = statistics.mean(naive_ms)
    index_same = statistics.mean(index_ms[:naive_count])
    print(
        f"naive baseline (every reader's terms, first {naive_count} stories): {naive_mean:.3f} ms per story; "
        f"index on the same stories {index_same:.3f} ms: {naive_mean / index_same:.1f}x faster; "
        f"identical matches: {'yes' if identical else 'NO'}"
    )
    verdict = "meets" if index_mean < TARGET_MS else "misses"
    print(f"target under {TARGET_MS:.0f} ms per story: {verdict} ({index_mean:.3f} ms)")
    pool_identical = bench_pool(posts, readers, args.pool_readers)
    return 0 if identical and pool_identical else 1


def bench_pool(posts: list[str], readers: list[ReaderTerms], count: int) -> bool:
    """A digest tick: each reader's filter over the whole candidate pool, by stem index and one by one."""
    started = time.perf_counter()
    words = {i: story_words(*split_story(post)) for i, post in enumerate(posts)}
    stem_s = time.perf_counter() - started
    started = time.perf_counter()
    pool = StoryPool(words)
    build_ms = (time.perf_counter() - started) * 1000
    print(
        f"digest pool: {len(pool)} candidate stories, stemmed in {stem_s:.1f} s "
        f"(once per article; stored stems skip it), indexed in {build_ms:.0f} ms"
    )
    filters = [WordFilter.of(r.filter_terms) for r in readers if r.filter_terms][:count]
    pool_ms: list[float] = []
    naive_ms: list[float] = []
    identical = True
    for word_filter in filters:
        started = time.perf_counter()
        verdict = pool.verdict(word_filter)
        kept = [i for i in words if verdict.keeps(i)]
        pool_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        reference = [i for i, w in words.items() if word_filter.keeps(w)]
        naive_ms.append((time.perf_counter() - started) * 1000)
        identical = identical and kept == reference
    pool_mean, naive_mean = statistics.mean(pool_ms), statistics.mean(naive_ms)
    print(
        f"filter over the pool, {len(filters)} readers: {pool_mean:.3f} ms per reader by stem index "
        f"(p99 {percentile(pool_ms, 0.99):.3f}), {naive_mean:.3f} ms checking each story: "
        f"{naive_mean / pool_mean:.1f}x faster; identical: {'yes' if identical else 'NO'}"
    )
    return identical


if __name__ == "__main__":
    sys.exit(main())
