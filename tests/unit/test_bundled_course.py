"""The bundled course (the repository root) meets what the course issue asks of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from course.cli import cli
from course.pipeline import check
from course.stats import words

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def checked():  # type: ignore[no-untyped-def]
    return check(REPO, strict=True)


def test_bundled_course_passes_check_strict_with_no_warnings() -> None:
    result = CliRunner().invoke(cli, ["check", "--strict", str(REPO)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Course checked: no errors or warnings"


def test_bundled_course_has_six_modules_of_three_to_five_lessons(checked) -> None:  # type: ignore[no-untyped-def]
    modules = checked.course.modules
    assert len(modules) == 6
    assert all(3 <= len(m.lessons) <= 5 for m in modules), [(m.id, len(m.lessons)) for m in modules]
    assert sum(len(m.lessons) for m in modules) >= 20


def test_every_lesson_has_600_to_1200_words(checked) -> None:  # type: ignore[no-untyped-def]
    counts = {lesson.source.path: words(re.sub(r"\[@[^\]]*\]|\[\?[^\]]*\]|\{#[^}]*\}", "", lesson.source.body))
              for m in checked.course.modules for lesson in m.lessons}
    outside = {path: n for path, n in counts.items() if not 600 <= n <= 1200}
    assert outside == {}


def test_every_module_quiz_has_twelve_questions_several_kinds_and_a_scenario(checked) -> None:  # type: ignore[no-untyped-def]
    total = scenarios = 0
    for module in checked.course.modules:
        graded = module.quiz.graded
        kinds = {q.kind for q in graded}
        assert len(graded) >= 12, module.id
        assert len(kinds) >= 4, (module.id, kinds)
        assert "scenario" in kinds, module.id
        total += len(graded)
        scenarios += sum(1 for q in graded if q.kind == "scenario")
    assert total >= 72
    assert scenarios >= 6


def test_every_module_has_inline_knowledge_checks(checked) -> None:  # type: ignore[no-untyped-def]
    for module in checked.course.modules:
        checks = [c for lesson in module.lessons for c in checked.analysis.parsed[lesson.source.path].scan.checks]
        assert checks, module.id


def test_glossary_has_forty_terms_named_in_english_russian_and_kazakh(checked) -> None:  # type: ignore[no-untyped-def]
    glossary = checked.course.glossary
    assert len(glossary) >= 40
    missing = [t.id for t in glossary.values() if not all(t.term.has(lang) for lang in ("en", "ru", "kk"))]
    assert missing == []
    assert all(t.definition.has("en") and t.definition.has("ru") for t in glossary.values())


def test_russian_coverage_is_complete_and_kazakh_has_titles_and_objectives(checked) -> None:  # type: ignore[no-untyped-def]
    course = checked.course
    for module in course.modules:
        assert all("ru" in lesson.translations for lesson in module.lessons), module.id
        assert "ru" in module.quiz.overlays, module.id
        assert all(q.prompt.has("ru") for q in module.quiz.questions), module.id
        assert module.title.has("kk") and module.title.has("ru"), module.id
        assert all(o.text.has("kk") and o.text.has("ru") for o in module.objectives), module.id
    assert course.title.has("kk")
    assert all("ru" in page.translations for page in course.pages)


def test_only_articles_128_and_135_of_the_criminal_code_are_confirmed(checked) -> None:  # type: ignore[no-untyped-def]
    code = checked.course.authorities["kz-cc"]
    confirmed = {a.id for a in code.articles.values() if a.confirmed}
    assert confirmed == {"128", "135"}
    assert code.text_date


def test_lessons_state_no_penalty_ranges(checked) -> None:  # type: ignore[no-untyped-def]
    # A penalty range reads like "4 to 7 years" / "от 4 до 7 лет"; none may appear anywhere.
    pattern = re.compile(r"\b\d+\s*(?:to|–|-)\s*\d+\s+years\b|\bот\s+\d+\s+до\s+\d+\s+лет\b", re.IGNORECASE)
    found = []
    for module in checked.course.modules:
        for lesson in module.lessons:
            for doc in (lesson.source, *lesson.translations.values()):
                found += [(doc.path, m.group(0)) for m in pattern.finditer(doc.body)]
    assert found == []


def test_scenarios_are_labelled_fictional(checked) -> None:  # type: ignore[no-untyped-def]
    for module in checked.course.modules:
        for question in module.quiz.graded:
            if question.kind == "scenario":
                text = (question.prompt.get(("en",)) + question.spec.case_file.get(("en",))).lower()
                assert "fictional" in text, (module.id, question.id)
