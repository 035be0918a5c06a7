"""`course preview`: build, serve the site on this computer, rebuild on every save, reload pages.

Trainers edit in one window and read the result in a browser in another. The preview builds
into the same site folder as `course build` (same cache, same bytes on disk); only the pages it
serves carry one extra script, which asks the preview for the build number and reloads the page
when a new build is ready, or shows the build's errors over the page when it failed (the site
on disk, and so the page, stays as it was). The process stays alive between builds, so a
rebuild after an edit costs no start-up and finds its modules imported.

Changes are found by polling the course folder's file sizes and times (the same comparison an
up-to-date build makes): no watcher library, and it works on every file system.
"""

from __future__ import annotations

import importlib
import json
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from .cache import source_state
from .errors import BuildFailed
from .pipeline import Memory, build
from .writer import UnsafeOutput

PREFIX = "/__preview__/"

def script_tag(build: int) -> bytes:
    """The tag added to served pages; it names the build the page comes from, so a page that
    loaded while a newer build finished reloads at the first look."""
    return b'<script src="/__preview__/reload.js" data-build="%d"></script>' % build


@dataclass
class BuildStatus:
    """What the pages poll: the number of the newest good build and the last one's problems."""

    build: int = 0
    ok: bool = False
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)   # of a good build

    def to_json(self) -> bytes:
        """The status as the reload script reads it."""
        return json.dumps({"build": self.build, "ok": self.ok, "problems": self.problems,
                           "warnings": self.warnings}, ensure_ascii=False).encode("utf-8")


def _reload_script() -> bytes:
    return resources.files("course").joinpath("data/preview.js").read_bytes()


def _notice_page(title: str, text: str, build: int) -> bytes:
    """A page of the preview's own, listening for builds like every page it serves."""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><main><h1>{title}</h1><p>{text}</p></main>').encode("utf-8") + script_tag(build) + b"</body></html>"


def _failure_page() -> bytes:
    # Served for a page the site does not have yet (the first build failed): the reload script
    # shows the problems over it and loads the course once a build succeeds.
    return _notice_page("Course preview", "The course has not been built yet: fix the problems listed below "
                                          "and save, and it will appear here.", 0)


def _missing_page(build: int) -> bytes:
    # A lesson renamed or removed while it was open: say so, and keep listening for builds.
    return _notice_page("This page is not in the course", 'It may have been renamed or removed. '
                                                          '<a href="/">Go to the course home</a>.', build)


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site folder; HTML gets the reload script; nothing is cached by the browser."""

    preview: "Preview"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # a line per request would bury the build messages trainers need to read

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?", 1)[0]
        if path == PREFIX + "status":
            self._send(self.preview.status.to_json(), "application/json; charset=utf-8")
        elif path == PREFIX + "reload.js":
            self._send(_reload_script(), "text/javascript; charset=utf-8")
        elif path.startswith(PREFIX):
            self.send_error(HTTPStatus.NOT_FOUND)
        else:
            self._serve_site_file()

    def _serve_site_file(self) -> None:
        if not self.preview.out.is_dir():
            self._send(_failure_page(), "text/html; charset=utf-8")
            return
        local = Path(self.translate_path(self.path))
        if local.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                super().do_GET()  # the standard redirect to the folder's address with a slash
                return
            local = local / "index.html"
        if local.suffix != ".html":
            super().do_GET()
            return
        # The number first: a build finishing in between makes the page reload once, never miss one.
        tag = script_tag(self.preview.status.build)
        try:
            data = local.read_bytes()
        except OSError:
            self._send(_missing_page(self.preview.status.build), "text/html; charset=utf-8", HTTPStatus.NOT_FOUND)
            return
        at = data.rfind(b"</body>")
        data = data + tag if at < 0 else data[:at] + tag + data[at:]
        self._send(data, "text/html; charset=utf-8")

    def _send(self, data: bytes, content_type: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Preview:
    """A course folder built on every change and served on 127.0.0.1."""

    def __init__(self, root: Path, out: Path, port: int = 8000, interval: float = 0.2, strict: bool = False,
                 echo: Callable[[str], None] = print):
        self.root = root
        self.out = out
        self.port = port
        self.interval = interval
        self.strict = strict
        self.echo = echo
        self.status = BuildStatus()
        self._memory = Memory()
        self._sources: dict[str, tuple[int, int]] | None = None
        self._server: ThreadingHTTPServer | None = None
        self._stopped = threading.Event()
        self._serving = False

    @property
    def url(self) -> str:
        """The address of the course home; valid after `start`."""
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def start(self) -> None:
        """Take the port, build once and start serving; an OSError means the port cannot be used."""
        handler = type("PreviewHandler", (_Handler,), {"preview": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), partial(handler, directory=str(self.out)))
        self._server.daemon_threads = True
        try:
            self.rebuild()
        except BaseException:
            self._server.server_close()
            raise
        # An up-to-date first build imports no renderer; the first save should not wait for it.
        importlib.import_module(f"{__package__}.render.pages")
        threading.Thread(target=self._server.serve_forever, name="preview-server", daemon=True).start()
        self._serving = True

    def rebuild(self, sources: dict[str, tuple[int, int]] | None = None) -> bool:
        """Build the course into the site folder and update the status; False when it failed.
        `sources`: the course files' state if the caller has just taken it."""
        self._sources = sources if sources is not None else source_state(self.root, exclude=(self.out,))
        started = time.perf_counter()
        try:
            result = build(self.root, self.out, None, self.strict, memory=self._memory)
        except BuildFailed as failure:
            lines = failure.diagnostics.report_lines(failure.strict)
            self.status = BuildStatus(self.status.build, False, lines)
            for line in lines:
                self.echo(line)
            kept = "the preview shows the last good build" if self.status.build else "nothing to show until it builds"
            self.echo(failure.diagnostics.summary(failure.strict, wrote_nothing=True) + f"; {kept}")
            return False
        except OSError as problem:
            where = f"{problem.filename}: " if problem.filename else ""
            return self._failed(f"{where}error: {problem.strerror or problem}; the build stopped")
        except UnsafeOutput:
            raise
        except Exception as problem:  # noqa: BLE001 - a builder bug must not end the preview
            return self._failed(f"error: the builder failed unexpectedly ({type(problem).__name__}: {problem}); "
                                "the site in place is unchanged. Please report this with the course folder.")
        seconds = time.perf_counter() - started
        warnings = result.report if result.up_to_date else result.checked.diagnostics.report_lines(self.strict)
        for line in warnings:
            self.echo(line)
        if self.status.build and not self.status.ok:
            self.echo("Fixed: the course builds again.")
        self.status = BuildStatus(self.status.build + 1, True, [], warnings)
        if result.up_to_date:
            self.echo(f"Up to date ({seconds:.2f} s)")
        else:
            written = result.pages - result.reused
            self.echo(f"Built in {seconds:.2f} s: {written} page{'s' if written != 1 else ''} and files written, "
                      f"{result.reused} unchanged")
        return True

    def _failed(self, message: str) -> bool:
        self.status = BuildStatus(self.status.build, False, [message])
        self.echo(message)
        return False

    def rebuild_if_changed(self) -> bool:
        """Rebuild when any course file was added, removed or saved since the last build."""
        # A site deleted by hand is built again; one missing after a failed build waits for an edit.
        site_lost = self.status.ok and not self.out.is_dir()
        now = source_state(self.root, exclude=(self.out,))
        if now == self._sources and not site_lost:
            return False
        before = self._sources or {}
        changed = sorted(rel for rel in set(now) | set(before) if now.get(rel) != before.get(rel))
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        self.echo(f"{time.strftime('%H:%M:%S')} {shown or 'site folder removed'}: building")
        self.rebuild(now)
        return True

    def run(self) -> None:
        """Watch and rebuild until `stop` is called (or Ctrl+C)."""
        while not self._stopped.wait(self.interval):
            self.rebuild_if_changed()

    def stop(self) -> None:
        """Stop watching and serving."""
        self._stopped.set()
        if self._server is not None:
            if self._serving:  # shutdown() waits for serve_forever, which may never have started
                self._server.shutdown()
                self._serving = False
            self._server.server_close()
