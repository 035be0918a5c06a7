"""single, multiple and true_false questions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from ..errors import Pos
from ..model import LocalText
from ..schema import Reader
from .base import CODES, Kind, TextRenderer, entries, overlay_entries, overlay_text, text_of


@dataclass(frozen=True)
class Option:
    """One option of a single or multiple question."""

    id: str
    text: LocalText
    correct: bool
    feedback: LocalText | None
    pos: Pos


@dataclass(frozen=True)
class ChoiceSpec:
    """The options of a single or multiple question, in the author's order."""

    options: tuple[Option, ...]


@dataclass(frozen=True)
class TrueFalseSpec:
    """The correct answer of a true_false question."""

    answer: bool


class _ChoiceKind(Kind):
    keys = ("options",)
    required = ("options",)
    overlay_keys = ("options",)
    type2004 = "choice"
    type12 = "choice"

    def parse(self, r: Reader, prompt: LocalText | None) -> ChoiceSpec | None:
        options = []
        parsed = entries(r, "options", "option", ("id", "text", "correct", "feedback"), ("id", "text"), minimum=2)
        for entry in parsed:
            where = f"option '{entry.id}'"
            correct = entry.data.get("correct", False)
            if not isinstance(correct, bool):
                r.error(entry.data.at("correct"), f"{where}: 'correct' must be true or false")
                correct = False
            text = text_of(r, entry.data, "text", where)
            feedback = text_of(r, entry.data, "feedback", where, required=False)
            if text is not None:
                options.append(Option(entry.id, text, correct, feedback, entry.pos))
        if not options or not parsed.clean:
            return None
        self.check_correct(r, options)
        return ChoiceSpec(tuple(options))

    def check_correct(self, r: Reader, options: list[Option]) -> None:
        raise NotImplementedError

    def apply_overlay(self, spec: ChoiceSpec, r: Reader, lang: str) -> None:
        known = {o.id: o for o in spec.options}
        mapping = overlay_entries(r, "options", known, "option")
        if mapping is None:
            return
        for option_id, data in mapping.items():
            option = known.get(option_id)
            if option is None:
                continue
            if not isinstance(data, dict):
                overlay_text(r, option.text, data, mapping.at(option_id), lang, f"option '{option_id}'")
                continue
            child = r.child(data, r.where)
            child.keys(("text", "feedback"))
            overlay_text(r, option.text, data.get("text"), data.at("text"), lang, f"option '{option_id}' text")
            if option.feedback is not None:
                overlay_text(r, option.feedback, data.get("feedback"), data.at("feedback"), lang,
                             f"option '{option_id}' feedback")
            elif "feedback" in data:
                r.error(data.key_at("feedback"), f"option '{option_id}' has no feedback in the source to translate")

    def texts(self, spec: ChoiceSpec) -> Iterator[LocalText]:
        for option in spec.options:
            yield option.text
            if option.feedback is not None:
                yield option.feedback

    def payload(self, spec: ChoiceSpec, tx: TextRenderer) -> dict[str, Any]:
        return {"options": [
            {"id": o.id, "code": CODES[i], "text_html": tx.inline(o.text), "correct": o.correct,
             "feedback_html": tx.block(o.feedback)}
            for i, o in enumerate(spec.options)]}

    def max_packed(self, spec: ChoiceSpec) -> int:
        return len(spec.options)

    def fingerprint(self, spec: ChoiceSpec) -> str:
        return ";".join(f"{o.id}={int(o.correct)}" for o in spec.options)

    def missing_feedback(self, spec: ChoiceSpec) -> list[tuple[Pos, str]]:
        return [(o.pos, o.id) for o in spec.options if not o.correct and o.feedback is None]


class SingleKind(_ChoiceKind):
    """A single question: exactly one option is correct."""

    name = "single"

    def check_correct(self, r: Reader, options: list[Option]) -> None:
        count = sum(o.correct for o in options)
        if count != 1:
            r.error(r.at("options"), f"a 'single' question needs exactly one option with 'correct: true', not {count}")

    def correct(self, spec: ChoiceSpec) -> tuple[list[str], list[str]]:
        index = next((i for i, o in enumerate(spec.options) if o.correct), 0)
        return [spec.options[index].id], [CODES[index]]

    def max_packed(self, spec: ChoiceSpec) -> int:
        return 1


class MultipleKind(_ChoiceKind):
    """A multiple question: every correct option must be chosen (at least one is correct)."""

    name = "multiple"

    def check_correct(self, r: Reader, options: list[Option]) -> None:
        if not any(o.correct for o in options):
            r.error(r.at("options"), "a 'multiple' question needs at least one option with 'correct: true'")

    def correct(self, spec: ChoiceSpec) -> tuple[list[str], list[str]]:
        chosen = [(i, o) for i, o in enumerate(spec.options) if o.correct]
        return ["[,]".join(o.id for _, o in chosen)], [",".join(CODES[i] for i, _ in chosen)]


class TrueFalseKind(Kind):
    """A true_false question: the learner says whether the prompt is true."""

    name = "true_false"
    keys = ("answer",)
    required = ("answer",)
    type2004 = "true-false"
    type12 = "true-false"

    def parse(self, r: Reader, prompt: LocalText | None) -> TrueFalseSpec | None:
        if "answer" not in r.data:
            return None
        value = r.data["answer"]
        if not isinstance(value, bool):
            r.error(r.at("answer"), "'answer' must be true or false")
            return None
        return TrueFalseSpec(value)

    def payload(self, spec: TrueFalseSpec, tx: TextRenderer) -> dict[str, Any]:
        return {"answer": spec.answer}

    def correct(self, spec: TrueFalseSpec) -> tuple[list[str], list[str]]:
        return ["true" if spec.answer else "false"], ["t" if spec.answer else "f"]

    def max_packed(self, spec: TrueFalseSpec) -> int:
        return 1

    def fingerprint(self, spec: TrueFalseSpec) -> str:
        return str(spec.answer)
