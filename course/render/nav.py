"""Navigation rendered once per module and language, then marked per page.

Only the current module is expanded and, in large courses, only the modules around it are
listed, so the bytes of navigation per page stay flat as a course grows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..fingerprint import semantic_hash
from ..model import Module
from ..site_map import relative

if TYPE_CHECKING:
    from .site import SiteRenderer

WINDOW = 6          # modules listed on each side of the current one in large courses
FULL_LIST = 2 * WINDOW + 1


class NavCache:
    """Navigation fragments keyed by (language, module id or None for top-level pages)."""

    def __init__(self, site: "SiteRenderer"):
        self.site = site
        self.fragments: dict[tuple[str, str | None], str] = {}
        self._inputs: dict[tuple[str, str | None], dict[str, Any]] = {}
        self._keys: dict[tuple[str, str | None], str] = {}
        self._index = {id(module): n for n, module in enumerate(site.course.modules)}

    def inputs(self, lang: str, module: Module | None) -> dict[str, Any]:
        """What the navigation for `module` (None: top-level pages) in `lang` shows: the
        template's arguments, apart from the interface strings."""
        key = (lang, module.id if module else None)
        if key not in self._inputs:
            self._inputs[key] = self._collect(lang, module)
        return self._inputs[key]

    def key(self, lang: str, module: Module | None) -> str:
        """A hash of `inputs`, computed once: page keys use it, so an incremental build renders
        the navigation only of the modules whose pages it renders."""
        key = (lang, module.id if module else None)
        if key not in self._keys:
            self._keys[key] = semantic_hash(self.inputs(lang, module))
        return self._keys[key]

    def fragment(self, lang: str, module: Module | None) -> str:
        """The navigation HTML for `module` (None: top-level pages) in `lang`, rendered once."""
        key = (lang, module.id if module else None)
        if key not in self.fragments:
            self.fragments[key] = self.site.template("nav.html").render(
                t=self.site.strings[lang].t, **self.inputs(lang, module))
        return self.fragments[key]

    def for_page(self, lang: str, module: Module | None, nav_id: str | None) -> Markup:
        """The fragment with the current page marked for assistive technology."""
        html = self.fragment(lang, module)
        if nav_id:
            marker = f'data-nav-id="{nav_id}"'
            html = html.replace(marker, marker + ' aria-current="page"', 1)
        return Markup(html)

    def _collect(self, lang: str, current: Module | None) -> dict[str, Any]:
        site = self.site
        chain = site.course.chain(lang)
        # Every page of a module lives in the same folder, so one set of hrefs serves them all.
        here = site.site_map.lesson(lang, current.id, "x") if current else site.site_map.home(lang)
        modules = site.course.modules
        # By identity: comparing modules as dataclasses compares their whole contents.
        index = self._index[id(current)] if current else 0
        if len(modules) > FULL_LIST:
            low = max(0, min(index - WINDOW, len(modules) - FULL_LIST))
            shown = list(enumerate(modules))[low:low + FULL_LIST]
        else:
            low, shown = 0, list(enumerate(modules))
        items: list[dict[str, Any]] = []
        for number, module in shown:
            first = site.first_page(lang, module)
            item: dict[str, Any] = {"id": module.id, "number": number + 1, "title": site.shown(module.title, lang),
                                    "current": module is current, "href": relative(here, first)}
            if module is current:
                item["lessons"] = [{"id": lesson.id, "nav_id": f"lesson:{lesson.id}",
                                    "title": site.doc_title(lesson.document(chain), lang),
                                    "href": relative(here, site.site_map.lesson(lang, module.id, lesson.id))}
                                   for lesson in module.lessons]
                item["quiz"] = None if module.quiz is None else {
                    "title": site.shown(module.quiz.title, lang),
                    "href": relative(here, site.site_map.quiz(lang, module.id))}
            items.append(item)
        return {"modules": items, "home_href": relative(here, site.site_map.home(lang)),
                "skipped_before": shown[0][0] if shown else 0,
                "skipped_after": len(modules) - (shown[-1][0] + 1) if shown else 0}
