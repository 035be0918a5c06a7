"""course.yaml: the course's metadata, languages and module order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostics, Pos
from .model import LocalText
from .schema import Reader
from .sources import read_yaml_map

COURSE_FILE = "course.yaml"
LANG_PATTERN = re.compile(r"[a-z]{2,3}\Z")
VERSION_PATTERN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+-]*\Z")
SCORM_VERSIONS = ("1.2", "2004")
COURSE_KEYS = ("id", "version", "title", "description", "language", "languages", "fallbacks",
               "organization", "hours", "pass_mark", "modules", "pages", "scorm")


@dataclass(frozen=True)
class CourseConfig:
    """The settings of course.yaml, checked, with defaults filled in."""

    id: str
    version: str
    title: LocalText
    description: LocalText | None
    language: str
    languages: tuple[str, ...]
    fallbacks: dict[str, str]
    organization: str
    hours: float | None
    pass_mark: int
    modules: tuple[tuple[str, Pos], ...]
    pages: tuple[tuple[str, Pos], ...]
    scorm_versions: tuple[str, ...]


def _languages(reader: Reader, source: str) -> tuple[str, ...]:
    items = reader.list("languages")
    if items is None:
        return (source,)
    result: list[str] = []
    for index, lang in enumerate(items):
        if not isinstance(lang, str) or not LANG_PATTERN.match(lang):
            reader.error(items.at(index), f"'{lang}' is not a language code such as en, ru or kk")
        elif lang in result:
            reader.error(items.at(index), f"language '{lang}' is listed twice")
        else:
            result.append(lang)
    if source not in result:
        reader.error(reader.at("languages"), f"'languages' must include the source language '{source}'")
        result.insert(0, source)
    return tuple(result)


def _fallbacks(reader: Reader, languages: tuple[str, ...]) -> dict[str, str]:
    mapping = reader.map("fallbacks")
    if mapping is None:
        return {}
    result = {}
    for lang, target in mapping.items():
        if lang not in languages:
            reader.error(mapping.key_at(lang), f"fallback for '{lang}', which is not one of the course languages")
        elif target not in languages or target == lang:
            reader.error(mapping.at(lang), f"fallback of '{lang}' must be another course language, not {target!r}")
        else:
            result[lang] = target
    return result


def _scorm_versions(reader: Reader) -> tuple[str, ...]:
    items = reader.list("scorm")
    if items is None:
        return SCORM_VERSIONS
    if not items:
        reader.error(reader.at("scorm"), "'scorm' lists no version; write [\"1.2\", \"2004\"] or leave it out")
    result = []
    for index, value in enumerate(items):
        text = str(value)
        if text not in SCORM_VERSIONS:
            reader.error(items.at(index), f"unknown SCORM version '{text}' (use 1.2 or 2004)")
        elif text not in result:
            result.append(text)
    return tuple(result)


def load_config(root: Path, diags: Diagnostics) -> CourseConfig | None:
    """Read course.yaml; None (with diagnostics) when it is missing or unusable."""
    if not (root / COURSE_FILE).is_file():
        diags.error(Pos(COURSE_FILE), f"no {COURSE_FILE} here: is this a course folder? (create one with 'course new DIR')")
        return None
    data = read_yaml_map(root, COURSE_FILE, diags)
    if data is None:
        return None
    reader = Reader(data, diags)
    reader.keys(COURSE_KEYS, required=("id", "version", "title", "language", "modules"))
    source = reader.str("language", "en") or "en"
    if not LANG_PATTERN.match(source):
        reader.error(reader.at("language"), f"'{source}' is not a language code such as en, ru or kk")
        source = "en"
    languages = _languages(reader, source)
    reader = Reader(data, diags, languages=languages, source_lang=source)
    course_id = reader.id("id") or "course"
    if isinstance(data.get("version"), float):
        reader.error(reader.at("version"), f"version {data['version']!r} was read as a number; "
                                           "put it in quotes, e.g. version: \"1.10\"")
    version = reader.str("version", "0") or "0"
    if not VERSION_PATTERN.match(version):
        reader.error(reader.at("version"), f"version '{version}' may use only letters, digits, dots, '+' and '-'")
        version = "0"
    title = reader.text("title") or LocalText({source: course_id})
    return CourseConfig(
        id=course_id,
        version=version,
        title=title,
        description=reader.text("description"),
        language=source,
        languages=languages,
        fallbacks=_fallbacks(reader, languages),
        organization=reader.str("organization", "") or "",
        hours=reader.number("hours"),
        pass_mark=reader.int("pass_mark", 70, minimum=0, maximum=100),
        modules=tuple(_unique(reader, "modules", "module")),
        pages=tuple(_unique(reader, "pages", "page")),
        scorm_versions=_scorm_versions(reader),
    )


def _unique(reader: Reader, key: str, what: str) -> list[tuple[str, Pos]]:
    seen: dict[str, Pos] = {}
    result = []
    for item, pos in reader.id_list(key):
        if item in seen:
            reader.error(pos, f"duplicate {what} id '{item}' (first listed on line {seen[item].line})")
            continue
        seen[item] = pos
        result.append((item, pos))
    return result
