"""Reads a course folder into the model: modules, lessons, quizzes, pages, references.

Content files are read here, through `sources`; `config` reads course.yaml and `theme` the
theme. Checks afterwards only look for the files that links and images name.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .config import CourseConfig
from .errors import ERROR, Diagnostic, Diagnostics, Pos, did_you_mean
from .model import Course, Document, Lesson, LocalText, Module, Objective, Page, Quiz
from .quizzes import apply_overlay, parse_quiz
from .reference import load_authorities, load_glossary
from .schema import Reader, id_problem
from .sources import read_text, read_yaml_map, split_front_matter

class ObjectiveIds(set):
    """Objective ids of a module; incomplete when module.yaml had errors (then any id passes)."""

    def __init__(self, ids: set[str], complete: bool = True):
        super().__init__(ids)
        self.complete = complete

    def __contains__(self, item: object) -> bool:
        return not self.complete or super().__contains__(item)


MODULE_KEYS = ("title", "description", "objectives", "requires", "lessons", "quiz")
LESSON_KEYS = ("title", "objectives", "minutes")
TRANSLATION_KEYS = ("title", "source_hash")


def load_document(root: Path, rel: str, lang: str, translation: bool, config: CourseConfig,
                  diags: Diagnostics, extra_keys: tuple[str, ...] = ()) -> tuple[Document, Reader] | None:
    """A Markdown file with front matter, as a Document plus a reader for its header."""
    text = read_text(root, rel, diags)
    if text is None:
        return None
    parts = split_front_matter(text, rel, diags)
    if parts is None:
        return None
    r = Reader(parts.header, diags, "", config.languages, config.language)
    r.keys(TRANSLATION_KEYS if translation else ("title",) + extra_keys, ("title",))
    title = r.str("title")
    if title is None:
        return None
    source_hash = r.str("source_hash") if translation else None
    return Document(lang, rel, title, parts.body, parts.body_line, source_hash, r.at("title")), r


def _translations(root: Path, folder: str, stem: str, config: CourseConfig,
                  diags: Diagnostics) -> dict[str, Document]:
    result = {}
    for lang in config.languages:
        rel = f"{folder}/{stem}.{lang}.md"
        if lang != config.language and (root / rel).is_file():
            loaded = load_document(root, rel, lang, True, config, diags)
            if loaded:
                result[lang] = loaded[0]
    return result


def _lesson(root: Path, module_id: str, lesson_id: str, pos: Pos, objectives: set[str],
            config: CourseConfig, diags: Diagnostics, unreadable: set[str]) -> Lesson | None:
    folder = f"modules/{module_id}"
    rel = f"{folder}/{lesson_id}.md"
    if not (root / rel).is_file():
        diags.error(pos, f"lesson '{lesson_id}' is listed but {rel} does not exist")
        return None
    loaded = load_document(root, rel, config.language, False, config, diags, ("objectives", "minutes"))
    if loaded is None:
        unreadable.add(rel)
        return None
    document, r = loaded
    lesson_objectives = []
    for objective, objective_pos in r.id_list("objectives"):
        if objective not in objectives:
            r.error(objective_pos, f"objective '{objective}' is not defined in module '{module_id}'{did_you_mean(objective, objectives)}")
        else:
            lesson_objectives.append(objective)
    minutes = r.int("minutes", 0, minimum=1) or None
    return Lesson(lesson_id, module_id, tuple(lesson_objectives), minutes, document,
                  _translations(root, folder, lesson_id, config, diags), pos)


def _stray_markdown(root: Path, folder: str, listed: set[str], config: CourseConfig,
                    diags: Diagnostics, what: str, listing: str) -> None:
    """Warn about Markdown files nobody lists, and translations of missing sources."""
    for path in sorted((root / folder).glob("*.md")):
        stem = path.name[:-3]
        base, _, lang = stem.rpartition(".")
        rel = f"{folder}/{path.name}"
        if base and lang == config.language:
            diags.warning(Pos(rel), f"'{lang}' is the source language, so this file is not used; "
                                    f"the source text belongs in {folder}/{base}.md")
        elif base and lang in config.languages:
            if base not in listed:
                diags.error(Pos(rel), f"translation of {what} '{base}', which does not exist (no {folder}/{base}.md in {listing})")
        elif base and len(lang) in (2, 3) and lang.isalpha() and lang.islower() and base in listed:
            diags.warning(Pos(rel), f"'{lang}' is not one of the course languages ({', '.join(config.languages)}); this translation is not built")
        elif stem not in listed:
            diags.warning(Pos(rel), f"{what} file is not listed in {listing}, so it is not in the course")


def _objectives(r: Reader) -> tuple[Objective, ...]:
    mapping = r.map("objectives")
    if mapping is None:
        return ()
    result = []
    for objective_id, value in mapping.items():
        problem = id_problem(objective_id)
        if problem:
            r.error(mapping.key_at(objective_id), f"objective {problem}" if problem.startswith("must") else problem)
            continue
        text = r.text_value(value, mapping.at(objective_id), f"objective '{objective_id}'")
        if text is not None:
            result.append(Objective(objective_id, text, mapping.key_at(objective_id)))
    return tuple(result)


def _quiz(root: Path, quiz_id: str, pos: Pos, module_id: str, objectives: set[str],
          config: CourseConfig, diags: Diagnostics, unreadable: set[str]) -> Quiz | None:
    rel = f"quizzes/{quiz_id}.yaml"
    if not (root / rel).is_file():
        diags.error(pos, f"quiz '{quiz_id}' is named but {rel} does not exist")
        return None
    data = read_yaml_map(root, rel, diags)
    if data is None:
        unreadable.add(rel)
        return None
    quiz = parse_quiz(data, rel, quiz_id, module_id, objectives, config.pass_mark,
                      config.languages, config.language, diags)
    if quiz is None:
        return None
    for lang in config.languages:
        overlay_rel = f"quizzes/{quiz_id}.{lang}.yaml"
        if lang == config.language or not (root / overlay_rel).is_file():
            continue
        overlay_data = read_yaml_map(root, overlay_rel, diags)
        if overlay_data is not None:
            quiz.overlays[lang] = apply_overlay(quiz, overlay_data, overlay_rel, lang,
                                                config.languages, config.language, diags)
    return quiz


def _module(root: Path, module_id: str, pos: Pos, config: CourseConfig, diags: Diagnostics,
            unreadable: set[str], named_quizzes: set[str]) -> Module | None:
    folder = f"modules/{module_id}"
    rel = f"{folder}/module.yaml"
    if not (root / rel).is_file():
        what = "folder" if not (root / folder).is_dir() else "module.yaml"
        diags.error(pos, f"module '{module_id}' is listed but {rel} does not exist (missing {what})")
        return None
    data = read_yaml_map(root, rel, diags)
    if data is None:
        unreadable.add(rel)
        return None
    errors_before = len(diags.errors)
    r = Reader(data, diags, "", config.languages, config.language)
    r.keys(MODULE_KEYS, ("title", "lessons"))
    objectives = _objectives(r)
    objective_ids = {o.id for o in objectives}
    if len(diags.errors) > errors_before:
        unreadable.add(rel)
        # Objectives that could not be read must not make every use of them a second error.
        objective_ids = ObjectiveIds(objective_ids, complete=False)
    lessons, seen = [], {}
    for lesson_id, lesson_pos in r.id_list("lessons"):
        if lesson_id in seen:
            r.error(lesson_pos, f"duplicate lesson id '{lesson_id}' (first listed on line {seen[lesson_id].line})")
            continue
        seen[lesson_id] = lesson_pos
        lesson = _lesson(root, module_id, lesson_id, lesson_pos, objective_ids, config, diags, unreadable)
        if lesson is not None:
            lessons.append(lesson)
    _stray_markdown(root, folder, set(seen), config, diags, "lesson", f"{rel} 'lessons'")
    quiz_id = r.id("quiz")
    if quiz_id:
        named_quizzes.add(quiz_id)
    quiz = _quiz(root, quiz_id, r.at("quiz"), module_id, objective_ids, config, diags, unreadable) if quiz_id else None
    title = r.text("title") or LocalText({config.language: module_id})
    return Module(module_id, folder, title, r.text("description"), objectives,
                  tuple(item for item, _ in r.id_list("requires")), tuple(lessons), quiz, pos)


def _page(root: Path, page_id: str, pos: Pos, config: CourseConfig, diags: Diagnostics,
          unreadable: set[str]) -> Page | None:
    rel = f"pages/{page_id}.md"
    if not (root / rel).is_file():
        diags.error(pos, f"page '{page_id}' is listed but {rel} does not exist")
        return None
    loaded = load_document(root, rel, config.language, False, config, diags)
    if loaded is None:
        unreadable.add(rel)
        return None
    return Page(page_id, loaded[0], _translations(root, "pages", page_id, config, diags), pos)


def _pages(root: Path, config: CourseConfig, diags: Diagnostics, unreadable: set[str]) -> tuple[Page, ...]:
    pages = [_page(root, page_id, pos, config, diags, unreadable) for page_id, pos in config.pages]
    if (root / "pages").is_dir():
        _stray_markdown(root, "pages", {p for p, _ in config.pages}, config, diags, "page", "course.yaml 'pages'")
    return tuple(page for page in pages if page is not None)


def _stray_folders(root: Path, config: CourseConfig, named_quizzes: set[str], unreadable: set[str],
                   diags: Diagnostics) -> None:
    listed = {module_id for module_id, _ in config.modules}
    if (root / "modules").is_dir():
        for folder in sorted(p for p in (root / "modules").iterdir() if p.is_dir()):
            if folder.name not in listed and (folder / "module.yaml").exists():
                diags.warning(Pos(f"modules/{folder.name}/module.yaml"),
                              "module is not listed in course.yaml 'modules', so it is not in the course")
    used = named_quizzes
    # A module.yaml that could not be read may name any quiz: say nothing about strays then.
    if (root / "quizzes").is_dir() and not any(p.endswith("module.yaml") for p in unreadable):
        for path in sorted((root / "quizzes").glob("*.yaml")):
            stem = path.name[:-5]
            base, _, lang = stem.rpartition(".")
            if lang == config.language and base:
                diags.warning(Pos(f"quizzes/{path.name}"), f"'{lang}' is the source language, so this overlay is not "
                                                           f"used; the source text belongs in quizzes/{base}.yaml")
            elif lang in config.languages and base:
                if base not in used:
                    diags.error(Pos(f"quizzes/{path.name}"), f"translation of quiz '{base}', which no module uses")
            elif stem not in used:
                diags.warning(Pos(f"quizzes/{path.name}"), "quiz file is not named by any module's 'quiz', so it is not in the course")


def load_course(root: Path, config: CourseConfig, diags: Diagnostics) -> Course:
    """Everything under the course folder, as a Course; problems go to `diags`."""
    modules = []
    unreadable: set[str] = set()
    named_quizzes: set[str] = set()
    for module_id, pos in config.modules:
        module = _module(root, module_id, pos, config, diags, unreadable, named_quizzes)
        if module is not None:
            modules.append(module)
    _stray_folders(root, config, named_quizzes, unreadable, diags)
    authorities = load_authorities(root, config, diags)
    glossary = load_glossary(root, config, diags)
    for shared, table in (("authorities.yaml", authorities), ("glossary.yaml", glossary)):
        # Only a file that could not be read at all hides its uses; a partly wrong one does not.
        if not table and any(d.pos.path == shared for d in diags.errors):
            unreadable.add(shared)
    return Course(
        id=config.id, version=config.version, title=config.title, description=config.description,
        language=config.language, languages=config.languages, fallbacks=config.fallbacks,
        organization=config.organization, hours=config.hours, pass_mark=config.pass_mark,
        modules=tuple(modules), authorities=authorities, glossary=glossary,
        pages=_pages(root, config, diags, unreadable), scorm_versions=config.scorm_versions,
        unreadable=frozenset(unreadable))


@dataclass(frozen=True)
class Loaded:
    """A loaded course, what loading it reported, and the course files' state it was read
    from. `course preview` keeps it so that an edit of lesson or page text reloads only the
    lessons and pages edited (see `reload_documents`)."""

    course: Course
    problems: tuple[Diagnostic, ...]
    sources: dict[str, tuple[int, int]]


def reload_documents(root: Path, config: CourseConfig, previous: Loaded,
                     sources: dict[str, tuple[int, int]], diags: Diagnostics) -> Course | None:
    """The previous course with its edited lessons and pages read again, reporting into `diags`
    what a full load would report; None when anything else changed (a YAML file, a file added
    or removed) or a load had errors, so the caller loads everything.

    Loading one lesson depends only on its files, its module's objectives and course.yaml, so
    reloading the edited ones gives the same course and problems as a full load.
    """
    if set(sources) != set(previous.sources) or any(p.severity == ERROR for p in previous.problems):
        return None
    changed = {rel for rel, state in sources.items() if previous.sources[rel] != state}
    course = previous.course
    lesson_of: dict[str, tuple[int, int]] = {}
    page_of: dict[str, int] = {}
    for m, module in enumerate(course.modules):
        for n, lesson in enumerate(module.lessons):
            for doc in (lesson.source, *lesson.translations.values()):
                lesson_of[doc.path] = (m, n)
    for n, page in enumerate(course.pages):
        for doc in (page.source, *page.translations.values()):
            page_of[doc.path] = n
    if not changed or any(rel not in lesson_of and rel not in page_of for rel in changed):
        return None
    fresh = Diagnostics()
    modules = list(course.modules)
    pages = list(course.pages)
    reread: set[str] = set()
    unreadable: set[str] = set()
    for m, n in sorted({lesson_of[rel] for rel in changed if rel in lesson_of}):
        module, old = modules[m], modules[m].lessons[n]
        reread.update(doc.path for doc in (old.source, *old.translations.values()))
        lesson = _lesson(root, module.id, old.id, old.pos, ObjectiveIds({o.id for o in module.objectives}),
                         config, fresh, unreadable)
        if lesson is None:
            return None
        lessons = list(module.lessons)
        lessons[n] = lesson
        modules[m] = dataclasses.replace(module, lessons=tuple(lessons))
    for n in sorted({page_of[rel] for rel in changed if rel in page_of}):
        old_page = pages[n]
        reread.update(doc.path for doc in (old_page.source, *old_page.translations.values()))
        page = _page(root, old_page.id, old_page.pos, config, fresh, unreadable)
        if page is None:
            return None
        pages[n] = page
    if fresh.errors or unreadable:
        return None
    diags.items.extend(p for p in previous.problems if p.pos.path not in reread)
    diags.items.extend(fresh.items)
    return dataclasses.replace(course, modules=tuple(modules), pages=tuple(pages))
