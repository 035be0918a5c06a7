"""The one configured Markdown parser, its extensions, and the scan of a parsed document.

Extensions (documented in docs/authoring.md):
  [@instrument:article]      citation with automatic text, in parentheses; [@a; @b] for several
  [text](cite:inst:art)      citation with the author's text
  [text](term:id)            glossary reference
  [?question-id]             knowledge check, alone on a line
  ::: note|warning|checklist|sensitive [title] ... :::   callouts
  ## Heading {#id}           a fixed heading anchor

Rendering calls back into a page context passed as env["ctx"] (see course.render.context).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

from markdown_it import MarkdownIt, rules_inline
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .errors import Pos

CALLOUTS = ("note", "warning", "checklist", "sensitive")
CHECK_LINE = re.compile(r"\[\?([^\]\n]*)\]\s*\Z")
EXPLICIT_ANCHOR = re.compile(r"\s*\{#([^}\s]+)\}\s*\Z")
FORBIDDEN_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def slugify(text: str) -> str:
    """Heading anchor: lower case, letters and digits of any script, hyphens for spaces."""
    text = unicodedata.normalize("NFC", text).lower()
    out = []
    for char in text:
        if char.isalnum():
            out.append(char)
        elif char in " -_":
            out.append("-")
    slug = re.sub("-{2,}", "-", "".join(out)).strip("-")
    return slug or "section"


def link_scheme(href: str) -> str | None:
    """The lower-cased scheme of a URL ('javascript:'), ignoring spaces and control characters."""
    compact = "".join(ch for ch in href if ch > " ").lower()
    match = SCHEME.match(compact)
    return match.group(0) if match else None


def is_forbidden(href: str) -> bool:
    """True for a javascript:, vbscript:, file: or data: address, which no link may use."""
    scheme = link_scheme(href)
    return scheme in FORBIDDEN_SCHEMES


# -- parsing rules ---------------------------------------------------------------------

def _check_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    pos = state.bMarks[start] + state.tShift[start]
    if state.sCount[start] - state.blkIndent >= 4 or not state.src.startswith("[?", pos):
        return False  # tried at every line: the cheap test first
    line = state.src[pos:state.eMarks[start]]
    match = CHECK_LINE.match(line)
    if not match:
        return False
    if silent:
        return True
    token = state.push("knowledge_check", "div", 0)
    token.meta = {"id": match.group(1).strip()}
    token.map = [start, start + 1]
    token.markup = line
    state.line = start + 1
    return True


def _citation_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if not src.startswith("[@", pos):
        return False
    end = src.find("]", pos + 2)
    if end < 0 or "\n" in src[pos:end]:
        return False
    # `[@x](url)` is an ordinary link whose text starts with @.
    if src.startswith("(", end + 1):
        return False
    if not silent:
        # `[@a; @b]` cites several authorities in one parenthesis.
        refs = [part.strip().lstrip("@").strip() for part in src[pos + 2:end].split(";")]
        token = state.push("citation", "", 0)
        token.meta = {"refs": refs}
        token.markup = src[pos:end + 1]
    state.pos = end + 1
    return True


def _inline_text(token: Token) -> str:
    return "".join(child.content for child in token.children or [] if child.type in ("text", "code_inline"))


def _heading_ids(state: Any) -> None:
    """Give every heading a unique id; explicit `{#id}` anchors keep theirs, whatever comes first."""
    tokens = state.tokens
    headings = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        explicit = None
        last = inline.children[-1] if inline.children else None
        if last is not None and last.type == "text":
            match = EXPLICIT_ANCHOR.search(last.content)
            if match:
                explicit = match.group(1)
                last.content = last.content[:match.start()]
                inline.content = EXPLICIT_ANCHOR.sub("", inline.content)
        headings.append((token, explicit, inline))
    used = {explicit for _, explicit, _ in headings if explicit}
    for token, explicit, inline in headings:
        if explicit:
            token.attrSet("id", explicit)
        else:
            base = slugify(_inline_text(inline))
            candidate, number = base, 1
            while candidate in used:
                number += 1
                candidate = f"{base}-{number}"
            used.add(candidate)
            token.attrSet("id", candidate)
        token.meta = {"explicit": explicit is not None}


# -- rendering rules (they call the page context) ---------------------------------------

def _ctx(env: dict) -> Any:
    return env["ctx"]


def _render_link_open(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    return _ctx(env).open_link(str(tokens[idx].attrGet("href") or ""))


def _render_link_close(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    return _ctx(env).close_link()


def _render_citation(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    return _ctx(env).citations_html(tokens[idx].meta["refs"])


def _render_check(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    return _ctx(env).check_html(tokens[idx].meta["id"])


def _render_image(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    src = _ctx(env).image_src(str(token.attrGet("src") or ""))
    return f'<img src="{escapeHtml(src)}" alt="{escapeHtml(alt)}" loading="lazy">'


def _render_table_open(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    label = escapeHtml(_ctx(env).table_label())
    return f'<div class="table-wrap" tabindex="0" role="region" aria-label="{label}"><table>\n'


def _render_table_close(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    return "</table></div>\n"


def _callout_kind(params: str, markup: str = "") -> str | None:
    words = params.split(None, 1)
    return words[0] if words and words[0] in CALLOUTS else None


def _render_callout(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    # One container rule serves every callout kind (each extra rule is tried on every line),
    # so the kind is read from the opening fence and remembered for its closing one.
    token = tokens[idx]
    open_kinds = env.setdefault("callouts", [])
    if token.nesting == 1:
        name = _callout_kind(token.info) or CALLOUTS[0]
        open_kinds.append(name)
        return _ctx(env).callout_open(name, token.info.strip()[len(name):].strip())
    return _ctx(env).callout_close(open_kinds.pop() if open_kinds else CALLOUTS[0])


def _only_with(characters: str, rule: Callable[[Any], None]) -> Callable[[Any], None]:
    """`rule`, run only on inline text holding one of `characters`."""
    def guarded(state: Any) -> None:
        source = state.src
        for character in characters:
            if character in source:
                rule(state)
                return
    return guarded


def make_markdown() -> MarkdownIt:
    """The project's one MarkdownIt: CommonMark with tables, footnotes, definition lists and our extensions."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # With html off these two rules can never match, yet they would still be tried at every
    # block and at every '<' (about 2 % of parsing).
    md.disable(["html_block", "html_inline"])
    # The pairing passes run after every paragraph, heading and table cell, but only emphasis
    # (* _) and strikethrough (~) leave delimiters for them: without those characters there is
    # nothing to pair, and skipping them saves about 4 % of parsing with identical tokens. A
    # plugin that adds delimiters of its own (mark ==, ins ++, sub/sup) must add its characters.
    ruler2 = md.inline.ruler2
    ruler2.at("balance_pairs", _only_with("*_~", rules_inline.link_pairs))
    ruler2.at("strikethrough", _only_with("~", rules_inline.strikethrough.postProcess))
    ruler2.at("emphasis", _only_with("*_", rules_inline.emphasis.postProcess))
    # Every link is parsed so the scan can report forbidden ones; rendering never emits them.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    # Keep hrefs as written so checks see the author's text; rendering escapes them.
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.use(footnote_plugin).use(deflist_plugin)
    md.use(container_plugin, name="callout", validate=lambda params, markup: _callout_kind(params) is not None,
           render=_render_callout)
    md.block.ruler.before("paragraph", "knowledge_check", _check_rule)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.core.ruler.push("heading_ids", _heading_ids)
    rules = md.add_render_rule
    rules("link_open", _render_link_open)
    rules("link_close", _render_link_close)
    rules("citation", _render_citation)
    rules("knowledge_check", _render_check)
    rules("image", _render_image)
    rules("table_open", _render_table_open)
    rules("table_close", _render_table_close)
    return md


# -- the scan ---------------------------------------------------------------------------

class Found(NamedTuple):
    """Something found in a document, with its exact source position."""

    value: str
    pos: Pos
    extra: str = ""


@dataclass
class Scan:
    """What checks need from one Markdown document, each item with its source position."""

    links: list[Found] = field(default_factory=list)      # ordinary and cite:/term: links
    images: list[Found] = field(default_factory=list)     # value=src, extra=alt text
    citations: list[Found] = field(default_factory=list)  # [@...] and cite: links
    terms: list[Found] = field(default_factory=list)
    checks: list[Found] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    stray_callouts: list[Found] = field(default_factory=list)
    unclosed_callouts: list[Found] = field(default_factory=list)


class _Locator:
    """Finds the line and column of inline constructs within a block's source lines."""

    def __init__(self, body: str, path: str, body_line: int):
        self.lines = body.split("\n")
        self.path = path
        self.body_line = body_line

    def search(self, needle: str, block: list[int] | None, cursor: list[int]) -> Pos | None:
        """The next place of `needle` in the block at or after the cursor, or None."""
        start, end = (block or [0, len(self.lines)])
        line, col = max(cursor[0], start), cursor[1] if cursor[0] >= start else 0
        while line < min(end, len(self.lines)):
            found = self.lines[line].find(needle, col)
            if found >= 0:
                cursor[0], cursor[1] = line, found + len(needle)
                return Pos(self.path, self.body_line + line, found + 1)
            line, col = line + 1, 0
        return None

    def find(self, needle: str, block: list[int] | None, cursor: list[int]) -> Pos:
        """Like `search`, falling back to the start of the block."""
        found = self.search(needle, block, cursor)
        if found is not None:
            return found
        start = (block or [0])[0]
        first = start if start < len(self.lines) else 0
        indent = len(self.lines[first]) - len(self.lines[first].lstrip()) if self.lines else 0
        return Pos(self.path, self.body_line + first, indent + 1)


CALLOUT_OPEN = re.compile(r" {0,3}(:{3,})\s*(\w+)")
CALLOUT_CLOSE = re.compile(r" {0,3}(:{3,})\s*\Z")
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def _unclosed_callouts(lines: list[str], path: str, body_line: int) -> list[Found]:
    """Callouts whose closing ':::' line is missing (the parser would silently run them on
    to the end of the file, swallowing everything after them)."""
    stack: list[Found] = []
    fence = ""
    for number, line in enumerate(lines):
        if line.lstrip(" ")[:1] not in (":", "`", "~"):
            continue  # most lines open or close nothing; skip the three patterns
        opened_fence = FENCE.match(line)
        if fence:
            if opened_fence and opened_fence.group(1)[0] == fence[0] and len(opened_fence.group(1)) >= len(fence):
                fence = ""
            continue
        if opened_fence:
            fence = opened_fence.group(1)
            continue
        if CALLOUT_CLOSE.match(line):
            if stack:
                stack.pop()
            continue
        match = CALLOUT_OPEN.match(line)
        if match:
            stack.append(Found(match.group(2), Pos(path, body_line + number, line.index(":") + 1)))
    return stack


def scan(tokens: list[Token], body: str, path: str, body_line: int) -> Scan:
    """Everything a check needs from a parsed document, with positions in the source file."""
    found = Scan()
    where = _Locator(body, path, body_line)
    found.unclosed_callouts = _unclosed_callouts(where.lines, path, body_line)
    for token in tokens:
        if token.type == "heading_open":
            found.anchors.add(str(token.attrGet("id")))
        elif token.type == "knowledge_check":
            found.checks.append(Found(token.meta["id"], where.find(token.markup.strip(), token.map, [0, 0])))
        elif token.type == "paragraph_open" and token.map:
            line = where.lines[token.map[0]].lstrip()
            if line.startswith(":::"):
                found.stray_callouts.append(Found(line[3:].strip().split(" ")[0], where.find(":::", token.map, [0, 0])))
        elif token.type == "inline" and ("[" in token.content or "<" in token.content):
            _scan_inline(token, where, found)  # links, images and citations all need [ or <
    return found


def _link_position(where: _Locator, link: Token, href: str, block: list[int] | None, cursor: list[int]) -> Pos:
    """Where a link's address is written: inline `](href`, `<href>`, or a reference definition."""
    if link.markup == "autolink":
        pos = where.find(f"<{href}", block, cursor)
        return Pos(pos.path, pos.line, pos.col + 1)
    inline = where.search(f"]({href}", block, list(cursor)) if href else where.search("](", block, list(cursor))
    if inline is not None:
        where.search(f"]({href}" if href else "](", block, cursor)
        return Pos(inline.path, inline.line, inline.col + 2)
    # A reference-style link: its address is on the definition line `[label]: href`.
    definition = where.search(f"]: {href}", None, [0, 0]) if href else None
    if definition is not None:
        return Pos(definition.path, definition.line, definition.col + 3)
    return where.find("[", block, cursor)


def _scan_inline(block: Token, where: _Locator, found: Scan) -> None:
    # One cursor per construct: a link around an image is found after the image's own text.
    cursor, image_cursor = [0, 0], [0, 0]
    for child in block.children or []:
        if child.type == "citation":
            pos = where.find(child.markup, block.map, cursor)
            for ref in child.meta["refs"]:
                found.citations.append(Found(ref, pos))
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
            pos = _link_position(where, child, href, block.map, cursor)
            scheme = link_scheme(href)
            if scheme == "cite:":
                found.citations.append(Found(href[5:], pos))
            elif scheme == "term:":
                found.terms.append(Found(href[5:], pos))
            else:
                found.links.append(Found(href, pos))
        elif child.type == "image":
            src = str(child.attrGet("src") or "")
            alt = "".join(c.content for c in child.children or [])
            pos = where.find(f"]({src}" if src else "![", block.map, image_cursor)
            found.images.append(Found(src, Pos(pos.path, pos.line, pos.col + 2), alt))
