#!/usr/bin/env python3
"""Build-speed benchmark: this builder against MkDocs on the same generated Markdown.

    pip install -e ".[bench]"
    python benchmarks/run.py [--sizes 100 1000 5000] [--repeat 5] [--out benchmarks/RESULTS.md] [--work DIR]

For each size N the generator (benchmarks/generate.py) writes a course of N lessons (10 per
module, ~1,000 words each, quizzes of every kind) and the same lessons as an MkDocs project.
Cold builds of both run interleaved (A, B, A, B, ...) and the medians are compared. In the
same run the floor is measured: reading every source and rendering it with markdown-it alone,
divided by the cores the builder uses (one); the targets use it. For information the floor is
also measured writing each rendered lesson into a folder per module, as a site is laid out. At N=1000 a no-op rebuild and a rebuild after
one edited lesson body are timed too (with `course build`, and with `course preview` from the
save to the new build being ready), and `course --version` against `python -c pass`.
The builder's modules are byte-compiled first, as `pip install` does.
Prints a table and writes it, with the raw figures, to the results file.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate, mkdocs_project  # noqa: E402

COURSE = [sys.executable, "-m", "course"]
CORES_USED = 1


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process.

    Files the previous run wrote are flushed to disk first: MkDocs writes 200 MB at N=1000,
    and the kernel writing that back during the next timed run slowed whichever came next.
    """
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    return seconds, usage.ru_maxrss / 1024


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def floor_seconds(course: Path, write_to: Path | None = None) -> float:
    """Read every lesson and render it with markdown-it alone (the unavoidable work); with
    `write_to`, also write each page into a fresh folder per module (pages of translations
    beside their sources)."""
    if write_to is not None:
        shutil.rmtree(write_to, ignore_errors=True)
    os.sync()
    code = ("import os, sys, time, pathlib\n"
            "from markdown_it import MarkdownIt\n"
            "t = time.perf_counter()\n"
            "md = MarkdownIt('commonmark').enable(['table'])\n"
            "out = sys.argv[2] if len(sys.argv) > 2 else None\n"
            "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.md')):\n"
            "    html = md.render(p.read_text(encoding='utf-8'))\n"
            "    if out:\n"
            "        folder = os.path.join(out, p.parent.name)\n"
            "        os.makedirs(folder, exist_ok=True)\n"
            "        with open(os.path.join(folder, p.stem + '.html'), 'wb') as handle:\n"
            "            handle.write(html.encode('utf-8'))\n"
            "print(time.perf_counter() - t)\n")
    command = [sys.executable, "-c", code, str(course / "modules")] + ([str(write_to)] if write_to else [])
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(out.stdout) / CORES_USED


def cold_build(course: Path, site: Path) -> tuple[float, float]:
    shutil.rmtree(course / ".course-cache", ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    return timed(COURSE + ["build", str(course), "--out", str(site), "--no-package"])


def mkdocs_build(course: Path) -> tuple[float, float]:
    project = mkdocs_project(course)
    shutil.rmtree(project / "site", ignore_errors=True)
    return timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")])


def compile_builder() -> Path:
    """Byte-compile the builder's modules, as `pip install` does for an installed package.

    An editable checkout run with PYTHONDONTWRITEBYTECODE (set on this machine) would otherwise
    compile every module from source in every process, about 0.05 s that no installed copy
    pays, while MkDocs and the libraries run from their compiled files."""
    import compileall

    import course

    package = Path(course.__file__).resolve().parent
    compileall.compile_dir(str(package), quiet=1)
    return package


def median(values: list[float]) -> float:
    return statistics.median(values)


def measure(size: int, repeat: int, work: Path, with_mkdocs: bool) -> dict:
    course = generate(work / f"course-{size}", size, 10, False, with_mkdocs)
    site = work / f"site-{size}"
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    floors: list[float] = []
    written: list[float] = []
    for _ in range(repeat):
        ours.append(cold_build(course, site))
        if with_mkdocs:
            theirs.append(mkdocs_build(course))
        floors.append(floor_seconds(course))
        written.append(floor_seconds(course, work / f"floor-{size}"))
    result = {
        "size": size, "ours": [t for t, _ in ours], "ours_rss": max(r for _, r in ours),
        "floor": floors, "floor_writing": written, "bytes": folder_bytes(site),
        "mkdocs": [t for t, _ in theirs], "mkdocs_rss": max((r for _, r in theirs), default=0.0),
        "mkdocs_bytes": folder_bytes(mkdocs_project(course) / "site") if with_mkdocs else 0,
    }
    if size == 1000:
        cold_build(course, site)
        noop = [timed(COURSE + ["build", str(course), "--out", str(site), "--no-package"])[0] for _ in range(repeat)]
        edits = []
        lesson = course / "modules" / "m0050" / "l05.md"
        for n in range(repeat):
            with lesson.open("a", encoding="utf-8") as handle:
                handle.write(f"\nOne more sentence, edit {n}.\n")
            edits.append(timed(COURSE + ["build", str(course), "--out", str(site), "--no-package"])[0])
        result.update(noop=noop, edit=edits, preview=preview_edits(course, site, lesson, repeat))
    return result


def preview_edits(course: Path, site: Path, lesson: Path, repeat: int) -> list[float]:
    """Seconds from saving an edited lesson to `course preview` having the new build ready
    (the time a trainer waits for the page to reload, less the page's own half-second poll).
    The preview's own report line marks the moment; polling its status address instead
    would compete with the build for the interpreter."""
    process = subprocess.Popen(COURSE + ["preview", str(course), "--out", str(site), "--port", "0",
                                         "--interval", "0.02"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, bufsize=1)
    lines = process.stdout
    assert lines is not None
    try:
        if not any(line.startswith("Preview: ") for line in lines):
            raise SystemExit("course preview did not start")
        times = []
        for n in range(repeat):
            time.sleep(0.3)  # the preview settles; the edit lands between two looks
            with lesson.open("a", encoding="utf-8") as handle:
                handle.write(f"\nOne more sentence, preview edit {n}.\n")
            start = time.perf_counter()
            for line in lines:
                if line.startswith("Built "):
                    break
                if "error" in line:
                    raise SystemExit(f"course preview reported: {line}")
            times.append(time.perf_counter() - start)
        return times
    finally:
        process.terminate()
        process.wait()


def startup(repeat: int) -> tuple[list[float], list[float]]:
    ours, bare = [], []
    for _ in range(max(5, repeat)):
        ours.append(timed(COURSE + ["--version"])[0])
        bare.append(timed([sys.executable, "-c", "pass"])[0])
    return ours, bare


def _filesystem(folder: Path) -> str:
    """The kind of file system `folder` is on (from /proc/mounts), for the report."""
    try:
        mounts = [line.split() for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return "file system unknown"
    real = os.path.realpath(folder)
    best = max((m for m in mounts if len(m) > 2 and (real == m[1] or real.startswith(m[1].rstrip("/") + "/"))),
               key=lambda m: len(m[1]), default=None)
    return best[2] if best else "file system unknown"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def report(results: list[dict], start: tuple[list[float], list[float]], command: str, work: str) -> str:
    by_size = {r["size"]: r for r in results}
    lines = ["# Benchmark results", "",
             f"Command: `{command}`", "",
             f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores "
             f"({platform.processor() or platform.machine()}); this builder uses {CORES_USED} core. "
             f"Courses and sites in {work}.", "",
             "Medians of the runs below; A and B ran interleaved. Times in seconds, memory as peak RSS.", "",
             "| N lessons | course build | MkDocs | ratio | floor | ratio to floor | floor + writing | peak RSS | output | bytes per lesson |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        ours, floor = median(r["ours"]), median(r["floor"])
        theirs = median(r["mkdocs"]) if r["mkdocs"] else None
        ratio = f"{ours / theirs:.3f}" if theirs else "—"
        lines.append(f"| {r['size']} | {ours:.2f} | {f'{theirs:.2f}' if theirs else '—'} | {ratio} | {floor:.2f} | "
                     f"{ours / floor:.2f} | {median(r['floor_writing']):.2f} | {r['ours_rss']:.0f} MB | {r['bytes'] / 1e6:.1f} MB | "
                     f"{r['bytes'] / r['size']:,.0f} |")
    lines += ["", "## Targets", ""]
    checks = []
    if 100 in by_size and by_size[100]["mkdocs"]:
        r = by_size[100]
        ratio = median(r["ours"]) / median(r["mkdocs"])
        checks.append(f"- N=100: cold build ≤ 0.3 × MkDocs: {ratio:.3f} — {verdict(ratio <= 0.3)}")
    if 1000 in by_size:
        r = by_size[1000]
        cold = median(r["ours"])
        if r["mkdocs"]:
            ratio = cold / median(r["mkdocs"])
            checks.append(f"- N=1000: cold build ≤ 0.1 × MkDocs: {ratio:.3f} — {verdict(ratio <= 0.1)}")
        floor_ratio = cold / median(r["floor"])
        checks.append(f"- N=1000: cold build ≤ 2 × floor: {floor_ratio:.2f} — {verdict(floor_ratio <= 2)}")
        checks.append(f"- N=1000: peak RSS ≤ 150 MB: {r['ours_rss']:.0f} MB — {verdict(r['ours_rss'] <= 150)}")
        noop, edit = median(r["noop"]) / cold, median(r["edit"]) / cold
        checks.append(f"- N=1000: no-op rebuild ≤ 0.1 × cold: {noop:.3f} ({median(r['noop']):.2f} s) — {verdict(noop <= 0.1)}")
        checks.append(f"- N=1000: one edited lesson ≤ 0.15 × cold: {edit:.3f} ({median(r['edit']):.2f} s) — {verdict(edit <= 0.15)}")
        live = median(r["preview"]) / cold
        checks.append(f"- N=1000: one edited lesson in `course preview` (save to new build ready) ≤ 0.15 × cold: "
                      f"{live:.3f} ({median(r['preview']):.2f} s) — {verdict(live <= 0.15)}")
    if 5000 in by_size and 100 in by_size:
        r, small = by_size[5000], by_size[100]
        growth = (r["bytes"] / r["size"]) / (small["bytes"] / small["size"])
        checks.append(f"- N=5000: completes; bytes per lesson ≤ 1.5 × N=100: {growth:.2f} — {verdict(growth <= 1.5)}")
        checks.append(f"- N=5000: peak RSS ≤ 300 MB: {r['ours_rss']:.0f} MB — {verdict(r['ours_rss'] <= 300)}")
    ours, bare = start
    ratio = median(ours) / median(bare)
    checks.append(f"- `course --version` ≤ 2 × `python -c pass`: {median(ours) * 1000:.0f} ms vs "
                  f"{median(bare) * 1000:.0f} ms = {ratio:.2f} — {verdict(ratio <= 2)}")
    lines += checks
    lines += ["", "## Raw figures (seconds)", ""]
    for r in results:
        lines.append(f"- N={r['size']}: course {[round(x, 3) for x in r['ours']]}; MkDocs {[round(x, 3) for x in r['mkdocs']]}; "
                     f"floor {[round(x, 3) for x in r['floor']]}; floor + writing {[round(x, 3) for x in r['floor_writing']]}; MkDocs peak RSS {r['mkdocs_rss']:.0f} MB; "
                     f"MkDocs output {r['mkdocs_bytes'] / 1e6:.1f} MB"
                     + (f"; no-op {[round(x, 3) for x in r['noop']]}; one edit {[round(x, 3) for x in r['edit']]}"
                        f"; one edit in preview {[round(x, 3) for x in r['preview']]}"
                        if "noop" in r else ""))
    lines.append(f"- startup: course --version {[round(x, 3) for x in ours]}; python -c pass {[round(x, 3) for x in bare]}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--mkdocs-max", type=int, default=1000, help="largest N also built with MkDocs")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--work", type=Path, default=None,
                        help="folder for the generated courses and built sites (default: the system's temporary "
                             "folder); /dev/shm keeps both builders' writes off the disk")
    args = parser.parse_args()
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:])
    compile_builder()
    with tempfile.TemporaryDirectory(prefix="course-bench-", dir=args.work) as temp:
        results = []
        for size in args.sizes:
            print(f"N={size} ...", flush=True)
            results.append(measure(size, args.repeat, Path(temp), size <= args.mkdocs_max))
        where = f"{args.work} ({_filesystem(args.work)})" if args.work else f"the temporary folder ({_filesystem(Path(temp))})"
        text = report(results, startup(args.repeat), command.strip(), where)
    print(text)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
