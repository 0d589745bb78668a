"""The Kazakh stemmer: the forms of a root collapse, distinct words stay apart, and the word-level
rule that sends a word to it (a Kazakh text, or a Kazakh-only letter) leaves Russian and English alone."""

from __future__ import annotations

import pytest
import snowballstemmer

from bot.personal.terms import parse_filter_terms
from bot.text.kazakh_stem import kazakh_stem
from bot.text.stopwords import search_readings
from bot.text.words import KAZAKH_MARK, readings, stem, stemmed_text

FORMS = {
    "сайлау": "сайлау сайлауда сайлауға сайлаудың сайлаудағы сайлаулар сайлауы сайлауының",
    "астана": "Астана Астанада Астанадағы Астананың Астанаға Астанадан",
    "президент": "президент президентінің президенттің президенті президентпен президентіне президенттер",
    "мектеп": "мектеп мектептерде мектебі мектептің мектепке мектептер мектептерінде",
    "ел": "ел елі елде елдің елге еліміз елімізде еліміздің елдер",
    "қала": "қала қаласы қалада қаланың қалалар қалаларда қаладағы",
    "жұмыс": "жұмыс жұмысы жұмыстан жұмысқа жұмыстар жұмыстарын",
    "халық": "халық халқы халықтың халыққа халқының",
    "қазақстан": "Қазақстан Қазақстанда Қазақстанның Қазақстанға Қазақстандағы",
    "назарбаев": "Назарбаев Назарбаевтың Назарбаевқа",
    "коронавирус": "коронавирус коронавирустан коронавирустың",
    "маңыз": "маңыз маңызы маңызын",
}


@pytest.mark.parametrize("root", FORMS)
def test_the_forms_of_a_root_collapse(root: str) -> None:
    found = {stem(word.lower(), "kk") for word in FORMS[root].split()}
    assert len(found) == 1, found


def test_distinct_words_stay_distinct() -> None:
    # Roots that end like an ending, and words that differ by one: each keeps its own stem.
    distinct = [
        "астана", "газета", "карта", "машина", "білім", "бас", "бала", "қала", "қалам", "сала",
        "жыл", "жол", "жер", "жас", "ел", "орын", "министрлік", "министр", "сайлау", "сайлаушы",
        "маңыз", "теңіз", "ерік", "еркін", "жұмыс", "Қазақстан", "қазақ", "коронавирус",
    ]  # fmt: skip
    stems = [kazakh_stem(word.lower()) for word in distinct]
    assert len(set(stems)) == len(distinct), dict(zip(distinct, stems, strict=True))


def test_short_roots_are_not_eaten() -> None:
    assert kazakh_stem("су") == kazakh_stem("судан") == "су"  # a root of two letters is kept
    assert kazakh_stem("оны") == "он"  # "-ны" would leave one letter
    assert kazakh_stem("мен") == "мен"  # a bare instrumental ending is no word
    assert kazakh_stem("орын") == "орын"  # "-ын" of a root, not a possessive accusative
    assert kazakh_stem("басы") == "бас"  # "бас" + "ы", not "ба" + "сы"


def test_endings_follow_the_sounds_before_them() -> None:
    # A locative "-та" follows a voiceless consonant, not a vowel or "р": these roots stay whole.
    assert kazakh_stem("газета") == "газета"
    assert kazakh_stem("карта") == "карта"
    # "-да" after a vowel is a locative; a back-vowel root takes no front "-де".
    assert kazakh_stem("қалада") == "қала"
    assert kazakh_stem("қаладе") == "қаладе"


def test_russian_and_english_stems_are_snowballs() -> None:
    russian = snowballstemmer.stemmer("russian")
    english = snowballstemmer.stemmer("english")
    for word in ("выборах", "сайлау", "президента", "ёлка", "астане"):
        assert stem(word) == russian.stemWord(word.replace("ё", "е"))
    for word in ("elections", "running"):
        assert stem(word) == stem(word, "kk") == english.stemWord(word)


def test_a_kazakh_text_stems_shared_letter_words_as_kazakh() -> None:
    assert stemmed_text("Сайлау Астанада өтті", "kk") == stemmed_text("сайлауда астана өтті", "kk")
    assert stemmed_text("Сайлау Астанада", "ru") != stemmed_text("Сайлауда Астана", "ru")
    # A Kazakh-only letter makes a word Kazakh in any text.
    assert stem("президентінің") == stem("президентінің", "kk") == "президент" + KAZAKH_MARK
    # A Kazakh stem is never a Russian one: "банда" in a Russian text is no Kazakh "бан" + "-да".
    assert stem("бан", "kk") != stem("бан") and stem("банда", "kk") == stem("бан", "kk")


def test_readers_words_have_a_reading_in_each_language() -> None:
    assert readings("сайлау") == (stem("сайлау"), "сайлау" + KAZAKH_MARK)
    assert readings("қала") == ("қала" + KAZAKH_MARK,)  # Kazakh wherever it stands
    assert readings("election") == (stem("election"),)
    term = parse_filter_terms('"сайлау нәтижесі"').terms[0]
    assert term.readings == (term.stems, ("сайлау" + KAZAKH_MARK, "нәтиже" + KAZAKH_MARK))
    assert search_readings("сайлау және Астана") == [readings("сайлау"), readings("астана")]
