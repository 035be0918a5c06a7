"""Source positions, the diagnostics collector, and the exception the CLI turns into exit 1."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple


class Pos(NamedTuple):
    """A place in a source file: path relative to the course root, 1-based line and column.

    A named tuple: positions sort by file, line and column, and the build cache holds many
    of them (a tuple pickles and loads far faster than a frozen dataclass).
    """

    path: str
    line: int = 1
    col: int = 1

    def shifted(self, lines: int = 0, col: int | None = None) -> "Pos":
        """The position `lines` lines further down, optionally at another column."""
        return Pos(self.path, self.line + lines, self.col if col is None else col)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One message for the author, tied to a source position."""

    severity: str
    pos: Pos
    message: str

    def format(self, strict: bool = False) -> str:
        """'path:line:col: severity: message'; under --strict every diagnostic is an error."""
        severity = ERROR if strict else self.severity
        return f"{self.pos}: {severity}: {self.message}"


@dataclass
class Diagnostics:
    """Collects every problem found so all of them are reported at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, pos: Pos, message: str) -> None:
        """Record an error; any error stops the build."""
        self.items.append(Diagnostic(ERROR, pos, message))

    def warning(self, pos: Pos, message: str) -> None:
        """Record a warning; it stops the build only under --strict."""
        self.items.append(Diagnostic(WARNING, pos, message))

    @property
    def errors(self) -> list[Diagnostic]:
        """The errors recorded so far, in the order found."""
        return [d for d in self.items if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The warnings recorded so far, in the order found."""
        return [d for d in self.items if d.severity == WARNING]

    def failed(self, strict: bool = False) -> bool:
        """True when the build must stop: any error, or any warning under --strict."""
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Diagnostic]:
        """Unique diagnostics ordered by file, line and column (stable for equal positions)."""
        seen: set[Diagnostic] = set()
        unique = []
        for item in self.items:
            if item not in seen:
                seen.add(item)
                unique.append(item)
        return sorted(unique, key=lambda d: d.pos)

    def report_lines(self, strict: bool = False) -> list[str]:
        """The unique diagnostics, formatted, in file order."""
        return [d.format(strict) for d in self.sorted()]

    def summary(self, strict: bool = False, wrote_nothing: bool = False) -> str:
        """The closing line, e.g. '2 errors; nothing written' or '1 warning'."""
        unique = self.sorted()
        errors = sum(1 for d in unique if d.severity == ERROR or strict)
        warnings = 0 if strict else sum(1 for d in unique if d.severity == WARNING)
        parts = []
        if errors:
            parts.append(f"{errors} error{'s' if errors != 1 else ''}")
        if warnings:
            parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
        text = ", ".join(parts) if parts else "no problems"
        if wrote_nothing:
            text += "; nothing written"
        return text


class BuildFailed(Exception):
    """Raised when content errors stop a build; the CLI prints them and exits 1."""

    def __init__(self, diagnostics: Diagnostics, strict: bool = False, message: str = ""):
        super().__init__(message or "build failed")
        self.diagnostics = diagnostics
        self.strict = strict


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
