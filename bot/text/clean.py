"""Article text cleaning, in two strengths.

``clean_article_text`` makes the stored full text: markup, ``None`` placeholders, widgets and the
dateline go; every sentence stays as published, attributions included.  ``clean_for_summary`` works
on a copy for the summarizer: it also drops agency attribution clauses, post footers ("Подписаться
на ...", "Читать нас без VPN", "@channel" signatures), photo credits, stock-quote widgets and leading
emoji or bullets.

Everything here is regex work in linear time, so a 1 MB article costs milliseconds, not seconds.
"""

from __future__ import annotations

import html
import re
import unicodedata

from bot.text.compress import has_speaker, strip_stock_widget

_TAG = re.compile(r"<[^<>]{0,2000}>")
_BR = re.compile(r"<\s*(?:br|/p|p|/div|div|/li|li|/h\d|h\d)\b[^<>]{0,200}>", re.IGNORECASE)
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# Leftover entities after unescape (double-escaped "&amp;nbsp;" or broken ones like "&nbsp").
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});?")
_SPACE_CHARS = "\t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000"
_SPACES = re.compile(rf"[ {_SPACE_CHARS}]+")
# Only runs that change: a lone " " (most matches of ``_SPACES``) is left alone, which is faster.
_ODD_SPACES = re.compile(rf"[{_SPACE_CHARS}][ {_SPACE_CHARS}]*| [ {_SPACE_CHARS}]+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
_ZERO_WIDTH = re.compile(r"[\u200c-\u200f\u2060\ufeff]")
# Telegram-flavoured Markdown of channel exports: "[text](https://…)" keeps its text; the markers of
# **bold**, ~~strike~~ and ||spoiler|| go, and "__" of __italic__ at a word's edge ("a__b" stays).
# Markers are removed without pairing them up: linear time whatever the input.
_MD_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\((?:https?://|tg://|www\.)[^()\s]{1,2000}\)")
_MD_MARKS = re.compile(r"\*\*|~~|\|\||(?<!\w)__(?=\S)|(?<=\S)__(?!\w)")

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_DASH = r"[-–—]"
# A dash with a space on at least one side separates; "Прайм-тайм" and "ТАСС-ДОСЬЕ" are words.
_DASH_SEP = rf"(?:\s+{_DASH}|{_DASH}(?=\s))"
_AGENCY = (
    r"(?:КАЗИНФОРМ|Казинформ|KAZINFORM|Kazinform|ҚАЗАҚПАРАТ|ҚазАқпарат|Қазақпарат|"
    r"РИА\s+Новости|РИА\s+«Новости»|ТАСС|ИТАР-ТАСС|Интерфакс(?:-Казахстан)?|Interfax|"
    r"Sputnik(?:\s+Казахстан)?|Tengrinews(?:\.kz)?|REGNUM|Reuters|AFP|AP|Прайм|ПРАЙМ|"
    r"Kazinform\s+News\s+Agency)"
)
_MONTH_DATE = r"\d{1,2}\s+[а-яёa-z]+(?:\s+\d{4})?(?:\s*г\.?)?"
_CITY = rf"[{_UP}][{_UP}\-]+(?:[ \-][{_UP}][{_UP}\-]+){{0,2}}"
# "НУР-СУЛТАН. КАЗИНФОРМ –", "МОСКВА, 12 мая — РИА Новости.", "ASTANA. KAZINFORM -".
_DATELINE = re.compile(
    rf"^\s*{_CITY}(?:\s*[,.]\s*{_MONTH_DATE})?\s*[.,]?\s*(?:{_DASH}\s*)?{_AGENCY}(?:{_DASH_SEP}|\s*\.)\s*"
)
# An unknown agency in capitals is accepted only in the strict "CITY. AGENCY –" shape.
_DATELINE_GENERIC = re.compile(
    rf"^\s*{_CITY}\.\s+[{_UP}][{_UP}\-]{{2,20}}(?:\s+[{_UP}][{_UP}\-]{{1,20}})?\s*{_DASH}\s+"
)
# "LONDON (Reuters) -", "NEW YORK, Nov 12 (AP) —", "WASHINGTON, Jan. 5 (Reuters) -": an agency in brackets.
_DATELINE_PAREN = re.compile(
    rf"^\s*{_CITY}(?:\s*,\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?)?\s*"
    rf"\((?:{_AGENCY}|[A-Z][A-Za-z&.]{{1,20}}(?:\s+[A-Z][A-Za-z&.]{{1,20}}){{0,2}})\)\s*{_DASH}\s+"
)
# An agency byline with no city: "КАЗИНФОРМ – ", "Kazinform - ".
_BARE_AGENCY = re.compile(
    rf"^\s*(?:МИА\s+)?(?:КАЗИНФОРМ|KAZINFORM|ҚАЗАҚПАРАТ|ҚазАқпарат|РИА\s+Новости|ТАСС){_DASH_SEP}\s*"
)

# Attribution clauses at the end of a sentence: ", передает корреспондент МИА «Казинформ»".
_ATTR_SUBJECT = (
    r"(?:корреспондент\w*|пресс-служб\w+|МИА\b|агентств\w+|сайт\w*|портал\w*|издани\w+|"
    r"Казинформ\w*|«Казинформ»|KAZINFORM|Kazinform|ҚазАқпарат|Қазақпарат|РИА\b|ТАСС\b|Интерфакс\w*|"
    r"официальн\w+\s+сайт\w*|телеграм-канал\w*|Telegram-канал\w*|тілшісі|тілші|баспасөз\s+қызмет\w*|"
    r"the\s+press\s+service|press\s+service|(?:a\s+|the\s+)?Kazinform(?:'s)?\s+correspondent|correspondent)"
)
# Both attribution patterns start at the comma, not at the spaces before it: a literal first character
# lets the regex engine skip ahead, about four times faster.  ``_cut_clauses`` removes those spaces.
_ATTRIBUTION = re.compile(
    r",\s*(?:(?:—|-|–)\s*)?"
    r"(?:передает|передаёт|сообщает|сообщили\s+в|информирует|пишет|reports|reported|informs|"
    r"деп\s+хабарлайды|деп\s+хабарлады|хабарлайды|хабарлады|деп\s+жазады)"
    r"\s+(?:[^.!?\n]{0,40}?\s)?" + _ATTR_SUBJECT + r"[^.!?\n]{0,80}?(?=[.!?]?\s*(?:\n|$)|[.!?](?:\s|$))",
    re.IGNORECASE,
)
# "Kazinform correspondent reports." / "ҚазАқпарат тілшісі хабарлайды." as a whole trailing clause.
_ATTRIBUTION_EN = re.compile(
    r",\s*(?:a\s+|the\s+)?Kazinform(?:'s)?\s+(?:correspondent\s+)?reports(?=[.!?](?:\s|$)|\s*$)",
    re.IGNORECASE,
)

_WIDGETS = (
    "сейчас читают",
    "читайте также",
    "читайте нас",
    "читайте еще",
    "читайте ещё",
    "подписывайтесь",
    "подпишитесь",
    "присоединяйтесь к нам",
    "следите за новостями",
    "самые важные новости",
    "новости по теме",
    "материалы по теме",
    "похожие новости",
    "поделиться",
    "read also",
    "read more",
    "see also",
    "related news",
    "follow us",
    "subscribe to",
    "share this",
    "толығырақ",
    "оқи отырыңыз",
    "қазір оқып жатыр",
    "тағы оқыңыз",
    "сондай-ақ оқыңыз",
    "жазылыңыз",
)
_WIDGET_LINE = re.compile(
    r"^\s*(?:" + "|".join(re.escape(w) for w in _WIDGETS) + r")\b",
    re.IGNORECASE,
)
_WIDGET_MAX_LINE = 160  # a widget line is short; a long paragraph starting "Подписывайтесь…" is text
_NONE_LINE = re.compile(r"^\s*(?:None|null|NULL|none)\s*$")


def _unwrap_markdown(text: str) -> str:
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "**" in text or "__" in text or "~~" in text or "||" in text:
        text = _MD_MARKS.sub("", text)
    return text


def _strip_markup(text: str) -> str:
    text = _unwrap_markdown(text)
    if "<" in text:
        text = _SCRIPT.sub(" ", text)
        text = _BR.sub("\n", text)
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
        text = html.unescape(text) if "&" in text else text  # double-escaped feeds
        text = _ENTITY.sub(" ", text)
        if "<" in text:  # escaped markup ("&lt;p&gt;") only shows up after unescaping
            text = _TAG.sub(" ", _BR.sub("\n", text))
    return _ZERO_WIDTH.sub("", text)


def _is_widget(line: str) -> bool:
    return len(line) <= _WIDGET_MAX_LINE and _WIDGET_LINE.match(line) is not None


def _drop_widgets(lines: list[str]) -> list[str]:
    """Drop widget lines; a widget with less text after it than before ends the article."""
    total = sum(len(line) + 1 for line in lines)
    kept: list[str] = []
    before = 0
    for line in lines:
        if _is_widget(line):
            # Trailing blocks ("Сейчас читают" + headlines of other stories) are not the article.
            if before >= total - before - len(line):
                break
        else:
            kept.append(line)
        before += len(line) + 1
    return kept


def strip_dateline(text: str) -> str:
    """Remove a dateline such as "НУР-СУЛТАН. КАЗИНФОРМ –" from the start of ``text``."""
    m = (
        _DATELINE.match(text)
        or _DATELINE_GENERIC.match(text)
        or _DATELINE_PAREN.match(text)
        or _BARE_AGENCY.match(text)
    )
    if m is None:
        return text
    rest = text[m.end() :]
    if len(rest.strip()) < 2:  # nothing but a dateline: keep it rather than return nothing
        return text
    return rest[:1].upper() + rest[1:]


def strip_attributions(text: str) -> str:
    """Remove trailing attribution clauses (", передает корреспондент МИА «Казинформ»").

    A byline of the outlet's own correspondent always goes; a clause naming another source
    (", сообщает пресс-служба акимата") goes only when the sentence still has a speaker without it,
    so that no claim is left reading as a fact the bot states.
    """
    if "," not in text:
        return text
    return _cut_clauses(_cut_clauses(text, _ATTRIBUTION), _ATTRIBUTION_EN)


_BYLINE = re.compile(r"корреспондент|тілші|correspondent", re.IGNORECASE)


def _cuttable(text: str, start: int, clause: str) -> bool:
    if _BYLINE.search(clause):
        return True
    # the sentence before the clause must name someone who speaks
    head_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("! ", 0, start))
    return has_speaker(text[head_start + 1 : start])


def _cut_clauses(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` without the matches of ``pattern`` that may go, and the whitespace right before each."""
    parts: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        start = m.start()
        if not _cuttable(text, start, m.group(0)):
            continue
        while start > pos and text[start - 1].isspace():
            start -= 1
        parts.append(text[pos:start])
        pos = m.end()
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def _normalize_spaces(text: str) -> str:
    lines = [line.strip() for line in _ODD_SPACES.sub(" ", text).split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_article_text(text: str) -> str:
    """Clean an article body for storage: markup, ``None`` lines, the dateline, widgets, whitespace.

    Every sentence of the body stays as published (attributions such as ", передает РИА «Новости»"
    included).  Paragraph breaks survive as "\\n\\n"; single line breaks inside a paragraph are kept.
    """
    if not text:
        return ""
    # Line breaks are unified after unescaping: "&#13;" is a carriage return too.
    text = _strip_markup(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line for line in text.split("\n") if not _NONE_LINE.match(line)]
    lines = _drop_widgets(lines)
    text = _normalize_spaces("\n".join(lines))
    # The dateline opens the body, which may come after a headline line or two.
    head = text.split("\n", 3)
    for i in range(min(3, len(head))):
        stripped = strip_dateline(head[i])
        if stripped != head[i]:
            head[i] = stripped
            break
    # "АЛМАТЫ. КАЗИНФОРМ – None": the placeholder shows only once the dateline before it is gone.
    return _normalize_spaces("\n".join(line for line in head if not _NONE_LINE.match(line)))


# Emoji, pictographs and bullets that open a line of a channel post ("🔴 ", "▪️", "• ", "* ").
_BULLETS = frozenset("•·▪▫►▶◆◇●○■□★☆✓✔✅❗❕⚡➡→⬇⤵*>")
_JOINERS = frozenset("\ufe0f\ufe0e\u200d\u20e3")
# Footer lines of channel posts and sites: the subscribe call, the mirror link, the signature.
_FOOTER = re.compile(
    r"^(?:(?:Подпис(?:аться|ывайтесь|ывайся|ись|итесь)|Подпишись|Присоединяйтесь|Наш\s+канал|"
    r"Прислать\s+новость|Предложить\s+новость|Сообщить\s+новость|Прислали\s+через|"
    r"Читать\s+(?:нас|[\w-]+)\s+без\s+VPN|Здесь\s+наш\s+сайт|Скачать\s+в|Subscribe|Follow\s+us|"
    r"Join\s+us)\b.{0,150}"
    r"|.{0,60}\bбез\s+VPN\b.{0,80}"
    r"|(?:[\w .,«»\"|—–-]{0,40}\s)?@\w{3,32}(?:\s*[|,]\s*@\w{3,32})*\.?"
    r")$",
    re.IGNORECASE,
)
# A credit or a caption stub: "Фото: Иван Петров", "Видео: yuliagribova", "* Video", "Главное к 12:00 мск".
_CREDIT = re.compile(
    r"^(?:(?:Фото|Видео|Фото\s+и\s+видео|Кадры|Источник\s+фото|Иллюстрация|Photo|Video|Image)"
    r"(?:\s*(?::|—|-)\s*[^\s.!?]+(?:\s+[^\s.!?]+){0,3})?"
    r"|Главное\s+к\s+\d{1,2}[:.]\d{2}(?:\s+мск)?|Реклама(?:[.:,]\s.{0,120})?|erid\s*:?\s*\S{3,40})\.?$",
    re.IGNORECASE,
)
# A signature closing a post's last line: "... ответить». @banksta".
_TRAILING_SIGNATURE = re.compile(r"(?<=[.!?…»)\"])\s+@\w{3,32}\s*$")
_LINK_LINE = re.compile(r"^(?:[\w ]{0,30}:\s*)?(?:https?://|www\.|t\.me/|bit\.ly/)\S+$", re.IGNORECASE)


def strip_leading_symbols(line: str) -> str:
    """``line`` without the emoji, pictographs and bullets that open it (and the spaces after them)."""
    i = 0
    n = len(line)
    while i < n:
        c = line[i]
        if (
            c.isspace()
            or c in _BULLETS
            or c in _JOINERS
            or unicodedata.category(c) in ("So", "Sk", "Cs", "Co")
        ):
            i += 1
        else:
            break
    return line[i:] if i else line


def is_footer_line(line: str) -> bool:
    """True for a line that is page or post furniture: a subscribe call, a signature, a bare link,
    a photo credit, an ad label or a "Главное к 12:00" stub (checked after leading emoji go)."""
    if len(line) > 200:
        return False
    return bool(_FOOTER.match(line) or _CREDIT.match(line) or _LINK_LINE.match(line))


def clean_for_summary(text: str) -> str:
    """The summarizer's copy of an article: ``clean_article_text`` plus agency attribution clauses,
    footers, signatures, credits and leading emoji or bullets removed.  Never stored."""
    text = clean_article_text(text)
    if not text:
        return ""
    lines = []
    for line in text.split("\n"):
        line = strip_stock_widget(strip_leading_symbols(line))
        if "@" in line:
            line = _TRAILING_SIGNATURE.sub("", line)
        if line and not is_footer_line(line):
            lines.append(line)
    return _normalize_spaces(strip_attributions("\n".join(lines)))


def clean_title(title: str | None) -> str:
    """Clean a headline: markup, entities, whitespace, ``None`` and a trailing " | Site" suffix."""
    if not title:
        return ""
    # One line, whatever breaks the markup or entities held; \u200b and kin count as spaces here too.
    text = " ".join(_SPACES.sub(" ", _strip_markup(title)).split())
    if _NONE_LINE.match(text):
        return ""
    # "Headline | Kazinform" / "Headline - РБК": drop a short site name after a spaced separator.
    m = re.match(r"^(.{12,}?)\s+[|·]\s+[^|·]{1,30}$", text)
    if m:
        text = m.group(1).strip()
    return text
