"""What every question kind provides, and helpers shared by the kinds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Protocol

from ..errors import Pos
from ..model import LocalText
from ..schema import Reader, id_problem
from ..yamlsrc import YMap

# SCORM 1.2 choice-like responses are single characters 0-9a-z, so a list holds at most 36.
CODES = "0123456789abcdefghijklmnopqrstuvwxyz"
MAX_ITEMS = len(CODES)
# Characters the learner state uses as delimiters; answers typed by learners never hold them.
STATE_DELIMITERS = "~!*'()"


class TextRenderer(Protocol):
    """Renders an author's text for one language (see course.render.payloads)."""

    def block(self, text: LocalText | None) -> str | None: ...
    def inline(self, text: LocalText | None) -> str | None: ...
    def plain(self, text: LocalText | None) -> str: ...


@dataclass(frozen=True)
class Entry:
    """An item of a list such as options or pairs: its id, its mapping and its position."""

    id: str
    data: YMap
    pos: Pos


class Kind:
    """Base of the kind table; subclasses override what differs."""

    name = ""
    keys: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    overlay_keys: tuple[str, ...] = ()
    type2004 = "other"
    type12 = "performance"

    def parse(self, r: Reader, prompt: LocalText | None) -> Any:
        """Read the kind's keys of a question into its spec; None when unusable (problems reported)."""
        raise NotImplementedError

    def apply_overlay(self, spec: Any, r: Reader, lang: str) -> None:
        """Add the overlay's texts (already key-checked) to the spec's LocalTexts."""

    def texts(self, spec: Any) -> Iterator[LocalText]:
        """Every translatable text of the spec (for coverage and translation hashes)."""
        return iter(())

    def payload(self, spec: Any, tx: TextRenderer) -> dict[str, Any]:
        """The kind's part of a question's browser data, its texts rendered with `tx`."""
        raise NotImplementedError

    def correct(self, spec: Any) -> tuple[list[str], list[str]]:
        """SCORM 2004 and 1.2 correct-response patterns."""
        raise NotImplementedError

    def max_packed(self, spec: Any) -> int:
        """Longest packed response (see docs/internals.md) a learner can produce."""
        raise NotImplementedError

    def fingerprint(self, spec: Any) -> str:
        """Canonical text of the answer structure; text edits do not change it."""
        raise NotImplementedError

    def missing_feedback(self, spec: Any) -> list[tuple[Pos, str]]:
        """Wrong options without feedback: (position, option id)."""
        return []


class Entries(list):
    """Parsed entries; `clean` is False when any entry had a problem (already reported).

    Kinds drop a question whose entries are not clean, so one typo is one message, not a
    cascade of consequences (a misspelt 'correct' is not also 'no correct option').
    """

    clean = True


def entries(r: Reader, key: str, what: str, allowed: tuple[str, ...],
            required: tuple[str, ...] = ("id",), minimum: int = 1) -> Entries:
    """Parse a list of mappings with unique ids (options, pairs, items, categories)."""
    result = Entries()
    items = r.list(key)
    if items is None:
        result.clean = key not in r.data
        return result
    seen: dict[str, Pos] = {}
    for index, data in enumerate(items):
        pos = items.at(index)
        if not isinstance(data, YMap):
            r.error(pos, f"each item of '{key}' must be a mapping with an id, e.g. {{id: a, text: ...}}")
            result.clean = False
            continue
        if not r.child(data, r.where).keys(allowed, required):
            result.clean = False
        item_id = data.get("id")
        problem = id_problem(item_id) if "id" in data else None
        if problem:
            r.error(data.at("id"), f"{what} {problem}" if problem.startswith("must") else problem)
            result.clean = False
            continue
        if item_id is None:
            continue
        if item_id in seen:
            r.error(data.at("id"), f"duplicate {what} id '{item_id}' (first on line {seen[item_id].line})")
            result.clean = False
            continue
        seen[item_id] = data.at("id")
        result.append(Entry(item_id, data, data.at("id")))
    if len(items) > MAX_ITEMS:
        r.error(items.pos, f"'{key}' has {len(items)} entries; at most {MAX_ITEMS} are allowed")
        result.clean = False
    elif len(items) < minimum:
        r.error(r.at(key), f"'{key}' needs at least {minimum} entries")
        result.clean = False
    return result


def text_of(r: Reader, data: YMap, key: str, where: str, required: bool = True) -> LocalText | None:
    """A text field of an entry: plain text in the source language.

    Missing required keys are reported by the key check of the entry, not here.
    """
    if key not in data or data[key] is None:
        return None
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        r.error(data.at(key), f"{where}: '{key}' must be text")
        return None
    return LocalText({r.source_lang: str(value)})


def overlay_text(r: Reader, text: LocalText | None, value: Any, pos: Pos, lang: str, where: str) -> None:
    """Put one translated text into a LocalText, reporting a wrong type."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        r.error(pos, f"{where} must be text")
        return
    if text is not None:
        text.values[lang] = str(value)


def overlay_entries(r: Reader, key: str, known: dict[str, Any], what: str) -> YMap | None:
    """An overlay mapping keyed by source ids; unknown ids are reported."""
    mapping = r.map(key)
    if mapping is None:
        return None
    for item_id in mapping:
        if item_id not in known:
            r.error(mapping.key_at(item_id), f"no {what} '{item_id}' in the source question")
    return mapping
