"""course.i18n: plural rules, Strings.t, dates and numbers, and completeness of theme/i18n."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from course.errors import Diagnostics
from course.i18n import PLURAL_FORMS, Strings, load_strings, plural_category
from course.sources import read_yaml
from course.theme import Theme, default_theme_dir
from coursekit import write_tree

LANGUAGES = ("en", "ru", "kk")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


# -- plural rules -----------------------------------------------------------------------

@pytest.mark.parametrize("count, category", [
    (1, "one"), (2, "few"), (3, "few"), (4, "few"), (5, "many"), (0, "many"), (11, "many"), (12, "many"),
    (14, "many"), (21, "one"), (22, "few"), (25, "many"), (101, "one"), (111, "many"), (112, "many"),
    (1.5, "other"), (0.5, "other"), (2.0, "few"),
])
def test_russian_plural_categories(count: float, category: str) -> None:
    assert plural_category("ru", count) == category


@pytest.mark.parametrize("lang", ["en", "kk"])
@pytest.mark.parametrize("count, category", [(1, "one"), (0, "other"), (2, "other"), (21, "other"), (1.5, "other")])
def test_english_and_kazakh_plural_categories(lang: str, count: float, category: str) -> None:
    assert plural_category(lang, count) == category


QUESTIONS = {"one": "{count} вопрос", "few": "{count} вопроса", "many": "{count} вопросов", "other": "{count} вопроса"}


@pytest.mark.parametrize("count, text", [
    (1, "1 вопрос"), (2, "2 вопроса"), (5, "5 вопросов"), (11, "11 вопросов"), (21, "21 вопрос"),
    (22, "22 вопроса"), (1.5, "1,5 вопроса"),
])
def test_russian_plural_strings(count: float, text: str) -> None:
    strings = Strings("ru", {"q": QUESTIONS})
    assert strings.t("q", count=count) == text


# -- Strings.t ----------------------------------------------------------------------------

def test_placeholders_are_filled() -> None:
    strings = Strings("en", {"greet": "Hello {name}, you have {n} of {total}"})
    assert strings.t("greet", name="Ann", n=2, total=5) == "Hello Ann, you have 2 of 5"


def test_unknown_placeholders_stay_and_extra_values_are_ignored() -> None:
    strings = Strings("en", {"k": "{a} and {b}"})
    assert strings.t("k", a="x", c="unused") == "x and {b}"


def test_english_plural_picks_by_count() -> None:
    strings = Strings("en", {"m": {"one": "{count} minute", "other": "{count} minutes"}})
    assert [strings.t("m", count=n) for n in (1, 2, 0)] == ["1 minute", "2 minutes", "0 minutes"]


def test_numbers_use_the_language_decimal_separator() -> None:
    assert Strings("en", {}).number(0.5) == "0.5"
    assert Strings("ru", {}).number(0.5) == "0,5"
    assert Strings("kk", {}).number(2.25) == "2,25"
    assert Strings("ru", {"p": "{p} %"}).t("p", p=12.5) == "12,5 %"


def test_missing_key_falls_back_then_raises() -> None:
    english = Strings("en", {"only.en": "English"})
    russian = Strings("ru", {}, english)
    assert russian.t("only.en") == "English"
    with pytest.raises(KeyError):
        russian.t("nowhere")


# -- dates with the real tables ----------------------------------------------------------

@pytest.fixture(scope="module")
def strings() -> dict[str, Strings]:
    diags = Diagnostics()
    result = load_strings(Theme((default_theme_dir(),)), LANGUAGES, diags)
    assert not diags.items, [d.format() for d in diags.items]
    return result


@pytest.mark.parametrize("lang, full, month", [
    ("en", "8 December 2021", "May 2021"),
    ("ru", "8 декабря 2021 г.", "май 2021 г."),
    ("kk", "2021 жылғы 8 желтоқсан", "2021 жылғы мамыр"),
])
def test_dates_per_language(strings: dict[str, Strings], lang: str, full: str, month: str) -> None:
    assert strings[lang].date("2021-12-08") == full
    assert strings[lang].date("2021-05") == month
    assert strings[lang].date("2021") == "2021"
    assert strings[lang].date(None) == ""


def test_day_has_no_leading_zero(strings: dict[str, Strings]) -> None:
    assert strings["en"].date("2003-01-05") == "5 January 2003"


def test_real_russian_plural_entry(strings: dict[str, Strings]) -> None:
    ru = strings["ru"]
    assert [ru.t("quiz_page.questions", count=n) for n in (1, 2, 5, 11, 21, 22)] == [
        "1 вопрос", "2 вопроса", "5 вопросов", "11 вопросов", "21 вопрос", "22 вопроса"]


def test_to_js_loads_the_table_with_plural_forms(strings: dict[str, Strings]) -> None:
    script = strings["ru"].to_js()
    assert script.startswith('"use strict";\nCourseI18n.load({')
    assert '"plural":["one","few","many","other"]' in script
    assert '"lang":"ru"' in script


def test_a_key_defined_in_two_files_of_one_language_is_reported(tmp_path: Path) -> None:
    write_tree(tmp_path / "theme", {"templates/base.html": "x", "i18n/en/a.yaml": "greet: Hello\n",
                                    "i18n/en/b.yaml": "greet: Hi\n"})
    diags = Diagnostics()
    load_strings(Theme((tmp_path / "theme",)), ("en",), diags)
    assert diags.errors, "internals.md: a key defined twice is an error"


# -- completeness of theme/i18n ----------------------------------------------------------

def shape(value: Any) -> str:
    if isinstance(value, dict):
        return "plural"
    if isinstance(value, list):
        return f"list of {len(value)}"
    return "text"


def placeholders(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(placeholders(v) for v in value.values()))
    if isinstance(value, list):
        return set()
    return set(PLACEHOLDER.findall(str(value)))


def i18n_problems(i18n_dir: Path, languages: tuple[str, ...] = LANGUAGES) -> list[str]:
    """Everything wrong with a theme's string tables, one line per problem (empty when complete)."""
    problems: list[str] = []
    tables: dict[str, dict[str, Any]] = {}
    for lang in languages:
        table: dict[str, Any] = {}
        files = sorted((i18n_dir / lang).glob("*.yaml"))
        if not files:
            problems.append(f"{lang}: no string files")
        for path in files:
            diags = Diagnostics()
            data = read_yaml(path.parent, path.name, diags)
            problems += [f"{lang}/{d.format()}" for d in diags.items]
            for key, value in (data or {}).items():
                if key in table:
                    problems.append(f"{lang}: '{key}' is defined twice")
                table[key] = value
        tables[lang] = table
    every_key = sorted(set().union(*(set(t) for t in tables.values())))
    for key in every_key:
        present = {lang: tables[lang][key] for lang in languages if key in tables[lang]}
        for lang in languages:
            if lang not in present:
                problems.append(f"{lang}: missing key '{key}'")
        shapes = {lang: shape(value) for lang, value in present.items()}
        if len(set(shapes.values())) > 1:
            problems.append(f"'{key}' has different shapes: {shapes}")
        for lang, value in present.items():
            if isinstance(value, dict):
                forms = tuple(f for f in ("zero", "one", "two", "few", "many", "other") if f in value)
                if set(value) != set(PLURAL_FORMS[lang]):
                    problems.append(f"{lang}: plural '{key}' has {sorted(value)}, needs {list(PLURAL_FORMS[lang])}")
                elif any(not isinstance(value[f], str) for f in forms):
                    problems.append(f"{lang}: plural '{key}' has a form that is not text")
            elif not isinstance(value, (str, list)):
                problems.append(f"{lang}: '{key}' is neither text, a plural mapping nor a list")
        names = {lang: placeholders(value) for lang, value in present.items()}
        if len({frozenset(n) for n in names.values()}) > 1:
            problems.append(f"'{key}' uses different placeholders: { {k: sorted(v) for k, v in names.items()} }")
    return problems


def test_every_interface_string_exists_in_every_language_with_its_plural_forms() -> None:
    problems = i18n_problems(default_theme_dir() / "i18n")
    assert problems == [], "\n".join(problems)


@pytest.fixture
def theme_copy(tmp_path: Path) -> Path:
    target = tmp_path / "i18n"
    shutil.copytree(default_theme_dir() / "i18n", target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_completeness_check_fails_when_a_key_is_missing(theme_copy: Path, lang: str) -> None:
    path = theme_copy / lang / "site.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("page.table:"))
    path.write_text("".join(lines[:index] + lines[index + 1:]), encoding="utf-8")
    assert i18n_problems(theme_copy) == [f"{lang}: missing key 'page.table'"]


def test_completeness_check_fails_on_a_missing_russian_plural_form(theme_copy: Path) -> None:
    edit(theme_copy / "ru" / "site.yaml", 'few: "{count} вопроса", ', "")
    assert i18n_problems(theme_copy) == [
        "ru: plural 'quiz_page.questions' has ['many', 'one', 'other'], needs ['one', 'few', 'many', 'other']"]


def test_completeness_check_fails_on_an_extra_english_plural_form(theme_copy: Path) -> None:
    edit(theme_copy / "en" / "site.yaml", 'quiz_page.questions: {one:', 'quiz_page.questions: {few: x, one:')
    assert len(i18n_problems(theme_copy)) == 1


def test_completeness_check_fails_on_a_key_only_in_one_translation(theme_copy: Path) -> None:
    with (theme_copy / "kk" / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("only.kazakh: Тек қазақша\n")
    assert sorted(i18n_problems(theme_copy)) == ["en: missing key 'only.kazakh'", "ru: missing key 'only.kazakh'"]


def test_completeness_check_fails_on_a_lost_placeholder(theme_copy: Path) -> None:
    edit(theme_copy / "ru" / "site.yaml", '"Версия {version}"', '"Версия"')
    assert i18n_problems(theme_copy) == [
        "'page.version' uses different placeholders: {'en': ['version'], 'ru': [], 'kk': ['version']}"]
