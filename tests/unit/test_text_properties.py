"""Properties of the text pipeline for any input: cleaning, sentences, compression, language, summaries.

Two kinds of input: raw ``st.text()`` and news-like text built from Russian, Kazakh and English words with
the dirt real feeds carry (datelines, agency attributions, widget lines, ``None`` lines, HTML tags and
entities, links, Telegram Markdown, emoji, control characters, giant words, capitals, no punctuation).
Timing is never asserted: ``deadline=None`` everywhere.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.cli.summarize import run_summarize
from bot.text.clean import clean_article_text, clean_title
from bot.text.compress import MIN_KEEP, compress_sentence, is_boilerplate
from bot.text.language import detect_language
from bot.text.sentences import MAX_SENTENCE_CHARS, split_sentences
from bot.text.summarizer import ELLIPSIS, MAX_INPUT_CHARS, summarize, truncate

# ---------------------------------------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------------------------------------

_RU_TEXT = (
    "президент подписал указ о бюджете правительство в на и по Казахстане Алматы сессия заседание министр "
    "заявил что года тенге рост цен выборы депутаты закон город школа новый рубль ставка банк решение "
    "также который после более процентов области акимат жителей строительство дорог"
)
_KK_TEXT = (
    "және бұл үшін жаңа мектеп ашылды оқушы білім Елордада Қазақстан жылы туралы облысы әкімі жиын өтті "
    "бойынша кейін республикасы мемлекет басшысы"
)
_EN_TEXT = (
    "the president signed a decree on budget bank rate cut government said new school opened in of "
    "election minister city people percent"
)
_RU_WORDS, _KK_WORDS, _EN_WORDS = _RU_TEXT.split(), _KK_TEXT.split(), _EN_TEXT.split()
# Hyphenated words, some opening with an agency's name (a dateline must not take half of them).
_HYPHENATED = (
    "Прайм-тайм",
    "ТАСС-ДОСЬЕ",
    "Reuters-Ipsos",
    "AP-рейтинг",
    "сондай-ақ",
    "Нур-Султан",
    "COVID-19",
    "из-за",
    "вице-министр",
)
_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі" + "abcdefghijklmnopqrstuvwxyz"
_DIRT = (
    "**жирный**",
    "__курсив__",
    "||спойлер||",
    "~~зачёркнуто~~",
    "[ссылка](https://x.y/a?b=1)",
    "<b>",
    "</b>",
    "<a href='https://kz.kz'>",
    "</a>",
    "<br>",
    "&nbsp;",
    "&amp;",
    "&laquo;",
    "&raquo;",
    "&#171;",
    "&quot;",
    "&amp;nbsp;",
    "&mdash;",
    "https://example.com/news/2024/05/12/article-title",
    "www.inform.kz",
    "#новости",
    "@channel",
    "😀",
    "🇰🇿",
    "\u200b",
    "\u00a0",
    "\t",
    "\x07",
    "—",
    "«цитата»",
    "(пояснение)",
    "3,5%",
    "12.05.2024",
    "₽316,99",
)
_DATELINES = (
    "АЛМАТЫ. КАЗИНФОРМ – ",
    "НУР-СУЛТАН. КАЗИНФОРМ – ",
    "ASTANA. KAZINFORM - ",
    "МОСКВА, 12 мая — РИА Новости. ",
    "АСТАНА. ҚазАқпарат - ",
    "КАЗИНФОРМ – ",
    "МОСКВА. ",
    "ВАШИНГТОН, 3 мая. ",
)
_WIDGETS = (
    "Читайте также",
    "Сейчас читают",
    "Подписывайтесь на наш Telegram-канал",
    "Read also: https://example.com/other",
    "Тағы оқыңыз",
    "Поделиться",
)
_ATTRIBUTIONS = (
    ", передает корреспондент МИА «Казинформ»",
    ", сообщает ТАСС",
    ", говорится в сообщении ведомства",
    ", деп хабарлайды ҚазАқпарат тілшісі",
    ", reports Kazinform correspondent",
)
_OPENERS = ("Напомним, что ", "Как сообщалось ранее, ", "По данным «Интерфакса», ", "Кроме того, ")
_ENDS = (".", ".", ".", "!", "?", "…", "", "?!")

vocabulary_word = st.one_of(
    st.sampled_from(_RU_WORDS),
    st.sampled_from(_HYPHENATED),
    st.sampled_from(_KK_WORDS),
    st.sampled_from(_EN_WORDS),
    st.text(alphabet=_LETTERS, min_size=1, max_size=14),
    st.integers(min_value=0, max_value=10**6).map(str),
)
odd_word = st.one_of(
    st.sampled_from(_DIRT),
    st.text(min_size=1, max_size=8),  # any unicode at all (Hypothesis never draws surrogates)
    # very long "words": a hash, a URL, text without spaces (past the 600-character sentence limit too)
    st.builds(lambda c, n: c * n, st.sampled_from(["ж", "x", "😀", "Ә"]), st.integers(20, 1500)),
)
word = st.one_of(vocabulary_word, vocabulary_word, vocabulary_word, odd_word)


@st.composite
def sentence(draw: st.DrawFn, words: st.SearchStrategy[str] = word) -> str:
    """One sentence: words with commas here and there, a capital, an end mark, sometimes dressed up."""
    ws = draw(st.lists(words, min_size=1, max_size=18))
    ws = [w + "," if draw(st.integers(0, 7)) == 0 else w for w in ws]
    text = " ".join(ws)
    text = text[:1].upper() + text[1:]
    case = draw(st.integers(0, 19))
    if case == 0:
        text = text.upper()
    elif case == 1:
        text = draw(st.sampled_from(_OPENERS)) + text
    elif case == 2:
        text += draw(st.sampled_from(_ATTRIBUTIONS))
    return text + draw(st.sampled_from(_ENDS))


@st.composite
def news_text(draw: st.DrawFn) -> str:
    """An article body as feeds deliver it: a dateline, paragraphs, widgets, ``None`` lines and markup."""
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append(draw(sentence()))  # a headline line
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 11))
        if kind == 0:
            lines.append(draw(st.sampled_from(_WIDGETS)))
        elif kind == 1:
            lines.append(draw(st.sampled_from(["None", "null", "  None  ", ""])))
        elif kind == 2:
            lines.append("<p>" + draw(sentence()) + "</p><script>var a = '<b>';</script>")
        else:
            sep = draw(st.sampled_from([" ", " ", "  ", "\u00a0"]))
            lines.append(sep.join(draw(st.lists(sentence(), min_size=1, max_size=4))))
    if draw(st.booleans()):  # lines is never empty
        i = draw(st.integers(0, len(lines) - 1))
        lines[i] = draw(st.sampled_from(_DATELINES)) + lines[i]
    breaks = st.sampled_from(["\n", "\n\n", "\r\n", "\n\n\n", "<br>", "</p><p>", "\n \n"])
    out = ""
    for line in lines:
        out += line + draw(breaks)
    return out


@st.composite
def plain_news_text(draw: st.DrawFn) -> str:
    """News text without markup: lines of sentences, datelines, attributions, widgets, ``None`` lines."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.integers(0, 7))
        if kind == 0:
            lines.append(draw(st.sampled_from(_WIDGETS)))
        elif kind == 1:
            lines.append(draw(st.sampled_from(["None", "null", ""])))
        else:
            lines.append(" ".join(draw(st.lists(sentence(vocabulary_word), min_size=1, max_size=3))))
    i = draw(st.integers(0, len(lines) - 1))
    lines[i] = draw(st.sampled_from(("", *_DATELINES))) + lines[i]
    return draw(st.sampled_from(["\n", "\n\n"])).join(lines)


@st.composite
def padded_to_the_input_limit(draw: st.DrawFn) -> str:
    """Sentences placed right at ``MAX_INPUT_CHARS`` behind cheap padding (whitespace, empty tags)."""
    tail = " ".join(draw(st.lists(sentence(vocabulary_word), min_size=1, max_size=3)))
    pad_unit = draw(st.sampled_from([" ", "\n", "<p></p>", "None\n"]))
    overhang = draw(st.integers(0, len(tail)))
    size = MAX_INPUT_CHARS - len(tail) + overhang
    return (pad_unit * (size // len(pad_unit) + 1))[:size] + tail


any_text = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.sampled_from(" \n.,!?«»—-аәқzZ1😀"), max_size=300),
    news_text(),
    news_text(),
    news_text(),
)
summary_input = st.one_of(any_text, padded_to_the_input_limit())
titles = st.one_of(st.none(), st.text(max_size=80), sentence(), st.sampled_from(["None", "", "  "]))
langs = st.sampled_from([None, "ru", "kk", "en"])
caps = st.integers(min_value=0, max_value=1000)


# ---------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------


def _core(token: str) -> str:
    """A whitespace-separated token without the punctuation around it, case-folded."""
    start, end = 0, len(token)
    while start < end and not token[start].isalnum():
        start += 1
    while end > start and not token[end - 1].isalnum():
        end -= 1
    return token[start:end].casefold()


def _word_set(text: str) -> set[str]:
    """Cores of the words of ``text``, also of the pieces of a word around brackets: removing an aside
    glued to a word ("Сбербанк(SBER)" -> "Сбербанк") leaves a word of the text."""
    tokens = text.split()
    pieces = [p for t in tokens for p in re.split(r"[()\[\]]+", t)]
    return {c for c in map(_core, tokens + pieces) if c}


def _foreign_words(out: str, source: str) -> list[str]:
    """Words of ``out`` that are not words of ``source``: a cut, glued or invented word."""
    known = _word_set(source)
    return [w for w in out.split() if _core(w) and _core(w) not in known]


def _summarized_words(text: str) -> set[str]:
    """Words of the cleaned article as the summarizer may see it: the whole text, or its head of at most
    ``MAX_INPUT_CHARS`` cut where a word ends (both: an attribution or widget may straddle the cut)."""
    head = text[:MAX_INPUT_CHARS]
    if len(text) > MAX_INPUT_CHARS and not text[MAX_INPUT_CHARS].isspace():
        head = re.sub(r"\S+$", "", head)
    return _word_set(clean_article_text(text)) | _word_set(clean_article_text(head))


def _non_space(text: str) -> str:
    return "".join(text.split())


# ---------------------------------------------------------------------------------------------------------
# summarize
# ---------------------------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=200)
@given(summary_input, titles, caps, langs)
def test_summary_fits_the_cap_and_is_stripped(
    text: str, title: str | None, cap: int, lang: str | None
) -> None:
    out = summarize(text, title, cap, lang)
    assert len(out) <= cap
    assert out == out.strip()


# Every word of a summary is a word of the article: never a piece of one, never two glued together.
@settings(deadline=None, max_examples=200)
@given(summary_input, titles, caps, langs)
@example("ж" * 250 + " " + "ш" * 500, None, 1000, None)  # a run-on is cut at its space, not in a word
@example("ж" * 1500, None, 1000, None)  # one word longer than the cap: "" (documented)
@example(" " * (MAX_INPUT_CHARS - 10) + "Указ подписан президентом.", None, 400, None)  # head cut at a space
@example("В пробах воды нашли гидроксид железа Fe(OH)3 и соли.", None, 400, None)  # not "Fe3"
@example("Документ сохранили в формате .docx (Microsoft Word) на сервере.", None, 400, None)
def test_summary_never_cuts_or_invents_a_word(
    text: str, title: str | None, cap: int, lang: str | None
) -> None:
    out = summarize(text, title, cap, lang)
    known = _summarized_words(text)
    assert [w for w in out.split() if _core(w) and _core(w) not in known] == []


_plain_sentence = sentence(st.one_of(st.sampled_from(_RU_WORDS), st.sampled_from(_KK_WORDS)))


@settings(deadline=None, max_examples=100)
@given(
    st.lists(_plain_sentence, min_size=2, max_size=6),
    st.one_of(st.none(), st.sampled_from(["Президент подписал указ", "Жаңа мектеп ашылды"])),
    st.integers(min_value=400, max_value=1000),
    langs,
)
def test_a_few_normal_sentences_always_give_a_summary(
    sentences: list[str], title: str | None, cap: int, lang: str | None
) -> None:
    text = " ".join(sentences)
    out = summarize(text, title, cap, lang)
    assert out
    assert len(out) <= cap


# ---------------------------------------------------------------------------------------------------------
# truncate
# ---------------------------------------------------------------------------------------------------------

_truncate_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(word, st.sampled_from(["—", "-", ",", ";", ":", "–"])), max_size=40).map(" ".join),
)


@settings(deadline=None, max_examples=300)
@given(_truncate_text, caps)
def test_truncate_keeps_whole_words_within_the_cap(text: str, cap: int) -> None:
    out = truncate(text, cap)
    assert len(out) <= cap
    if len(text) <= cap:
        assert out == text
        return
    if out == "":
        return
    assert out.endswith(ELLIPSIS)
    head = out[: -len(ELLIPSIS)]
    assert text.startswith(head)
    # the head ends where a word ends: only separators (and at least one space) follow it in ``text``
    assert re.match(r"[ ,;:—–-]* ", text[len(head) :]) is not None


@settings(deadline=None, max_examples=300)
@given(_truncate_text, caps)
@example("— " + "x" * 50, 10)
def test_truncate_never_returns_a_bare_ellipsis(text: str, cap: int) -> None:
    out = truncate(text, cap)
    assert out != ELLIPSIS or text == ELLIPSIS


# ---------------------------------------------------------------------------------------------------------
# clean_article_text, clean_title
# ---------------------------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=200)
@given(any_text)
def test_clean_article_text_normalizes_whitespace(text: str) -> None:
    out = clean_article_text(text)
    assert out == out.strip()
    assert "  " not in out
    assert "\n\n\n" not in out
    assert all(line == line.strip() for line in out.split("\n"))


@settings(deadline=None, max_examples=300)
@given(
    st.one_of(any_text, st.lists(st.sampled_from(["а", " ", "&#13;", "&#x0D;", "&amp;#13;"])).map("".join))
)
@example("Первая часть&#13;вторая часть")
def test_clean_article_text_has_no_carriage_return(text: str) -> None:
    assert "\r" not in clean_article_text(text)


@settings(deadline=None, max_examples=300)
@given(plain_news_text())
@example("МОСКВА. Прайм-тайм на телеканалах сдвинули на час.")
@example("ТАСС-ДОСЬЕ. Выборы пройдут в мае.")
def test_clean_article_text_never_cuts_a_word(text: str) -> None:
    # Plain text, no markup: cleaning only removes whole words (datelines, attributions, widget lines).
    assert _foreign_words(clean_article_text(text), text) == []


@settings(deadline=None, max_examples=300)
@given(st.one_of(plain_news_text(), news_text()))
@example("АЛМАТЫ. КАЗИНФОРМ – None\nВ городе открыли новую школу.")
@example("None, передает корреспондент МИА «Казинформ»\nВ городе открыли новую школу.")  # the same
def test_clean_article_text_leaves_no_none_line(text: str) -> None:
    lines = clean_article_text(text).split("\n")
    assert [line for line in lines if line in {"None", "null", "NULL", "none"}] == []


_title_text = st.one_of(
    titles,
    st.lists(
        st.one_of(word, st.sampled_from(["\n", "\r", "\r\n", "<br>", "<p>", "&#10;", " | Kazinform"]))
    ).map(" ".join),
)


@settings(deadline=None, max_examples=300)
@given(_title_text)
def test_clean_title_is_stripped_without_runs_of_spaces(title: str | None) -> None:
    out = clean_title(title)
    assert out == out.strip()
    assert "  " not in out


@settings(deadline=None, max_examples=300)
@given(_title_text)
@example("Заголовок<br>вторая строка")
@example("Заголовок&#10;вторая строка")
@example("Заголовок\rвторая строка")
def test_clean_title_is_one_line(title: str | None) -> None:
    out = clean_title(title)
    assert "\n" not in out
    assert "\r" not in out


# ---------------------------------------------------------------------------------------------------------
# split_sentences
# ---------------------------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=200)
@given(st.one_of(any_text, st.builds(clean_article_text, any_text)), langs)
def test_split_sentences_covers_the_text_in_order(text: str, lang: str | None) -> None:
    out = split_sentences(text, lang or "ru")
    for s in out:
        assert s
        assert s == " ".join(s.split())  # stripped, whitespace-normalized, no line break inside
        assert len(s) <= MAX_SENTENCE_CHARS or " " not in s  # only a single word may be longer
    assert "".join(map(_non_space, out)) == _non_space(text)


# ---------------------------------------------------------------------------------------------------------
# compress_sentence, is_boilerplate
# ---------------------------------------------------------------------------------------------------------

_compress_input = st.one_of(
    sentence(),
    st.builds(lambda a, b: a + b, st.sampled_from(_OPENERS), sentence()),
    st.builds(lambda a, b: a.rstrip(".!?…") + b + ".", sentence(), st.sampled_from(_ATTRIBUTIONS)),
    st.text(max_size=200),
    st.text(alphabet=st.sampled_from(" ,.()«»—ajКБ$₽%+1"), max_size=60),
)


@settings(deadline=None, max_examples=300)
@given(_compress_input, st.booleans())
def test_compress_sentence_only_shortens(s: str, parentheses: bool) -> None:
    out = compress_sentence(s, parentheses)
    assert len(out) <= len(s)
    if len(s) < MIN_KEEP:
        assert out == s
    assert out == s or len(out) >= MIN_KEEP
    is_boilerplate(s)  # never raises


@settings(deadline=None, max_examples=300)
@given(_compress_input, st.booleans())
@example("В пробах воды нашли гидроксид железа Fe(OH)3 и соли.", True)
@example("Документ сохранили в формате .docx (Microsoft Word) на сервере.", True)
def test_compress_sentence_keeps_only_words_of_the_sentence(s: str, parentheses: bool) -> None:
    assert _foreign_words(compress_sentence(s, parentheses), s) == []


# ---------------------------------------------------------------------------------------------------------
# detect_language
# ---------------------------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=150)
@given(any_text)
def test_detect_language_is_always_a_supported_language(text: str) -> None:
    assert detect_language(text) in {"ru", "kk", "en"}


def test_detect_language_falls_back_to_russian() -> None:
    assert detect_language("") == "ru"
    assert detect_language("12345 … 😀") == "ru"


# ---------------------------------------------------------------------------------------------------------
# python -m bot summarize FILE.jsonl
# ---------------------------------------------------------------------------------------------------------

_rows = st.lists(
    st.fixed_dictionaries({"id": st.integers(0, 10**6), "text": any_text}, optional={"title": titles}),
    min_size=1,
    max_size=4,
)


@settings(deadline=None, max_examples=60)
@given(_rows, st.integers(min_value=1, max_value=1000))
@example([{"id": 1, "text": "Первая\u2028строка текста."}], 400)  # "not valid JSON", exit code 1
@example([{"id": 1, "text": "Первая\x85строка текста."}], 400)  # the same (NEL)
def test_summarize_command_writes_every_jsonl_row_back_with_a_summary(
    rows: list[dict[str, object]], cap: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        out = io.StringIO()
        assert run_summarize([src], cap, out) == 0
    got = [json.loads(line) for line in out.getvalue().split("\n") if line]
    assert [{k: v for k, v in g.items() if k != "summary"} for g in got] == rows
    assert all(len(g["summary"]) <= cap for g in got)
