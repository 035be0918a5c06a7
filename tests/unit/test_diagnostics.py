"""Every diagnostic a trainer can trigger: exact `path:line:col: severity: message` lines.

Each case is a folder under tests/fixtures/diagnostics/<case>/ holding only the file(s) that
differ from tests/fixtures/diagnostics/_base/ (a tiny valid course); `make_course` copies the
base into tmp_path and lays the case's files over it, so the defect is the fixture file itself.

The messages are judged as a trainer (a lawyer, not a programmer) reads them: the file, the line
and column of the offending key or value, and how to fix it, with no false follow-on lines.
A case may be marked `xfail(strict=True)` (the `xfail=` argument) while the builder falls
short, with the current output in the reason.

In an expected line, a trailing "..." means "any wording after this prefix": used only where the
position is the point and the wording is the builder's to choose.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "diagnostics"
BASE = FIXTURES / "_base"
DIAGNOSTIC = re.compile(r"(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+)\Z")
ID_RULE = "ids use lower-case letters, digits and hyphens, and start with a letter or digit"
FORBIDDEN = "links may go to lessons, pages, files of the course or web addresses"
ONE_ERROR = "1 error; nothing written"


# -- helpers -------------------------------------------------------------------------------

def make_course(tmp_path: Path, case: str | None = None, files: dict[str, str | bytes] | None = None) -> Path:
    """A copy of the base course with the case's fixture files (and/or `files`) laid over it."""
    target = tmp_path / "course"
    shutil.copytree(BASE, target)
    if case is not None:
        shutil.copytree(FIXTURES / case, target, dirs_exist_ok=True)
    for rel, content in (files or {}).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return target


def check_in_process(capsys: pytest.CaptureFixture[str], course: Path, *options: str) -> tuple[int, list[str]]:
    """Run `course check` through the CLI entry point; return the exit status and stderr lines."""
    capsys.readouterr()
    code = main(["check", str(course), *options])
    return code, capsys.readouterr().err.splitlines()


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m course ARGS` in a fresh interpreter, from the repository root."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "course", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def line_matches(actual: str, expected: str) -> bool:
    return actual.startswith(expected[:-3]) if expected.endswith("...") else actual == expected


def lines_match(actual: list[str], expected: list[str]) -> bool:
    return len(actual) == len(expected) and all(line_matches(a, e) for a, e in zip(actual, expected))


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and modification time, plus every folder."""
    result: dict[str, tuple[bytes, int]] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        result[rel] = (path.read_bytes(), path.stat().st_mtime_ns) if path.is_file() else (b"<dir>", 0)
    return result


def base_text(rel: str) -> str:
    return (BASE / rel).read_text(encoding="utf-8")


def replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


def case_dirs() -> list[str]:
    return sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def test_base_course_is_valid_and_silent(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, err = check_in_process(capsys, make_course(tmp_path))
    assert (code, err) == (0, [])


# -- one fixture per diagnostic: the exact lines -------------------------------------------

def case(name: str, *expected: str, xfail: str | None = None):  # type: ignore[no-untyped-def]
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(name, list(expected), id=name, marks=marks)



CASES = [
    # YAML layer
    case("yaml-syntax-error",
         "modules/m1/module.yaml:1:18: error: YAML syntax error: unexpected ':' (a colon followed by a space): "
         "if it is part of the text, put the whole text in quotes; otherwise this line is indented further "
         "than it should be",
         ONE_ERROR),
    case("yaml-syntax-error-unclosed-bracket",
         "quizzes/m1.yaml:7:13: error: YAML syntax error: ...",
         ONE_ERROR),
    case("duplicate-key",
         "quizzes/m1.yaml:6:5: error: duplicate key 'kind' (first defined on line 5)",
         ONE_ERROR),
    case("empty-yaml-file",
         "quizzes/m1.yaml:1:1: error: file is empty",
         ONE_ERROR),
    # schema layer
    case("unknown-key-did-you-mean",
         "quizzes/m1.yaml:11:9: error: question 'consent': unknown key 'corect' (did you mean 'correct'?)",
         ONE_ERROR),
    case("wrong-type",
         "quizzes/m1.yaml:2:11: error: 'attempts' must be a whole number, not the text 'three'",
         ONE_ERROR),
    case("missing-required-field",
         "course.yaml:1:1: error: missing required key 'version'",
         ONE_ERROR),
    case("missing-required-question-field",
         "quizzes/m1.yaml:4:5: error: question 'consent': missing required key 'prompt'",
         ONE_ERROR),
    case("malformed-id",
         f"quizzes/m1.yaml:4:9: error: question 'Consent_Question': malformed id 'Consent_Question': {ID_RULE}",
         ONE_ERROR),
    case("duplicate-module-id",
         "course.yaml:5:15: error: duplicate module id 'm1' (first listed on line 5)",
         ONE_ERROR),
    case("duplicate-lesson-id",
         "modules/m1/module.yaml:4:24: error: duplicate lesson id 'intro' (first listed on line 4)",
         ONE_ERROR),
    case("duplicate-question-id",
         "quizzes/m1.yaml:15:9: error: duplicate question id 'consent' (first defined on line 4)",
         ONE_ERROR),
    case("duplicate-option-id",
         "quizzes/m1.yaml:12:13: error: question 'consent': duplicate option id 'irrelevant' (first on line 9)",
         ONE_ERROR),
    case("duplicate-objective-id",
         "modules/m1/module.yaml:4:3: error: duplicate key 'define' (first defined on line 3)",
         ONE_ERROR),
    case("question-objective-undefined",
         "quizzes/m1.yaml:17:16: error: question 'border': objective 'defne' is not defined in module 'm1' "
         "(did you mean 'define'?)",
         ONE_ERROR),
    # files and folders
    case("module-listed-but-missing",
         "course.yaml:5:15: error: module 'm2' is listed but modules/m2/module.yaml does not exist (missing folder)",
         ONE_ERROR),
    case("lesson-listed-but-missing",
         "modules/m1/module.yaml:4:24: error: lesson 'summary' is listed but modules/m1/summary.md does not exist",
         ONE_ERROR),
    case("callout-never-closed",
         "modules/m1/intro.md:14:1: error: callout '::: checklist' is never closed: add a line ':::' where it ends",
         ONE_ERROR),
    case("translation-lacks-citation",
         "modules/m1/intro.ru.md:2:8: warning: the translation lacks the citation palermo:3a of "
         "modules/m1/intro.md (line 6 there); add it where the source has it",
         "1 warning"),
    case("yaml-indentation",
         "quizzes/m1.yaml:12:6: error: YAML syntax error: this line is not lined up with the lines above it: "
         "check its indentation",
         ONE_ERROR),
    case("lesson-not-listed",
         "modules/m1/extra.md:1:1: warning: lesson file is not listed in modules/m1/module.yaml 'lessons', "
         "so it is not in the course",
         "1 warning"),
    case("unclosed-front-matter",
         "modules/m1/next.md:1:1: error: front matter is not closed: add a line '---' after the title and "
         "other header keys",
         ONE_ERROR),
    case("empty-lesson-file",
         "modules/m1/next.md:1:1: error: file is empty: it needs a header ('---', 'title: ...', '---') and then the text",
         ONE_ERROR),
    case("not-utf8",
         "modules/m1/next.md:7:4: error: file is not UTF-8 text (byte 0xe9); save it as UTF-8",
         ONE_ERROR),
    case("module-id-escapes-output",
         f"course.yaml:5:15: error: id '../evil' would escape the output folder; {ID_RULE}",
         ONE_ERROR),
    case("lesson-id-escapes-output",
         f"modules/m1/module.yaml:4:24: error: id '../evil' would escape the output folder; {ID_RULE}",
         ONE_ERROR),
    # Markdown: links, images, citations, glossary terms (all on line 14 of intro.md)
    case("link-to-missing-lesson",
         "modules/m1/intro.md:14:19: error: link to a missing lesson 'summary.md' (no modules/m1/summary.md "
         "in the course)",
         ONE_ERROR),
    case("link-to-missing-heading",
         "modules/m1/intro.md:14:19: error: link to a missing heading '#sumary' in modules/m1/next.md "
         "(did you mean 'summary'?)",
         ONE_ERROR),
    case("link-to-missing-heading-same-file",
         "modules/m1/intro.md:14:20: error: link to a missing heading '#element' in this file "
         "(did you mean 'elements'?)",
         ONE_ERROR),
    case("missing-image",
         "modules/m1/intro.md:14:29: error: missing image 'img/chart.png' (no modules/m1/img/chart.png in the course)",
         ONE_ERROR),
    case("image-without-alt",
         "modules/m1/intro.md:14:5: error: image without alt text: describe 'img/diagram.png' in the square "
         "brackets, ![like this](img/diagram.png)",
         ONE_ERROR),
    case("link-in-question-text",
         "quizzes/m1.yaml:4:5: error: link to a missing lesson '../modules/m1/summary.md' "
         "(no modules/m1/summary.md in the course)",
         f"quizzes/m1.yaml:4:5: error: link with the forbidden scheme 'javascript:': {FORBIDDEN}",
         "2 errors; nothing written"),
    case("link-javascript",
         f"modules/m1/intro.md:14:14: error: link with the forbidden scheme 'javascript:': {FORBIDDEN}",
         ONE_ERROR),
    case("link-vbscript",
         f"modules/m1/intro.md:14:14: error: link with the forbidden scheme 'vbscript:': {FORBIDDEN}",
         ONE_ERROR),
    case("link-file",
         f"modules/m1/intro.md:14:17: error: link with the forbidden scheme 'file:': {FORBIDDEN}",
         ONE_ERROR),
    case("link-data",
         f"modules/m1/intro.md:14:8: error: link with the forbidden scheme 'data:': {FORBIDDEN}",
         ONE_ERROR),
    case("image-data-not-image",
         "modules/m1/intro.md:14:14: error: image with a 'data:' address that is not an image",
         ONE_ERROR),
    case("link-javascript-reference-style",
         f"modules/m1/intro.md:16:6: error: link with the forbidden scheme 'javascript:': {FORBIDDEN}",
         ONE_ERROR),
    case("link-javascript-autolink",
         f"modules/m1/intro.md:14:2: error: link with the forbidden scheme 'javascript:': {FORBIDDEN}",
         ONE_ERROR),
    case("unknown-citation-instrument",
         "modules/m1/intro.md:14:16: error: citation 'untoc:5': no authority 'untoc' in authorities.yaml",
         ONE_ERROR),
    case("unknown-citation-article",
         "modules/m1/intro.md:14:9: error: citation 'palermo:3b': no article '3b' for 'palermo' in authorities.yaml"
         "; add it there (with 'confirmed: false' if its number is not checked against the official text)",
         ONE_ERROR),
    case("unknown-glossary-term",
         "modules/m1/intro.md:14:32: error: unknown glossary term 'debt-bondage'",
         ONE_ERROR),
]


@pytest.mark.parametrize("name, expected", CASES)
def test_fixture_prints_exactly_the_expected_diagnostics(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                          name: str, expected: list[str]) -> None:
    code, err = check_in_process(capsys, make_course(tmp_path, name))
    assert lines_match(err, expected), "\n".join(["got:", *err, "expected:", *expected])
    assert code == (0 if expected[-1] == "1 warning" else 1)


# The main line of cases whose full output has several lines, checked on its own so that a
# regression in the line that matters is reported precisely.
KEY_LINES = [
    pytest.param("yaml-syntax-error", "modules/m1/module.yaml:1:18: error: YAML syntax error: ...", id="yaml-syntax-error"),
    pytest.param("empty-yaml-file", "quizzes/m1.yaml:1:1: error: file is empty", id="empty-yaml-file"),
    pytest.param("unknown-key-did-you-mean",
                 "quizzes/m1.yaml:11:9: error: question 'consent': unknown key 'corect' (did you mean 'correct'?)",
                 id="unknown-key-did-you-mean"),
    pytest.param("missing-required-question-field",
                 "quizzes/m1.yaml:4:5: error: question 'consent': missing required key 'prompt'",
                 id="missing-required-question-field"),
    pytest.param("malformed-id",
                 f"quizzes/m1.yaml:4:9: error: question 'Consent_Question': malformed id 'Consent_Question': {ID_RULE}",
                 id="malformed-id"),
    pytest.param("duplicate-option-id",
                 "quizzes/m1.yaml:12:13: error: question 'consent': duplicate option id 'irrelevant' (first on line 9)",
                 id="duplicate-option-id"),
    pytest.param("unclosed-front-matter",
                 "modules/m1/next.md:1:1: error: front matter is not closed: add a line '---' after the title and "
                 "other header keys", id="unclosed-front-matter"),
    pytest.param("empty-lesson-file", "modules/m1/next.md:1:1: error: file is empty: it needs a header ('---', 'title: ...', '---') and then the text", id="empty-lesson-file"),
    pytest.param("not-utf8", "modules/m1/next.md:7:4: error: file is not UTF-8 text (byte 0xe9); save it as UTF-8",
                 id="not-utf8"),
    pytest.param("link-to-missing-heading-same-file",
                 "modules/m1/intro.md:14:20: error: link to a missing heading '#element' in this file...",
                 id="link-to-missing-heading-same-file"),
]


@pytest.mark.parametrize("name, key_line", KEY_LINES)
def test_fixture_prints_its_main_diagnostic_at_the_right_place(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                               name: str, key_line: str) -> None:
    code, err = check_in_process(capsys, make_course(tmp_path, name))
    assert code == 1
    assert any(line_matches(line, key_line) for line in err), "\n".join(["got:", *err, "expected among them:", key_line])


def test_every_fixture_folder_has_an_exact_expectation() -> None:
    covered = {p.values[0] for p in CASES} | {"multiple-errors"}
    assert set(case_dirs()) == covered


# -- (a) every error at once, sorted --------------------------------------------------------

def test_all_errors_of_a_multi_defect_course_are_reported_at_once_sorted_by_file_and_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, err = check_in_process(capsys, make_course(tmp_path, "multiple-errors"))
    expected = [
        "authorities.yaml:3:9: error: authority 'palermo': 'kind' must be one of treaty, law, resolution, case, "
        "political, guidance, not 'treety' (did you mean 'treaty'?)",
        "course.yaml:6:12: error: 'pass_mark' must be a whole number, not the text 'high'",
        "glossary.yaml:4:11: error: citation 'palermo:9': no article '9' for 'palermo' in authorities.yaml"
         "; add it there (with 'confirmed: false' if its number is not checked against the official text)",
        "modules/m1/intro.md:10:28: error: missing image 'img/missing.png' (no modules/m1/img/missing.png in the course)",
        "modules/m1/intro.md:12:60: error: link to a missing heading '#sumary' in modules/m1/next.md "
        "(did you mean 'summary'?)",
        "modules/m1/module.yaml:4:24: error: duplicate lesson id 'intro' (first listed on line 4)",
        "quizzes/m1.yaml:2:8: error: 'score' must be one of best, last, not 'worst'",
        "quizzes/m1.yaml:3:11: error: 'attempts' must be a whole number, not the text 'three'",
        "8 errors; nothing written",
    ]
    assert err == expected
    assert code == 1
    keys = []
    for line in err[:-1]:
        found = DIAGNOSTIC.match(line)
        assert found, line
        keys.append((found["path"], int(found["line"]), int(found["col"])))
    assert keys == sorted(keys)


# -- (b) the real CLI: exit status, no traceback, nothing written ----------------------------

WARNING_ONLY = ("lesson-not-listed", "translation-lacks-citation")   # these build, with warnings

@pytest.mark.parametrize("name", case_dirs())
def test_cli_build_of_fixture_exits_1_without_traceback_and_writes_nothing(tmp_path: Path, name: str) -> None:
    course = make_course(tmp_path, name)
    out, dist = tmp_path / "out", tmp_path / "dist"
    result = run_cli("build", course, "--out", out, "--dist", dist)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    diagnostics = [line for line in lines if DIAGNOSTIC.match(line)]
    assert diagnostics, result.stderr
    if name in WARNING_ONLY:
        assert result.returncode == 0, result.stderr
        assert all(" warning: " in line for line in diagnostics)
        assert (out / "index.html").is_file()
    else:
        assert result.returncode == 1, result.stderr
        assert lines[-1].endswith("; nothing written")
        assert not out.exists() and not dist.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["course"]


# -- (c) a failed build leaves the previous site alone -------------------------------------

def test_failed_build_leaves_existing_output_folder_byte_for_byte_untouched(tmp_path: Path) -> None:
    course = make_course(tmp_path)
    out = tmp_path / "site"
    first = run_cli("build", course, "--out", out, "--no-package")
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    neighbours = sorted(p.name for p in tmp_path.iterdir())
    assert before

    shutil.copytree(FIXTURES / "multiple-errors", course, dirs_exist_ok=True)
    second = run_cli("build", course, "--out", out, "--no-package")
    assert second.returncode == 1
    assert second.stderr.splitlines()[-1] == "8 errors; nothing written"
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == neighbours   # no staging folder left behind


# -- (d) --strict --------------------------------------------------------------------------

def test_unlisted_lesson_warning_does_not_fail_check_without_strict(capsys: pytest.CaptureFixture[str],
                                                                    tmp_path: Path) -> None:
    code, err = check_in_process(capsys, make_course(tmp_path, "lesson-not-listed"))
    assert code == 0
    assert err[-1] == "1 warning"


def test_strict_turns_unlisted_lesson_warning_into_an_error_and_exit_1(capsys: pytest.CaptureFixture[str],
                                                                      tmp_path: Path) -> None:
    code, err = check_in_process(capsys, make_course(tmp_path, "lesson-not-listed"), "--strict")
    assert err == [
        "modules/m1/extra.md:1:1: error: lesson file is not listed in modules/m1/module.yaml 'lessons', "
        "so it is not in the course",
        ONE_ERROR,
    ]
    assert code == 1


def test_strict_build_with_unlisted_lesson_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    course = make_course(tmp_path, "lesson-not-listed")
    out = tmp_path / "out"
    result = run_cli("build", course, "--out", out, "--no-package", "--strict")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[-1] == ONE_ERROR
    assert not out.exists()


# -- (e) usage errors exit 2 ----------------------------------------------------------------

def test_unknown_option_is_a_usage_error_exit_2(tmp_path: Path) -> None:
    result = run_cli("check", make_course(tmp_path), "--bogus")
    assert result.returncode == 2
    assert "No such option '--bogus'" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_command_is_a_usage_error_exit_2() -> None:
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "No such command 'frobnicate'" in result.stderr


def test_a_file_given_as_course_folder_is_a_usage_error_exit_2(tmp_path: Path) -> None:
    result = run_cli("check", make_course(tmp_path) / "course.yaml")
    assert result.returncode == 2
    assert "is a file" in result.stderr


def test_output_folder_over_the_course_sources_is_a_usage_error_exit_2_and_touches_nothing(tmp_path: Path) -> None:
    course = make_course(tmp_path)
    before = snapshot(course)
    result = run_cli("build", course, "--out", course, "--no-package")
    assert result.returncode == 2
    assert "refusing to write the site over" in result.stderr
    assert "it holds the course sources" in result.stderr
    assert snapshot(course) == before


def test_output_folder_not_built_by_the_tool_is_a_usage_error_exit_2_and_is_left_alone(tmp_path: Path) -> None:
    course = make_course(tmp_path)
    out = tmp_path / "documents"
    out.mkdir()
    (out / "judgment.docx").write_bytes(b"precious")
    before = snapshot(out)
    result = run_cli("build", course, "--out", out, "--no-package")
    assert result.returncode == 2
    assert "was not built by this tool" in result.stderr
    assert snapshot(out) == before


def test_a_course_folder_that_does_not_exist_is_a_usage_error_exit_2(tmp_path: Path) -> None:
    result = run_cli("check", tmp_path / "no-such-folder")
    assert result.returncode == 2
    assert "no-such-folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_without_course_yaml_is_a_usage_error_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("check", empty)
    assert result.returncode == 2
    assert "course.yaml" in result.stderr
    assert not result.stderr.startswith("course.yaml:1:1:")


# -- (f) malformed input: exit 1 with a diagnostic, never a traceback -----------------------

QUIZ = base_text("quizzes/m1.yaml")
MODULE = base_text("modules/m1/module.yaml")
COURSE = base_text("course.yaml")
INTRO = base_text("modules/m1/intro.md")
NEXT = base_text("modules/m1/next.md")
PROMPT = "prompt: Does consent obtained by deception matter?"
QUESTION_OBJECTIVE = "    objective: define\n"


def crlf_bom(text: str) -> bytes:
    return ("\ufeff" + text).replace("\n", "\r\n").encode("utf-8")


def nasty(name: str, files: dict[str, str | bytes], path: str, xfail: str | None = None):  # type: ignore[no-untyped-def]
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(files, path, id=name, marks=marks)


NASTY = [
    # tabs
    nasty("tab-indented-quiz-key", {"quizzes/m1.yaml": replaced(QUIZ, "    kind: single", "\tkind: single")},
          "quizzes/m1.yaml"),
    nasty("tab-indented-front-matter", {"modules/m1/intro.md": replaced(INTRO, "title: Introduction", "\ttitle: Introduction")},
          "modules/m1/intro.md"),
    # a list where a mapping is expected, at every level
    nasty("course-yaml-is-a-list", {"course.yaml": "- id: x\n- modules: [m1]\n"}, "course.yaml"),
    nasty("course-title-is-a-list", {"course.yaml": replaced(COURSE, "title: Diagnostics base course", "title: [a, b]")},
          "course.yaml"),
    nasty("course-fallbacks-is-a-list", {"course.yaml": COURSE + "fallbacks: [ru]\n"}, "course.yaml"),
    nasty("course-modules-is-a-mapping", {"course.yaml": replaced(COURSE, "modules: [m1]", "modules: {m1: 1}")},
          "course.yaml"),
    nasty("module-yaml-is-a-list", {"modules/m1/module.yaml": "- title: x\n- lessons: [intro]\n"}, "modules/m1/module.yaml"),
    nasty("module-title-is-a-list", {"modules/m1/module.yaml": replaced(MODULE, "title: Module one", "title: [Module, one]")},
          "modules/m1/module.yaml"),
    nasty("module-objectives-is-a-list",
          {"modules/m1/module.yaml": replaced(MODULE, "  define: Apply the definition", "  - define")},
          "modules/m1/module.yaml"),
    nasty("module-lessons-is-a-mapping", {"modules/m1/module.yaml": replaced(MODULE, "[intro, next]", "{intro: next}")},
          "modules/m1/module.yaml"),
    nasty("quiz-file-is-a-list", {"quizzes/m1.yaml": "- id: consent\n  kind: single\n"}, "quizzes/m1.yaml"),
    nasty("quiz-questions-is-a-mapping", {"quizzes/m1.yaml": "questions: {id: consent}\n"}, "quizzes/m1.yaml"),
    nasty("quiz-question-is-a-list", {"quizzes/m1.yaml": "questions:\n  - [consent, single]\n"}, "quizzes/m1.yaml"),
    nasty("quiz-options-is-a-mapping", {"quizzes/m1.yaml": QUIZ.split("    options:")[0] + "    options: {id: a}\n"},
          "quizzes/m1.yaml"),
    nasty("quiz-option-is-a-list", {"quizzes/m1.yaml": QUIZ.split("    options:")[0] + "    options: [[a], [b]]\n"},
          "quizzes/m1.yaml"),
    nasty("quiz-draw-is-a-list", {"quizzes/m1.yaml": replaced(QUIZ, "attempts: 3", "draw: [1, 2]")}, "quizzes/m1.yaml"),
    nasty("front-matter-is-a-list", {"modules/m1/intro.md": "---\n- title\n- Introduction\n---\n\nText.\n"},
          "modules/m1/intro.md"),
    nasty("glossary-is-a-list", {"glossary.yaml": "- consent\n"}, "glossary.yaml"),
    nasty("glossary-term-is-a-list", {"glossary.yaml": "consent: [consent, agreement]\n"}, "glossary.yaml"),
    nasty("authorities-is-a-list", {"authorities.yaml": "- palermo\n"}, "authorities.yaml"),
    nasty("authority-articles-is-a-list",
          {"authorities.yaml": replaced(base_text("authorities.yaml"), '    "3a": Definition of trafficking in persons\n',
                                        "    - 3a\n")}, "authorities.yaml"),
    # null values
    nasty("quiz-values-null", {"quizzes/m1.yaml": "title:\nattempts:\nquestions:\n  - id:\n    kind:\n    prompt:\n"},
          "quizzes/m1.yaml"),
    nasty("quiz-options-null", {"quizzes/m1.yaml": QUIZ.split("    options:")[0] + "    options: [null, ~]\n"},
          "quizzes/m1.yaml"),
    nasty("course-required-values-null", {"course.yaml": "id:\nversion:\ntitle:\nlanguage:\nmodules:\n"}, "course.yaml"),
    nasty("module-required-values-null", {"modules/m1/module.yaml": "title:\nobjectives:\nlessons:\nquiz:\n"},
          "modules/m1/module.yaml"),
    nasty("lesson-title-null",
          {"modules/m1/next.md": replaced(NEXT, "title: Next steps", "title:"),
           "modules/m1/intro.md": replaced(INTRO, ", then [the next lesson](next.md#summary)", "")},
          "modules/m1/next.md"),
    # numbers (and other non-text) as ids
    nasty("module-ids-are-numbers", {"course.yaml": replaced(COURSE, "modules: [m1]", "modules: [m1, 2, 2.5, true]")},
          "course.yaml"),
    nasty("lesson-ids-are-numbers", {"modules/m1/module.yaml": replaced(MODULE, "[intro, next]", "[intro, next, 3]")},
          "modules/m1/module.yaml"),
    nasty("question-and-option-ids-are-numbers",
          {"quizzes/m1.yaml": QUIZ.replace("- id: consent", "- id: 42").replace("- id: irrelevant", "- id: 1")},
          "quizzes/m1.yaml"),
    nasty("question-id-is-a-date", {"quizzes/m1.yaml": replaced(QUIZ, "- id: consent", "- id: 2024-01-01")},
          "quizzes/m1.yaml"),
    # deeply nested junk
    nasty("quiz-prompt-nested-60-deep", {"quizzes/m1.yaml": replaced(QUIZ, PROMPT, "prompt: " + "[" * 60 + "]" * 60)},
          "quizzes/m1.yaml"),
    nasty("quiz-prompt-nested-5000-deep", {"quizzes/m1.yaml": replaced(QUIZ, PROMPT, "prompt: " + "[" * 5000 + "]" * 5000)},
          "quizzes/m1.yaml"),
    nasty("front-matter-nested-5000-deep",
          {"modules/m1/intro.md": replaced(INTRO, "title: Introduction", "title: " + "{a: " * 5000 + "x" + "}" * 5000)},
          "modules/m1/intro.md"),
    nasty("markdown-200-nested-block-quotes-and-a-bad-link",
          {"modules/m1/intro.md": INTRO + "\n" + "> " * 200 + "x\n\n" + "[" * 3000 + "\n\n[x](javascript:x)\n"},
          "modules/m1/intro.md"),
    # byte-order marks and line endings
    nasty("course-yaml-bom-crlf-wrong-type", {"course.yaml": crlf_bom(COURSE + "pass_mark: high\n")}, "course.yaml"),
    nasty("lesson-bom-crlf-forbidden-link",
          {"modules/m1/intro.md": crlf_bom(INTRO + "\n[x](javascript:alert(1))\n")}, "modules/m1/intro.md"),
    nasty("quiz-cr-only-wrong-type",
          {"quizzes/m1.yaml": replaced(QUIZ, "attempts: 3", "attempts: three").replace("\n", "\r").encode()},
          "quizzes/m1.yaml"),
    nasty("course-yaml-in-utf16", {"course.yaml": COURSE.encode("utf-16")}, "course.yaml"),
    # YAML features a trainer never means
    nasty("two-yaml-documents", {"quizzes/m1.yaml": QUIZ + "---\nmore: 1\n"}, "quizzes/m1.yaml"),
    nasty("python-object-tag", {"quizzes/m1.yaml": "!!python/object:os.system x: 1\nquestions: []\n"}, "quizzes/m1.yaml"),
    nasty("alias-bomb", {"quizzes/m1.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdef", "bcdefg")) + "questions: *g\n"},
          "quizzes/m1.yaml"),
    nasty("merge-key", {"quizzes/m1.yaml": "base: &b {kind: single}\nquestions:\n  - <<: *b\n    id: q\n"}, "quizzes/m1.yaml"),
    nasty("list-as-key", {"quizzes/m1.yaml": "? [a, b]\n: c\nquestions: []\n"}, "quizzes/m1.yaml"),
    nasty("int-tag-on-text", {"quizzes/m1.yaml": replaced(QUIZ, "attempts: 3", "attempts: !!int three")}, "quizzes/m1.yaml"),
    nasty("float-tag-on-text", {"quizzes/m1.yaml": QUIZ.replace(QUESTION_OBJECTIVE, QUESTION_OBJECTIVE + "    points: !!float one\n")},
          "quizzes/m1.yaml"),
    nasty("bool-tag-on-text", {"quizzes/m1.yaml": replaced(QUIZ, "correct: true", "correct: !!bool si")}, "quizzes/m1.yaml"),
    nasty("timestamp-tag-on-text",
          {"authorities.yaml": base_text("authorities.yaml") + "  adopted: !!timestamp last year\n"}, "authorities.yaml"),
    # question kinds
    nasty("categorize-category-is-a-list",
          {"quizzes/m1.yaml": QUIZ + "  - id: sort\n    kind: categorize\n    objective: define\n    prompt: Sort them.\n"
                                     "    categories: [{id: thb, text: Trafficking}, {id: smuggling, text: Smuggling}]\n"
                                     "    items:\n      - {id: passport, text: Passport withheld, category: [thb]}\n"
                                     "      - {id: fee, text: Fee paid, category: smuggling}\n"},
          "quizzes/m1.yaml"),
    nasty("points-not-a-number", {"quizzes/m1.yaml": QUIZ.replace(QUESTION_OBJECTIVE, QUESTION_OBJECTIVE + "    points: .nan\n")},
          "quizzes/m1.yaml"),
]


@pytest.mark.parametrize("files, path", NASTY)
def test_malformed_input_exits_1_with_a_diagnostic_in_the_file_and_no_traceback(
        tmp_path: Path, files: dict[str, str | bytes], path: str) -> None:
    result = run_cli("check", make_course(tmp_path, files=files))
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-2000:]
    lines = result.stderr.splitlines()
    assert result.returncode == 1, result.stderr
    assert any(line.startswith(f"{path}:") and " error: " in line for line in lines), result.stderr
    assert all(DIAGNOSTIC.match(line) for line in lines[:-1]), result.stderr
    assert lines[-1].endswith("; nothing written")


def test_bom_and_crlf_line_endings_do_not_shift_reported_lines_or_columns(capsys: pytest.CaptureFixture[str],
                                                                          tmp_path: Path) -> None:
    course = make_course(tmp_path, files={
        "course.yaml": crlf_bom(COURSE),
        "quizzes/m1.yaml": crlf_bom(replaced(QUIZ, "attempts: 3", "attempts: three")),
        "modules/m1/intro.md": crlf_bom(INTRO + "\n[Click here](javascript:alert(1))\n"),
    })
    code, err = check_in_process(capsys, course)
    assert err == [
        f"modules/m1/intro.md:14:14: error: link with the forbidden scheme 'javascript:': {FORBIDDEN}",
        "quizzes/m1.yaml:2:11: error: 'attempts' must be a whole number, not the text 'three'",
        "2 errors; nothing written",
    ]
    assert code == 1


def test_valid_course_with_bom_and_crlf_everywhere_builds_cleanly(tmp_path: Path) -> None:
    course = make_course(tmp_path)
    for path in course.rglob("*"):
        if path.suffix in (".yaml", ".md"):
            path.write_bytes(crlf_bom(path.read_text(encoding="utf-8")))
    result = run_cli("check", course)
    assert (result.returncode, result.stderr) == (0, "")
