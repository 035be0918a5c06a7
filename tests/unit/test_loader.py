"""course.loader: modules, lessons, translations, pages, and warnings about stray files."""

from __future__ import annotations

from pathlib import Path


from course.errors import Pos
from coursekit import BASIC, copy_fixture, errors, load, messages, tiny_course, warnings

RU_LESSON = "---\ntitle: Урок один\n---\n\nТекст.\n"


def test_fixture_loads_without_problems() -> None:
    course, diags = load(BASIC)
    assert messages(diags) == []
    assert [m.id for m in course.modules] == ["01-framework", "02-identification"]
    framework = course.module("01-framework")
    assert [lesson.id for lesson in framework.lessons] == ["01-definition", "02-national-law"]
    assert [o.id for o in framework.objectives] == ["define", "consent"]
    assert framework.quiz is not None and framework.quiz.id == "01-framework"
    assert [p.id for p in course.pages] == ["about"]
    assert set(course.authorities) == {"palermo", "kz-cc"} and set(course.glossary) == {"debt-bondage", "consent"}


def test_lesson_header_fields() -> None:
    course, _ = load(BASIC)
    lesson = course.module("01-framework").lesson("01-definition")
    assert lesson.objectives == ("define",)
    assert lesson.minutes == 10
    assert lesson.source.title == "The definition"
    assert lesson.source.body_line == 6
    assert lesson.source.title_pos == Pos("modules/01-framework/01-definition.md", 2, 8)
    assert lesson.pos == Pos("modules/01-framework/module.yaml", 6, 11)


def test_translations_are_discovered() -> None:
    course, _ = load(BASIC)
    lesson = course.module("01-framework").lesson("01-definition")
    assert set(lesson.translations) == {"ru"}
    ru = lesson.translations["ru"]
    assert (ru.lang, ru.path, ru.title, ru.source_hash) == (
        "ru", "modules/01-framework/01-definition.ru.md", "Определение", "0e46add6cca9")
    assert course.module("01-framework").lesson("02-national-law").translations == {}
    assert set(course.module("01-framework").quiz.overlays) == {"ru"}


def test_lesson_document_follows_the_fallback_chain() -> None:
    course, _ = load(BASIC)
    lesson = course.module("01-framework").lesson("01-definition")
    assert course.chain("kk") == ("kk", "ru", "en")
    assert lesson.document(course.chain("kk")).lang == "ru"
    assert lesson.document(course.chain("en")).lang == "en"
    other = course.module("01-framework").lesson("02-national-law")
    assert other.document(course.chain("kk")).lang == "en"


def test_quiz_overlay_texts_are_merged() -> None:
    course, _ = load(BASIC)
    quiz = course.module("01-framework").quiz
    assert quiz.question("border").prompt.values["ru"] == "Торговля людьми требует пересечения границы."
    assert "ru" not in quiz.question("acts").prompt.values


def test_translation_of_a_language_not_built_is_ignored(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", {"modules/m1/l1.de.md": "---\ntitle: Lektion\n---\n\nText.\n",
                                        "modules/m1/l1.ru.md": RU_LESSON})
    course, diags = load(root)
    assert set(course.modules[0].lessons[0].translations) == {"ru"}
    assert warnings(diags) == ["modules/m1/l1.de.md:1:1: warning: 'de' is not one of the course languages "
                               "(en, ru, kk); this translation is not built"]


def test_translation_may_only_have_title_and_source_hash(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", {"modules/m1/l1.ru.md": "---\ntitle: Урок\nminutes: 5\n---\n\nТекст.\n"})
    _, diags = load(root)
    assert errors(diags) == ["modules/m1/l1.ru.md:3:1: error: unknown key 'minutes'"]


def test_unlisted_lesson_file_is_warned(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", {"modules/m1/draft.md": "---\ntitle: Draft\n---\n\nx\n"})
    course, diags = load(root)
    assert [lesson.id for lesson in course.modules[0].lessons] == ["l1"]
    assert messages(diags) == ["modules/m1/draft.md:1:1: warning: lesson file is not listed in modules/m1/module.yaml "
                               "'lessons', so it is not in the course"]


def test_translation_of_a_missing_lesson_is_an_error(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", {"modules/m1/gone.ru.md": RU_LESSON})
    _, diags = load(root)
    assert messages(diags) == ["modules/m1/gone.ru.md:1:1: error: translation of lesson 'gone', which does not exist "
                               "(no modules/m1/gone.md in modules/m1/module.yaml 'lessons')"]


def test_unlisted_module_folder_is_warned(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", {"modules/m2/module.yaml": "title: Two\nlessons: []\n"})
    _, diags = load(root)
    assert messages(diags) == ["modules/m2/module.yaml:1:1: warning: module is not listed in course.yaml 'modules', "
                               "so it is not in the course"]


def test_folder_without_module_yaml_is_not_warned(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", {"modules/notes/readme.txt": "x"})
    _, diags = load(root)
    assert messages(diags) == []


def test_unused_quiz_and_its_translation(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", {"quizzes/old.yaml": "questions: []\n", "quizzes/old.ru.yaml": "title: Т\n"})
    _, diags = load(root)
    assert messages(diags) == [
        "quizzes/old.ru.yaml:1:1: error: translation of quiz 'old', which no module uses",
        "quizzes/old.yaml:1:1: warning: quiz file is not named by any module's 'quiz', so it is not in the course"]


def test_stray_page_is_warned(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", {"pages/about.md": "---\ntitle: About\n---\n\nx\n"})
    _, diags = load(root)
    assert messages(diags) == ["pages/about.md:1:1: warning: page file is not listed in course.yaml 'pages', "
                               "so it is not in the course"]


def test_listed_lesson_without_file_is_reported_where_it_is_listed(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", module_yaml="title: M\nobjectives: {o1: O}\nlessons: [l1, l2]\nquiz: q1\n")
    course, diags = load(root)
    assert messages(diags) == ["modules/m1/module.yaml:3:15: error: lesson 'l2' is listed but modules/m1/l2.md "
                               "does not exist"]
    assert [lesson.id for lesson in course.modules[0].lessons] == ["l1"]


def test_listed_module_without_folder(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", course_yaml="id: t\nversion: 1\ntitle: T\nlanguage: en\nmodules: [m1, m9]\n")
    _, diags = load(root)
    assert messages(diags) == ["course.yaml:5:15: error: module 'm9' is listed but modules/m9/module.yaml does not "
                               "exist (missing folder)"]


def test_named_quiz_without_file(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", module_yaml="title: M\nobjectives: {o1: O}\nlessons: [l1]\nquiz: nope\n")
    _, diags = load(root)
    assert messages(diags) == [
        "modules/m1/module.yaml:4:7: error: quiz 'nope' is named but quizzes/nope.yaml does not exist",
        "quizzes/q1.yaml:1:1: warning: quiz file is not named by any module's 'quiz', so it is not in the course"]


def test_lesson_objective_must_exist_in_the_module(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", lesson_md="---\ntitle: L\nobjectives: [o1, o2]\n---\n\nx\n")
    course, diags = load(root)
    assert messages(diags) == ["modules/m1/l1.md:3:18: error: objective 'o2' is not defined in module 'm1'"]
    assert course.modules[0].lessons[0].objectives == ("o1",)


def test_lesson_without_front_matter(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", lesson_md="# Lesson\n\nNo header.\n")
    _, diags = load(root)
    assert errors(diags) == ["modules/m1/l1.md:1:1: error: missing front matter: start the file with a line '---', "
                             "then 'title: ...', then '---'"]


def test_lesson_with_bom_and_crlf_loads_like_lf(tmp_path: Path) -> None:
    text = "---\ntitle: L\nobjectives: [o1]\n---\n\nBody text.\n"
    root = tiny_course(tmp_path / "c", {"modules/m1/l1.md": ("\ufeff" + text).replace("\n", "\r\n").encode("utf-8")})
    course, diags = load(root)
    assert messages(diags) == []
    source = course.modules[0].lessons[0].source
    assert source.title == "L" and source.body == "\nBody text.\n" and source.body_line == 5


def test_lesson_that_is_not_utf8(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", {"modules/m1/l1.md": b"---\ntitle: Le\xe7on\n---\n\nx\n"})
    _, diags = load(root)
    assert errors(diags) == ["modules/m1/l1.md:2:10: error: file is not UTF-8 text (byte 0xe7); save it as UTF-8"]


def test_source_language_suffix_gets_a_sensible_warning(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", {"modules/m1/l1.en.md": "---\ntitle: L\n---\n\nx\n"})
    _, diags = load(root)
    found = warnings(diags)
    assert len(found) == 1 and found[0].startswith("modules/m1/l1.en.md:1:1: warning:")
    assert "'en' is not one of the course languages" not in found[0]


def test_quiz_overlay_in_the_source_language_is_warned(tmp_path: Path) -> None:
    root = tiny_course(tmp_path / "c", {"quizzes/q1.en.yaml": "title: Quiz\n"})
    _, diags = load(root)
    assert [m for m in messages(diags) if m.startswith("quizzes/q1.en.yaml:")]


def test_edits_in_a_copy_do_not_touch_the_fixture(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "modules/01-framework/draft.md").write_text("---\ntitle: D\n---\n", encoding="utf-8")
    _, diags = load(root)
    assert warnings(diags) == ["modules/01-framework/draft.md:1:1: warning: lesson file is not listed in "
                               "modules/01-framework/module.yaml 'lessons', so it is not in the course"]
    assert not (BASIC / "modules/01-framework/draft.md").exists()
