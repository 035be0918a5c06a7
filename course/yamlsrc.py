"""Safe YAML that remembers where every key and value came from and rejects duplicate keys.

This module holds the parsed values (YMap, YList); yamlparse.py builds them from PyYAML's
nodes. Split so that a build whose YAML all comes from the build cache (one edited lesson)
does not import PyYAML at all.
"""

from __future__ import annotations

from typing import Any

from .errors import Diagnostics, Pos


# Positions are kept as (line, column) pairs and the file's path once per mapping or list, and
# made into Pos when asked for: parsed files are pickled into the build cache, and plain tuples
# pickle several times faster than a Pos each.

class YMap(dict):
    """A mapping that knows its own position and the position of each key and value."""

    path: str
    where: tuple[int, int]
    key_lc: dict[str, tuple[int, int]]
    val_lc: dict[str, tuple[int, int]]
    flow: bool = False      # written on one line between { and }

    @property
    def pos(self) -> Pos:
        """Position of the mapping itself."""
        return Pos(self.path, *self.where)

    def at(self, key: str) -> Pos:
        """Position of the value under `key` (or of the mapping when the key is absent)."""
        return Pos(self.path, *self.val_lc.get(key, self.where))

    def key_at(self, key: str) -> Pos:
        """Position of `key` itself (or of the mapping when the key is absent)."""
        return Pos(self.path, *self.key_lc.get(key, self.where))


class YList(list):
    """A list that knows its own position and the position of each item."""

    path: str
    where: tuple[int, int]
    item_lc: list[tuple[int, int]]

    @property
    def pos(self) -> Pos:
        """Position of the list itself."""
        return Pos(self.path, *self.where)

    def at(self, index: int) -> Pos:
        """Position of item `index` (or of the list when there is no such item)."""
        return Pos(self.path, *(self.item_lc[index] if index < len(self.item_lc) else self.where))


def load_yaml(text: str, path: str, diags: Diagnostics) -> Any:
    """Parse one YAML document into YMap/YList/scalars with positions; on a syntax error
    report it and return None (see yamlparse.parse_yaml)."""
    from .yamlparse import parse_yaml

    return parse_yaml(text, path, diags)
