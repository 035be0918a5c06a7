"""authorities.yaml and glossary.yaml: the course's shared reference data."""

from __future__ import annotations

import re
from pathlib import Path

from .config import CourseConfig
from .errors import Diagnostics
from .model import Article, Authority, Term
from .quizzes import parse_citations
from .schema import Reader, describe, id_problem
from .sources import read_yaml_map
from .yamlsrc import YMap

AUTHORITIES_FILE = "authorities.yaml"
GLOSSARY_FILE = "glossary.yaml"
AUTHORITY_KEYS = ("short", "title", "kind", "adopted", "in_force", "text_date", "url", "unit", "note", "articles")
AUTHORITY_KINDS = ("treaty", "law", "resolution", "case", "political", "guidance")
TERM_KEYS = ("term", "definition", "cites", "see")
URL_PATTERN = re.compile(r"https?://[^\s<>\"]+\Z")


def _entries(data: YMap, reader: Reader, what: str):
    for entry_id, value in data.items():
        problem = id_problem(entry_id)
        if problem:
            reader.error(data.key_at(entry_id), f"{what} {problem}" if problem.startswith("must") else problem)
            continue
        if not isinstance(value, YMap):
            reader.error(data.at(entry_id), f"{what} '{entry_id}' must be a mapping of keys to values, not {describe(value)}")
            continue
        yield entry_id, value


def _articles(r: Reader) -> dict[str, Article]:
    mapping = r.map("articles")
    if mapping is None:
        return {}
    articles = {}
    for article_id, value in mapping.items():
        problem = id_problem(article_id)
        if problem:
            r.error(mapping.key_at(article_id), f"article {problem}" if problem.startswith("must") else problem)
            continue
        confirmed = True
        if isinstance(value, YMap) and ("title" in value or "confirmed" in value):
            child = r.child(value, f"{r.where}, article '{article_id}'")
            child.keys(("title", "confirmed"), ("title",))
            title = child.text("title")
            confirmed = child.bool("confirmed", True)
        else:
            title = r.text_value(value, mapping.at(article_id), f"article '{article_id}'")
        if title is not None:
            articles[article_id] = Article(article_id, title, confirmed, mapping.key_at(article_id))
    return articles


def load_authorities(root: Path, config: CourseConfig, diags: Diagnostics) -> dict[str, Authority]:
    """The table of authorities; an absent file means an empty table."""
    if not (root / AUTHORITIES_FILE).exists():
        return {}
    data = read_yaml_map(root, AUTHORITIES_FILE, diags)
    if data is None:
        return {}
    top = Reader(data, diags, "", config.languages, config.language)
    result = {}
    for authority_id, value in _entries(data, top, "authority"):
        r = top.child(value, f"authority '{authority_id}'")
        r.keys(AUTHORITY_KEYS, ("short", "title"))
        url = r.str("url")
        if url is not None and not URL_PATTERN.match(url):
            r.error(r.at("url"), f"'url' must be a web address starting with http:// or https://, not '{url}'")
            url = None
        short, title = r.text("short"), r.text("title")
        if short is None or title is None:
            continue
        result[authority_id] = Authority(
            id=authority_id, short=short, title=title,
            kind=r.choice("kind", AUTHORITY_KINDS, "treaty"),
            adopted=r.date("adopted"), in_force=r.date("in_force"), text_date=r.date("text_date"),
            url=url, unit=r.choice("unit", ("article", "paragraph"), "article"),
            note=r.text("note"), articles=_articles(r), pos=data.key_at(authority_id))
    return result


def load_glossary(root: Path, config: CourseConfig, diags: Diagnostics) -> dict[str, Term]:
    """The glossary; an absent file means no terms."""
    if not (root / GLOSSARY_FILE).exists():
        return {}
    data = read_yaml_map(root, GLOSSARY_FILE, diags)
    if data is None:
        return {}
    top = Reader(data, diags, "", config.languages, config.language)
    result = {}
    for term_id, value in _entries(data, top, "term"):
        r = top.child(value, f"term '{term_id}'")
        r.keys(TERM_KEYS, ("term", "definition"))
        term, definition = r.text("term"), r.text("definition")
        see = tuple(item for item, _ in r.id_list("see"))
        if term is None or definition is None:
            continue
        result[term_id] = Term(term_id, term, definition, parse_citations(r, "cites"), see,
                               r.at("see"), data.key_at(term_id))
    return result
