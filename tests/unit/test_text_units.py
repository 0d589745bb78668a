"""Units of a summary: whole quotations, attributions with their claims, no leaning or broken starts."""

from __future__ import annotations

import pytest

from bot.text.sentences import split_pieces
from bot.text.units import build_units, is_balanced, is_leaning, is_relay, starts_badly


def units(text: str) -> list[tuple[str, bool, bool]]:
    return [(u.text, u.eligible, u.leaning) for u in build_units(split_pieces(text))]


def test_a_quotation_over_several_sentences_is_one_unit() -> None:
    text = "Министр выступил в Думе. «Мы построим дороги. Мы откроем школы», — сказал он. Заседание закрыли."
    assert [u[0] for u in units(text)] == [
        "Министр выступил в Думе.",
        "«Мы построим дороги. Мы откроем школы», — сказал он.",
        "Заседание закрыли.",
    ]


def test_a_quotation_across_the_speech_tag_stays_whole() -> None:
    text = "«Мы придем, — сказал он. — Мы обязательно победим». Потом он ушел."
    assert units(text)[0][0] == "«Мы придем, — сказал он. — Мы обязательно победим»."


def test_a_parenthesis_is_never_split() -> None:
    text = "Выручка выросла (в прошлом году. Без учета налогов) на 5%. Дальше текст."
    assert units(text)[0][0] == "Выручка выросла (в прошлом году. Без учета налогов) на 5%."


def test_a_speech_tag_after_a_quote_belongs_to_it() -> None:
    assert units("«Мы победим!» — заявил он. Потом ушел.")[0][0] == "«Мы победим!» — заявил он."


def test_the_speaker_sentence_is_glued_to_a_claim_without_one() -> None:
    text = "Бюджет вырастет на 10% в следующем году. Об этом заявил министр финансов Антон Силуанов. Конец."
    assert units(text)[0][0] == (
        "Бюджет вырастет на 10% в следующем году. Об этом заявил министр финансов Антон Силуанов."
    )


def test_the_speaker_repeat_goes_when_the_claim_has_its_speaker() -> None:
    text = "Министр заявил, что бюджет вырастет на 10%. Об этом он сказал на заседании. Конец."
    assert [u[0] for u in units(text)] == ["Министр заявил, что бюджет вырастет на 10%.", "Конец."]


@pytest.mark.parametrize(
    "relay",
    [
        "Его слова передает РИА «Новости».",
        "Об этом сообщает ТАСС.",
        "Подробности приводит «Интерфакс».",
        "Об этом сообщает корреспондент агентства.",
    ],
)
def test_relay_only_sentences_are_dropped(relay: str) -> None:
    assert is_relay(relay)
    assert [u[0] for u in units(f"Министр заявил, что бюджет вырастет. {relay} Конец.")] == [
        "Министр заявил, что бюджет вырастет.",
        "Конец.",
    ]


def test_a_source_is_not_a_relay() -> None:
    assert not is_relay("Об этом говорится в сообщении пресс-службы Минфина.")
    assert not is_relay("Об этом заявил министр финансов.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Он добавил, что решение примут в мае.",
        "По его словам, решение примут в мае.",
        "По данным ведомства, решение примут в мае.",
        "Это первый такой случай.",
        "Тогда же было принято решение.",
        "Там открыли новую школу.",
        "They said the vote would be in May.",
    ],
)
def test_leaning_openers(sentence: str) -> None:
    assert is_leaning(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "По данным мэра Харькова Игоря Терехова, пострадали семь человек.",
        "Онлайн-торговля выросла на 20%.",
        "Этнографический музей открылся после ремонта.",
        "Тогдашний министр ушел в отставку.",
        "О том, что сделка сорвалась, сообщил министр.",
    ],
)
def test_not_leaning(sentence: str) -> None:
    assert not is_leaning(sentence)


def test_leaning_units_are_marked_and_bad_starts_are_not_eligible() -> None:
    out = units("Власти открыли мост.\nОн стоил 5 млрд рублей.\n— Мы рады, — сказал мэр.\nitem без начала.")
    assert out[1] == ("Он стоил 5 млрд рублей.", True, True)
    assert out[2][1] is False and out[3][1] is False


def test_starts_badly_but_not_for_names() -> None:
    assert starts_badly("» — сказал он.") and starts_badly(", и ушел.") and starts_badly("и ушел.")
    assert not starts_badly("iPhone 16 вышел в продажу.") and not starts_badly("«Газпром» отчитался.")


def test_a_list_header_and_its_items_are_not_eligible() -> None:
    out = units(
        "Санкции затронули банки.\nВ список вошли:\n1) ВТБ;\nБанк ДОМ РФ.\nДальше обычный текст статьи."
    )
    assert [u[1] for u in out] == [True, False, False, False, True]


def test_balance() -> None:
    assert is_balanced("«Да», — сказал он (кратко).")
    assert not is_balanced("«Мы придем.") and not is_balanced("Мы победим».") and not is_balanced("(да")


def test_kazakh_pronouns_lean_and_the_speaker_sentence_is_glued() -> None:
    text = "Астанада жаңа мектеп ашылды. Бұл туралы әкімдік хабарлады. Ол заманауи құралдармен жабдықталған."
    out = units(text)
    assert out[0][0] == "Астанада жаңа мектеп ашылды. Бұл туралы әкімдік хабарлады."
    assert out[1][2] is True
