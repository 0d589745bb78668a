"""Language of an article: Russian, Kazakh or English, from letters and function words only."""

from __future__ import annotations

import re

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|[#@]\w+")
_LATIN = re.compile(r"[a-zA-Z]")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ]")
# Letters of the Kazakh alphabet that Russian does not have ("і" is also Ukrainian, hence the ratio).
_KAZAKH_LETTER = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_WORD = re.compile(r"[а-яёәғқңөұүһі]+", re.IGNORECASE)

# Frequent Kazakh words that are spelled with Russian letters only or are otherwise unmistakable.
_KAZAKH_WORDS = frozenset(
    {
        "және", "мен", "бен", "пен", "деп", "бұл", "осы", "үшін", "туралы", "жылы", "болып", "болды",
        "бар", "жоқ", "еді", "екен", "екенін", "қазақстан", "республикасы", "бойынша", "арқылы",
        "кейін", "дейін", "жаңа", "бір", "тағы", "сондай-ақ", "олар", "оның", "ол", "біз", "сіз",
        "керек", "мүмкін", "жатыр", "отыр", "айтты", "деді", "дейді", "сол", "да", "де", "та", "те",
        "ма", "ме", "ба", "бе", "па", "пе", "жыл", "облысы", "ауданы", "қаласы", "елі", "елдің",
    }
)  # fmt: skip
# Russian words that never occur in Kazakh prose.
_RUSSIAN_WORDS = frozenset(
    {
        "и", "в", "во", "не", "на", "что", "с", "со", "по", "как", "из", "для", "от", "это", "к",
        "о", "об", "у", "за", "он", "она", "они", "был", "была", "были", "также", "который",
        "которые", "года", "году", "при", "или", "но", "его", "ее", "её", "их", "уже", "так",
    }
)  # fmt: skip
# Share of Kazakh-only letters among Cyrillic letters above which a text is Kazakh outright.
# Kazakh prose has 5-10 %; a Russian text quoting a Kazakh name stays well under 2 %.
_KAZAKH_LETTER_SHARE = 0.02
_SAMPLE_CHARS = 5000  # the language of an article shows in its first few thousand characters


def detect_language(text: str) -> str:
    """Return "ru", "kk" or "en" for ``text``; Russian when there is nothing to go on."""
    # Links, e-mails, hashtags and handles are Latin in every language.
    sample = _URL.sub(" ", text[:_SAMPLE_CHARS])
    latin = len(_LATIN.findall(sample))
    cyrillic = len(_CYRILLIC.findall(sample))
    if latin > cyrillic:
        return "en"
    if cyrillic == 0:
        return "ru"
    kazakh_letters = len(_KAZAKH_LETTER.findall(sample))
    share = kazakh_letters / cyrillic
    if share >= _KAZAKH_LETTER_SHARE:
        return "kk"
    words = [w.lower() for w in _WORD.findall(sample)]
    kk_votes = sum(1 for w in words if w in _KAZAKH_WORDS)
    ru_votes = sum(1 for w in words if w in _RUSSIAN_WORDS)
    # Without Kazakh letters, Kazakh still needs its function words to outnumber Russian ones.
    if kazakh_letters > 0 and kk_votes > ru_votes:
        return "kk"
    if kk_votes >= 1 and ru_votes == 0:
        return "kk"
    return "ru"
