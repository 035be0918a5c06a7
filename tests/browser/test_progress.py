"""After a passed quiz the course leads on, and the navigation shows the quiz as passed."""

from __future__ import annotations

from pathlib import Path

from quizkit import answer_quiz_mouse, right_answer


def test_after_passing_a_quiz_continue_leads_to_the_next_module(page, basic_site: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto((basic_site / "en" / "01-framework" / "quiz.html").as_uri())
    answer_quiz_mouse(page, pick=right_answer)
    page.goto((basic_site / "en" / "index.html").as_uri())
    resume = page.locator(".resume a")
    assert resume.is_visible()
    assert resume.get_attribute("href").endswith("02-identification/01-indicators.html")
    assert "Indicators" in resume.inner_text()
    page.goto((basic_site / "en" / "01-framework" / "01-definition.html").as_uri())
    quiz_link = page.locator(".sidebar a[data-quiz='01-framework']")
    assert "✓" in quiz_link.inner_text()
    assert "passed (100%)" in quiz_link.locator(".visually-hidden").inner_text()
    assert page.js_errors == []
