"""Which readers a new story concerns: their alerts that match it and their filters that hide it.

``ReaderTermIndex`` is an inverted index from a stem to the filter terms and alerts that need it. A
story looks up each of its distinct stems once and checks only the terms found there, so the cost
follows the story's length and the terms it touches, not the number of readers. ``naive_story_match``
checks every reader's terms one by one: the reference the index is tested against.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TypeAlias

from bot.personal.filters import WordFilter
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


@dataclass(frozen=True, slots=True)
class StoryMatch:
    """What one story means for the readers: who gets an alert, whose filter hides it."""

    # Reader -> the first of their alerts (in their order) that matched; only readers whose filter
    # keeps the story. A story matching several alerts of one reader is one entry: it comes once.
    alerts: dict[int, int]
    # Readers whose filter hides the story (an exclude term matched, or none of their includes did).
    hidden: frozenset[int]

    def keeps(self, reader_id: int) -> bool:
        """True when the reader's filter lets the story through (a reader without terms keeps all)."""
        return reader_id not in self.hidden


class _Kind(IntEnum):
    INCLUDE = 0
    EXCLUDE = 1
    ALERT = 2


# (kind, reader, term or alert, the alert's position among the reader's alerts)
_Entry: TypeAlias = tuple[_Kind, int, Term | Alert, int]


def _anchor(stems: Iterable[str]) -> str:
    # Every stem of a term (and of an alert, all of whose terms must match) has to be in the story,
    # so one is enough to find it by; the longest is usually the rarest in news text.
    return max(stems, key=lambda s: (len(s), s))


@dataclass(slots=True)
class ReaderTermIndex:
    """Every reader's filter terms and alerts, indexed by stem; update one reader as they change."""

    _buckets: dict[str, dict[tuple[int, int], _Entry]] = field(default_factory=dict)
    _anchors: dict[int, list[tuple[str, tuple[int, int]]]] = field(default_factory=dict)
    _with_includes: set[int] = field(default_factory=set)
    _hidden_unless_included: frozenset[int] | None = None

    @classmethod
    def build(cls, readers: Iterable[ReaderTerms]) -> ReaderTermIndex:
        index = cls()
        for reader in readers:
            index.set_reader(reader)
        return index

    def __len__(self) -> int:
        """Readers with at least one term or alert."""
        return len(self._anchors)

    def remove_reader(self, reader_id: int) -> None:
        for stem, key in self._anchors.pop(reader_id, ()):
            bucket = self._buckets[stem]
            del bucket[key]
            if not bucket:
                del self._buckets[stem]
        if reader_id in self._with_includes:
            self._with_includes.discard(reader_id)
            self._hidden_unless_included = None

    def set_reader(self, reader: ReaderTerms) -> None:
        """Index the reader's current terms and alerts, replacing what was indexed for them."""
        reader_id = reader.reader_id
        self.remove_reader(reader_id)
        entries: list[tuple[str, _Entry]] = []
        for term in reader.filter_terms:
            kind = _Kind.INCLUDE if term.kind is TermKind.INCLUDE else _Kind.EXCLUDE
            entries.append((_anchor(term.stems), (kind, reader_id, term, 0)))
        for position, alert in enumerate(reader.alerts):
            if alert.terms:
                stems = (s for term in alert.terms for s in term.stems)
                entries.append((_anchor(stems), (_Kind.ALERT, reader_id, alert, position)))
        if not entries:
            return
        anchors = self._anchors[reader_id] = []
        for serial, (stem, entry) in enumerate(entries):
            key = (reader_id, serial)
            self._buckets.setdefault(stem, {})[key] = entry
            anchors.append((stem, key))
        if any(term.kind is TermKind.INCLUDE for term in reader.filter_terms):
            self._with_includes.add(reader_id)
            self._hidden_unless_included = None

    def match(self, story: StoryWords) -> StoryMatch:
        """The alerts the story sets off and the filters that hide it, over every indexed reader."""
        included: set[int] = set()
        excluded: set[int] = set()
        alerted: dict[int, tuple[int, int]] = {}  # reader -> (position, alert id)
        buckets = self._buckets
        for stem in story.positions:
            bucket = buckets.get(stem)
            if bucket is None:
                continue
            for kind, reader_id, subject, position in bucket.values():
                if kind is _Kind.ALERT:
                    best = alerted.get(reader_id)
                    if best is not None and best[0] <= position:
                        continue
                    assert isinstance(subject, Alert)
                    if all(term_matches(t, story) for t in subject.terms):
                        alerted[reader_id] = (position, subject.alert_id)
                    continue
                done = included if kind is _Kind.INCLUDE else excluded
                if reader_id in done:
                    continue
                assert isinstance(subject, Term)
                if len(subject.stems) == 1 or term_matches(subject, story):
                    done.add(reader_id)
        hidden_unless_included = self._hidden_unless_included
        if hidden_unless_included is None:
            hidden_unless_included = self._hidden_unless_included = frozenset(self._with_includes)
        hidden = (hidden_unless_included - included).union(excluded)
        alerts = {reader: alert for reader, (_, alert) in alerted.items() if reader not in hidden}
        return StoryMatch(alerts, hidden)


def naive_story_match(readers: Iterable[ReaderTerms], story: StoryWords) -> StoryMatch:
    """The same answer as ``ReaderTermIndex.match``, checking every reader's every term."""
    alerts: dict[int, int] = {}
    hidden: set[int] = set()
    for reader in readers:
        if not WordFilter.of(reader.filter_terms).keeps(story):
            hidden.add(reader.reader_id)
            continue
        for alert in reader.alerts:
            if alert.terms and all(term_matches(t, story) for t in alert.terms):
                alerts[reader.reader_id] = alert.alert_id
                break
    return StoryMatch(alerts, frozenset(hidden))
