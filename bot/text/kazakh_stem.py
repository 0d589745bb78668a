"""A Kazakh stemmer: the stacked endings of a noun stripped back to its root.

Kazakh is agglutinative: after the root come a plural (-лар/-дар/-тар...), a possessive (-ы/-сы,
-ымыз...) and a case ending (-да, -ның, -ға, -дан, -мен, -дағы...), in that order, and each ending
takes the form the sound before it calls for (-да after a vowel or a voiced consonant, -та after a
voiceless one, -нда after a possessive) and the vowel the root's last vowel calls for (-лар after a,
о, ұ, ы; -лер after ә, е, ө, ү, і). So "сайлауда", "мектептерде", "президентінің" and "Астанадағы"
come back to "сайлау", "мектеп", "президент" and "астана".

No maintained package does this without downloading a morphological toolchain, hence these rules.
Only an ending whose form fits the sound before it and whose vowel fits the root is taken, which keeps
roots that merely end like a suffix ("Астана" is no dative in -на, "газета" no locative in -та) whole.
Endings of the first and second person singular (-ым, -ің...) are left alone: they are rare in news
and would eat the ends of common roots ("білім", "мың"). Roots keep at least two letters and a vowel.
Derivational endings (-лық, -шы) make other words and stay.
"""

from __future__ import annotations

from collections.abc import Iterator

_BACK = frozenset("аоұыуяёю")
_FRONT = frozenset("әеөүіиэ")
# Letters after which an ending takes its after-a-vowel form. "у" and "й" are glides and take the
# voiced consonant forms ("сайлауда", "Ресейдің").
_VOWEL = frozenset("аәеоөұүыіиэяёю")
_ANY = _BACK | _FRONT
_KAZAKH_ONLY = frozenset("әғқңөұүһі")
_GLIDE_OR_VOICED = frozenset("уйлрзжғ")
_NASAL = frozenset("мнң")
# б, в, г, д end only loanwords, which take the voiceless forms ("клубта").
_VOICELESS = frozenset("пкқтсшфхцчщһбвгд")
_CONSONANT = _GLIDE_OR_VOICED | _NASAL | _VOICELESS

# Where an ending may stand: after which letters, or after a third-person possessive ("-нда").
_AFTER_POSSESSIVE = "possessive"

_V, _Z, _N, _S = _VOWEL, _GLIDE_OR_VOICED, _NASAL, _VOICELESS
_L = frozenset("л")
_R = frozenset("р")


def _both(back: str, front: str, after: frozenset[str] | str) -> list[tuple[str, frozenset[str] | str]]:
    return [(back, after), (front, after)]


# Case endings, with the relative -ғы/-гі that follows a locative ("Астанадағы"): the outermost layer.
_CASE: list[tuple[str, frozenset[str] | str]] = [
    # genitive
    *_both("ның", "нің", _V | _N),
    *_both("ның", "нің", _AFTER_POSSESSIVE),
    *_both("дың", "дің", _Z),
    *_both("тың", "тің", _S),
    # accusative
    *_both("ны", "ні", _V),
    *_both("ды", "ді", _Z | _N),
    *_both("ты", "ті", _S),
    ("н", _AFTER_POSSESSIVE),
    # dative
    *_both("ға", "ге", _V | _Z | _N),
    *_both("қа", "ке", _S),
    *_both("на", "не", _AFTER_POSSESSIVE),
    # locative and the relative form built on it
    *_both("да", "де", _V | _Z | _N),
    *_both("та", "те", _S),
    *_both("нда", "нде", _AFTER_POSSESSIVE),
    *_both("дағы", "дегі", _V | _Z | _N),
    *_both("тағы", "тегі", _S),
    *_both("ндағы", "ндегі", _AFTER_POSSESSIVE),
    # ablative
    *_both("дан", "ден", _V | _Z),
    *_both("нан", "нен", _N),
    *_both("нан", "нен", _AFTER_POSSESSIVE),
    *_both("тан", "тен", _S),
    # instrumental: one vowel whatever the root's
    ("мен", _V | _Z | _N),
    ("бен", _Z | _N),
    ("пен", _S),
]

# Few roots end in "ы" or "і", many in "с": "жұмысы" is "жұмыс" + "ы", not "жұмы" + "сы".
_OPEN = _V - frozenset("ыі")

# Possessives of the third person and of "our": the middle layer. The polite "your" (-ңыз) is left:
# rare in news, it would eat "маңызды" and "теңіз".
_POSSESSIVE: list[tuple[str, frozenset[str] | str]] = [
    *_both("ы", "і", _CONSONANT),
    *_both("сы", "сі", _OPEN),
    *_both("ымыз", "іміз", _CONSONANT),
    *_both("мыз", "міз", _OPEN),
]
_THIRD_PERSON = frozenset({"ы", "і", "сы", "сі"})

# Plurals: the innermost layer.
_PLURAL: list[tuple[str, frozenset[str] | str]] = [
    *_both("лар", "лер", _V | _R | frozenset("уй")),
    *_both("дар", "дер", _L | _N | frozenset("зж")),
    *_both("тар", "тер", _S),
]

# A root whose last vowel drops before a vowel ending ("халық" -> "халқы"): its short form to its own.
_ELIDED = {
    "халқ": "халық",
    "орн": "орын",
    "ауз": "ауыз",
    "мұрн": "мұрын",
    "ерн": "ерін",
    "қарн": "қарын",
}
# Before a vowel ending a final п, к, қ is voiced ("мектеп" -> "мектебі"); stems end unvoiced.
_UNVOICED = {"б": "п", "г": "к", "ғ": "қ"}

MIN_STEM = 2
MIN_ACCUSATIVE_N_ROOT = 3


def _harmony(stem: str) -> frozenset[str] | None:
    """The vowel class (back or front) of the stem's last vowel; None when it has none.

    "у" follows the vowel before it ("сайлау", "беру", "жүргізу"), and a Russian "е" or "и" before
    the last consonants of a loanword takes either class ("президентке", "Назарбаевтың").
    """
    glide = False
    for char in reversed(stem):
        if char == "у":
            glide = True
            continue
        if char in "еиэ" and not _KAZAKH_ONLY.intersection(stem):
            return _ANY
        if char in _BACK:
            return _BACK
        if char in _FRONT:
            return _FRONT
    return _ANY if glide else None


def _fits(stem: str, suffix: str, after: frozenset[str] | str) -> bool:
    # A root of two letters takes "-ы" ("басы" is "бас" + "ы", not "ба" + "сы").
    if len(stem) < (MIN_STEM + 1 if suffix in ("сы", "сі") else MIN_STEM):
        return False
    harmony = _harmony(stem)
    if harmony is None:
        return False
    vowels = [c for c in suffix if c in _VOWEL]
    # "мен"/"бен"/"пен" keep their vowel after any root; every other ending follows the root's.
    if vowels and suffix not in ("мен", "бен", "пен") and vowels[0] not in harmony:
        return False
    if isinstance(after, str):  # after a third-person possessive, checked by the next layer
        return stem[-1] in "ыі"
    return stem[-1] in after


def _strip(word: str, layer: list[tuple[str, frozenset[str] | str]]) -> Iterator[tuple[str, str, bool]]:
    """Each way to take one ending of ``layer`` off ``word``: (what is left, the ending, whether the
    ending must follow a third-person possessive)."""
    for suffix, after in layer:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if _fits(stem, suffix, after):
                yield stem, suffix, isinstance(after, str)


def _parses(word: str) -> Iterator[str]:
    """Every root the layers allow, the word itself included (no ending taken)."""
    cases = [(word, "", False), *_strip(word, _CASE)]
    for after_case, case, needs_possessive in cases:
        # Many roots end in "-ын"/"-ін" ("орын", "бүгін", "кейін"): an accusative "-н" leaves a long root.
        shortest = MIN_ACCUSATIVE_N_ROOT if case == "н" else 0
        possessives = list(_strip(after_case, _POSSESSIVE))
        if needs_possessive:
            possessives = [p for p in possessives if p[1] in _THIRD_PERSON]
        else:
            possessives.insert(0, (after_case, "", False))
        for after_possessive, _possessive, _ in possessives:
            if len(after_possessive) >= shortest:
                yield after_possessive
            for after_plural, _plural, _ in _strip(after_possessive, _PLURAL):
                if len(after_plural) >= shortest:
                    yield after_plural


# Country names end in "-стан", which is also an ablative after "с" ("жұмыстан"); after a consonant
# it is the name's ("Қазақстан", "Өзбекстан"), and these end in a vowel before it.
_CLOSED = _CONSONANT - frozenset("уй")  # "у" and "й" end roots as vowels do ("коронавирустан")
_NAMES_IN_STAN = frozenset({"пәкістан", "дағыстан", "һиндостан", "үндістан", "түркістан"})


def _is_name_in_stan(word: str) -> bool:
    return word.endswith("стан") and (word in _NAMES_IN_STAN or (len(word) > 5 and word[-5] in _CLOSED))


def kazakh_stem(word: str) -> str:
    """The root of a lowercased Kazakh word: the shortest that its endings, taken in their order
    (case, then possessive, then plural), leave."""
    if _is_name_in_stan(word):
        return word
    root = min(_parses(word), key=len)
    if root != word:
        root = _ELIDED.get(root, root)
    last = _UNVOICED.get(root[-1:]) if len(root) > 1 else None
    return root[:-1] + last if last else root
