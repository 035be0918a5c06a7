"""course.fingerprint: what changes a cache key and what does not."""

from __future__ import annotations

from dataclasses import dataclass

from course.errors import Pos
from course.fingerprint import semantic_hash


@dataclass
class Entry:
    text: str
    count: int
    pos: Pos
    title_pos: Pos


def test_moving_an_entry_in_its_file_keeps_its_hash() -> None:
    assert semantic_hash(Entry("a", 1, Pos("f.yaml", 1, 1), Pos("f.yaml", 2, 3))) == \
        semantic_hash(Entry("a", 1, Pos("g.yaml", 40, 1), Pos("g.yaml", 41, 3)))


def test_any_text_or_setting_changes_the_hash() -> None:
    base = semantic_hash(Entry("a", 1, Pos("f", 1, 1), Pos("f", 1, 1)))
    assert semantic_hash(Entry("b", 1, Pos("f", 1, 1), Pos("f", 1, 1))) != base
    assert semantic_hash(Entry("a", 2, Pos("f", 1, 1), Pos("f", 1, 1))) != base


def test_reordering_a_mapping_changes_the_hash_as_it_changes_listing_order() -> None:
    assert semantic_hash({"x": 1, "y": 2}) != semantic_hash({"y": 2, "x": 1})
    assert semantic_hash(["x", "y"]) != semantic_hash(["y", "x"])


def test_sets_hash_the_same_in_any_order() -> None:
    assert semantic_hash({"x", "y", "z"}) == semantic_hash({"z", "y", "x"})


def test_a_number_and_the_same_digits_as_text_differ() -> None:
    assert semantic_hash(1) != semantic_hash("1")
    assert semantic_hash(None) != semantic_hash("None")
    assert semantic_hash(["a", "b"]) != semantic_hash(["a;b"])
