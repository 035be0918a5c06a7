"""Browser test fixtures: Debian's Chromium driven by Playwright, built sites, a local server, axe-core.

Under CI=true the browser tests must run: a missing browser or tool fails them instead of
skipping them.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Callable, Iterator

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCORM_AGAIN = REPO / "node_modules" / "scorm-again" / "dist" / "scorm-again.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--allow-file-access-from-files"]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    if not AXE.exists() or not SCORM_AGAIN.exists():
        return "node_modules is missing (npm ci)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    problem = _missing()
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if problem:
                if os.environ.get("CI") == "true":
                    raise pytest.UsageError(f"browser tests cannot run under CI=true: {problem}")
                item.add_marker(pytest.mark.skip(reason=problem))


@pytest.fixture(scope="session")
def browser() -> Iterator["object"]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture()
def context(browser):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-US")
    yield ctx
    ctx.close()


@pytest.fixture()
def page(context):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.set_default_timeout(10000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors  # type: ignore[attr-defined]
    yield page


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve a folder on 127.0.0.1 (random port); returns its base URL."""
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


def build_course(source: Path, target: Path, packages: bool = False) -> Path:
    """Build a course with the real pipeline into `target/site` (and `target/dist`).

    Without the build cache: test workers build the same course at once, and a build from
    scratch leaves no cache folder in the course (the repository root, for the bundled one).
    """
    from course.pipeline import build

    build(source, target / "site", target / "dist" if packages else None, use_cache=False)
    return target / "site"


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_course(REPO / "tests" / "fixtures" / "basic", tmp_path_factory.mktemp("basic"))


def run_axe(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """axe-core violations on the current page (all rules axe runs by default)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("async () => (await axe.run(document)).violations.map(v => ({id: v.id, impact: v.impact, "
                         "help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))")


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course bundled in the repository root (en, ru, kk), built once per session."""
    return build_course(REPO, tmp_path_factory.mktemp("bundled"))
