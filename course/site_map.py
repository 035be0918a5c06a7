"""Where every page of the course lands in the output, and relative links between them."""

from __future__ import annotations

import posixpath

from .model import Course

RESERVED_PAGES = ("index", "glossary", "authorities")
QUIZ_PAGE = "quiz"


class SiteMap:
    """Output paths (relative to site/) for a course's pages, in every language."""

    def __init__(self, course: Course):
        self.course = course
        self._sources: dict[str, tuple[str, ...]] = {}
        for module in course.modules:
            for lesson in module.lessons:
                self._sources[lesson.source.path] = ("lesson", module.id, lesson.id)
        for page in course.pages:
            self._sources[page.source.path] = ("page", page.id)

    def home(self, lang: str) -> str:
        """The course home page in `lang`."""
        return f"{lang}/index.html"

    def glossary(self, lang: str) -> str:
        """The glossary page in `lang`."""
        return f"{lang}/glossary.html"

    def authorities(self, lang: str) -> str:
        """The authorities page in `lang`."""
        return f"{lang}/authorities.html"

    def lesson(self, lang: str, module_id: str, lesson_id: str) -> str:
        """A lesson page in `lang`."""
        return f"{lang}/{module_id}/{lesson_id}.html"

    def quiz(self, lang: str, module_id: str) -> str:
        """A module's quiz page in `lang`."""
        return f"{lang}/{module_id}/{QUIZ_PAGE}.html"

    def page(self, lang: str, page_id: str) -> str:
        """An extra page in `lang`."""
        return f"{lang}/{page_id}.html"

    def target(self, source_path: str) -> tuple[str, ...] | None:
        """('lesson', module, lesson) or ('page', id) for a source Markdown path, else None."""
        return self._sources.get(source_path)

    def url_of(self, lang: str, target: tuple[str, ...]) -> str:
        """The output path in `lang` of a lesson or page target (see `target`)."""
        if target[0] == "lesson":
            return self.lesson(lang, target[1], target[2])
        return self.page(lang, target[1])


def relative(from_url: str, to_url: str) -> str:
    """The relative href from one output page to another output path (both site-relative)."""
    here = from_url.split("/")[:-1]
    there = to_url.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def resolve_source(from_source: str, href_path: str) -> str | None:
    """A link's path resolved against the linking source file; None if it leaves the course."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_source), href_path))
    if joined.startswith("../") or joined == ".." or posixpath.isabs(joined):
        return None
    return joined
