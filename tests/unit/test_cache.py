"""course.cache: what a build looks at to decide what changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from course.cache import output_state, source_state


def write(root: Path, rel: str, text: str = "x") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_source_state_lists_course_files_and_leaves_out_outputs_and_tool_folders(tmp_path: Path) -> None:
    for rel in ("course.yaml", "modules/m/module.yaml", "modules/m/l.md", "modules/site/l.md",
                "site/index.html", "dist/a.zip", "out/index.html", ".git/HEAD", "modules/m/.hidden/x",
                "node_modules/a/b.js", ".course-cache/build.pickle"):
        write(tmp_path, rel)
    state = source_state(tmp_path, exclude=(tmp_path / "out",))
    # site/ and dist/ are outputs only at the top; a lesson folder called site is content.
    assert sorted(state) == ["course.yaml", "modules/m/l.md", "modules/m/module.yaml", "modules/site/l.md"]
    assert state["course.yaml"] == (1, os.stat(tmp_path / "course.yaml").st_mtime_ns)


def test_source_state_skips_a_dangling_link_and_a_folder_it_may_not_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "course.yaml")
    write(tmp_path, "modules/m/l.md")
    write(tmp_path, "lost+found/old")
    (tmp_path / "modules" / "m" / ".#l.md").symlink_to("trainer@host.1:2")   # an editor's lock
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if os.fspath(path).endswith("lost+found"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert sorted(source_state(tmp_path)) == ["course.yaml", "modules/m/l.md"]


def test_output_state_records_size_time_and_inode_of_every_written_file(tmp_path: Path) -> None:
    write(tmp_path, "site/index.html", "home")
    write(tmp_path, "site/en/a/b.html", "page")
    state = output_state(tmp_path / "site")
    stat = os.stat(tmp_path / "site" / "en" / "a" / "b.html")
    assert sorted(state) == ["en/a/b.html", "index.html"]
    assert state["en/a/b.html"] == (4, stat.st_mtime_ns, stat.st_ino)


# -- the cache's parts on disk ---------------------------------------------------------------

def course_copy(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "course"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "basic", root,
                    ignore=shutil.ignore_patterns(".course-cache"))
    return root


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit_lesson(root: Path, n: int) -> None:
    lesson = root / "modules" / "01-framework" / "01-definition.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + f"\nOne more sentence, edit {n}.\n", encoding="utf-8")


def flip_last_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))


def flip_a_middle_byte(path: Path) -> None:
    """Most of the compressed files' part is compressed data: the pickle still loads."""
    data = bytearray(path.read_bytes())
    data[len(data) * 3 // 5] ^= 0x55
    path.write_bytes(bytes(data))


def restamp(path: Path) -> None:
    """As if another version of the builder had written the part."""
    data = path.read_bytes()
    path.write_bytes(b"0" * 24 + data[data.index(b" "):])




@pytest.mark.parametrize("damage", [flip_a_middle_byte, restamp])
def test_a_damaged_or_foreign_compressed_files_part_never_reaches_a_package(
        damage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from course import ziparchive
    from course.pipeline import build

    root = course_copy(tmp_path)
    site, dist = tmp_path / "site", tmp_path / "dist"
    build(root, site, dist)
    damage(root / ".course-cache" / "deflated.pickle")
    edit_lesson(root, 1)
    build(root, site, dist)
    build(root, tmp_path / "cold-site", tmp_path / "cold-dist", use_cache=False)
    assert files_of(dist) == files_of(tmp_path / "cold-dist")
    # The part was written again, whole: the next build compresses only the edited pages.
    compressed: list[bytes] = []
    real = ziparchive.deflate
    monkeypatch.setattr(ziparchive, "deflate", lambda content: (compressed.append(content), real(content))[1])
    edit_lesson(root, 2)
    build(root, site, dist)
    assert compressed and all(b"edit 2" in content for content in compressed)


def test_a_damaged_compressed_files_part_does_not_slow_builds_without_packages(tmp_path: Path) -> None:
    from course.pipeline import build

    root = course_copy(tmp_path)
    site, dist = tmp_path / "site", tmp_path / "dist"
    build(root, site, dist)
    flip_last_byte(root / ".course-cache" / "deflated.pickle")
    for n in range(2):
        edit_lesson(root, n)
        assert build(root, site, None).reused > 0


def test_a_damaged_scans_part_costs_one_slow_build_not_every_build(tmp_path: Path) -> None:
    from course.pipeline import build

    root = course_copy(tmp_path)
    site = tmp_path / "site"
    build(root, site, None)
    flip_last_byte(root / ".course-cache" / "scans.pickle")
    edit_lesson(root, 1)
    assert build(root, site, None).reused == 0
    edit_lesson(root, 2)
    assert build(root, site, None).reused > 0


def test_a_build_without_packages_leaves_the_compressed_files_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from course import ziparchive
    from course.pipeline import build

    root = course_copy(tmp_path)
    site, dist = tmp_path / "site", tmp_path / "dist"
    build(root, site, dist)
    part = root / ".course-cache" / "deflated.pickle"
    kept = part.read_bytes()
    edit_lesson(root, 1)
    build(root, site, None)
    assert part.read_bytes() == kept
    compressed: list[bytes] = []
    real = ziparchive.deflate
    monkeypatch.setattr(ziparchive, "deflate", lambda content: (compressed.append(content), real(content))[1])
    build(root, site, dist)
    assert compressed and all(b"edit 1" in content for content in compressed)
