"""course.quizzes: quiz settings, draw validation, shared question fields, overlays, fingerprints."""

from __future__ import annotations

import pytest

from course.errors import Diagnostics
from course.model import LocalText, Quiz
from course.quizzes import apply_overlay, fingerprint, quiz_source_hash
from coursekit import dedent, quiz_from, yaml_map

QUESTIONS = """\
questions:
  - {id: a, kind: true_false, objective: o1, prompt: A, answer: true}
  - {id: b, kind: true_false, objective: o1, prompt: B, answer: true}
  - {id: c, kind: true_false, objective: o2, prompt: C, answer: true}
  - {id: p, kind: true_false, objective: o2, prompt: P, answer: true, practice: true}
"""


def quiz_with(settings: str) -> tuple[Quiz | None, list[str]]:
    quiz, diags = quiz_from(settings + QUESTIONS)
    return quiz, [d.format() for d in diags.items]


# -- settings ----------------------------------------------------------------------------------

def test_defaults() -> None:
    quiz, problems = quiz_with("")
    assert problems == []
    assert (quiz.pass_mark, quiz.attempts, quiz.shuffle, quiz.draw, quiz.score) == (70, 0, False, None, "best")
    assert quiz.title == LocalText({"en": "q"})
    assert [q.id for q in quiz.graded] == ["a", "b", "c"], "practice questions are not graded"


def test_settings_are_read() -> None:
    quiz, problems = quiz_with("title: Check\npass_mark: 80\nattempts: 3\nshuffle: true\nscore: last\n")
    assert problems == []
    assert (quiz.pass_mark, quiz.attempts, quiz.shuffle, quiz.score) == (80, 3, True, "last")


def test_unknown_quiz_key() -> None:
    _, problems = quiz_with("atempts: 3\n")
    assert problems == ["quizzes/q.yaml:1:1: error: unknown key 'atempts' (did you mean 'attempts'?)"]


# -- draw ----------------------------------------------------------------------------------

def test_draw_a_number() -> None:
    quiz, problems = quiz_with("draw: 3\n")
    assert problems == [] and quiz.draw == 3


@pytest.mark.parametrize("draw, message", [
    ("4", "1:7: error: 'draw' asks for 4 questions but the quiz has only 3 graded questions"),
    ("0", "1:7: error: 'draw' must be at least 1"),
    ("-2", "1:7: error: 'draw' must be at least 1"),
    ("true", "1:7: error: 'draw' must be a number or a mapping of objectives to numbers, not true"),
    ("2.5", "1:7: error: 'draw' must be a number or a mapping of objectives to numbers, not the number 2.5"),
    ("[1, 2]", "1:7: error: 'draw' must be a number or a mapping of objectives to numbers, not a list"),
    ("{o1: 3}", "1:12: error: 'draw' asks for 3 questions on objective 'o1' but only 2 graded questions test it"),
    ("{o9: 1}", "1:8: error: 'draw' names objective 'o9', which the module does not define"),
    ("{o1: 0}", "1:12: error: 'draw' for 'o1' must be a whole number of at least 1"),
    ("{o1: x}", "1:12: error: 'draw' for 'o1' must be a whole number of at least 1"),
])
def test_draw_problems(draw: str, message: str) -> None:
    quiz, problems = quiz_with(f"draw: {draw}\n")
    assert problems == [f"quizzes/q.yaml:{message}"]
    assert quiz.draw is None


def test_draw_per_objective() -> None:
    quiz, problems = quiz_with("draw: {o1: 2, o2: 1}\n")
    assert problems == [] and quiz.draw == {"o1": 2, "o2": 1}


def test_draw_does_not_count_practice_questions() -> None:
    _, problems = quiz_with("draw: {o2: 2}\n")
    assert len(problems) == 1 and "'draw' asks for 2 questions on objective 'o2'" in problems[0]


def test_draw_message_grammar_for_one_question() -> None:
    _, problems = quiz_with("draw: {o2: 2}\n")
    assert problems[0].endswith("but only 1 graded question tests it")


# -- questions --------------------------------------------------------------------------------

def test_duplicate_question_id_names_the_first_line() -> None:
    _, diags = quiz_from(dedent("""
        questions:
          - {id: a, kind: true_false, objective: o1, prompt: A, answer: true}
          - {id: a, kind: true_false, objective: o1, prompt: B, answer: false}
        """))
    assert [d.format() for d in diags.items] == ["quizzes/q.yaml:3:10: error: duplicate question id 'a' "
                                                 "(first defined on line 2)"]


def test_unknown_kind_with_suggestion() -> None:
    quiz, diags = quiz_from("questions:\n  - {id: a, kind: singel, objective: o1, prompt: A}\n")
    assert quiz.questions == ()
    assert [d.message for d in diags.items] == [
        "question 'a': unknown kind 'singel' (did you mean 'single'?); kinds are single, multiple, "
        "true_false, matching, ordering, categorize, fill_in, numeric, scenario"]


def test_objective_must_be_defined_in_the_module() -> None:
    _, diags = quiz_from("questions:\n  - {id: a, kind: true_false, objective: o3, prompt: A, answer: true}\n")
    assert [d.format() for d in diags.items] == [
        "quizzes/q.yaml:2:42: error: question 'a': objective 'o3' is not defined in module 'm'"]


def test_key_of_another_kind_is_unknown() -> None:
    _, diags = quiz_from("questions:\n  - {id: a, kind: true_false, objective: o1, prompt: A, answer: true, options: []}\n")
    assert [d.message for d in diags.items] == ["question 'a': unknown key 'options' (did you mean 'points'?)"]


def test_missing_required_question_keys() -> None:
    _, diags = quiz_from("questions:\n  - {id: a, kind: single}\n")
    assert [d.message for d in diags.items] == [
        "question 'a': missing required key 'prompt'", "question 'a': missing required key 'objective'",
        "question 'a': missing required key 'options'"]


def test_points_must_be_positive() -> None:
    quiz, diags = quiz_from("questions:\n  - {id: a, kind: true_false, objective: o1, prompt: A, answer: true, "
                            "points: 0}\n")
    assert quiz.questions == ()
    assert [d.message for d in diags.items] == ["question 'a': 'points' must be more than 0"]


def test_citations_are_parsed_with_positions() -> None:
    quiz, diags = quiz_from("questions:\n  - {id: a, kind: true_false, objective: o1, prompt: A, answer: true, "
                            "cites: [palermo:3b, untoc, Bad Cite]}\n")
    assert [c.ref for c in quiz.questions[0].cites] == ["palermo:3b", "untoc"]
    assert [d.message for d in diags.items] == [
        "question 'a': citation the text 'Bad Cite' must be written instrument:article, e.g. palermo:3b"]


def test_empty_question_list() -> None:
    _, diags = quiz_from("questions: []\n")
    assert diags.report_lines() == ["quizzes/q.yaml:1:12: error: 'questions' is empty"]


# -- overlays --------------------------------------------------------------------------------

SOURCE = """\
title: Quiz
questions:
  - id: s
    kind: single
    objective: o1
    prompt: Pick one
    explanation: Because.
    options:
      - {id: a, text: A, correct: true}
      - {id: b, text: B, feedback: Not B}
  - id: f
    kind: fill_in
    objective: o1
    prompt: Age is [[age]] years
    blanks: {age: ["18"]}
  - id: m
    kind: matching
    objective: o1
    prompt: Match
    pairs:
      - {id: p1, item: I1, match: M1}
      - {id: p2, item: I2, match: M2}
    extra_matches: [X]
  - id: o
    kind: ordering
    objective: o1
    prompt: Order
    items: [{id: i1, text: First}, {id: i2, text: Second}]
  - id: c
    kind: categorize
    objective: o1
    prompt: Sort
    categories: [{id: k1, text: Cat one}, {id: k2, text: Cat two}]
    items: [{id: x, text: Thing, category: k1}]
  - id: sc
    kind: scenario
    objective: o1
    prompt: Decide
    case_file: Facts.
    start: s1
    steps:
      s1:
        prompt: What now?
        choices:
          - {id: c1, text: Do it, next: end, feedback: Fine.}
    outcomes:
      end: {text: Done.}
"""


def overlaid(overlay: str) -> tuple[Quiz, list[str]]:
    quiz, diags = quiz_from(SOURCE)
    assert not diags.items, [d.format() for d in diags.items]
    diags = Diagnostics()
    data = yaml_map(overlay, "quizzes/q.ru.yaml", diags)
    result = apply_overlay(quiz, data, "quizzes/q.ru.yaml", "ru", ("en", "ru"), "en", diags)
    assert result.lang == "ru" and result.path == "quizzes/q.ru.yaml"
    return quiz, [d.format() for d in diags.items]


def test_overlay_merges_texts_of_every_kind() -> None:
    quiz, problems = overlaid("""
        source_hash: abc123
        title: Тест
        questions:
          s:
            prompt: Выберите
            explanation: Потому что.
            options:
              a: {text: А}
              b: {text: Б, feedback: Не Б}
          f: {prompt: "Возраст [[age]] лет"}
          m:
            pairs: {p1: {item: И1, match: С1}}
            extra_matches: [Икс]
          o: {items: {i1: Первый, i2: Второй}}
          c:
            categories: {k1: Первая}
            items: {x: Вещь}
          sc:
            case_file: Факты.
            steps: {s1: {prompt: Что теперь?, choices: {c1: {text: Сделать, feedback: Хорошо.}}}}
            outcomes: {end: Готово.}
        """)
    assert problems == []
    assert quiz.title.values == {"en": "Quiz", "ru": "Тест"}
    s = quiz.question("s")
    assert s.prompt.values["ru"] == "Выберите" and s.explanation.values["ru"] == "Потому что."
    assert [o.text.values.get("ru") for o in s.spec.options] == ["А", "Б"]
    assert s.spec.options[1].feedback.values == {"en": "Not B", "ru": "Не Б"}
    assert quiz.question("f").prompt.values["ru"] == "Возраст [[age]] лет"
    pairs = quiz.question("m").spec.pairs
    assert (pairs[0].item.values["ru"], pairs[0].match.values["ru"]) == ("И1", "С1")
    assert "ru" not in pairs[1].item.values, "untranslated texts stay in the source language only"
    assert quiz.question("m").spec.extra_matches[0].values["ru"] == "Икс"
    assert [i.text.values["ru"] for i in quiz.question("o").spec.items] == ["Первый", "Второй"]
    c = quiz.question("c").spec
    assert c.categories[0].text.values["ru"] == "Первая" and "ru" not in c.categories[1].text.values
    assert c.items[0].text.values["ru"] == "Вещь"
    sc = quiz.question("sc").spec
    assert sc.case_file.values["ru"] == "Факты."
    assert sc.steps["s1"].prompt.values["ru"] == "Что теперь?"
    assert sc.steps["s1"].choices[0].text.values["ru"] == "Сделать"
    assert sc.steps["s1"].choices[0].feedback.values["ru"] == "Хорошо."
    assert sc.outcomes["end"].text.values["ru"] == "Готово."


def test_scenario_choice_overlay_may_be_the_text_alone_like_an_option() -> None:
    quiz, problems = overlaid("""
        questions:
          s: {options: {a: А}}
          sc: {steps: {s1: {choices: {c1: Сделать}}}}
        """)
    assert problems == []
    assert quiz.question("s").spec.options[0].text.values["ru"] == "А"
    choice = quiz.question("sc").spec.steps["s1"].choices[0]
    assert choice.text.values["ru"] == "Сделать" and "ru" not in choice.feedback.values


def test_scenario_choice_overlay_that_is_neither_text_nor_mapping_is_an_error() -> None:
    _, problems = overlaid("questions:\n  sc: {steps: {s1: {choices: {c1: [a, b]}}}}\n")
    assert problems == ["quizzes/q.ru.yaml:2:35: error: question 'sc': choice 'c1' text must be text"]


def test_overlay_keeps_answers_and_settings() -> None:
    quiz, _ = overlaid("questions:\n  s:\n    prompt: Выберите\n")
    before = {q.id: fingerprint(q) for q in quiz_from(SOURCE)[0].questions}
    assert {q.id: fingerprint(q) for q in quiz.questions} == before


def test_overlay_unknown_question_and_option() -> None:
    _, problems = overlaid("""
        questions:
          sx: {prompt: x}
          s:
            options:
              z: {text: Z}
        """)
    assert problems == [
        "quizzes/q.ru.yaml:2:3: error: no question 'sx' in quizzes/q.yaml (did you mean 's'?)",
        "quizzes/q.ru.yaml:5:7: error: question 's': no option 'z' in the source question"]


def test_overlay_cannot_add_what_the_source_lacks() -> None:
    _, problems = overlaid("""
        questions:
          f: {explanation: Нет в источнике}
          s: {options: {a: {feedback: Нет в источнике}}}
        """)
    assert problems == [
        "quizzes/q.ru.yaml:2:7: error: question 'f': the source question has no 'explanation' to translate",
        "quizzes/q.ru.yaml:3:21: error: question 's': option 'a' has no feedback in the source to translate"]


def test_overlay_must_keep_fill_in_blanks() -> None:
    _, problems = overlaid('questions:\n  f: {prompt: "Возраст [[agee]] лет"}\n')
    assert problems == ["quizzes/q.ru.yaml:2:15: error: question 'f': the translated prompt must keep the blanks [[age]]"]


def test_overlay_extra_matches_must_match_in_number() -> None:
    _, problems = overlaid("questions:\n  m: {extra_matches: [A, B]}\n")
    assert len(problems) == 1 and "'extra_matches' must have 1 entries, as in the source" in problems[0]


def test_overlay_may_not_change_answers() -> None:
    _, problems = overlaid("questions:\n  s: {options: {a: {correct: false}}}\n")
    assert problems == ["quizzes/q.ru.yaml:2:21: error: question 's': unknown key 'correct'"]


def test_overlay_unknown_top_level_key() -> None:
    _, problems = overlaid("pass_mark: 50\n")
    assert problems == ["quizzes/q.ru.yaml:1:1: error: unknown key 'pass_mark'"]


def test_overlay_records_its_source_hash() -> None:
    quiz, _ = quiz_from(SOURCE)
    diags = Diagnostics()
    overlay = apply_overlay(quiz, yaml_map("source_hash: 0123abcd\n", "o.yaml"), "o.yaml", "ru", ("en", "ru"), "en",
                            diags)
    assert overlay.source_hash == "0123abcd"


# -- fingerprints and source hashes -------------------------------------------------------------

def fp_of(text: str, qid: str = "s") -> str:
    quiz, diags = quiz_from(text)
    assert not diags.errors, [d.format() for d in diags.errors]
    return fingerprint(quiz.question(qid))


@pytest.mark.parametrize("old, new", [
    ("prompt: Pick one", "prompt: Pick exactly one option"),
    ("explanation: Because.", "explanation: Because of article 3."),
    ("{id: a, text: A, correct: true}", "{id: a, text: Alpha, correct: true}"),
    ("feedback: Not B}", "feedback: B is wrong}"),
])
def test_fingerprint_ignores_text_edits(old: str, new: str) -> None:
    assert old in SOURCE
    assert fp_of(SOURCE.replace(old, new)) == fp_of(SOURCE)


@pytest.mark.parametrize("old, new", [
    ("{id: a, text: A, correct: true}\n      - {id: b, text: B, feedback: Not B}",   # which option is right
     "{id: a, text: A, feedback: Not A}\n      - {id: b, text: B, correct: true}"),
    ("{id: b, text: B,", "{id: bb, text: B,"),                               # an option id
    ("      - {id: b, text: B, feedback: Not B}\n",
     "      - {id: b, text: B, feedback: Not B}\n      - {id: c, text: C, feedback: Wrong}\n"),  # an option added
    ("    explanation: Because.\n", "    explanation: Because.\n    points: 2\n"),              # its weight
])
def test_fingerprint_changes_with_structure(old: str, new: str) -> None:
    assert old in SOURCE
    assert fp_of(SOURCE.replace(old, new)) != fp_of(SOURCE)


@pytest.mark.parametrize("qid, old, new", [
    ("f", 'blanks: {age: ["18"]}', 'blanks: {age: ["18", "eighteen"]}'),
    ("m", "{id: p2, item: I2, match: M2}", "{id: p3, item: I2, match: M2}"),
    ("m", "extra_matches: [X]", "extra_matches: [X, Y]"),
    ("o", "items: [{id: i1, text: First}, {id: i2, text: Second}]", "items: [{id: i2, text: Second}, {id: i1, text: First}]"),
    ("c", "category: k1}", "category: k2}"),
    ("sc", "next: end, feedback: Fine.}", "next: end, points: 2, feedback: Fine.}"),
])
def test_fingerprint_changes_with_the_structure_of_other_kinds(qid: str, old: str, new: str) -> None:
    assert old in SOURCE
    assert fp_of(SOURCE.replace(old, new), qid) != fp_of(SOURCE, qid)


@pytest.mark.parametrize("qid, old, new", [
    ("f", 'blanks: {age: ["18"]}', 'blanks: {age: [" 18 "]}'),
    ("m", "{id: p1, item: I1, match: M1}", "{id: p1, item: Item one, match: Match one}"),
    ("sc", "case_file: Facts.", "case_file: Other facts."),
])
def test_fingerprint_ignores_texts_of_other_kinds(qid: str, old: str, new: str) -> None:
    assert old in SOURCE
    assert fp_of(SOURCE.replace(old, new), qid) == fp_of(SOURCE, qid)


def test_source_hash_follows_source_text_only() -> None:
    quiz, _ = quiz_from(SOURCE)
    base = quiz_source_hash(quiz, "en")
    assert quiz_source_hash(quiz_from(SOURCE.replace("Pick one", "Pick one now"))[0], "en") != base
    assert quiz_source_hash(quiz_from(SOURCE.replace("{id: a, text: A, correct: true}", "{id: a, text: A}")
                                      .replace("{id: b, text: B,", "{id: b, text: B, correct: true,"))[0], "en") == base
    overlaid_quiz, _ = overlaid("title: Тест\n")
    assert quiz_source_hash(overlaid_quiz, "en") == base, "translations do not change the source hash"
