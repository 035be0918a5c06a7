"""Interface strings: per-language tables, plural rules, dates and numbers.

Tables live in the theme as `i18n/<lang>/*.yaml`. A value is a string with `{name}`
placeholders, a plural mapping (CLDR categories), or a list (e.g. month names).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import Diagnostics, Pos
from .sources import read_yaml
from .theme import Theme
from .yamlsrc import YMap

PLURAL_FORMS = {"en": ("one", "other"), "kk": ("one", "other"), "ru": ("one", "few", "many", "other")}
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}


def plural_category(lang: str, count: float) -> str:
    """The CLDR plural category of `count` in `lang` (en, kk: one/other; ru: one/few/many/other)."""
    if lang == "ru":
        if count != int(count):
            return "other"
        n = abs(int(count))
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    return "one" if count == 1 else "other"


class Strings:
    """The interface strings of one language."""

    def __init__(self, lang: str, table: dict[str, Any], fallback: "Strings | None" = None):
        self.lang = lang
        self.table = table
        self.fallback = fallback

    def raw(self, key: str) -> Any:
        """The entry for `key` as the table holds it (text, plural mapping or list), else the
        fallback's; KeyError when neither has it."""
        if key in self.table:
            return self.table[key]
        if self.fallback is not None:
            return self.fallback.raw(key)
        raise KeyError(f"interface string '{key}' is missing")

    def t(self, key: str, **values: Any) -> str:
        """The string for `key`, with `{name}` placeholders filled; plurals pick by `count`."""
        entry = self.raw(key)
        if isinstance(entry, dict):
            count = values.get("count", 0)
            entry = entry.get(plural_category(self.lang, count)) or entry.get("other", "")
        text = str(entry)
        for name, value in values.items():
            shown = self.number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
            text = text.replace("{" + name + "}", shown)
        return text

    def number(self, value: float) -> str:
        """A number as the language writes it: decimal comma for ru and kk."""
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return text.replace(".", ",") if self.lang in ("ru", "kk") else text

    def date(self, iso: str | None) -> str:
        """'2021-12-08' as '8 December 2021' (or the language's form); partial dates stay short."""
        if not iso:
            return ""
        parts = iso.split("-")
        if len(parts) == 1:
            return parts[0]
        months = self.raw("date.months")
        month = months[int(parts[1]) - 1]
        if len(parts) == 2:
            return self.t("date.month_year", month=self.raw("date.months_nominative")[int(parts[1]) - 1], year=parts[0])
        return self.t("date.full", day=str(int(parts[2])), month=month, year=parts[0])

    def merged(self) -> dict[str, Any]:
        """Every key this language can show, its fallback's filling the gaps."""
        return {**self.fallback.merged(), **self.table} if self.fallback is not None else dict(self.table)

    def to_js(self) -> str:
        """The table as a classic script that loads it into CourseI18n."""
        data = json.dumps({"lang": self.lang, "plural": list(PLURAL_FORMS.get(self.lang, ("one", "other"))),
                           "strings": self.merged()}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return f'"use strict";\nCourseI18n.load({data});\n'


def _load_table(files: list[Path], diags: Diagnostics) -> dict[str, Any]:
    """Merge a language's tables; a course theme may override a default key, but one theme
    defining a key twice is an error."""
    table: dict[str, Any] = {}
    folders: dict[Path, set[str]] = {}
    for path in files:
        seen_here = folders.setdefault(path.parent.parent.parent, set())
        data = read_yaml(path.parent, path.name, diags) if path.exists() else None
        if data is None:
            continue
        if not isinstance(data, YMap):
            diags.error(Pos(path.name), "an interface string table must be a mapping of keys to strings")
            continue
        for key, value in data.items():
            if key in table and key in seen_here:
                diags.error(data.key_at(key), f"interface string '{key}' is defined in two files of the same theme")
            table[key] = value
            seen_here.add(key)
    return table


def load_strings(theme: Theme, languages: tuple[str, ...], diags: Diagnostics) -> dict[str, Strings]:
    """Strings for every course language; missing keys fall back to English."""
    english = Strings("en", _load_table(theme.string_files("en"), diags))
    result = {}
    for lang in languages:
        if lang == "en":
            result[lang] = english
            continue
        files = theme.string_files(lang)
        if not files:
            diags.warning(Pos("course.yaml"), f"the theme has no interface strings for '{lang}'; English is used")
        result[lang] = Strings(lang, _load_table(files, diags), english)
    for lang in languages:
        # Notices name languages ("shown in Russian"); a language the theme cannot name is
        # named by its own name or code rather than failing the build.
        keys = (f"language.into.{lang}", f"language.in.{lang}")
        if any(key not in english.table for key in keys):
            diags.warning(Pos("course.yaml"), f"the theme has no strings naming the language '{lang}' "
                          f"({', '.join(keys)}); '{LANGUAGE_NAMES.get(lang, lang)}' is shown instead")
            for key in keys:
                english.table.setdefault(key, LANGUAGE_NAMES.get(lang, lang))
    return result
