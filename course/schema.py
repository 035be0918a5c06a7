"""Typed reading of YAML mappings with author-friendly messages.

A `Reader` wraps one mapping from `yamlsrc` and hands out checked values; every problem is
reported at the exact key or value, and a default is returned so checking can go on.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Any, Sequence

from .errors import Diagnostics, Pos, did_you_mean
from .model import LocalText, is_id
from .yamlsrc import YList, YMap

ID_RULE = "ids use lower-case letters, digits and hyphens, and start with a letter or digit"
DATE_PATTERN = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?\Z")
LANG_LIKE = re.compile(r"[a-z]{2,3}\Z")


def describe(value: Any) -> str:
    """How a value reads to an author, for 'must be X, not Y' messages."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'}"
    if isinstance(value, float) and not math.isfinite(value):
        return "not a finite number"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return f"the date {value.isoformat()}"
    return type(value).__name__


def id_problem(value: Any) -> str | None:
    """Why `value` is not a usable id, or None when it is one."""
    if not isinstance(value, str):
        return f"must be an id, not {describe(value)}"
    if "/" in value or "\\" in value or ".." in value:
        return f"id '{value}' would escape the output folder; {ID_RULE}"
    if not is_id(value):
        return f"malformed id '{value}': {ID_RULE}"
    return None


class Reader:
    """Checked access to one YAML mapping."""

    def __init__(self, data: YMap, diags: Diagnostics, where: str = "",
                 languages: Sequence[str] = (), source_lang: str = ""):
        self.data = data
        self.diags = diags
        self.where = where
        self.languages = tuple(languages)
        self.source_lang = source_lang

    # -- reporting -------------------------------------------------------------------
    def prefix(self, message: str) -> str:
        """`message` prefixed with where this reader is, e.g. "option 'a': ..."."""
        return f"{self.where}: {message}" if self.where else message

    def error(self, pos: Pos, message: str) -> None:
        """Report an error at `pos`, prefixed with where this reader is."""
        self.diags.error(pos, self.prefix(message))

    def warning(self, pos: Pos, message: str) -> None:
        """Report a warning at `pos`, prefixed with where this reader is."""
        self.diags.warning(pos, self.prefix(message))

    def child(self, data: YMap, where: str) -> "Reader":
        """A reader for a nested mapping, with the same diagnostics and languages."""
        return Reader(data, self.diags, where, self.languages, self.source_lang)

    # -- structure -------------------------------------------------------------------
    def keys(self, allowed: Sequence[str], required: Sequence[str] = ()) -> bool:
        """Report unknown keys (with a suggestion) and missing required ones."""
        ok = True
        keys = list(self.data)
        for index, key in enumerate(keys):
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                if not hint and getattr(self.data, "flow", False) and self.data[key] is None and index:
                    # `{text: Not trafficking, but smuggling}`: the comma started a new entry.
                    hint = (f"; inside {{ }} a comma starts a new entry: if '{key}' belongs to the text of "
                            f"'{keys[index - 1]}', put that whole text in quotes")
                self.error(self.data.key_at(key), f"unknown key '{key}'{hint}")
                ok = False
        for key in required:
            if key not in self.data:
                self.error(self.data.pos, f"missing required key '{key}'")
                ok = False
            elif self.data[key] is None or self.data[key] == "" or self.data[key] == [] or self.data[key] == {}:
                self.error(self.data.at(key), f"'{key}' is empty")
                ok = False
        return ok

    def has(self, key: str) -> bool:
        """True when `key` is present with a value other than null."""
        return key in self.data and self.data[key] is not None

    def at(self, key: str) -> Pos:
        """Position of the value under `key` (of the mapping when the key is absent)."""
        return self.data.at(key)

    def _wrong(self, key: str, expected: str) -> None:
        self.error(self.at(key), f"'{key}' must be {expected}, not {describe(self.data[key])}")

    # -- scalars ---------------------------------------------------------------------
    def str(self, key: str, default: str | None = None) -> str | None:
        """The value as text (numbers are accepted); `default` when missing or not text (reported)."""
        if not self.has(key):
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self._wrong(key, "text")
            return default
        return str(value)

    def int(self, key: str, default: int, minimum: int | None = None,
            maximum: int | None = None) -> int:
        """A whole number within the bounds; `default` when missing or wrong (reported)."""
        if not self.has(key):
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self._wrong(key, "a whole number")
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            low = "" if minimum is None else f"at least {minimum}"
            high = "" if maximum is None else f"at most {maximum}"
            self.error(self.at(key), f"'{key}' must be {' and '.join(p for p in (low, high) if p)}, not {value}")
            return default
        return value

    def number(self, key: str, default: float | None = None) -> float | None:
        """A finite number; `default` when missing or wrong (reported)."""
        if not self.has(key):
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self._wrong(key, "a number")
            return default
        return value

    def bool(self, key: str, default: bool) -> bool:
        """true or false; `default` when missing or wrong (reported)."""
        if not self.has(key):
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            self._wrong(key, "true or false")
            return default
        return value

    def choice(self, key: str, options: Sequence[str], default: str) -> str:
        """One of `options`; `default` when missing or wrong (reported)."""
        value = self.str(key)
        if value is None:
            return default
        if value not in options:
            listed = ", ".join(options)
            self.error(self.at(key), f"'{key}' must be one of {listed}, not '{value}'{did_you_mean(value, options)}")
            return default
        return value

    def date(self, key: str) -> str | None:
        """A date as YYYY-MM-DD, YYYY-MM or YYYY."""
        if not self.has(key):
            return None
        value = self.data[key]
        if isinstance(value, _dt.date):
            return value.isoformat()[:10]
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and DATE_PATTERN.match(value):
            parts = [int(p) for p in value.split("-")]
            try:
                _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
            except ValueError:
                self.error(self.at(key), f"'{key}' is not a real date: {value}")
                return None
            return value
        self._wrong(key, "a date written YYYY-MM-DD, YYYY-MM or YYYY")
        return None

    def id(self, key: str) -> str | None:
        """A well-formed id; None when missing or malformed (reported)."""
        if not self.has(key):
            return None
        problem = id_problem(self.data[key])
        if problem:
            self.error(self.at(key), problem if not problem.startswith("must") else f"'{key}' {problem}")
            return None
        return self.data[key]

    # -- collections -----------------------------------------------------------------
    def list(self, key: str) -> YList | None:
        """The list under `key`; None when missing or not a list (reported)."""
        if not self.has(key):
            return None
        value = self.data[key]
        if not isinstance(value, YList):
            self._wrong(key, "a list")
            return None
        return value

    def map(self, key: str) -> YMap | None:
        """The mapping under `key`; None when missing or not a mapping (reported)."""
        if not self.has(key):
            return None
        value = self.data[key]
        if not isinstance(value, YMap):
            self._wrong(key, "a mapping")
            return None
        return value

    def id_list(self, key: str) -> list[tuple[str, Pos]]:
        """A list of ids, each with its position; malformed items are reported and skipped."""
        items = self.list(key)
        if items is None:
            return []
        result = []
        for index, value in enumerate(items):
            problem = id_problem(value)
            if problem:
                self.error(items.at(index), problem if not problem.startswith("must") else f"'{key}' items {problem}")
                continue
            result.append((value, items.at(index)))
        return result

    def text(self, key: str) -> LocalText | None:
        """A short text: a plain string in the source language or a language mapping."""
        if not self.has(key):
            return None
        return self.text_value(self.data[key], self.at(key), f"'{key}'")

    def text_value(self, value: Any, pos: Pos, label: str) -> LocalText | None:
        """Like `text`, for a value found elsewhere; `label` names it in messages."""
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return LocalText({self.source_lang: str(value)})
        if not isinstance(value, YMap):
            self.error(pos, f"{label} must be text or a mapping of languages to text, not {describe(value)}")
            return None
        values: dict[str, str] = {}
        for lang, text in value.items():
            if self.languages and lang not in self.languages:
                if not LANG_LIKE.match(lang):
                    self.error(value.key_at(lang), f"{label}: '{lang}' is not a language code; a comma inside "
                                                   "{...} starts a new entry, so put text with commas in quotes")
                else:
                    # Text for a language the course does not build (yet) is kept out, not lost.
                    known = ", ".join(self.languages)
                    self.warning(value.key_at(lang), f"{label} has text in '{lang}', which is not one of the "
                                                     f"course languages ({known}); it is not built")
                continue
            if isinstance(text, bool) or not isinstance(text, (str, int, float)):
                self.error(value.at(lang), f"{label} in '{lang}' must be text, not {describe(text)}")
                continue
            values[lang] = str(text)
        if self.source_lang and self.source_lang not in values and values:
            self.error(pos, f"{label} has no text in the source language '{self.source_lang}'")
            return None
        return LocalText(values) if values else None
