"""Quiz files: settings, the fields every question shares, and translation overlays.

Kind-specific keys are handled by the kind table in `course.kinds`.
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterator

from .errors import Diagnostics, Pos, did_you_mean
from .kinds import KINDS
from .model import Citation, LocalText, Overlay, Question, Quiz
from .schema import Reader, describe, id_problem
from .yamlsrc import YMap

QUIZ_KEYS = ("title", "pass_mark", "attempts", "shuffle", "draw", "score", "questions")
QUESTION_KEYS = ("id", "kind", "prompt", "objective", "cites", "explanation", "points", "practice")
OVERLAY_KEYS = ("source_hash", "title", "questions")
CITE_PATTERN = re.compile(r"([a-z0-9][a-z0-9-]*)(?::([a-z0-9][a-z0-9-]*))?\Z")


def parse_citations(r: Reader, key: str) -> tuple[Citation, ...]:
    """`cites: [palermo:3b, untoc]`; existence is checked across files later."""
    items = r.list(key)
    if items is None:
        return ()
    result = []
    for index, value in enumerate(items):
        match = CITE_PATTERN.match(value) if isinstance(value, str) else None
        if match is None:
            r.error(items.at(index), f"citation {describe(value)} must be written instrument:article, e.g. palermo:3b")
            continue
        result.append(Citation(match.group(1), match.group(2), items.at(index)))
    return tuple(result)


def _question(data: YMap, index: int, r: Reader, module_id: str, objectives: set[str]) -> Question | None:
    qid = data.get("id")
    label = f"question '{qid}'" if isinstance(qid, str) else f"question {index + 1}"
    q = r.child(data, label)
    kind_name = data.get("kind")
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if "kind" in data and kind is None:
        known = ", ".join(KINDS)
        shown = f"'{kind_name}'" if isinstance(kind_name, str) else describe(kind_name)
        hint = did_you_mean(str(kind_name).replace("-", "_"), KINDS) or did_you_mean(str(kind_name), KINDS)
        q.error(data.at("kind"), f"unknown kind {shown}{hint}; kinds are {known}")
    allowed = QUESTION_KEYS + (kind.keys if kind else tuple(k for k in data if k not in QUESTION_KEYS))
    q.keys(allowed, ("id", "kind", "prompt", "objective") + (kind.required if kind else ()))
    question_id = q.id("id")
    prompt = q.text("prompt")
    objective = q.id("objective")
    if objective is not None and objective not in objectives:
        hint = did_you_mean(objective, objectives)
        q.error(q.at("objective"), f"objective '{objective}' is not defined in module '{module_id}'{hint}")
    cites = parse_citations(q, "cites")
    explanation = q.text("explanation")
    points = q.number("points", 1)
    if points is not None and points <= 0:
        q.error(q.at("points"), "'points' must be more than 0")
    practice = q.bool("practice", False)
    spec = kind.parse(q, prompt) if kind else None
    if None in (question_id, prompt, objective, spec, points) or points <= 0:
        return None
    return Question(question_id, kind.name, prompt, objective, q.at("objective"), cites, explanation,
                    float(points), practice, spec, data.pos)


def _draw(r: Reader, graded: list[Question], objectives: set[str]) -> int | dict[str, int] | None:
    if not r.has("draw"):
        return None
    value = r.data["draw"]
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            r.error(r.at("draw"), "'draw' must be at least 1")
            return None
        if value > len(graded):
            r.error(r.at("draw"), f"'draw' asks for {value} questions but the quiz has only {len(graded)} graded questions")
            return None
        return value
    if not isinstance(value, YMap):
        r.error(r.at("draw"), f"'draw' must be a number or a mapping of objectives to numbers, not {describe(value)}")
        return None
    if not value:
        r.error(r.at("draw"), "'draw' names no objective; give a number or {objective: number}")
        return None
    result: dict[str, int] = {}
    for objective, count in value.items():
        if objective not in objectives:
            r.error(value.key_at(objective), f"'draw' names objective '{objective}', which the module does not define{did_you_mean(objective, objectives)}")
            continue
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            r.error(value.at(objective), f"'draw' for '{objective}' must be a whole number of at least 1")
            continue
        available = sum(1 for q in graded if q.objective == objective)
        if count > available:
            r.error(value.at(objective), f"'draw' asks for {count} questions on objective '{objective}' "
                                         f"but only {available} graded question{'s test' if available != 1 else ' tests'} it")
            continue
        result[objective] = count
    return result or None


def parse_quiz(data: YMap, path: str, quiz_id: str, module_id: str, objectives: set[str],
               default_pass_mark: int, languages: tuple[str, ...], source: str,
               diags: Diagnostics) -> Quiz | None:
    """Build a Quiz from its YAML mapping, reporting every problem."""
    r = Reader(data, diags, "", languages, source)
    r.keys(QUIZ_KEYS, ("questions",))
    items = r.list("questions")
    questions: list[Question] = []
    unreadable_objectives: list[str] = []
    unreadable_ids: list[str] = []
    unreadable = 0
    seen: dict[str, Pos] = {}
    for index, item in enumerate(items or []):
        if not isinstance(item, YMap):
            r.error(items.at(index), "each question must be a mapping starting with 'id:'")
            continue
        qid = item.get("id")
        if isinstance(qid, str) and not id_problem(qid):
            if qid in seen:
                r.error(item.at("id"), f"duplicate question id '{qid}' (first defined on line {seen[qid].line})")
                continue
            seen[qid] = item.at("id")
        question = _question(item, index, r, module_id, objectives)
        if question is not None:
            questions.append(question)
        else:
            unreadable += 1
            if isinstance(item.get("objective"), str):
                unreadable_objectives.append(item["objective"])
            if isinstance(item.get("id"), str):
                unreadable_ids.append(item["id"])
    graded = [q for q in questions if not q.practice]
    return Quiz(
        id=quiz_id, path=path, module_id=module_id,
        title=r.text("title") or LocalText({source: quiz_id}),
        pass_mark=r.int("pass_mark", default_pass_mark, minimum=0, maximum=100),
        attempts=r.int("attempts", 0, minimum=0),
        shuffle=r.bool("shuffle", False),
        draw=_draw(r, graded, objectives),
        score=r.choice("score", ("best", "last"), "best"),
        questions=tuple(questions), overlays={}, pos=data.pos,
        unreadable=unreadable, unreadable_objectives=tuple(unreadable_objectives),
        unreadable_ids=tuple(unreadable_ids))


def apply_overlay(quiz: Quiz, data: YMap, path: str, lang: str, languages: tuple[str, ...],
                  source: str, diags: Diagnostics) -> Overlay:
    """Merge a translation overlay's texts into the quiz's LocalTexts."""
    r = Reader(data, diags, "", languages, source)
    r.keys(OVERLAY_KEYS)
    title = r.str("title")
    if title is not None:
        quiz.title.values[lang] = title
    questions = r.map("questions") or {}
    for qid, item in questions.items():
        question = quiz.question(qid)
        if question is None and qid in quiz.unreadable_ids:
            continue  # the source question has errors of its own, already reported
        if question is None:
            r.error(questions.key_at(qid), f"no question '{qid}' in {quiz.path}{did_you_mean(qid, [q.id for q in quiz.questions])}")
            continue
        if not isinstance(item, YMap):
            r.error(questions.at(qid), f"question '{qid}' must be a mapping of texts")
            continue
        kind = KINDS[question.kind]
        q = r.child(item, f"question '{qid}'")
        q.keys(("prompt", "explanation") + kind.overlay_keys)
        prompt = q.str("prompt")
        if prompt is not None:
            question.prompt.values[lang] = prompt
        explanation = q.str("explanation")
        if explanation is not None:
            if question.explanation is None:
                q.error(item.key_at("explanation"), "the source question has no 'explanation' to translate")
            else:
                question.explanation.values[lang] = explanation
        kind.apply_overlay(question.spec, q, lang)
    source_hash = r.str("source_hash")
    return Overlay(lang, path, source_hash, data.pos)


def quiz_texts(quiz: Quiz) -> Iterator[LocalText]:
    """Every translatable text of a quiz, in a stable order."""
    yield quiz.title
    for question in quiz.questions:
        yield question.prompt
        if question.explanation is not None:
            yield question.explanation
        yield from KINDS[question.kind].texts(question.spec)


def question_texts(question: Question) -> Iterator[LocalText]:
    """Every translatable text of one question: prompt, explanation, then the kind's texts."""
    yield question.prompt
    if question.explanation is not None:
        yield question.explanation
    yield from KINDS[question.kind].texts(question.spec)


def quiz_source_hash(quiz: Quiz, source: str) -> str:
    """Hash of the quiz's source-language text; overlays record it to detect staleness."""
    digest = hashlib.sha256()
    for text in quiz_texts(quiz):
        digest.update(text.values.get(source, "").encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:12]


def fingerprint(question: Question) -> str:
    """Answer-structure fingerprint; saved answers are dropped when it changes."""
    kind = KINDS[question.kind]
    return f"{question.kind}|{question.points:g}|{kind.fingerprint(question.spec)}"
