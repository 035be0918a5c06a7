"""Translation status: missing, stale and current translations, coverage, and marking a
reviewed translation as current by recording the hash of its source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostics, Pos
from .fingerprint import IdentityMemo, memoized
from .model import Course, Document
from .quizzes import quiz_source_hash
from .sources import content_hash

HASH_LINE = re.compile(r"^source_hash:.*$", re.MULTILINE)


@dataclass(frozen=True)
class Status:
    """One translation (or its absence) of one source file in one language."""

    lang: str
    source: str            # source path
    path: str              # translation path (expected path when missing)
    state: str             # current, stale, unmarked, missing


def document_hash(doc: Document) -> str:
    """The hash of a document's title and body that its translations record as source_hash."""
    return content_hash(doc.title + "\n" + doc.body)


def statuses(course: Course, memo: IdentityMemo | None = None) -> list[Status]:
    """Every translatable file × every other course language (`memo`: see IdentityMemo)."""
    result = []
    others = [lang for lang in course.languages if lang != course.language]

    # A source is hashed only when a translation records a hash to compare it with: a course
    # of 1,000 untranslated lessons would otherwise hash 10 MB of text on every build.
    def documents(source: Document, translations: dict[str, Document]) -> None:
        stem = source.path[:-3]
        for lang in others:
            doc = translations.get(lang)
            if doc is None:
                result.append(Status(lang, source.path, f"{stem}.{lang}.md", "missing"))
            elif doc.source_hash is None:
                result.append(Status(lang, source.path, doc.path, "unmarked"))
            else:
                current = doc.source_hash == memoized(memo, source, document_hash)
                result.append(Status(lang, source.path, doc.path, "current" if current else "stale"))

    for module in course.modules:
        for lesson in module.lessons:
            documents(lesson.source, lesson.translations)
        if module.quiz is not None:
            quiz = module.quiz
            wanted: str | None = None
            for lang in others:
                overlay = quiz.overlays.get(lang)
                if overlay is None:
                    result.append(Status(lang, quiz.path, f"quizzes/{quiz.id}.{lang}.yaml", "missing"))
                elif overlay.source_hash is None:
                    result.append(Status(lang, quiz.path, overlay.path, "unmarked"))
                else:
                    wanted = wanted or quiz_source_hash(quiz, course.language)
                    state = "current" if overlay.source_hash == wanted else "stale"
                    result.append(Status(lang, quiz.path, overlay.path, state))
    for page in course.pages:
        documents(page.source, page.translations)
    return result


def orphans(root: Path, course: Course) -> list[tuple[str, str]]:
    """Translation files nothing uses: (path, why). The build reports them as errors too."""
    known = {doc.path for m in course.modules for lesson in m.lessons for doc in lesson.translations.values()}
    known |= {doc.path for page in course.pages for doc in page.translations.values()}
    known |= {o.path for quiz in course.quizzes for o in quiz.overlays.values()}
    sources = {lesson.source.path for m in course.modules for lesson in m.lessons}
    sources |= {page.source.path for page in course.pages} | {quiz.path for quiz in course.quizzes}
    found = []
    for pattern in ("modules/*/*.*.md", "pages/*.*.md", "quizzes/*.*.yaml"):
        for path in sorted(root.glob(pattern)):
            rel = path.relative_to(root).as_posix()
            stem, suffix = rel.rsplit(".", 1)
            base, _, lang = stem.rpartition(".")
            if rel in known or not base:
                continue
            if f"{base}.{suffix}" not in sources:
                found.append((rel, f"its source {base}.{suffix} is not in the course"))
            elif lang not in course.languages:
                found.append((rel, f"'{lang}' is not one of the course languages"))
    return found


def check_translations(course: Course, diags: Diagnostics, memo: IdentityMemo | None = None) -> None:
    """Warn about stale translations and translations never marked as reviewed."""
    for status in statuses(course, memo):
        if status.state == "stale":
            diags.warning(Pos(status.path), f"translation is stale: {status.source} changed after it was translated; "
                                            f"update it, then run 'course translations --mark-current {status.path}'")
        elif status.state == "unmarked":
            diags.warning(Pos(status.path), f"translation does not record which version of {status.source} it was made "
                                            f"from; after reviewing it run 'course translations --mark-current {status.path}'")


def coverage(course: Course) -> dict[str, dict[str, tuple[int, int]]]:
    """Per language: (translated, total) for lessons, questions and glossary terms."""
    result = {}
    for lang in course.languages:
        lessons = [lesson for module in course.modules for lesson in module.lessons]
        questions = [q for quiz in course.quizzes for q in quiz.questions]
        terms = list(course.glossary.values())
        source = lang == course.language
        result[lang] = {
            "lessons": (sum(1 for lesson in lessons if source or lang in lesson.translations), len(lessons)),
            "questions": (sum(1 for q in questions if q.prompt.has(lang)), len(questions)),
            "terms": (sum(1 for term in terms if term.term.has(lang)), len(terms)),
            "definitions": (sum(1 for term in terms if term.definition.has(lang)), len(terms)),
        }
    return result


def coverage_lines(course: Course) -> list[str]:
    """`coverage` as one line per language, e.g. 'ru: lessons 3/4 (75 %), ...'."""
    lines = []
    for lang, counts in coverage(course).items():
        parts = []
        for what, (done, total) in counts.items():
            percent = 100 if total == 0 else round(100 * done / total)
            parts.append(f"{what} {done}/{total} ({percent} %)")
        lines.append(f"{lang}: " + ", ".join(parts))
    return lines


def source_hash_for(course: Course, rel: str) -> str | None:
    """The hash a translation file at `rel` should record, or None if it is no translation."""
    for module in course.modules:
        for lesson in module.lessons:
            if any(doc.path == rel for doc in lesson.translations.values()):
                return document_hash(lesson.source)
        quiz = module.quiz
        if quiz is not None and any(o.path == rel for o in quiz.overlays.values()):
            return quiz_source_hash(quiz, course.language)
    for page in course.pages:
        if any(doc.path == rel for doc in page.translations.values()):
            return document_hash(page.source)
    return None


def record_hash(path: Path, value: str) -> None:
    """Write `source_hash: value` into a translation's front matter or YAML, keeping the rest."""
    data = path.read_bytes()
    newline = "\r\n" if b"\r\n" in data else "\n"
    text = data.decode("utf-8").replace("\r\n", "\n")
    bom = text.startswith("\ufeff")
    text = text.lstrip("\ufeff")
    line = f"source_hash: {value}"
    lines = text.split("\n")
    if path.suffix == ".md":
        # The header ends at the first line '---' or '...' (as the loader reads it); a rule
        # '---' further down belongs to the body.
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
        header = "\n".join(lines[:end])
        if HASH_LINE.search(header):
            header = HASH_LINE.sub(line, header, count=1)
        else:
            header += "\n" + line
        text = "\n".join([header, *lines[end:]])
    elif HASH_LINE.search(text):
        text = HASH_LINE.sub(line, text, count=1)
    else:
        # After a leading comment block or document marker '---', which must stay first.
        at = 0
        while at < len(lines) and (lines[at].startswith("#") or lines[at].startswith("%")):
            at += 1
        if at < len(lines) and lines[at].rstrip() == "---":
            at += 1
        text = "\n".join([*lines[:at], line, *lines[at:]])
    out = ("\ufeff" if bom else "") + text.replace("\n", newline)
    path.write_bytes(out.encode("utf-8"))
