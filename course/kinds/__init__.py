"""The table of question kinds.

Each kind knows how to parse its YAML keys, apply a translation overlay, list its texts,
build the browser payload, give its SCORM correct-response patterns, bound the size of a
stored answer, and fingerprint its answer structure. A new kind is one new entry here.
"""

from __future__ import annotations

from .base import Kind, TextRenderer
from .choice import MultipleKind, SingleKind, TrueFalseKind
from .scenario import ScenarioKind
from .structured import CategorizeKind, MatchingKind, OrderingKind
from .typed import FillInKind, NumericKind

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    SingleKind(), MultipleKind(), TrueFalseKind(),
    MatchingKind(), OrderingKind(), CategorizeKind(),
    FillInKind(), NumericKind(), ScenarioKind(),
)}

__all__ = ["KINDS", "Kind", "TextRenderer"]
