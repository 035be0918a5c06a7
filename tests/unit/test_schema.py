"""course.schema: Reader (keys, types, language maps) and id_problem."""

from __future__ import annotations

import pytest

from course.errors import Diagnostics, Pos
from course.model import LocalText
from course.schema import Reader, describe, id_problem
from coursekit import yaml_map


def reader(text: str, where: str = "", languages: tuple[str, ...] = ("en", "ru", "kk"),
           source: str = "en") -> tuple[Reader, Diagnostics]:
    diags = Diagnostics()
    data = yaml_map(text, "s.yaml", diags)
    assert not diags.items
    return Reader(data, diags, where, languages, source), diags


def formatted(diags: Diagnostics) -> list[str]:
    return [d.format() for d in diags.items]


# -- keys -----------------------------------------------------------------------------

def test_unknown_key_is_reported_at_the_key_with_a_suggestion() -> None:
    r, diags = reader("title: T\nobjectivs: [a]\n")
    assert r.keys(("title", "objectives")) is False
    assert formatted(diags) == ["s.yaml:2:1: error: unknown key 'objectivs' (did you mean 'objectives'?)"]


def test_unknown_key_without_a_close_match_has_no_suggestion() -> None:
    r, diags = reader("title: T\nzzz: 1\n")
    r.keys(("title", "objectives"))
    assert formatted(diags) == ["s.yaml:2:1: error: unknown key 'zzz'"]


def test_a_comma_in_unquoted_text_between_braces_gets_a_hint_to_quote_the_text() -> None:
    r, diags = reader("{id: a, text: Yes, feedback: No. Smuggling, not trafficking.}\n")
    r.keys(("id", "text", "feedback"))
    assert formatted(diags) == [
        "s.yaml:1:45: error: unknown key 'not trafficking.'; inside { } a comma starts a new entry: "
        "if 'not trafficking.' belongs to the text of 'feedback', put that whole text in quotes"]


def test_an_unknown_key_written_on_its_own_line_gets_no_comma_hint() -> None:
    r, diags = reader("id: a\nnot trafficking.:\n")
    r.keys(("id", "text"))
    assert formatted(diags) == ["s.yaml:2:1: error: unknown key 'not trafficking.'"]


def test_where_prefixes_every_message() -> None:
    r, diags = reader("prompt: P\ncorect: true\n", where="question 'q1'")
    r.keys(("prompt", "correct"))
    assert formatted(diags) == ["s.yaml:2:1: error: question 'q1': unknown key 'corect' (did you mean 'correct'?)"]


def test_missing_required_key_is_reported_at_the_mapping() -> None:
    r, diags = reader("q:\n  prompt: P\n  kind: single\n")
    inner = r.child(r.map("q"), "question 1")
    assert inner.keys(("id", "kind", "prompt"), required=("id", "kind")) is False
    assert formatted(diags) == ["s.yaml:2:3: error: question 1: missing required key 'id'"]


def test_known_keys_pass() -> None:
    r, diags = reader("id: a\nkind: single\n")
    assert r.keys(("id", "kind", "prompt"), required=("id",)) is True
    assert not diags.items


# -- scalar types ---------------------------------------------------------------------

@pytest.mark.parametrize("value, shown", [
    ("yes", "true"), ("'5'", "the text '5'"), ("[1]", "a list"), ("{a: 1}", "a mapping"), ("2.5", "the number 2.5"),
])
def test_int_rejects_other_types(value: str, shown: str) -> None:
    r, diags = reader(f"minutes: {value}\n")
    assert r.int("minutes", 7) == 7
    assert formatted(diags) == [f"s.yaml:1:10: error: 'minutes' must be a whole number, not {shown}"]


def test_int_range() -> None:
    r, diags = reader("pass_mark: 120\nattempts: -1\n")
    assert r.int("pass_mark", 70, minimum=0, maximum=100) == 70
    assert r.int("attempts", 0, minimum=0) == 0
    assert formatted(diags) == ["s.yaml:1:12: error: 'pass_mark' must be at least 0 and at most 100, not 120",
                                "s.yaml:2:11: error: 'attempts' must be at least 0, not -1"]


def test_int_missing_or_null_gives_the_default_silently() -> None:
    r, diags = reader("minutes:\n")
    assert r.int("minutes", 3) == 3
    assert r.int("absent", 4) == 4
    assert not diags.items


@pytest.mark.parametrize("value, shown", [("3", "the number 3"), ("'yes'", "the text 'yes'"), ("[true]", "a list")])
def test_bool_rejects_other_types(value: str, shown: str) -> None:
    r, diags = reader(f"shuffle: {value}\n")
    assert r.bool("shuffle", False) is False
    assert formatted(diags) == [f"s.yaml:1:10: error: 'shuffle' must be true or false, not {shown}"]


def test_bool_accepts_yaml_booleans() -> None:
    r, _ = reader("a: true\nb: no\n")
    assert r.bool("a", False) is True and r.bool("b", True) is False


def test_list_rejects_a_mapping_and_text() -> None:
    r, diags = reader("lessons: {a: 1}\nmodules: a, b\n")
    assert r.list("lessons") is None
    assert r.list("modules") is None
    assert formatted(diags) == ["s.yaml:1:10: error: 'lessons' must be a list, not a mapping",
                                "s.yaml:2:10: error: 'modules' must be a list, not the text 'a, b'"]


def test_map_rejects_a_list() -> None:
    r, diags = reader("objectives: [a, b]\n")
    assert r.map("objectives") is None
    assert formatted(diags) == ["s.yaml:1:13: error: 'objectives' must be a mapping, not a list"]


@pytest.mark.parametrize("value, shown", [("[a]", "a list"), ("{a: b}", "a mapping"), ("true", "true")])
def test_str_rejects_non_text(value: str, shown: str) -> None:
    r, diags = reader(f"title: {value}\n")
    assert r.str("title") is None
    assert formatted(diags) == [f"s.yaml:1:8: error: 'title' must be text, not {shown}"]


def test_str_accepts_numbers_as_text() -> None:
    r, diags = reader("version: 2\n")
    assert r.str("version") == "2"
    assert not diags.items


def test_long_text_is_shortened_in_messages() -> None:
    assert describe("x" * 50) == "the text '" + "x" * 37 + "...'"


def test_choice_suggests_a_close_option() -> None:
    r, diags = reader("score: bets\n")
    assert r.choice("score", ("best", "last"), "best") == "best"
    assert formatted(diags) == ["s.yaml:1:8: error: 'score' must be one of best, last, not 'bets' (did you mean 'best'?)"]


@pytest.mark.parametrize("value, expected", [("2021-12-08", "2021-12-08"), ("2021-12", "2021-12"), ("2021", "2021")])
def test_date_forms(value: str, expected: str) -> None:
    r, diags = reader(f"adopted: {value}\n")
    assert r.date("adopted") == expected
    assert not diags.items


@pytest.mark.parametrize("value", ["2021-13", "2021-00", "'2021-02-30'", "'2021-13-01'"])
def test_date_rejects_impossible_dates(value: str) -> None:
    r, diags = reader(f"text_date: {value}\n")
    assert r.date("text_date") is None
    assert [d.pos for d in diags.errors] == [Pos("s.yaml", 1, 12)]


def test_date_rejects_free_text() -> None:
    r, diags = reader("adopted: 15 Nov 2000\n")
    assert r.date("adopted") is None
    assert formatted(diags) == ["s.yaml:1:10: error: 'adopted' must be a date written YYYY-MM-DD, YYYY-MM or YYYY, "
                                "not the text '15 Nov 2000'"]


# -- text and language maps -------------------------------------------------------------

def test_plain_text_is_in_the_source_language() -> None:
    r, _ = reader("title: The framework\n", source="en")
    assert r.text("title") == LocalText({"en": "The framework"})


def test_language_map() -> None:
    r, diags = reader("title: {en: Framework, ru: Основа}\n")
    assert r.text("title") == LocalText({"en": "Framework", "ru": "Основа"})
    assert not diags.items


def test_unknown_language_in_a_language_map() -> None:
    r, diags = reader("title: {en: Framework, de: Rahmen}\n")
    assert r.text("title") == LocalText({"en": "Framework"})
    assert formatted(diags) == ["s.yaml:1:24: warning: 'title' has text in 'de', which is not one of the course "
                                "languages (en, ru, kk); it is not built"]


def test_language_map_without_the_source_language() -> None:
    r, diags = reader("id: x\ntitle: {ru: Основа, kk: Негіз}\n")
    assert r.text("title") is None
    assert formatted(diags) == ["s.yaml:2:8: error: 'title' has no text in the source language 'en'"]


def test_comma_in_flow_mapping_gets_a_hint() -> None:
    r, diags = reader("objective: {en: Consent, once a means is used, ru: Согласие}\n")
    r.text("objective")
    assert formatted(diags) == [
        "s.yaml:1:26: error: 'objective': 'once a means is used' is not a language code; a comma inside {...} "
        "starts a new entry, so put text with commas in quotes"]


def test_quoted_commas_are_fine() -> None:
    r, diags = reader('objective: {en: "Consent, once a means is used", ru: Согласие}\n')
    assert r.text("objective") == LocalText({"en": "Consent, once a means is used", "ru": "Согласие"})
    assert not diags.items


def test_non_text_value_in_a_language_map() -> None:
    r, diags = reader("title: {en: [a, b]}\n")
    assert r.text("title") is None
    assert formatted(diags) == ["s.yaml:1:13: error: 'title' in 'en' must be text, not a list"]


def test_text_must_be_text_or_a_map() -> None:
    r, diags = reader("title: [a]\n")
    assert r.text("title") is None
    assert formatted(diags) == ["s.yaml:1:8: error: 'title' must be text or a mapping of languages to text, not a list"]


# -- ids --------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["consent-after-deception", "01-legal-framework", "3b", "a", "0"])
def test_good_ids(value: str) -> None:
    assert id_problem(value) is None


@pytest.mark.parametrize("value", ["Consent", "with space", "under_score", "-leading", "", "ключ", "a.b", "id\n"])
def test_malformed_ids(value: str) -> None:
    assert id_problem(value) == (f"malformed id '{value}': ids use lower-case letters, digits and hyphens, "
                                 "and start with a letter or digit")


@pytest.mark.parametrize("value", ["../evil", "a/b", "..", "a\\b", "x..y"])
def test_ids_that_would_escape_the_output_folder(value: str) -> None:
    problem = id_problem(value)
    assert problem is not None
    assert problem.startswith(f"id '{value}' would escape the output folder")


@pytest.mark.parametrize("value, shown", [(3, "the number 3"), (None, "empty"), (["a"], "a list"), (True, "true")])
def test_non_string_ids(value: object, shown: str) -> None:
    assert id_problem(value) == f"must be an id, not {shown}"


def test_reader_id_reports_at_the_value() -> None:
    r, diags = reader("id: ../evil\nquiz: 12\n")
    assert r.id("id") is None
    assert r.id("quiz") is None
    assert formatted(diags) == [
        "s.yaml:1:5: error: id '../evil' would escape the output folder; ids use lower-case letters, digits and "
        "hyphens, and start with a letter or digit",
        "s.yaml:2:7: error: 'quiz' must be an id, not the number 12"]


def test_id_list_skips_bad_items_and_keeps_positions() -> None:
    r, diags = reader("lessons: [intro, Bad, ../x, outro]\n")
    assert r.id_list("lessons") == [("intro", Pos("s.yaml", 1, 11)), ("outro", Pos("s.yaml", 1, 29))]
    assert [d.pos for d in diags.items] == [Pos("s.yaml", 1, 18), Pos("s.yaml", 1, 23)]
