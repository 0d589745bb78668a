"""The Fluent files: every language has every key with the same variables, every key is used, texts
read as a speaker writes them (plurals, numbers, Kazakh endings)."""

from __future__ import annotations

import ast
import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from fluent.syntax import ast as fluent_ast
from fluent.syntax import parse
from fluent.syntax.visitor import Visitor

from bot.config import LANGUAGES
from bot.ingest.failures import FailureReason
from bot.telegram.i18n import kazakh_locative, load_core
from bot.telegram.menu import ADMIN_COMMANDS, GROUP_ADMIN_COMMANDS, READER_COMMANDS

REPO = Path(__file__).resolve().parents[2]
LOCALES = REPO / "bot" / "telegram" / "locales"
CODE_FOLDERS = ("bot", "handlers", "storage")


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: fluent_ast.VariableReference) -> None:
        self.names.add(node.id.name)


def messages(language: str) -> dict[str, fluent_ast.Message]:
    """Every message of one language, by key, from all its .ftl files."""
    found: dict[str, fluent_ast.Message] = {}
    for path in sorted((LOCALES / language).glob("*.ftl")):
        resource = parse(path.read_text("utf-8"))
        junk = [entry for entry in resource.body if isinstance(entry, fluent_ast.Junk)]
        assert not junk, f"{path} does not parse: {[j.content[:80] for j in junk]}"
        for entry in resource.body:
            if isinstance(entry, fluent_ast.Message):
                assert entry.id.name not in found, f"{entry.id.name} twice in {language}"
                found[entry.id.name] = entry
    return found


def variables(message: fluent_ast.Message) -> set[str]:
    visitor = _Variables()
    visitor.visit(message)
    return visitor.names


def code_strings() -> Iterator[str]:
    """Every string constant in the product's Python code."""
    for folder in CODE_FOLDERS:
        for path in (REPO / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    yield node.value


@pytest.fixture(scope="module")
def core() -> FluentRuntimeCore:
    return asyncio.run(load_core("ru"))


def test_every_language_has_every_key_with_the_same_variables() -> None:
    reference = messages("ru")
    for language in LANGUAGES:
        found = messages(language)
        assert found.keys() == reference.keys(), (
            f"{language}: missing {sorted(reference.keys() - found.keys())}, "
            f"extra {sorted(found.keys() - reference.keys())}"
        )
        for key, message in found.items():
            assert variables(message) == variables(reference[key]), f"{language} {key}"


def test_every_key_is_used_in_code() -> None:
    used = set(code_strings())
    used |= {f"cmd-{command}" for command in (*READER_COMMANDS, *ADMIN_COMMANDS, *GROUP_ADMIN_COMMANDS)}
    used |= {f"failure-{reason.value}" for reason in FailureReason}  # looked up by the failure's reason
    unused = sorted(key for key in messages("ru") if key not in used)
    assert not unused, f"keys no code uses: {unused}"


def _is_text_lookup(func: ast.expr) -> bool:
    """``i18n.get(...)``, ``core.get(...)``, ``i18n.core.get(...)`` or ``translate(...)``."""
    if isinstance(func, ast.Name):
        return func.id == "translate"
    if not (isinstance(func, ast.Attribute) and func.attr == "get"):
        return False
    owner = func.value
    name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
    return name in ("i18n", "core")


def test_every_key_the_code_asks_for_exists() -> None:
    keys = set(messages("ru"))
    asked = set()
    for folder in CODE_FOLDERS:
        for path in (REPO / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Call) and _is_text_lookup(node.func) and node.args:
                    first = node.args[0]
                    candidates = [first]
                    if isinstance(first, ast.IfExp):  # i18n.get("a" if x else "b")
                        candidates = [first.body, first.orelse]
                    for candidate in candidates:
                        if isinstance(candidate, ast.Constant) and isinstance(candidate.value, str):
                            asked.add(candidate.value)
    assert len(asked) > 30, "the scan found too few text lookups"
    assert not asked - keys, sorted(asked - keys)


def test_no_latin_placeholders_in_russian_and_kazakh_help(core: FluentRuntimeCore) -> None:
    for language in ("ru", "kk"):
        for key in ("help-text", "help-admin"):
            text = core.get(key, language)
            assert not re.search(r"/\w+ (ID|URL|N\b)", text.replace("[N]", "")), (language, key, text)


@pytest.mark.parametrize(
    ("key", "wrong"),
    [
        ("digest-heading", "дайджесі"),
        ("subscribed", "уақытта"),
        ("timezone-usage", "UTC-тен"),
        ("admin-fetch-no-sources", "Сұрайтын"),
    ],
)
def test_kazakh_wording(core: FluentRuntimeCore, key: str, wrong: str) -> None:
    values = {"date": "1 желтоқсан", "time": "09:00", "timezone": "Asia/Almaty"}
    text = core.get(key, "kk", **values, schedule="күн сайын", next="ертең")
    assert wrong not in text


def test_kazakh_times_take_the_locative_ending_of_their_spoken_form(core: FluentRuntimeCore) -> None:
    cases = {
        "09:00": "09:00-де",  # тоғыз нөл нөл
        "08:30": "08:30-да",  # отыз
        "07:15": "07:15-те",  # он бес
        "18:40": "18:40-та",  # қырық
        "12:01": "12:01-де",  # бір
        "06:06": "06:06-да",  # алты
        "21:50": "21:50-де",  # елу
    }
    for hhmm, expected in cases.items():
        assert kazakh_locative(hhmm) == expected
    assert kazakh_locative("08:00, 18:30") == "08:00, 18:30-да"
    assert kazakh_locative("сегіз") == "сегіз"
    # The schedule line of every "when digests come" reply and of the settings card.
    assert core.get("schedule-line", "kk", days="күн сайын", times="09:00") == "күн сайын сағат 09:00-де"
    assert core.get("schedule-line", "kk", days="күн сайын", times="07:15, 18:40").endswith("18:40-та")


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("ru", "1 новая статья из 1 источника.", "5 новых статей из 22 источников, не удалось опросить: 3."),
        ("en", "1 new article from 1 source.", "5 new articles from 22 sources, 3 failed."),
        ("kk", "1 дереккөзден 1 жаңа мақала.", "22 дереккөзден 5 жаңа мақала, 3 дереккөзді"),
    ],
)
def test_counts_take_plural_forms_and_zero_failures_are_not_mentioned(
    core: FluentRuntimeCore, language: str, one: str, many: str
) -> None:
    assert one in core.get("admin-fetch-total", language, stored=1, sources=1, failed=0)
    assert many in core.get("admin-fetch-total", language, stored=5, sources=22, failed=3)
    assert core.get("admin-stats-source", "en", id=1, kind="feed", title="T", articles=1).endswith(
        ": 1 article"
    )


def test_ids_are_not_thousands_grouped(core: FluentRuntimeCore) -> None:
    checked = 0
    for language in LANGUAGES:
        for key, message in messages(language).items():
            if "id" not in variables(message):
                continue
            arguments = dict.fromkeys(variables(message), "x") | {"id": 1234567}
            for name in ("stored", "duplicates", "sources", "failed", "articles", "count"):
                if name in arguments:
                    arguments[name] = 2
            assert "1234567" in core.get(key, language, **arguments), (language, key)
            checked += 1
    assert checked >= 3 * 8


def test_source_kinds_are_translated(core: FluentRuntimeCore) -> None:
    line = core.get("admin-stats-source", "ru", id=3, kind="channel", title="T", articles=2)
    assert "[канал]" in line
    assert "[таспа]" in core.get("admin-stats-source", "kk", id=3, kind="feed", title="T", articles=2)
