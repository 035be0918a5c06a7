"""matching, ordering and categorize questions: lists of items answered item by item."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from ..errors import Pos
from ..model import LocalText
from ..schema import Reader, describe
from ..yamlsrc import YMap
from .base import CODES, MAX_ITEMS, Kind, TextRenderer, entries, overlay_entries, overlay_text, text_of

EXTRA_ID = re.compile(r"extra-\d+\Z")


@dataclass(frozen=True)
class Pair:
    """One pair of a matching question: an item and its match."""

    id: str
    item: LocalText
    match: LocalText
    pos: Pos


@dataclass(frozen=True)
class MatchingSpec:
    """The pairs of a matching question, and extra matches that belong to no item."""

    pairs: tuple[Pair, ...]
    extra_matches: tuple[LocalText, ...]


@dataclass(frozen=True)
class Item:
    """An ordering item, or a categorize category or item (`category` is set for items only)."""

    id: str
    text: LocalText
    category: str | None
    pos: Pos


@dataclass(frozen=True)
class OrderingSpec:
    """The items of an ordering question, in the correct order."""

    items: tuple[Item, ...]


@dataclass(frozen=True)
class CategorizeSpec:
    """The categories of a categorize question, and its items, each naming its category."""

    categories: tuple[Item, ...]
    items: tuple[Item, ...]


def _plain_list(r: Reader, key: str) -> list[tuple[LocalText, Pos]]:
    items = r.list(key)
    if items is None:
        return []
    result = []
    for index, value in enumerate(items):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            r.error(items.at(index), f"'{key}' items must be text, not {describe(value)}")
            continue
        result.append((LocalText({r.source_lang: str(value)}), items.at(index)))
    return result


def _overlay_items(r: Reader, key: str, items: tuple[Item, ...], lang: str, what: str) -> None:
    known = {item.id: item for item in items}
    mapping = overlay_entries(r, key, known, what)
    if mapping is None:
        return
    for item_id, value in mapping.items():
        if item_id in known:
            overlay_text(r, known[item_id].text, value, mapping.at(item_id), lang, f"{what} '{item_id}'")


class MatchingKind(Kind):
    """A matching question: each item is matched to its match; extra matches distract."""

    name = "matching"
    keys = ("pairs", "extra_matches")
    required = ("pairs",)
    overlay_keys = ("pairs", "extra_matches")
    type2004 = "matching"
    type12 = "matching"

    def parse(self, r: Reader, prompt: LocalText | None) -> MatchingSpec | None:
        pairs = []
        parsed = entries(r, "pairs", "pair", ("id", "item", "match"), ("id", "item", "match"), minimum=2)
        for entry in parsed:
            if EXTRA_ID.match(entry.id):
                # Extra matches are given these ids in the browser and the LMS record.
                r.error(entry.pos, f"pair id '{entry.id}' is reserved for extra matches; choose another")
                parsed.clean = False
            item = text_of(r, entry.data, "item", f"pair '{entry.id}'")
            match = text_of(r, entry.data, "match", f"pair '{entry.id}'")
            if item is not None and match is not None:
                pairs.append(Pair(entry.id, item, match, entry.pos))
        extras = tuple(text for text, _ in _plain_list(r, "extra_matches"))
        if len(pairs) + len(extras) > MAX_ITEMS:
            r.error(r.at("extra_matches"), f"at most {MAX_ITEMS} matches in all")
        return MatchingSpec(tuple(pairs), extras) if pairs and parsed.clean else None

    def apply_overlay(self, spec: MatchingSpec, r: Reader, lang: str) -> None:
        known = {pair.id: pair for pair in spec.pairs}
        mapping = overlay_entries(r, "pairs", known, "pair")
        for pair_id, data in (mapping or {}).items():
            pair = known.get(pair_id)
            if pair is None:
                continue
            if not isinstance(data, YMap):
                r.error(mapping.at(pair_id), f"pair '{pair_id}' must be a mapping with 'item' and 'match'")
                continue
            r.child(data, r.where).keys(("item", "match"))
            overlay_text(r, pair.item, data.get("item"), data.at("item"), lang, f"pair '{pair_id}' item")
            overlay_text(r, pair.match, data.get("match"), data.at("match"), lang, f"pair '{pair_id}' match")
        extras = r.list("extra_matches")
        if extras is not None:
            if len(extras) != len(spec.extra_matches):
                r.error(extras.pos, f"'extra_matches' must have {len(spec.extra_matches)} entries, as in the source")
            for text, value, index in zip(spec.extra_matches, extras, range(len(extras))):
                overlay_text(r, text, value, extras.at(index), lang, "extra match")

    def texts(self, spec: MatchingSpec) -> Iterator[LocalText]:
        for pair in spec.pairs:
            yield pair.item
            yield pair.match
        yield from spec.extra_matches

    def payload(self, spec: MatchingSpec, tx: TextRenderer) -> dict[str, Any]:
        matches = [{"id": p.id, "code": CODES[i], "text_html": tx.inline(p.match)}
                   for i, p in enumerate(spec.pairs)]
        offset = len(matches)
        matches += [{"id": f"extra-{n + 1}", "code": CODES[offset + n], "text_html": tx.inline(text)}
                    for n, text in enumerate(spec.extra_matches)]
        return {"pairs": [{"id": p.id, "code": CODES[i], "item_html": tx.inline(p.item)}
                          for i, p in enumerate(spec.pairs)],
                "matches": matches}

    def correct(self, spec: MatchingSpec) -> tuple[list[str], list[str]]:
        return (["[,]".join(f"{p.id}[.]{p.id}" for p in spec.pairs)],
                [",".join(f"{CODES[i]}.{CODES[i]}" for i in range(len(spec.pairs)))])

    def max_packed(self, spec: MatchingSpec) -> int:
        return len(spec.pairs)

    def fingerprint(self, spec: MatchingSpec) -> str:
        return ",".join(p.id for p in spec.pairs) + f"+{len(spec.extra_matches)}"


class OrderingKind(Kind):
    """An ordering question: the items are put in the order the author lists them."""

    name = "ordering"
    keys = ("items",)
    required = ("items",)
    overlay_keys = ("items",)
    type2004 = "sequencing"
    type12 = "sequencing"

    def parse(self, r: Reader, prompt: LocalText | None) -> OrderingSpec | None:
        items = []
        parsed = entries(r, "items", "item", ("id", "text"), ("id", "text"), minimum=2)
        for entry in parsed:
            text = text_of(r, entry.data, "text", f"item '{entry.id}'")
            if text is not None:
                items.append(Item(entry.id, text, None, entry.pos))
        return OrderingSpec(tuple(items)) if len(items) >= 2 and parsed.clean else None

    def apply_overlay(self, spec: OrderingSpec, r: Reader, lang: str) -> None:
        _overlay_items(r, "items", spec.items, lang, "item")

    def texts(self, spec: OrderingSpec) -> Iterator[LocalText]:
        return (item.text for item in spec.items)

    def payload(self, spec: OrderingSpec, tx: TextRenderer) -> dict[str, Any]:
        return {"items": [{"id": item.id, "code": CODES[i], "text_html": tx.inline(item.text)}
                          for i, item in enumerate(spec.items)]}

    def correct(self, spec: OrderingSpec) -> tuple[list[str], list[str]]:
        return (["[,]".join(item.id for item in spec.items)],
                [",".join(CODES[i] for i in range(len(spec.items)))])

    def max_packed(self, spec: OrderingSpec) -> int:
        return len(spec.items)

    def fingerprint(self, spec: OrderingSpec) -> str:
        return ",".join(item.id for item in spec.items)


class CategorizeKind(Kind):
    """A categorize question: each item is put into its category."""

    name = "categorize"
    keys = ("categories", "items")
    required = ("categories", "items")
    overlay_keys = ("categories", "items")
    type2004 = "matching"
    type12 = "matching"

    def parse(self, r: Reader, prompt: LocalText | None) -> CategorizeSpec | None:
        categories = []
        parsed = entries(r, "categories", "category", ("id", "text"), ("id", "text"), minimum=2)
        for entry in parsed:
            text = text_of(r, entry.data, "text", f"category '{entry.id}'")
            if text is not None:
                categories.append(Item(entry.id, text, None, entry.pos))
        known = {c.id for c in categories}
        items = []
        parsed_items = entries(r, "items", "item", ("id", "text", "category"), ("id", "text", "category"))
        for entry in parsed_items:
            text = text_of(r, entry.data, "text", f"item '{entry.id}'")
            category = entry.data.get("category")
            if category is not None and not isinstance(category, str):
                r.error(entry.data.at("category"), f"item '{entry.id}': 'category' must be one category id, not {describe(category)}")
                return None
            if category is not None and category not in known and categories:
                listed = ", ".join(sorted(known))
                r.error(entry.data.at("category"), f"item '{entry.id}': unknown category '{category}' (categories: {listed})")
                continue
            if text is not None and category is not None:
                items.append(Item(entry.id, text, str(category), entry.pos))
        if len(categories) < 2 or not items or not parsed.clean or not parsed_items.clean:
            return None
        return CategorizeSpec(tuple(categories), tuple(items))

    def apply_overlay(self, spec: CategorizeSpec, r: Reader, lang: str) -> None:
        _overlay_items(r, "categories", spec.categories, lang, "category")
        _overlay_items(r, "items", spec.items, lang, "item")

    def texts(self, spec: CategorizeSpec) -> Iterator[LocalText]:
        for entry in spec.categories + spec.items:
            yield entry.text

    def payload(self, spec: CategorizeSpec, tx: TextRenderer) -> dict[str, Any]:
        return {"categories": [{"id": c.id, "code": CODES[i], "text_html": tx.inline(c.text)}
                               for i, c in enumerate(spec.categories)],
                "items": [{"id": item.id, "code": CODES[i], "text_html": tx.inline(item.text),
                           "category": item.category} for i, item in enumerate(spec.items)]}

    def correct(self, spec: CategorizeSpec) -> tuple[list[str], list[str]]:
        index = {c.id: i for i, c in enumerate(spec.categories)}
        return (["[,]".join(f"{item.id}[.]{item.category}" for item in spec.items)],
                [",".join(f"{CODES[i]}.{CODES[index[item.category]]}" for i, item in enumerate(spec.items))])

    def max_packed(self, spec: CategorizeSpec) -> int:
        return len(spec.items)

    def fingerprint(self, spec: CategorizeSpec) -> str:
        return ",".join(c.id for c in spec.categories) + "|" + ",".join(f"{i.id}={i.category}" for i in spec.items)

