"""The build, as one function whose body is the stage list."""

from __future__ import annotations

import functools
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, TypeVar

from .cache import CACHE_DIR, BuildCache, builder_key, output_state, site_state, source_state
from .errors import BuildFailed, Diagnostics
from .fingerprint import IdentityMemo

F = TypeVar("F", bound=Callable[..., Any])


def fewer_collections(function: F) -> F:
    """Run `function` with the cyclic garbage collector paced for a build.

    Parsing allocates millions of small objects that form no cycles, and at Python's default
    pace the collector scans them again and again: about 5 % of a large build (see
    benchmarks/RESULTS.md). Memory is still collected, only less often.
    """
    @functools.wraps(function)
    def paced(*args: Any, **kwargs: Any) -> Any:
        before = gc.get_threshold()
        gc.set_threshold(100_000, 50, 100)
        try:
            return function(*args, **kwargs)
        finally:
            gc.set_threshold(*before)
    return paced  # type: ignore[return-value]


if TYPE_CHECKING:
    from .checks import Analysis
    from .loader import Loaded
    from .sources import YamlMemo
    from .i18n import Strings
    from .model import Course
    from .render.site import SiteRenderer
    from .state import StateKeys
    from .writer import SiteWriter
    from .theme import Theme


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
    renderer: "SiteRenderer | None" = None


@dataclass
class BuildResult:
    """What a build did; `checked` is None when the course was up to date and nothing was built."""

    checked: Checked | None
    pages: int = 0
    reused: int = 0
    bytes: int = 0
    packages: list[Path] = field(default_factory=list)
    up_to_date: bool = False
    report: list[str] = field(default_factory=list)


@dataclass
class Memory:
    """What a long-running process (`course preview`) keeps from one build for the next."""

    loaded: "Loaded | None" = None
    hashes: IdentityMemo = field(default_factory=IdentityMemo)


@fewer_collections
def check(root: Path, strict: bool = False, cache: BuildCache | None = None,
          out: Path | None = None, template_cache: Path | None = None,
          memory: Memory | None = None, sources: dict[str, tuple[int, int]] | None = None) -> Checked:
    """Load and check everything; raise BuildFailed (with every problem) on errors.

    With `out`, a renderer is prepared too and lesson bodies are rendered as checking reads
    them (see render/incremental.py); `cache` spares parsing and rendering what is unchanged.
    With `memory` and the course files' `sources` state, a course whose only edits are to
    lesson or page files reloads just those (see loader.reload_documents).
    """
    # Imported here: an up-to-date build (see `build`) needs none of this.
    from .checks import Analysis, check_course
    from .config import load_config
    from .i18n import load_strings
    from .loader import Loaded, load_course, reload_documents
    from .markdown import make_markdown
    from .site_map import SiteMap
    from .state import check_state_size, course_keys
    from .theme import Theme
    from .translations import check_translations

    memo = memory.hashes if memory is not None else None
    if memo is not None:
        memo.next_build()
    diags = Diagnostics()
    config = load_config(root, diags)
    if config is None:
        raise BuildFailed(diags, strict)
    loaded_from = len(diags.items)
    course = None
    if memory is not None and memory.loaded is not None and sources is not None:
        course = reload_documents(root, config, memory.loaded, sources, diags)
    if course is None:
        course = load_course(root, config, diags)
    if memory is not None:
        memory.loaded = Loaded(course, tuple(diags.items[loaded_from:]), sources) if sources is not None else None
    theme = Theme.for_course(root)
    strings = load_strings(theme, course.languages, diags)
    keys = course_keys(course)
    analysis = Analysis(make_markdown(), SiteMap(course))
    renderer = None
    if out is not None:
        from .render.site import SiteRenderer

        renderer = SiteRenderer(course, analysis, theme, strings, keys, root,
                                cache.pages if cache else {}, out if out.is_dir() else None, template_cache, memo)
    check_course(course, root, diags, cache.scans if cache else {},
                 renderer.incremental.prepare if renderer else None, analysis)
    check_translations(course, diags, memo)
    state_size = check_state_size(course, keys, diags)
    if diags.failed(strict):
        raise BuildFailed(diags, strict)
    return Checked(root, course, analysis, theme, strings, keys, state_size, diags, renderer)


@contextmanager
def _yaml_memo(entries: dict) -> Iterator["YamlMemo"]:
    """Parsed YAML from the cache, used by every read while the block runs."""
    from .sources import YamlMemo, use_yaml_memo  # here: an up-to-date build needs no YAML

    memo = YamlMemo(entries)
    use_yaml_memo(memo)
    try:
        yield memo
    finally:
        use_yaml_memo(None)


def _remember(root: Path, strict: bool, cache: BuildCache, memory: Memory, sources: dict) -> None:
    """Load and check the course only to fill `memory`, when nothing needed building: the first
    save in a preview then reloads just what it changed (the cache spares the parsing)."""
    with _yaml_memo(cache.yaml):
        try:
            check(root, strict, cache, memory=memory, sources=sources)
        except BuildFailed:
            pass  # only warnings under --strict can fail here; the course is remembered all the same


def _kept_yaml(memo: "YamlMemo") -> dict:
    """A preview may have read only the lessons it reloaded: keep the other files' entries too,
    one per file (the one just read wins), so the cache does not grow with every save."""
    read = {key[0] for key in memo.used}
    kept = {key: blob for key, blob in memo.entries.items() if key[0] not in read}
    kept.update(memo.used)
    return kept


def _write_site(checked: Checked, out: Path) -> "SiteWriter":
    """Write the site; if a page it meant to reuse was deleted from the old site meanwhile
    (by hand, during the build), write it all again reusing nothing."""
    from .writer import ReusedFileGone, SiteWriter

    renderer = checked.renderer
    assert renderer is not None
    try:
        with SiteWriter(out) as writer:
            writer.write_all(renderer.files())
    except ReusedFileGone:
        renderer.incremental.previous = {}
        with SiteWriter(out) as writer:
            writer.write_all(renderer.files())
    return writer


def _package(checked: Checked, out: Path, dist: Path | None,
             cache: BuildCache | None) -> tuple[list[Path], dict | None]:
    """Write the packages (if `dist`), compressing only files no earlier build compressed:
    the packages' paths and the compressed files to remember (None, keeping the cache's as
    they are, when no package is made)."""
    if dist is None:
        return [], None
    from .package import write_packages
    from .ziparchive import DeflateMemo

    memo = DeflateMemo(cache.part("deflated") if cache is not None else {})
    return write_packages(checked, out, dist, memo), memo.used


@fewer_collections
def build(root: Path, out: Path, dist: Path | None, strict: bool = False, use_cache: bool = True,
          memory: Memory | None = None) -> BuildResult:
    """load config → load content → check → render in memory → write → package.

    An unchanged course is recognised from its files' sizes and times and not built again.
    """
    from .writer import check_target

    check_target(out, root, dist)
    cache = BuildCache.load(root) if use_cache else BuildCache()
    options = (str(out.resolve()), str(dist.resolve()) if dist else None, strict)
    sources = source_state(root, exclude=tuple(p for p in (out, dist) if p is not None))
    # Only the site this cache built, untouched since, may be trusted or reused from.
    own_site = (use_cache and cache.options[:1] == options[:1]
                and cache.site is not None and cache.site == site_state(out))
    outputs = output_state(out, cache.summary.get("packages", ())) if own_site else {}
    if own_site and cache.options == options and cache.sources == sources and cache.outputs == outputs:
        if memory is not None and memory.loaded is None:
            _remember(root, strict, cache.load_parts(), memory, sources)
        return BuildResult(None, up_to_date=True, report=cache.report, **cache.summary)
    cache = cache.load_parts()
    cache.pages = {url: key for url, key in cache.pages.items()
                   if url in outputs and outputs[url] == cache.outputs.get(url)}
    with _yaml_memo(cache.yaml if use_cache else {}) as memo:
        checked = check(root, strict, cache, out, root / CACHE_DIR / "templates" if use_cache else None,
                        memory, sources)
    result = BuildResult(checked)
    if dist is not None:
        dist.mkdir(parents=True, exist_ok=True)  # fails here, before the site is replaced
    writer = _write_site(checked, out)
    result.pages, result.reused, result.bytes = writer.count, writer.reused, writer.bytes
    result.packages, deflated = _package(checked, out, dist, cache if use_cache else None)
    if use_cache:
        BuildCache(builder=builder_key(), options=options, sources=sources, site=site_state(out),
                   outputs=output_state(out, result.packages),
                   report=checked.diagnostics.report_lines(strict),
                   summary={"pages": result.pages, "bytes": result.bytes, "packages": result.packages},
                   scans=checked.analysis.scans, pages=dict(checked.renderer.incremental.page_keys),
                   yaml=memo.used if memory is None else _kept_yaml(memo), deflated=deflated).save(root, cache)
    return result
