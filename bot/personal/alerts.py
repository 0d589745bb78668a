"""Which readers a new story concerns: their alerts that match it and their filters that hide it.

``ReaderTermIndex`` is an inverted index from a stem to the filter terms and alerts that need it. A
story looks up each of its distinct stems once and checks only the terms found there, so the cost
follows the story's length and the terms it touches, not the number of readers. ``naive_story_match``
checks every reader's terms one by one: the reference the index is tested against.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeAlias

from bot.personal.story_words import StoryWords, term_matches
from bot.personal.terms import Term, TermKind


@dataclass(frozen=True, slots=True)
class Alert:
    """A reader's `/alert`: every term must match. ``alert_id`` is the stored alert's id."""

    alert_id: int
    terms: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class ReaderTerms:
    """One reader's (or chat's) filter terms and alerts, as the index takes them."""

    reader_id: int
    filter_terms: tuple[Term, ...] = ()
    alerts: tuple[Alert, ...] = ()


class StoryMatch:
    """What one story means for the readers: who gets an alert, whose filter hides it.

    ``keeps`` is a set lookup; ``hidden`` (every reader the filters hide) is built only when asked.
    """

    __slots__ = ("_hidden", "alerts", "excluded", "included", "with_includes")

    def __init__(
        self,
        alerts: dict[int, int],
        included: frozenset[int] | set[int],
        excluded: frozenset[int] | set[int],
        with_includes: frozenset[int],
    ) -> None:
        # Reader -> the first of their alerts (in their order) that matched; only readers whose
        # filter keeps the story. A story matching several alerts of one reader comes once.
        self.alerts = alerts
        self.included = included  # readers with an include term that matched
        self.excluded = excluded  # readers with an exclude term that matched
        self.with_includes = with_includes  # readers who have include terms at all
        self._hidden: frozenset[int] | None = None

    def keeps(self, reader_id: int) -> bool:
        """True when the reader's filter lets the story through (a reader without terms keeps all)."""
        if reader_id in self.excluded:
            return False
        return reader_id not in self.with_includes or reader_id in self.included

    @property
    def hidden(self) -> frozenset[int]:
        """Readers whose filter hides the story: an exclude term matched, or none of their includes."""
        if self._hidden is None:
            self._hidden = (self.with_includes - self.included).union(self.excluded)
        return self._hidden

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StoryMatch):
            return NotImplemented
        return self.alerts == other.alerts and self.hidden == other.hidden

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"StoryMatch(alerts={self.alerts!r}, hidden={set(self.hidden)!r})"


_PhraseEntry: TypeAlias = tuple[int, Term]  # (reader, phrase)
_AlertEntry: TypeAlias = tuple[int, Alert, int]  # (reader, alert, its position among the reader's)
# Where a reader's entry went: (table, stem, key in the stem's bucket; None for a set of readers).
_Placement: TypeAlias = tuple[dict[str, Any], str, tuple[int, int] | None]


def _anchor(stems: Iterable[str]) -> str:
    # Every stem of a term (and of an alert, all of whose terms must match) has to be in the story,
    # so one is enough to find it by; the longest is usually the rarest in news text.
    return max(stems, key=lambda s: (len(s), s))


def _alert_anchors(alert: Alert) -> set[str]:
    """Stems to find an alert by: the anchors of the readings of one of its terms (every term must
    match, and a term matches in one of its readings), the term with the fewest readings."""
    term = min(alert.terms, key=lambda t: (len(t.readings), -max(len(s) for r in t.readings for s in r)))
    return {_anchor(reading) for reading in term.readings}


class ReaderTermIndex:
    """Every reader's filter terms and alerts, indexed by stem; update one reader as they change.

    A one-word filter term needs no checking once its stem is in the story, so those are kept as
    sets of readers per stem and merged in C; phrases and alerts are checked one by one, found
    under one anchor stem each.
    """

    def __init__(self) -> None:
        self._include_words: dict[str, set[int]] = {}
        self._exclude_words: dict[str, set[int]] = {}
        self._include_phrases: dict[str, dict[tuple[int, int], _PhraseEntry]] = {}
        self._exclude_phrases: dict[str, dict[tuple[int, int], _PhraseEntry]] = {}
        self._alerts: dict[str, dict[tuple[int, int], _AlertEntry]] = {}
        # What each reader put where, so that replacing a reader touches only their entries.
        self._placed: dict[int, list[_Placement]] = {}
        self._with_includes: set[int] = set()
        self._with_includes_frozen: frozenset[int] | None = None

    @classmethod
    def build(cls, readers: Iterable[ReaderTerms]) -> ReaderTermIndex:
        index = cls()
        for reader in readers:
            index.set_reader(reader)
        return index

    def __len__(self) -> int:
        """Readers with at least one term or alert."""
        return len(self._placed)

    def remove_reader(self, reader_id: int) -> None:
        for table, stem, key in self._placed.pop(reader_id, ()):
            bucket = table.get(stem)
            if bucket is None:  # the reader had the same word twice: its set went with the first
                continue
            if key is None:
                bucket.discard(reader_id)
            else:
                bucket.pop(key, None)
            if not bucket:
                del table[stem]
        if reader_id in self._with_includes:
            self._with_includes.discard(reader_id)
            self._with_includes_frozen = None

    def set_reader(self, reader: ReaderTerms) -> None:
        """Index the reader's current terms and alerts, replacing what was indexed for them."""
        reader_id = reader.reader_id
        self.remove_reader(reader_id)
        placed: list[_Placement] = []
        for serial, term in enumerate(reader.filter_terms):
            include = term.kind is TermKind.INCLUDE
            if len(term.stems) == 1:
                words = self._include_words if include else self._exclude_words
                for (stem,) in term.readings:
                    words.setdefault(stem, set()).add(reader_id)
                    placed.append((words, stem, None))
            else:
                phrases = self._include_phrases if include else self._exclude_phrases
                key = (reader_id, serial)
                for stem in {_anchor(reading) for reading in term.readings}:
                    phrases.setdefault(stem, {})[key] = (reader_id, term)
                    placed.append((phrases, stem, key))
        for position, alert in enumerate(reader.alerts):
            if alert.terms:
                key = (reader_id, -1 - position)
                for stem in _alert_anchors(alert):
                    self._alerts.setdefault(stem, {})[key] = (reader_id, alert, position)
                    placed.append((self._alerts, stem, key))
        if placed:
            self._placed[reader_id] = placed
        if any(term.kind is TermKind.INCLUDE for term in reader.filter_terms):
            self._with_includes.add(reader_id)
            self._with_includes_frozen = None

    def match(self, story: StoryWords) -> StoryMatch:
        """The alerts the story sets off and the filters that hide it, over every indexed reader."""
        included_sets: list[set[int]] = []
        excluded_sets: list[set[int]] = []
        included_phrases: set[int] = set()
        excluded_phrases: set[int] = set()
        alerted: dict[int, tuple[int, int]] = {}  # reader -> (position, alert id)
        include_words, exclude_words = self._include_words, self._exclude_words
        include_phrases, exclude_phrases = self._include_phrases, self._exclude_phrases
        alert_buckets = self._alerts
        for stem in story.positions:
            found = include_words.get(stem)
            if found is not None:
                included_sets.append(found)
            found = exclude_words.get(stem)
            if found is not None:
                excluded_sets.append(found)
            for phrases, matched in (
                (include_phrases, included_phrases),
                (exclude_phrases, excluded_phrases),
            ):
                phrase_bucket = phrases.get(stem)
                if phrase_bucket is not None:
                    for reader_id, term in phrase_bucket.values():
                        if reader_id not in matched and term_matches(term, story):
                            matched.add(reader_id)
            bucket = alert_buckets.get(stem)
            if bucket is not None:
                for reader_id, alert, position in bucket.values():
                    best = alerted.get(reader_id)
                    if best is not None and best[0] <= position:
                        continue
                    if all(term_matches(t, story) for t in alert.terms):
                        alerted[reader_id] = (position, alert.alert_id)
        included = included_phrases.union(*included_sets)
        excluded = excluded_phrases.union(*excluded_sets)
        with_includes = self._with_includes_frozen
        if with_includes is None:
            with_includes = self._with_includes_frozen = frozenset(self._with_includes)
        result = StoryMatch({}, included, excluded, with_includes)
        result.alerts.update((r, alert_id) for r, (_, alert_id) in alerted.items() if result.keeps(r))
        return result


def naive_story_match(readers: Iterable[ReaderTerms], story: StoryWords) -> StoryMatch:
    """The same answer as ``ReaderTermIndex.match``, checking every reader's every term."""
    alerts: dict[int, int] = {}
    included: set[int] = set()
    excluded: set[int] = set()
    with_includes: set[int] = set()
    for reader in readers:
        reader_id = reader.reader_id
        for term in reader.filter_terms:
            if term.kind is TermKind.INCLUDE:
                with_includes.add(reader_id)
                if reader_id not in included and term_matches(term, story):
                    included.add(reader_id)
            elif reader_id not in excluded and term_matches(term, story):
                excluded.add(reader_id)
        if reader_id in excluded or (reader_id in with_includes and reader_id not in included):
            continue
        for alert in reader.alerts:
            if alert.terms and all(term_matches(t, story) for t in alert.terms):
                alerts[reader_id] = alert.alert_id
                break
    return StoryMatch(alerts, included, excluded, frozenset(with_includes))
