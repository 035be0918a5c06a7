"""Reading source files: UTF-8 with exact error positions, line endings, front matter."""

from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Diagnostics, Pos
from .yamlsrc import YMap, load_yaml

BOM = "\ufeff"
# The line closing front matter: '---' or '...', trailing white space allowed.
_CLOSING = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


def decode(data: bytes, rel: str, diags: Diagnostics) -> str | None:
    """UTF-8 text with a BOM dropped and CRLF turned into LF, or None (reported) if not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as editors show them, not bytes.
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        diags.error(Pos(rel, line, col),
                    f"file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8")
        return None
    if text.startswith(BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(root: Path, rel: str, diags: Diagnostics) -> str | None:
    """The decoded text of `root/rel`, or None (reported) when missing or undecodable."""
    try:
        data = (root / rel).read_bytes()
    except FileNotFoundError:
        diags.error(Pos(rel), "file not found")
        return None
    except OSError as exc:
        diags.error(Pos(rel), f"cannot read file: {exc.strerror}")
        return None
    return decode(data, rel, diags)


class YamlMemo:
    """Parsed YAML files of the last successful build, keyed by path and text (front matter
    by its text).

    Set by the pipeline from the build cache; a file whose text is unchanged is not parsed
    again. Only files that parsed without any message are remembered.
    Entries are kept pickled: parsed trees of a large course would otherwise stay in memory
    for the whole build just to be saved at its end.
    """

    def __init__(self, entries: dict[Any, bytes] | None = None):
        self.entries = entries or {}
        self.used: dict[Any, bytes] = {}

    def get(self, key: Any) -> Any:
        """The value parsed last time under `key`, or None; a hit is kept for the next cache."""
        packed = self.entries.get(key)
        if packed is None:
            return None
        self.used[key] = packed
        return pickle.loads(packed)

    def put(self, key: Any, data: Any) -> None:
        """Remember a freshly parsed value under `key` for the next build."""
        self.used[key] = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)


_memo: YamlMemo | None = None


def use_yaml_memo(memo: YamlMemo | None) -> None:
    """Set the memo `read_yaml` consults during a build; None turns it off."""
    global _memo
    _memo = memo


def read_yaml(root: Path, rel: str, diags: Diagnostics) -> Any:
    """A YAML file parsed with positions; None when it cannot be read or parsed (reported)."""
    text = read_text(root, rel, diags)
    if text is None:
        return None
    # Keyed by content, not size and time: an edit within one clock tick must still count.
    key = (rel, hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()) if _memo is not None else None
    if _memo is not None:
        known = _memo.get(key)
        if known is not None:
            return known
    before = len(diags.items)
    data = load_yaml(text, rel, diags)
    if _memo is not None and len(diags.items) == before:
        _memo.put(key, data)
    return data


def read_yaml_map(root: Path, rel: str, diags: Diagnostics) -> YMap | None:
    """A YAML file whose top level must be a mapping."""
    data = read_yaml(root, rel, diags)
    if data is None:
        return None
    if not isinstance(data, YMap):
        diags.error(Pos(rel), "the file must be a mapping of keys to values (key: value)")
        return None
    return data


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file split into its YAML header and body."""

    header: YMap
    body: str
    body_line: int


def split_front_matter(text: str, rel: str, diags: Diagnostics) -> FrontMatter | None:
    """Split `---` front matter from the body; report a missing or unclosed header."""
    if not text.strip():
        diags.error(Pos(rel), "file is empty: it needs a header ('---', 'title: ...', '---') and then the text")
        return None
    first_end = text.find("\n")
    if text[:first_end if first_end >= 0 else len(text)].rstrip() != "---":
        diags.error(Pos(rel), "missing front matter: start the file with a line '---', then 'title: ...', then '---'")
        return None
    # Searched, not split into lines: splitting a whole lesson cost more than the rest of reading it.
    closing = _CLOSING.search(text, first_end + 1) if first_end >= 0 else None
    if closing is None:
        diags.error(Pos(rel), "front matter is not closed: add a line '---' after the title and other header keys")
        return None
    header_text = text[first_end + 1:max(closing.start() - 1, first_end + 1)]
    # Line numbers inside the header must match the file, so pad with the opening line.
    header = _front_matter_yaml(header_text, rel, diags) if header_text.strip() else None
    if header is None:
        if not header_text.strip():
            diags.error(Pos(rel, 1, 1), "front matter is empty: it needs at least 'title: ...'")
        return None
    if not isinstance(header, YMap):
        diags.error(Pos(rel, 2, 1), "front matter must be 'key: value' lines")
        return None
    body_start = text.find("\n", closing.end())
    body = text[body_start + 1:] if body_start >= 0 else ""
    return FrontMatter(header, body, text.count("\n", 0, closing.start()) + 2)


def _front_matter_yaml(header_text: str, rel: str, diags: Diagnostics) -> Any:
    """The header's YAML, remembered by its text across builds (see YamlMemo)."""
    key = (rel, header_text)
    known = _memo.get(key) if _memo is not None else None
    if known is not None:
        return known
    before = len(diags.items)
    data = load_yaml("\n" + header_text + "\n", rel, diags)
    if _memo is not None and len(diags.items) == before:
        _memo.put(key, data)
    return data


def content_hash(text: str) -> str:
    """A short, stable hash of source text (line endings and trailing space ignored)."""
    normal = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]
