"""Helpers shared by the unit tests: small courses written into tmp_path, and quick parsing.

Nothing here is a test; the helpers only build inputs and collect diagnostics.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any, Iterable

from course.config import load_config
from course.errors import Diagnostics
from course.loader import load_course
from course.model import Course, Question, Quiz
from course.quizzes import parse_quiz
from course.yamlsrc import YMap, load_yaml

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / "fixtures"
BASIC = FIXTURES / "basic"


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def copy_fixture(tmp_path: Path, name: str = "basic") -> Path:
    """A private copy of tests/fixtures/<name> that a test may edit."""
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    return target


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write files (text is dedented and written as UTF-8 with LF) under root."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(dedent(content).encode("utf-8"))
    return root


COURSE_YAML = """\
id: tiny
version: 1.0.0
title: Tiny course
language: en
languages: [en, ru, kk]
modules: [m1]
"""

MODULE_YAML = """\
title: Module one
objectives:
  o1: First objective
lessons: [l1]
quiz: q1
"""

LESSON_MD = """\
---
title: Lesson one
objectives: [o1]
---

Body text.
"""

QUIZ_YAML = """\
title: Quiz one
questions:
  - id: tf
    kind: true_false
    objective: o1
    prompt: Is this true?
    answer: true
"""


def tiny_course(root: Path, files: dict[str, str | bytes] | None = None, **replace: str) -> Path:
    """A valid one-module course; `files` adds or replaces files (course-relative paths).

    Keyword arguments replace the standard files: course_yaml, module_yaml, lesson_md, quiz_yaml.
    """
    base: dict[str, str | bytes] = {
        "course.yaml": replace.get("course_yaml", COURSE_YAML),
        "modules/m1/module.yaml": replace.get("module_yaml", MODULE_YAML),
        "modules/m1/l1.md": replace.get("lesson_md", LESSON_MD),
        "quizzes/q1.yaml": replace.get("quiz_yaml", QUIZ_YAML),
    }
    base.update(files or {})
    root.mkdir(parents=True, exist_ok=True)
    return write_tree(root, base)


def load(root: Path) -> tuple[Course | None, Diagnostics]:
    """Config and content of a course folder, without the cross-file checks."""
    diags = Diagnostics()
    config = load_config(root, diags)
    if config is None:
        return None, diags
    return load_course(root, config, diags), diags


def yaml_map(text: str, path: str = "test.yaml", diags: Diagnostics | None = None) -> YMap:
    data = load_yaml(dedent(text), path, diags if diags is not None else Diagnostics())
    assert isinstance(data, YMap), "test YAML must be a mapping"
    return data


def quiz_from(text: str, objectives: Iterable[str] = ("o1", "o2"), languages: tuple[str, ...] = ("en", "ru"),
              path: str = "quizzes/q.yaml") -> tuple[Quiz | None, Diagnostics]:
    """parse_quiz on a quiz file's text."""
    diags = Diagnostics()
    data = load_yaml(dedent(text), path, diags)
    assert isinstance(data, YMap), [d.format() for d in diags.items]
    quiz = parse_quiz(data, path, "q", "m", set(objectives), 70, languages, languages[0], diags)
    return quiz, diags


def question_from(text: str, **kwargs: Any) -> tuple[Question | None, Diagnostics]:
    """One question (YAML of a single list item's mapping, without the leading '- ')."""
    body = textwrap.indent(dedent(text), "    ")
    quiz, diags = quiz_from("questions:\n  -\n" + body, **kwargs)
    assert quiz is not None
    return (quiz.questions[0] if quiz.questions else None), diags


def messages(diags: Diagnostics, severity: str | None = None) -> list[str]:
    """Every diagnostic as 'path:line:col: severity: message', in the order reported."""
    return [d.format() for d in diags.items if severity is None or d.severity == severity]


def errors(diags: Diagnostics) -> list[str]:
    return messages(diags, "error")


def warnings(diags: Diagnostics) -> list[str]:
    return messages(diags, "warning")


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under root, keyed by its POSIX path relative to root."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


__all__ = ["BASIC", "FIXTURES", "TESTS", "copy_fixture", "dedent", "errors", "load",
           "messages", "question_from", "quiz_from", "tiny_course", "tree_bytes", "warnings", "write_tree",
           "yaml_map"]
