"""scenario questions: a case file, then decision steps forming a directed acyclic graph."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterator

from ..errors import Pos, did_you_mean
from ..model import LocalText
from ..schema import Reader, describe, id_problem
from ..yamlsrc import YMap
from .base import CODES, Kind, TextRenderer, entries, overlay_entries, overlay_text, text_of

MAX_PATH_TEXT = 255       # SCORM 1.2 performance responses are at most 255 characters


@dataclass(frozen=True)
class StepChoice:
    """One choice of a scenario step: the step or outcome it leads to, its points and feedback."""

    id: str
    text: LocalText
    next: str
    points: float
    feedback: LocalText | None
    pos: Pos
    next_pos: Pos


@dataclass(frozen=True)
class Step:
    """A decision step of a scenario: its prompt and choices."""

    id: str
    prompt: LocalText
    choices: tuple[StepChoice, ...]
    pos: Pos


@dataclass(frozen=True)
class Outcome:
    """An end of a scenario: the text shown when a path reaches it."""

    id: str
    text: LocalText
    pos: Pos


@dataclass(frozen=True)
class ScenarioSpec:
    """A checked scenario: steps from `start` to the outcomes, acyclic, with the best scores."""

    case_file: LocalText
    start: str
    steps: dict[str, Step]
    outcomes: dict[str, Outcome]
    best_from: dict[str, float]     # most points collectable from each step or outcome
    longest: int                    # most steps on any path

    @property
    def max_points(self) -> float:
        """The most points any path from the start collects."""
        return self.best_from[self.start]

    def best_choices(self, step: Step) -> list[str]:
        """Ids of the choices of `step` that lead to the most points (several on a tie)."""
        value = lambda c: c.points + self.best_from[c.next]  # noqa: E731
        top = max(value(c) for c in step.choices)
        return [c.id for c in step.choices if value(c) == top]

    def best_path(self) -> list[tuple[str, str]]:
        """(step id, choice id) along a best-scoring path from the start; ties take the first best."""
        path, node = [], self.start
        while node in self.steps:
            step = self.steps[node]
            choice = next(c for c in step.choices if c.id == self.best_choices(step)[0])
            path.append((step.id, choice.id))
            node = choice.next
        return path


def _named_map(r: Reader, key: str, what: str) -> YMap | None:
    mapping = r.map(key)
    if mapping is None:
        return None
    for name in mapping:
        problem = id_problem(name)
        if problem:
            r.error(mapping.key_at(name), f"{what} {problem}" if problem.startswith("must") else problem)
    return mapping


class ScenarioKind(Kind):
    """A scenario question: a case file, then decisions through steps to an outcome."""

    name = "scenario"
    keys = ("case_file", "start", "steps", "outcomes")
    required = ("case_file", "start", "steps", "outcomes")
    overlay_keys = ("case_file", "steps", "outcomes")
    type2004 = "other"
    type12 = "performance"

    def parse(self, r: Reader, prompt: LocalText | None) -> ScenarioSpec | None:
        case_file = r.text("case_file")
        start = r.id("start")
        steps = self._steps(r)
        outcomes = self._outcomes(r)
        if case_file is None or start is None or steps is None or outcomes is None:
            return None
        for name in set(steps) & set(outcomes):
            r.error(outcomes[name].pos, f"'{name}' is both a step and an outcome; give them different ids")
        if start not in steps:
            r.error(r.at("start"), f"'start' names '{start}', which is not a step{did_you_mean(start, steps)}")
            return None
        targets = {**steps, **outcomes}
        ok = True
        for step in steps.values():
            for choice in step.choices:
                if choice.next not in targets:
                    r.error(choice.next_pos, f"step '{step.id}', choice '{choice.id}': 'next' names '{choice.next}', "
                                             f"which is neither a step nor an outcome{did_you_mean(choice.next, targets)}")
                    ok = False
        if not ok or not self._acyclic(r, steps):
            return None
        reached = self._reachable(start, steps)
        for name, item in targets.items():
            if name not in reached:
                what = "step" if name in steps else "outcome"
                r.error(item.pos, f"{what} '{name}' cannot be reached from the start step '{start}'")
                ok = False
        if not ok:
            return None
        best_from, longest = self._longest(start, steps, outcomes)
        return ScenarioSpec(case_file, start, steps, outcomes, best_from, longest)

    def _steps(self, r: Reader) -> dict[str, Step] | None:
        mapping = _named_map(r, "steps", "step")
        if mapping is None:
            return None
        steps = {}
        for name, data in mapping.items():
            if id_problem(name):
                continue
            if not isinstance(data, YMap):
                r.error(mapping.at(name), f"step '{name}' must be a mapping with 'prompt' and 'choices', not {describe(data)}")
                continue
            child = r.child(data, r.where)
            child.keys(("prompt", "choices"), ("prompt",))
            step_prompt = child.text("prompt")
            choices = []
            parsed = entries(child, "choices", "choice", ("id", "text", "next", "points", "feedback"),
                             ("id", "text", "next"), minimum=0)
            if not parsed.clean:
                return None
            for entry in parsed:
                choice = self._choice(child, name, entry)
                if choice is not None:
                    choices.append(choice)
            if not data.get("choices"):
                r.error(mapping.key_at(name), f"step '{name}' has no choices")
                continue
            if step_prompt is not None and choices:
                steps[name] = Step(name, step_prompt, tuple(choices), mapping.key_at(name))
        return steps

    def _choice(self, r: Reader, step: str, entry: Any) -> StepChoice | None:
        where = f"step '{step}', choice '{entry.id}'"
        text = text_of(r, entry.data, "text", where)
        feedback = text_of(r, entry.data, "feedback", where, required=False)
        target = entry.data.get("next")
        points = entry.data.get("points", 0)
        if isinstance(points, bool) or not isinstance(points, (int, float)) or not 0 <= points < math.inf:
            r.error(entry.data.at("points"), f"{where}: 'points' must be a number of at least 0, not {describe(points)}")
            return None
        if not isinstance(target, str):
            if target is not None:
                r.error(entry.data.at("next"), f"{where}: 'next' must name a step or an outcome")
            return None
        if text is None:
            return None
        return StepChoice(entry.id, text, target, float(points), feedback, entry.pos, entry.data.at("next"))

    def _outcomes(self, r: Reader) -> dict[str, Outcome] | None:
        mapping = _named_map(r, "outcomes", "outcome")
        if mapping is None:
            return None
        outcomes = {}
        for name, data in mapping.items():
            if id_problem(name):
                continue
            if isinstance(data, YMap):
                r.child(data, r.where).keys(("text",), ("text",))
                text = text_of(r, data, "text", f"outcome '{name}'")
            elif isinstance(data, str):
                text = LocalText({r.source_lang: data})
            else:
                r.error(mapping.at(name), f"outcome '{name}' must be {{text: ...}}, not {describe(data)}")
                continue
            if text is not None:
                outcomes[name] = Outcome(name, text, mapping.key_at(name))
        if not outcomes:
            r.error(r.at("outcomes"), "a scenario needs at least one outcome")
            return None
        return outcomes

    def _acyclic(self, r: Reader, steps: dict[str, Step]) -> bool:
        """Report the first loop found from each step; True when there is none."""
        state: dict[str, int] = {}   # 1 = on the current path, 2 = finished
        found = False

        def visit(name: str, path: list[str]) -> None:
            nonlocal found
            state[name] = 1
            for choice in steps[name].choices:
                if choice.next not in steps:
                    continue
                if state.get(choice.next) == 1:
                    cycle = (path + [name])[(path + [name]).index(choice.next):]
                    shown = " → ".join(cycle)
                    r.error(choice.next_pos, f"step '{name}', choice '{choice.id}': leads back to '{choice.next}', "
                                             f"making a loop ({shown} → {choice.next})")
                    found = True
                elif state.get(choice.next) is None:
                    visit(choice.next, path + [name])
            state[name] = 2

        for name in steps:
            if name not in state:
                visit(name, [])
        return not found

    @staticmethod
    def _reachable(start: str, steps: dict[str, Step]) -> set[str]:
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            for choice in steps[node].choices if node in steps else ():
                if choice.next not in seen:
                    seen.add(choice.next)
                    todo.append(choice.next)
        return seen

    @staticmethod
    def _longest(start: str, steps: dict[str, Step], outcomes: dict[str, Outcome]) -> tuple[dict[str, float], int]:
        best: dict[str, float] = {name: 0.0 for name in outcomes}
        depth: dict[str, int] = {name: 0 for name in outcomes}

        def solve(name: str) -> None:
            if name in best:
                return
            for choice in steps[name].choices:
                solve(choice.next)
            best[name] = max(c.points + best[c.next] for c in steps[name].choices)
            depth[name] = 1 + max(depth[c.next] for c in steps[name].choices)

        for name in steps:
            solve(name)
        return best, depth[start]

    def apply_overlay(self, spec: ScenarioSpec, r: Reader, lang: str) -> None:
        overlay_text(r, spec.case_file, r.data.get("case_file"), r.at("case_file"), lang, "'case_file'")
        steps = overlay_entries(r, "steps", spec.steps, "step")
        for name, data in (steps or {}).items():
            step = spec.steps.get(name)
            if step is None:
                continue
            if not isinstance(data, YMap):
                r.error(steps.at(name), f"step '{name}' must be a mapping with 'prompt' and 'choices'")
                continue
            child = r.child(data, r.where)
            child.keys(("prompt", "choices"))
            overlay_text(r, step.prompt, data.get("prompt"), data.at("prompt"), lang, f"step '{name}' prompt")
            known = {c.id: c for c in step.choices}
            choices = overlay_entries(child, "choices", known, f"choice of step '{name}':")
            for choice_id, value in (choices or {}).items():
                choice = known.get(choice_id)
                if choice is None:
                    continue
                if not isinstance(value, YMap):
                    # The short form, as for options: the choice's text alone.
                    overlay_text(r, choice.text, value, choices.at(choice_id), lang, f"choice '{choice_id}' text")
                    continue
                child.child(value, r.where).keys(("text", "feedback"))
                overlay_text(r, choice.text, value.get("text"), value.at("text"), lang, f"choice '{choice_id}' text")
                overlay_text(r, choice.feedback, value.get("feedback"), value.at("feedback"), lang, f"choice '{choice_id}' feedback")
        outcomes = overlay_entries(r, "outcomes", spec.outcomes, "outcome")
        for name, value in (outcomes or {}).items():
            outcome = spec.outcomes.get(name)
            if outcome is not None:
                text = value.get("text") if isinstance(value, YMap) else value
                overlay_text(r, outcome.text, text, outcomes.at(name), lang, f"outcome '{name}'")

    def texts(self, spec: ScenarioSpec) -> Iterator[LocalText]:
        yield spec.case_file
        for step in spec.steps.values():
            yield step.prompt
            for choice in step.choices:
                yield choice.text
                if choice.feedback is not None:
                    yield choice.feedback
        for outcome in spec.outcomes.values():
            yield outcome.text

    def payload(self, spec: ScenarioSpec, tx: TextRenderer) -> dict[str, Any]:
        steps = {}
        for step in spec.steps.values():
            steps[step.id] = {
                "prompt_html": tx.block(step.prompt), "best": spec.best_choices(step),
                "choices": [{"id": c.id, "code": CODES[i], "text_html": tx.inline(c.text), "next": c.next,
                             "points": c.points, "feedback_html": tx.block(c.feedback)}
                            for i, c in enumerate(step.choices)]}
        return {"case_file_html": tx.block(spec.case_file), "start": spec.start, "steps": steps,
                "outcomes": {o.id: {"text_html": tx.block(o.text)} for o in spec.outcomes.values()},
                "max_points": spec.max_points}

    def correct(self, spec: ScenarioSpec) -> tuple[list[str], list[str]]:
        path = ";".join(f"{step}={choice}" for step, choice in spec.best_path())
        return [path], [path[:MAX_PATH_TEXT]]

    def max_packed(self, spec: ScenarioSpec) -> int:
        return spec.longest + 1

    def fingerprint(self, spec: ScenarioSpec) -> str:
        return spec.start + "|" + ";".join(
            f"{s.id}:" + ",".join(f"{c.id}>{c.next}={c.points:g}" for c in s.choices)
            for s in sorted(spec.steps.values(), key=lambda s: s.id)) + "|" + ",".join(sorted(spec.outcomes))

    def missing_feedback(self, spec: ScenarioSpec) -> list[tuple[Pos, str]]:
        result = []
        for step in spec.steps.values():
            best = set(spec.best_choices(step))
            result += [(c.pos, f"{step.id}/{c.id}") for c in step.choices if c.id not in best and c.feedback is None]
        return result
