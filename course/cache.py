"""The build cache in `<course>/.course-cache/`: what the last successful build knew.

- scans of Markdown documents, keyed by their text and place, so unchanged lessons are not
  parsed again for checking;
- the key and file state of every page written, so unchanged pages are linked from the
  previous site instead of being rendered again (only from the very site this cache built,
  and only files nobody touched since);
- the state of every source file read, so a rebuild with nothing changed stops at once;
- the compressed form of every file the packages hold, so a package is not compressed again
  from scratch after each edit.

The cache only speeds builds up: deleting it changes no output. Everything is keyed by the
builder version, so a new builder never trusts an old cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from . import __version__

CACHE_DIR = ".course-cache"
CACHE_FILE = "build.pickle"
FORMAT = 1
SKIP_DIRS = {".git", ".course-cache", "node_modules", "__pycache__", ".venv", "venv"}
# The default output folders, skipped only beside course.yaml: a lesson folder may be called "site".
TOP_SKIP_DIRS = {"site", "dist"}


def builder_key() -> str:
    """Changes whenever the builder's own code or default theme changes."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(f"{__version__}/{FORMAT}".encode())
    package = Path(__file__).resolve().parent
    from .theme import default_theme_dir

    for folder in (package, default_theme_dir()):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                stat = path.stat()
                digest.update(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _files(top: Path, enter: Callable[[os.DirEntry, bool], bool]) -> Iterator[tuple[str, os.stat_result]]:
    """(path relative to `top`, stat) of every file below `top`, entering the folders `enter`
    allows (it is told whether a folder is at the top). Plain strings and scandir: this runs on
    every build and, in the preview, several times a second over every file of the course."""
    pending = [(os.fspath(top), "")]
    while pending:
        folder, rel = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # removed since it was listed, or not ours to read (lost+found): nothing a build reads
        for entry in entries:
            try:
                if entry.is_dir():
                    if not entry.is_symlink() and enter(entry, not rel):
                        pending.append((entry.path, f"{rel}{entry.name}/"))
                    continue
                stat = entry.stat()
            except FileNotFoundError:
                # An editor's lock link to nothing (.#lesson.md), or a temporary file gone since
                # the listing: nothing a build reads.
                continue
            yield rel + entry.name, stat


def source_state(root: Path, exclude: tuple[Path, ...] = ()) -> dict[str, tuple[int, int]]:
    """(size, mtime) of every file of the course, outputs excluded (a new or removed file
    changes the set of names, so folders need no entry of their own)."""
    excluded = {os.path.realpath(p) for p in exclude}
    excluded_inodes = {os.stat(p).st_ino for p in excluded if os.path.isdir(p)}

    def enter(folder: os.DirEntry, at_top: bool) -> bool:
        name = folder.name
        return not (name in SKIP_DIRS or (at_top and name in TOP_SKIP_DIRS) or name.startswith(".")
                    or (folder.inode() in excluded_inodes and os.path.realpath(folder.path) in excluded))

    return {rel: (stat.st_size, stat.st_mtime_ns) for rel, stat in _files(root, enter)}


def site_state(site: Path) -> tuple[int, int] | None:
    """A cheap identity of a built site folder: its inode and change time."""
    try:
        stat = site.stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns)


def output_state(site: Path, packages: list[Path] | tuple[Path, ...] = ()) -> dict[str, tuple[int, int, int]]:
    """(size, mtime, inode) of every file written: a file deleted, edited or replaced by hand
    is neither trusted as up to date nor reused."""
    state = {rel: (stat.st_size, stat.st_mtime_ns, stat.st_ino) for rel, stat in _files(site, lambda d, top: True)}
    for package in packages:
        try:
            stat = package.stat()
        except OSError:
            continue
        state[f"package:{package}"] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    return state


@dataclass
class BuildCache:
    """What one successful build remembers for the next."""

    builder: str = ""
    options: tuple[Any, ...] = ()
    sources: dict[str, tuple[int, int]] = field(default_factory=dict)
    site: tuple[int, int] | None = None
    outputs: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # see output_state
    report: list[str] = field(default_factory=list)     # warnings to repeat on a no-op build
    summary: dict[str, Any] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # output path -> page key
    scans: dict[str, Any] = field(default_factory=dict)  # document key -> Scan
    yaml: dict[Any, bytes] = field(default_factory=dict)  # see sources.YamlMemo
    deflated: dict[bytes, Any] | None = field(default_factory=dict)  # see ziparchive.DeflateMemo

    # The bulky parts live in files of their own, each stamped with the builder that wrote it
    # and a checksum, and are rewritten only when they change. `deflated` is read only by a
    # build that makes packages; a build that makes none leaves it as it is (None).
    PARTS = ("scans", "yaml", "deflated")
    EAGER_PARTS = ("scans", "yaml")
    _TRANSIENT = ("root", "_loaded")

    def __getstate__(self) -> dict[str, Any]:
        # The main record: the parts and where the cache was read from stay out.
        return {name: value for name, value in self.__dict__.items()
                if name not in self.PARTS and name not in self._TRANSIENT}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        for name in self.PARTS:
            setattr(self, name, {})

    @classmethod
    def load(cls, root: Path) -> "BuildCache":
        """The small main record only; `load_parts` reads the bulky parts when a build needs them."""
        try:
            with (root / CACHE_DIR / CACHE_FILE).open("rb") as handle:
                cache = pickle.load(handle)
        except Exception:  # noqa: BLE001 - a cache that cannot be read is no cache
            return cls()
        if not isinstance(cache, cls) or cache.builder != builder_key():
            return cls()
        cache.root = root
        return cache

    def load_parts(self) -> "BuildCache":
        """This record with its bulky parts read in (`deflated` waits for `part`); a fresh,
        empty cache when one cannot be read."""
        root = getattr(self, "root", None)
        if root is None:
            return self
        for name in self.EAGER_PARTS:
            value = _read_part(root / CACHE_DIR / f"{name}.pickle", self.builder)
            if value is None:
                return BuildCache()
            setattr(self, name, value)
            self.__dict__.setdefault("_loaded", set()).add(name)
        return self

    def part(self, name: str) -> dict:
        """A bulky part, read now if it was not yet; empty when it cannot be read."""
        root = getattr(self, "root", None)
        loaded = self.__dict__.setdefault("_loaded", set())
        if name not in loaded and root is not None:
            value = _read_part(root / CACHE_DIR / f"{name}.pickle", self.builder)
            if value is not None:
                setattr(self, name, value)
                loaded.add(name)
        return getattr(self, name) or {}

    def save(self, root: Path, previous: "BuildCache | None" = None) -> None:
        """Write the cache atomically; a cache that cannot be written is simply skipped.
        A part is left as it is when this build did not read it (None) or when it was read
        from this cache and still has the same entries."""
        folder = root / CACHE_DIR
        loaded = previous.__dict__.get("_loaded", set()) if previous is not None else set()
        try:
            folder.mkdir(exist_ok=True)
            (folder / ".gitignore").write_text("*\n", encoding="utf-8")
            for name in self.PARTS:
                value = getattr(self, name)
                if value is None or (name in loaded and getattr(previous, name).keys() == value.keys()):
                    continue
                _write_part(folder / f"{name}.pickle", self.builder, value)
            _dump(folder / CACHE_FILE, self)
        except OSError:
            pass


def _write_part(path: Path, builder: str, value: Any) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    temp = path.with_name(f"{path.name}.{os.getpid()}")
    with temp.open("wb") as handle:
        handle.write(f"{builder} {zlib.crc32(payload):08x}\n".encode())
        handle.write(payload)
    os.replace(temp, path)


def _read_part(path: Path, builder: str) -> Any:
    """A part's value; None when it is missing, was written by another builder, or its bytes
    are not the ones written (a damaged file must not put wrong bytes into a site or package)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    end = data.find(b"\n")
    payload = memoryview(data)[end + 1:]
    if end < 0 or data[:end] != f"{builder} {zlib.crc32(payload):08x}".encode():
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - written by this builder and intact, so only a bug lands here
        return None


def _dump(path: Path, value: Any) -> None:
    temp = path.with_name(f"{path.name}.{os.getpid()}")
    with temp.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temp, path)
