"""course.yamlsrc (positions, duplicates, syntax errors) and course.sources.decode (BOM, UTF-8, CRLF)."""

from __future__ import annotations

import pytest

from course.errors import Diagnostics, Pos
from course.sources import decode, read_yaml_map, split_front_matter
from course.yamlsrc import YList, YMap, load_yaml

DOC = (
    "title: Course\n"          # line 1
    "modules:\n"               # line 2
    "  - first\n"              # line 3
    "  -    second\n"          # line 4
    "lang: {en: Hi, ru: Привет}\n"  # line 5
    "nested:\n"                # line 6
    "  deep:\n"                # line 7
    "    key: value\n"         # line 8
)


def parse(text: str, path: str = "f.yaml") -> tuple[object, Diagnostics]:
    diags = Diagnostics()
    return load_yaml(text, path, diags), diags


def test_mapping_records_key_and_value_positions() -> None:
    data, diags = parse(DOC)
    assert not diags.items
    assert isinstance(data, YMap)
    assert data.pos == Pos("f.yaml", 1, 1)
    assert data.key_at("title") == Pos("f.yaml", 1, 1)
    assert data.at("title") == Pos("f.yaml", 1, 8)
    assert data.key_at("lang") == Pos("f.yaml", 5, 1)
    assert data.at("lang") == Pos("f.yaml", 5, 7)


def test_flow_mapping_positions_point_inside_the_braces() -> None:
    data, _ = parse(DOC)
    lang = data["lang"]
    assert isinstance(lang, YMap)
    assert lang.key_at("en") == Pos("f.yaml", 5, 8)
    assert lang.at("en") == Pos("f.yaml", 5, 12)
    # Cyrillic text counts characters, not bytes.
    assert lang.key_at("ru") == Pos("f.yaml", 5, 16)
    assert lang.at("ru") == Pos("f.yaml", 5, 20)


def test_list_items_know_their_line_and_column() -> None:
    data, _ = parse(DOC)
    modules = data["modules"]
    assert isinstance(modules, YList)
    assert modules == ["first", "second"]
    assert modules.pos == Pos("f.yaml", 3, 3)
    assert modules.at(0) == Pos("f.yaml", 3, 5)
    assert modules.at(1) == Pos("f.yaml", 4, 8)


def test_list_position_past_the_end_falls_back_to_the_list() -> None:
    data, _ = parse(DOC)
    assert data["modules"].at(5) == data["modules"].pos


def test_nested_mapping_positions() -> None:
    data, _ = parse(DOC)
    deep = data["nested"]["deep"]
    assert deep.key_at("key") == Pos("f.yaml", 8, 5)
    assert deep.at("key") == Pos("f.yaml", 8, 10)


def test_absent_key_position_is_the_mapping_position() -> None:
    data, _ = parse(DOC)
    deep = data["nested"]["deep"]
    assert deep.at("missing") == deep.pos == Pos("f.yaml", 8, 5)
    assert deep.key_at("missing") == deep.pos


def test_duplicate_key_is_reported_at_the_second_with_the_first_line() -> None:
    data, diags = parse("a: 1\nb: 2\n\na: 3\n")
    assert [d.format() for d in diags.items] == [
        "f.yaml:4:1: error: duplicate key 'a' (first defined on line 1)"]
    assert data["a"] == 1, "the first value is kept"


def test_duplicate_key_in_nested_mapping() -> None:
    _, diags = parse("q:\n  id: x\n  kind: single\n  id: y\n")
    assert [d.format() for d in diags.items] == [
        "f.yaml:4:3: error: duplicate key 'id' (first defined on line 2)"]


def test_duplicate_key_in_flow_mapping() -> None:
    _, diags = parse("title: {en: A, ru: B, en: C}\n")
    assert [d.format() for d in diags.items] == [
        "f.yaml:1:23: error: duplicate key 'en' (first defined on line 1)"]


def test_every_duplicate_is_reported() -> None:
    _, diags = parse("a: 1\na: 2\na: 3\n")
    assert [(d.pos.line, d.message) for d in diags.items] == [
        (2, "duplicate key 'a' (first defined on line 1)"),
        (3, "duplicate key 'a' (first defined on line 1)")]


def test_syntax_error_reports_line_and_column() -> None:
    data, diags = parse("title: ok\nmodules: [a, b\nnext: 1\n")
    assert data is None
    assert len(diags.items) == 1
    item = diags.items[0]
    assert item.severity == "error"
    assert (item.pos.line, item.pos.col) == (2, 10), "at the '[' that is never closed"
    assert item.message.startswith("YAML syntax error: ")


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_reported_where_it_opens_with_the_fix(quote: str) -> None:
    # PyYAML reports the end of the file, past the last line; the trainer needs the opening quote.
    _, diags = parse(f"title: ok\nexplanation: {quote}False. It is not\nnext: 1\nlast: 2\n")
    assert [d.format() for d in diags.items] == [
        f"f.yaml:2:14: error: YAML syntax error: the text starting with {quote} here is never closed: "
        f"add the closing {quote} where the text ends"]


def test_bad_indentation_is_a_syntax_error_at_the_colon() -> None:
    data, diags = parse("a: 1\n  b: 2\n")
    assert data is None
    assert [d.format().split(": error: ")[0] for d in diags.items] == ["f.yaml:2:4"]
    assert diags.items[0].message.startswith("YAML syntax error: ")


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_file_is_an_error(text: str) -> None:
    data, diags = parse(text)
    assert data is None
    assert [d.format() for d in diags.items] == ["f.yaml:1:1: error: file is empty"]


@pytest.mark.parametrize("key", ["yes", "no", "true", "~", "null"])
def test_key_read_as_bool_or_null_asks_for_quotes(key: str) -> None:
    data, diags = parse(f"ok: 1\n{key}: 2\n")
    assert data == {"ok": 1}
    assert len(diags.items) == 1
    assert diags.items[0].pos == Pos("f.yaml", 2, 1)
    assert "put it in quotes" in diags.items[0].message


def test_complex_key_is_rejected() -> None:
    _, diags = parse("[a, b]: 1\n")
    assert [d.format() for d in diags.items] == [
        "f.yaml:1:1: error: a key must be a plain word, not a list or mapping"]


def test_unknown_tag_is_reported_at_the_value() -> None:
    data, diags = parse("x: 1\ny: !python/object:os.system ls\n")
    assert data["y"] is None
    assert len(diags.items) == 1
    assert diags.items[0].pos == Pos("f.yaml", 2, 4)
    assert diags.items[0].message.startswith("invalid value: ")


def test_impossible_date_is_reported_not_raised() -> None:
    data, diags = parse("adopted: 2000-13-15\n")
    assert [(d.severity, d.pos) for d in diags.items] == [("error", Pos("f.yaml", 1, 10))]


def test_bad_explicit_int_is_reported_not_raised() -> None:
    data, diags = parse("n: !!int x\n")
    assert [(d.severity, d.pos) for d in diags.items] == [("error", Pos("f.yaml", 1, 4))]


# -- sources.decode -------------------------------------------------------------------

def test_decode_drops_the_bom() -> None:
    diags = Diagnostics()
    assert decode("\ufefftitle: x\n".encode("utf-8"), "f.yaml", diags) == "title: x\n"
    assert not diags.items


def test_bom_does_not_shift_yaml_columns() -> None:
    diags = Diagnostics()
    text = decode("\ufeffa: 1\na: 2\n".encode("utf-8"), "f.yaml", diags)
    data = load_yaml(text, "f.yaml", diags)
    assert data.at("a") == Pos("f.yaml", 1, 4)
    assert [d.format() for d in diags.items] == ["f.yaml:2:1: error: duplicate key 'a' (first defined on line 1)"]


def test_decode_turns_crlf_and_lone_cr_into_lf() -> None:
    diags = Diagnostics()
    assert decode(b"a: 1\r\nb: 2\r\nc: 3\rd: 4\n", "f.yaml", diags) == "a: 1\nb: 2\nc: 3\nd: 4\n"
    assert not diags.items


def test_crlf_yaml_positions_match_lf_yaml() -> None:
    diags = Diagnostics()
    crlf = load_yaml(decode(DOC.replace("\n", "\r\n").encode(), "f.yaml", diags), "f.yaml", diags)
    lf = load_yaml(DOC, "f.yaml", diags)
    assert crlf == lf
    assert crlf.val_lc == lf.val_lc and crlf["modules"].item_lc == lf["modules"].item_lc
    assert not diags.items


def test_crlf_values_keep_no_carriage_return() -> None:
    diags = Diagnostics()
    text = decode(b"prompt: |\r\n  line one\r\n  line two\r\n", "f.yaml", diags)
    assert load_yaml(text, "f.yaml", diags)["prompt"] == "line one\nline two\n"


def test_non_utf8_byte_position_ascii_prefix() -> None:
    diags = Diagnostics()
    assert decode(b"title: ok\nname: caf\xe9 au lait\n", "f.yaml", diags) is None
    assert [d.format() for d in diags.items] == [
        "f.yaml:2:10: error: file is not UTF-8 text (byte 0xe9); save it as UTF-8"]


def test_non_utf8_byte_on_first_line() -> None:
    diags = Diagnostics()
    assert decode(b"\xff\xfet\x00", "f.yaml", diags) is None
    assert diags.items[0].pos == Pos("f.yaml", 1, 1)
    assert "byte 0xff" in diags.items[0].message


def test_non_utf8_position_after_crlf_lines() -> None:
    diags = Diagnostics()
    decode(b"a: 1\r\nb: 2\r\nc: \x80\r\n", "f.yaml", diags)
    assert diags.items[0].pos == Pos("f.yaml", 3, 4)


def test_non_utf8_column_counts_characters_before_the_bad_byte() -> None:
    diags = Diagnostics()
    # 'b', ':', ' ', 'é' (2 bytes), then the bad byte: the 5th character of line 2.
    decode("a: 1\nb: é".encode("utf-8") + b"\xff\n", "f.yaml", diags)
    assert diags.items[0].pos == Pos("f.yaml", 2, 5)


# -- files through sources ------------------------------------------------------------

def test_read_yaml_map_with_bom_and_crlf_from_disk(tmp_path) -> None:
    (tmp_path / "c.yaml").write_bytes("\ufeffid: x\r\ntitle: Т\r\nid: y\r\n".encode("utf-8"))
    diags = Diagnostics()
    data = read_yaml_map(tmp_path, "c.yaml", diags)
    assert data == {"id": "x", "title": "Т"}
    assert [d.format() for d in diags.items] == ["c.yaml:3:1: error: duplicate key 'id' (first defined on line 1)"]


def test_read_yaml_map_rejects_a_list(tmp_path) -> None:
    (tmp_path / "c.yaml").write_text("- a\n- b\n", encoding="utf-8")
    diags = Diagnostics()
    assert read_yaml_map(tmp_path, "c.yaml", diags) is None
    assert [d.pos for d in diags.items] == [Pos("c.yaml", 1, 1)]


def test_front_matter_header_positions_are_file_lines() -> None:
    diags = Diagnostics()
    parts = split_front_matter("---\ntitle: T\nminutes: 5\n---\n\nBody\n", "l.md", diags)
    assert parts is not None and not diags.items
    assert parts.header.at("minutes") == Pos("l.md", 3, 10)
    assert parts.body_line == 5
    assert parts.body.split("\n")[1] == "Body"   # body line 0 is file line 5, "Body" is line 6


def test_front_matter_duplicate_key_line() -> None:
    diags = Diagnostics()
    split_front_matter("---\ntitle: A\ntitle: B\n---\nx\n", "l.md", diags)
    assert [d.format() for d in diags.items] == ["l.md:3:1: error: duplicate key 'title' (first defined on line 2)"]


@pytest.mark.parametrize("text, body, body_line", [
    ("---\ntitle: T\n---\nBody\n", "Body\n", 4),
    ("---\ntitle: T\n... \t\nBody", "Body", 4),            # '...' closes too, trailing blanks allowed
    ("---\ntitle: T\n ---\n---x\nBody\n", None, 0),  # ' ---' and '---x' do not close it
    ("---\ntitle: T\n---", "", 4),                        # closed on the last line, no body
    ("--- \ntitle: T\n---\u00a0\n\nBody\n", "\nBody\n", 4),
])
def test_front_matter_closing_line(text: str, body: str | None, body_line: int) -> None:
    diags = Diagnostics()
    parts = split_front_matter(text, "l.md", diags)
    if body is None:
        assert parts is None
        assert [d.format() for d in diags.items] == [
            "l.md:1:1: error: front matter is not closed: add a line '---' after the title and other header keys"]
    else:
        assert parts is not None and not diags.items
        assert (parts.header["title"], parts.body, parts.body_line) == ("T", body, body_line)
