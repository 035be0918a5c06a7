"""Which pages an incremental build can reuse, and lesson bodies rendered as soon as parsed.

Lesson bodies are rendered while checking reads each document, so the parsed token trees
are dropped at once instead of being held for the whole course (they dominate memory in
large courses). If checking then fails, the bodies are simply discarded: nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Union

from markupsafe import Markup

from ..checks import ParsedDoc
from ..model import Lesson, Module, Page
from .context import PageContext
from .keys import PageKeys

if TYPE_CHECKING:
    from .site import SiteRenderer

Owner = Union[tuple[Module, Lesson], Page]


class Incremental:
    """Which pages the previous site can supply, and document bodies rendered ahead."""

    def __init__(self, site: "SiteRenderer", previous: dict[str, str], old_site: Path | None, theme_key: str):
        self.site = site
        self.previous = previous
        self.old_site = old_site
        self.keys = PageKeys(site, theme_key)
        self.page_keys: dict[str, str] = {}
        self.bodies: dict[tuple[str, str], tuple[Markup, list[str]]] = {}
        self.owners: dict[str, Owner] = {}
        for module in site.course.modules:
            for lesson in module.lessons:
                for doc in (lesson.source, *lesson.translations.values()):
                    self.owners[doc.path] = (module, lesson)
        for page in site.course.pages:
            for doc in (page.source, *page.translations.values()):
                self.owners[doc.path] = page

    # -- keys and reuse ---------------------------------------------------------------
    def _key(self, url: str, compute: Callable[[], str]) -> str:
        """The page key of `url`, computed once and kept for the build cache."""
        if url not in self.page_keys:
            self.page_keys[url] = compute()
        return self.page_keys[url]

    def lesson_key(self, lang: str, module: Module, lesson: Lesson) -> str:
        """The page key of a lesson in `lang`."""
        return self._key(self.site.site_map.lesson(lang, module.id, lesson.id),
                         lambda: self.keys.lesson(lang, module, lesson))

    def quiz_key(self, lang: str, module: Module) -> str:
        """The page key of a module's quiz in `lang`."""
        return self._key(self.site.site_map.quiz(lang, module.id), lambda: self.keys.quiz(lang, module))

    def page_key(self, lang: str, page: Page) -> str:
        """The page key of an extra page in `lang`."""
        return self._key(self.site.site_map.page(lang, page.id), lambda: self.keys.extra(lang, page))

    def reusable(self, url: str, key: str) -> bool:
        """The previous site holds this page, built from the same inputs. No look at the file
        itself: the pipeline passes only keys of output files whose size, time and inode it has
        just found unchanged (a file deleted since then makes the build stop with a clear error)."""
        return self.old_site is not None and self.previous.get(url) == key

    # -- bodies -----------------------------------------------------------------------
    def prepare(self, parsed: ParsedDoc) -> None:
        """Called as checking reads each document: render the bodies that will be needed."""
        owner = self.owners.get(parsed.doc.path)
        course = self.site.course
        for lang in course.languages:
            chain = course.chain(lang)
            if isinstance(owner, Page):
                if owner.document(chain) is not parsed.doc:
                    continue
                url = self.site.site_map.page(lang, owner.id)
                if not self.reusable(url, self.page_key(lang, owner)):
                    self.bodies[(parsed.doc.path, lang)] = self.render(parsed, lang, url)
            elif owner is not None:
                module, lesson = owner
                if lesson.document(chain) is not parsed.doc:
                    continue
                url = self.site.site_map.lesson(lang, module.id, lesson.id)
                if not self.reusable(url, self.lesson_key(lang, module, lesson)):
                    self.bodies[(parsed.doc.path, lang)] = self.render(parsed, lang, url)
        parsed.tokens = None
        parsed.env = {}

    def body(self, parsed: ParsedDoc, lang: str, url: str) -> tuple[Markup, list[str]]:
        """The rendered body of a document on one page, and the knowledge checks it holds."""
        ready = self.bodies.pop((parsed.doc.path, lang), None)
        return ready if ready is not None else self.render(parsed, lang, url)

    def render(self, parsed: ParsedDoc, lang: str, url: str) -> tuple[Markup, list[str]]:
        """Render a document's body for one page: (HTML, ids of its knowledge checks); the body
        is parsed again when its tokens were already dropped."""
        md = self.site.md
        env = dict(parsed.env)
        tokens = parsed.tokens
        if tokens is None:
            env = {}
            tokens = md.parse(parsed.doc.body, env)
        ctx = PageContext(self.site, lang, url, parsed.doc.path)
        env["ctx"] = ctx
        return Markup(md.renderer.render(tokens, md.options, env)), list(ctx.checks)
