"""Precision and recall of cross-source story grouping on Russian Telegram news posts.

``python -m benchmarks.eval_story_groups [--sweep] [--show N]``

The pairs are built from ../shared/data/corpus/tg_news_posts_ru.jsonl (channel, date, category, text).
Labels come from a rule that does NOT use the matcher's features (word-stem sets), so the matcher is
not graded by its own measure:

* natural positives: posts from different channels at most 24 h apart that share at least 3 rare
  named entities (capitalized words not opening a sentence, and numbers of 2+ digits, each in under
  1% of the posts), at least half of the smaller post's and a quarter of the larger post's.
  ``--show N`` prints a sample to check by eye. Checked by the author: 30 random pairs, 22 about
  the same event, 8 about the same running story but a different event (South Korea's martial law
  and the impeachment that followed): natural recall is a lower bound.
* synthetic positives: a post against its own rewrite: sentences reordered, one sentence dropped,
  a different lead-in and a channel footer added, the last 30% cut.
* negatives: posts from different channels, same category and same day, sharing no rare entity.
  Checked by the author: all 15 grouped ones were in fact the same event told without names
  ("Ставки по вкладам могут вырасти..."), so precision is a lower bound too.
* a "hard" set (same category and day, exactly one rare entity shared) is only reported as the
  share grouped: of 8 grouped pairs checked by eye, 8 were the same event, so this rule cannot
  label negatives.

Identical texts are counted once. The decision graded is the system's: an LSH band collision AND
``same_story`` on the stem sets. Precision is over the pooled pairs, so it depends on the
positive/negative mix; the false-positive rate of the negatives is printed as well.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.ingest.stories import MATCH_THRESHOLD, band_keys, minhash, same_story, similarity, story_features
from bot.text.sentences import split_sentences
from bot.text.words import stem

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "tg_news_posts_ru.jsonl"
NEWS_CATEGORIES = frozenset(
    {"political", "moscow", "business", "finances", "other", "weather", "it", "science"}
)
_URL = re.compile(r"https?://\S+|t\.me/\S+")
_TOKEN = re.compile(r"[A-Za-zА-Яа-яЁё][\w-]*|\d[\d.,]*\d")
_SENTENCE_START = re.compile(r"(^|[.!?…»\"]\s+|\n\s*)$")
_LEADS = ("Как сообщается,", "По имеющимся данным,", "Срочно:", "Стало известно, что")
_FOOTERS = ("Подписывайтесь на наш канал.", "Прислать новость — в бот.", "Больше новостей на сайте.")


@dataclass(slots=True)
class Post:
    index: int
    channel: str
    category: str
    date: datetime
    text: str
    entities: frozenset[str]
    features: frozenset[str]
    keys: frozenset[int]


def entity_tokens(text: str) -> set[str]:
    """Capitalized words that do not open a sentence, and numbers: names, places, figures."""
    found = set()
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token[0].isdigit():
            if sum(ch.isdigit() for ch in token) >= 2:
                found.add(token.replace(",", "."))
        elif token[0].isupper() and not _SENTENCE_START.search(
            text[max(0, match.start() - 3) : match.start()]
        ):
            found.add(stem(token.lower()))
    return found


def load_posts(path: Path) -> list[Post]:
    raw = [json.loads(line) for line in path.open(encoding="utf-8")]
    unique = {r["text"].strip(): r for r in raw if r.get("category") in NEWS_CATEGORIES}
    raw = list(unique.values())
    entity_sets = [entity_tokens(_URL.sub(" ", r["text"])) for r in raw]
    frequency = Counter(token for tokens in entity_sets for token in tokens)
    rare_limit = max(2, len(raw) // 100)
    posts = []
    for i, (record, tokens) in enumerate(zip(raw, entity_sets, strict=True)):
        features = story_features("", record["text"])
        posts.append(
            Post(
                i,
                record["channel"],
                record["category"],
                datetime.fromisoformat(record["date"]),
                record["text"],
                frozenset(t for t in tokens if frequency[t] <= rare_limit),
                features,
                frozenset(band_keys(minhash(features))) if features else frozenset(),
            )
        )
    return posts


def natural_positives(posts: list[Post]) -> list[tuple[Post, Post]]:
    ordered = sorted(posts, key=lambda p: p.date)
    pairs = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.date - a.date > timedelta(hours=24):
                break
            if a.channel == b.channel:
                continue
            shared = len(a.entities & b.entities)
            smaller, larger = sorted((len(a.entities), len(b.entities)))
            # The share of the larger side keeps out multi-story digests ("Главное к вечеру"...).
            if shared >= 3 and shared >= 0.5 * smaller and shared >= 0.25 * larger:
                pairs.append((a, b))
    return pairs


def rewrite(post: Post, rng: random.Random) -> Post | None:
    sentences = split_sentences(_URL.sub(" ", post.text))
    if len(sentences) < 3:
        return None
    rng.shuffle(sentences)
    sentences.pop(rng.randrange(len(sentences)))
    keep = max(2, round(len(sentences) * 0.7))
    text = " ".join([rng.choice(_LEADS), *sentences[:keep], rng.choice(_FOOTERS)])
    features = story_features("", text)
    return Post(
        -post.index - 1,
        "rewrite",
        post.category,
        post.date,
        text,
        post.entities,
        features,
        frozenset(band_keys(minhash(features))) if features else frozenset(),
    )


def negatives(
    posts: list[Post], rng: random.Random, limit: int
) -> tuple[list[tuple[Post, Post]], list[tuple[Post, Post]]]:
    by_day: dict[tuple[str, object], list[Post]] = defaultdict(list)
    for post in posts:
        by_day[(post.category, post.date.date())].append(post)
    easy: list[tuple[Post, Post]] = []
    hard: list[tuple[Post, Post]] = []
    groups = [g for g in by_day.values() if len(g) > 1]
    for _ in range(limit * 50):
        if len(easy) >= limit and len(hard) >= limit:
            break
        group = rng.choice(groups)
        a, b = rng.sample(group, 2)
        if a.channel == b.channel:
            continue
        shared = len(a.entities & b.entities)
        if shared == 0 and len(easy) < limit:
            easy.append((a, b))
        elif shared == 1 and len(hard) < limit:
            hard.append((a, b))
    return easy, hard


def grouped(a: Post, b: Post, threshold: float) -> bool:
    """The system's decision: an LSH candidate that clears the similarity threshold."""
    return bool(a.keys & b.keys) and same_story(a.features, b.features, threshold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sweep", action="store_true", help="also print figures for other thresholds")
    parser.add_argument("--show", type=int, default=0, help="print N natural positive pairs to check by eye")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} is not available")
        return 0
    rng = random.Random(args.seed)
    posts = [p for p in load_posts(args.corpus) if len(p.features) >= 8]
    natural = natural_positives(posts)
    synthetic = [
        (p, r) for p in rng.sample(posts, min(600, len(posts))) if (r := rewrite(p, rng)) is not None
    ]
    easy, hard = negatives(posts, rng, limit=1500)

    for a, b in rng.sample(natural, min(args.show, len(natural))):
        print(f"--- {similarity(a.features, b.features):.2f} shared={sorted(a.entities & b.entities)}")
        print(f"  [{a.channel}] {a.text[:220]!r}\n  [{b.channel}] {b.text[:220]!r}")

    print(__doc__.split("``python", 1)[0].strip())
    print(__doc__.split("\n\n", 2)[2].strip())
    print(
        f"posts used: {len(posts)}; pairs: natural positives {len(natural)}, synthetic positives "
        f"{len(synthetic)}, negatives {len(easy)}, hard set {len(hard)}"
    )
    thresholds = [0.2, 0.25, 0.28, 0.32, 0.36, 0.4, 0.5] if args.sweep else [MATCH_THRESHOLD]
    for threshold in thresholds:
        rate = {
            name: sum(grouped(a, b, threshold) for a, b in pairs) / max(1, len(pairs))
            for name, pairs in (
                ("natural", natural),
                ("synthetic", synthetic),
                ("easy", easy),
                ("hard", hard),
            )
        }
        tp = sum(grouped(a, b, threshold) for a, b in natural + synthetic)
        fp = sum(grouped(a, b, threshold) for a, b in easy)
        positives = len(natural) + len(synthetic)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / positives if positives else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        marker = " (in use)" if threshold == MATCH_THRESHOLD else ""
        print(
            f"threshold {threshold:.2f}{marker}: precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}"
            f"  | recall natural {rate['natural']:.3f} synthetic {rate['synthetic']:.3f}"
            f"  | false-positive rate {rate['easy']:.3f} | hard set grouped {rate['hard']:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
