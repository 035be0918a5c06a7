"""The learner state's budget: a large synthetic course fits SCORM 1.2's suspend_data, an
oversized one fails the build with a clear message unless only SCORM 2004 is built, and
state.js encodes exactly as course/state.py does (the build's size check relies on it)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from course.pipeline import build, check
from course.state import LIMITS, encode, worst_case_state

REPO = Path(__file__).resolve().parents[2]
STATE_JS = REPO / "theme" / "static" / "js" / "state.js"
BASIC = REPO / "tests" / "fixtures" / "basic"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("benchmark_generate", REPO / "benchmarks" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def synthetic(out: Path, questions: int, scorm: str | None = None) -> Path:
    """benchmarks/generate.py's course: 200 lessons = 20 modules, `questions` per module quiz.

    `scorm` replaces the course's `scorm:` line (None: no line, i.e. both versions)."""
    root = _generator().generate(out, lessons=200, questions=questions, russian=False, mkdocs=False)
    config = root / "course.yaml"
    text = re.sub(r"(?m)^scorm:.*\n", "", config.read_text(encoding="utf-8"))
    if scorm is not None:
        text += f"scorm: {scorm}\n"
    config.write_text(text, encoding="utf-8")
    return root


def fill_in_heavy(out: Path) -> Path:
    """One module whose quiz holds many fill-in questions, each with four blanks a learner may type 40 characters into."""
    root = synthetic(out, questions=1)
    blanks = "".join(f"  [[b{n}]]" for n in range(1, 5))
    questions = "".join(
        f"  - id: q{i:02d}\n    kind: fill_in\n    objective: main\n"
        f"    prompt: Fill in{blanks}.\n"
        f"    blanks: {{{', '.join(f'b{n}: [the accepted answer of this blank]' for n in range(1, 5))}}}\n" for i in range(1, 31))
    (root / "quizzes" / "m0001.yaml").write_text(f"title: Quiz\nquestions:\n{questions}", encoding="utf-8")
    return root


def course_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "course", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300)


# -- sizes ----------------------------------------------------------------------------------

def test_synthetic_course_of_200_questions_fits_scorm_12(tmp_path: Path) -> None:
    root = synthetic(tmp_path / "synthetic", questions=10)
    checked = check(root)
    course = checked.course
    assert len(course.modules) == 20
    assert sum(len(m.quiz.graded) for m in course.modules if m.quiz) == 200
    assert course.scorm_versions == ("1.2", "2004")
    assert 0 < checked.state_size <= LIMITS["1.2"]
    assert checked.state_size == len(encode(worst_case_state(course, checked.keys)))
    result = build(root, tmp_path / "out" / "site", tmp_path / "out" / "dist")
    assert sorted(p.name for p in result.packages) == ["synthetic-1.0.0-scorm12.zip", "synthetic-1.0.0-scorm2004.zip"]


OVERSIZED = {"40 questions per module": lambda out: synthetic(out, questions=40), "many fill-in blanks": fill_in_heavy}


@pytest.mark.parametrize("make", sorted(OVERSIZED))
def test_oversized_state_fails_the_build_for_scorm_12(make: str, tmp_path: Path) -> None:
    root = OVERSIZED[make](tmp_path / "big")
    size = check_size(root)
    assert size > LIMITS["1.2"]
    out, dist = tmp_path / "site", tmp_path / "dist"
    result = course_cli("build", str(root), "--out", str(out), "--dist", str(dist))
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        f"course.yaml:1:1: error: a learner's saved progress could reach {size:,} characters, more than the 4,096 "
        "SCORM 1.2 allows in suspend_data; draw fewer questions per attempt ('draw' in the quiz files), shorten "
        "fill-in blanks, or list only the other version under 'scorm' in course.yaml"]
    assert "nothing written" in result.stderr
    assert not out.exists() and not dist.exists()


def check_size(root: Path) -> int:
    """The worst-case state size, measured without the per-version limit check failing."""
    config = root / "course.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + 'scorm: ["2004"]\n', encoding="utf-8")
    try:
        return check(root).state_size
    finally:
        config.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("make", sorted(OVERSIZED))
def test_oversized_state_builds_when_only_scorm_2004_is_built(make: str, tmp_path: Path) -> None:
    root = OVERSIZED[make](tmp_path / "big")
    config = root / "course.yaml"
    config.write_text(config.read_text(encoding="utf-8") + 'scorm: ["2004"]\n', encoding="utf-8")
    result = course_cli("build", str(root), "--out", str(tmp_path / "site"), "--dist", str(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr
    names = sorted(p.name for p in (tmp_path / "dist").iterdir())
    assert names == ["synthetic-1.0.0-scorm2004.zip"]
    assert LIMITS["1.2"] < check(root).state_size <= LIMITS["2004"]


# -- state.js and course/state.py encode alike -------------------------------------------------

NODE_SCRIPT = """
require(process.argv[1]);
const S = globalThis.CourseState;
const states = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(states.map(s => {
  const encoded = S.encode(s);
  return {encoded: encoded, decoded: S.decode(encoded), again: S.encode(S.decode(encoded))};
})));
"""


def run_state_js(states: list[dict[str, Any]]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is needed to run state.js")
        pytest.skip("node is not installed")
    result = subprocess.run([node, "-e", NODE_SCRIPT, str(STATE_JS)], input=json.dumps(states),
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


def normalized(state: dict[str, Any]) -> dict[str, Any]:
    """What decode(encode(state)) gives back: sorted lessons, answers as {f, l, p}."""
    quizzes = {}
    for key, quiz in state["quiz"].items():
        cur = quiz.get("cur")
        quizzes[key] = {"n": quiz["n"], "best": quiz.get("best"), "last": quiz.get("last"), "cur": None if not cur else {
            "seed": cur["seed"], "t0": cur["t0"], "done": bool(cur["done"]),
            "ans": {k: {"f": a["f"], "l": a["l"], "p": a["p"]} for k, a in cur["ans"].items()}}}
    return {"v": state["v"], "lang": state["lang"], "loc": state["loc"],
            "seen": {k: sorted(v) for k, v in state["seen"].items() if v}, "quiz": quizzes}


def sample_states() -> list[dict[str, Any]]:
    """A learner part-way: typed answers (Cyrillic, the fill-in separator), a quiz not started."""
    return [
        {"v": "1.0.0", "lang": "ru", "loc": "a9ddqx", "seen": {"a9d": ["dqx", "00b"], "2k4": []},
         "quiz": {"a9d": {"n": 2, "best": 85, "last": 40, "cur": {
             "seed": 123456789, "t0": 1764000000, "done": False, "ans": {
                 "c2a": {"f": "oj", "l": 12, "p": "0"},
                 "7ib": {"f": "sa", "l": 1295, "p": "восемнадцать)eighteen"},
                 "sjz": {"f": "6f", "l": 0, "p": "-2,5"},
                 "k00": {"f": "zz", "l": 40, "p": "01-"}}}},
                  "2k4": {"n": 0, "best": None, "last": None, "cur": None}}},
        {"v": "", "lang": "", "loc": "", "seen": {}, "quiz": {}},
    ]


def test_state_js_encodes_the_worst_case_like_python_and_round_trips(tmp_path: Path) -> None:
    courses = [check(BASIC), check(synthetic(tmp_path / "synthetic", questions=10))]
    states = [worst_case_state(c.course, c.keys) for c in courses] + sample_states()
    results = run_state_js(states)
    for state, result in zip(states, results):
        python = encode(state)
        assert result["encoded"] == python
        assert result["decoded"] == normalized(state)
        assert result["again"] == python
    # The size the build checks is the length of the string state.js writes.
    assert [len(r["encoded"]) for r in results[:2]] == [c.state_size for c in courses]
    assert results[1]["encoded"].count("'") == 200 - 20      # one answer per question, "'" between
