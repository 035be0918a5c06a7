"""course.preview: the site served with a reload script, rebuilt in-process after each save.

The preview is started on a copy of the basic fixture on a free port; the tests call
`rebuild_if_changed` themselves instead of running the polling loop, so nothing depends on timing.
"""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from course.cli import main
from course.preview import Preview

BASIC = Path(__file__).resolve().parents[1] / "fixtures" / "basic"
LESSON_SOURCE = "modules/01-framework/01-definition.md"
LESSON_PAGE = "en/01-framework/01-definition.html"
SCRIPT = '<script src="/__preview__/reload.js" data-build="1"></script>'   # on pages of build 1
OLD_TEXT = "It has three elements."
NEW_TEXT = "It has three elements, edited in the preview."


@pytest.fixture()
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(BASIC, root, ignore=shutil.ignore_patterns(".course-cache"))
    return root


class Session:
    """A started preview, the lines it printed, and small helpers to read what it serves."""

    def __init__(self, root: Path):
        self.root = root
        self.site = root / "site"
        self.lines: list[str] = []
        self.preview = Preview(root, self.site, port=0, interval=0.05, echo=self.lines.append)

    def get(self, rel: str) -> tuple[bytes, dict[str, str], str]:
        """Body, headers and final address of GET `rel` (redirects followed)."""
        with urllib.request.urlopen(self.preview.url + rel, timeout=10) as response:
            return response.read(), dict(response.headers.items()), response.geturl()

    def text(self, rel: str) -> str:
        return self.get(rel)[0].decode("utf-8")

    def status(self) -> dict:
        return json.loads(self.get("__preview__/status")[0])

    def edit(self, old: str, new: str, rel: str = LESSON_SOURCE) -> None:
        path = self.root / rel
        source = path.read_text(encoding="utf-8")
        assert old in source
        path.write_text(source.replace(old, new), encoding="utf-8")


def start(root: Path) -> Iterator[Session]:
    session = Session(root)
    session.preview.start()
    try:
        yield session
    finally:
        session.preview.stop()


@pytest.fixture()
def session(course: Path) -> Iterator[Session]:
    yield from start(course)


def verdict(status: dict) -> tuple[int, bool, list[str]]:
    """Build number, whether it is good, and its problems (warnings are checked on their own)."""
    return status["build"], status["ok"], status["problems"]


def break_lesson(root: Path) -> str:
    """Append a link to a missing lesson; returns the error line the build must report."""
    path = root / LESSON_SOURCE
    source = path.read_text(encoding="utf-8").rstrip("\n") + "\n\nSee [x](missing.md) too.\n"
    path.write_text(source, encoding="utf-8")
    line = source.splitlines().index("See [x](missing.md) too.") + 1
    column = len("See [x](") + 1
    return (f"{LESSON_SOURCE}:{line}:{column}: error: link to a missing lesson 'missing.md' "
            "(no modules/01-framework/missing.md in the course)")


def body_end(page: str) -> str:
    return page[page.rindex("</body>") - len(SCRIPT):]


# --- serving ---------------------------------------------------------------------------------

def test_a_lesson_page_is_served_with_the_reload_script_just_before_the_body_end(session: Session) -> None:
    served = session.text(LESSON_PAGE)
    on_disk = (session.site / LESSON_PAGE).read_text(encoding="utf-8")
    assert body_end(served).startswith(SCRIPT + "</body>")
    assert served.count(SCRIPT) == 1
    # Apart from the script, the page is the built page itself.
    assert served.replace(SCRIPT, "", 1) == on_disk
    assert OLD_TEXT in served


def test_the_built_site_on_disk_never_contains_the_preview_script(session: Session) -> None:
    pages = list(session.site.rglob("*.html"))
    assert len(pages) > 5
    assert [p for p in session.site.rglob("*") if p.is_file() and b"__preview__" in p.read_bytes()] == []


def test_css_and_javascript_assets_are_served_byte_for_byte_as_on_disk(session: Session) -> None:
    assets = sorted(p for p in session.site.rglob("*") if p.suffix in (".css", ".js"))
    assert {p.suffix for p in assets} == {".css", ".js"}
    for asset in assets:
        body, headers, _ = session.get(asset.relative_to(session.site).as_posix())
        assert body == asset.read_bytes(), asset


def test_a_folder_address_redirects_to_its_index_page_with_the_reload_script(session: Session) -> None:
    served, _, final = session.get("en")
    assert final == session.preview.url + "en/"
    page = served.decode("utf-8")
    assert body_end(page).startswith(SCRIPT + "</body>")
    assert page.replace(SCRIPT, "", 1) == (session.site / "en" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("rel", [LESSON_PAGE, "en/", "__preview__/status", "__preview__/reload.js"])
def test_responses_tell_the_browser_not_to_cache_them(session: Session, rel: str) -> None:
    _, headers, _ = session.get(rel)
    assert headers["Cache-Control"] == "no-store"


def test_an_asset_response_is_not_cached_either(session: Session) -> None:
    css = next(session.site.rglob("*.css")).relative_to(session.site).as_posix()
    assert session.get(css)[1]["Cache-Control"] == "no-store"


def test_the_reload_script_is_served_as_javascript(session: Session) -> None:
    body, headers, _ = session.get("__preview__/reload.js")
    assert headers["Content-Type"].startswith("text/javascript")
    assert b"/__preview__/status" in body and b"course-preview-problems" in body


def test_an_unknown_preview_address_is_not_found(session: Session) -> None:
    with pytest.raises(urllib.error.HTTPError) as error:
        session.get("__preview__/other")
    assert error.value.code == 404


def test_a_path_climbing_out_of_the_site_does_not_serve_the_course_sources(session: Session) -> None:
    config = (session.root / "course.yaml").read_bytes()
    host, port = session.preview.url.split("//")[1].rstrip("/").split(":")
    for raw in ("/../course.yaml", "/en/../../course.yaml", "/%2e%2e/course.yaml"):
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            connection.putrequest("GET", raw, skip_accept_encoding=True)
            connection.endheaders()
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        assert response.status == 404, raw
        assert b"basic-course" not in body and config not in body, raw


# --- rebuilding --------------------------------------------------------------------------------

def test_the_first_build_is_number_one_and_good(session: Session) -> None:
    assert verdict(session.status()) == (1, True, [])


def test_a_saved_lesson_is_rebuilt_and_served_with_the_new_text(session: Session) -> None:
    session.edit(OLD_TEXT, NEW_TEXT)
    assert session.preview.rebuild_if_changed() is True
    assert verdict(session.status()) == (2, True, [])
    served = session.text(LESSON_PAGE)
    assert NEW_TEXT in served and OLD_TEXT not in served
    assert NEW_TEXT in (session.site / LESSON_PAGE).read_text(encoding="utf-8")
    # Nothing saved since: no build, the number stays.
    assert session.preview.rebuild_if_changed() is False
    assert session.status()["build"] == 2


def test_a_save_after_starting_on_an_up_to_date_site_reloads_only_the_edited_lesson(
        course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import course.loader as loader
    from course.pipeline import build

    build(course, course / "site", None)          # yesterday's build: today the site is up to date
    full_loads = []
    real_load = loader.load_course
    monkeypatch.setattr(loader, "load_course", lambda *a: full_loads.append(1) or real_load(*a))
    for session in start(course):
        assert session.lines[0].startswith("Up to date")
        loads_at_start = len(full_loads)
        session.edit(OLD_TEXT, NEW_TEXT)
        assert session.preview.rebuild_if_changed() is True
        assert NEW_TEXT in session.text(LESSON_PAGE)
        assert len(full_loads) == loads_at_start, "the first save loaded the whole course again"


def test_warnings_of_a_good_build_reach_the_page_and_the_terminal(session: Session) -> None:
    assert session.status()["warnings"] == []
    session.edit(OLD_TEXT, NEW_TEXT)          # the Russian translation is now out of date
    session.preview.rebuild_if_changed()
    stale = ("modules/01-framework/01-definition.ru.md:1:1: warning: translation is stale: "
             "modules/01-framework/01-definition.md changed after it was translated; update it, then run "
             "'course translations --mark-current modules/01-framework/01-definition.ru.md'")
    assert session.status()["warnings"] == [stale]
    assert session.status()["ok"] is True
    assert stale in session.lines


def test_the_terminal_names_the_saved_file_and_says_when_the_course_builds_again(session: Session) -> None:
    expected_error = break_lesson(session.root)
    session.preview.rebuild_if_changed()
    session.edit("See [x](missing.md)", "See the fixed sentence")
    session.preview.rebuild_if_changed()
    log = "\n".join(session.lines)
    assert f" {LESSON_SOURCE}: building" in log
    assert expected_error in log and "the preview shows the last good build" in log
    assert "Fixed: the course builds again." in log
    assert log.rstrip().splitlines()[-1].startswith("Built in ")


def test_a_page_removed_while_open_says_so_and_keeps_listening(session: Session) -> None:
    with pytest.raises(urllib.error.HTTPError) as missing:
        session.get("en/01-framework/renamed.html")
    assert missing.value.code == 404
    page = missing.value.read().decode("utf-8")
    assert "This page is not in the course" in page and 'href="/"' in page
    assert '<script src="/__preview__/reload.js" data-build="1"></script></body>' in page


def test_nothing_saved_since_the_start_means_no_rebuild(session: Session) -> None:
    assert session.preview.rebuild_if_changed() is False
    assert session.status()["build"] == 1


def test_a_new_file_in_the_course_counts_as_a_change(session: Session) -> None:
    (session.root / "modules" / "01-framework" / "notes.txt").write_text("a trainer's note", encoding="utf-8")
    assert session.preview.rebuild_if_changed() is True
    assert verdict(session.status()) == (2, True, [])


def test_a_broken_course_keeps_the_last_good_site_and_reports_the_error_line(session: Session) -> None:
    served_before = session.text(LESSON_PAGE)
    disk_before = (session.site / LESSON_PAGE).read_bytes()
    expected = break_lesson(session.root)
    assert session.preview.rebuild_if_changed() is True
    status = session.status()
    assert status["ok"] is False
    assert status["build"] == 1
    assert expected in status["problems"]
    assert expected in session.lines  # the terminal shows it as well
    assert any("the preview shows the last good build" in line for line in session.lines)
    assert (session.site / LESSON_PAGE).read_bytes() == disk_before
    assert session.text(LESSON_PAGE) == served_before
    # Still broken and not saved again: nothing to do, the problem stays on show.
    assert session.preview.rebuild_if_changed() is False
    assert session.status() == status


def test_fixing_a_broken_course_gives_a_good_build_with_a_higher_number(session: Session) -> None:
    break_lesson(session.root)
    session.preview.rebuild_if_changed()
    assert session.status()["ok"] is False
    session.edit("See [x](missing.md) too.", "See [the national law](02-national-law.md) too.")
    assert session.preview.rebuild_if_changed() is True
    status = session.status()
    assert verdict(status) == (2, True, [])
    assert "the national law" in session.text(LESSON_PAGE)


def test_a_site_folder_deleted_by_hand_is_built_again(session: Session) -> None:
    shutil.rmtree(session.site)
    assert session.preview.rebuild_if_changed() is True
    assert (session.site / LESSON_PAGE).is_file()
    assert verdict(session.status()) == (2, True, [])
    assert OLD_TEXT in session.text(LESSON_PAGE)


# --- a course broken from the start -----------------------------------------------------------

@pytest.fixture()
def broken_from_start(course: Path) -> Iterator[tuple[Session, str]]:
    expected = break_lesson(course)
    for session in start(course):
        yield session, expected


def test_a_course_broken_from_the_start_is_still_served_with_the_reload_script(
        broken_from_start: tuple[Session, str]) -> None:
    session, _ = broken_from_start
    assert not session.site.exists()
    for rel in ("", LESSON_PAGE, "en/"):
        body, headers, _ = session.get(rel)
        page = body.decode("utf-8")
        assert headers["Content-Type"].startswith("text/html")
        assert page.startswith("<!DOCTYPE html>")
        assert '<script src="/__preview__/reload.js" data-build="0"></script></body>' in page
        assert "not been built yet" in page


def test_a_course_broken_from_the_start_reports_its_problem(broken_from_start: tuple[Session, str]) -> None:
    session, expected = broken_from_start
    status = session.status()
    assert status["ok"] is False
    assert status["build"] == 0
    assert expected in status["problems"]


def test_a_course_broken_from_the_start_is_served_once_fixed(broken_from_start: tuple[Session, str]) -> None:
    session, _ = broken_from_start
    session.edit("See [x](missing.md) too.", "See more.")
    assert session.preview.rebuild_if_changed() is True
    assert verdict(session.status()) == (1, True, [])
    assert "See more." in session.text(LESSON_PAGE)


# --- the command ------------------------------------------------------------------------------

def test_preview_on_a_busy_port_is_a_usage_error_naming_the_port(
        capsys: pytest.CaptureFixture[str], course: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        capsys.readouterr()
        code = main(["preview", str(course), "--port", str(port)])
        captured = capsys.readouterr()
    output = captured.out + captured.err
    assert code == 2
    assert f"cannot serve on port {port}" in output
    assert "--port" in output
    assert "Traceback" not in output


# --- known faults, reported and not fixed here ------------------------------------------------

def emacs_lock(root: Path) -> Path:
    """The lock Emacs makes beside a file with unsaved edits: a link to a name that does not exist."""
    lock = root / "modules" / "01-framework" / ".#01-definition.md"
    lock.symlink_to("trainer@laptop.4242:1700000000")
    return lock


def test_an_editor_lock_file_does_not_stop_the_preview_following_saves(session: Session) -> None:
    lock = emacs_lock(session.root)           # the trainer starts typing
    session.preview.rebuild_if_changed()      # a poll meanwhile must not end the preview
    session.edit(OLD_TEXT, NEW_TEXT)          # the trainer saves; the editor removes its lock
    lock.unlink()
    assert session.preview.rebuild_if_changed() is True
    assert verdict(session.status()) == (2, True, [])
    assert NEW_TEXT in session.text(LESSON_PAGE)


def test_a_course_with_an_editor_lock_file_still_starts_a_preview(course: Path) -> None:
    emacs_lock(course)
    for session in start(course):
        assert OLD_TEXT in session.text(LESSON_PAGE)
