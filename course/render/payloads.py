"""Question and quiz data for the browser (see docs/internals.md), and safe JSON in HTML."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from markupsafe import escape

from ..kinds import KINDS
from ..kinds.typed import BLANK
from ..model import Question, Quiz
from ..state import StateKeys, question_fp
from .context import PageContext

MAX_DESCRIPTION = 250
_TAGS = re.compile(r"<[^>]+>")


def json_for_html(data: Any) -> str:
    """JSON that can sit inside <script type="application/json"> whatever the text holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def description(prompt_html: str) -> str:
    """A plain-text summary of a rendered prompt for the LMS (interaction description)."""
    plain = html.unescape(_TAGS.sub(" ", prompt_html))
    plain = " ".join(plain.split())
    return plain if len(plain) <= MAX_DESCRIPTION else plain[:MAX_DESCRIPTION - 1] + "…"


def question_payload(question: Question, module_id: str, keys: StateKeys, ctx: PageContext) -> dict[str, Any]:
    """One question as the browser needs it, its texts rendered for the page of `ctx`."""
    kind = KINDS[question.kind]
    correct, correct12 = kind.correct(question.spec)
    shown_lang = next((lang for lang in ctx.chain if question.prompt.has(lang)), ctx.lang)
    prompt_html = ctx.block(question.prompt) or ""
    summary = description(BLANK.sub("___", prompt_html) if question.kind == "fill_in" else prompt_html)
    if question.kind == "fill_in":
        prompt_html = BLANK.sub(lambda m: f'<span class="blank" data-blank="{escape(m.group(1))}"></span>', prompt_html)
    cites = []
    for citation in question.cites:
        href, label, caution = ctx.citation(citation.ref)
        cites.append({"label": label, "href": href, "caution": caution})
    payload: dict[str, Any] = {
        "id": question.id, "key": keys.questions[(module_id, question.id)], "fp": question_fp(question),
        "kind": question.kind, "objective": question.objective, "points": question.points,
        "lang": None if shown_lang == ctx.lang else shown_lang,
        "prompt_html": prompt_html, "explanation_html": ctx.block(question.explanation),
        "description": summary, "cites": cites,
        "type": kind.type2004, "type12": kind.type12, "correct": correct, "correct12": correct12,
    }
    payload.update(kind.payload(question.spec, ctx))
    return payload


def quiz_payload(quiz: Quiz, keys: StateKeys, ctx: PageContext) -> dict[str, Any]:
    """The data of a quiz page: the quiz's settings and every graded question."""
    return {
        "mode": "quiz",
        "quiz": {"id": quiz.id, "key": keys.modules[quiz.module_id], "module": quiz.module_id,
                 "title": quiz.title.get(ctx.chain), "pass_mark": quiz.pass_mark, "attempts": quiz.attempts,
                 "shuffle": quiz.shuffle, "draw": quiz.draw, "score": quiz.score},
        "questions": [question_payload(q, quiz.module_id, keys, ctx) for q in quiz.graded],
    }


def checks_payload(quiz: Quiz | None, module_id: str, question_ids: list[str], keys: StateKeys,
                   ctx: PageContext) -> dict[str, Any]:
    """The data of a lesson's knowledge checks; ids that name no question are left out."""
    checks = {}
    for qid in question_ids:
        question = quiz.question(qid) if quiz else None
        if question is not None:
            checks[qid] = question_payload(question, module_id, keys, ctx)
    return {"mode": "lesson", "module": module_id, "checks": checks}
