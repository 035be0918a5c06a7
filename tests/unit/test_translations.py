"""course.translations and `course translations`: statuses, warnings, --mark-current."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from course.cli import cli
from course.errors import Diagnostics
from course.model import Course
from course.translations import (check_translations, coverage, document_hash, record_hash, source_hash_for,
                                 statuses)
from coursekit import BASIC, TESTS, copy_fixture, load

LESSON = "modules/01-framework/01-definition.md"
LESSON_RU = "modules/01-framework/01-definition.ru.md"
QUIZ = "quizzes/01-framework.yaml"
QUIZ_RU = "quizzes/01-framework.ru.yaml"


def course_of(root: Path) -> Course:
    course, diags = load(root)
    assert course is not None and not diags.errors, [d.format() for d in diags.errors]
    return course


def status_map(root: Path) -> dict[tuple[str, str], str]:
    return {(s.lang, s.path): s.state for s in statuses(course_of(root))}


def state_of(root: Path, path: str) -> str:
    lang = path.rsplit(".", 2)[-2]
    return status_map(root)[(lang, path)]


def mark(root: Path, *files: str, cwd: Path | None = None) -> "object":
    runner = CliRunner()
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        return runner.invoke(cli, ["translations", str(root), *sum((["--mark-current", f] for f in files), [])])
    finally:
        os.chdir(old)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def drop_hash_line(path: Path) -> None:
    data = path.read_bytes()
    lines = data.splitlines(keepends=True)
    path.write_bytes(b"".join(line for line in lines if not line.lstrip(b"\xef\xbb\xbf").startswith(b"source_hash:")))


# -- statuses ---------------------------------------------------------------------------

def test_statuses_of_the_fixture() -> None:
    states = status_map(BASIC)
    assert states[("ru", LESSON_RU)] == "current"
    assert states[("ru", QUIZ_RU)] == "current"
    assert states[("ru", "modules/01-framework/02-national-law.ru.md")] == "missing"
    assert states[("ru", "pages/about.ru.md")] == "missing"
    assert {state for (lang, _), state in states.items() if lang == "kk"} == {"missing"}
    assert len(states) == 2 * 6, "three lessons, two quizzes and one page, in ru and kk"
    assert not any(lang == "en" for lang, _ in states)


def test_translation_without_source_hash_is_unmarked(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    drop_hash_line(root / LESSON_RU)
    drop_hash_line(root / QUIZ_RU)
    assert state_of(root, LESSON_RU) == "unmarked"
    assert state_of(root, QUIZ_RU) == "unmarked"
    diags = Diagnostics()
    check_translations(course_of(root), diags)
    assert [d.format() for d in diags.items] == [
        f"{LESSON_RU}:1:1: warning: translation does not record which version of {LESSON} it was made from; "
        f"after reviewing it run 'course translations --mark-current {LESSON_RU}'",
        f"{QUIZ_RU}:1:1: warning: translation does not record which version of {QUIZ} it was made from; "
        f"after reviewing it run 'course translations --mark-current {QUIZ_RU}'"]


def test_editing_the_source_makes_the_translation_stale(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    replace_in(root / LESSON, "three elements", "three parts")
    assert state_of(root, LESSON_RU) == "stale"
    diags = Diagnostics()
    check_translations(course_of(root), diags)
    assert [d.format() for d in diags.items] == [
        f"{LESSON_RU}:1:1: warning: translation is stale: {LESSON} changed after it was translated; "
        f"update it, then run 'course translations --mark-current {LESSON_RU}'"]


def test_editing_the_source_title_makes_the_translation_stale(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    replace_in(root / LESSON, "title: The definition", "title: Definition")
    assert state_of(root, LESSON_RU) == "stale"


def test_whitespace_and_line_ending_changes_do_not_make_it_stale(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    source = root / LESSON
    text = source.read_text(encoding="utf-8")
    spaced = "\n".join(line + "   " for line in text.split("\n")) + "\n\n"
    source.write_bytes(("\ufeff" + spaced).replace("\n", "\r\n").encode("utf-8"))
    assert state_of(root, LESSON_RU) == "current"


def test_editing_a_quiz_prompt_makes_the_overlay_stale(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    replace_in(root / QUIZ, "requires crossing", "needs crossing")
    assert state_of(root, QUIZ_RU) == "stale"


def test_changing_only_an_answer_keeps_the_overlay_current(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    replace_in(root / QUIZ, "answer: false\n    explanation: False.", "answer: true\n    explanation: False.")
    assert state_of(root, QUIZ_RU) == "current"


def test_source_hash_for_translations_only() -> None:
    course = course_of(BASIC)
    lesson = course.module("01-framework").lessons[0]
    assert source_hash_for(course, LESSON_RU) == document_hash(lesson.source) == "0e46add6cca9"
    assert source_hash_for(course, QUIZ_RU) == "d92a5d27c036"
    assert source_hash_for(course, LESSON) is None
    assert source_hash_for(course, "modules/01-framework/02-national-law.ru.md") is None


def test_coverage_counts_per_language() -> None:
    counts = coverage(course_of(BASIC))
    assert (counts["en"]["lessons"], counts["en"]["questions"], counts["en"]["terms"]) == ((3, 3), (4, 4), (2, 2))
    assert counts["ru"]["questions"] == (2, 4), "consent-after-deception and border have Russian prompts"
    assert counts["ru"]["lessons"] == (1, 3)
    assert counts["kk"]["lessons"] == (0, 3)


# -- --mark-current ---------------------------------------------------------------------

def test_mark_current_writes_the_source_hash_and_makes_it_current(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    drop_hash_line(root / LESSON_RU)
    result = mark(root, str(root / LESSON_RU))
    assert result.exit_code == 0, result.output
    assert f"Marked current: {LESSON_RU}" in result.output
    text = (root / LESSON_RU).read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Определение\nsource_hash: 0e46add6cca9\n---\n")
    assert state_of(root, LESSON_RU) == "current"


def test_mark_current_then_edit_source_is_stale_then_mark_again(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    source = root / LESSON
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    assert state_of(root, LESSON_RU) == "stale"
    before = (root / LESSON_RU).read_text(encoding="utf-8")
    assert mark(root, str(root / LESSON_RU)).exit_code == 0
    after = (root / LESSON_RU).read_text(encoding="utf-8")
    assert state_of(root, LESSON_RU) == "current"
    assert after.count("source_hash:") == 1
    assert len(after.splitlines()) == len(before.splitlines()), "the hash line is replaced, not added"
    source.write_text(source.read_text(encoding="utf-8") + "\nYet another paragraph.\n", encoding="utf-8")
    assert state_of(root, LESSON_RU) == "stale"


def test_mark_current_accepts_a_course_relative_path(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    drop_hash_line(root / LESSON_RU)
    result = mark(root, LESSON_RU, cwd=tmp_path)   # relative to the course, not to the working folder
    assert result.exit_code == 0, result.output
    assert state_of(root, LESSON_RU) == "current"


def test_mark_current_on_a_quiz_overlay(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    replace_in(root / QUIZ, "requires crossing", "needs crossing")
    assert state_of(root, QUIZ_RU) == "stale"
    assert mark(root, str(root / QUIZ_RU)).exit_code == 0
    assert state_of(root, QUIZ_RU) == "current"
    text = (root / QUIZ_RU).read_text(encoding="utf-8")
    assert text.count("source_hash:") == 1 and text.startswith("source_hash: ")
    assert "title: Проверьте себя" in text


def test_mark_current_preserves_crlf_and_bom(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    path = root / LESSON_RU
    drop_hash_line(path)
    original = "\ufeff" + path.read_text(encoding="utf-8")
    path.write_bytes(original.replace("\n", "\r\n").encode("utf-8"))
    assert state_of(root, LESSON_RU) == "unmarked"

    assert mark(root, str(path)).exit_code == 0

    data = path.read_bytes()
    assert data.startswith("\ufeff---\r\n".encode("utf-8"))
    assert data.count(b"\n") == data.count(b"\r\n"), "no bare LF"
    assert b"\r\r" not in data
    assert data.count("\ufeff".encode("utf-8")) == 1
    assert b"\r\nsource_hash: 0e46add6cca9\r\n---\r\n" in data
    without_hash = data.replace(b"source_hash: 0e46add6cca9\r\n", b"")
    assert without_hash == original.replace("\n", "\r\n").encode("utf-8"), "nothing else changed"
    assert state_of(root, LESSON_RU) == "current"


def test_mark_current_preserves_crlf_and_bom_in_a_quiz_overlay(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    path = root / QUIZ_RU
    drop_hash_line(path)
    original = ("\ufeff" + path.read_text(encoding="utf-8")).replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(original)
    assert mark(root, str(path)).exit_code == 0
    data = path.read_bytes()
    assert data == "\ufeffsource_hash: d92a5d27c036\r\n".encode("utf-8") + original[3:]
    assert state_of(root, QUIZ_RU) == "current"


def test_record_hash_keeps_lf_files_lf(tmp_path: Path) -> None:
    path = tmp_path / "x.ru.md"
    path.write_bytes(b"---\ntitle: X\nsource_hash: old\n---\n\nBody\n")
    record_hash(path, "abc123")
    assert path.read_bytes() == b"---\ntitle: X\nsource_hash: abc123\n---\n\nBody\n"


def test_record_hash_goes_into_a_header_closed_by_dots_not_into_a_rule_of_the_body(tmp_path: Path) -> None:
    path = tmp_path / "x.ru.md"
    path.write_bytes(b"---\ntitle: X\n...\n\nBody\n\n---\n\nMore\n")
    record_hash(path, "abc123")
    assert path.read_bytes() == b"---\ntitle: X\nsource_hash: abc123\n...\n\nBody\n\n---\n\nMore\n"


def test_record_hash_keeps_a_yaml_document_marker_first(tmp_path: Path) -> None:
    path = tmp_path / "m.ru.yaml"
    path.write_bytes(b"# Russian overlay\n---\ntitle: X\n")
    record_hash(path, "abc123")
    assert path.read_bytes() == b"# Russian overlay\n---\nsource_hash: abc123\ntitle: X\n"


def test_mark_current_refuses_a_file_outside_the_course(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    outside = tmp_path / "elsewhere.ru.md"
    outside.write_text("---\ntitle: X\n---\n", encoding="utf-8")
    result = mark(root, str(outside))
    assert result.exit_code == 2
    assert "is not inside the course folder" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_mark_current_refuses_a_file_that_is_no_translation(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    before = (root / LESSON).read_bytes()
    result = mark(root, str(root / LESSON))
    assert result.exit_code == 2
    assert "is not a translation" in result.output
    assert (root / LESSON).read_bytes() == before


def test_translations_report(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    drop_hash_line(root / LESSON_RU)
    result = CliRunner().invoke(cli, ["translations", str(root)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "ru: 1 current, 0 stale, 1 unmarked, 4 missing" in lines
    assert "kk: 0 current, 0 stale, 0 unmarked, 6 missing" in lines
    assert f"  unmarked {LESSON_RU}" in lines


def test_mark_current_through_python_dash_m(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    drop_hash_line(root / LESSON_RU)
    env = dict(os.environ, PYTHONPATH=str(TESTS.parent) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-m", "course", "translations", str(root), "--mark-current",
                           str(root / LESSON_RU)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert state_of(root, LESSON_RU) == "current"


def test_translations_report_lists_orphaned_translation_files(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "modules/01-framework/99-gone.ru.md").write_text("---\ntitle: Нет источника\n---\n\nТекст.\n",
                                                              encoding="utf-8")
    (root / "quizzes/01-framework.de.yaml").write_text("title: Prüfung\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["translations", str(root)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert ("orphaned: modules/01-framework/99-gone.ru.md "
            "(its source modules/01-framework/99-gone.md is not in the course)") in lines
    assert "orphaned: quizzes/01-framework.de.yaml ('de' is not one of the course languages)" in lines
