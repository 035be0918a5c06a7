"""Renders the whole site in memory, page by page, as (output path, bytes) pairs.

Nothing here writes files: the pipeline hands the pairs to the writer.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Iterator

import jinja2
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from ..checks import Analysis
from ..fingerprint import IdentityMemo
from ..i18n import LANGUAGE_NAMES, Strings
from ..model import Course, LocalText, Module
from ..site_map import relative
from ..state import StateKeys, outline
from ..templates import make_environment
from ..theme import Theme
from .context import PageContext
from .nav import NavCache


# Question texts are mostly plain sentences; parsing each with markdown-it would cost more than
# the rest of the quiz page. A single line with none of Markdown's marks renders as itself.
_MARKS = re.compile(r"[\n\\`*_\[\]<>&!~|{}]|^\s|^[#>+=:-]|^\d+[.)]\s")


def _plain(text: str) -> bool:
    return bool(text) and _MARKS.search(text) is None and not text.endswith(" ")


def _root_prefix(url: str) -> str:
    return "../" * url.count("/")


class SiteRenderer:
    """Holds what every page needs and renders pages one at a time."""

    def __init__(self, course: Course, analysis: Analysis, theme: Theme,
                 strings: dict[str, Strings], keys: StateKeys, root: Path,
                 previous_pages: dict[str, str] | None = None, old_site: Path | None = None,
                 template_cache: Path | None = None, memo: IdentityMemo | None = None):
        from .incremental import Incremental

        self.course = course
        self.analysis = analysis
        self.site_map = analysis.site_map
        self.md = analysis.md
        self.theme = theme
        self.strings = strings
        self.keys = keys
        self.root = root
        self.memo = memo  # hashes kept between builds by course preview
        self.jinja = make_environment(theme, template_cache)
        self.nav = NavCache(self)
        self._templates: dict[str, jinja2.Template] = {}
        self._sequences: dict[str, list[tuple[str, str]]] = {}
        theme_key = theme.fingerprint()
        self.incremental = Incremental(self, previous_pages or {}, old_site, theme_key)
        # Appended to script and style addresses so that browsers fetch them again after an
        # update of the course or theme instead of running yesterday's copy from their cache.
        self.asset_version = hashlib.blake2b(f"{theme_key}/{course.version}".encode(), digest_size=4).hexdigest()

    # -- helpers used by contexts and page builders -----------------------------------
    def template(self, name: str) -> jinja2.Template:
        """A template of the theme, loaded once."""
        if name not in self._templates:
            self._templates[name] = self.jinja.get_template(name)
        return self._templates[name]

    def media_path(self, course_rel: str) -> str:
        """The output path of a course file copied into the site."""
        return f"assets/media/{course_rel}"

    def first_page(self, lang: str, module: Module) -> str:
        """The first page of a module: its first lesson, or its quiz when it has no lessons."""
        if module.lessons:
            return self.site_map.lesson(lang, module.id, module.lessons[0].id)
        return self.site_map.quiz(lang, module.id)

    def render_markdown(self, text: str, ctx: PageContext) -> str:
        """Markdown blocks as HTML for the page of `ctx`; a plain one-line text skips the parser."""
        if _plain(text):
            return f"<p>{escapeHtml(text.strip())}</p>\n"
        env: dict[str, Any] = {"ctx": ctx}
        return self.md.renderer.render(self.md.parse(text, env), self.md.options, env)

    def render_inline(self, text: str, ctx: PageContext) -> str:
        """Inline Markdown as HTML for the page of `ctx`; a plain one-line text skips the parser."""
        if _plain(text):
            return escapeHtml(text.strip())
        return self.md.renderInline(text, {"ctx": ctx})


    def shown(self, text: LocalText | None, lang: str) -> str | Markup:
        """A short text for element content; marked with its language when it falls back."""
        if text is None:
            return ""
        chain = self.course.chain(lang)
        used = next((code for code in chain if text.has(code)), lang)
        return self.marked(text.get(chain), used, lang)

    @staticmethod
    def marked(value: str, used: str, lang: str) -> str | Markup:
        """`value` in a span naming its language `used` when that is not the page's `lang`."""
        if used == lang:
            return value
        return Markup('<span lang="{}">{}</span>').format(used, value)

    def doc_title(self, doc: Any, lang: str) -> str | Markup:
        """A document's title, marked with its language when that is not the page's."""
        return self.marked(doc.title, doc.lang, lang)

    def sequence(self, lang: str) -> list[tuple[str, str]]:
        """Every lesson and quiz page in study order: (url, title)."""
        if lang not in self._sequences:
            chain = self.course.chain(lang)
            pages = []
            for module in self.course.modules:
                for lesson in module.lessons:
                    pages.append((self.site_map.lesson(lang, module.id, lesson.id),
                                  self.doc_title(lesson.document(chain), lang)))
                if module.quiz is not None:
                    pages.append((self.site_map.quiz(lang, module.id), self.shown(module.quiz.title, lang)))
            self._sequences[lang] = pages
        return self._sequences[lang]

    def neighbours(self, lang: str, url: str) -> tuple[dict | None, dict | None]:
        """The previous and next pages in study order as {href, title}; None at either end."""
        pages = self.sequence(lang)
        if (lang, "index") not in self._sequences:
            self._sequences[(lang, "index")] = {page_url: i for i, (page_url, _) in enumerate(pages)}  # type: ignore[index]
        index = self._sequences[(lang, "index")][url]  # type: ignore[index]
        link = lambda i: {"href": relative(url, pages[i][0]), "title": pages[i][1]}  # noqa: E731
        return (link(index - 1) if index > 0 else None, link(index + 1) if index + 1 < len(pages) else None)

    def fallback_notice(self, lang: str, shown: str, what: str) -> str | None:
        """The notice that a `what` ('lesson', 'quiz', 'page') is shown in `shown`, not in `lang`;
        None when it is in `lang`."""
        if shown == lang:
            return None
        t = self.strings[lang].t
        return t(f"fallback.{what}", wanted=t(f"language.into.{lang}"), shown=t(f"language.in.{shown}"))

    def page(self, template: str, lang: str, url: str, kind: str, page_id: str, title: str,
             module: Module | None = None, nav_id: str | None = None, **values: Any) -> bytes:
        """Render one page with the variables every page shares."""
        t = self.strings[lang].t
        chain = self.course.chain(lang)
        languages = [{"lang": other, "name": LANGUAGE_NAMES.get(other, other), "current": other == lang,
                      "href": relative(url, other + url[len(lang):])} for other in self.course.languages]
        footer_pages = [{"href": relative(url, self.site_map.page(lang, p.id)),
                         "title": self.doc_title(p.document(chain), lang)} for p in self.course.pages]
        data = values.pop("page_data", None)
        variables = {
            "t": t, "lang": lang, "root": _root_prefix(url), "kind": kind, "page_id": page_id, "title": title,
            "course_title": self.course.title.get(chain), "organization": self.course.organization,
            "version": self.course.version, "home_href": relative(url, self.site_map.home(lang)),
            "glossary_href": relative(url, self.site_map.glossary(lang)),
            "authorities_href": relative(url, self.site_map.authorities(lang)),
            "languages": languages, "footer_pages": footer_pages,
            "nav_html": self.nav.for_page(lang, module, nav_id), "breadcrumbs": [], "prev": None, "next": None,
            "uses_quiz": False, "content_lang": lang, "asset_version": self.asset_version,
            "page_data": Markup(data) if data else None,
        }
        variables.update(values)
        return self.template(template).render(**variables).encode("utf-8")

    # -- the whole site -------------------------------------------------------------
    def files(self) -> Iterator[tuple[str, bytes | None]]:
        """Every output file; `None` as the bytes means: the previous site's copy is current."""
        from . import pages  # the page builders need this module's class

        yield from self.assets()
        keys, uses = self.incremental.keys, pages.citation_uses(self)
        yield self.keyed("index.html", keys.root(), lambda: pages.root_page(self))
        for lang in self.course.languages:
            yield self.keyed(self.site_map.home(lang), keys.home(lang), lambda: pages.home_page(self, lang))
            yield self.keyed(self.site_map.glossary(lang), keys.glossary(lang), lambda: pages.glossary_page(self, lang))
            yield self.keyed(self.site_map.authorities(lang), keys.authorities(lang, uses),
                             lambda: pages.authorities_page(self, lang, uses))
            incremental = self.incremental
            for page in self.course.pages:
                yield self.keyed(self.site_map.page(lang, page.id), incremental.page_key(lang, page),
                                 lambda: pages.extra_page(self, lang, page))
            for module in self.course.modules:
                for lesson in module.lessons:
                    yield self.keyed(self.site_map.lesson(lang, module.id, lesson.id),
                                     incremental.lesson_key(lang, module, lesson),
                                     lambda: pages.lesson_page(self, lang, module, lesson))
                if module.quiz is not None:
                    yield self.keyed(self.site_map.quiz(lang, module.id), incremental.quiz_key(lang, module),
                                     lambda: pages.quiz_page(self, lang, module))

    def keyed(self, url: str, key: str, render: Any) -> tuple[str, bytes | None]:
        """Reuse the previous page when its key is unchanged, else render it (at once: the
        lambdas callers pass in loops are never kept)."""
        self.incremental.page_keys[url] = key
        return (url, None) if self.incremental.reusable(url, key) else (url, render())

    def assets(self) -> Iterator[tuple[str, bytes]]:
        """(path, bytes) of the theme's static files, string tables, course outline and media files."""
        for rel, path in self.theme.static_files().items():
            yield f"assets/{rel}", path.read_bytes()
        for lang in self.course.languages:
            yield f"assets/i18n/{lang}.js", self.strings[lang].to_js().encode("utf-8")
        data = json.dumps(outline(self.course, self.keys), ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                          allow_nan=False)
        yield "assets/course-data.js", f'"use strict";\nwindow.CourseData = {data};\n'.encode("utf-8")
        for rel in sorted(self.analysis.assets):
            yield self.media_path(rel), (self.root / rel).read_bytes()
