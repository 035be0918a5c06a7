"""course.config: reading course.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.config import CourseConfig, load_config
from course.errors import Diagnostics, Pos
from course.model import LocalText
from coursekit import BASIC, dedent

MINIMAL = """\
id: c
version: 1.0.0
title: T
language: en
modules: [m1]
"""


def config_of(tmp_path: Path, text: str) -> tuple[CourseConfig | None, list[str]]:
    (tmp_path / "course.yaml").write_text(dedent(text), encoding="utf-8")
    diags = Diagnostics()
    config = load_config(tmp_path, diags)
    return config, [d.format() for d in diags.items]


def test_fixture_config() -> None:
    diags = Diagnostics()
    config = load_config(BASIC, diags)
    assert not diags.items
    assert config is not None
    assert config.id == "basic-course" and config.version == "0.1.0"
    assert config.title == LocalText({"en": "Basic Fixture Course", "ru": "Базовый учебный курс",
                                      "kk": "Негізгі оқу курсы"})
    assert config.language == "en" and config.languages == ("en", "ru", "kk")
    assert config.fallbacks == {"kk": "ru"}
    assert config.organization == "Test Academy" and config.hours == 2 and config.pass_mark == 70
    assert [m for m, _ in config.modules] == ["01-framework", "02-identification"]
    assert config.modules[1][1] == Pos("course.yaml", 11, 25)
    assert [p for p, _ in config.pages] == ["about"]


def test_defaults(tmp_path: Path) -> None:
    config, problems = config_of(tmp_path, MINIMAL)
    assert problems == []
    assert config.languages == ("en",)
    assert config.fallbacks == {} and config.pages == () and config.description is None
    assert config.pass_mark == 70 and config.hours is None and config.organization == ""
    assert config.scorm_versions == ("1.2", "2004")


def test_missing_course_yaml(tmp_path: Path) -> None:
    diags = Diagnostics()
    assert load_config(tmp_path, diags) is None
    assert [d.format() for d in diags.items] == [
        "course.yaml:1:1: error: no course.yaml here: is this a course folder? (create one with 'course new DIR')"]


@pytest.mark.parametrize("key", ["id", "version", "title", "language", "modules"])
def test_required_keys(tmp_path: Path, key: str) -> None:
    text = "".join(line + "\n" for line in MINIMAL.splitlines() if not line.startswith(f"{key}:"))
    _, problems = config_of(tmp_path, text)
    assert f"course.yaml:1:1: error: missing required key '{key}'" in problems


def test_unknown_key_with_suggestion(tmp_path: Path) -> None:
    _, problems = config_of(tmp_path, MINIMAL + "pass_mrak: 80\n")
    assert problems == ["course.yaml:6:1: error: unknown key 'pass_mrak' (did you mean 'pass_mark'?)"]


def test_languages_must_include_the_source(tmp_path: Path) -> None:
    config, problems = config_of(tmp_path, MINIMAL + "languages: [ru, kk]\n")
    assert problems == ["course.yaml:6:12: error: 'languages' must include the source language 'en'"]
    assert config.languages[0] == "en"


def test_language_listed_twice_or_malformed(tmp_path: Path) -> None:
    config, problems = config_of(tmp_path, MINIMAL + "languages: [en, ru, ru, Kazakh]\n")
    assert problems == ["course.yaml:6:21: error: language 'ru' is listed twice",
                        "course.yaml:6:25: error: 'Kazakh' is not a language code such as en, ru or kk"]
    assert config.languages == ("en", "ru")


def test_bad_source_language(tmp_path: Path) -> None:
    _, problems = config_of(tmp_path, MINIMAL.replace("language: en", "language: English"))
    assert "course.yaml:4:11: error: 'English' is not a language code such as en, ru or kk" in problems


def test_fallbacks_are_checked(tmp_path: Path) -> None:
    _, problems = config_of(tmp_path, MINIMAL + "languages: [en, ru, kk]\nfallbacks: {kk: de, ru: ru, de: en}\n")
    assert problems == [
        "course.yaml:7:17: error: fallback of 'kk' must be another course language, not 'de'",
        "course.yaml:7:25: error: fallback of 'ru' must be another course language, not 'ru'",
        "course.yaml:7:29: error: fallback for 'de', which is not one of the course languages"]


def test_scorm_versions(tmp_path: Path) -> None:
    config, problems = config_of(tmp_path, MINIMAL + "scorm: [2004, 1.2, 2004]\n")
    assert problems == [] and config.scorm_versions == ("2004", "1.2")
    _, problems = config_of(tmp_path, MINIMAL + "scorm: [1.3]\n")
    assert problems == ["course.yaml:6:9: error: unknown SCORM version '1.3' (use 1.2 or 2004)"]


@pytest.mark.parametrize("version", ["1.0.0", "2", "1.0.0-rc.1", "2024.1+kz"])
def test_good_versions(tmp_path: Path, version: str) -> None:
    config, problems = config_of(tmp_path, MINIMAL.replace("1.0.0", version))
    assert problems == [] and config.version == version


def test_version_with_a_space_is_refused(tmp_path: Path) -> None:
    config, problems = config_of(tmp_path, MINIMAL.replace("1.0.0", '"1.0 beta"'))
    assert problems == ["course.yaml:2:10: error: version '1.0 beta' may use only letters, digits, dots, '+' and '-'"]


def test_unquoted_decimal_version_keeps_its_digits(tmp_path: Path) -> None:
    config, problems = config_of(tmp_path, MINIMAL.replace("1.0.0", "1.10"))
    assert config.version == "1.10" or problems


def test_pass_mark_range(tmp_path: Path) -> None:
    config, problems = config_of(tmp_path, MINIMAL + "pass_mark: 101\n")
    assert problems == ["course.yaml:6:12: error: 'pass_mark' must be at least 0 and at most 100, not 101"]
    assert config.pass_mark == 70


def test_malformed_course_id(tmp_path: Path) -> None:
    config, problems = config_of(tmp_path, MINIMAL.replace("id: c", "id: ../evil"))
    assert problems[0].startswith("course.yaml:1:5: error: id '../evil' would escape the output folder")
    assert config.id == "course"


def test_duplicate_module_and_page_ids(tmp_path: Path) -> None:
    config, problems = config_of(tmp_path, MINIMAL.replace("[m1]", "[m1, m2, m1]") + "pages: [about, about]\n")
    assert problems == ["course.yaml:5:19: error: duplicate module id 'm1' (first listed on line 5)",
                        "course.yaml:6:16: error: duplicate page id 'about' (first listed on line 6)"]
    assert [m for m, _ in config.modules] == ["m1", "m2"]


def test_title_in_languages(tmp_path: Path) -> None:
    config, problems = config_of(tmp_path, MINIMAL.replace("title: T", "title: {en: T, ru: Т}")
                                 + "languages: [en, ru]\n")
    assert problems == [] and config.title == LocalText({"en": "T", "ru": "Т"})


def test_title_in_a_language_that_is_not_built(tmp_path: Path) -> None:
    _, problems = config_of(tmp_path, MINIMAL.replace("title: T", "title: {en: T, ru: Т}"))
    assert problems == ["course.yaml:3:16: warning: 'title' has text in 'ru', which is not one of the course "
                        "languages (en); it is not built"]


def test_course_yaml_that_is_a_list(tmp_path: Path) -> None:
    config, problems = config_of(tmp_path, "- id: c\n")
    assert config is None
    assert problems == ["course.yaml:1:1: error: the file must be a mapping of keys to values (key: value)"]
