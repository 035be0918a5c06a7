"""Every question kind answered inside a real LMS run-time (scorm-again in the standards
harness): each interaction the course writes is valid for its SCORM version, and a scenario
adds one interaction per decision, named module.question.step."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import build_course
from quizkit import answer_quiz_mouse, questions, right_answer, wrong_answer
from test_scorm import VERSIONS, Learner, _zip, check_values, lms, sets_of  # noqa: F401 (lms: fixture)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "quiz-kinds"


@pytest.fixture(scope="module")
def kinds_packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("scorm-kinds")
    build_course(FIXTURE, target, packages=True)
    return target / "dist"


@pytest.mark.parametrize("pick", [right_answer, wrong_answer], ids=["right", "wrong"])
@pytest.mark.parametrize("version", VERSIONS)
def test_every_kind_reports_valid_interactions_to_the_lms(version: str, pick: Any, kinds_packages: Path,
                                                          lms: Any, page: Any) -> None:
    base, _ = lms(_zip(kinds_packages, version))
    learner = Learner(page, base, version)
    learner.start()
    learner.go('a[data-quiz="01-kinds"]', "/01-kinds/quiz.html")
    shown = questions(learner.frame)
    answered = answer_quiz_mouse(learner.frame, pick)
    assert sorted(answered) == sorted(shown)
    learner.page.wait_for_function(
        "n => window.scormCalls.filter(c => /interactions\\.\\d+\\.result/.test(c.args[0] || '')).length >= n",
        arg=len(answered))

    sets = sets_of(learner.calls(), version)
    assert check_values(version, sets) == []
    ids = [value for element, value in sets if re.match(r"cmi\.interactions\.\d+\.id\Z", element)]
    assert len(ids) == len(set(ids)), "an interaction id was written twice"
    scenario = next(q for q in shown.values() if q["kind"] == "scenario")
    step_ids = [i for i in ids if i.startswith(f"01-kinds.{scenario['id']}.")]
    taken = pick(scenario)
    assert len(step_ids) == len(taken)
    assert all(i.count(".") == 2 and i.split(".")[2] in scenario["steps"] for i in step_ids), step_ids
    assert set(ids) - set(step_ids) == {f"01-kinds.{qid}" for qid in answered}
