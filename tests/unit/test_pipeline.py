"""course.pipeline: check and build end to end, the golden output tree, reproducible builds.

The golden tree tests/golden/basic/ is the complete build of tests/fixtures/basic/, compared
byte for byte. After an intended change to the output, regenerate it with

    python -m pytest tests/unit/test_pipeline.py --regen-golden

and review the change with `git diff tests/golden` before committing.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.errors import BuildFailed
from course.pipeline import build, check
from course.writer import MARKER, UnsafeOutput
from coursekit import BASIC, TESTS, copy_fixture, tree_bytes

GOLDEN = TESTS / "golden" / "basic"
REPO = TESTS.parent


# -- comparing trees ---------------------------------------------------------------------

def describe_file_difference(rel: str, expected: bytes, actual: bytes, context: int = 3, limit: int = 60) -> str:
    """A readable diff of one file: unified diff for text, sizes and first offset for binary."""
    try:
        old = expected.decode("utf-8").splitlines(keepends=True)
        new = actual.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        offset = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b), min(len(expected), len(actual)))
        return (f"--- golden/{rel}\n+++ build/{rel}\nbinary files differ: {len(expected)} vs {len(actual)} bytes, "
                f"first difference at byte {offset}")
    lines = list(difflib.unified_diff(old, new, f"golden/{rel}", f"build/{rel}", n=context))
    if not lines:  # only line endings or a final newline differ
        return f"--- golden/{rel}\n+++ build/{rel}\nthe files differ only in line endings or trailing bytes"
    shown = [line if line.endswith("\n") else line + "\n" for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"... {len(lines) - limit} more diff lines\n")
    return "".join(shown)


def tree_difference(expected: dict[str, bytes], actual: dict[str, bytes]) -> str | None:
    """None when the trees are identical, else a report ending with the diff of the first changed file."""
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = [rel for rel in sorted(expected) if rel in actual and expected[rel] != actual[rel]]
    if not (missing or extra or changed):
        return None
    report = []
    if missing:
        report.append(f"{len(missing)} file(s) in the golden tree but not built: {', '.join(missing)}")
    if extra:
        report.append(f"{len(extra)} file(s) built but not in the golden tree: {', '.join(extra)}")
    if changed:
        report.append(f"{len(changed)} file(s) differ: {', '.join(changed)}")
        report.append(f"first differing file, {changed[0]}:")
        report.append(describe_file_difference(changed[0], expected[changed[0]], actual[changed[0]]))
    return "\n".join(report)


def built(tmp_path: Path, name: str = "site", root: Path = BASIC) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / name
    build(root, out, None, use_cache=False)
    return out, tree_bytes(out)


# -- the golden tree -----------------------------------------------------------------------

def test_build_matches_the_golden_tree(tmp_path: Path, regen_golden: bool) -> None:
    out, actual = built(tmp_path)
    if regen_golden:
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        shutil.copytree(out, GOLDEN)
        pytest.skip(f"--regen-golden: rewrote {GOLDEN.relative_to(REPO)} ({len(actual)} files); "
                    "review it with 'git diff tests/golden' before committing")
    assert GOLDEN.is_dir(), (f"{GOLDEN} is missing; create it with "
                             "'python -m pytest tests/unit/test_pipeline.py --regen-golden'")
    expected = tree_bytes(GOLDEN)
    difference = tree_difference(expected, actual)
    if difference is not None:
        pytest.fail("the build of tests/fixtures/basic differs from tests/golden/basic (if the change is intended, "
                    "rerun with --regen-golden and review the diff):\n" + difference, pytrace=False)


def test_golden_tree_includes_the_marker_and_every_page() -> None:
    if not GOLDEN.is_dir():
        pytest.skip("no golden tree yet")
    files = set(tree_bytes(GOLDEN))
    assert MARKER in files
    for lang in ("en", "ru", "kk"):
        for page in ("index", "glossary", "authorities", "about", "01-framework/01-definition",
                     "01-framework/02-national-law", "01-framework/quiz", "02-identification/01-indicators",
                     "02-identification/quiz"):
            assert f"{lang}/{page}.html" in files
        assert f"assets/i18n/{lang}.js" in files
    assert {"index.html", "assets/course-data.js", "assets/media/modules/01-framework/img/elements.png"} <= files


def test_tree_difference_shows_a_readable_diff_of_the_first_file() -> None:
    expected = {"a.html": b"<p>one</p>\n<p>two</p>\n", "b.html": b"same\n", "c.bin": b"\x00\x01\x02"}
    actual = {"a.html": b"<p>one</p>\n<p>TWO</p>\n", "b.html": b"same\n", "c.bin": b"\x00\x01\x03",
              "new.html": b"x"}
    report = tree_difference(expected, actual)
    assert "1 file(s) built but not in the golden tree: new.html" in report
    assert "2 file(s) differ: a.html, c.bin" in report
    assert "first differing file, a.html:" in report
    assert "-<p>two</p>\n+<p>TWO</p>" in report
    assert tree_difference(expected, dict(expected)) is None
    assert "first difference at byte 2" in describe_file_difference("c.bin", b"\x00\x01\x02\xff", b"\x00\x01\x03\xff")


# -- reproducible builds ----------------------------------------------------------------------

def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    _, first = built(tmp_path, "one")
    _, second = built(tmp_path / "elsewhere", "two")
    assert tree_difference(first, second) is None


def test_build_does_not_depend_on_where_the_course_is(tmp_path: Path) -> None:
    _, original = built(tmp_path, "one")
    copy = copy_fixture(tmp_path / "moved" / "deeper")
    _, moved = built(tmp_path, "two", root=copy)
    assert tree_difference(original, moved) is None


def test_rebuilding_over_a_previous_site_gives_the_same_tree(tmp_path: Path) -> None:
    out, first = built(tmp_path)
    (out / "stale.html").write_bytes(b"left from an older build")
    build(BASIC, out, None, use_cache=False)
    assert tree_difference(first, tree_bytes(out)) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no staging or old folders are left"


def test_cli_build_equals_the_library_build(tmp_path: Path) -> None:
    _, library = built(tmp_path, "library")
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-m", "course", "build", str(BASIC), "--out", str(tmp_path / "cli"),
                           "--no-package"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert re.search(r"^Built \d+ files", done.stdout, re.MULTILINE), done.stdout
    assert tree_difference(library, tree_bytes(tmp_path / "cli")) is None


# -- check and build --------------------------------------------------------------------------

def test_check_of_the_fixture_is_clean() -> None:
    checked = check(BASIC)
    assert checked.diagnostics.items == []
    assert 0 < checked.state_size < 4096
    assert set(checked.strings) == {"en", "ru", "kk"}
    assert "modules/01-framework/01-definition.ru.md" in checked.analysis.parsed
    assert checked.analysis.assets == {"modules/01-framework/img/elements.png"}


def test_build_result_counts_what_was_written(tmp_path: Path) -> None:
    result = build(BASIC, tmp_path / "site", None, use_cache=False)
    files = tree_bytes(tmp_path / "site")
    assert result.pages == len(files)
    assert result.bytes == sum(len(data) for data in files.values())
    assert result.packages == []


def test_content_errors_write_nothing(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    out, before = built(tmp_path)
    lesson = root / "modules/01-framework/02-national-law.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nSee [gone](missing.md).\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(root, out, None)
    assert failure.value.diagnostics.errors
    assert tree_bytes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["basic", "site"]


def test_impossible_month_is_reported_not_a_crash(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    authorities = root / "authorities.yaml"
    authorities.write_text(authorities.read_text(encoding="utf-8").replace("text_date: 2021-12-08",
                                                                           "text_date: 2021-13"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "site", None)
    assert any(line.startswith("authorities.yaml:") for line in failure.value.diagnostics.report_lines())


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "modules/01-framework/draft.md").write_text("---\ntitle: Draft\n---\n\nx\n", encoding="utf-8")
    checked = check(root)
    assert [d.severity for d in checked.diagnostics.items] == ["warning"]
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "site", None, strict=True)
    assert failure.value.strict
    assert not (tmp_path / "site").exists()


def test_unsafe_target_is_refused_before_writing(tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "keep.txt").write_bytes(b"keep")
    with pytest.raises(UnsafeOutput):
        build(BASIC, documents, None, use_cache=False)
    assert tree_bytes(documents) == {"keep.txt": b"keep"}


def test_cli_reports_errors_with_exit_1(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "course.yaml").write_text((root / "course.yaml").read_text(encoding="utf-8") + "pass_mark: 200\n",
                                      encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-m", "course", "build", str(root), "--out", str(tmp_path / "out"),
                           "--no-package"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 1
    assert "course.yaml:" in done.stderr and "error:" in done.stderr
    assert "nothing written" in done.stderr
    assert not (tmp_path / "out").exists()


# -- page data ------------------------------------------------------------------------------

PAGE_DATA = re.compile(r'<script type="application/json" id="page-data">(.*?)</script>', re.DOTALL)


def page_data(page: Path) -> dict:
    match = PAGE_DATA.search(page.read_text(encoding="utf-8"))
    assert match, f"no page data in {page}"
    return json.loads(match.group(1))


def test_quiz_page_data(tmp_path: Path) -> None:
    out, _ = built(tmp_path)
    data = page_data(out / "en/01-framework/quiz.html")
    assert data["mode"] == "quiz"
    assert data["quiz"]["id"] == "01-framework" and data["quiz"]["attempts"] == 2 and data["quiz"]["draw"] is None
    assert [q["id"] for q in data["questions"]] == ["consent-after-deception", "acts", "border"]
    first = data["questions"][0]
    assert first["cites"][0]["label"] == "Palermo Protocol, art. 3(b)"
    assert (first["type"], first["type12"], first["correct"]) == ("choice", "choice", ["irrelevant"])


def test_lesson_page_data_holds_its_knowledge_checks(tmp_path: Path) -> None:
    out, _ = built(tmp_path)
    data = page_data(out / "ru/01-framework/01-definition.html")
    assert data["mode"] == "lesson"
    assert list(data["checks"]) == ["border"]
    assert "Торговля людьми требует пересечения границы." in data["checks"]["border"]["prompt_html"]


def test_knowledge_check_links_resolve_from_the_quiz_file_and_its_ids_are_unique_on_the_page(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    quiz = root / "quizzes/01-framework.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(
        "explanation: False. Trafficking can happen within one country.",
        "explanation: False. See [national law](../modules/01-framework/02-national-law.md) and "
        "[debt bondage](term:debt-bondage)."), encoding="utf-8")
    out, _ = built(tmp_path, root=root)
    page = out / "en/01-framework/01-definition.html"
    explanation = page_data(page)["checks"]["border"]["explanation_html"]
    assert 'href="02-national-law.html"' in explanation
    ids = re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8").replace(PAGE_DATA.search(
        page.read_text(encoding="utf-8")).group(0), "") + explanation)
    assert "tip-1" in ids and len(ids) == len(set(ids)), sorted(ids)


def test_page_data_cannot_close_its_script(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    quiz = root / "quizzes/02-identification.yaml"
    evil = "</script><script>alert(1)</script> \u2028 & <!--"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(
        "prompt: A single indicator proves trafficking.", f"prompt: '{evil}'"), encoding="utf-8")
    out, _ = built(tmp_path, root=root)
    page = (out / "en/02-identification/quiz.html").read_text(encoding="utf-8")
    raw = PAGE_DATA.search(page).group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw and "\u2028" not in raw
    question = json.loads(raw)["questions"][0]
    assert question["description"].startswith("</script><script>alert(1)"), "plain text, decoded back intact"
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in question["prompt_html"]
    outside = page.replace(raw, "")
    assert "<script>alert(1)" not in outside
