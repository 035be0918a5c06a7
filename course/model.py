"""The course as data: frozen dataclasses with no I/O.

Loaders build these from source files; checks and renderers only read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from .errors import Pos

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")


def is_id(value: object) -> bool:
    """True for a well-formed author id: lower-case letters, digits, hyphens."""
    return isinstance(value, str) and bool(ID_PATTERN.match(value))


@dataclass(frozen=True)
class LocalText:
    """A short text in one or more languages, e.g. a title."""

    values: dict[str, str]

    def get(self, chain: Sequence[str]) -> str:
        """The text in the first language of `chain` that has it (chain ends in the source)."""
        for lang in chain:
            if lang in self.values:
                return self.values[lang]
        return next(iter(self.values.values()), "")

    def has(self, lang: str) -> bool:
        return lang in self.values


@dataclass(frozen=True)
class Citation:
    """A reference to an authority, optionally to one of its articles."""

    instrument: str
    article: str | None
    pos: Pos

    @property
    def ref(self) -> str:
        return f"{self.instrument}:{self.article}" if self.article else self.instrument


@dataclass(frozen=True)
class Objective:
    """A learning objective of a module."""

    id: str
    text: LocalText
    pos: Pos


@dataclass(frozen=True)
class Document:
    """One language version of a Markdown file (a lesson or an extra page)."""

    lang: str
    path: str
    title: str
    body: str
    body_line: int          # line of the file where the body starts (1-based)
    source_hash: str | None  # for translations: hash of the source they were made from
    title_pos: Pos


def pick_document(source: Document, translations: dict[str, Document], chain: Sequence[str]) -> Document:
    """The first of `chain`'s languages that has a text: a translation, or the source."""
    for lang in chain:
        if lang in translations:
            return translations[lang]
        if lang == source.lang:
            return source
    return source


@dataclass(frozen=True)
class Lesson:
    """A lesson of a module: its source document, translations, objectives and minutes."""

    id: str
    module_id: str
    objectives: tuple[str, ...]
    minutes: int | None
    source: Document
    translations: dict[str, Document]
    pos: Pos                # where module.yaml lists it

    def document(self, chain: Sequence[str]) -> Document:
        """The lesson text in the first language of `chain` that has one."""
        return pick_document(self.source, self.translations, chain)


@dataclass(frozen=True)
class Page:
    """An extra page such as 'about' or 'references'."""

    id: str
    source: Document
    translations: dict[str, Document]
    pos: Pos

    def document(self, chain: Sequence[str]) -> Document:
        """The page text in the first language of `chain` that has one."""
        return pick_document(self.source, self.translations, chain)


@dataclass(frozen=True)
class Question:
    """A quiz question: the fields every kind shares, and the kind's own data in `spec`."""

    id: str
    kind: str
    prompt: LocalText
    objective: str
    objective_pos: Pos
    cites: tuple[Citation, ...]
    explanation: LocalText | None
    points: float
    practice: bool
    spec: Any               # kind-specific data, see course.quizzes
    pos: Pos


@dataclass(frozen=True)
class Overlay:
    """A quiz translation file."""

    lang: str
    path: str
    source_hash: str | None
    pos: Pos


@dataclass(frozen=True)
class Quiz:
    """A module's quiz: its settings, questions and translation overlays."""

    id: str
    path: str
    module_id: str
    title: LocalText
    pass_mark: int
    attempts: int
    shuffle: bool
    draw: int | dict[str, int] | None
    score: str
    questions: tuple[Question, ...]
    overlays: dict[str, Overlay]
    pos: Pos
    # Questions that could not be read (already reported) and the objectives they named:
    # later checks must not report their absence as a second problem.
    unreadable: int = 0
    unreadable_objectives: tuple[str, ...] = ()
    unreadable_ids: tuple[str, ...] = ()

    @property
    def graded(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if not q.practice)

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)


@dataclass(frozen=True)
class Module:
    """A module: its metadata, objectives, lessons in order and optional quiz."""

    id: str
    path: str
    title: LocalText
    description: LocalText | None
    objectives: tuple[Objective, ...]
    requires: tuple[str, ...]
    lessons: tuple[Lesson, ...]
    quiz: Quiz | None
    pos: Pos                # where course.yaml lists it

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)


@dataclass(frozen=True)
class Article:
    """An article (or paragraph) of an authority, and whether its number is confirmed."""

    id: str
    title: LocalText
    confirmed: bool
    pos: Pos


@dataclass(frozen=True)
class Authority:
    """An instrument the course cites (treaty, law, case, ...) and its citable articles."""

    id: str
    short: LocalText
    title: LocalText
    kind: str
    adopted: str | None
    in_force: str | None
    text_date: str | None
    url: str | None
    unit: str
    note: LocalText | None
    articles: dict[str, Article]
    pos: Pos


@dataclass(frozen=True)
class Term:
    """A glossary term: its name, definition, citations and related terms."""

    id: str
    term: LocalText
    definition: LocalText
    cites: tuple[Citation, ...]
    see: tuple[str, ...]
    see_pos: Pos
    pos: Pos


@dataclass(frozen=True)
class Course:
    """The whole course: metadata, modules, authorities, glossary and extra pages."""

    id: str
    version: str
    title: LocalText
    description: LocalText | None
    language: str
    languages: tuple[str, ...]
    fallbacks: dict[str, str]
    organization: str
    hours: float | None
    pass_mark: int
    modules: tuple[Module, ...]
    authorities: dict[str, Authority]
    glossary: dict[str, Term]
    pages: tuple[Page, ...]
    scorm_versions: tuple[str, ...] = field(default=("1.2", "2004"))
    # Source files that exist or are listed but could not be read (already reported).
    unreadable: frozenset[str] = frozenset()

    def chain(self, lang: str) -> tuple[str, ...]:
        """Languages to try for text shown in `lang`: itself, its fallback, the source."""
        # Asked for by every text on every page: worked out once per language.
        known = self.__dict__.setdefault("_chains", {})
        if lang not in known:
            known[lang] = self._chain(lang)
        return known[lang]

    def _chain(self, lang: str) -> tuple[str, ...]:
        chain = [lang]
        seen = {lang}
        nxt = self.fallbacks.get(lang)
        while nxt and nxt not in seen:
            chain.append(nxt)
            seen.add(nxt)
            nxt = self.fallbacks.get(nxt)
        if self.language not in seen:
            chain.append(self.language)
        return tuple(chain)

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    @property
    def quizzes(self) -> tuple[Quiz, ...]:
        return tuple(m.quiz for m in self.modules if m.quiz is not None)
