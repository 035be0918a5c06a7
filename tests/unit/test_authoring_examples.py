"""The question examples of docs/authoring.md build, so the guide cannot go stale.

Every ```yaml block under "## Question kinds" is one question. Each is put into the quiz of a
small generated course (module objectives `define-thb` and `consent`, authority `palermo` with
articles 3a, 3b and 3d), built with the real pipeline, and looked up in the quiz page's payload.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml

from course.errors import BuildFailed
from course.kinds import KINDS
from course.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "authoring.md"

COURSE = """\
id: docs-examples
version: 1.0.0
title: Authoring guide examples
language: en
modules: [m1]
"""

AUTHORITIES = """\
palermo:
  short: {en: Palermo Protocol}
  title: {en: "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children"}
  kind: treaty
  adopted: 2000-11-15
  text_date: 2000-11-15
  articles:
    "3a": {en: Definition of trafficking in persons}
    "3b": {en: Irrelevance of consent where a means is used}
    "3d": {en: Definition of a child}
"""

MODULE = """\
title: The legal framework
objectives:
  define-thb: Apply the three elements of the trafficking definition
  consent: Explain why consent is irrelevant once a means is used
lessons: [l1]
quiz: examples
"""

LESSON = """\
---
title: A lesson
objectives: [define-thb]
---

Text.
"""


def question_kinds_section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    match = re.search(r"^## Question kinds\n(.*?)(?=^## )", text, re.S | re.M)
    assert match, "docs/authoring.md has no '## Question kinds' section"
    return match.group(1)


def examples() -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", question_kinds_section(), re.S | re.M)


def example_id(block: str) -> str:
    match = re.match(r"- id: ([a-z0-9-]+)", block)
    assert match, f"an example does not start with '- id:':\n{block}"
    return match.group(1)


def build_example(block: str, tmp_path: Path) -> dict:
    """Build a course whose quiz holds the example; the quiz page's payload."""
    source = tmp_path / "course"
    files = {
        "course.yaml": COURSE,
        "authorities.yaml": AUTHORITIES,
        "modules/m1/module.yaml": MODULE,
        "modules/m1/l1.md": LESSON,
        "quizzes/examples.yaml": "title: Examples\nquestions:\n" + textwrap.indent(block, "  "),
    }
    for rel, content in files.items():
        path = source / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    try:
        build(source, tmp_path / "site", None, use_cache=False)
    except BuildFailed as failure:
        problems = "\n".join(failure.diagnostics.report_lines(False))
        pytest.fail(f"the example does not build:\n{problems}\n\n{block}")
    page = (tmp_path / "site" / "en" / "m1" / "quiz.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', page, re.S)
    assert data, "the quiz page has no payload"
    return json.loads(data.group(1))


def test_the_section_has_examples():
    assert len(examples()) >= len(KINDS)


def test_every_kind_has_an_example():
    kinds = [yaml.safe_load(block)[0]["kind"] for block in examples()]
    assert sorted(set(kinds)) == sorted(KINDS), f"examples for {sorted(set(kinds))}, kinds {sorted(KINDS)}"


def test_every_example_is_one_question_with_a_unique_id():
    ids = [example_id(block) for block in examples()]
    assert len(ids) == len(set(ids))
    for block in examples():
        parsed = yaml.safe_load(block)
        assert isinstance(parsed, list) and len(parsed) == 1 and isinstance(parsed[0], dict), block


@pytest.mark.parametrize("block", examples(), ids=example_id)
def test_example_builds_and_reaches_the_quiz_page(block: str, tmp_path: Path):
    question = yaml.safe_load(block)[0]
    data = build_example(block, tmp_path)
    assert data["mode"] == "quiz"
    shown = {q["id"]: q for q in data["questions"]}
    assert question["id"] in shown, f"{question['id']} is not in the quiz page payload"
    assert shown[question["id"]]["kind"] == question["kind"]
    assert shown[question["id"]]["objective"] == question["objective"]
