"""Stable hashes of what content means, not where it sits: the keys of the build cache.

Source positions are left out, so moving an entry within a file does not rebuild the pages that
use it; every text, id and setting is in.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any, Callable

from .errors import Pos
from .model import LocalText


_FIELDS: dict[type, tuple[tuple[str, bytes], ...]] = {}


def _fields(kind: type) -> tuple[tuple[str, bytes], ...]:
    """A dataclass's fields other than source positions (computed once per class)."""
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple((f.name, f.name.encode() + b"=") for f in dataclasses.fields(kind)
                              if not (f.name == "pos" or f.name.endswith("_pos")))
    return _FIELDS[kind]


_SIMPLE = (int, float, bool, type(None))


def _feed(digest: Any, value: Any) -> None:
    kind = type(value)
    # Each value is tagged with its kind, so "1" and 1 (or "None" and None) differ.
    if kind is str:
        digest.update(b"s" + value.encode("utf-8") + b";")
    elif kind in _SIMPLE:
        digest.update(b"n" + repr(value).encode() + b";")
    elif kind is Pos:
        return
    elif kind is LocalText:
        _feed(digest, value.values)
    elif kind is tuple or kind is list:
        digest.update(b"[")
        for item in value:
            _feed(digest, item)
            digest.update(b",")
        digest.update(b"]")
    elif kind in _FIELDS or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        digest.update(kind.__name__.encode())
        for name, label in _fields(kind):
            digest.update(label)
            _feed(digest, getattr(value, name))
    elif isinstance(value, dict):
        digest.update(b"{")
        # Insertion order: it is the order pages list entries in, so it must change the hash.
        for key in value:
            _feed(digest, key)
            digest.update(b":")
            _feed(digest, value[key])
        digest.update(b"}")
    elif isinstance(value, (list, tuple, frozenset, set)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        digest.update(b"[")
        for item in items:
            _feed(digest, item)
            digest.update(b",")
        digest.update(b"]")
    else:
        digest.update(repr(value).encode("utf-8"))
        digest.update(b";")


def semantic_hash(*values: Any) -> str:
    """A hash of the values' content, ignoring source positions."""
    digest = hashlib.blake2b(digest_size=16)
    for value in values:
        _feed(digest, value)
        digest.update(b"|")
    return digest.hexdigest()


class IdentityMemo:
    """Hashes of objects that stay the very same objects from one build to the next in one
    process: `course preview` reloads only edited lessons, so every other question and
    document is the object the previous build hashed. Keyed by identity (the model's objects
    are not hashable) and holding each object, so an id is never reused while remembered;
    what a build did not ask for is forgotten at the next."""

    def __init__(self) -> None:
        self._now: dict[tuple[int, Callable[[Any], str]], tuple[Any, str]] = {}
        self._before: dict[tuple[int, Callable[[Any], str]], tuple[Any, str]] = {}

    def next_build(self) -> None:
        """Start a build: keep only what the last one used."""
        self._before, self._now = self._now, {}

    def get(self, value: Any, compute: Callable[[Any], str]) -> str:
        """`compute(value)`, remembered for this object."""
        key = (id(value), compute)
        known = self._now.get(key) or self._before.get(key)
        if known is None or known[0] is not value:
            known = (value, compute(value))
        self._now[key] = known
        return known[1]


def memoized(memo: IdentityMemo | None, value: Any, compute: Callable[[Any], str]) -> str:
    """`compute(value)` through `memo` when there is one."""
    return compute(value) if memo is None else memo.get(value, compute)
