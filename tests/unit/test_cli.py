"""course.cli: failures outside the content (disk, paths, builder bugs) end in one clear line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from course.cli import main

BASIC = Path(__file__).resolve().parents[1] / "fixtures" / "basic"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(BASIC, root, ignore=shutil.ignore_patterns(".course-cache"))
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_file_where_the_package_folder_should_be_stops_before_the_site_is_replaced(
        capsys: pytest.CaptureFixture[str], course: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run(capsys, "build", course, "--out", site, "--no-package")[0] == 0
    before = snapshot(site)
    lesson = course / "modules" / "01-framework" / "01-definition.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("It has three elements.", "Edited."),
                      encoding="utf-8")
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    code, output = run(capsys, "build", course, "--out", site, "--dist", tmp_path / "a-file" / "dist")
    assert code == 1
    assert "error: Not a directory; the build stopped" in output
    assert "Traceback" not in output
    assert snapshot(site) == before


def test_packages_inside_the_site_folder_are_refused_as_a_usage_error(
        capsys: pytest.CaptureFixture[str], course: Path, tmp_path: Path) -> None:
    code, output = run(capsys, "build", course, "--out", tmp_path / "site", "--dist", tmp_path / "site" / "zips")
    assert code == 2
    assert "choose a --dist folder outside --out" in output
    assert not (tmp_path / "site").exists()


def test_an_unexpected_builder_failure_is_one_line_not_a_traceback(
        capsys: pytest.CaptureFixture[str], course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr("course.pipeline.check", broken)
    code, output = run(capsys, "build", course, "--out", tmp_path / "site")
    assert code == 1
    assert "the builder failed unexpectedly (RuntimeError: renderer exploded)" in output
    assert "Traceback" not in output
    assert not (tmp_path / "site").exists()


def test_a_language_the_theme_cannot_name_builds_with_a_warning(
        capsys: pytest.CaptureFixture[str], course: Path, tmp_path: Path) -> None:
    config = course / "course.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("languages: [en, ru, kk]",
                                                                 "languages: [en, ru, kk, de]"), encoding="utf-8")
    code, output = run(capsys, "build", course, "--out", tmp_path / "site", "--no-package")
    assert code == 0, output
    assert "warning: the theme has no strings naming the language 'de'" in output
    page = (tmp_path / "site" / "de" / "about.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in page
    # The quiz script still has every interface string (English fills in).
    script = (tmp_path / "site" / "assets" / "i18n" / "de.js").read_text(encoding="utf-8")
    assert '"quiz.check":"Check answer"' in script


def test_an_up_to_date_build_loads_no_parser_or_template_engine(course: Path, tmp_path: Path) -> None:
    # A rebuild with nothing changed must answer at once; importing YAML, Markdown, Jinja2 or
    # the translation checks alone would multiply its time (see README, Speed).
    import subprocess
    import sys

    site = tmp_path / "site"
    probe = ("import sys\nfrom course.cli import main\ncode = main(sys.argv[1:])\n"
             "heavy = sorted(m for m in ('yaml', 'markdown_it', 'jinja2', 'course.translations', 'course.sources')"
             " if m in sys.modules)\nprint('CODE', code, 'HEAVY', heavy)\n")
    args = [sys.executable, "-c", probe, "build", str(course), "--out", str(site), "--no-package"]
    first = subprocess.run(args, capture_output=True, text=True, check=True)
    assert "CODE 0" in first.stdout
    again = subprocess.run(args, capture_output=True, text=True, check=True)
    assert "Up to date" in again.stdout
    assert "CODE 0 HEAVY []" in again.stdout


def test_the_program_ends_with_the_commands_exit_status_and_all_of_its_output(tmp_path: Path) -> None:
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    bad = tmp_path / "bad"
    shutil.copytree(repo / "tests" / "fixtures" / "basic", bad, ignore=shutil.ignore_patterns(".course-cache"))
    lesson = bad / "modules" / "01-framework" / "01-definition.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n[@nowhere:1] [@nothing:2]\n", encoding="utf-8")
    # The process leaves without tearing down the heap (cli.run): its streams must still be
    # flushed whole and its status kept. Buffered as for a user (this machine sets PYTHONUNBUFFERED).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    failed = subprocess.run([sys.executable, "-m", "course", "check", str(bad)], capture_output=True, text=True,
                            env=env)
    assert failed.returncode == 1
    assert "no authority 'nowhere'" in failed.stdout + failed.stderr
    assert "no authority 'nothing'" in failed.stdout + failed.stderr
    built = subprocess.run([sys.executable, "-m", "course", "build", str(repo / "tests" / "fixtures" / "basic"),
                            "--out", str(tmp_path / "site"), "--no-package", "--no-cache"],
                           capture_output=True, text=True, env=env)
    assert built.returncode == 0, built.stderr
    assert built.stdout.rstrip().splitlines()[-1].startswith("Built ")
    assert (tmp_path / "site" / "index.html").is_file()


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    command = (f"{sys.executable} -m course build {repo / 'tests' / 'fixtures' / 'basic'} "
               f"--out {tmp_path / 'site'} --no-package --no-cache | head -c 1")
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
    assert "Traceback" not in done.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_command_started_without_standard_output_still_succeeds(tmp_path: Path) -> None:
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    # `>&-`: no standard output at all (as under pythonw or some schedulers); sys.stdout is None
    done = subprocess.run(["bash", "-c", f"{sys.executable} -m course check {repo / 'tests' / 'fixtures' / 'basic'} >&-"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
