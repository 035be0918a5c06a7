"""The only code that writes build output.

A site is written into a staging folder beside the target and swapped in at the end, so a
failed or interrupted build leaves the previous site untouched. Every path is checked to
stay inside the folder being written.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterable

MARKER = ".course-build"
MARKER_TEXT = b"This folder is written by the course builder and replaced on every build.\n"


class UnsafeOutput(Exception):
    """A path that would leave the output folder, or a target that must not be replaced."""


class ReusedFileGone(Exception):
    """A file of the previous site, meant to be reused, was deleted while the build ran."""


def _checked(base: str, rel: str) -> str:
    """`base/rel`, refusing anything but a plain relative path below `base`.

    Segments are checked as text (no absolute path, no '..', no backslash, no empty part);
    the folders below the staging folder are created by the writer itself, so no link can
    lead out of it. Plain strings, not Path: this runs for every file of every build.
    """
    if (not rel or rel.startswith("/") or "\\" in rel or "\x00" in rel
            or any(part in ("..", ".", "") for part in rel.split("/"))):
        raise UnsafeOutput(f"refusing to write '{rel}': it is not a plain path inside the output folder")
    return os.path.join(base, rel)


def check_target(target: Path, sources: Path, dist: Path | None = None) -> None:
    """Refuse to replace a folder this tool did not build, or one holding the sources or the
    packages (each build replaces the site folder whole)."""
    target = target.resolve()
    sources = sources.resolve()
    if dist is not None and (dist.resolve() == target or target in dist.resolve().parents):
        raise UnsafeOutput(f"refusing to write packages into {dist}: it is inside the site folder {target}, "
                           "which every build replaces; choose a --dist folder outside --out")
    if target == sources or target in sources.parents:
        raise UnsafeOutput(f"refusing to write the site over {target}: it holds the course sources")
    if sources in target.parents and target.parent != sources and target.relative_to(sources).parts[0] in (
            "modules", "quizzes", "pages", "theme"):
        raise UnsafeOutput(f"refusing to write the site into {target}: it is part of the course sources")
    if target.exists():
        if not target.is_dir():
            raise UnsafeOutput(f"refusing to replace {target}: it is a file, not a folder")
        if any(target.iterdir()) and not (target / MARKER).exists():
            raise UnsafeOutput(f"refusing to replace {target}: it is not empty and was not built by this tool "
                               f"(no {MARKER} file); choose another --out folder")


class SiteWriter:
    """Writes a whole site, then swaps it in; use as a context manager."""

    def __init__(self, target: Path):
        self.target = target
        self.reused = 0
        self._folders: set[str] = set()
        self._real_staging = ""  # the staging folder with links resolved, set on entering
        self.staging = target.parent / f".{target.name}.building-{os.getpid()}"
        self.count = 0
        self.bytes = 0

    def __enter__(self) -> "SiteWriter":
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir(parents=True)
        self._real_staging = os.path.realpath(self.staging)
        self.write(MARKER, MARKER_TEXT)
        return self

    def _folder(self, path: str) -> None:
        """Create the file's folder, once, and make sure it really lies inside the staging
        folder (a link planted inside it cannot lead a write elsewhere)."""
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            base = self._real_staging
            resolved = os.path.realpath(folder)
            if resolved != base and not resolved.startswith(base + os.sep):
                raise UnsafeOutput(f"refusing to write into '{folder}': it leads outside the output folder")
            self._folders.add(folder)

    def write(self, rel: str, data: bytes) -> None:
        """Write one file into the staging folder; `rel` must be a plain path inside it."""
        path = _checked(os.fspath(self.staging), rel)
        self._folder(path)
        # os-level calls: a Python file object adds three system calls (size, terminal, seek)
        # to each of the thousands of pages.
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
        finally:
            os.close(handle)
        self.count += 1
        self.bytes += len(data)

    def reuse(self, rel: str) -> None:
        """Take a file unchanged from the site being replaced (a hard link; a copy if links fail)."""
        path = _checked(os.fspath(self.staging), rel)
        self._folder(path)
        source = os.path.join(self.target, rel)
        try:
            os.link(source, path)
        except OSError:
            if not os.path.isfile(source):
                raise ReusedFileGone(rel) from None
            shutil.copyfile(source, path)
        self.count += 1
        self.bytes += os.stat(source).st_size
        self.reused += 1

    def write_all(self, files: Iterable[tuple[str, bytes | None]]) -> None:
        """Write each (path, bytes); bytes of None reuse the current site's file."""
        for rel, data in files:
            if data is None:
                self.reuse(rel)
            else:
                self.write(rel, data)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        old = self.target.parent / f".{self.target.name}.old-{os.getpid()}"
        if self.target.exists():
            os.replace(self.target, old)
        os.replace(self.staging, self.target)
        if old.exists():
            shutil.rmtree(old)


def write_file(folder: Path, name: str, data: bytes) -> Path:
    """Write one file (e.g. a package) atomically into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(_checked(os.fspath(folder), name))
    temp = folder / f".{name}.tmp-{os.getpid()}"
    temp.write_bytes(data)
    os.replace(temp, path)
    return path
