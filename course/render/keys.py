"""Page keys: a hash of everything a lesson or quiz page is made from.

Two builds that compute the same key for a page produce the same bytes, so an incremental
build reuses the page. The inputs are the page's own text, the navigation it shows, its
neighbours, the interface strings and theme, and the semantic hash of every shared item it
uses: each authority it cites, each glossary term it links, each question it embeds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..fingerprint import memoized, semantic_hash
from ..model import Lesson, Module, Page
from ..state import question_fp

if TYPE_CHECKING:
    from .site import SiteRenderer


class PageKeys:
    """Computes page keys, hashing each shared item (authority, term, question) once."""

    def __init__(self, site: "SiteRenderer", theme_key: str):
        self.site = site
        self.theme_key = theme_key
        self._global: dict[str, str] = {}
        self._authorities: dict[str, str] = {}
        self._terms: dict[str, str] = {}
        self._questions: dict[tuple[str, str], list[str]] = {}

    def global_key(self, lang: str) -> str:
        """Inputs every page shares: theme, strings, course metadata, footer pages."""
        if lang not in self._global:
            course = self.site.course
            chain = course.chain(lang)
            self._global[lang] = semantic_hash(
                self.theme_key, lang, chain, course.id, course.version, course.title, course.organization,
                course.languages, self.site.strings[lang].table,
                # the language too: a footer title in another language than the page is marked so
                [(p.id, p.document(chain).title, p.document(chain).lang) for p in course.pages])
        return self._global[lang]

    def authority(self, instrument: str) -> str:
        """The semantic hash of one authority."""
        if instrument not in self._authorities:
            self._authorities[instrument] = semantic_hash(self.site.course.authorities.get(instrument))
        return self._authorities[instrument]

    def term(self, term_id: str) -> str:
        """The semantic hash of one glossary term."""
        if term_id not in self._terms:
            self._terms[term_id] = semantic_hash(self.site.course.glossary.get(term_id))
        return self._terms[term_id]

    def refs(self, citations: Any, terms: Any) -> list[str]:
        """Hashes of the authorities and terms used, in a stable order."""
        instruments = sorted({ref.partition(":")[0] for ref in citations})
        return [self.authority(i) for i in instruments] + [self.term(t) for t in sorted(set(terms))]

    def question(self, module: Module, question_id: str) -> list[str]:
        """What an embedded question's payload is made from (computed once per build)."""
        memo = (module.id, question_id)
        if memo not in self._questions:
            quiz = module.quiz
            question = quiz.question(question_id) if quiz else None
            if question is None:
                self._questions[memo] = [question_id]
            else:
                cites, terms = self.site.analysis.question_refs.get(memo, ((), ()))
                self._questions[memo] = [memoized(self.site.memo, question, semantic_hash), self.site.keys.questions[memo],
                                         question_fp(question), *self.refs(cites, terms)]
        return self._questions[memo]

    def _common(self, lang: str, url: str, module: Module) -> list[Any]:
        chain = self.site.course.chain(lang)
        return [self.global_key(lang), url, self.site.nav.key(lang, module), self.site.neighbours(lang, url),
                module.title.get(chain), module.id, self.site.keys.modules[module.id]]

    def lesson(self, lang: str, module: Module, lesson: Lesson) -> str:
        """The key of a lesson page: its document, objectives, citations, terms and knowledge checks."""
        url = self.site.site_map.lesson(lang, module.id, lesson.id)
        chain = self.site.course.chain(lang)
        doc = lesson.document(chain)
        parsed = self.site.analysis.parsed[doc.path]
        found = parsed.scan
        objectives = {o.id: o.text.get(chain) for o in module.objectives}
        checks = [self.question(module, item.value) for item in found.checks]
        return semantic_hash(*self._common(lang, url, module), doc.path, doc.lang, parsed.key, lesson.minutes,
                             [objectives.get(o) for o in lesson.objectives],
                             self.refs([c.value for c in found.citations], [t.value for t in found.terms]), checks)

    def extra(self, lang: str, page: Page) -> str:
        """The key of an extra page ('about'): its document and the citations and terms it uses."""
        doc = page.document(self.site.course.chain(lang))
        parsed = self.site.analysis.parsed[doc.path]
        found = parsed.scan
        return semantic_hash(self.top(lang), "page", self.site.site_map.page(lang, page.id), doc.path, doc.lang,
                             doc.title, parsed.key,
                             self.refs([c.value for c in found.citations], [t.value for t in found.terms]))

    def root(self) -> str:
        """The site's index.html: the course title in each language, and the theme."""
        course = self.site.course
        return semantic_hash(self.theme_key, "root", course.languages,
                             [course.title.get(course.chain(lang)) for lang in course.languages],
                             self.site.asset_version)

    def top(self, lang: str) -> list[str]:
        """What pages outside the modules share: theme, strings, metadata, top navigation."""
        return [self.global_key(lang), self.site.nav.key(lang, None)]

    def home(self, lang: str) -> str:
        """The course home lists every module, lesson and quiz with its title."""
        course = self.site.course
        chain = course.chain(lang)
        outline = [(m.id, m.title, m.description, [(l.id, l.document(chain).title, l.document(chain).lang, l.minutes)
                                                   for l in m.lessons], m.quiz.title if m.quiz else None)
                   for m in course.modules]
        return semantic_hash(self.top(lang), "home", course.description, course.hours, outline)

    def glossary(self, lang: str) -> str:
        """The key of the glossary page: every term, and each authority the terms cite."""
        glossary = self.site.course.glossary
        cited = sorted({c.instrument for term in glossary.values() for c in term.cites})
        return semantic_hash(self.top(lang), "glossary", glossary, [self.authority(i) for i in cited])

    def authorities(self, lang: str, uses: Any) -> str:
        """The table lists every authority and, for each, the titles of the pages citing it."""
        course = self.site.course
        chain = course.chain(lang)
        titles = []
        for ref in sorted(uses):
            for where in uses[ref]:
                if where[0] == "lesson":
                    titles.append((ref, where, course.module(where[1]).lesson(where[2]).document(chain).title))
                elif where[0] == "quiz":
                    module = course.module(where[1])
                    titles.append((ref, where, module.quiz.title, module.title))
                else:
                    titles.append((ref, where, course.glossary[where[1]].term))
        return semantic_hash(self.top(lang), "authorities", course.authorities, titles)

    def quiz(self, lang: str, module: Module) -> str:
        """The key of a quiz page: the quiz's settings and every graded question."""
        quiz = module.quiz
        assert quiz is not None
        url = self.site.site_map.quiz(lang, module.id)
        questions = [self.question(module, q.id) for q in quiz.graded]
        settings = (quiz.id, quiz.title, quiz.pass_mark, quiz.attempts, quiz.shuffle, quiz.draw, quiz.score)
        return semantic_hash(*self._common(lang, url, module), settings, questions)
