"""Cleaning of article bodies and titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.text.clean import clean_article_text, clean_for_summary, clean_title

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("НУР-СУЛТАН. КАЗИНФОРМ – В столице прошел форум.", "В столице прошел форум."),
        ("АЛМАТЫ. KAZINFORM - В Алматы выпал снег.", "В Алматы выпал снег."),
        ("МОСКВА, 12 мая — РИА Новости. Президент подписал указ.", "Президент подписал указ."),
        ("ASTANA. KAZINFORM - The President met the minister.", "The President met the minister."),
        ("АСТАНА. ҚазАқпарат - Елордада жиын өтті.", "Елордада жиын өтті."),
    ],
)
def test_datelines_are_removed(raw: str, expected: str) -> None:
    assert clean_article_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Сессия стартовала, передает корреспондент МИА «Казинформ».", "Сессия стартовала."),
        ("Аким заявил, что указ подписан, сообщает пресс-служба акимата.", "Аким заявил, что указ подписан."),
        ("Жиын өтті, деп хабарлайды ҚазАқпарат тілшісі.", "Жиын өтті."),
        ("The forum opened, reports Kazinform correspondent.", "The forum opened."),
    ],
)
def test_attributions_are_removed_for_summaries_only(raw: str, expected: str) -> None:
    assert clean_for_summary(raw) == expected
    assert clean_article_text(raw) == raw  # the stored text keeps the sentence as published


def test_attribution_inside_a_sentence_is_kept() -> None:
    text = "Как сообщает пресс-служба, завод откроется в мае и даст 500 рабочих мест."
    assert clean_article_text(text) == text


def test_all_caps_text_is_not_taken_for_a_dateline() -> None:
    text = "ВЛАСТИ ОБЪЯВИЛИ О НОВЫХ МЕРАХ. ЭТО ВАЖНО."
    assert clean_article_text(text) == text


@pytest.mark.parametrize("widget", ["Сейчас читают", "Читайте также", "Read also", "Толығырақ"])
def test_trailing_widget_and_everything_after_it_go(widget: str) -> None:
    raw = f"Первый абзац статьи.\n\nВторой абзац статьи.\n\n{widget}\nЗаголовок другой новости"
    assert clean_article_text(raw) == "Первый абзац статьи.\n\nВторой абзац статьи."


def test_subscription_line_in_the_middle_is_dropped_alone() -> None:
    raw = "Короткое начало.\nПодписывайтесь на наш Telegram\n" + "Длинное продолжение статьи. " * 5
    cleaned = clean_article_text(raw)
    assert "Telegram" not in cleaned
    assert cleaned.startswith("Короткое начало.\nДлинное продолжение")


def test_markup_entities_none_lines_and_whitespace() -> None:
    raw = "None\n<p>Цена&nbsp;выросла на 5&#37; &laquo;сразу&raquo;</p>\n\n\n\nNone\n  Второй   абзац.  "
    assert clean_article_text(raw) == "Цена выросла на 5% «сразу»\n\nВторой абзац."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Учёные [выяснили](https://naked-science.ru/article/x), что **кофе** бодрит.",
            "Учёные выяснили, что кофе бодрит.",
        ),
        (
            "**🗣**** Свежий подкаст.** __Главное__ за ||неделю||, ~~не~~ всё.",
            "🗣 Свежий подкаст. Главное за неделю, не всё.",
        ),
        ("Переменная snake__case и a__b остаются.", "Переменная snake__case и a__b остаются."),
        ("Ссылка [без адреса](не ссылка) остаётся.", "Ссылка [без адреса](не ссылка) остаётся."),
    ],
)
def test_telegram_markdown_of_channel_exports_is_unwrapped(raw: str, expected: str) -> None:
    assert clean_article_text(raw) == expected
    assert clean_title(raw) == expected


def test_kazinform_sample() -> None:
    sample = SHARED / "examples" / "kazinform_sample.txt"
    if not sample.exists():
        pytest.skip("shared examples absent")
    raw = sample.read_text(encoding="utf-8")
    cleaned = clean_article_text(raw)
    assert "КАЗИНФОРМ" not in cleaned
    # the stored text keeps the attribution as published; the summarizer's copy does not
    assert "передает корреспондент МИА «Казинформ»" in cleaned
    assert "передает корреспондент" not in clean_for_summary(raw)
    assert "None" not in cleaned
    assert "Сейчас читают" not in cleaned
    assert "В Нур-Султане стартовала XXIX сессия Ассамблеи народа Казахстана, передает" in cleaned
    assert cleaned.endswith("дал ряд конкретных поручений.")


def test_clean_title() -> None:
    assert clean_title("None") == ""
    assert clean_title(None) == ""
    assert clean_title("  Курс &quot;тенге&quot;\n укрепился | Kazinform") == 'Курс "тенге" укрепился'


def test_empty_input() -> None:
    assert clean_article_text("") == ""
    assert clean_article_text("None\nNone\n") == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Одно  слово\tи\u00a0другое \u2009 третье.", "Одно слово и другое третье."),
        (
            "Строка с пробелом в конце \t\n\u3000 \n\n  Вторая\u202fстрока",
            "Строка с пробелом в конце\n\nВторая строка",
        ),
        ("а\fб\vв", "а б в"),
    ],
)
def test_runs_of_any_spaces_become_one(raw: str, expected: str) -> None:
    assert clean_article_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # the spaces (even a line break) before the comma go with the clause
        ("Аким сообщил: указ подписан , сообщает пресс-служба акимата.", "Аким сообщил: указ подписан."),
        (
            "Указ подписан\n, передает корреспондент МИА «Казинформ».\nДалее текст.",
            "Указ подписан.\nДалее текст.",
        ),
        (
            "Сессия стартовала, передает корреспондент МИА «Казинформ». Жиын өтті, деп хабарлайды тілшісі.",
            "Сессия стартовала. Жиын өтті.",
        ),
        ("The forum opened , a Kazinform correspondent reports. Next.", "The forum opened. Next."),
    ],
)
def test_every_attribution_and_the_spaces_before_it_go(raw: str, expected: str) -> None:
    assert clean_for_summary(raw) == expected


def test_the_stored_text_keeps_a_wire_attribution() -> None:
    raw = "МОСКВА, 12 мая — РИА Новости. Министр заявил о росте, передает РИА «Новости».\nNone"
    assert clean_article_text(raw) == "Министр заявил о росте, передает РИА «Новости»."


@pytest.mark.parametrize(
    "line",
    [
        "🔴 Подписаться на Москву - новостную",
        "Читать нас без VPN можно здесь: bit.ly/example",
        "@somechannel",
        "Новости города с огоньком @citytop5",
        "📱 Прислать новость",
        "Фото: Иван Петров",
        "Видео: yuliagribova",
        "* Video",
        "Главное к 18:00 мск",
        "https://t.me/somechannel/123",
        "Реклама. ООО «Ромашка». ИНН 7700000000",
        "erid: 2VtzqxAbCdE",
    ],
)
def test_post_furniture_never_reaches_the_summary_copy(line: str) -> None:
    raw = f"Власти открыли новый мост через реку.\n\n{line}"
    assert clean_for_summary(raw) == "Власти открыли новый мост через реку."
    assert line.lstrip("🔴📱* ") in clean_article_text(raw) or "Реклама" in line or "erid" in line


def test_leading_emoji_and_bullets_go_but_captions_with_content_stay() -> None:
    raw = (
        "🇺🇸 Активисты предложили переименовать улицу.\n• Решение примут в мае.\n"
        "Видео: второй пациент с нейрочипом играет в шахматы"
    )
    assert clean_for_summary(raw) == (
        "Активисты предложили переименовать улицу.\nРешение примут в мае.\n"
        "Видео: второй пациент с нейрочипом играет в шахматы"
    )


def test_a_source_clause_stays_when_the_claim_has_no_other_speaker() -> None:
    text = "Указ подписан, сообщает пресс-служба акимата."
    assert clean_for_summary(text) == text


def test_a_signature_at_the_end_of_the_last_line_goes() -> None:
    raw = "Курс юаня поднялся выше 14 рублей. Это максимум с октября. @somechannel"
    assert clean_for_summary(raw) == "Курс юаня поднялся выше 14 рублей. Это максимум с октября."
    assert (
        clean_for_summary("Пишите нам на @support_bot в любое время")
        == "Пишите нам на @support_bot в любое время"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("LONDON (Reuters) - Britain said on Monday it would act.", "Britain said on Monday it would act."),
        ("NEW YORK, Nov 12 (AP) — Stocks fell sharply.", "Stocks fell sharply."),
        ("WASHINGTON, Jan. 5 (Reuters) - The U.S. Senate voted.", "The U.S. Senate voted."),
    ],
)
def test_english_agency_datelines_go(raw: str, expected: str) -> None:
    assert clean_article_text(raw) == expected


def test_a_stock_widget_opening_a_line_is_furniture_for_summaries() -> None:
    raw = "«Газпром» GAZP ₽341,77 +7,07% Купить Оператор получит средства. Об этом сообщил вице-премьер."
    assert clean_for_summary(raw) == "Оператор получит средства. Об этом сообщил вице-премьер."
    assert clean_article_text(raw) == raw
