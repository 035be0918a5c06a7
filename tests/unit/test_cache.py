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
