"""The file formats the importer reads, and an import that survives bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from bot.ingest.files import BadFileError, decode, parse_export_text, read_article_file
from bot.ingest.importer import import_files
from bot.ingest.models import ArticleDraft
from bot.ingest.processor import ArticleProcessor
from storage import Storage
from tests.conftest import KAZINFORM_SAMPLE, require_shared

RSS = """<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0"><channel><title>Лента</title><link>https://lenta.example/</link>
<item><title>Первая новость</title><link>https://lenta.example/1</link><guid>n1</guid>
<pubDate>Tue, 24 Nov 2026 10:00:00 +0500</pubDate>
<description>Текст первой новости &amp; ещё.</description></item>
<item><title>Вторая новость</title><link>https://lenta.example/2</link>
<description>Текст второй.</description></item>
</channel></rss>"""


def test_export_format_keeps_the_body_only() -> None:
    draft = parse_export_text(require_shared(KAZINFORM_SAMPLE).read_text("utf-8"))
    assert draft.title == "XXIX сессия Ассамблеи народа Казахстана началась в Нур-Султане"
    assert draft.text.startswith("НУР-СУЛТАН. КАЗИНФОРМ")
    assert "None" not in draft.text.split("\n")[0]
    assert draft.url is None and draft.published is None


def test_export_metadata_lines_give_url_and_date() -> None:
    draft = parse_export_text("Заголовок\nhttps://kazinform.kz/a/1\n2026-11-20 10:00\nNone\n\nТекст статьи.")
    assert draft.url == "https://kazinform.kz/a/1"
    assert draft.published is not None and draft.published.isoformat() == "2026-11-20T10:00:00+00:00"
    assert draft.text == "Текст статьи."


def test_windows_1251_text_is_read_and_garbage_is_refused() -> None:
    assert decode("Привет, мир".encode("cp1251")) == "Привет, мир"
    assert decode("\ufeffПривет".encode()) == "Привет"
    with pytest.raises(BadFileError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(BadFileError, match="empty"):
        decode(b"  \n")


def test_rss_file_in_windows_1251(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(RSS.encode("cp1251"))
    drafts = [d for d in read_article_file(path, None) if isinstance(d, ArticleDraft)]
    assert [d.title for d in drafts] == ["Первая новость", "Вторая новость"]
    assert drafts[0].text == "Текст первой новости & ещё."
    assert drafts[0].published is not None and drafts[0].published.hour == 5
    assert drafts[0].source_name == "Лента" and drafts[0].guid == "n1"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", _env_file=None)


async def test_import_reports_bad_files_and_goes_on(
    tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    rows = [
        {"title": "Новость один", "text": "В Астане прошёл форум. Участвовали сотни людей.", "source": "A"},
        {"title": "Новость один", "text": "В Астане прошёл  форум.  Участвовали сотни людей!", "source": "B"},
        "not an object",
        {"title": "Без текста"},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows] + ["{broken json"]
    (folder / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "c.txt").write_text("", encoding="utf-8")
    (folder / "d.txt").write_text(
        "Заголовок\nNone\n\nТекст статьи про погоду.\n\nСейчас читают\n", encoding="utf-8"
    )
    (folder / "e.txt").write_text(
        "Погода в Астане\nhttps://www.inform.kz/ru/pogoda_a1\nNone\n\nВ Астане похолодает до минус 20.\n",
        encoding="utf-8",
    )
    (folder / "feed.xml").write_bytes(RSS.encode("cp1251"))
    (folder / "bad.xml").write_text("<rss><channel><item><title>x</ti", encoding="utf-8")

    storage = await Storage.open(settings.database_path)
    try:
        report = await import_files(ArticleProcessor(storage, settings), [folder, tmp_path / "missing"])
        again = await import_files(ArticleProcessor(storage, settings), [folder])
        stored = await storage.articles.latest(10)
    finally:
        await storage.close()

    assert (report.stored, report.duplicates) == (5, 1)
    assert report.failed == 7
    assert (again.stored, again.duplicates) == (0, 6)
    log = caplog.text
    for name in ("a.jsonl:3", "a.jsonl:4", "a.jsonl:5", "b.txt", "c.txt", "bad.xml", "missing"):
        assert name in log
    weather = next(a for a in stored if a.title == "Заголовок")
    assert weather.text == "Текст статьи про погоду."
    # a file that names no source is credited to its link's site, or to "import" without one
    assert {a.source_title for a in stored} == {"A", "import", "inform.kz", "Лента"}
