"""Cross-file checks: links, images, citations, terms, knowledge checks, coverage.

Parses every Markdown document once (none whose scan the build cache holds) and hands each
parsed document to `on_parsed`, so a build renders its body before the tokens are dropped.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from markdown_it import MarkdownIt

from .errors import Diagnostics, Pos, did_you_mean
from .kinds import KINDS
from .markdown import CALLOUTS, Found, Scan, is_forbidden, link_scheme, make_markdown, scan
from .model import Citation, Course, Document, Module
from .quizzes import CITE_PATTERN, question_texts
from .schema import id_problem
from .site_map import QUIZ_PAGE, RESERVED_PAGES, SiteMap, resolve_source

ALLOWED_SCHEMES = ("http:", "https:", "mailto:", "tel:")


@dataclass
class ParsedDoc:
    """A Markdown document: its scan, and its tokens while they are needed.

    `tokens` is None when the scan came from the build cache, or once rendering is done with
    them: holding every token tree of a large course would dominate memory.
    """

    doc: Document
    tokens: list[Any] | None
    env: dict
    scan: Scan
    key: str = ""


@dataclass
class Analysis:
    """What checking learned that rendering needs."""

    md: MarkdownIt
    site_map: SiteMap
    parsed: dict[str, ParsedDoc] = field(default_factory=dict)
    assets: set[str] = field(default_factory=set)      # course-relative files to copy
    # Citations and terms used in each question's texts: (module id, question id) -> refs.
    question_refs: dict[tuple[str, str], tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)
    scans: dict[str, Scan] = field(default_factory=dict)  # every scan of this build, for the cache


def document_key(path: str, line: int, text: str) -> str:
    """Cache key of a scan: the text and where it sits (positions are part of a scan)."""
    return hashlib.blake2b(f"{path}\0{line}\0{text}".encode("utf-8"), digest_size=16).hexdigest()


def parse_document(md: MarkdownIt, doc: Document, key: str | None = None) -> ParsedDoc:
    """Parse and scan a document's body: a ParsedDoc that still holds its tokens (`key`: its
    document_key, when the caller has it already)."""
    env: dict = {}
    tokens = md.parse(doc.body, env)
    return ParsedDoc(doc, tokens, env, scan(tokens, doc.body, doc.path, doc.body_line),
                     key or document_key(doc.path, doc.body_line, doc.body))


class _Checker:
    def __init__(self, course: Course, root: Path, diags: Diagnostics, known_scans: dict[str, Scan],
                 on_parsed: Callable[[ParsedDoc], None] | None, analysis: Analysis):
        self.course = course
        self.root = root
        self.diags = diags
        self.analysis = analysis
        self.known_scans = known_scans
        self.on_parsed = on_parsed

    # -- references ------------------------------------------------------------------
    def citation(self, ref: str, pos: Pos) -> None:
        """Check a citation written as text ('palermo:3b'): its form, then what it names."""
        match = CITE_PATTERN.match(ref)
        if match is None:
            self.diags.error(pos, f"citation '{ref}' must be written instrument:article, e.g. palermo:3b")
            return
        self.cite(Citation(match.group(1), match.group(2), pos))

    def cite(self, citation: Citation) -> None:
        """Report an authority or article missing from authorities.yaml (unless that file was unreadable)."""
        if "authorities.yaml" in self.course.unreadable:
            return
        authority = self.course.authorities.get(citation.instrument)
        if authority is None:
            hint = did_you_mean(citation.instrument, self.course.authorities)
            self.diags.error(citation.pos, f"citation '{citation.ref}': no authority '{citation.instrument}' in authorities.yaml{hint}")
        elif citation.article is not None and citation.article not in authority.articles:
            # No guess for a number: nudging a lawyer from article 127 to 128 would mislead.
            hint = "" if citation.article[:1].isdigit() else did_you_mean(citation.article, authority.articles)
            self.diags.error(citation.pos, f"citation '{citation.ref}': no article '{citation.article}' for '{citation.instrument}' "
                                           f"in authorities.yaml{hint}; add it there (with 'confirmed: false' if its "
                                           "number is not checked against the official text)")

    def term(self, term_id: str, pos: Pos) -> None:
        """Report a term id missing from the glossary (unless glossary.yaml was unreadable)."""
        if term_id not in self.course.glossary and "glossary.yaml" not in self.course.unreadable:
            hint = did_you_mean(term_id, self.course.glossary)
            self.diags.error(pos, f"unknown glossary term '{term_id}'{hint}")

    # -- documents -------------------------------------------------------------------
    def parse(self, doc: Document) -> ParsedDoc:
        """Parse a document, or take its scan from the build cache; record it and pass it to `on_parsed`."""
        key = document_key(doc.path, doc.body_line, doc.body)
        known = self.known_scans.get(key)
        if known is not None:
            parsed = ParsedDoc(doc, None, {}, known, key)
        else:
            parsed = parse_document(self.analysis.md, doc, key)
        self.analysis.parsed[doc.path] = parsed
        self.analysis.scans[key] = parsed.scan
        if self.on_parsed is not None:
            self.on_parsed(parsed)
        return parsed

    def document(self, parsed: ParsedDoc, module: Module | None) -> None:
        """Check the citations, terms, links, images, callouts and knowledge checks of a document
        (`module` is None for an extra page, which may hold no knowledge checks)."""
        found, doc = parsed.scan, parsed.doc
        for item in found.citations:
            self.citation(item.value, item.pos)
        for item in found.terms:
            self.term(item.value, item.pos)
        for item in found.links:
            self.link(doc.path, doc.lang, item, found.anchors)
        for item in found.images:
            self.image(item)
        for item in found.stray_callouts:
            self.diags.error(item.pos, f"unknown callout '::: {item.value}'; callouts are {', '.join(CALLOUTS)}")
        for item in found.unclosed_callouts:
            self.diags.error(item.pos, f"callout '::: {item.value}' is never closed: add a line ':::' where it ends")
        for item in found.checks:
            self.knowledge_check(item, module, doc.path)

    def knowledge_check(self, item: Found, module: Module | None, path: str) -> None:
        """Check that a [?id] knowledge check names a question of its module's quiz."""
        problem = id_problem(item.value)
        if module is None:
            self.diags.error(item.pos, f"knowledge check [?{item.value}]: only lessons can hold knowledge checks")
        elif problem:
            self.diags.error(item.pos, f"knowledge check [?{item.value}]: {problem}")
        elif module.quiz is None and any(p.startswith("quizzes/") for p in self.course.unreadable):
            return
        elif module.quiz is None:
            self.diags.error(item.pos, f"knowledge check [?{item.value}]: module '{module.id}' has no quiz to take the question from")
        elif module.quiz.question(item.value) is None and not module.quiz.unreadable:
            hint = did_you_mean(item.value, [q.id for q in module.quiz.questions])
            self.diags.error(item.pos, f"knowledge check [?{item.value}]: no question '{item.value}' in {module.quiz.path}{hint}")

    def link(self, from_path: str, lang: str, item: Found, anchors: list[str] | None) -> None:
        """Check one link of the file `from_path` (`anchors`: its own headings; None for a
        quiz file, which has none)."""
        href = item.value
        scheme = link_scheme(href)
        if is_forbidden(href):
            self.diags.error(item.pos, f"link with the forbidden scheme '{scheme}': links may go to lessons, pages, files of the course or web addresses")
            return
        if scheme is not None:
            if scheme not in ALLOWED_SCHEMES:
                self.diags.error(item.pos, f"link with the unsupported scheme '{scheme}': use https://, mailto: or a lesson file")
            return
        path, _, anchor = href.partition("#")
        if not href.strip():
            self.diags.error(item.pos, "link without an address: write it between the parentheses, [text](02-lesson.md)")
            return
        if not path:
            if anchors is None:
                self.diags.error(item.pos, f"link to '#{anchor}' in a question text: name the lesson too, "
                                 f"e.g. [text](../modules/<module>/<lesson>.md#{anchor})")
            elif anchor and anchor not in anchors:
                self.diags.error(item.pos, f"link to a missing heading '#{anchor}' in this file{did_you_mean(anchor, anchors)}")
            return
        target = self.source_of(from_path, path)
        if target is None:
            self.diags.error(item.pos, f"link to '{path}', which is outside the course folder")
            return
        if target.endswith(".md"):
            self.lesson_link(lang, item, target, anchor)
        elif (self.root / target).is_file():
            self.analysis.assets.add(target)
        else:
            self.diags.error(item.pos, f"link to a missing file '{path}'")

    def source_of(self, from_path: str, path: str) -> str | None:
        """The course path a link leads to, None outside the course; a link to a translation
        ('l.ru.md') counts as a link to its source ('l.md')."""
        target = resolve_source(from_path, path)
        if target and target.endswith(".md") and self.analysis.site_map.target(target) is None:
            stem, _, lang = target[:-3].rpartition(".")
            if stem and lang in self.course.languages:
                return stem + ".md"
        return target

    def lesson_link(self, lang: str, item: Found, target: str, anchor: str) -> None:
        """Check a link to a lesson or page, and its #anchor against the headings of the version
        shown in `lang`."""
        site_target = self.analysis.site_map.target(target)
        if site_target is None and target in self.course.unreadable:
            return
        if site_target is None:
            kind = "lesson" if target.startswith("modules/") else "page"
            self.diags.error(item.pos, f"link to a missing {kind} '{item.value.partition('#')[0]}' (no {target} in the course)")
            return
        if not anchor:
            return
        target_doc = self.target_document(site_target, lang)
        parsed = self.analysis.parsed.get(target_doc.path) if target_doc else None
        if parsed is not None and anchor not in parsed.scan.anchors:
            hint = did_you_mean(anchor, parsed.scan.anchors)
            self.diags.error(item.pos, f"link to a missing heading '#{anchor}' in {target_doc.path}{hint}")

    def target_document(self, target: tuple[str, ...], lang: str) -> Document | None:
        """The document a site target shows in `lang`, or None when the lesson or page is missing."""
        chain = self.course.chain(lang)
        if target[0] == "lesson":
            module = self.course.module(target[1])
            lesson = module.lesson(target[2]) if module else None
            return lesson.document(chain) if lesson else None
        page = next((p for p in self.course.pages if p.id == target[1]), None)
        return page.document(chain) if page else None

    def image(self, item: Found) -> None:
        """Check an image's alt text and source; a file of the course is recorded as an asset to copy."""
        src, alt = item.value, item.extra
        if not alt.strip():
            self.diags.error(item.pos, f"image without alt text: describe '{src}' in the square brackets, ![like this]({src})")
        scheme = link_scheme(src)
        if scheme == "data:":
            if not src.lower().replace(" ", "").startswith("data:image/"):
                self.diags.error(item.pos, "image with a 'data:' address that is not an image")
            return
        if scheme is not None:
            self.diags.error(item.pos, f"image from '{scheme}': the course must work offline, so put the image file in the course folder")
            return
        target = resolve_source(item.pos.path, src.partition("#")[0])
        if target is None:
            self.diags.error(item.pos, f"image '{src}' is outside the course folder")
        elif not (self.root / target).is_file():
            self.diags.error(item.pos, f"missing image '{src}' (no {target} in the course)")
        else:
            self.analysis.assets.add(target)

    # -- whole course ----------------------------------------------------------------
    def translation_keeps(self, source: ParsedDoc, translation: ParsedDoc) -> None:
        """A translation should keep its source's knowledge checks and citations.

        A warning (an error under --strict): the translation is reviewed, not the build
        stopped, so a fix in the source can be published before the translator catches up.
        """
        for label, items in (("knowledge check", lambda s: [(f"[?{c.value}]", c.pos) for c in s.checks]),
                             ("citation", lambda s: [(c.value, c.pos) for c in s.citations])):
            missing = Counter(value for value, _ in items(source.scan)) - Counter(value for value, _ in items(translation.scan))
            where = {value: pos for value, pos in reversed(items(source.scan))}
            for value in sorted(missing):
                self.diags.warning(translation.doc.title_pos,
                                   f"the translation lacks the {label} {value} of {source.doc.path} "
                                   f"(line {where[value].line} there); add it where the source has it")

    def run(self) -> Analysis:
        """Run every check over the course, quizzes first, and return the filled-in analysis."""
        course = self.course
        # Quizzes first: what each question cites is known before any lesson is parsed, so
        # rendering can key a lesson's page (its knowledge checks) as soon as it is read.
        for module in course.modules:
            if module.quiz is not None:
                self.quiz_checks(module)
        for module in course.modules:
            for lesson in module.lessons:
                self.parse(lesson.source)
                for doc in lesson.translations.values():
                    self.parse(doc)
        for page in course.pages:
            for doc in (page.source, *page.translations.values()):
                self.parse(doc)
        for module in course.modules:
            self.module(module)
        for page in course.pages:
            if page.id in RESERVED_PAGES:
                self.diags.error(page.pos, f"page id '{page.id}' is reserved for the course's own {page.id} page; choose another id")
            for doc in (page.source, *page.translations.values()):
                self.document(self.analysis.parsed[doc.path], None)
        for term in course.glossary.values():
            for citation in term.cites:
                self.cite(citation)
            for other in term.see:
                if other not in course.glossary:
                    self.diags.error(term.see_pos, f"term '{term.id}': 'see' names '{other}', which is not in the glossary{did_you_mean(other, course.glossary)}")
        return self.analysis

    def module(self, module: Module) -> None:
        """Check a module's requirements and lesson ids, and every lesson with its translations."""
        course = self.course
        for required in module.requires:
            if course.module(required) is None or required == module.id:
                self.diags.error(module.pos, f"module '{module.id}' requires '{required}', which is not another module of the course")
        for lesson in module.lessons:
            if lesson.id == QUIZ_PAGE and module.quiz is not None:
                self.diags.error(lesson.pos, f"lesson id '{QUIZ_PAGE}' is taken by the module's quiz page; choose another id")
            source = self.analysis.parsed[lesson.source.path]
            self.document(source, module)
            for doc in lesson.translations.values():
                translation = self.analysis.parsed[doc.path]
                self.document(translation, module)
                self.translation_keeps(source, translation)

    def quiz_checks(self, module: Module) -> None:
        """Check a module's quiz (objectives tested, citations, feedback, question texts) and record
        each question's citations and terms in `analysis.question_refs`."""
        quiz = module.quiz
        assert quiz is not None
        graded = quiz.graded
        for objective in module.objectives:
            if objective.id in quiz.unreadable_objectives:
                continue
            if not any(q.objective == objective.id for q in graded):
                self.diags.warning(objective.pos, f"objective '{objective.id}' is not tested by any graded question of {quiz.path}")
        if not graded and not quiz.unreadable:
            self.diags.error(quiz.pos, "the quiz has no graded questions (all are 'practice: true')")
        for question in quiz.questions:
            for citation in question.cites:
                self.cite(citation)
            for pos, option in KINDS[question.kind].missing_feedback(question.spec):
                self.diags.warning(pos, f"question '{question.id}': wrong option '{option}' has no feedback")
            cites, terms = self.question_markdown(question.pos, question_texts(question))
            self.analysis.question_refs[(module.id, question.id)] = (
                frozenset(cites | {c.ref for c in question.cites}), frozenset(terms))

    def question_markdown(self, pos: Pos, texts: Iterable[Any]) -> tuple[set[str], set[str]]:
        """Citations, terms and links inside question texts, reported at the question."""
        md = self.analysis.md
        cites: set[str] = set()
        terms: set[str] = set()
        for text in texts:
            for lang, value in text.values.items():
                if "[" not in value and ":" not in value:
                    continue
                key = document_key(pos.path, pos.line, value)
                found = self.known_scans.get(key)
                if found is None:
                    found = scan(md.parse(value, {}), value, pos.path, pos.line)
                self.analysis.scans[key] = found
                for item in found.citations:
                    self.citation(item.value, pos)
                    cites.add(item.value)
                for item in found.terms:
                    self.term(item.value, pos)
                    terms.add(item.value)
                for item in found.links:
                    self.link(pos.path, lang, item._replace(pos=pos), None)
                for item in found.images:
                    self.diags.error(pos, "images are not supported in question texts")
        return cites, terms


def check_course(course: Course, root: Path, diags: Diagnostics, known_scans: dict[str, Scan] | None = None,
                 on_parsed: Callable[[ParsedDoc], None] | None = None,
                 analysis: Analysis | None = None) -> Analysis:
    """Run every cross-file check; the returned analysis feeds rendering.

    `known_scans` (from the build cache) spares parsing unchanged documents; `on_parsed` is
    called as each document is read, so rendering can use its tokens and let them go.
    """
    if analysis is None:
        analysis = Analysis(make_markdown(), SiteMap(course))
    return _Checker(course, root, diags, known_scans or {}, on_parsed, analysis).run()
