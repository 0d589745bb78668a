"""How well Kazakh word forms collapse to one stem, on real text: ../shared/data/corpus/kk_sentences.jsonl.

``python -m benchmarks.eval_kazakh_stems [--min-count 3] [--show 15]``

Forms: for every word of the sentences seen at least ``--min-count`` times (a root candidate), every
other word of the sentences that is that root followed by a chain of a plural, a possessive and a
case ending as a grammar writes them (any allomorph, the root's final п/к/қ voiced before a vowel),
with no check of the sounds between them: the stemmer's rules are not used to find the forms, so a
form they fail to reduce counts as missed. Prints the share of such forms whose stem is their root's
(by kind of ending), then over-stemming checks: distinct words sharing a stem, the stems of two
letters, the words of the most crowded stems to read, and the Russian stems of the Russian corpus
left as they were. Prints figures, never fails.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import snowballstemmer

from bot.text.words import KAZAKH_MARK, stem, words

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus"
KAZAKH = DATA / "kk_sentences.jsonl"
RUSSIAN = DATA / "tg_news_posts_ru.jsonl"

_PLURALS = ("", "лар", "лер", "дар", "дер", "тар", "тер")
_POSSESSIVES = ("", "ы", "і", "сы", "сі", "ымыз", "іміз", "мыз", "міз")
_CASES = (
    *("", "ның", "нің", "дың", "дің", "тың", "тің", "ны", "ні", "ды", "ді", "ты", "ті", "н"),
    *("ға", "ге", "қа", "ке", "на", "не", "да", "де", "та", "те", "нда", "нде"),
    *("дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі", "дан", "ден", "нан", "нен", "тан", "тен"),
    *("мен", "бен", "пен"),
)
_VOICED = {"п": "б", "к": "г", "қ": "ғ"}
_RUSSIAN_LETTERS = re.compile("[а-яё]+")
# Roots whose last vowel drops before an ending ("халық" -> "халқы"), as the stemmer knows them.
_SHORT = {
    "халық": ("халқ",),
    "орын": ("орн",),
    "ауыз": ("ауз",),
    "мұрын": ("мұрн",),
    "ерін": ("ерн",),
    "қарын": ("қарн",),
}


def kazakh(word: str) -> str:
    """The word's stem in a Kazakh text, without the mark that ends every Kazakh stem."""
    return stem(word, "kk").removesuffix(KAZAKH_MARK)


def endings() -> dict[str, str]:
    """Every chain of endings, to the kind it is ("case", "possessive+case", "plural+possessive"...)."""
    found: dict[str, str] = {}
    for plural, possessive, case in itertools.product(_PLURALS, _POSSESSIVES, _CASES):
        chain = plural + possessive + case
        if chain and chain not in found:
            parts = zip(("plural", "possessive", "case"), (plural, possessive, case), strict=True)
            kind = "+".join(name for name, part in parts if part)
            found[chain] = kind
    return found


def read_words(path: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            counts.update(words(json.loads(line).get("text", "")))
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--show", type=int, default=15)
    args = parser.parse_args()
    if not KAZAKH.exists():
        print(f"skipped: {KAZAKH} is not available")
        return 0
    counts = read_words(KAZAKH)
    types = [w for w in counts if w.isalpha()]
    print(f"kk sentences: {sum(counts.values())} words, {len(types)} distinct")
    chains = endings()
    vocabulary = set(types)
    by_kind: dict[str, list[bool]] = defaultdict(list)
    missed: list[tuple[str, str]] = []
    for root in types:
        if counts[root] < args.min_count or len(root) < 3:
            continue
        voiced = root[:-1] + _VOICED[root[-1]] if root[-1] in _VOICED else root
        for chain, kind in chains.items():
            base = voiced if chain[0] in "ыіа" else root
            form = base + chain
            if form in vocabulary and form != root:
                same = kazakh(form) == kazakh(root)
                by_kind[kind].append(same)
                if not same:
                    missed.append((root, form))
    total = [ok for results in by_kind.values() for ok in results]
    print(
        f"forms of {sum(1 for w in types if counts[w] >= args.min_count and len(w) >= 3)} frequent roots"
        f" found in the text: {len(total)}; reduced to their root's stem: {sum(total) / len(total):.1%}"
    )
    for kind, results in sorted(by_kind.items(), key=lambda item: -len(item[1])):
        print(f"  {kind}: {sum(results)}/{len(results)} ({sum(results) / len(results):.0%})")
    print(f"missed, first {args.show}: " + ", ".join(f"{r}/{f}" for r, f in missed[: args.show]))

    groups: dict[str, list[str]] = defaultdict(list)
    for word in types:
        groups[kazakh(word)].append(word)
    shared = [g for g in groups.values() if len(g) > 1]
    print(
        f"over-stemming: {len(types)} distinct words give {len(groups)} stems;"
        f" {sum(len(g) for g in shared)} words share a stem with another"
    )
    # A word that shares a stem but is not the stem followed by the grammar's endings (as above) may
    # be another word eaten down to the same root: counted, and listed to read.
    suspects: list[tuple[str, str]] = []
    for key, members in groups.items():
        if len(members) < 2:
            continue
        bases = {key, key[:-1] + _VOICED[key[-1]] if key[-1] in _VOICED else key, *_SHORT.get(key, ())}
        for word in members:
            if word == key:
                continue
            if not any(word.startswith(b) and word[len(b) :] in chains for b in bases):
                suspects.append((key, word))
    print(
        f"words that share a stem without being the stem and a chain of endings: {len(suspects)}"
        f" ({len(suspects) / len(types):.1%} of distinct words); first {args.show}: "
        + ", ".join(f"{r}/{w}" for r, w in suspects[: args.show])
    )
    short = sorted((s for s in groups if len(s) <= 2), key=lambda s: -len(groups[s]))
    print(
        f"stems of two letters or fewer: {len(short)}: "
        + "; ".join(f"{s}: {', '.join(sorted(groups[s])[:6])}" for s in short[: args.show])
    )
    crowded = sorted(groups.items(), key=lambda item: -len(item[1]))[: args.show]
    for key, members in crowded:
        print(f"  {key}: {len(members)} words: {', '.join(sorted(members, key=len)[:12])}")

    if RUSSIAN.exists():
        russian = snowballstemmer.stemmer("russian")
        ru_counts = read_words(RUSSIAN)
        ru_words = [w for w in ru_counts if _RUSSIAN_LETTERS.fullmatch(w)]
        changed = sum(1 for w in ru_words if stem(w) != russian.stemWord(w.replace("ё", "е")))
        print(
            f"Russian corpus: {len(ru_words)} distinct Cyrillic words,"
            f" stems changed from Snowball's: {changed}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
