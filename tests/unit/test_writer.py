"""course.writer: safe paths, the atomic swap of the output folder, and which targets are refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from course.writer import MARKER, MARKER_TEXT, SiteWriter, UnsafeOutput, check_target, write_file
from coursekit import tree_bytes


def leftovers(parent: Path) -> list[str]:
    """Staging or old folders the writer leaves beside its target."""
    return sorted(p.name for p in parent.iterdir() if ".building-" in p.name or ".old-" in p.name)


# -- paths --------------------------------------------------------------------------------

@pytest.mark.parametrize("rel", [
    "/etc/passwd", "/abs/file.html",
    "../outside.html", "a/../../outside.html", "a/../b.html", "..",
    "a\\b.html", "..\\outside.html",
    "", ".", "./",
])
def test_writer_refuses_unsafe_paths(tmp_path: Path, rel: str) -> None:
    target = tmp_path / "site"
    with pytest.raises(UnsafeOutput):
        with SiteWriter(target) as writer:
            writer.write(rel, b"x")
    assert not target.exists()
    assert not (tmp_path / "outside.html").exists()
    assert leftovers(tmp_path) == []


def test_writer_refuses_a_path_through_a_symlink_out_of_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    target = tmp_path / "site"
    with pytest.raises(UnsafeOutput):
        with SiteWriter(target) as writer:
            os.symlink(outside, writer.staging / "link")
            writer.write("link/file.html", b"x")
    assert list(outside.iterdir()) == []


def test_write_file_refuses_unsafe_names(tmp_path: Path) -> None:
    for name in ("../x.zip", "/x.zip", "a\\x.zip", ""):
        with pytest.raises(UnsafeOutput):
            write_file(tmp_path / "dist", name, b"x")
    assert not (tmp_path / "x.zip").exists()


def test_write_file_writes_atomically(tmp_path: Path) -> None:
    path = write_file(tmp_path / "dist", "course-1.0.zip", b"zip")
    assert path.read_bytes() == b"zip"
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == ["course-1.0.zip"]


# -- the swap ------------------------------------------------------------------------------

def test_writer_creates_the_site_with_the_marker(tmp_path: Path) -> None:
    target = tmp_path / "site"
    with SiteWriter(target) as writer:
        writer.write_all([("index.html", b"<p>hi</p>"), ("en/a/b.html", b"b")])
    assert tree_bytes(target) == {MARKER: MARKER_TEXT, "en/a/b.html": b"b", "index.html": b"<p>hi</p>"}
    assert writer.count == 3
    assert writer.bytes == len(MARKER_TEXT) + len(b"<p>hi</p>") + 1
    assert leftovers(tmp_path) == []


def test_nothing_is_visible_in_the_target_before_the_end(tmp_path: Path) -> None:
    target = tmp_path / "site"
    with SiteWriter(target) as writer:
        writer.write("index.html", b"new")
        assert not target.exists()
    assert (target / "index.html").read_bytes() == b"new"


def test_successful_build_replaces_the_whole_previous_site(tmp_path: Path) -> None:
    target = tmp_path / "site"
    with SiteWriter(target) as writer:
        writer.write_all([("old.html", b"old"), ("index.html", b"v1")])
    with SiteWriter(target) as writer:
        writer.write("index.html", b"v2")
    assert tree_bytes(target) == {MARKER: MARKER_TEXT, "index.html": b"v2"}
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("exception", [RuntimeError("render failed"), KeyboardInterrupt()])
def test_exception_inside_the_with_leaves_the_previous_site_byte_identical(tmp_path: Path,
                                                                          exception: BaseException) -> None:
    target = tmp_path / "site"
    with SiteWriter(target) as writer:
        writer.write_all([("index.html", b"v1"), ("en/lesson.html", "урок".encode())])
    before = tree_bytes(target)
    stat_before = {rel: (target / rel).stat().st_mtime_ns for rel in before}

    with pytest.raises(type(exception)):
        with SiteWriter(target) as writer:
            writer.write("index.html", b"v2")
            writer.write("en/new.html", b"new")
            raise exception

    assert tree_bytes(target) == before
    assert {rel: (target / rel).stat().st_mtime_ns for rel in before} == stat_before
    assert leftovers(tmp_path) == []


def test_unsafe_path_midway_leaves_the_previous_site(tmp_path: Path) -> None:
    target = tmp_path / "site"
    with SiteWriter(target) as writer:
        writer.write("index.html", b"v1")
    before = tree_bytes(target)
    with pytest.raises(UnsafeOutput):
        with SiteWriter(target) as writer:
            writer.write("index.html", b"v2")
            writer.write("../escape.html", b"x")
    assert tree_bytes(target) == before
    assert leftovers(tmp_path) == []


def test_a_stale_staging_folder_is_cleared(tmp_path: Path) -> None:
    target = tmp_path / "site"
    stale = tmp_path / f".site.building-{os.getpid()}"
    (stale / "junk").mkdir(parents=True)
    (stale / "junk" / "file.html").write_bytes(b"junk")
    with SiteWriter(target) as writer:
        writer.write("index.html", b"ok")
    assert tree_bytes(target) == {MARKER: MARKER_TEXT, "index.html": b"ok"}
    assert leftovers(tmp_path) == []


# -- check_target -------------------------------------------------------------------------

@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "modules" / "01-m").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text("id: c\n", encoding="utf-8")
    return root


def test_check_target_accepts_a_new_folder(course_dir: Path) -> None:
    check_target(course_dir / "site", course_dir)
    check_target(course_dir.parent / "elsewhere" / "site", course_dir)


def test_check_target_accepts_an_empty_folder(course_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    check_target(tmp_path / "empty", course_dir)


def test_check_target_accepts_a_folder_built_before(course_dir: Path) -> None:
    with SiteWriter(course_dir / "site") as writer:
        writer.write("index.html", b"x")
    check_target(course_dir / "site", course_dir)


def test_check_target_refuses_a_non_empty_folder_without_the_marker(course_dir: Path, tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(UnsafeOutput, match="not empty and was not built by this tool"):
        check_target(documents, course_dir)
    assert (documents / "thesis.docx").read_bytes() == b"precious"


def test_check_target_refuses_a_file(course_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"x")
    with pytest.raises(UnsafeOutput, match="is a file"):
        check_target(tmp_path / "file", course_dir)


def test_check_target_refuses_the_course_folder_itself(course_dir: Path) -> None:
    with pytest.raises(UnsafeOutput, match="holds the course sources"):
        check_target(course_dir, course_dir)


def test_check_target_refuses_the_course_folder_even_with_a_marker(course_dir: Path) -> None:
    (course_dir / MARKER).write_bytes(MARKER_TEXT)
    with pytest.raises(UnsafeOutput):
        check_target(course_dir, course_dir)


def test_check_target_refuses_a_folder_containing_the_course(course_dir: Path) -> None:
    with pytest.raises(UnsafeOutput, match="holds the course sources"):
        check_target(course_dir.parent, course_dir)


@pytest.mark.parametrize("inside", ["modules/01-m/site", "modules/01-m", "modules/new/site", "quizzes/site",
                                    "pages/out", "theme/site"])
def test_check_target_refuses_folders_inside_the_sources(course_dir: Path, inside: str) -> None:
    with pytest.raises(UnsafeOutput):
        check_target(course_dir / inside, course_dir)


def test_check_target_refuses_the_modules_folder(course_dir: Path) -> None:
    with pytest.raises(UnsafeOutput):
        check_target(course_dir / "modules", course_dir)
