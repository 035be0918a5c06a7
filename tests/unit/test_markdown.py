"""course.markdown: the extensions as rendered, escaping of raw HTML, and scan() positions.

Rendering goes through a real page context of the checked basic fixture (the renderer the
build uses), so citations, terms and links resolve against real authorities and pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course.checks import parse_document
from course.errors import BuildFailed, Pos
from course.markdown import is_forbidden, link_scheme, make_markdown, slugify
from course.model import Document
from course.pipeline import build, check
from course.render.context import PageContext
from course.render.site import SiteRenderer
from coursekit import BASIC, copy_fixture

LESSON_URL = "{lang}/01-framework/01-definition.html"
LESSON_SRC = "modules/01-framework/01-definition.md"


@pytest.fixture(scope="module")
def site() -> SiteRenderer:
    checked = check(BASIC)
    return SiteRenderer(checked.course, checked.analysis, checked.theme, checked.strings, checked.keys, checked.root)


def render(site: SiteRenderer, text: str, lang: str = "en") -> tuple[str, PageContext]:
    ctx = PageContext(site, lang, LESSON_URL.format(lang=lang), LESSON_SRC)
    return site.render_markdown(text, ctx), ctx


# -- citations ----------------------------------------------------------------------------

def test_citation_renders_label_and_link_to_the_table_of_authorities(site: SiteRenderer) -> None:
    html, _ = render(site, "Consent is irrelevant [@palermo:3b].")
    assert html.startswith("<p>Consent is irrelevant ") and html.endswith(".</p>\n")
    assert '<a class="cite" href="../authorities.html#palermo-3b">Palermo Protocol, art. 3(b)</a>' in html
    assert "[@" not in html


def test_citation_of_a_whole_instrument(site: SiteRenderer) -> None:
    html, _ = render(site, "See [@palermo].")
    assert '<a class="cite" href="../authorities.html#palermo">Palermo Protocol</a>' in html


def test_citation_label_is_in_the_page_language(site: SiteRenderer) -> None:
    html, _ = render(site, "[@palermo:3a]", lang="ru")
    assert '>Палермский протокол, ст. 3(a)</a>' in html


def test_unconfirmed_article_carries_a_caution_with_the_text_date(site: SiteRenderer) -> None:
    html, _ = render(site, "[@kz-cc:126] and [@kz-cc:128]")
    cautions = re.findall(r'<span class="cite-caution">\((.*?)\)</span>', html)
    assert len(cautions) == 1, "only the unconfirmed article 126 is flagged"
    assert "8 December 2021" in cautions[0]
    assert html.index("cite-caution") < html.index("kz-cc-128")


def test_cite_link_keeps_the_authors_words(site: SiteRenderer) -> None:
    html, _ = render(site, "As [article 3(b) of the Protocol](cite:palermo:3b) makes clear")
    assert '<a class="cite" href="../authorities.html#palermo-3b">article 3(b) of the Protocol</a>' in html
    assert "Palermo Protocol" not in html


def test_citation_followed_by_parentheses_is_an_ordinary_link(site: SiteRenderer) -> None:
    html, _ = render(site, "[@handle](https://example.org)")
    assert html == '<p><a class="external" href="https://example.org">@handle</a></p>\n'


# -- glossary terms -----------------------------------------------------------------------

def test_term_link_has_a_tooltip_with_the_definition(site: SiteRenderer) -> None:
    html, _ = render(site, "held in [debt bondage](term:debt-bondage)")
    match = re.search(r'<span class="term"><a href="\.\./glossary\.html#debt-bondage" aria-describedby="([^"]+)">'
                      r'debt bondage</a><span class="term-tip" role="tooltip" id="([^"]+)">([^<]*)</span></span>', html)
    assert match, html
    assert match.group(1) == match.group(2), "aria-describedby names the tooltip"
    assert match.group(3) == "Labour pledged against a debt whose value is not applied to it."


def test_term_tooltip_uses_the_page_language_and_its_fallback(site: SiteRenderer) -> None:
    ru, _ = render(site, "[кабала](term:debt-bondage)", lang="ru")
    kk, _ = render(site, "[кабала](term:debt-bondage)", lang="kk")   # kk falls back to ru
    assert "Труд в счёт долга" in ru
    assert "Труд в счёт долга" in kk


def test_two_terms_get_distinct_tooltip_ids(site: SiteRenderer) -> None:
    html, _ = render(site, "[a](term:consent) and [b](term:consent)")
    ids = re.findall(r'role="tooltip" id="([^"]+)"', html)
    assert len(ids) == 2 and ids[0] != ids[1]


# -- knowledge checks -------------------------------------------------------------------

def test_knowledge_check_becomes_a_placeholder(site: SiteRenderer) -> None:
    html, ctx = render(site, "Before.\n\n[?border]\n\nAfter.")
    assert re.search(r'<(div|section) class="knowledge-check" data-check="border"', html)
    assert "[?border]" not in html
    assert list(ctx.checks) == ["border"]


def test_knowledge_check_must_be_alone_on_its_line(site: SiteRenderer) -> None:
    html, ctx = render(site, "Text [?border] more text")
    assert "knowledge-check" not in html
    assert ctx.checks == {}


# -- callouts ---------------------------------------------------------------------------

def test_note_callout_with_title(site: SiteRenderer) -> None:
    html, _ = render(site, "::: note Why this matters\nMost cases turn on the means.\n:::")
    assert html.startswith('<div class="callout note" role="note"><p class="callout-title">Why this matters</p>')
    assert "<p>Most cases turn on the means.</p>" in html


def test_warning_callout_without_title_uses_the_interface_word(site: SiteRenderer) -> None:
    html, ctx = render(site, "::: warning\nCheck the text.\n:::")
    assert f'<div class="callout warning" role="note"><p class="callout-title">{ctx.t("callout.warning")}</p>' in html


def test_checklist_callout_has_a_list_and_a_print_button(site: SiteRenderer) -> None:
    html, _ = render(site, "::: checklist Indicators\n- Documents held\n- Wages withheld\n:::")
    section = re.search(r'<section class="callout checklist" id="([^"]+)"', html)
    assert section
    assert f'data-print="{section.group(1)}"' in html
    assert "<li>Documents held</li>" in html and "<li>Wages withheld</li>" in html
    assert html.rstrip().endswith("</section>")


def test_sensitive_callout_is_hidden_until_chosen(site: SiteRenderer) -> None:
    html, _ = render(site, "::: sensitive This passage describes exploitation.\nA witness statement.\n:::")
    assert html.startswith('<details class="sensitive"><summary>')
    assert "This passage describes exploitation." in html.split("</summary>")[0]
    assert "<p>A witness statement.</p>" in html.split("</summary>")[1]
    assert "<details open" not in html


def test_callout_title_is_escaped(site: SiteRenderer) -> None:
    html, _ = render(site, "::: note <b>bold</b> & more\nx\n:::")
    assert "<b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html


def test_unknown_callout_is_found_by_the_scan() -> None:
    md = make_markdown()
    doc = Document("en", "l.md", "T", "Intro.\n\n::: tip Hello\nx\n:::\n", 3, None, Pos("l.md", 2, 8))
    found = parse_document(md, doc).scan
    assert [(f.value, f.pos) for f in found.stray_callouts] == [("tip", Pos("l.md", 5, 1))]


# -- headings ---------------------------------------------------------------------------

def test_heading_ids_follow_the_documented_rule(site: SiteRenderer) -> None:
    html, _ = render(site, "## Consent of the victim")
    assert '<h2 id="consent-of-the-victim">Consent of the victim</h2>' in html


def test_explicit_heading_id_is_used_and_removed_from_the_text(site: SiteRenderer) -> None:
    html, _ = render(site, "## Согласие потерпевшего {#consent}")
    assert '<h2 id="consent">Согласие потерпевшего</h2>' in html


def test_cyrillic_heading_slug(site: SiteRenderer) -> None:
    html, _ = render(site, "## Согласие потерпевшего\n\n### Қазақ тілі")
    assert '<h2 id="согласие-потерпевшего">' in html
    assert '<h3 id="қазақ-тілі">' in html


def test_repeated_headings_get_numbered_ids(site: SiteRenderer) -> None:
    html, _ = render(site, "## Facts\n\n## Facts\n\n## Facts")
    assert re.findall(r'id="([^"]+)"', html) == ["facts", "facts-2", "facts-3"]


def test_heading_ids_are_unique_in_a_document(site: SiteRenderer) -> None:
    html, _ = render(site, "## Facts\n\n## Facts\n\n## Facts 2")
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids)) == 3, ids


def test_explicit_heading_id_wins_over_an_earlier_automatic_one(site: SiteRenderer) -> None:
    html, _ = render(site, "## Facts\n\n## Summary of the facts {#facts}")
    assert '<h2 id="facts">Summary of the facts</h2>' in html


@pytest.mark.parametrize("text, slug", [
    ("Act, means, purpose", "act-means-purpose"),
    ("  Spaces   and -- dashes ", "spaces-and-dashes"),
    ("Статья 3(b)", "статья-3b"),
    ("!!!", "section"),
])
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_scan_collects_anchors_including_explicit_ones() -> None:
    doc = Document("en", "l.md", "T", "## One\n\n## Two {#fixed}\n", 1, None, Pos("l.md"))
    assert parse_document(make_markdown(), doc).scan.anchors == {"one", "fixed"}


# -- tables -----------------------------------------------------------------------------

def test_tables_are_wrapped_in_focusable_regions_with_distinct_names(site: SiteRenderer) -> None:
    table = "| A | B |\n|---|---|\n| 1 | 2 |\n"
    html, ctx = render(site, table + "\nText.\n\n" + table)
    label = ctx.t("page.table")
    assert html.startswith(f'<div class="table-wrap" tabindex="0" role="region" aria-label="{label} 1"><table>')
    assert f'aria-label="{label} 2"' in html
    assert html.rstrip().endswith("</table></div>")


# -- raw HTML and unsafe links ---------------------------------------------------------

@pytest.mark.parametrize("source, shown", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("x <img src=x onerror=alert(1)> y", "x &lt;img src=x onerror=alert(1)&gt; y"),
    ('<div onclick="steal()">hi</div>', "&lt;div onclick=&quot;steal()&quot;&gt;hi&lt;/div&gt;"),
    ("## Title <iframe src=x>", "Title &lt;iframe src=x&gt;"),
])
def test_raw_html_comes_out_as_text(site: SiteRenderer, source: str, shown: str) -> None:
    html, _ = render(site, source)
    assert shown in html
    assert not re.search(r"<(script|img src=x|div onclick|iframe)", html)


@pytest.mark.parametrize("source", [
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](<java\tscript:alert(1)>)",
    "[click](vbscript:msgbox)",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](file:///etc/passwd)",
    "<javascript:alert(1)>",
])
def test_forbidden_links_render_without_an_href(site: SiteRenderer, source: str) -> None:
    html, _ = render(site, source)
    assert "href" not in html
    assert '<span class="link-removed">' in html
    assert "<script" not in html


def test_external_link_is_marked_and_escaped(site: SiteRenderer) -> None:
    html, _ = render(site, '[UNODC](https://www.unodc.org/?a=1&b="2")')
    assert '<a class="external" href="https://www.unodc.org/?a=1&amp;b=&quot;2&quot;">UNODC</a>' in html


def test_lesson_link_becomes_the_output_page(site: SiteRenderer) -> None:
    html, _ = render(site, "[law](02-national-law.md#national-offence) and [next](../02-identification/01-indicators.md)")
    assert '<a href="02-national-law.html#national-offence">law</a>' in html
    assert '<a href="../02-identification/01-indicators.html">next</a>' in html


def test_image_alt_is_escaped_and_src_points_to_assets(site: SiteRenderer) -> None:
    html, _ = render(site, '![a "quoted" <b>alt</b>](img/elements.png)')
    assert ('<img src="../../assets/media/modules/01-framework/img/elements.png" '
            'alt="a &quot;quoted&quot; &lt;b&gt;alt&lt;/b&gt;" loading="lazy">') in html


@pytest.mark.parametrize("href, scheme", [
    ("javascript:alert(1)", "javascript:"), (" JAVASCRIPT:x", "javascript:"), ("java\nscript:x", "javascript:"),
    ("https://x", "https:"), ("02-law.md", None), ("#anchor", None), ("term:x", "term:"),
])
def test_link_scheme(href: str, scheme: str | None) -> None:
    assert link_scheme(href) == scheme


def test_is_forbidden() -> None:
    assert is_forbidden("javascript:x") and is_forbidden("DATA:text/html,x") and is_forbidden("file:///x")
    assert not is_forbidden("https://x") and not is_forbidden("mailto:a@b") and not is_forbidden("a.md")


def test_escaping_survives_the_whole_build(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    lesson = root / "modules/02-identification/01-indicators.md"
    text = lesson.read_text(encoding="utf-8").replace("title: Indicators",
                                                      "title: 'Indicators <script>alert(2)</script>'")
    lesson.write_text(text + "\n<script>alert(1)</script>\n\nx <img src=x onerror=alert(1)>\n", encoding="utf-8")
    build(root, tmp_path / "out", None)
    page = (tmp_path / "out/en/02-identification/01-indicators.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "Indicators &lt;script&gt;alert(2)&lt;/script&gt;" in page
    for path in (tmp_path / "out").rglob("*.html"):
        assert "<script>alert(" not in path.read_text(encoding="utf-8"), path


# -- scan() positions ------------------------------------------------------------------

BODY = (
    "\n"                                                              # file line 10 (body_line)
    "Intro [@palermo:3a] and [a](x.md) and [a](x.md) again [@palermo:3a].\n"   # 11
    "\n"                                                              # 12
    "- item [term](term:debt-bondage)\n"                              # 13
    "  - nested [cite](cite:palermo:3b)\n"                            # 14
    "\n"                                                              # 15
    "> quoted [link](https://e.org)\n"                                # 16
    "\n"                                                              # 17
    "| col | col2 |\n"                                                # 18
    "|---|---|\n"                                                     # 19
    "| [cell](y.md) | ![pic](img/p.png) |\n"                         # 20
    "\n"                                                              # 21
    "   [?border]\n"                                                  # 22
    "\n"                                                              # 23
    "Footnote.[^1] Протокол [@kz-cc:128].\n"                          # 24
    "\n"                                                              # 25
    "[^1]: See [note link](z.md).\n"                                  # 26
)


@pytest.fixture(scope="module")
def found():
    doc = Document("en", "modules/m/l.md", "T", BODY, 10, None, Pos("modules/m/l.md", 2, 8))
    return parse_document(make_markdown(), doc).scan


def where(items) -> list[tuple[str, str]]:
    return [(f.value, f"{f.pos.line}:{f.pos.col}") for f in items]


def test_scan_links_with_line_and_column(found) -> None:
    assert where(found.links) == [("x.md", "11:29"), ("x.md", "11:43"), ("https://e.org", "16:17"),
                                  ("y.md", "20:10"), ("z.md", "26:23")]


def test_scan_citations_including_cite_links(found) -> None:
    assert where(found.citations) == [("palermo:3a", "11:7"), ("palermo:3a", "11:55"),
                                      ("palermo:3b", "14:19"), ("kz-cc:128", "24:24")]


def test_scan_terms(found) -> None:
    assert where(found.terms) == [("debt-bondage", "13:15")]


def test_scan_images_with_alt_text(found) -> None:
    assert [(f.value, f.extra, f"{f.pos.line}:{f.pos.col}") for f in found.images] == [("img/p.png", "pic", "20:25")]


def test_scan_knowledge_checks(found) -> None:
    assert where(found.checks) == [("border", "22:4")]


def test_scan_paths_are_the_documents_path(found) -> None:
    assert {f.pos.path for f in found.links + found.citations + found.checks} == {"modules/m/l.md"}


def test_scan_of_the_fixture_lesson_uses_file_lines() -> None:
    checked = check(BASIC)
    parsed = checked.analysis.parsed
    source = parsed["modules/01-framework/01-definition.md"].scan
    assert where(source.citations) == [("palermo:3a", "7:34")]
    assert where(source.terms) == [("debt-bondage", "16:39")]
    assert where(source.images) == [("img/elements.png", "18:48")]
    assert where(source.checks) == [("border", "20:1")]
    assert where(source.links) == [("02-national-law.md#national-offence", "35:22")]
    ru = parsed["modules/01-framework/01-definition.ru.md"].scan
    assert where(ru.citations) == [("palermo:3a", "6:37")]   # columns count Cyrillic characters


def test_diagnostics_in_a_bom_crlf_lesson_point_at_the_file(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    text = ("---\ntitle: National law\nobjectives: [define, consent]\n---\n\n"
            "## The national offence {#national-offence}\n\n"
            "Text [@kz-cc:999] and [gone](missing.md).\n"
            "A check:\n\n[?no-such-question]\n")
    (root / "modules/01-framework/02-national-law.md").write_bytes(
        ("\ufeff" + text).replace("\n", "\r\n").encode("utf-8"))
    with pytest.raises(BuildFailed) as failure:
        check(root)
    lines = failure.value.diagnostics.report_lines()
    path = "modules/01-framework/02-national-law.md"
    assert (f"{path}:8:6: error: citation 'kz-cc:999': no article '999' for 'kz-cc' in authorities.yaml"
            "; add it there (with 'confirmed: false' if its number is not checked against the official text)") in lines
    assert any(line.startswith(f"{path}:8:30: error: link to a missing lesson 'missing.md'") for line in lines), lines
    assert any(line.startswith(f"{path}:11:1: error: knowledge check [?no-such-question]") for line in lines), lines


def test_scan_autolink_position() -> None:
    doc = Document("en", "l.md", "T", "First line.\nSee <javascript:alert(1)> now.\n", 4, None, Pos("l.md"))
    link = parse_document(make_markdown(), doc).scan.links[0]
    assert (link.pos.line, link.pos.col) == (5, 6), "at the address, after '<'"


def test_scan_reference_link_points_at_its_definition() -> None:
    doc = Document("en", "l.md", "T", "See [the law][law] here.\n\n[law]: 02-law.md\n", 4, None, Pos("l.md"))
    link = parse_document(make_markdown(), doc).scan.links[0]
    assert link.value == "02-law.md"
    assert (link.pos.line, link.pos.col) == (6, 8), "at the address on the definition line"


def test_scan_image_inside_a_link_position() -> None:
    doc = Document("en", "l.md", "T", "Intro.\n[![alt](img/a.png)](x.md)\n", 4, None, Pos("l.md"))
    found = parse_document(make_markdown(), doc).scan
    assert where(found.links) == [("x.md", "5:21")]
    assert where(found.images) == [("img/a.png", "5:9")]


def test_plain_text_shortcut_renders_exactly_as_markdown_it(site: SiteRenderer) -> None:
    # Question texts without Markdown marks skip the parser; the bytes must not change.
    from course.quizzes import quiz_texts
    from course.render.site import _plain
    from coursekit import TESTS
    from course.pipeline import check

    texts = {t for quiz in check(TESTS.parent).course.quizzes for text in quiz_texts(quiz) for t in text.values.values()}
    texts |= {"Yes: she did \"it\".", "Cost 5 % more (x).", "Tab\there", "a.b", "x'y"}
    plain = [t for t in texts if _plain(t)]
    assert len(plain) > 100
    md = site.md
    for text in plain:
        assert md.render(text) == f"<p>{escape_html(text.strip())}</p>\n", text
        assert md.renderInline(text) == escape_html(text.strip()), text


def escape_html(text: str) -> str:
    from markdown_it.common.utils import escapeHtml

    return escapeHtml(text)


def test_skipping_pairing_passes_without_emphasis_characters_changes_no_token() -> None:
    # make_markdown runs the emphasis, strikethrough and pairing passes only on text holding
    # * _ or ~; the library runs them everywhere. Both must give the same tokens.
    from markdown_it import rules_inline

    ours, library = make_markdown(), make_markdown()
    library.inline.ruler2.at("balance_pairs", rules_inline.link_pairs)
    library.inline.ruler2.at("strikethrough", rules_inline.strikethrough.postProcess)
    library.inline.ruler2.at("emphasis", rules_inline.emphasis.postProcess)
    sources = [
        "Plain text with [a link](x.md) and a citation [@palermo:3a].\n",
        "Some *emphasis*, __strong__, ~~struck~~, ***both*** and a lone * star and snake_case_name.\n",
        "- *item* one\n- item ~two~\n\n| a | *b* |\n|---|---|\n| ~~c~~ | d |\n",
        "# Heading with *em* {#anchor}\n\nTerm\n: definition with _em_\n\nA note.[^1]\n\n[^1]: *Foot*note.\n",
        "`~~code~~` and \\*escaped\\* and &amp; entity\n",
        (BASIC / LESSON_SRC).read_text(encoding="utf-8"),
    ]
    for source in sources:
        assert [repr(t) for t in ours.parse(source, {})] == [repr(t) for t in library.parse(source, {})], source
