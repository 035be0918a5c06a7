"""course.state: storage keys, the encoded learner state, and its worst-case size."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

import course.state as state_module
from course.errors import Diagnostics
from course.state import (LESSON_KEY_LENGTH as ITEM_KEY_LENGTH, KEY_LENGTH, LIMITS, MAX_LATENCY, assign_keys, base36, check_state_size,
                          course_keys, encode, outline, question_fp, worst_case_state)
from coursekit import BASIC, dedent, load, tiny_course

KEY = re.compile(r"[0-9a-z]{%d}\Z" % KEY_LENGTH)             # module keys
ITEM_KEY = re.compile(r"[0-9a-z]{%d}\Z" % ITEM_KEY_LENGTH)   # lesson keys, per module


# -- keys -----------------------------------------------------------------------------

def test_keys_are_short_base36_and_unique() -> None:
    ids = [f"question-{n}" for n in range(300)]
    keys = assign_keys(ids)
    assert set(keys) == set(ids)
    assert all(KEY.match(key) for key in keys.values())
    assert len(set(keys.values())) == len(ids)


def test_keys_do_not_depend_on_order() -> None:
    ids = ["consent", "acts", "border", "scenario-1"]
    assert assign_keys(ids) == assign_keys(list(reversed(ids))) == assign_keys(sorted(ids))


def test_keys_are_stable_across_runs() -> None:
    # Fixed values: a change here would make every learner's saved progress unreadable.
    assert assign_keys(["01-framework", "02-identification"]) == {"01-framework": "2k4", "02-identification": "a9d"}
    assert assign_keys(["consent-after-deception", "acts", "border"], ITEM_KEY_LENGTH) == {
        "acts": "y7i", "border": "1sj", "consent-after-deception": "yc2"}


def test_item_keys_are_unique_up_to_the_key_space() -> None:
    ids = [f"q{n}" for n in range(36 ** ITEM_KEY_LENGTH)]
    keys = assign_keys(ids, ITEM_KEY_LENGTH)
    assert len(set(keys.values())) == len(ids)
    assert all(ITEM_KEY.match(key) for key in keys.values())


def test_adding_an_id_keeps_the_other_keys_when_nothing_collides() -> None:
    before = assign_keys(["a", "b", "c"])
    after = assign_keys(["a", "b", "c", "d"])
    assert {k: after[k] for k in before} == before


def fake_hash(table: dict[tuple[str, int], str]):
    """A _hash_key replacement: listed (text, salt) pairs get the given key, others a unique one."""
    def _hash(text: str, salt: int, length: int) -> str:
        if (text, salt) in table:
            return table[(text, salt)]
        number = int(hashlib.sha256(f"{salt}/{text}".encode()).hexdigest(), 16) % 36 ** length
        return base36(number).rjust(length, "0")
    return _hash


def test_colliding_ids_get_unique_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_module, "_hash_key", fake_hash({("alpha", 0): "aaa", ("beta", 0): "aaa",
                                                              ("gamma", 0): "aaa", ("beta", 1): "aaa"}))
    keys = assign_keys(["gamma", "beta", "alpha"])
    assert keys["alpha"] == "aaa", "the first id in sorted order keeps its key"
    assert keys["beta"] != "aaa" and keys["gamma"] != "aaa"
    assert len(set(keys.values())) == 3


def test_collisions_resolve_the_same_way_whatever_the_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_module, "_hash_key", lambda text, salt, length: base36(salt).rjust(length, "0"))
    # Every id hashes to the same key at every salt: keys follow sorted order.
    assert assign_keys(["c", "a", "b"]) == {"a": "000", "b": "001", "c": "002"}
    assert assign_keys(["b", "c", "a"]) == {"a": "000", "b": "001", "c": "002"}


def test_course_keys_are_per_scope() -> None:
    course, _ = load(BASIC)
    keys = course_keys(course)
    assert set(keys.modules) == {"01-framework", "02-identification"}
    assert set(keys.lessons) == {("01-framework", "01-definition"), ("01-framework", "02-national-law"),
                                 ("02-identification", "01-indicators")}
    assert set(keys.questions) == {("01-framework", "consent-after-deception"), ("01-framework", "acts"),
                                   ("01-framework", "border"), ("02-identification", "single-indicator")}
    assert all(KEY.match(key) for key in keys.modules.values())
    assert all(ITEM_KEY.match(key) for key in keys.lessons.values())
    assert all(KEY.match(key) for key in keys.questions.values())


def test_outline_lists_ids_keys_and_quiz_settings() -> None:
    course, _ = load(BASIC)
    keys = course_keys(course)
    data = outline(course, keys)
    assert data["id"] == "basic-course" and data["storage"] == "course-state:basic-course"
    first = data["modules"][0]
    assert first["id"] == "01-framework" and first["key"] == keys.modules["01-framework"]
    assert [lesson["id"] for lesson in first["lessons"]] == ["01-definition", "02-national-law"]
    assert first["quiz"]["questions"] == 3 and first["quiz"]["max_points"] == 3
    assert first["quiz"]["attempts"] == 2


def test_question_fingerprint_is_two_base36_characters() -> None:
    course, _ = load(BASIC)
    for quiz in course.quizzes:
        for question in quiz.questions:
            assert re.fullmatch(r"[0-9a-z]{2}", question_fp(question))


# -- encode -------------------------------------------------------------------------------

HAND_MADE = {
    "v": "1.0.0", "lang": "ru", "loc": "m01l2",
    "seen": {"m02": [], "m01": ["l2", "l1"]},
    "quiz": {
        "m01": {"n": 2, "best": 80, "last": None,
                "cur": {"seed": 123456, "t0": 1764000000, "done": False,
                        "ans": {"q2": {"f": "zz", "p": "a)b", "s": 50, "l": 3, "t": 100},
                                "q1": {"f": "9k", "p": "0", "s": 100, "l": 12, "t": 40}}}},
        "m02": {"n": 0, "best": None, "last": None, "cur": None},
    },
}


def test_encode_matches_the_documented_format() -> None:
    # 1~<version>~<lang>~<location>~<seen>~<quizzes>
    # seen = <module key><lesson keys sorted> joined by "!" (modules with nothing seen left out)
    # quiz = <module key>*<n>*<best>*<last>[*<seed>*<t0>*<done>*<answers>], numbers in base 36
    # answer = <question key><fp><latency, 2 base-36 digits><packed>, joined by "'" (s and t are not kept)
    expected = ("1~1.0.0~ru~m01l2~m01l1l2~"
                "m01*2*28**2n9c*t68n40*0*q19k0c0'q2zz03a)b"
                "!m02*0**")
    assert encode(HAND_MADE) == expected
    assert int("28", 36) == 80 and int("2n9c", 36) == 123456 and int("t68n40", 36) == 1764000000
    assert int("0c", 36) == 12


def test_encode_latency_cap_fits_two_digits() -> None:
    state = {"v": "1", "lang": "en", "loc": "", "quiz": {"k": {"n": 1, "best": None, "last": None,
             "cur": {"seed": 1, "t0": 1, "done": False, "ans": {"q1": {"f": "ab", "p": "0", "l": MAX_LATENCY}}}}}}
    assert encode(state).endswith("*q1abzz0")


def test_encode_of_an_empty_state() -> None:
    assert encode({"v": "2", "lang": "en", "loc": ""}) == "1~2~en~~~"


def test_encode_finished_attempt() -> None:
    state = {"v": "1", "lang": "en", "loc": "", "quiz": {"k": {"n": 1, "best": 100, "last": 100,
             "cur": {"seed": 0, "t0": 0, "done": True, "ans": {}}}}}
    assert encode(state) == "1~1~en~~~k*1*2s*2s*0*0*1*"


# -- worst case and limits ----------------------------------------------------------------

LONG = "x" * 20   # accepted answers this long let learners type the most a blank takes


def fill_in_quiz(count: int, blanks: int = 3, draw: int | None = None, answer: str = LONG) -> str:
    lines = ["title: Many blanks"]
    if draw:
        lines.append(f"draw: {draw}")
    lines.append("questions:")
    for n in range(count):
        prompt = " ".join(f"[[b{i}]]" for i in range(blanks))
        answers = ", ".join(f"b{i}: [{answer}]" for i in range(blanks))
        lines += [f"  - id: q{n}", "    kind: fill_in", "    objective: o1",
                  f"    prompt: Fill {prompt}", f"    blanks: {{{answers}}}"]
    return "\n".join(lines) + "\n"


def size_of(root: Path) -> tuple[int, Diagnostics]:
    course, diags = load(root)
    assert course is not None and not diags.errors, [d.format() for d in diags.errors]
    size = check_state_size(course, course_keys(course), diags)
    return size, diags


def test_worst_case_size_grows_with_questions(tmp_path: Path) -> None:
    sizes = []
    for count in (1, 2, 5):
        root = tiny_course(tmp_path / f"c{count}", quiz_yaml=fill_in_quiz(count))
        sizes.append(size_of(root)[0])
    assert sizes[0] < sizes[1] < sizes[2]
    per_question = sizes[1] - sizes[0]
    assert per_question >= 3 * 40 + 2, "three blanks of 40 characters and their separators"
    assert sizes[2] - sizes[1] == 3 * per_question


def test_worst_case_follows_the_longest_accepted_answer(tmp_path: Path) -> None:
    short = size_of(tiny_course(tmp_path / "short", quiz_yaml=fill_in_quiz(5, answer="x")))[0]
    long = size_of(tiny_course(tmp_path / "long", quiz_yaml=fill_in_quiz(5, answer=LONG)))[0]
    assert short < long


def test_worst_case_counts_only_drawn_questions(tmp_path: Path) -> None:
    all_of_them = size_of(tiny_course(tmp_path / "all", quiz_yaml=fill_in_quiz(10)))[0]
    drawn = size_of(tiny_course(tmp_path / "drawn", quiz_yaml=fill_in_quiz(10, draw=2)))[0]
    two = size_of(tiny_course(tmp_path / "two", quiz_yaml=fill_in_quiz(2)))[0]
    assert drawn == two < all_of_them


def test_worst_case_state_fills_every_field_at_its_longest() -> None:
    course, _ = load(BASIC)
    keys = course_keys(course)
    worst = worst_case_state(course, keys)
    quiz = worst["quiz"][keys.modules["01-framework"]]
    assert len(quiz["cur"]["ans"]) == 3, "every graded question of an undrawn quiz"
    assert {len(a["p"]) for a in quiz["cur"]["ans"].values()} == {1, 3}, "single/true_false 1, multiple of 3 options 3"
    assert worst["seen"][keys.modules["01-framework"]] == [keys.lessons[("01-framework", "01-definition")],
                                                          keys.lessons[("01-framework", "02-national-law")]]


def test_small_course_fits_every_limit() -> None:
    course, diags = load(BASIC)
    size = check_state_size(course, course_keys(course), diags)
    assert 0 < size < LIMITS["1.2"]
    assert not diags.items


def test_state_over_the_scorm_12_limit_is_an_error(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "big", quiz_yaml=fill_in_quiz(40))
    size, diags = size_of(root)
    assert LIMITS["1.2"] < size < LIMITS["2004"]
    errors = [d.format() for d in diags.errors]
    assert len(errors) == 1
    assert errors[0].startswith(f"course.yaml:1:1: error: a learner's saved progress could reach {size:,} characters, "
                                "more than the 4,096 SCORM 1.2 allows in suspend_data")


def test_state_over_12_is_fine_when_only_2004_is_built(tmp_path: Path) -> None:
    course_yaml = dedent("""
        id: tiny
        version: 1.0.0
        title: Tiny course
        language: en
        modules: [m1]
        scorm: [2004]
        """)
    root = tiny_course(tmp_path / "big", quiz_yaml=fill_in_quiz(40), course_yaml=course_yaml)
    size, diags = size_of(root)
    assert size > LIMITS["1.2"]
    assert not diags.errors


def test_state_over_2004_limit_is_an_error_for_2004(tmp_path: Path) -> None:
    course_yaml = "id: tiny\nversion: 1.0.0\ntitle: T\nlanguage: en\nmodules: [m1]\nscorm: [2004]\n"
    root = tiny_course(tmp_path / "huge", quiz_yaml=fill_in_quiz(200, blanks=10), course_yaml=course_yaml)
    size, diags = size_of(root)
    assert size > LIMITS["2004"]
    assert [d.message.split(" allows")[0][-10:] for d in diags.errors] == ["SCORM 2004"]
