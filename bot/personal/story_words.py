"""A story's words as filters and alerts see them: stemmed once, then matched against any number of terms.

Matching a term is a set lookup for a word and, for a phrase, a scan of the positions where its
rarest stem occurs: linear in the text whatever the reader typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.personal.terms import Term
from bot.text.words import stems

# Stands between the title and the text so that no phrase runs from one into the other; never a stem.
_BOUNDARY = ""


@dataclass(frozen=True, slots=True)
class StoryWords:
    """The stems of a story's title and text, in order, and where each one occurs."""

    sequence: tuple[str, ...]
    positions: dict[str, list[int]]

    def __contains__(self, stem: str) -> bool:
        return stem in self.positions


def story_words(title: str, text: str = "", language: str = "") -> StoryWords:
    """Stem a story's title and text (written in ``language``) once, for every filter and alert it
    is checked against."""
    return _indexed((*stems(title, language), _BOUNDARY, *stems(text, language)))


def term_matches(term: Term, story: StoryWords) -> bool:
    """True when the story holds the term's word, or its phrase as consecutive stems, in any of the
    term's readings (a Russian and a Kazakh one)."""
    return any(stems_match(reading, story) for reading in term.readings)


def stems_match(term_stems: tuple[str, ...], story: StoryWords) -> bool:
    """True when the story holds these stems one after another."""
    if len(term_stems) == 1:
        return term_stems[0] in story.positions
    positions = story.positions
    # Scan from the stem the story has fewest of; any stem it lacks settles it at once.
    rarest = -1
    fewest = 0
    for offset, stem in enumerate(term_stems):
        found = positions.get(stem)
        if found is None:
            return False
        if rarest < 0 or len(found) < fewest:
            rarest, fewest = offset, len(found)
    sequence = story.sequence
    length = len(term_stems)
    for position in positions[term_stems[rarest]]:
        start = position - rarest
        if start >= 0 and sequence[start : start + length] == term_stems:
            return True
    return False


def story_words_from_stems(title_stems: str, text_stems: str = "") -> StoryWords:
    """``story_words`` from text already stemmed (``bot.text.words.stemmed_text``, what search stores).

    Stems hold no spaces, so splitting gives them back: a digest can filter stored articles without
    stemming them again.
    """
    return _indexed((*title_stems.split(), _BOUNDARY, *text_stems.split()))


def _indexed(sequence: tuple[str, ...]) -> StoryWords:
    positions: dict[str, list[int]] = {}
    for i, stem in enumerate(sequence):
        if stem is _BOUNDARY or not stem:
            continue
        found = positions.get(stem)
        if found is None:
            positions[stem] = [i]
        else:
            found.append(i)
    return StoryWords(sequence, positions)
