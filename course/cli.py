"""Command line: `course build|preview|check|package|translations|stats|new`. No build logic here.

Heavy modules are imported inside the commands so that `course --help` starts fast.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from . import __version__


def _report(diagnostics, strict: bool, failed: bool) -> None:  # type: ignore[no-untyped-def]
    for line in diagnostics.report_lines(strict):
        click.echo(line, err=True)
    if diagnostics.items or failed:
        click.echo(diagnostics.summary(strict, wrote_nothing=failed), err=True)


def _run_checked(action):  # type: ignore[no-untyped-def]
    """Run `action`, turning content errors into exit 1 and unsafe targets into exit 2."""
    from .errors import BuildFailed
    from .writer import UnsafeOutput

    try:
        return action()
    except BuildFailed as failure:
        _report(failure.diagnostics, failure.strict, failed=True)
        sys.exit(1)
    except UnsafeOutput as problem:
        raise click.UsageError(str(problem))
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except OSError as problem:
        # A full disk, a folder without write permission, a file where a folder should be.
        where = f"{problem.filename}: " if problem.filename else ""
        click.echo(f"{where}error: {problem.strerror or problem}; the build stopped", err=True)
        sys.exit(1)
    except Exception as problem:  # noqa: BLE001 - a builder bug must not greet a trainer with a traceback
        click.echo(f"error: the builder failed unexpectedly ({type(problem).__name__}: {problem}); "
                   "the site in place is unchanged. Please report this with the course folder.", err=True)
        sys.exit(1)


def _course_dir(directory: str) -> Path:
    """The course folder; a folder without course.yaml is a usage error (exit 2)."""
    root = Path(directory)
    if not (root / "course.yaml").is_file():
        what = "does not exist" if not root.exists() else "has no course.yaml"
        shown = directory if directory.strip("./") else f"this folder ({root.resolve()})"
        raise click.UsageError(f"{shown} {what}: is this a course folder? "
                               "(run it from the course folder, or create one with 'course new DIR')")
    return root


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="course")
def cli() -> None:
    """Build judicial e-learning courses from Markdown lessons and YAML quizzes."""


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--out", type=click.Path(file_okay=False), help="Where to write the site (default: DIR/site).")
@click.option("--dist", type=click.Path(file_okay=False), help="Where to write SCORM packages (default: DIR/dist).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--no-package", is_flag=True, help="Skip the SCORM packages.")
@click.option("--no-cache", is_flag=True, help="Build everything from scratch (the output is the same).")
def build(directory: str, out: str | None, dist: str | None, strict: bool, no_package: bool, no_cache: bool) -> None:
    """Check the course in DIRECTORY and build the site and packages."""
    from .pipeline import build as run_build

    root = _course_dir(directory)
    started = time.perf_counter()
    out_path = Path(out) if out else root / "site"
    dist_path = None if no_package else (Path(dist) if dist else root / "dist")
    result = _run_checked(lambda: run_build(root, out_path, dist_path, strict, use_cache=not no_cache))
    seconds = time.perf_counter() - started
    if result.up_to_date:
        for line in result.report:
            click.echo(line, err=True)
        click.echo(f"Up to date: nothing changed since the last build of {out_path} ({seconds:.2f} s)")
        return
    from .translations import coverage_lines  # not needed by an up-to-date build, which must start fast

    _report(result.checked.diagnostics, strict, failed=False)
    for line in coverage_lines(result.checked.course):
        click.echo(f"  {line}")
    reused = f", {result.reused} unchanged" if result.reused else ""
    click.echo(f"Built {result.pages} files ({result.bytes / 1e6:.1f} MB{reused}) into {out_path} in {seconds:.2f} s")
    for package in result.packages:
        click.echo(f"Package: {package}")


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--out", type=click.Path(file_okay=False), help="Where to write the site (default: DIR/site).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port on this computer (0: any free port).")
@click.option("--interval", default=0.2, show_default=True, type=click.FloatRange(0.02, 10),
              help="Seconds between looks for saved changes.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--open", "open_browser", is_flag=True, help="Open the course in the default browser.")
def preview(directory: str, out: str | None, port: int, interval: float, strict: bool, open_browser: bool) -> None:
    """Build the course, show it at http://127.0.0.1:PORT/ and rebuild on every save."""
    from .preview import Preview
    from .writer import UnsafeOutput

    root = _course_dir(directory)
    session = Preview(root, Path(out) if out else root / "site", port, interval, strict, echo=click.echo)
    try:
        session.start()
    except UnsafeOutput as problem:
        raise click.UsageError(str(problem))
    except OSError as problem:
        import errno

        busy = " (is another preview already running?)" if problem.errno == errno.EADDRINUSE else ""
        raise click.UsageError(f"cannot serve on port {port}: {problem.strerror or problem}{busy}; "
                               "choose another with --port") from None
    click.echo(f"Preview: {session.url}  (pages reload after each save; Ctrl+C stops)")
    if open_browser:
        import webbrowser

        webbrowser.open(session.url)
    try:
        session.run()
    except KeyboardInterrupt:
        click.echo("Preview stopped.")
    except UnsafeOutput as problem:  # the output folder was replaced by something else meanwhile
        raise click.UsageError(str(problem))
    finally:
        session.stop()


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(directory: str, strict: bool) -> None:
    """Check the course in DIRECTORY and report every problem; write nothing."""
    from .pipeline import check as run_check

    checked = _run_checked(lambda: run_check(_course_dir(directory), strict))
    _report(checked.diagnostics, strict, failed=False)
    click.echo("Course checked: no errors" + ("" if checked.diagnostics.items else " or warnings"))


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--dist", type=click.Path(file_okay=False), help="Where to write SCORM packages (default: DIR/dist).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def package(directory: str, dist: str | None, strict: bool) -> None:
    """Make only the SCORM packages (the site folder is left alone)."""
    import tempfile

    from .pipeline import build as run_build

    root = _course_dir(directory)
    with tempfile.TemporaryDirectory() as temp:
        result = _run_checked(lambda: run_build(root, Path(temp) / "site", Path(dist) if dist else root / "dist",
                                                strict, use_cache=False))
    _report(result.checked.diagnostics, strict, failed=False)
    for path in result.packages:
        click.echo(f"Package: {path}")


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--mark-current", "mark", multiple=True, metavar="FILE",
              help="Record that the translation FILE was reviewed against its current source.")
def translations(directory: str, mark: tuple[str, ...]) -> None:
    """List missing, stale and unmarked translations per language."""
    from .config import load_config
    from .errors import BuildFailed, Diagnostics
    from .loader import load_course
    from .translations import orphans, record_hash, source_hash_for, statuses

    root = _course_dir(directory)

    def load():  # type: ignore[no-untyped-def]
        # Orphaned translations are errors for a build, but listing them is this command's job.
        diags = Diagnostics()
        config = load_config(root, diags)
        if config is None:
            raise BuildFailed(diags)
        return load_course(root, config, diags)

    course = _run_checked(load)
    for name in mark:
        path = Path(name)
        try:
            rel = path.resolve().relative_to(root.resolve()).as_posix() if path.is_absolute() or path.exists() else name
        except ValueError:
            raise click.UsageError(f"{name} is not inside the course folder {directory}") from None
        value = source_hash_for(course, rel)
        if value is None:
            raise click.UsageError(f"{name} is not a translation of a lesson, page or quiz of this course")
        record_hash(root / rel, value)
        click.echo(f"Marked current: {rel}")
    if mark:
        return
    problems = 0
    for lang in course.languages:
        if lang == course.language:
            continue
        rows = [s for s in statuses(course) if s.lang == lang]
        counts = {state: sum(1 for s in rows if s.state == state) for state in ("current", "stale", "unmarked", "missing")}
        click.echo(f"{lang}: " + ", ".join(f"{n} {state}" for state, n in counts.items()))
        for status in rows:
            if status.state != "current":
                problems += 1
                click.echo(f"  {status.state:8} {status.path}")
    for path, why in orphans(root, course):
        problems += 1
        click.echo(f"orphaned: {path} ({why})")
    if problems == 0:
        click.echo("Every translation is present and current.")


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
def stats(directory: str) -> None:
    """Count modules, lessons, questions, scenarios, terms and translation coverage."""
    from .pipeline import check as run_check
    from .stats import course_stats

    checked = _run_checked(lambda: run_check(_course_dir(directory)))
    for line in course_stats(checked.course):
        click.echo(line)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False))
def new(directory: str) -> None:
    """Create a new course project in DIRECTORY from a small working example."""
    from .skeleton import create

    target = Path(directory)
    if target.exists() and any(target.iterdir()):
        raise click.UsageError(f"{directory} is not empty; choose a new folder")
    create(target)
    click.echo(f"Created a course in {directory}. Next: course build {directory}")


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit status (tests call this in-process)."""
    try:
        cli.main(args=argv, prog_name="course", standalone_mode=True)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


def run(argv: list[str] | None = None) -> None:
    """Entry point for the console script, `python -m course` and build.py: `main`, then end
    the process at once.

    A build leaves hundreds of thousands of small objects (the model, scans, the parsed YAML
    of the cache) that Python would free one by one on the way out: about 0.05 s at 1,000
    lessons and 0.3 s at 5,000 (benchmarks/RESULTS.md). Every file is closed by then, so only
    the two output streams need flushing before the operating system takes the memory back
    whole. An unexpected exception still ends the normal way, with its traceback.
    """
    code = main(argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None when started without one (pythonw, a closed descriptor)
                stream.flush()
        except (OSError, ValueError):  # a closed pipe (`course check | head`): nothing more to say
            code = code or 1
    os._exit(code)
