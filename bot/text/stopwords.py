"""Function words of Russian, Kazakh and English, which a search ignores.

Russian and English: the Snowball project's stop word lists (snowballstem.org, algorithms/russian/stop.txt
and algorithms/english/stop.txt, BSD licence), with the words that carry news meaning left out
(numbers such as "два", "три", and "хорошо", "лучше", "жизнь"). Kazakh has no Snowball list: the
conjunctions, particles, postpositions and pronouns below are the commonest such words of the kk
sentence corpus. Packaged lists (stop-words, stopwordsiso) were not used: they have no Kazakh, and
their Russian and English lists drop news words such as "время", "человек", "fire", "home", "bill".
"""

from __future__ import annotations

from bot.text.words import readings, stem, words

_RUSSIAN = """
и в во не что он на я с со как а то все всё она так его но да ты к у же вы за бы по только ее её мне
было вот от меня еще ещё нет о об из ему теперь когда даже ну вдруг ли если уже или ни быть был него
до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя
их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой
совсем ним здесь этом почти мой тем чтобы нее неё сейчас были куда зачем всех никогда можно при
наконец другой хоть после над больше тот через эти нас про всего них какая много разве эту моя
впрочем свою этой перед иногда чуть том нельзя такой им более всегда конечно всю между это эта
который которая которое которые которого которой которых также либо ко ото изо подо надо обо
"""

_ENGLISH = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
hers herself it its itself they them their theirs themselves what which who whom this that these
those am is are was were be been being have has had having do does did doing would should could
ought a an the and but if or because as until while of at by for with about against between into
through during before after above below to from up down in out on off over under again further then
once here there when where why how all any both each few more most other some such no nor not only
own same so than too very can will just don't isn't aren't wasn't weren't hasn't haven't hadn't
doesn't didn't won't wouldn't shan't shouldn't can't cannot couldn't mustn't
"""

_KAZAKH = """
және мен бен пен да де та те ал бірақ алайда немесе әлде не яки яғни себебі өйткені сондықтан егер
онда мұнда сонда осында бұл осы сол ол мына ана олар біз сіз сен оның мұның соның осының бұның
оған бұған соған осыған оны мұны соны осыны үшін туралы бойынша арқылы дейін кейін бері соң сайын
қарай сияқты секілді тәрізді ретінде жөнінде жайында ғана қана тек әлі енді тағы да ма ме ба бе па
пе ғой қой шығар еді екен емес деп деген дегенмен әрі әр барлық бүкіл өз өзі өзін өзінің кім қандай
қай қашан қалай неге неліктен
"""

STOP_WORDS: frozenset[str] = frozenset((_RUSSIAN + _ENGLISH + _KAZAKH).split())


def is_stop_word(word: str) -> bool:
    """True for a lowercased word that says nothing on its own ("и", "және", "the")."""
    return word.replace("ё", "е") in STOP_WORDS or word in STOP_WORDS


def search_terms(text: str) -> list[str]:
    """The stems a search looks for: each meaningful word of ``text`` once, in order."""
    return list(dict.fromkeys(stem(w) for w in words(text) if not is_stop_word(w)))


def search_readings(text: str) -> list[tuple[str, ...]]:
    """What a search looks for: each meaningful word of ``text`` once, in order, as the stems it may
    have in the index (``bot.text.words.readings``), any of which matches."""
    return list(dict.fromkeys(readings(w) for w in words(text) if not is_stop_word(w)))
