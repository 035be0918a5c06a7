"""Counts that describe a course: modules, lessons, words, questions by kind, coverage."""

from __future__ import annotations

import re
from collections import Counter

from .model import Course
from .translations import coverage_lines

WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)


def words(text: str) -> int:
    """The number of words in `text` (numbers and punctuation are not counted)."""
    return len(WORD.findall(text))


def course_stats(course: Course) -> list[str]:
    """Human-readable lines, one fact per line ('lessons: 24')."""
    lessons = [lesson for module in course.modules for lesson in module.lessons]
    questions = [q for quiz in course.quizzes for q in quiz.graded]
    practice = [q for quiz in course.quizzes for q in quiz.questions if q.practice]
    kinds = Counter(q.kind for q in questions)
    lesson_words = [words(lesson.source.body) for lesson in lessons]
    lines = [
        f"modules: {len(course.modules)}",
        f"lessons: {len(lessons)}",
        f"lesson words (source): min {min(lesson_words, default=0)}, max {max(lesson_words, default=0)}, "
        f"total {sum(lesson_words)}",
        f"graded questions: {len(questions)}",
        f"practice questions: {len(practice)}",
        f"scenarios: {kinds.get('scenario', 0)}",
        "questions by kind: " + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())),
        f"glossary terms: {len(course.glossary)}",
        f"authorities: {len(course.authorities)}",
    ]
    lines += [f"coverage {line}" for line in coverage_lines(course)]
    return lines
