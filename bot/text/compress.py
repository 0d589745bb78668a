"""Sentence compression for summaries: drop attributions, boilerplate openers and asides.

Editors' summaries rarely say who reported a fact ("сообщает ТАСС", "говорится в сообщении ведомства")
or repeat "Напомним, что"; these clauses only take room from the cap, and so do the stock-quote widgets
that some sites glue to the first sentence ("«Газпром» GAZP ₽316,99 +0,25% Купить").
``compress_sentence`` deletes such parts of one sentence of the article and keeps the rest as it was
(its words, their order, the final punctuation), capitalising a new first letter.  Nothing is
rewritten or invented.  The rules are Russian; Kazakh and English sentences pass through unchanged
unless they contain brackets or a stock-quote widget.

What is never cut, so that a claim keeps whoever made it: an attribution with "со ссылкой на",
"источник", "собеседник" or a hedge ("якобы", "по данным", "предположительно"); a relay or a source
clause whose removal would leave the claim without any speaker (``has_speaker``); a parenthesis holding
a figure, an exception ("кроме", "за исключением"), a source or a legal label ("признан иноагентом").

``is_boilerplate`` tells whether a whole sentence is only a link; ``bot.text.units`` decides what to do
with "Об этом заявил X." (glued to the claim) and with wire-agency relays (dropped).

All patterns are anchored or bounded, so the cost is linear in the sentence length.
"""

from __future__ import annotations

import re

_DASH = r"[—–-]"
# A short source name or description after the verb: up to 80 characters, no sentence end in it.
_TAIL = r"[^.!?;:()«»\"]{0,80}?(?:«[^«»]{1,40}»[^.!?;:()«»\"]{0,40}?)?"
_END = r"(?P<end>[.!?…]*)\s*$"

# ", сообщает ТАСС." / "— передает РИА Новости." / ", пишет издание Politico." at the end of a sentence.
_MEDIA_VERB = (
    r"(?:сообщает|сообщают|сообщило|сообщила|передает|передаёт|передают|пишет|пишут|информирует|"
    r"уточняет|уточняют|отмечает\s+(?:издание|газета|агентство|телеканал|портал|сайт)|"
    r"со\s+ссылкой\s+на)"
)
_TRAILING_MEDIA = re.compile(rf"(?<![»\"“])\s*,\s*(?:{_DASH}\s*)?{_MEDIA_VERB}\s+{_TAIL}{_END}")
# ", говорится в сообщении ведомства." / ", отмечается в релизе." / ", следует из документа."
_DOC_VERB = (
    r"(?:говорится|отмечается|сообщается|указывается|подчеркивается|подчёркивается|уточняется|"
    r"сказано|указано|отмечено|следует\s+из|сообщили\s+в|сообщил\s+в|сообщила\s+в|рассказали\s+в)"
)
_TRAILING_DOC = re.compile(rf"(?<![»\"“])\s*,\s*(?:{_DASH}\s*)?{_DOC_VERB}\s+{_TAIL}{_END}")
# "Как сообщалось ранее," / "Напомним, что" / "Как сообщает ТАСС," / "По данным «Интерфакса»," at the start.
_LEADING = re.compile(
    r"^(?:"
    r"Как\s+(?:уже\s+)?(?:сообщалось|писал[аио]?|отмечалось|стало\s+известно)(?:\s+ранее)?(?:\s+\S+){0,3}?\s*,\s*"
    r"|Как\s+(?:сообщает|сообщают|сообщил[аио]?|передает|передаёт|пишет|пишут|информирует|уточняет)"
    r"\s+[^,.!?]{1,60},\s*"
    r"|По\s+(?:данным|информации|сообщению)\s+(?:«[^«»]{1,40}»|[A-ZА-ЯЁ][^,.!?\s]*"
    r"(?:\s+[A-ZА-ЯЁ«][^,.!?\s]*){0,2}|издания\s+[^,.!?]{1,40}|агентства\s+[^,.!?]{1,40}|СМИ),\s*"
    r"|Напомним\s*,\s*(?:что\s+)?"
    r"|Кроме\s+того\s*,\s*"
    r"|При\s+этом\s*,?\s*"
    r"|Между\s+тем\s*,?\s*"
    r"|Также\s*,\s*"
    r")"
)
# The whole sentence is an attribution: "Об этом сообщает ТАСС.", "Об этом говорится в сообщении ...".
_BOILERPLATE = re.compile(
    rf"^(?:Об\s+этом|Эту\s+информацию|Информацию\s+об\s+этом)(?:\s+[^\s.!?]+){{0,4}}?\s+(?:{_MEDIA_VERB}|{_DOC_VERB}|"
    r"сообщил[аио]?|сообщили|рассказал[аио]?|рассказали|заявил[аио]?|заявили|написал[аио]?|сказал[аио]?|"
    r"сказали|говорил[аио]?|говорили|упомянул[аио]?|отчитал\w+|объявил[аио]?|объявили|"
    r"написали|подтвердил[аио]?|подтвердили)\b[^!?]{0,160}$"
)
# "О том, что X, говорится в сообщении.": the attribution is the main clause; cut, only a fragment is left.
_SUBORDINATE_OPENER = re.compile(r"^(?:О\s+том|Об\s+этом|То)\s*,?\s*(?:что|как|где|когда|почему|чем)\b")
# Openers that name who reported the news: cut only when the rest has a speaker of its own.
_RELAY_OPENER = re.compile(
    r"(?:Как\s+(?:сообщает|сообщают|сообщил[аио]?|передает|передаёт|пишет|пишут|информирует|уточняет)|По)\s"
)
# Words that make a clause an attribution or a hedge that must stay with its claim.
_PROTECTED = re.compile(
    r"ссылк|источник|собеседник|якобы|предположительно|по\s+данным|по\s+словам|по\s+мнению|"
    r"по\s+информации|по\s+оценк|по\s+прогноз|прогноз|согласно|как\s+утвержда|citing|sources?\b|allegedly",
    re.IGNORECASE,
)
# Someone is speaking in the rest of the sentence: a verb of saying, "по словам", or a quotation.
_SPEAKER = re.compile(
    r"(?:\b(?:заяв(?:ил[аио]?|или|ляет|ляют|ление\w*)|сообщ(?:ил[аио]?|или|ает|ают|ается|алось)|"
    r"сказал[аио]?|сказали|говорит\w*|говорят|рассказ(?:ал[аио]?|али|ывает|ывают)|"
    r"отмет(?:ил[аио]?|или)|отмечает|отмечают|подчеркн(?:ул[аио]?|ули)|подчеркивает|поясн(?:ил[аио]?|или)|"
    r"уточн(?:ил[аио]?|или|яет)|добав(?:ил[аио]?|или)|признал[аио]?|признали|призна[её]т|"
    r"счита(?:ет|ют)|полага(?:ет|ют)|уверен[аы]?|написал[аио]?|написали|пишет|пишут|"
    r"объяв(?:ил[аио]?|или|ляет)|предупред(?:ил[аио]?|или)|предупреждает|призвал[аио]?|призвали|"
    r"допуст(?:ил[аио]?|или)|допускает|выразил[аио]?|указал[аио]?|указали|указывает|утвержда(?:ет|ют)|"
    r"отрица(?:ет|ют)|опроверг\w*|пообещал\w*|обеща(?:ет|ют)|настаива(?:ет|ют)|констатировал\w*|"
    r"оценил[аио]?|оценили|ожида(?:ет|ют)|прогнозиру(?:ет|ют)|подтверд(?:ил[аио]?|или)|подтверждает|"
    r"ответил[аио]?|ответили|передал[аио]?|передает|передаёт|цитирует|приводит)\b"
    r"|\bпо\s+(?:его|ее|её|их|словам|мнению|данным|информации|оценк\w*)\b"
    r"|\b(?:said|says|told|stated|according|reported|reports)\b"
    # a quotation of four words or more is someone's words; «Мясная империя» is a name
    r"|[«\"“„][^«»\"“”„]{0,300}?(?:\s+[^\s«»\"“”„]+){3}[^«»\"“”„]{0,300}?[»\"”“])",
    re.IGNORECASE,
)
# What a parenthesis must not lose: figures, exceptions, sources, legal labels.
_KEPT_PAREN = re.compile(
    r"\d|кроме|за\s+исключением|исключая|except|ссылк|источник|данны|по\s+оценк|прогноз|согласно|"
    r"призна|иноагент|иностранн\w*\s+агент|запрещен|запрещён|экстремист|террорист|нежелательн|"
    r"ликвидирован|внесен|внесён|реестр|banned|designated",
    re.IGNORECASE,
)
# A stock-quote widget glued to the first sentence of exchange news: "«Газпром» GAZP ₽316,99 +0,25% Купить",
# one or more quotes (name of up to four words, ticker, price, change, an optional "Купить").
_QUOTE_ITEM = (
    r"(?:[^\s$₽€%]{1,30}(?:\s[^\s$₽€%]{1,30}){0,3}?\s)?[A-Z][A-Z0-9/.]{1,13}\s[$₽€]\s?\d{1,3}(?:\s\d{3})*"
    r"(?:,\d+)?\s(?:[+\-−–]?\d+(?:,\d+)?\s?%|—)(?:\sКупить)?\s+"
)
_TICKERS = re.compile(rf"^(?:{_QUOTE_ITEM}){{1,6}}(?=[«\"A-ZА-ЯЁ0-9])")
# A parenthetical aside: "(снизились с 12,5 до 11,5%)", "( МВФ )".  Bounded and not nested.
_PAREN = re.compile(r"\s*\(([^()\n]{1,120})\)(?!\w)")  # not inside a word: "Fe(OH)3"
# Links: the digest links the article already.  A bare link closing a sentence ("Манекены ... женщин
# https://...", a channel post's headline, also after "Подробнее:") or alone in brackets is dropped, and
# a sentence that is only a link is boilerplate.  Not after a preposition or another colon ("читайте на
# https://...", "Полный список: https://..."): without the link the sentence would be broken.
_LINK = r"(?:https?://|www\.)[^\s()<>«»\"]*[^\s()<>«»\".,;:!?…]"
_READ_MORE = r"(?:Подробнее|Читать\s+далее|Читать\s+полностью|Источник|Толығырақ|Read\s+more|More|Source)"
_LINK_ONLY = re.compile(rf"\s*(?:[^\w\s]\s*)?(?:{_READ_MORE}\s*:?\s*)?{_LINK}\s*[^\w\s]?\s*")
_TRAILING_LINK = re.compile(
    rf"(?<=[^\W\d]{{4}}|..\w[»).!?])(?:\s+{_READ_MORE}\s*:)?\s+{_LINK}(?P<end>[.!?…]*)\s*$"
)
_LINK_IN_PARENS = re.compile(rf"\s*\(\s*{_LINK}\s*\)")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+(?=[,.;:!?…](?:\s|$))")  # not before ".docx"
_SPACES = re.compile(r"\s{2,}")
_LETTER = re.compile(r"\w")
MIN_KEEP = 20  # never shorten a sentence below this many characters


def is_boilerplate(sentence: str) -> bool:
    """True when the sentence is only a link (a channel post's "https://..." line)."""
    if len(sentence) > 200:
        return False
    return _LINK_ONLY.fullmatch(sentence) is not None


# Kazakh: "Бұл туралы қала әкімдігі хабарлады." ("Об этом сообщил акимат").
_ABOUT_THIS_KK = re.compile(r"^Бұл\s+туралы\s+[^.!?]{1,160}[.!?]?$")


def is_about_this(sentence: str) -> bool:
    """True for a sentence that only names who said or reported the one before it ("Об этом
    заявил министр.", "Об этом сообщает ТАСС.", "Бұл туралы әкімдік хабарлады.")."""
    if len(sentence) > 200:
        return False
    return _BOILERPLATE.match(sentence) is not None or _ABOUT_THIS_KK.match(sentence) is not None


def has_speaker(text: str) -> bool:
    """True when ``text`` says who speaks: a verb of saying, "по словам/данным", or a quotation."""
    return _SPEAKER.search(text) is not None


def strip_stock_widget(text: str) -> str:
    """``text`` without a stock-quote widget at its start ("«Газпром» GAZP ₽316,99 +0,25% Купить ...")."""
    if not any(c in text[:200] for c in "$₽€"):  # cheap guard: every quote in a widget has a price
        return text
    m = _TICKERS.match(text)
    return text[m.end() :] if m is not None else text


def _keep_paren(m: re.Match[str]) -> str:
    return m.group(0) if _KEPT_PAREN.search(m.group(1)) else ""


def _capitalize(text: str) -> str:
    m = _LETTER.search(text)
    if m is None:
        return text
    i = m.start()
    return text[:i] + text[i].upper() + text[i + 1 :]


def _trailing(sentence: str, pattern: re.Pattern[str]) -> str:
    m = pattern.search(sentence)
    if m is None:
        return sentence
    head = sentence[: m.start()].rstrip(" ,—–-")
    # A relay or source clause goes only when it is no hedge and someone still speaks without it.
    if _PROTECTED.search(m.group(0)) or not has_speaker(head):
        return sentence
    end = m.group("end") or "."
    if head.endswith(".") and end.startswith("."):  # "... VisionLabs B.V." takes no second full stop
        end = end[1:]
    return head + end


def compress_sentence(sentence: str, parentheses: bool = True) -> str:
    """``sentence`` without attribution clauses, boilerplate openers, bare links and (with
    ``parentheses``) asides.

    The result is a shortened form of the same sentence; when the cuts would leave less than
    ``MIN_KEEP`` characters (or nothing grammatical), the sentence is returned unchanged.
    """
    if len(sentence) < MIN_KEEP:
        return sentence
    out = sentence
    if any(c in out[:200] for c in "$₽€"):  # cheap guard: every quote in a widget has a price
        m = _TICKERS.match(out)
        if m is not None:
            out = out[m.end() :]
    if "," in out and _SUBORDINATE_OPENER.match(out) is None:
        out = _trailing(out, _TRAILING_MEDIA)
        out = _trailing(out, _TRAILING_DOC)
    m = _LEADING.match(out)
    if m is not None and not _PROTECTED.search(m.group(0)):
        rest = out[m.end() :]
        # "Как сообщает ТАСС, ..." goes only when the rest has a speaker of its own.
        if not _RELAY_OPENER.match(m.group(0)) or has_speaker(rest):
            out = _capitalize(rest)
    if "://" in out or "www." in out:
        out = _TRAILING_LINK.sub(lambda m: m.group("end"), _LINK_IN_PARENS.sub("", out))
    if parentheses and "(" in out:
        out = _PAREN.sub(_keep_paren, out)
        out = _SPACE_BEFORE_PUNCT.sub("", out)
    if out is not sentence:
        out = _SPACES.sub(" ", out).strip()
    if len(out) < MIN_KEEP or not _LETTER.search(out):
        return sentence
    return out
