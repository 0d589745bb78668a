"""Units of a summary: whole quotations and parentheses, attributions glued to their claims.

razdel cuts a quotation that runs over several sentences ("«Мы придем. Мы победим», — сказал он.")
into pieces that each read as the bot's own words, and a sentence "Об этом заявил министр." into a
claim without its speaker.  ``build_units`` turns the sentences of an article into units, the only
things a summary may pick:

- a quotation («...», "...", „...“, “...”) or a parenthesis open at the end of a sentence runs on into
  the next sentences of the same line until it closes: one unit;
- a piece that starts in lowercase or with a speech dash ("— сказал он.") belongs to the one before;
- "Об этом заявил X." (X not a wire agency) is glued to the claim before it, or dropped when that
  claim names its own speaker;
- a sentence that only relays an outlet ("Его слова передает РИА «Новости».", "Об этом сообщает
  ТАСС.", "Подробности приводит ...") is dropped;
- a unit that leans on the one before it (a pronoun, a demonstrative, "По его словам", "Тогда", "Там")
  is marked ``leaning``: it may only follow that unit, never open a summary;
- a unit that starts badly (a closing quote, a dash, a comma, a lowercase letter), a later chunk of a
  run-on, a list header ending in ":" and the items after it are not ``eligible`` at all.

Pure functions over short strings: linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.text.compress import has_speaker, is_about_this
from bot.text.sentences import Piece

# Merging stops here: a quote mark that never closes must not swallow the whole article.
MAX_UNIT_CHARS = 1_200
MAX_UNIT_PIECES = 8

# Wire agencies and the outlet's own staff: relaying them adds no speaker to a claim.
WIRE_AGENCY = (
    r"(?:ТАСС|ИТАР-ТАСС|РИА\s*«?Новости»?|РИА|«?Интерфакс\w*»?|ПРАЙМ|Прайм|БелТА|Reuters|Рейтер\w*|AFP|"
    r"Франс[- ]Пресс|Agence\s+France-Presse|AP|Associated\s+Press|Ассошиэйтед\s+Пресс|DPA|Синьхуа|"
    r"Xinhua|Kyodo|Киодо|«?Казинформ»?|Kazinform|МИА\s+«Казинформ»|Sputnik\w*|Спутник|Tengrinews|"
    r"REGNUM|Регнум|УНИАН|Укринформ|Anadolu|Анадолу|EFE|ANSA|агентств\w+|корреспондент\w*(?:\s+\S+){0,3})"
)
_WIRE_AT_END = re.compile(rf"\b{WIRE_AGENCY}\s*[.!]?$")
_RELAY = re.compile(
    r"^(?:"
    r"(?:Его|Ее|Её|Их|Эти|Эту|Её\s+же)\s+(?:слова|заявлени\w+|цитат\w+|высказывани\w+|ответ)\s+"
    r"(?:передает|передаёт|передают|приводит|приводят|цитирует|цитируют|публикует)\b"
    r"|(?:Подробности|Подробнее|Детали)\s+(?:приводит|приводят|сообщает|сообщают|передает|передаёт|"
    r"рассказывает|рассказывают|публикует|читайте)\b"
    r"|(?:Об\s+этом|Как)\s+(?:сообщает|сообщил|передает|передаёт|пишет)\s+(?:корреспондент|агентство)\b"
    r")",
)
# Openers that refer back: pronouns, demonstratives, "По его словам", "Тогда", "Там".
_LEANING = re.compile(
    r"^(?:(?:Он|Она|Оно|Они|Его|Ее|Её|Их|Ему|Ей|Им|Ими|Это|Этот|Эта|Эти|Этого|Этой|Этим|Этому|Этих|Этими|"
    r"Этом|Тот|Та|Те|Того|Тому|Тех|Там|Тогда|Туда|Оттуда|Здесь|Тут|Такой|Такая|Такое|Такие|Таким|Такого|"
    r"Также|Однако|Впрочем|Причем|Причём|Поэтому|Следовательно|Зато|Сам|Сама|Сами|Последний|Последняя|"
    r"Последние|Последнее|Данный|Данная|Данное|Он\s+же|He|She|It|They|This|These|Those|That|There|Then|"
    r"However|Also|His|Her|Their|Its|Ол|Олар|Оның|Олардың|Оған|Оларға|Оны|Бұл|Бұның|Осы|Сол|Мұнда|Онда)\b"
    r"|(?:По|Из|У|С|Со|Для|После|До|При|На|За|О|Об|Кроме|Помимо|Среди|Между|Вместе|В|Во|К|От|Под|Над|Про|"
    r"Через|Без)\s+(?:него|нее|неё|них|ним|нему|ней|нем|нём|ними|этого|этой|этих|этому|этом|этим|этими|"
    r"эту|это|того|тех|том|той|тем|чего|чем|чём|его|ее|её|их)\b(?!\s*,\s*(?:что|как|чтобы|где|когда)\b)"
    # "По данным ведомства," (the agency named before), not "По данным мэра Харькова Игоря Терехова,"
    r"|По\s+(?:данным|информации|словам|мнению|оценке|оценкам|прогнозу|сведениям)\s+[а-яё-]+\s*,"
    r")"
)
_BAD_FIRST = frozenset("»”“)]}—–-,;:.…!?%")
_LIST_ITEM = re.compile(r"^(?:\d{1,2}|[а-яa-z])[).]\s")
_FINAL = frozenset('.!?…»"”)')
_SPEECH_DASH = re.compile(r"^[—–-]\s*[a-zа-яё]")


@dataclass(slots=True)
class Unit:
    """What a summary may pick: one or more whole sentences of the article."""

    pieces: list[str]
    line_start: bool
    eligible: bool = True
    leaning: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.pieces)


_BRACKETS = re.compile(r"[«»()]")


def quote_depth(text: str, depth: tuple[int, int, int] = (0, 0, 0)) -> tuple[int, int, int]:
    """Open «» and „“/“” quotations, open ASCII quotes (0 or 1) and open parentheses after ``text``.

    Counts, not a walk: a closing mark with nothing open is ignored only as a whole (never below 0).
    """
    guillemets, curly_and_ascii, parens = depth
    ascii_open = (curly_and_ascii + text.count('"')) & 1
    curly = curly_and_ascii >> 1
    if "„" in text or "“" in text or "”" in text:
        for c in text:
            if c == "„":
                curly += 1
            elif c == "“":
                # closes a „ in Russian typography, opens an English quotation otherwise
                curly = curly - 1 if curly else curly + 1
            elif c == "”":
                curly = max(curly - 1, 0)
    guillemets = max(guillemets + text.count("«") - text.count("»"), 0)
    parens = max(parens + text.count("(") - text.count(")"), 0)
    return guillemets, (curly << 1) | ascii_open, parens


def is_balanced(text: str) -> bool:
    """True when every quotation and parenthesis of ``text`` closes, and none closes before opening."""
    if text.count('"') % 2 or text.count("«") != text.count("»") or text.count("(") != text.count(")"):
        return False
    g = p = 0
    for c in _BRACKETS.findall(text):
        if c == "«":
            g += 1
        elif c == "»":
            g -= 1
        elif c == "(":
            p += 1
        else:
            p -= 1
        if g < 0 or p < 0:
            return False
    return True


def starts_badly(text: str) -> bool:
    """True when ``text`` opens with a closing quote, a dash, a comma or a lowercase letter
    ("iPhone" and "eBay" are names, not lowercase starts)."""
    if not text:
        return True
    c = text[0]
    if c in _BAD_FIRST:
        return True
    return c.islower() and not (len(text) > 1 and text[1].isupper())


def is_leaning(text: str) -> bool:
    """True when ``text`` opens with a word that refers to what came before."""
    return _LEANING.match(text) is not None


def is_relay(text: str) -> bool:
    """True for a sentence that only relays an outlet: "Его слова передает РИА «Новости».",
    "Подробности приводит ...", "Об этом сообщает ТАСС." (an attribution naming a wire agency)."""
    if len(text) > 200:
        return False
    if _RELAY.match(text):
        return True
    return is_about_this(text) and _WIRE_AT_END.search(text) is not None


def has_final_punctuation(text: str) -> bool:
    return bool(text) and text[-1] in _FINAL


def _open(depth: tuple[int, int, int]) -> bool:
    return any(depth)


def build_units(pieces: Sequence[Piece]) -> list[Unit]:
    """The units of an article from its sentences (see the module's docstring)."""
    units: list[Unit] = []
    depth = (0, 0, 0)
    for piece in pieces:
        text = piece.text
        current = units[-1] if units else None
        joins = current is not None and not piece.line_start and not piece.chunk
        if joins and current is not None:
            merged_len = sum(map(len, current.pieces)) + len(text)
            fits = merged_len <= MAX_UNIT_CHARS and len(current.pieces) < MAX_UNIT_PIECES
            # inside a quotation or a parenthesis, or the speech tag after one: the same unit
            if fits and (
                _open(depth) or _SPEECH_DASH.match(text) or (text[0].islower() and starts_badly(text))
            ):
                current.pieces.append(text)
                depth = quote_depth(text, depth)
                continue
        depth = quote_depth(text)
        if is_relay(text):
            depth = (0, 0, 0)
            continue
        if is_about_this(text) and current is not None:
            # "Об этом заявил X.": the speaker stays with a claim that has none of its own; a claim
            # that names its speaker ("Министр заявил, что ...") loses nothing without the repeat.
            if not has_speaker(current.text):
                current.pieces.append(text)
            depth = (0, 0, 0)
            continue
        unit = Unit([text], piece.line_start)
        if piece.chunk or starts_badly(text) or _LIST_ITEM.match(text) or is_about_this(text):
            unit.eligible = False
        elif current is not None and (
            current.pieces[-1].endswith((":", ";"))
            or (not current.eligible and _LIST_ITEM.match(current.text))
        ):
            unit.eligible = False  # a list item without its header
        unit.leaning = is_leaning(text)
        units.append(unit)
    for i, unit in enumerate(units):
        last = unit.pieces[-1]
        if last.endswith((":", ";")) or not is_balanced(unit.text):
            unit.eligible = False
        elif not has_final_punctuation(last) and len(last.split()) < 5 and i + 1 < len(units):
            unit.eligible = False  # a subheading ("Что известно") before the text it heads
    return units
