"""The defect detectors of ``make eval``, each on made-up summaries with and without its defect."""

from __future__ import annotations

import pytest

from bot.text.defects import inspect

ARTICLE = (
    "Власти Москвы открыли новый мост через реку.\n"
    "«Мост построен за два года. Он выдержит любые нагрузки», — сказал мэр.\n"
    "Он добавил, что движение откроют в мае.\n"
    "Стоимость (с НДС — 6 млрд) составила 5 млрд рублей, сообщает ТАСС со ссылкой на источники.\n"
    "Расходы вырастут на 10% в следующем году. Об этом заявил министр финансов.\n"
    "Его слова передает РИА «Новости».\n"
    "Магазины закроются во всех районах (кроме центра) с понедельника.\n"
    "Строительство шло без перерывов\n"
    "Работы вели три подрядчика."
)
TITLE = "Власти Москвы открыли новый мост"


@pytest.mark.parametrize(
    ("summary", "defect"),
    [
        ("Мост построен за два года.", "quote_fragment"),
        ("Мост построен за два года.", "unquoted_speech"),
        ("«Мост построен за два года.", "quote_fragment"),
        ("Он добавил, что движение откроют в мае.", "leaning"),
        (
            "Власти Москвы открыли новый мост через реку. Он выдержит любые нагрузки», — сказал мэр.",
            "quote_fragment",
        ),
        ("» — сказал мэр.", "bad_start"),
        ("Его слова передает РИА «Новости».", "relay_only"),
        ("Власти Москвы открыли новый мост через реку. Подписаться на канал", "furniture"),
        ("🔴 Власти Москвы открыли новый мост через реку.", "furniture"),
        ("https://t.me/somechannel/12", "only_furniture"),
        ("Власти Москвы открыли новый мост.", "headline_repeat"),
        ("Строительство шло без перерывов Работы вели три подрядчика.", "run_on"),
        ("Стоимость составила 5 млрд рублей.", "attribution_cut"),
        ("Стоимость составила 5 млрд рублей, сообщает ТАСС со ссылкой на источники.", "paren_cut"),
        ("Магазины закроются во всех районах с понедельника.", "paren_cut"),
        ("Расходы вырастут на 10% в следующем году.", "speaker_dropped"),
        ("движение откроют в мае.", "bad_start"),
        ("Работы вели три подрядчика. Работы вели три подрядчика.", "near_duplicate"),
    ],
)
def test_each_defect_is_found(summary: str, defect: str) -> None:
    assert defect in inspect(summary, ARTICLE, TITLE).defects


@pytest.mark.parametrize(
    "summary",
    [
        "«Мост построен за два года. Он выдержит любые нагрузки», — сказал мэр.",
        "Власти Москвы открыли новый мост через реку. «Мост построен за два года. Он выдержит любые "
        "нагрузки», — сказал мэр. Он добавил, что движение откроют в мае.",
        "Расходы вырастут на 10% в следующем году. Об этом заявил министр финансов.",
        "Стоимость (с НДС — 6 млрд) составила 5 млрд рублей, сообщает ТАСС со ссылкой на источники.",
        "Магазины закроются во всех районах (кроме центра) с понедельника.",
        "Строительство шло без перерывов. Работы вели три подрядчика.",
        "",
    ],
)
def test_a_clean_summary_has_no_defect(summary: str) -> None:
    report = inspect(summary, ARTICLE, TITLE)
    assert report.defects == set()


def test_sentences_not_in_the_article_are_listed_with_what_was_removed() -> None:
    report = inspect("Стоимость составила 5 млрд рублей.", ARTICLE, TITLE)
    sentence, source, removed = report.not_verbatim[0]
    assert sentence == "Стоимость составила 5 млрд рублей."
    assert source.startswith("Стоимость (с НДС — 6 млрд)")
    assert "НДС" in removed and "со ссылкой на источники" in removed
    assert report.meaning and not inspect(ARTICLE.split("\n")[0], ARTICLE, "").not_verbatim


def test_a_wire_relay_cut_is_fine_when_a_speaker_remains() -> None:
    article = "Министр заявил, что налоги снизят, передает ТАСС."
    assert inspect("Министр заявил, что налоги снизят.", article).defects == set()
    assert "attribution_cut" in inspect("Налоги снизят.", "Налоги снизят, передает ТАСС.").defects


def test_an_unclosed_quote_in_the_article_proves_nothing() -> None:
    article = "Певица сказала: «Все хорошо.\nПевица попала в ДТП в Ялте."
    assert "quote_fragment" not in inspect("Певица попала в ДТП в Ялте.", article).defects
