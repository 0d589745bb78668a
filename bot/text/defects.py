"""Defects a reader sees in a summary, by class: what ``make eval`` counts per 100 summaries.

Each detector looks at a summary beside the article it came from (the stored full text) and its
headline.  They are written from the classes of defects, not from particular articles:

form
    ``quote_fragment``   quote marks or brackets unbalanced, or a sentence that sits inside a
                         quotation of the article shown without the quotation's opening
    ``unquoted_speech``  such a sentence shown with no quote marks at all: someone's words read as
                         the bot's own
    ``leaning``          a sentence that leans on one the summary skipped ("Он ...", "По его словам")
    ``bad_start``        a sentence that starts with a closing quote, a dash, a comma, a lowercase letter
    ``mid_sentence``     a sentence that starts in the middle of one of the article's sentences
    ``relay_only``       a sentence that only relays an outlet ("Его слова передает РИА «Новости».")
    ``furniture``        a footer, a signature, a credit, a bare link, a leading emoji or bullet
    ``headline_repeat``  a sentence that repeats the headline
    ``near_duplicate``   two sentences that say the same
    ``run_on``           two lines of the article glued into one sentence (no full stop between)
    ``only_furniture``   a summary with nothing but a link, a footer or a signature

meaning
    ``attribution_cut``  compression removed who said it: a source or hedge clause, or a relay whose
                         removal leaves the claim with no speaker
    ``paren_cut``        a parenthesis with a figure, an exception, a source or a legal label removed
    ``speaker_dropped``  the claim is shown, the next sentence "Об этом заявил X." (its only speaker) is not

``not_verbatim`` lists the summary sentences that are not in the article as they stand, with a diff
of what was removed: the place to read what compression did.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from itertools import pairwise

from bot.text.clean import is_footer_line, strip_leading_symbols
from bot.text.compress import has_speaker, is_about_this
from bot.text.sentences import split_pieces, split_sentences
from bot.text.units import build_units, is_balanced, is_leaning, is_relay, quote_depth, starts_badly

FORM_DEFECTS = (
    "quote_fragment",
    "unquoted_speech",
    "leaning",
    "bad_start",
    "mid_sentence",
    "relay_only",
    "furniture",
    "headline_repeat",
    "near_duplicate",
    "run_on",
    "only_furniture",
)
MEANING_DEFECTS = ("attribution_cut", "paren_cut", "speaker_dropped")
ALL_DEFECTS = FORM_DEFECTS + MEANING_DEFECTS

_WORD = re.compile(r"\w+(?:[-.]\w+)*")
_TOKEN = re.compile(r"\w+(?:[-.,]\w+)*|[^\w\s]")
_SPACES = re.compile(r"\s+")
_QUOTES = frozenset('«»"“”„')
_ATTRIBUTION_WORDS = re.compile(
    r"ссылк|источник|собеседник|сообща|сообщил|передае|передаё|пишет|пишут|заяв|говорится|отмечается|"
    r"следует\s+из|по\s+данным|по\s+словам|по\s+информации|по\s+мнению|по\s+оценк|прогноз|согласно|якобы|"
    r"предположительно|reports?|citing|according",
    re.IGNORECASE,
)
_PROTECTED = re.compile(
    r"ссылк|источник|собеседник|якобы|предположительно|по\s+данным|по\s+словам|по\s+мнению|по\s+информации|"
    r"по\s+оценк|прогноз|согласно|citing|according|sources?\b",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\(([^()]{1,200})\)")
_KEPT_PAREN = re.compile(
    r"\d|кроме|за\s+исключением|исключая|except|ссылк|источник|данны|прогноз|согласно|призна|иноагент|"
    r"иностранн\w*\s+агент|запрещен|запрещён|экстремист|террорист|нежелательн|ликвидирован|реестр",
    re.IGNORECASE,
)
# Openers compression may cut (see bot.text.compress): what it leaves starts no sentence piece.
_OPENER = re.compile(
    r"\s*(?:Как\s+(?:уже\s+)?(?:сообщалось|писал[аио]?|отмечалось|стало\s+известно)(?:\s+ранее)?[^,]{0,40},"
    r"|Напомним\s*,\s*(?:что)?|Кроме\s+того\s*,|При\s+этом\s*,?|Между\s+тем\s*,?|Также\s*,|"
    r"Как\s+(?:сообщает|сообщают|передает|передаёт|пишет|пишут)\s+[^,]{1,60},)\s*"
)
_BYLINE = re.compile(r"корреспондент|тілші|correspondent", re.IGNORECASE)
_TICKER = re.compile(r"\b[A-Z][A-Z0-9]{1,6}\s[$₽€]\s?\d[\d\s]*(?:,\d+)?\s[+\-−–]?\d+(?:,\d+)?\s?%")
_LINK = re.compile(r"(?:https?://|www\.|t\.me/)\S+")
# the end of a stock-quote widget ("GAZP ₽316,99 +0,25% Купить"): what follows starts a sentence
_WIDGET_END = re.compile(r"(?:[+\-−–]?\d+(?:,\d+)?\s?%|—)(?:\s+Купить)?$")
_FINAL = '.!?…»"”)'


@dataclass
class Report:
    """The defects of one summary and the sentences of it that are not verbatim in the article."""

    defects: set[str] = field(default_factory=set)
    not_verbatim: list[tuple[str, str, str]] = field(default_factory=list)  # (summary sentence, source, diff)

    @property
    def form(self) -> bool:
        return bool(self.defects & set(FORM_DEFECTS))

    @property
    def meaning(self) -> bool:
        return bool(self.defects & set(MEANING_DEFECTS))


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text))


def _find(article: str, sentence: str) -> int:
    """Where ``sentence`` stands in ``article`` (a missing final full stop allowed), or -1."""
    pos = article.find(sentence)
    if pos < 0 and sentence.endswith("."):
        # a full stop the summary added to a line without one, not to a sentence cut short
        pos = article.find(sentence[:-1] + "\n")
        if pos < 0 and article.endswith(sentence[:-1]):
            pos = len(article) - len(sentence) + 1
    return pos


def _inside_quotation(text: str, pos: int) -> bool:
    """True when ``pos`` of ``text`` lies inside a «» or „“ quotation that closes later in the same
    paragraph (a quote mark the article never closes proves nothing)."""
    start = max(text.rfind("\n", 0, pos) + 1, pos - 1500)
    g, other, _ = quote_depth(text[start:pos])
    if not g and not other >> 1:
        return False
    end = text.find("\n", pos)
    rest = text[pos : end if end >= 0 else len(text)]
    closers = rest.count("»") + rest.count("“") - rest.count("«") - rest.count("„")
    return closers > 0


def _trim_symbols(text: str) -> str:
    """``text`` without the spaces, emoji and bullets at its end (what opens a post's line); a line
    break among them is kept, as the sentence end it is."""
    trimmed = strip_leading_symbols(text[::-1])[::-1]
    return trimmed + "\n" if "\n" in text[len(trimmed) :] else trimmed


def _after_headline(before: str, title_words: frozenset[str]) -> bool:
    """True when ``before`` (the article up to a sentence) is only the headline, as a post repeats it:
    a sentence leaning on it leans on what the card shows."""
    sentences = split_sentences(before)
    if len(sentences) != 1 or not title_words:
        return False
    words = _words(sentences[0])
    # a long first sentence became the headline shortened with "…": the headline is a prefix of it
    return _repeats(words, title_words, 0.8) or len(title_words & words) >= 0.9 * len(title_words)


def summary_units(summary: str) -> list[str]:
    """The summary cut as the summarizer cuts articles: whole quotations, speakers with claims."""
    return [u.text for u in build_units(split_pieces(summary))] or [summary]


def _is_furniture(sentence: str) -> bool:
    bare = strip_leading_symbols(sentence)
    if bare != sentence or is_footer_line(bare.rstrip(".")) or is_footer_line(bare):
        return True
    if _LINK.fullmatch(bare.strip(" .")) or _TICKER.search(bare):
        return True
    return bare.strip().lower().strip("*. ") in {"video", "видео", "фото", "photo"}


def _repeats(words: frozenset[str], other: frozenset[str], share: float) -> bool:
    return bool(words) and len(words & other) >= share * len(words) and len(words) <= 1.5 * len(other) + 2


def _source(article_sentences: list[str], sentence: str) -> int:
    """The index of the article sentence that ``sentence`` was most likely cut from."""
    words = _words(sentence)
    best, best_score = -1, 0.0
    for i, cand in enumerate(article_sentences):
        cw = _words(cand)
        if not cw:
            continue
        score = len(words & cw) / (len(words) or 1) - 0.001 * len(cw - words) / (len(cw) or 1)
        if score > best_score:
            best, best_score = i, score
    return best if best_score >= 0.6 else -1


def _removed(source: str, sentence: str) -> list[str]:
    """The runs of ``source``'s tokens that ``sentence`` left out."""
    a = _TOKEN.findall(source)
    b = _TOKEN.findall(sentence)
    out = []
    matcher = difflib.SequenceMatcher(a=[t.lower() for t in a], b=[t.lower() for t in b], autojunk=False)
    for op, i1, i2, _, _ in matcher.get_opcodes():
        if op in ("delete", "replace") and i2 > i1:
            out.append(" ".join(a[i1:i2]))
    return out


def _meaning_cuts(source: str, sentence: str, removed: list[str]) -> set[str]:
    found: set[str] = set()
    gone = " ".join(removed)
    if _ATTRIBUTION_WORDS.search(gone):
        # the outlet's own correspondent is a byline, not a source; anything else must leave a speaker
        byline = _BYLINE.search(gone) is not None
        if _PROTECTED.search(gone) or not (byline or has_speaker(sentence)):
            found.add("attribution_cut")
    for m in _PAREN.finditer(source):
        inner = m.group(1)
        if _KEPT_PAREN.search(inner) and inner not in sentence:
            found.add("paren_cut")
    return found


def inspect(summary: str, article: str, title: str = "") -> Report:
    """The defects of ``summary`` (see the module's docstring) against its ``article`` and headline."""
    report = Report()
    summary = summary.strip()
    if not summary:
        return report
    text = "\n".join(_norm(line) for line in article.split("\n") if line.strip())
    lines = text.split("\n")
    article_sentences = split_sentences(article)
    sentences = summary_units(summary)
    title_words = _words(title)
    if not is_balanced(summary):
        report.defects.add("quote_fragment")
    if all(_is_furniture(s) for s in sentences):
        report.defects.add("only_furniture")
    seen: list[frozenset[str]] = []
    previous_end = -1
    for i, s in enumerate(sentences):
        words = _words(s)
        pos = _find(text, s)
        if starts_badly(s):
            report.defects.add("bad_start")
        if is_relay(s):
            report.defects.add("relay_only")
        if _is_furniture(s):
            report.defects.add("furniture")
        first_piece = split_sentences(s)[0] if s else s
        if title_words and (
            _repeats(words, title_words, 0.8) or _repeats(_words(first_piece), title_words, 0.8)
        ):
            report.defects.add("headline_repeat")
        if any(_repeats(words, w, 0.8) for w in seen):
            report.defects.add("near_duplicate")
        seen.append(words)
        if pos >= 0:
            if _inside_quotation(text, pos):
                report.defects.add("quote_fragment")
                if not _QUOTES & set(s):
                    report.defects.add("unquoted_speech")
            before = _trim_symbols(text[max(0, pos - 80) : pos])
            # not after a sentence end, a line break, a stock widget or an opener compression may cut
            # ("При этом", "Напомним, что"): a piece of a sentence
            if before and before[-1] not in _FINAL + "\n" and not _WIDGET_END.search(before):
                k = _source(article_sentences, s)
                head = article_sentences[k][: article_sentences[k].find(s)] if k >= 0 else ""
                opener = _OPENER.match(head)
                if head and opener is not None and opener.end() == len(head):
                    report.not_verbatim.append((s, article_sentences[k], f"-[{head.strip()}]"))
                else:
                    report.defects.add("mid_sentence")
            # leaning is fine right after its antecedent, which must then be the previous unit; only
            # a dropped relay ("Его слова передает ТАСС.") may stand between them
            gap = text[previous_end:pos].strip() if previous_end >= 0 else ""
            detached = i == 0 or previous_end < 0 or not all(map(is_relay, split_sentences(gap)))
            if is_leaning(s) and detached and not (i == 0 and _after_headline(text[:pos], title_words)):
                report.defects.add("leaning")
            previous_end = pos + len(s)
            if s.endswith(".") and text[pos : pos + len(s)] != s:  # a full stop the summary added
                previous_end -= 1
        else:
            k = _source(article_sentences, s)
            source = article_sentences[k] if k >= 0 else ""
            removed = _removed(source, s) if source else []
            report.not_verbatim.append((s, source, " | ".join(f"-[{r}]" for r in removed)))
            report.defects |= _meaning_cuts(source, s, removed)
            src_pos = text.find(source) if source else -1
            gap = text[previous_end:src_pos].strip() if previous_end >= 0 and src_pos >= 0 else "x"
            if is_leaning(s) and (i == 0 or not all(map(is_relay, split_sentences(gap)))):
                report.defects.add("leaning")
            # the next unit must follow the article sentence this one ends with
            last = split_sentences(s)[-1] if s else s
            k_last = _source(article_sentences, last)
            end_source = article_sentences[k_last] if k_last >= 0 else source
            end_pos = text.find(end_source) if end_source else -1
            previous_end = end_pos + len(end_source) if end_pos >= 0 else -1
    # a run-on: an article line without final punctuation flowing into the next line's words
    for a, b in pairwise(lines):
        if a and a[-1] not in _FINAL and b and f"{a} {b[:25]}" in summary:
            report.defects.add("run_on")
    # the claim is shown without "Об этом заявил X." that follows it in the article
    for k, sent in enumerate(article_sentences[:-1]):
        nxt = article_sentences[k + 1]
        if is_about_this(nxt) and not is_relay(nxt) and nxt not in summary and not has_speaker(sent):
            core = sent.rstrip(".!?")
            if len(core) > 20 and core[:60] in summary:
                report.defects.add("speaker_dropped")
    return report
