"""course.kinds: for every kind, SCORM correct-response patterns (checked against the formats of
/work/shared/standards/README.md §3.3), the longest packed answer, and the browser payload;
plus the scenario graph checks."""

from __future__ import annotations

import re
from typing import Any

import pytest

from course.kinds import KINDS
from course.kinds.base import CODES
from course.kinds.typed import MAX_BLANK_CHARS, normalize_answer
from course.model import LocalText
from coursekit import dedent, quiz_from

# -- one example question per kind (the authoring.md examples, objective renamed) -----------

EXAMPLES: dict[str, str] = {
    "single": """
        id: consent-after-deception
        kind: single
        objective: o1
        prompt: Does her consent matter?
        options:
          - {id: defence, text: Yes. Her consent is a defence., feedback: No.}
          - {id: irrelevant, text: No. Consent is irrelevant., correct: true, feedback: Right.}
          - {id: partly, text: Partly., feedback: No.}
        """,
    "multiple": """
        id: act-element
        kind: multiple
        objective: o1
        prompt: Which of these are acts?
        options:
          - {id: recruitment, text: Recruitment, correct: true}
          - {id: deception, text: Deception, feedback: A means.}
          - {id: harbouring, text: Harbouring, correct: true}
        """,
    "true_false": """
        id: border-required
        kind: true_false
        objective: o1
        prompt: Trafficking requires crossing a border.
        answer: false
        """,
    "matching": """
        id: instruments
        kind: matching
        objective: o1
        prompt: Match each instrument with its subject.
        pairs:
          - {id: palermo, item: Palermo Protocol, match: Trafficking in persons}
          - {id: smuggling, item: Smuggling Protocol, match: Smuggling of migrants}
        extra_matches: [Sale of organs, Firearms]
        """,
    "ordering": """
        id: referral-order
        kind: ordering
        objective: o1
        prompt: Put the steps in order.
        items:
          - {id: identify, text: Identification}
          - {id: refer, text: Referral to assistance}
          - {id: testify, text: Testimony in court}
        """,
    "categorize": """
        id: thb-or-smuggling
        kind: categorize
        objective: o1
        prompt: Trafficking or smuggling?
        categories: [{id: thb, text: Trafficking}, {id: smuggling, text: Smuggling}]
        items:
          - {id: passport, text: Passport withheld, category: thb}
          - {id: fee, text: A fee paid for crossing, category: smuggling}
          - {id: debt, text: Debt that grows, category: thb}
        """,
    "fill_in": """
        id: child-age
        kind: fill_in
        objective: o1
        prompt: A child is any person under [[age]] years of age, says article [[article]].
        blanks: {age: ["18", eighteen, восемнадцати], article: ["3d", 3 d]}
        """,
    "numeric": """
        id: reflection-days
        kind: numeric
        objective: o1
        prompt: How many days?
        answer: 30
        tolerance: 2.5
        """,
    "scenario": """
        id: construction-site
        kind: scenario
        objective: o1
        prompt: Decide the case.
        case_file: |
          **Facts.** Twelve men were recruited.
        start: first-hearing
        steps:
          first-hearing:
            prompt: The defence says the men agreed to come. You...
            choices:
              - {id: consent-defence, text: Accept consent, next: retrial, points: 0, feedback: No.}
              - {id: examine-means, text: Examine the means, next: evidence, points: 2, feedback: Right.}
          evidence:
            prompt: Which evidence first?
            choices:
              - {id: ledgers, text: The ledgers, next: verdict, points: 2, feedback: Good.}
              - {id: none, text: None, next: verdict, points: 0, feedback: Look further.}
        outcomes:
          verdict: {text: The court examines the whole mosaic of evidence.}
          retrial: {text: The judgment is overturned on appeal.}
        """,
}


def parse(text: str) -> tuple[Any, list[str]]:
    """A question from the YAML of one list item (without '- '); (question, error lines)."""
    body = "\n".join("    " + line for line in dedent(text).splitlines())
    quiz, diags = quiz_from("questions:\n  -\n" + body + "\n", objectives=("o1",))
    question = quiz.questions[0] if quiz and quiz.questions else None
    return question, [d.format() for d in diags.errors]


def example(kind: str) -> Any:
    question, errors = parse(EXAMPLES[kind])
    assert errors == [] and question is not None, errors
    return question


def test_every_kind_has_an_example() -> None:
    assert set(EXAMPLES) == set(KINDS)


# -- SCORM formats (§3.3) --------------------------------------------------------------------

TYPES_2004 = {"true-false", "choice", "fill-in", "long-fill-in", "likert", "matching", "performance",
              "sequencing", "numeric", "other"}
TYPES_12 = {"true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"}
ID = r"[^\s\[\]{}]{1,250}"            # short_identifier_type: URI-like, no spaces, no delimiters
CHAR = r"[0-9a-z]"
DECIMAL = r"-?\d+(\.\d+)?"
MAX_PATTERNS_2004 = {"true-false": 1, "choice": 10, "fill-in": 5, "matching": 5, "performance": 5,
                     "sequencing": 5, "numeric": 1, "other": 1}


def check_2004(kind_type: str, pattern: str) -> None:
    if kind_type == "true-false":
        assert pattern in ("true", "false")
    elif kind_type in ("choice", "sequencing"):
        ids = pattern.split("[,]")
        assert all(re.fullmatch(ID, i) for i in ids) and len(ids) <= 36
        assert len(set(ids)) == len(ids), "no duplicates"
    elif kind_type == "matching":
        pairs = pattern.split("[,]")
        assert len(pairs) <= 36
        assert all(re.fullmatch(f"{ID}\\[\\.\\]{ID}", p) for p in pairs), pattern
    elif kind_type == "fill-in":
        match = re.fullmatch(r"(\{case_matters=(true|false)\})?(\{order_matters=(true|false)\})?(.*)", pattern)
        assert match
        strings = match.group(5).split("[,]")
        assert 1 <= len(strings) <= 10
        assert all(0 < len(s) <= 250 and not s.startswith("{") for s in strings)
    elif kind_type == "numeric":
        assert re.fullmatch(f"({DECIMAL})?\\[:\\]({DECIMAL})?", pattern), pattern
    elif kind_type == "other":
        assert 0 < len(pattern) <= 4000
    else:  # pragma: no cover - a new type needs a rule here
        pytest.fail(f"no rule for {kind_type}")


def check_12(kind_type: str, pattern: str) -> None:
    assert len(pattern) <= 255
    if kind_type == "true-false":
        assert re.fullmatch("[01tf]", pattern)
    elif kind_type in ("choice", "sequencing"):
        assert re.fullmatch(f"{CHAR}(,{CHAR})*", pattern), pattern
    elif kind_type == "matching":
        assert re.fullmatch(f"{CHAR}\\.{CHAR}(,{CHAR}\\.{CHAR})*", pattern), pattern
    elif kind_type == "numeric":
        assert re.fullmatch(DECIMAL, pattern), pattern
    elif kind_type in ("fill-in", "performance"):
        assert pattern
    else:  # pragma: no cover
        pytest.fail(f"no rule for {kind_type}")


@pytest.mark.parametrize("name", sorted(KINDS))
def test_interaction_types_are_scorm_vocabulary(name: str) -> None:
    kind = KINDS[name]
    assert kind.type2004 in TYPES_2004
    assert kind.type12 in TYPES_12


@pytest.mark.parametrize("name", sorted(KINDS))
def test_correct_patterns_follow_the_scorm_formats(name: str) -> None:
    question = example(name)
    kind = KINDS[name]
    patterns, patterns12 = kind.correct(question.spec)
    assert 1 <= len(patterns) <= MAX_PATTERNS_2004[kind.type2004]
    assert len(set(patterns)) == len(patterns), "patterns must differ"
    for pattern in patterns:
        check_2004(kind.type2004, pattern)
    assert len(patterns12) >= 1
    for pattern in patterns12:
        check_12(kind.type12, pattern)


EXPECTED_PATTERNS = {
    "single": (["irrelevant"], ["1"]),
    "multiple": (["recruitment[,]harbouring"], ["0,2"]),
    "true_false": (["false"], ["f"]),
    "matching": (["palermo[.]palermo[,]smuggling[.]smuggling"], ["0.0,1.1"]),
    "ordering": (["identify[,]refer[,]testify"], ["0,1,2"]),
    "categorize": (["passport[.]thb[,]fee[.]smuggling[,]debt[.]thb"], ["0.0,1.1,2.0"]),
    "numeric": (["27.5[:]32.5"], ["30"]),
    "scenario": (["first-hearing=examine-means;evidence=ledgers"], ["first-hearing=examine-means;evidence=ledgers"]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_PATTERNS))
def test_correct_patterns_name_the_right_answer(name: str) -> None:
    assert KINDS[name].correct(example(name).spec) == EXPECTED_PATTERNS[name]


def test_choice_codes_are_positions() -> None:
    spec = example("single").spec
    assert [o.id for o in spec.options].index("irrelevant") == 1
    assert KINDS["single"].correct(spec)[1] == [CODES[1]] == ["1"]


def test_fill_in_patterns_combine_accepted_answers_in_prompt_order() -> None:
    patterns, patterns12 = KINDS["fill_in"].correct(example("fill_in").spec)
    assert patterns[0] == "{case_matters=false}{order_matters=true}18[,]3d"
    assert len(patterns) == 5, "3 × 2 combinations, cut to the SPM of 5"
    assert patterns12[:2] == ["18,3d", "18,3 d"]


def test_numeric_range_patterns() -> None:
    question, errors = parse("id: n\nkind: numeric\nobjective: o1\nprompt: P\nrange: [-1.5, 20]\n")
    assert errors == []
    assert KINDS["numeric"].correct(question.spec) == (["-1.5[:]20"], ["-1.5"])


def test_numeric_pattern_has_no_exponent() -> None:
    question, _ = parse("id: n\nkind: numeric\nobjective: o1\nprompt: P\nanswer: 0.0000001\n")
    patterns, patterns12 = KINDS["numeric"].correct(question.spec)
    assert "e" not in patterns[0].lower() and "e" not in patterns12[0].lower()
    assert patterns == ["0.0000001[:]0.0000001"]


def test_scenario_12_pattern_is_cut_to_255_characters() -> None:
    steps = []
    for n in range(12):
        nxt = f"step-{n + 1:02d}-with-a-long-descriptive-name" if n < 11 else "end"
        steps.append(f"  step-{n:02d}-with-a-long-descriptive-name:\n    prompt: P\n    choices:\n"
                     f"      - {{id: the-only-reasonable-choice-{n}, text: T, next: {nxt}, points: 1}}\n")
    text = ("id: long\nkind: scenario\nobjective: o1\nprompt: P\ncase_file: C\n"
            "start: step-00-with-a-long-descriptive-name\nsteps:\n" + "".join(steps) + "outcomes:\n  end: Done\n")
    question, errors = parse(text)
    assert errors == []
    patterns, patterns12 = KINDS["scenario"].correct(question.spec)
    assert len(patterns[0]) > 255
    assert patterns12 == [patterns[0][:255]]


@pytest.mark.parametrize("blanks, answer", [(11, "a"), (7, "x" * MAX_BLANK_CHARS)])
def test_fill_in_patterns_stay_within_scorm_limits_or_are_refused(blanks: int, answer: str) -> None:
    prompt = " ".join(f"[[b{i}]]" for i in range(blanks))
    answers = ", ".join(f"b{i}: [{answer}]" for i in range(blanks))
    question, errors = parse(f"id: f\nkind: fill_in\nobjective: o1\nprompt: 'Fill: {prompt}'\nblanks: {{{answers}}}\n")
    if errors:
        assert any("at most 10 blanks" in e or "too long for SCORM 1.2" in e for e in errors), errors
        return
    patterns, patterns12 = KINDS["fill_in"].correct(question.spec)
    for pattern in patterns:
        check_2004("fill-in", pattern)
    for pattern in patterns12:
        check_12("fill-in", pattern)


# -- longest packed answer -----------------------------------------------------------------

def test_max_packed_per_kind() -> None:
    assert KINDS["single"].max_packed(example("single").spec) == 1
    assert KINDS["multiple"].max_packed(example("multiple").spec) == 3
    assert KINDS["true_false"].max_packed(example("true_false").spec) == 1
    assert KINDS["matching"].max_packed(example("matching").spec) == 2
    assert KINDS["ordering"].max_packed(example("ordering").spec) == 3
    assert KINDS["categorize"].max_packed(example("categorize").spec) == 3


def test_max_packed_of_a_scenario_covers_its_longest_path() -> None:
    spec = example("scenario").spec
    assert spec.longest == 2
    assert KINDS["scenario"].max_packed(spec) >= 2


def test_max_packed_of_fill_in_holds_every_accepted_answer() -> None:
    spec = example("fill_in").spec
    packed = KINDS["fill_in"].max_packed(spec)
    longest = sum(max(len(a) for a in blank.accepted) for blank in spec.blanks) + len(spec.blanks) - 1
    assert longest <= packed <= MAX_BLANK_CHARS * len(spec.blanks) + len(spec.blanks) - 1


def test_max_packed_of_numeric_holds_a_typed_number() -> None:
    packed = KINDS["numeric"].max_packed(example("numeric").spec)
    assert len("-1234,25") <= packed <= 20


@pytest.mark.parametrize("name", sorted(KINDS))
def test_packed_correct_answer_fits(name: str) -> None:
    """The packed form (internals.md) of the correct answer is never longer than max_packed."""
    spec = example(name).spec
    packed = {
        "single": lambda: CODES[next(i for i, o in enumerate(spec.options) if o.correct)],
        "multiple": lambda: "".join(CODES[i] for i, o in enumerate(spec.options) if o.correct),
        "true_false": lambda: "t" if spec.answer else "f",
        "matching": lambda: "".join(CODES[i] for i in range(len(spec.pairs))),
        "ordering": lambda: "".join(CODES[i] for i in range(len(spec.items))),
        "categorize": lambda: "".join("0" for _ in spec.items),
        "fill_in": lambda: ")".join(max(b.accepted, key=len) for b in spec.blanks),
        "numeric": lambda: "30",
        "scenario": lambda: "".join("1" for _ in spec.best_path()),
    }[name]()
    assert len(packed) <= KINDS[name].max_packed(spec)


# -- payloads ----------------------------------------------------------------------------

class Text:
    """A TextRenderer that shows the English text, marked so the field type is visible."""

    def block(self, text: LocalText | None) -> str | None:
        return None if text is None else f"<p>{text.values['en']}</p>"

    def inline(self, text: LocalText | None) -> str | None:
        return None if text is None else f"<i>{text.values['en']}</i>"

    def plain(self, text: LocalText | None) -> str:
        return "" if text is None else text.values["en"]


def payload(name: str) -> dict[str, Any]:
    return KINDS[name].payload(example(name).spec, Text())


def test_choice_payload() -> None:
    data = payload("single")
    assert list(data) == ["options"]
    assert data["options"][1] == {"id": "irrelevant", "code": "1", "text_html": "<i>No. Consent is irrelevant.</i>",
                                  "correct": True, "feedback_html": "<p>Right.</p>"}
    multiple = payload("multiple")["options"]
    assert [o["correct"] for o in multiple] == [True, False, True]
    assert multiple[0]["feedback_html"] is None


def test_choice_codes_follow_the_code_alphabet() -> None:
    assert [o["code"] for o in payload("single")["options"]] == list(CODES[:3])


def test_true_false_payload() -> None:
    assert payload("true_false") == {"answer": False}


def test_matching_payload() -> None:
    data = payload("matching")
    assert data["pairs"] == [{"id": "palermo", "code": "0", "item_html": "<i>Palermo Protocol</i>"},
                             {"id": "smuggling", "code": "1", "item_html": "<i>Smuggling Protocol</i>"}]
    assert [(m["id"], m["code"], m["text_html"]) for m in data["matches"]] == [
        ("palermo", "0", "<i>Trafficking in persons</i>"), ("smuggling", "1", "<i>Smuggling of migrants</i>"),
        ("extra-1", "2", "<i>Sale of organs</i>"), ("extra-2", "3", "<i>Firearms</i>")]


def test_ordering_payload_is_in_the_correct_order() -> None:
    assert payload("ordering") == {"items": [
        {"id": "identify", "code": "0", "text_html": "<i>Identification</i>"},
        {"id": "refer", "code": "1", "text_html": "<i>Referral to assistance</i>"},
        {"id": "testify", "code": "2", "text_html": "<i>Testimony in court</i>"}]}


def test_categorize_payload() -> None:
    data = payload("categorize")
    assert data["categories"] == [{"id": "thb", "code": "0", "text_html": "<i>Trafficking</i>"},
                                  {"id": "smuggling", "code": "1", "text_html": "<i>Smuggling</i>"}]
    assert [(i["id"], i["code"], i["category"]) for i in data["items"]] == [
        ("passport", "0", "thb"), ("fee", "1", "smuggling"), ("debt", "2", "thb")]
    assert data["items"][0]["text_html"] == "<i>Passport withheld</i>"


def test_fill_in_payload() -> None:
    blanks = payload("fill_in")["blanks"]
    assert [(b["name"], b["accepted"]) for b in blanks] == [("age", ["18", "eighteen", "восемнадцати"]),
                                                            ("article", ["3d", "3 d"])]


def test_numeric_payload_has_inclusive_bounds() -> None:
    assert payload("numeric") == {"min": 27.5, "max": 32.5}


def test_scenario_payload() -> None:
    data = payload("scenario")
    assert data["start"] == "first-hearing"
    assert data["max_points"] == 4
    assert data["case_file_html"] == "<p>**Facts.** Twelve men were recruited.\n</p>"
    assert set(data["outcomes"]) == {"verdict", "retrial"}
    assert data["outcomes"]["retrial"] == {"text_html": "<p>The judgment is overturned on appeal.</p>"}
    first = data["steps"]["first-hearing"]
    assert first["prompt_html"] == "<p>The defence says the men agreed to come. You...</p>"
    assert first["best"] == ["examine-means"]
    assert first["choices"][1] == {"id": "examine-means", "code": "1", "text_html": "<i>Examine the means</i>",
                                   "next": "evidence", "points": 2, "feedback_html": "<p>Right.</p>"}
    assert [c["next"] for c in data["steps"]["evidence"]["choices"]] == ["verdict", "verdict"]


# -- fingerprints and texts ------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_lists_its_texts(name: str) -> None:
    texts = list(KINDS[name].texts(example(name).spec))
    assert all(isinstance(t, LocalText) for t in texts)
    if name not in ("true_false", "numeric", "fill_in"):
        assert texts


def test_fill_in_answers_are_normalized_for_comparison() -> None:
    assert normalize_answer("  Ёлка   Большая ") == "елка большая"


# -- scenario graph checks --------------------------------------------------------------------

SCENARIO = """\
id: s
kind: scenario
objective: o1
prompt: P
case_file: C
start: a
steps:
  a:
    prompt: A?
    choices:
      - {id: go, text: Go, next: b}
  b:
    prompt: B?
    choices:
      - {id: finish, text: Finish, next: end}
outcomes:
  end: {text: The end.}
"""


def scenario(edit: dict[str, str]) -> tuple[Any, list[str]]:
    text = SCENARIO
    for old, new in edit.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return parse(text)


def message_lines(errors: list[str]) -> list[str]:
    return [e.split(": error: ", 1)[1] for e in errors]


def test_valid_scenario_parses() -> None:
    question, errors = scenario({})
    assert errors == [] and question is not None
    assert question.spec.max_points == 0 and question.spec.longest == 2


def test_scenario_unknown_next() -> None:
    question, errors = scenario({"next: end}": "next: ende}"})
    assert question is None
    assert message_lines(errors) == ["question 's': step 'b', choice 'finish': 'next' names 'ende', which is "
                                     "neither a step nor an outcome (did you mean 'end'?)"]
    assert errors[0].startswith("quizzes/q.yaml:17:46:")  # at the 'next' value (items are indented 4 more)


def test_scenario_unreachable_step() -> None:
    question, errors = scenario({"outcomes:": "  orphan:\n    prompt: O?\n    choices:\n"
                                              "      - {id: x, text: X, next: end}\noutcomes:"})
    assert question is None
    assert message_lines(errors) == ["question 's': step 'orphan' cannot be reached from the start step 'a'"]


def test_scenario_unreachable_outcome() -> None:
    question, errors = scenario({"  end: {text: The end.}": "  end: {text: The end.}\n  lost: {text: Lost.}"})
    assert question is None
    assert message_lines(errors) == ["question 's': outcome 'lost' cannot be reached from the start step 'a'"]


def test_scenario_step_without_choices() -> None:
    question, errors = scenario({"    choices:\n      - {id: finish, text: Finish, next: end}": "    choices: []"})
    assert question is None
    assert "question 's': step 'b' has no choices" in message_lines(errors)


def test_scenario_step_without_a_choices_key() -> None:
    question, errors = scenario({"    choices:\n      - {id: finish, text: Finish, next: end}\n": ""})
    assert question is None
    assert "question 's': step 'b' has no choices" in message_lines(errors)


def test_scenario_cycle() -> None:
    question, errors = scenario({"      - {id: finish, text: Finish, next: end}":
                                 "      - {id: finish, text: Finish, next: end}\n"
                                 "      - {id: back, text: Back, next: a}"})
    assert question is None
    assert message_lines(errors) == ["question 's': step 'b', choice 'back': leads back to 'a', making a loop "
                                     "(a → b → a)"]


def test_scenario_self_loop() -> None:
    question, errors = scenario({"      - {id: go, text: Go, next: b}": "      - {id: go, text: Go, next: b}\n"
                                                                        "      - {id: stay, text: Stay, next: a}"})
    assert question is None
    assert message_lines(errors) == ["question 's': step 'a', choice 'stay': leads back to 'a', making a loop (a → a)"]


def test_scenario_start_must_be_a_step() -> None:
    question, errors = scenario({"start: a": "start: end"})
    assert question is None
    assert message_lines(errors) == ["question 's': 'start' names 'end', which is not a step"]


def test_scenario_step_and_outcome_share_an_id() -> None:
    _, errors = scenario({"  end: {text: The end.}": "  end: {text: The end.}\n  b: {text: Clash.}"})
    assert "question 's': 'b' is both a step and an outcome; give them different ids" in message_lines(errors)


def test_scenario_paths_branch_and_join() -> None:
    text = SCENARIO.replace("      - {id: go, text: Go, next: b}",
                            "      - {id: go, text: Go, next: b, points: 1}\n"
                            "      - {id: skip, text: Skip, next: end, points: 3}")
    question, errors = parse(text)
    assert errors == []
    spec = question.spec
    assert spec.max_points == 3
    assert spec.best_choices(spec.steps["a"]) == ["skip"]
    assert KINDS["scenario"].correct(spec)[0] == ["a=skip"]


@pytest.mark.parametrize("bounds", ["[.nan, 5]", "[1, .inf]", "[-.inf, .inf]"])
def test_numeric_range_that_is_not_a_finite_number_is_an_error(bounds: str) -> None:
    question, errors = parse(f"id: n\nkind: numeric\nobjective: o1\nprompt: P\nrange: {bounds}\n")
    assert any("'range' must be two numbers" in e for e in errors), errors


@pytest.mark.parametrize("points", [".nan", ".inf", "-1"])
def test_scenario_points_that_are_not_a_finite_number_of_at_least_0_are_an_error(points: str) -> None:
    text = EXAMPLES["scenario"].replace("next: verdict, points: 2", f"next: verdict, points: {points}")
    question, errors = parse(text)
    assert any("'points' must be a number of at least 0" in e for e in errors), errors


def test_a_pair_id_taken_by_the_extra_matches_is_an_error() -> None:
    question, errors = parse(EXAMPLES["matching"].replace("{id: smuggling,", "{id: extra-1,"))
    assert any("pair id 'extra-1' is reserved for extra matches" in e for e in errors), errors
