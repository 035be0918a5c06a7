"""PyYAML's C loader composes a node graph whose nodes carry line and column; we build plain
Python values from it ourselves so that mappings and lists keep those positions."""

from __future__ import annotations

from typing import Any

import yaml

from .errors import Diagnostics, Pos
from .yamlsrc import YList, YMap

try:  # the C loader is 7-13x faster and still reports marks
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader  # type: ignore[misc]


MAX_DEPTH = 100           # deeper nesting is never meant; refusing it avoids a recursion crash
_FAILED = object()        # a scalar that could not be built (already reported)
_STR_TAG = "tag:yaml.org,2002:str"

# PyYAML's own words for common slips, and what a trainer should read instead.
_PLAIN_PROBLEMS = (
    ("mapping values are not allowed",
     "unexpected ':' (a colon followed by a space): if it is part of the text, put the whole text in quotes; "
     "otherwise this line is indented further than it should be"),
    ("did not find expected '-' indicator",
     "this line does not line up with the list it belongs to: start each item with '-' in the same column"),
    ("expected <block end>",
     "this line is indented differently from the lines around it: line it up with its neighbours"),
    ("did not find expected key",
     "this line is not lined up with the lines above it: check its indentation"),
    ("cannot start any token", "a value starts with a character YAML reserves (such as @, ` or %); put the text in quotes"),
    ("expected a single document", "the file holds more than one YAML document (a '---' line in the middle?); keep one"),
    ("found undefined alias", "an '*' starts an alias in YAML; put text that starts with * in quotes"),
)


def _pos(path: str, mark: Any) -> Pos:
    return Pos(path, mark.line + 1, mark.column + 1)


def _lc(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> tuple[Any, str]:
    """The mark to report and a message a non-programmer can act on."""
    problem = exc.problem or "invalid YAML"
    mark = exc.problem_mark
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return mark, "a tab character; indent with spaces only"
    context = exc.context or ""
    if context.startswith("while scanning a quoted scalar") and exc.context_mark is not None:
        opened = exc.context_mark
        quote = text[opened.index] if 0 <= opened.index < len(text) and text[opened.index] in "\"'" else '"'
        return opened, (f"the text starting with {quote} here is never closed: add the closing {quote} "
                         "where the text ends")
    if context.startswith("while parsing a flow") and exc.context_mark is not None:
        closing = "]" if "sequence" in context else "}"
        return exc.context_mark, (f"this '{closing == ']' and '[' or '{'}' is never closed with '{closing}' "
                                  "(or a text inside it holds a comma or ': ' and needs quotes)")
    lines = text.split("\n")
    near = " ".join(lines[max(0, m.line - 1):m.line + 1]) if (m := exc.problem_mark) is not None else ""
    if "did not find expected key" in problem and "'" in near:
        return exc.problem_mark, ("a text in single quotes holds an apostrophe, which ends it early: "
                                  "put the text in double quotes (\"...\") instead")
    for words, plain in _PLAIN_PROBLEMS:
        if words in problem or words in context:
            return exc.problem_mark or exc.context_mark, plain
    detail = f" ({context})" if context else ""
    return exc.problem_mark or exc.context_mark, f"{problem}{detail}"


class _Builder:
    """Turns composed nodes into YMap/YList/scalars, reporting problems into diagnostics."""

    def __init__(self, path: str, diags: Diagnostics):
        self.path = path
        self.diags = diags
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        """The value of a node: a YMap, YList or scalar; None when it cannot be built (reported)."""
        if depth > MAX_DEPTH:
            self.diags.error(_pos(self.path, node.start_mark), f"nested more than {MAX_DEPTH} levels deep")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            items = YList()
            items.path = self.path
            items.where = _lc(node.start_mark)
            items.item_lc = []
            for child in node.value:
                items.append(self.build(child, depth + 1))
                items.item_lc.append(_lc(child.start_mark))
            return items
        value = self._scalar(node)
        return None if value is _FAILED else value

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
            return node.value  # most scalars are text: skip the constructor's dispatch
        try:
            return self.constructor.construct_object(node, deep=True)
        except Exception as exc:  # noqa: BLE001 - explicit tags raise ValueError, KeyError, ...
            problem = getattr(exc, "problem", None)
            tag = node.tag.rsplit(":", 1)[-1] if node.tag else ""
            if problem is None:
                problem = f"'{node.value}' cannot be read as {tag}" if tag else str(exc)
            self.diags.error(_pos(self.path, node.start_mark), f"invalid value: {problem}")
            return _FAILED

    def _key(self, node: yaml.Node) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.diags.error(_pos(self.path, node.start_mark), "a key must be a plain word, not a list or mapping")
            return None
        if node.tag == "tag:yaml.org,2002:merge":
            self.diags.error(_pos(self.path, node.start_mark), "merge keys ('<<') are not supported; write the keys out")
            return None
        value = self._scalar(node)
        if value is _FAILED:
            return None
        if isinstance(value, bool) or value is None:
            # `yes:` or `~:` as a key is almost always a slip; ask for quotes.
            self.diags.error(_pos(self.path, node.start_mark),
                             f"key {node.value!r} is read as {value!r}; put it in quotes")
            return None
        return str(value)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> YMap:
        result = YMap()
        result.flow = bool(node.flow_style)
        result.path = self.path
        result.where = _lc(node.start_mark)
        result.key_lc = {}
        result.val_lc = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is None:
                continue
            key_lc = _lc(key_node.start_mark)
            if key in result:
                first_line = result.key_lc[key][0]
                self.diags.error(Pos(self.path, *key_lc), f"duplicate key '{key}' (first defined on line {first_line})")
                continue
            result[key] = self.build(value_node, depth + 1)
            result.key_lc[key] = key_lc
            result.val_lc[key] = _lc(value_node.start_mark)
        return result


def parse_yaml(text: str, path: str, diags: Diagnostics) -> Any:
    """Parse one YAML document; on a syntax error report it and return None.

    An empty document is reported as an error because every YAML file the builder reads
    must say something.
    """
    if not text.strip():
        diags.error(Pos(path, 1, 1), "file is empty")
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark, message = _syntax_message(exc, text)
        pos = _pos(path, mark) if mark is not None else Pos(path)
        diags.error(pos, f"YAML syntax error: {message}")
        return None
    except RecursionError:
        diags.error(Pos(path), f"nested more than {MAX_DEPTH} levels deep")
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        diags.error(Pos(path), f"YAML syntax error: {exc}")
        return None
    if node is None:
        diags.error(Pos(path, 1, 1), "file is empty")
        return None
    try:
        return _Builder(path, diags).build(node)
    except RecursionError:
        diags.error(Pos(path), f"nested more than {MAX_DEPTH} levels deep")
        return None
