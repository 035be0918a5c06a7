"""The theme: templates, static files and interface strings, overridable file by file.

The default theme ships with the package (the repository's `theme/` folder); a course may
have its own `theme/` whose files replace the default ones of the same name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import course as _package


def default_theme_dir() -> Path:
    """The built-in theme: inside the installed package, or the repository's theme/."""
    package = Path(_package.__file__).resolve().parent
    for candidate in (package / "theme", package.parent / "theme"):
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError("the default theme is missing from the installation")


@dataclass(frozen=True)
class Theme:
    """Theme folders in lookup order: the course's own first, then the default."""

    dirs: tuple[Path, ...]

    @classmethod
    def for_course(cls, root: Path) -> "Theme":
        """The theme of the course at `root`: its own theme/ folder, if any, over the default."""
        default = default_theme_dir()
        own = root / "theme"
        if own.is_dir() and own.resolve() != default.resolve():
            return cls((own, default))
        return cls((default,))

    @property
    def template_dirs(self) -> list[str]:
        """The templates/ folders of the theme, in lookup order."""
        return [str(d / "templates") for d in self.dirs if (d / "templates").is_dir()]

    def static_files(self) -> dict[str, Path]:
        """Output-relative path under assets/ -> source file, first theme winning."""
        files: dict[str, Path] = {}
        for folder in reversed(self.dirs):
            static = folder / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file():
                        files[path.relative_to(static).as_posix()] = path
        return dict(sorted(files.items()))

    def string_files(self, lang: str) -> list[Path]:
        """Interface string tables of one language, default theme first."""
        result = []
        for folder in reversed(self.dirs):
            table_dir = folder / "i18n" / lang
            if table_dir.is_dir():
                result.extend(sorted(table_dir.glob("*.yaml")))
        return result

    def fingerprint(self) -> str:
        """Hash of every theme file, for caches keyed by the theme."""
        digest = hashlib.sha256()
        for folder in self.dirs:
            for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()[:16]
