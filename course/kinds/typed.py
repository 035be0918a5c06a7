"""fill_in and numeric questions: answers the learner types."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from typing import Any

from ..model import LocalText
from ..schema import Reader, describe, id_problem
from ..yamlsrc import YList
from .base import STATE_DELIMITERS, Kind, TextRenderer

BLANK = re.compile(r"\[\[([^\[\]\s]*)\]\]")
MAX_BLANK_CHARS = 40      # longest accepted answer an author may write
MIN_INPUT_CHARS = 8       # learners may always type at least this much into a blank
MAX_NUMBER_CHARS = 12     # learners' numeric input is cut here (maxlength in the page)
MAX_PATTERNS = 5          # the SCORM 2004 smallest permitted maximum for fill-in
MAX_BLANKS = 10           # SCORM 2004 fill-in responses hold at most 10 strings
MAX_RESPONSE_12 = 255     # SCORM 1.2 responses and patterns hold at most 255 characters


def normalize_answer(text: str) -> str:
    """How fill-in answers are compared: trimmed, single spaces, lower case, ё as е."""
    return " ".join(text.split()).lower().replace("ё", "е")


def format_number(value: float) -> str:
    """A plain decimal with at most 7 places and no exponent, as SCORM wants."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.7f}".rstrip("0").rstrip(".")


def blanks_in(text: str) -> list[str]:
    """The blank names written [[name]] in `text`, in order, repeats included."""
    return BLANK.findall(text)


@dataclass(frozen=True)
class Blank:
    """One blank of a fill_in prompt and the answers accepted in it."""

    name: str
    accepted: tuple[str, ...]

    @property
    def max_input(self) -> int:
        """How much a learner may type: twice the longest accepted answer, within bounds.

        Longer input cannot be right, and the bound keeps saved progress small enough for
        SCORM 1.2's suspend_data.
        """
        longest = max(len(a) for a in self.accepted)
        return min(MAX_BLANK_CHARS, max(MIN_INPUT_CHARS, 2 * longest))


@dataclass(frozen=True)
class FillInSpec:
    """The blanks of a fill_in question, in the order of the prompt."""

    blanks: tuple[Blank, ...]


@dataclass(frozen=True)
class NumericSpec:
    """The accepted range of a numeric question; `answer` is None when a range was given."""

    low: float
    high: float
    answer: float | None


class FillInKind(Kind):
    """A fill_in question: the learner types an answer into each [[blank]] of the prompt."""

    name = "fill_in"
    keys = ("blanks",)
    required = ("blanks",)
    type2004 = "fill-in"
    type12 = "fill-in"

    def parse(self, r: Reader, prompt: LocalText | None) -> FillInSpec | None:
        mapping = r.map("blanks")
        if mapping is None or prompt is None:
            return None
        source = prompt.get((r.source_lang,))
        order = blanks_in(source)
        if not order:
            r.error(r.at("prompt"), "a 'fill_in' prompt needs at least one blank written [[name]]")
            return None
        blanks = []
        for name in order:
            problem = id_problem(name)
            if problem:
                r.error(r.at("prompt"), f"blank [[{name}]]: {problem}")
            elif order.count(name) > 1:
                r.error(r.at("prompt"), f"blank [[{name}]] appears more than once in the prompt")
            elif name not in mapping:
                r.error(mapping.pos, f"blank [[{name}]] of the prompt has no accepted answers in 'blanks'")
        for name, answers in mapping.items():
            if name not in order:
                r.error(mapping.key_at(name), f"blank '{name}' is not in the prompt (write [[{name}]] where it goes)")
                continue
            accepted = self._answers(r, name, answers, mapping.at(name))
            if accepted:
                blanks.append(Blank(name, accepted))
        blanks.sort(key=lambda blank: order.index(blank.name))
        if len(order) > MAX_BLANKS:
            r.error(r.at("prompt"), f"a 'fill_in' prompt may have at most {MAX_BLANKS} blanks (SCORM 2004), not {len(order)}")
            return None
        longest = sum(max(len(a) for a in b.accepted) for b in blanks) + len(blanks) - 1 if blanks else 0
        if longest > MAX_RESPONSE_12:
            r.error(r.at("blanks"), f"the accepted answers together are too long for SCORM 1.2 "
                                    f"({longest} characters, at most {MAX_RESPONSE_12}); use fewer or shorter blanks")
            return None
        return FillInSpec(tuple(blanks)) if len(blanks) == len(set(order)) else None

    def _answers(self, r: Reader, name: str, value: Any, pos: Any) -> tuple[str, ...]:
        values = value if isinstance(value, YList) else [value]
        result = []
        for index, answer in enumerate(values):
            where = value.at(index) if isinstance(value, YList) else pos
            if isinstance(answer, bool) or not isinstance(answer, (str, int, float)):
                r.error(where, f"blank '{name}': an accepted answer must be text, not {describe(answer)}")
                continue
            text = str(answer).strip()
            bad = sorted({c for c in text if c in STATE_DELIMITERS})
            if not text:
                r.error(where, f"blank '{name}': an accepted answer is empty")
            elif bad or "[" in text or text.startswith("{"):
                shown = " ".join(bad) or "[ {"
                r.error(where, f"blank '{name}': accepted answer '{text}' contains characters learners cannot type here ({shown})")
            elif len(text) > MAX_BLANK_CHARS:
                r.error(where, f"blank '{name}': accepted answer '{text}' is longer than {MAX_BLANK_CHARS} characters")
            else:
                result.append(text)
        return tuple(result)

    def apply_overlay(self, spec: FillInSpec, r: Reader, lang: str) -> None:
        prompt = r.data.get("prompt")
        if isinstance(prompt, str):
            expected = sorted(blank.name for blank in spec.blanks)
            if sorted(blanks_in(prompt)) != expected:
                listed = " ".join(f"[[{name}]]" for name in expected)
                r.error(r.at("prompt"), f"the translated prompt must keep the blanks {listed}")

    def payload(self, spec: FillInSpec, tx: TextRenderer) -> dict[str, Any]:
        return {"blanks": [{"name": b.name, "accepted": list(b.accepted), "maxlength": b.max_input}
                           for b in spec.blanks]}

    def correct(self, spec: FillInSpec) -> tuple[list[str], list[str]]:
        combos = list(itertools.islice(itertools.product(*(b.accepted for b in spec.blanks)), MAX_PATTERNS))
        return (["{case_matters=false}{order_matters=true}" + "[,]".join(combo) for combo in combos],
                [",".join(combo) for combo in combos])

    def max_packed(self, spec: FillInSpec) -> int:
        return sum(b.max_input for b in spec.blanks) + len(spec.blanks) - 1

    def fingerprint(self, spec: FillInSpec) -> str:
        return ";".join(f"{b.name}=" + "|".join(sorted({normalize_answer(a) for a in b.accepted}))
                        for b in spec.blanks)


class NumericKind(Kind):
    """A numeric question: the learner types a number within the tolerance or range."""

    name = "numeric"
    keys = ("answer", "tolerance", "range")
    type2004 = "numeric"
    type12 = "numeric"

    def parse(self, r: Reader, prompt: LocalText | None) -> NumericSpec | None:
        has_answer, has_range = r.has("answer"), r.has("range")
        if has_answer == has_range:
            r.error(r.data.pos, "a 'numeric' question needs either 'answer' (with an optional 'tolerance') or 'range', not both")
            return None
        if has_range:
            if r.has("tolerance"):
                r.error(r.data.key_at("tolerance"), "'tolerance' goes with 'answer', not with 'range'")
            bounds = r.list("range")
            if bounds is None:
                return None
            if len(bounds) != 2 or any(isinstance(b, bool) or not isinstance(b, (int, float)) or not math.isfinite(b)
                                       for b in bounds):
                r.error(r.at("range"), "'range' must be two numbers, e.g. [15, 20]")
                return None
            low, high = bounds
            if low > high:
                r.error(r.at("range"), f"'range' must go from the smaller to the larger number, not [{low}, {high}]")
                return None
            return NumericSpec(float(low), float(high), None)
        answer = r.number("answer")
        tolerance = r.number("tolerance", 0)
        if answer is None or tolerance is None:
            return None
        if tolerance < 0:
            r.error(r.at("tolerance"), "'tolerance' cannot be negative")
            return None
        return NumericSpec(float(answer - tolerance), float(answer + tolerance), float(answer))

    def payload(self, spec: NumericSpec, tx: TextRenderer) -> dict[str, Any]:
        return {"min": spec.low, "max": spec.high}

    def correct(self, spec: NumericSpec) -> tuple[list[str], list[str]]:
        # 1.2 numeric patterns are a single number: the answer, or the low end of a range.
        single = spec.answer if spec.answer is not None else spec.low
        return [f"{format_number(spec.low)}[:]{format_number(spec.high)}"], [format_number(single)]

    def max_packed(self, spec: NumericSpec) -> int:
        return MAX_NUMBER_CHARS

    def fingerprint(self, spec: NumericSpec) -> str:
        return f"{format_number(spec.low)}:{format_number(spec.high)}"
