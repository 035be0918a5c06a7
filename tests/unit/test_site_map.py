"""course.site_map: output paths, source targets, relative links, and source path resolution."""

from __future__ import annotations

import pytest

from course.site_map import QUIZ_PAGE, RESERVED_PAGES, SiteMap, relative, resolve_source
from coursekit import BASIC, load


@pytest.fixture(scope="module")
def site_map() -> SiteMap:
    course, _ = load(BASIC)
    return SiteMap(course)


def test_page_paths_follow_internals_md(site_map: SiteMap) -> None:
    assert site_map.home("ru") == "ru/index.html"
    assert site_map.glossary("kk") == "kk/glossary.html"
    assert site_map.authorities("en") == "en/authorities.html"
    assert site_map.lesson("en", "01-framework", "01-definition") == "en/01-framework/01-definition.html"
    assert site_map.quiz("ru", "02-identification") == "ru/02-identification/quiz.html"
    assert site_map.page("en", "about") == "en/about.html"


def test_reserved_names() -> None:
    assert QUIZ_PAGE == "quiz"
    assert set(RESERVED_PAGES) == {"index", "glossary", "authorities"}


def test_targets_of_source_files(site_map: SiteMap) -> None:
    assert site_map.target("modules/01-framework/02-national-law.md") == ("lesson", "01-framework", "02-national-law")
    assert site_map.target("pages/about.md") == ("page", "about")


def test_translations_and_unknown_files_are_no_targets(site_map: SiteMap) -> None:
    assert site_map.target("modules/01-framework/01-definition.ru.md") is None
    assert site_map.target("modules/01-framework/99-missing.md") is None
    assert site_map.target("course.yaml") is None


def test_url_of_a_target(site_map: SiteMap) -> None:
    assert site_map.url_of("kk", ("lesson", "02-identification", "01-indicators")) == "kk/02-identification/01-indicators.html"
    assert site_map.url_of("ru", ("page", "about")) == "ru/about.html"


@pytest.mark.parametrize("src, dst, href", [
    ("en/01-framework/01-definition.html", "en/01-framework/02-national-law.html", "02-national-law.html"),
    ("en/01-framework/01-definition.html", "en/02-identification/quiz.html", "../02-identification/quiz.html"),
    ("en/01-framework/01-definition.html", "en/authorities.html", "../authorities.html"),
    ("en/index.html", "en/01-framework/quiz.html", "01-framework/quiz.html"),
    ("index.html", "ru/index.html", "ru/index.html"),
    ("ru/about.html", "assets/css/course.css", "../assets/css/course.css"),
    ("en/01-framework/01-definition.html", "assets/media/modules/01-framework/img/elements.png",
     "../../assets/media/modules/01-framework/img/elements.png"),
])
def test_relative_links_between_output_pages(src: str, dst: str, href: str) -> None:
    assert relative(src, dst) == href


@pytest.mark.parametrize("source, href, resolved", [
    ("modules/01-framework/01-definition.md", "02-national-law.md", "modules/01-framework/02-national-law.md"),
    ("modules/01-framework/01-definition.md", "../02-identification/01-indicators.md",
     "modules/02-identification/01-indicators.md"),
    ("modules/01-framework/01-definition.md", "img/elements.png", "modules/01-framework/img/elements.png"),
    ("modules/01-framework/01-definition.md", "./img/../img/elements.png", "modules/01-framework/img/elements.png"),
    ("pages/about.md", "../modules/01-framework/01-definition.md", "modules/01-framework/01-definition.md"),
    ("modules/m/l.md", "../../course.yaml", "course.yaml"),
])
def test_resolve_source_inside_the_course(source: str, href: str, resolved: str) -> None:
    assert resolve_source(source, href) == resolved


@pytest.mark.parametrize("source, href", [
    ("modules/m/l.md", "../../../secret.txt"),
    ("modules/m/l.md", "../../.."),
    ("pages/about.md", "../../x.md"),
    ("modules/m/l.md", "/etc/passwd"),
    ("modules/m/l.md", "img/../../../../outside.png"),
])
def test_resolve_source_refuses_paths_leaving_the_course(source: str, href: str) -> None:
    assert resolve_source(source, href) is None
