"""The build, as one function whose body is the stage list."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks import Analysis, check_course
from .config import load_config
from .errors import BuildFailed, Diagnostics
from .i18n import Strings, load_strings
from .loader import load_course
from .model import Course
from .state import StateKeys, check_state_size, course_keys
from .theme import Theme
from .translations import check_translations


@dataclass
class Checked:
    """A course that passed every check, with what rendering needs."""

    root: Path
    course: Course
    analysis: Analysis
    theme: Theme
    strings: dict[str, Strings]
    keys: StateKeys
    state_size: int
    diagnostics: Diagnostics


@dataclass
class BuildResult:
    checked: Checked
    pages: int = 0
    bytes: int = 0
    packages: list[Path] = field(default_factory=list)


def check(root: Path, strict: bool = False) -> Checked:
    """Load and check everything; raise BuildFailed (with every problem) on errors."""
    diags = Diagnostics()
    config = load_config(root, diags)
    if config is None:
        raise BuildFailed(diags, strict)
    course = load_course(root, config, diags)
    analysis = check_course(course, root, diags)
    check_translations(course, diags)
    keys = course_keys(course)
    state_size = check_state_size(course, keys, diags)
    theme = Theme.for_course(root)
    strings = load_strings(theme, course.languages, diags)
    if diags.failed(strict):
        raise BuildFailed(diags, strict)
    return Checked(root, course, analysis, theme, strings, keys, state_size, diags)


def build(root: Path, out: Path, dist: Path | None, strict: bool = False) -> BuildResult:
    """load config → load content → check → render in memory → write → package."""
    from .render.site import SiteRenderer
    from .writer import SiteWriter, check_target

    checked = check(root, strict)
    check_target(out, root)
    renderer = SiteRenderer(checked.course, checked.analysis, checked.theme, checked.strings, checked.keys, root)
    result = BuildResult(checked)
    with SiteWriter(out) as writer:
        writer.write_all(renderer.files())
    result.pages, result.bytes = writer.count, writer.bytes
    if dist is not None:
        from .package import write_packages

        result.packages = write_packages(checked, out, dist)
    return result
