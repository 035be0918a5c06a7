"""The pure functions of the quiz scripts (theme/static/js/quiz-*.js and quiz.js), run in Node.

Every kind's SCORM 2004 and 1.2 response formats (docs/internals.md and
/work/shared/standards/README.md section 3.3), grading, packing for the saved state,
seeded shuffles and draws. The question payloads are small hand-written examples that
follow the payload contract in docs/internals.md.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "theme" / "static" / "js"
# The quiz scripts in load order (theme/templates/base.html includes them in this order).
QUIZ_SCRIPTS = ["quiz-core.js", "quiz-kinds-choice.js", "quiz-kinds-lists.js", "quiz-kinds-typed.js",
                "quiz-kinds-scenario.js", "quiz-scores.js", "quiz-view.js", "quiz.js"]
QUIZ_PATHS = [str(JS / name) for name in QUIZ_SCRIPTS]
I18N = ROOT / "theme" / "i18n"
BASE_HTML = ROOT / "theme" / "templates" / "base.html"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")

PRELUDE = """
const vm = require("vm");
const fs = require("fs");
process.argv.slice(1).forEach((file) => vm.runInThisContext(fs.readFileSync(file, "utf8"), {filename: file}));
const Q = globalThis.CourseQuiz;
const data = JSON.parse(fs.readFileSync(0, "utf8"));
"""


def js(body: str, **data: Any) -> Any:
    """Run `body` (a JS function body that sees `Q` = CourseQuiz and `data`) in Node; its return value as JSON."""
    script = PRELUDE + "const out = (function () {\n" + body + "\n})();\n" \
        "process.stdout.write(JSON.stringify(out === undefined ? null : out));"
    proc = subprocess.run(["node", "-e", script, *QUIZ_PATHS], input=json.dumps(data),
                          capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise AssertionError(f"node failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


def call(fn: str, question: dict, value: Any) -> Any:
    return js("return Q.kinds[data.q.kind][data.fn](data.q, data.v);", fn=fn, q=question, v=value)


def call_many(fn: str, question: dict, values: list[Any]) -> list[Any]:
    return js("return data.vs.map(function (v) { return Q.kinds[data.q.kind][data.fn](data.q, v); });",
              fn=fn, q=question, vs=values)


# ---------------------------------------------------------------- payloads (docs/internals.md)

def base(qid: str, kind: str, type2004: str, type12: str, correct: list[str], correct12: list[str],
         objective: str = "define-thb", points: float = 1, key: str = "k01") -> dict:
    return {"id": qid, "key": key, "fp": "9k", "kind": kind, "objective": objective, "points": points,
            "prompt_html": "<p>Prompt</p>", "explanation_html": None, "description": "Prompt",
            "cites": [], "type": type2004, "type12": type12, "correct": correct, "correct12": correct12}


SINGLE = {**base("consent", "single", "choice", "choice", ["irrelevant"], ["0"]), "options": [
    {"id": "irrelevant", "code": "0", "text_html": "No", "correct": True, "feedback_html": None},
    {"id": "defence", "code": "1", "text_html": "Yes", "correct": False, "feedback_html": "<p>No.</p>"},
    {"id": "mitigation", "code": "2", "text_html": "Only as mitigation", "correct": False, "feedback_html": None},
]}

MULTIPLE = {**base("acts", "multiple", "choice", "choice", ["recruitment[,]harbouring"], ["0,1"]), "options": [
    {"id": "recruitment", "code": "0", "text_html": "Recruitment", "correct": True, "feedback_html": None},
    {"id": "harbouring", "code": "1", "text_html": "Harbouring", "correct": True, "feedback_html": None},
    {"id": "deception", "code": "2", "text_html": "Deception", "correct": False, "feedback_html": None},
    {"id": "coercion", "code": "3", "text_html": "Coercion", "correct": False, "feedback_html": None},
]}

TRUE_FALSE = {**base("border", "true_false", "true-false", "true-false", ["false"], ["f"]), "answer": False}

MATCHING = {**base("instruments", "matching", "matching", "matching",
                   ["palermo[.]palermo[,]smuggling[.]smuggling"], ["0.0,1.1"]),
            "pairs": [{"id": "palermo", "code": "0", "item_html": "Palermo Protocol"},
                      {"id": "smuggling", "code": "1", "item_html": "Smuggling Protocol"}],
            "matches": [{"id": "palermo", "code": "0", "text_html": "Trafficking in persons"},
                        {"id": "smuggling", "code": "1", "text_html": "Smuggling of migrants"},
                        {"id": "extra-1", "code": "2", "text_html": "Sale of organs"}]}

ORDERING = {**base("referral", "ordering", "sequencing", "sequencing", ["identify[,]refer[,]testify"], ["0,1,2"]),
            "items": [{"id": "identify", "code": "0", "text_html": "Identification"},
                      {"id": "refer", "code": "1", "text_html": "Referral"},
                      {"id": "testify", "code": "2", "text_html": "Testimony"}]}

CATEGORIZE = {**base("thb-or-smuggling", "categorize", "matching", "matching",
                     ["passport[.]thb[,]fee[.]smuggling[,]debt[.]thb"], ["0.0,1.1,2.0"]),
              "categories": [{"id": "thb", "code": "0", "text_html": "Trafficking"},
                             {"id": "smuggling", "code": "1", "text_html": "Smuggling"}],
              "items": [{"id": "passport", "code": "0", "text_html": "Passport withheld", "category": "thb"},
                        {"id": "fee", "code": "1", "text_html": "Fee for crossing", "category": "smuggling"},
                        {"id": "debt", "code": "2", "text_html": "Debt bondage", "category": "thb"}]}

FILL_IN = {**base("child-age", "fill_in", "fill-in", "fill-in",
                  ["{case_matters=false}{order_matters=true}18[,]Елена Иванова"], ["18,Елена Иванова"]),
           "prompt_html": '<p>Under <span class="blank" data-blank="age"></span>, judge '
                          '<span class="blank" data-blank="judge"></span>.</p>',
           "blanks": [{"name": "age", "accepted": ["18", "eighteen", "восемнадцати"]},
                      {"name": "judge", "accepted": ["Елена Иванова", "Алёна"]}]}

NUMERIC = {**base("reflection", "numeric", "numeric", "numeric", ["29.5[:]30.5"], ["30"]), "min": 29.5, "max": 30.5}

SCENARIO = {**base("site", "scenario", "other", "performance",
                   ["first-hearing=examine-means;evidence=ledgers"],
                   ["first-hearing=examine-means;evidence=ledgers"], points=2),
            "case_file_html": "<p>Facts.</p>", "start": "first-hearing", "max_points": 4.0,
            "steps": {
                "first-hearing": {"prompt_html": "<p>You...</p>", "best": ["examine-means"], "choices": [
                    {"id": "consent-defence", "code": "0", "text_html": "Accept", "next": "retrial", "points": 0.0,
                     "feedback_html": None},
                    {"id": "examine-means", "code": "1", "text_html": "Examine", "next": "evidence", "points": 2.0,
                     "feedback_html": None}]},
                "evidence": {"prompt_html": "<p>Which?</p>", "best": ["ledgers"], "choices": [
                    {"id": "ledgers", "code": "0", "text_html": "Ledgers", "next": "verdict", "points": 2.0,
                     "feedback_html": None},
                    {"id": "none", "code": "1", "text_html": "None", "next": "verdict", "points": 0.0,
                     "feedback_html": None}]}},
            "outcomes": {"verdict": {"text_html": "<p>Mosaic.</p>"}, "retrial": {"text_html": "<p>Overturned.</p>"}}}

ALL_KINDS = ["single", "multiple", "true_false", "matching", "ordering", "categorize", "fill_in", "numeric", "scenario"]
PAYLOADS = dict(zip(ALL_KINDS, [SINGLE, MULTIPLE, TRUE_FALSE, MATCHING, ORDERING, CATEGORIZE, FILL_IN, NUMERIC,
                                SCENARIO]))

# 1.2 patterns from /work/shared/standards/README.md section 3.3
CHAR = "[0-9a-z]"
RE12 = {
    "choice": re.compile(rf"^{CHAR}(,{CHAR})*$"),
    "true-false": re.compile(r"^[01tf]$"),
    "matching": re.compile(rf"^{CHAR}\.{CHAR}(,{CHAR}\.{CHAR})*$"),
    "sequencing": re.compile(rf"^{CHAR}(,{CHAR})*$"),
    "numeric": re.compile(r"^-?\d+(\.\d+)?$"),
}


# ---------------------------------------------------------------- the kind table


def test_kind_table_has_every_kind_with_every_function():
    names = js("""return Object.keys(Q.kinds).map(function (k) {
        var fns = ["render", "read", "grade", "format", "pack", "unpack", "showFeedback", "showReview"];
        return [k, fns.filter(function (f) { return typeof Q.kinds[k][f] !== "function"; })];
    });""")
    assert sorted(k for k, _ in names) == sorted(ALL_KINDS)
    assert all(missing == [] for _, missing in names), names


def test_quiz_scripts_load_without_a_dom_in_order_each_adding_at_most_one_global():
    """quiz-core.js defines CourseQuizCore, quiz.js CourseQuiz; the others only extend CourseQuizCore."""
    script = """
    const vm = require("vm"), fs = require("fs");
    const ctx = vm.createContext({});
    const names = () => Object.getOwnPropertyNames(vm.runInContext("globalThis", ctx));
    const added = process.argv.slice(1).map((file) => {
      const before = names();
      vm.runInContext(fs.readFileSync(file, "utf8"), ctx, {filename: file});
      return names().filter((k) => before.indexOf(k) < 0);
    });
    process.stdout.write(JSON.stringify(added));
    """
    proc = subprocess.run(["node", "-e", script, *QUIZ_PATHS], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    added = dict(zip(QUIZ_SCRIPTS, json.loads(proc.stdout)))
    assert added == {name: ({"quiz-core.js": ["CourseQuizCore"], "quiz.js": ["CourseQuiz"]}.get(name, []))
                     for name in QUIZ_SCRIPTS}


def test_kind_scripts_register_their_kinds_into_the_core_table():
    kinds = js("return Object.keys(globalThis.CourseQuizCore.kinds).sort();")
    assert kinds == sorted(ALL_KINDS)
    assert js("return Q.kinds === globalThis.CourseQuizCore.kinds;") is True


@pytest.mark.parametrize("name", QUIZ_SCRIPTS)
def test_quiz_script_is_a_strict_classic_script_under_400_lines(name):
    text = (JS / name).read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 400, f"{name} has {len(text.splitlines())} lines; the limit is about 400"
    # one function wrapping the whole file, strict inside
    assert re.search(r'^\(function \(root\) \{\n  "use strict";\n', text, re.M), name
    assert text.rstrip().endswith('})(typeof window !== "undefined" ? window : globalThis);'), name
    assert not re.search(r"^\s*(import|export)\s", text, re.M), "classic scripts only: no modules"
    assert "fetch(" not in text and "XMLHttpRequest" not in text, "must work from file://: no requests"


def test_base_template_includes_the_quiz_scripts_in_load_order():
    html = BASE_HTML.read_text(encoding="utf-8")
    included = re.findall(r'<script src="\{\{ root \}\}assets/js/(quiz[-\w]*\.js)(?:\?v=\{\{ asset_version \}\})?"></script>', html)
    assert included == QUIZ_SCRIPTS


# ---------------------------------------------------------------- SCORM response formats


def test_single_formats_2004_option_id_and_12_single_character_code():
    assert call("format", SINGLE, "defence") == {"response": "defence", "response12": "1"}
    assert RE12["choice"].match(call("format", SINGLE, "irrelevant")["response12"])


def test_multiple_formats_ids_in_source_order_joined_by_comma_delimiters():
    result = call("format", MULTIPLE, ["deception", "recruitment"])
    assert result == {"response": "recruitment[,]deception", "response12": "0,2"}
    assert RE12["choice"].match(result["response12"])


def test_true_false_formats_true_false_in_2004_and_t_f_in_12():
    assert call("format", TRUE_FALSE, True) == {"response": "true", "response12": "t"}
    assert call("format", TRUE_FALSE, False) == {"response": "false", "response12": "f"}


def test_matching_formats_source_dot_target_pairs():
    result = call("format", MATCHING, ["palermo", "extra-1"])
    assert result == {"response": "palermo[.]palermo[,]smuggling[.]extra-1", "response12": "0.0,1.2"}
    assert RE12["matching"].match(result["response12"])


def test_matching_format_leaves_out_pairs_without_a_match():
    assert call("format", MATCHING, [None, "smuggling"]) == {"response": "smuggling[.]smuggling",
                                                             "response12": "1.1"}


def test_ordering_formats_ids_in_learner_order_as_sequencing():
    result = call("format", ORDERING, ["testify", "identify", "refer"])
    assert result == {"response": "testify[,]identify[,]refer", "response12": "2,0,1"}
    assert RE12["sequencing"].match(result["response12"])


def test_categorize_formats_item_dot_category_pairs_as_matching():
    result = call("format", CATEGORIZE, ["thb", "thb", "smuggling"])
    assert result == {"response": "passport[.]thb[,]fee[.]thb[,]debt[.]smuggling", "response12": "0.0,1.0,2.1"}
    assert RE12["matching"].match(result["response12"])


def test_fill_in_formats_one_string_per_blank_in_prompt_order():
    result = call("format", FILL_IN, [" 18 ", "Елена Иванова"])
    assert result == {"response": "18[,]Елена Иванова", "response12": "18,Елена Иванова"}


def test_fill_in_format_removes_scorm_delimiter_syntax_from_typed_text():
    result = call("format", FILL_IN, ["{lang=en}18", "a[,]b"])
    assert result["response"] == "lang=en18[,]a,b"
    assert "[" not in result["response"].replace("[,]", "")


def test_fill_in_12_response_is_cut_to_255_characters():
    blanks = [{"name": f"b{i}", "accepted": ["x"]} for i in range(8)]
    question = {**FILL_IN, "blanks": blanks}
    result = call("format", question, ["y" * 40] * 8)
    assert len(result["response12"]) == 255
    assert result["response"].count("[,]") == 7


def test_numeric_formats_a_plain_decimal_with_a_point():
    values = call_many("format", NUMERIC, ["30", "2,5", " 30,0 ", "-0,25", "+7", "1.000"])
    assert [v["response"] for v in values] == ["30", "2.5", "30", "-0.25", "7", "1"]
    assert all(v["response"] == v["response12"] and RE12["numeric"].match(v["response12"]) for v in values)


def test_scenario_formats_the_path_as_step_equals_choice():
    result = call("format", SCENARIO, ["examine-means", "ledgers"])
    assert result == {"response": "first-hearing=examine-means;evidence=ledgers",
                      "response12": "first-hearing=examine-means;evidence=ledgers"}
    assert call("format", SCENARIO, ["consent-defence"])["response"] == "first-hearing=consent-defence"


def test_scenario_12_path_is_cut_to_255_characters():
    steps = {}
    for i in range(20):
        steps[f"step-number-{i:02d}"] = {"prompt_html": "", "best": [f"choice-with-a-long-id-{i:02d}"], "choices": [
            {"id": f"choice-with-a-long-id-{i:02d}", "code": "0", "text_html": "", "points": 1.0, "feedback_html": None,
             "next": f"step-number-{i + 1:02d}" if i < 19 else "end"}]}
    question = {**SCENARIO, "start": "step-number-00", "steps": steps, "outcomes": {"end": {"text_html": ""}},
                "max_points": 20.0}
    path = [f"choice-with-a-long-id-{i:02d}" for i in range(20)]
    result = call("format", question, path)
    assert len(result["response"]) > 255
    assert result["response12"] == result["response"][:255]


def test_scenario_steps_are_choice_interactions_with_best_choices_as_patterns():
    steps = call("steps", SCENARIO, ["examine-means", "none"])
    assert steps == [
        {"id": "site.first-hearing", "step": "first-hearing", "response": "examine-means", "response12": "1",
         "correct": ["examine-means"], "correct12": ["1"], "result": "correct"},
        {"id": "site.evidence", "step": "evidence", "response": "none", "response12": "1",
         "correct": ["ledgers"], "correct12": ["0"], "result": "incorrect"},
    ]


# ---------------------------------------------------------------- grading


def test_single_grades_one_or_zero():
    assert call_many("grade", SINGLE, ["irrelevant", "defence", None]) == [1, 0, 0]


def test_true_false_grades_one_or_zero():
    assert call_many("grade", TRUE_FALSE, [False, True]) == [1, 0]


def test_multiple_grades_right_minus_wrong_over_right_floored_at_zero():
    grades = call_many("grade", MULTIPLE, [
        ["recruitment", "harbouring"],                           # full
        ["recruitment"],                                         # 1/2
        ["recruitment", "harbouring", "deception"],              # (2-1)/2
        ["recruitment", "deception"],                            # (1-1)/2 = 0
        ["recruitment", "deception", "coercion"],                # (1-2)/2 -> floored at 0
        ["deception", "coercion"],                               # zero
    ])
    assert grades == [1, 0.5, 0.5, 0, 0, 0]


def test_matching_grades_share_of_pairs_right():
    assert call_many("grade", MATCHING, [["palermo", "smuggling"], ["palermo", "extra-1"], ["smuggling", "palermo"],
                                         [None, "smuggling"]]) == [1, 0.5, 0, 0.5]


def test_ordering_grades_share_of_items_in_their_correct_position():
    grades = call_many("grade", ORDERING, [["identify", "refer", "testify"], ["identify", "testify", "refer"],
                                           ["testify", "identify", "refer"]])
    assert grades[0] == 1
    assert grades[1] == pytest.approx(1 / 3)
    assert grades[2] == 0


def test_categorize_grades_share_of_items_in_the_right_category():
    grades = call_many("grade", CATEGORIZE, [["thb", "smuggling", "thb"], ["thb", "thb", "thb"],
                                             ["smuggling", "thb", "smuggling"]])
    assert grades[0] == 1
    assert grades[1] == pytest.approx(2 / 3)
    assert grades[2] == 0


def test_fill_in_grading_ignores_case_surrounding_and_repeated_spaces_and_yo():
    grades = call_many("grade", FILL_IN, [
        ["18", "Елена Иванова"],
        ["  EIGHTEEN ", "  елена    ИВАНОВА "],     # case and spaces
        ["Восемнадцати", "алена"],                 # accepted "Алёна": ё compared as е
        ["18", "Алёна"],
        ["ВОСЕМНАДЦАТИ", "Ёлена Ивановна"],        # second blank wrong
        ["19", "Пётр"],
    ])
    assert grades == [1, 1, 1, 1, 0.5, 0]


def test_fill_in_normalize_matches_the_documented_rule():
    assert js("return Q.normalize(data.s);", s="  Ёлка \t и   ЁЖ ") == "елка и еж"


def test_numeric_grades_inclusive_bounds_with_decimal_comma():
    grades = call_many("grade", NUMERIC, ["29,5", "30", "30.5", "30,51", "29.4", "abc", "", "3O"])
    assert grades == [1, 1, 1, 0, 0, 0, 0, 0]


def test_numeric_grading_tolerates_float_rounding_of_the_bounds():
    question = {**NUMERIC, "min": 0.3 - 0.1, "max": 0.3 + 0.1}    # 0.19999999999999998 .. 0.4
    assert call_many("grade", question, ["0,2", "0.4", "0.41"]) == [1, 1, 0]


def test_scenario_grades_points_on_the_path_over_max_points():
    grades = call_many("grade", SCENARIO, [["examine-means", "ledgers"], ["examine-means", "none"],
                                           ["consent-defence"], ["bogus"]])
    assert grades == [1, 0.5, 0, 0]


def test_scenario_decision_points_are_shown_as_shares_of_the_question():
    """The learner sees one scale: a decision's points as a percent of the question (max_points is
    the whole question), the scale of its `points` in the quiz and of its score."""
    shares = js("return [0, 1, 2, 4, 5].map(function (p) { return Q.kinds.scenario.share(data.q, p); })"
                ".concat([Q.kinds.scenario.share(Object.assign({}, data.q, {max_points: 0}), 2)]);", q=SCENARIO)
    assert shares == [0, 25, 50, 100, 100, 0]
    assert js("return [Q.kinds.scenario.ownScore, Q.kinds.matching.ownScore || false];") == [True, False]


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_quiz_strings_never_show_a_scenario_s_own_points(lang):
    """Decision points out of max_points would be a second scale next to the question's points."""
    table = yaml.safe_load((I18N / lang / "quiz.yaml").read_text(encoding="utf-8"))
    for key, value in table.items():
        text = json.dumps(value, ensure_ascii=False)
        assert "{points}" not in text and ("{max}" not in text or key == "quiz.range"), key
    for key in ("quiz.decision_share", "quiz.decision_share_short", "quiz.path_share"):
        assert "{percent}" in table[key], key


def test_result_is_correct_at_one_incorrect_at_zero_partial_between():
    assert js("return [1, 0.999, 0.5, 0.001, 0].map(Q.resultOf);") == [
        "correct", "partial", "partial", "partial", "incorrect"]


# ---------------------------------------------------------------- packed responses


ROUND_TRIPS = {
    "single": ["irrelevant", "defence", "mitigation"],
    "multiple": [["recruitment"], ["recruitment", "coercion"], ["recruitment", "harbouring", "deception", "coercion"]],
    "true_false": [True, False],
    "matching": [["palermo", "smuggling"], ["extra-1", "extra-1"], [None, "palermo"], [None, None]],
    "ordering": [["identify", "refer", "testify"], ["testify", "identify", "refer"]],
    "categorize": [["thb", "smuggling", "thb"], [None, "thb", None]],
    "fill_in": [["18", "Елена Иванова"], ["", "  spaced  out "], ["ё", "x"]],
    "numeric": ["30", "2,5", "-0.25", "+7"],
    "scenario": [["examine-means", "ledgers"], ["consent-defence"], ["examine-means"], []],
}

PACKED_CHARS = {
    "single": r"^[0-9a-z]$", "multiple": r"^[0-9a-z]*$", "true_false": r"^[tf]$",
    "matching": r"^[0-9a-z-]*$", "ordering": r"^[0-9a-z]*$", "categorize": r"^[0-9a-z-]*$",
    "scenario": r"^[0-9a-z]*-?$", "numeric": r"^[0-9.,+-]{0,12}$",
}


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_pack_then_unpack_gives_the_response_back(kind):
    question = PAYLOADS[kind]
    result = js("""var k = Q.kinds[data.q.kind];
        return data.vs.map(function (v) { var p = k.pack(data.q, v); return [p, k.unpack(data.q, p)]; });""",
                q=question, vs=ROUND_TRIPS[kind])
    for value, (packed, back) in zip(ROUND_TRIPS[kind], result):
        assert back == value, (kind, value, packed)
        if kind in PACKED_CHARS:
            assert re.match(PACKED_CHARS[kind], packed), (kind, packed)


def test_single_and_multiple_pack_source_positions_as_base36_digits():
    options = [{"id": f"o{i}", "code": "0123456789abcdefghijklmnopqrstuvwxyz"[i], "text_html": "", "correct": i == 11,
                "feedback_html": None} for i in range(12)]
    assert call("pack", {**SINGLE, "options": options}, "o11") == "b"
    assert call("pack", {**MULTIPLE, "options": options}, ["o11", "o2", "o10"]) == "2ab"


def test_matching_and_categorize_pack_a_dash_for_no_answer():
    assert call("pack", MATCHING, [None, "extra-1"]) == "-2"
    assert call("pack", CATEGORIZE, ["smuggling", None, "thb"]) == "1-0"


def test_scenario_pack_marks_a_path_short_of_an_outcome_with_a_trailing_dash():
    assert call_many("pack", SCENARIO, [["examine-means", "ledgers"], ["examine-means"], ["consent-defence"]]) == [
        "10", "1-", "0"]
    assert js("return Q.PARTIAL;") == "-"
    assert call_many("complete", SCENARIO, [["examine-means"], ["examine-means", "none"]]) == [False, True]


def test_fill_in_pack_joins_blanks_with_unit_separator_and_strips_state_delimiters():
    packed = call("pack", FILL_IN, ["a~b!c*d'e(f)g)h", "x" * 50])
    assert packed == "abcdefgh)" + "x" * 40


def test_fill_in_pack_cuts_each_blank_to_its_maxlength():
    question = {**FILL_IN, "blanks": [{**FILL_IN["blanks"][0], "maxlength": 8},
                                      {**FILL_IN["blanks"][1], "maxlength": 60}]}
    assert call("pack", question, ["1234567890", "y" * 50]) == "12345678)" + "y" * 40


def test_numeric_pack_keeps_only_number_characters_up_to_12():
    assert call_many("pack", NUMERIC, ["1 000,5", "\u22123", "1" * 30]) == ["1000,5", "-3", "1" * 12]


@pytest.mark.parametrize("kind,bad", [
    ("single", ["", "3", "01", "-"]),
    ("multiple", ["10", "00", "4"]),
    ("true_false", ["", "1", "true"]),
    ("matching", ["0", "003", "03"]),
    ("ordering", ["01", "001", "013"]),
    ("categorize", ["00", "002"]),
    ("fill_in", ["only-one-blank"]),
    ("numeric", ["12abc", "1" * 13]),
    ("scenario", ["2", "13", "0x"]),
])
def test_unpack_rejects_packed_answers_that_do_not_fit_the_question(kind, bad):
    assert call_many("unpack", PAYLOADS[kind], bad) == [None] * len(bad)


# ---------------------------------------------------------------- shuffles and draws


SIX = ["a", "b", "c", "d", "e", "f"]


def test_shuffle_with_the_same_seed_gives_the_same_order():
    first, second = js("return [Q.shuffle(data.l, 123456), Q.shuffle(data.l, 123456)];", l=SIX)
    assert first == second
    assert sorted(first) == SIX


def test_shuffle_with_different_seeds_gives_different_orders_of_six_items():
    orders = js("return [1, 2, 3, 123456, 2147483647].map(function (s) { return Q.shuffle(data.l, s); });", l=SIX)
    assert all(sorted(order) == SIX for order in orders)
    assert len({tuple(order) for order in orders}) == len(orders)


def test_shuffle_does_not_change_its_input():
    assert js("var l = data.l.slice(); Q.shuffle(l, 5); return l;", l=SIX) == SIX


def test_shuffle_moved_never_returns_the_original_order():
    results = js("""var out = [];
        for (var s = 1; s <= 300; s++) { out.push(Q.shuffleMoved(["x", "y"], s).join("")); out.push(Q.shuffleMoved(data.l, s).join("")); }
        return out;""", l=SIX[:3])
    assert "xy" not in results
    assert "abc" not in results


def questions_for_draw() -> list[dict]:
    objectives = ["define-thb"] * 5 + ["consent"] * 4 + ["evidence"] * 3
    return [{"id": f"q{i}", "key": f"k{i:02d}", "objective": objective, "kind": "single"}
            for i, objective in enumerate(objectives)]


def draw(draw_spec: Any, seed: int, shuffle: bool = True, answered: list[str] = ()) -> list[str]:
    return js("""return Q.drawQuestions(data.qs, data.draw, data.seed, data.shuffle, data.answered)
                   .map(function (q) { return q.id; });""",
              qs=questions_for_draw(), draw=draw_spec, seed=seed, shuffle=shuffle,
              answered={key: True for key in answered})


def test_draw_null_takes_every_question():
    assert sorted(draw(None, 7)) == sorted(q["id"] for q in questions_for_draw())


def test_draw_without_shuffle_keeps_source_order():
    assert draw(None, 7, shuffle=False) == [q["id"] for q in questions_for_draw()]
    drawn = draw(5, 7, shuffle=False)
    assert drawn == sorted(drawn, key=lambda qid: int(qid[1:]))


def test_draw_a_number_takes_that_many_and_is_the_same_for_the_same_seed():
    first = draw(5, 99)
    assert len(first) == 5 and len(set(first)) == 5
    assert draw(5, 99) == first
    assert {tuple(draw(5, seed)) for seed in (1, 2, 3, 4)} != {tuple(first)}


def test_draw_per_objective_takes_the_given_count_of_each_objective():
    by_id = {q["id"]: q["objective"] for q in questions_for_draw()}
    for seed in (1, 2, 3, 42, 1000):
        drawn = draw({"define-thb": 3, "consent": 2}, seed)
        counts = {}
        for qid in drawn:
            counts[by_id[qid]] = counts.get(by_id[qid], 0) + 1
        assert counts == {"define-thb": 3, "consent": 2}


def test_draw_per_objective_takes_all_when_an_objective_has_fewer_questions():
    by_id = {q["id"]: q["objective"] for q in questions_for_draw()}
    drawn = draw({"evidence": 10}, 5)
    assert len(drawn) == 3 and {by_id[q] for q in drawn} == {"evidence"}


def test_draw_always_keeps_questions_answered_in_the_attempt():
    answered = ["k00", "k01", "k02", "k03"]          # all define-thb
    drawn = draw({"define-thb": 2, "consent": 1}, 11, answered=answered)
    assert {"q0", "q1", "q2", "q3"} <= set(drawn)
    assert len(drawn) == 5
    drawn = draw(2, 11, answered=["k11"])
    assert "q11" in drawn and len(drawn) == 2


def test_draw_after_reload_with_answers_from_the_draw_gives_the_same_questions_and_order():
    first = draw(6, 314)
    keys = {q["id"]: q["key"] for q in questions_for_draw()}
    again = draw(6, 314, answered=[keys[first[0]], keys[first[3]]])
    assert again == first


# ---------------------------------------------------------------- attempt score, state, records


def test_attempt_score_is_weighted_by_points_and_counts_unanswered_as_zero():
    questions = [{**SINGLE, "key": "a", "points": 1}, {**MULTIPLE, "key": "b", "points": 3},
                 {**TRUE_FALSE, "key": "c", "points": 1}]
    answers = {"a": {"f": "9k", "p": "0", "l": 4}, "b": {"f": "9k", "p": "0", "l": 9}}   # right; 1 of 2 right
    assert js("return Q.attemptScore(data.qs, data.ans);", qs=questions, ans=answers) == 50   # (1 + 1.5) / 5


def test_attempt_score_grades_the_packed_response_again_and_ignores_a_stored_s():
    answers = {"a": {"f": "9k", "p": "1", "s": 100, "l": 1}}      # "1" = defence, a wrong answer
    assert js("return Q.attemptScore([data.q], data.ans);", q={**SINGLE, "key": "a"}, ans=answers) == 0


def test_attempt_score_ignores_a_scenario_still_in_progress():
    answers = {"k01": {"f": "9k", "p": "1-", "s": 50}}
    assert js("return Q.attemptScore([data.q], data.ans);", q=SCENARIO, ans=answers) == 0


def test_clean_state_drops_answers_whose_fingerprint_changed_or_cannot_be_read():
    questions = [{**SINGLE, "key": "a", "fp": "new"}, {**TRUE_FALSE, "key": "b"}, {**ORDERING, "key": "c"}]
    state = {"n": 1, "best": 80, "last": 60, "cur": {"seed": 5, "t0": 1764000000, "done": False, "ans": {
        "a": {"f": "old", "p": "0", "s": 100, "l": 3, "t": 10},     # fingerprint changed
        "b": {"f": "9k", "p": "t", "s": 0, "l": 3, "t": 20},        # kept
        "c": {"f": "9k", "p": "00", "s": 0, "l": 1, "t": 30},       # unreadable
        "z": {"f": "9k", "p": "0", "s": 100, "l": 1, "t": 40},      # no such question
    }}}
    clean = js("return Q.cleanState(data.state, data.qs);", state=state, qs=questions)
    assert clean["cur"]["ans"] == {"b": {"f": "9k", "p": "t", "s": 0, "l": 3, "t": 20}}
    # as state.js decodes it: only f, l and p; the score is graded again
    decoded = {**state, "cur": {**state["cur"], "ans": {"b": {"f": "9k", "l": 3, "p": "f"}}}}
    assert js("return Q.cleanState(data.state, data.qs);", state=decoded, qs=questions)["cur"]["ans"] == {
        "b": {"f": "9k", "p": "f", "s": 100, "l": 3, "t": 0}}
    assert (clean["n"], clean["best"], clean["last"], clean["cur"]["seed"]) == (1, 80, 60, 5)
    assert js("return Q.cleanState(null, []);") == {"n": 0, "best": None, "last": None, "cur": None}


def test_revised_keys_name_answered_questions_whose_fingerprint_changed_and_nothing_else():
    questions = [{**SINGLE, "key": "a", "fp": "new"}, {**TRUE_FALSE, "key": "b"}, {**ORDERING, "key": "c"}]
    state = {"n": 0, "cur": {"seed": 5, "done": False, "ans": {
        "a": {"f": "old", "p": "0"},      # revised since it was answered
        "b": {"f": "9k", "p": "t"},       # unchanged
        "z": {"f": "old", "p": "0"},      # a question no longer in the quiz: not announced
    }}}
    assert js("return Q.revisedKeys(data.state, data.qs);", state=state, qs=questions) == {"a": True}
    for broken in (None, {}, {"cur": None}, {"cur": {"ans": "x"}}, {"cur": {"ans": {"a": "x"}}}):
        assert js("return Q.revisedKeys(data.state, data.qs);", state=broken, qs=questions) == {}


def test_answer_record_of_a_knowledge_check_has_no_quiz_and_is_not_graded():
    rec = js("return Q.record(data.q, ['recruitment'], {quiz: null, module: 'm1', graded: false, latency: 12.4, timestamp: 5});",
             q={**MULTIPLE, "points": 3})
    assert rec == {
        "quiz": None, "module": "m1", "question": "acts", "key": "k01", "objective": "define-thb", "kind": "multiple",
        "graded": False, "type": "choice", "type12": "choice", "response": "recruitment", "response12": "0",
        "correct": ["recruitment[,]harbouring"], "correct12": ["0,1"], "result": "partial", "score": 0.5,
        "weighting": 3, "latency": 12, "timestamp": 5, "description": "Prompt", "steps": None}


def test_answer_record_of_a_scenario_carries_its_steps():
    rec = js("return Q.record(data.q, ['consent-defence'], {quiz: 'quiz-1', module: 'm1', graded: true, latency: 3, timestamp: 1});",
             q=SCENARIO)
    assert rec["result"] == "incorrect" and rec["weighting"] == 2 and rec["type12"] == "performance"
    assert [s["id"] for s in rec["steps"]] == ["site.first-hearing"]


# ---------------------------------------------------------------- interface strings and text safety


def quiz_text() -> str:
    """All the quiz scripts, in load order."""
    return "\n".join((JS / name).read_text(encoding="utf-8") for name in QUIZ_SCRIPTS)


def quiz_keys() -> set[str]:
    text = quiz_text()
    keys = set(re.findall(r'"(quiz\.[a-z0-9_]+)"', text))
    keys |= {"quiz.correct", "quiz.partial", "quiz.incorrect"}       # t("quiz." + status) in mark()
    return keys


@pytest.mark.parametrize("lang,forms", [("en", {"one", "other"}), ("kk", {"one", "other"}),
                                        ("ru", {"one", "few", "many", "other"})])
def test_every_quiz_string_exists_in_every_language_with_its_plural_forms(lang, forms):
    table = yaml.safe_load((I18N / lang / "quiz.yaml").read_text(encoding="utf-8"))
    english = yaml.safe_load((I18N / "en" / "quiz.yaml").read_text(encoding="utf-8"))
    assert set(table) == quiz_keys()
    for key, value in table.items():
        if isinstance(value, dict):
            assert set(value) == forms, key
        placeholders = set(re.findall(r"\{(\w+)\}", json.dumps(value, ensure_ascii=False)))
        assert placeholders == set(re.findall(r"\{(\w+)\}", json.dumps(english[key]))), key


def test_only_html_fields_are_assigned_as_html():
    """Builder-made *_html fields are the only strings that may become HTML (docs/internals.md)."""
    text = quiz_text()
    assert text.count("innerHTML") == 1 and "node.innerHTML = html" in text
    for sink in ("insertAdjacentHTML", "outerHTML", "document.write", "createContextualFragment"):
        assert sink not in text, sink
    # setHtml is defined once and called only by htmlEl
    assert text.count("setHtml(") == 2 and "return setHtml(el(tag, {className: className}), html);" in text
    calls = re.findall(r"htmlEl\(([^;{}]*?)\)(?=[,;)\]\s])", text)
    assert len(calls) == text.count("htmlEl(")              # every call (and the definition) seen
    for args in calls:
        if args == "tag, className, html":
            continue
        html_arg = args.split(",", 2)[2]
        assert "_html" in html_arg and not re.search(r"\b(text|label|caution|description)\b(?!_html)", html_arg), args
    for args in re.findall(r"reviewEntry\(([^,]*),", text):
        assert args.strip() in ("null", "label_html") or args.strip().endswith("_html"), args


def test_numbers_are_shown_with_every_digit_and_the_language_decimal_sign() -> None:
    script = ('const vm = require("vm"); const fs = require("fs");'
              f'vm.runInThisContext(fs.readFileSync({json.dumps(str(JS / "i18n.js"))}, "utf8"));'
              'const out = {};'
              'for (const lang of ["en", "ru"]) { CourseI18n.load({lang: lang, plural: ["one", "other"], strings: {}});'
              '  out[lang] = [0.125, 17, 2.5, 0.0000001, -0, 1234567.5].map(CourseI18n.number); }'
              'process.stdout.write(JSON.stringify(out));')
    proc = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    shown = json.loads(proc.stdout)
    assert shown["en"] == ["0.125", "17", "2.5", "0.0000001", "0", "1234567.5"]
    assert shown["ru"] == ["0,125", "17", "2,5", "0,0000001", "0", "1234567,5"]
