"""Incremental builds give exactly the bytes of a cold build, after every kind of edit."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

import pytest

from course.pipeline import build

REPO = Path(__file__).resolve().parents[2]
BASIC = REPO / "tests" / "fixtures" / "basic"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture()
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(BASIC, root, ignore=shutil.ignore_patterns(".course-cache"))
    # The course's own theme folder, so a theme edit can be made without touching the default.
    (root / "theme" / "static" / "css").mkdir(parents=True)
    (root / "theme" / "static" / "css" / "extra.css").write_text("/* course styles */\n", encoding="utf-8")
    return root


def lessons_dir(root: Path) -> Path:
    return root / "modules" / "01-framework"


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("lesson body text", lambda r: edit(lessons_dir(r) / "01-definition.md", "It has three elements.",
                                        "It has three elements, each needed.")),
    ("lesson title (navigation of every page in the module)", lambda r: edit(
        lessons_dir(r) / "02-national-law.md", "title: National law", "title: The national law")),
    ("new lesson", lambda r: (
        (lessons_dir(r) / "03-new.md").write_text("---\ntitle: A new lesson\n---\n\nNew text [@palermo:3a].\n",
                                                  encoding="utf-8"),
        edit(lessons_dir(r) / "module.yaml", "lessons: [01-definition, 02-national-law]",
             "lessons: [01-definition, 02-national-law, 03-new]"))),
    ("removed lesson", lambda r: (
        edit(lessons_dir(r) / "module.yaml", "lessons: [01-definition, 02-national-law, 03-new]",
             "lessons: [01-definition, 02-national-law]"),
        (lessons_dir(r) / "03-new.md").unlink())),
    ("lesson order", lambda r: edit(lessons_dir(r) / "module.yaml", "lessons: [01-definition, 02-national-law]",
                                    "lessons: [02-national-law, 01-definition]")),
    ("quiz question (also embedded as a knowledge check)", lambda r: edit(
        r / "quizzes" / "01-framework.yaml", "prompt: Trafficking requires crossing a border.",
        "prompt: Trafficking always requires crossing a border.")),
    ("quiz answer", lambda r: edit(r / "quizzes" / "01-framework.yaml", "answer: false", "answer: true")),
    ("glossary term", lambda r: edit(r / "glossary.yaml", "Labour pledged against a debt",
                                     "Work pledged against a debt")),
    ("authority", lambda r: edit(r / "authorities.yaml", "short: {en: Palermo Protocol,",
                                 "short: {en: Trafficking Protocol,")),
    ("translation", lambda r: edit(lessons_dir(r) / "01-definition.ru.md", "Протокол определяет",
                                   "Палермский протокол определяет")),
    ("quiz translation", lambda r: edit(r / "quizzes" / "01-framework.ru.yaml", "title: Проверьте себя",
                                        "title: Проверьте свои знания")),
    ("theme file", lambda r: (r / "theme" / "static" / "css" / "extra.css").write_text(
        "/* course styles, edited */\n", encoding="utf-8")),
    ("extra page body", lambda r: edit(r / "pages" / "about.md", "A training aid,",
                                       "A training aid (see [the definition](../modules/01-framework/01-definition.md)),")),
    ("extra page title (footer of every page)", lambda r: edit(r / "pages" / "about.md", "title: About this course",
                                                               "title: About the course")),
    ("extra page translated, keeping the source title (footers stop marking it as English)",
     lambda r: (r / "pages" / "about.kk.md").write_text(
         (r / "pages" / "about.md").read_text(encoding="utf-8").split("\n---\n")[0]
         + "\n---\n\nОқу құралы, құқықтық кеңес емес.\n", encoding="utf-8")),
    ("course title", lambda r: edit(r / "course.yaml", "Basic Fixture Course", "Basic Course")),
]


def test_incremental_build_equals_cold_build_after_each_kind_of_edit(course: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = build(course, site, None)
    assert first.reused == 0
    for name, apply in EDITS:
        apply(course)
        result = build(course, site, None)
        cold_site = tmp_path / f"cold-{len(os.listdir(tmp_path))}"
        build(course, cold_site, None, use_cache=False)
        incremental, cold = tree(site), tree(cold_site)
        assert sorted(incremental) == sorted(cold), f"after '{name}': different files"
        changed = [path for path in cold if incremental[path] != cold[path]]
        assert not changed, f"after '{name}': incremental output differs from a cold build in {changed[:5]}"
        assert not result.up_to_date, f"after '{name}': the edit was not noticed"


def test_unchanged_course_is_reported_up_to_date_and_left_alone(course: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(course, site, None)
    before = tree(site)
    again = build(course, site, None)
    assert again.up_to_date
    assert tree(site) == before


def test_body_edit_rebuilds_only_that_lessons_pages(course: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(course, site, None)
    edit(lessons_dir(course) / "02-national-law.md", "is confirmed;", "is confirmed by the resolution;")
    result = build(course, site, None)
    # Reusable: the language chooser and 3 languages x (3 lessons + 2 quizzes + home, glossary,
    # authorities, about). The edited lesson is shown in all three languages (it has no
    # translation): 3 pages are rendered again.
    assert result.reused == 25


def test_glossary_edit_rebuilds_only_pages_that_use_the_term(course: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(course, site, None)
    edit(course / "glossary.yaml", "Labour pledged against a debt", "Work pledged against a debt")
    result = build(course, site, None)
    # Only 01-definition links the term (its English page and its Russian text, shown in ru and
    # kk), and the glossary pages list it: 3 + 3 pages are rendered again, 22 reused.
    assert result.reused == 22


def written_again(site: Path, rebuild: Callable[[], object]) -> set[str]:
    """The pages a rebuild wrote anew; a reused page is a hard link to the previous file, so it
    keeps its inode."""
    def inodes() -> dict[str, int]:
        return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}
    before = inodes()
    rebuild()
    return {path for path, inode in inodes().items() if before.get(path) != inode}


def in_every_language(*paths: str) -> set[str]:
    return {f"{lang}/{path}" for lang in ("en", "ru", "kk") for path in paths}


def test_lesson_title_edit_rebuilds_exactly_the_pages_that_show_the_title(course: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(course, site, None)
    edit(lessons_dir(course) / "02-national-law.md", "title: National law", "title: The national law")
    # The module's navigation (its three pages), the home page's outline and the table of
    # authorities (it names the pages citing each instrument) show the title; the other
    # module, the glossary and the about page do not.
    assert written_again(site, lambda: build(course, site, None)) == in_every_language(
        "01-framework/01-definition.html", "01-framework/02-national-law.html", "01-framework/quiz.html",
        "index.html", "authorities.html")


def test_authority_edit_rebuilds_exactly_the_pages_that_cite_it(course: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(course, site, None)
    edit(course / "authorities.yaml", "short: {en: Palermo Protocol,", "short: {en: Trafficking Protocol,")
    # Both lessons of the first module cite the Protocol, so does a question of its quiz and a
    # glossary term; the table of authorities lists it. Nothing in the second module does.
    assert written_again(site, lambda: build(course, site, None)) == in_every_language(
        "01-framework/01-definition.html", "01-framework/02-national-law.html", "01-framework/quiz.html",
        "glossary.html", "authorities.html")


def test_unrelated_edit_rewrites_neither_the_about_page_nor_the_language_chooser(course: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(course, site, None)
    edit(lessons_dir(course) / "01-definition.md", "It has three elements.", "It has three elements, each needed.")
    rebuilt = written_again(site, lambda: build(course, site, None))
    assert "index.html" not in rebuilt and not rebuilt & in_every_language("about.html")
    assert rebuilt == {"en/01-framework/01-definition.html"}  # ru and kk show its Russian translation


def test_deleting_the_cache_changes_nothing_in_the_output(course: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(course, site, None)
    first = tree(site)
    shutil.rmtree(course / ".course-cache")
    build(course, site, None)
    assert tree(site) == first


LESSON_PAGE = "en/01-framework/01-definition.html"


def test_hand_edited_or_deleted_output_is_rebuilt_not_trusted(course: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(course, site, None)
    built = tree(site)
    (site / LESSON_PAGE).write_text("edited by hand", encoding="utf-8")
    (site / "ru" / "glossary.html").unlink()
    result = build(course, site, None)
    assert not result.up_to_date
    assert tree(site) == built


def test_a_page_deleted_from_the_old_site_during_the_build_is_written_again(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from course.writer import SiteWriter

    site = tmp_path / "site"
    build(course, site, None)
    built = tree(site)
    os.utime(lessons_dir(course) / "02-national-law.md", ns=(1, 1))  # touched, not changed: every page is reused
    write_all = SiteWriter.write_all

    def deleted_meanwhile(writer: SiteWriter, files: object) -> None:
        # The build has chosen to reuse this page; then someone deletes it from the site.
        if (site / "ru" / "glossary.html").exists():
            (site / "ru" / "glossary.html").unlink()
        write_all(writer, files)

    monkeypatch.setattr(SiteWriter, "write_all", deleted_meanwhile)
    result = build(course, site, None)
    assert not result.up_to_date and result.reused == 0
    assert tree(site) == built


def test_pages_are_never_reused_from_a_site_the_cache_did_not_build(course: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    build(course, first, None)
    built = tree(first)
    shutil.copytree(first, second)
    (second / LESSON_PAGE).write_text("stale page from elsewhere", encoding="utf-8")
    result = build(course, second, None)
    assert result.reused == 0
    assert tree(second) == built


def test_a_lesson_folder_called_site_is_watched_like_any_other(course: Path, tmp_path: Path) -> None:
    from course.cache import source_state

    (course / "modules" / "site").mkdir()
    (course / "modules" / "site" / "lesson.md").write_text("text\n", encoding="utf-8")
    (course / "site").mkdir()
    (course / "site" / "index.html").write_text("output\n", encoding="utf-8")
    state = source_state(course)
    assert "modules/site/lesson.md" in state
    assert "site/index.html" not in state


# -- the preview's reload of edited lessons and pages (course preview) ------------------------

DOCUMENT_EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("lesson body text", EDITS[0][1]),
    ("lesson title", EDITS[1][1]),
    ("lesson translation", lambda r: edit(lessons_dir(r) / "01-definition.ru.md", "Протокол определяет",
                                          "Палермский протокол определяет")),
    ("extra page", lambda r: edit(r / "pages" / "about.md", "not legal advice.", "not legal advice, ever.")),
    ("lesson objective unknown (an error)", lambda r: edit(
        lessons_dir(r) / "01-definition.md", "objectives: [define]", "objectives: [define, nonsense]")),
    ("objective fixed", lambda r: edit(
        lessons_dir(r) / "01-definition.md", "objectives: [define, nonsense]", "objectives: [define]")),
    ("link to a missing heading (an error found by checks)", lambda r: edit(
        lessons_dir(r) / "01-definition.md", "It has three elements", "It has [three](#nowhere) elements")),
    ("link fixed", lambda r: edit(
        lessons_dir(r) / "01-definition.md", "It has [three](#nowhere) elements", "It has three elements")),
]


RELOAD_ONLY_EDITED = {"lesson body text", "lesson title", "lesson translation", "extra page", "extra page body",
                      "extra page title (footer of every page)",
                      "link to a missing heading (an error found by checks)", "link fixed"}


def test_preview_builds_equal_cold_builds_and_report_the_same_problems_after_each_edit(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import course.loader as loader
    from course.cache import source_state
    from course.errors import BuildFailed
    from course.pipeline import Memory, check

    full_loads = []
    real_load = loader.load_course
    monkeypatch.setattr(loader, "load_course", lambda *a: full_loads.append(1) or real_load(*a))
    site, memory = tmp_path / "site", Memory()
    # Warnings from loading files nobody edits must still be reported after a partial reload.
    (lessons_dir(course) / "notes.md").write_text("---\ntitle: Notes\n---\n\nNot listed.\n", encoding="utf-8")
    edits = DOCUMENT_EDITS + [e for e in EDITS if e[0] not in {EDITS[0][0], EDITS[1][0], "translation"}]
    assert "objectives: [define]" in (lessons_dir(course) / "01-definition.md").read_text(encoding="utf-8")
    build(course, site, None, memory=memory)
    for name, apply in edits:
        apply(course)
        loads_before = len(full_loads)
        try:
            problems = build(course, site, None, memory=memory).checked.diagnostics.report_lines()
        except BuildFailed as failure:
            problems = failure.diagnostics.report_lines()
        reloaded_all = len(full_loads) > loads_before
        try:
            expected = check(course).diagnostics.report_lines()
        except BuildFailed as failure:
            expected = failure.diagnostics.report_lines()
        assert problems == expected, f"after '{name}': the preview reports other problems than a full check"
        assert any("notes.md" in line for line in problems)
        # Loading errors (and the edit after one) take the full load, so its report is exact.
        expect_reload = name not in RELOAD_ONLY_EDITED
        assert reloaded_all == expect_reload, \
            f"after '{name}': {'everything was loaded again' if reloaded_all else 'a full load was skipped'}"
        if any(line.split(": ")[1] == "error" for line in expected if ": " in line):
            continue  # nothing is written; the next edit fixes it
        cold_site = tmp_path / f"cold-{len(os.listdir(tmp_path))}"
        build(course, cold_site, None, use_cache=False)
        incremental, cold = tree(site), tree(cold_site)
        assert sorted(incremental) == sorted(cold), f"after '{name}': different files"
        assert [p for p in cold if incremental[p] != cold[p]] == [], f"after '{name}': output differs from a cold build"
    assert source_state(course, exclude=(site,)) == memory.loaded.sources


def test_the_cache_keeps_one_parsed_yaml_per_file_through_many_preview_saves(course: Path, tmp_path: Path) -> None:
    from course.cache import BuildCache
    from course.pipeline import Memory

    site, memory = tmp_path / "site", Memory()
    build(course, site, None, memory=memory)
    first = BuildCache.load(course).load_parts().yaml
    lesson = lessons_dir(course) / "01-definition.md"
    for n in range(4):
        edit(lesson, "title: The definition" if n == 0 else f"title: Definition {n - 1}", f"title: Definition {n}")
        build(course, site, None, memory=memory)          # the front matter changes each time
        edit(course / "quizzes" / "01-framework.yaml", "Trafficking requires" if n == 0 else f"Trafficking {n - 1} requires",
             f"Trafficking {n} requires")
        build(course, site, None, memory=memory)          # a full load
    entries = BuildCache.load(course).load_parts().yaml
    # One entry per file read (interface string tables of several languages share a name).
    assert len(entries) == len(first)
    assert sorted(key[0] for key in entries) == sorted(key[0] for key in first)


def test_packages_after_an_edit_equal_cold_ones_and_only_changed_files_are_compressed_again(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from course import ziparchive

    site, dist = tmp_path / "site", tmp_path / "dist"
    build(course, site, dist)
    before = tree(site)
    edit(lessons_dir(course) / "01-definition.md", "It has three elements.", "It has three elements, each needed.")
    compressed: list[bytes] = []
    real = ziparchive.deflate
    monkeypatch.setattr(ziparchive, "deflate", lambda content: (compressed.append(content), real(content))[1])
    result = build(course, site, dist)
    changed = {content for path, content in tree(site).items() if before.get(path) != content}
    # Each changed page once, though both packages hold it; the manifests did not change.
    assert changed and any(b"each needed" in content for content in changed)
    assert sorted(compressed) == sorted(changed)
    monkeypatch.undo()
    cold_site, cold_dist = tmp_path / "cold-site", tmp_path / "cold-dist"
    build(course, cold_site, cold_dist, use_cache=False)
    assert [p.name for p in result.packages] == sorted(p.name for p in cold_dist.iterdir())
    assert tree(dist) == tree(cold_dist)
