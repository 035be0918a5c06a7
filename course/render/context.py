"""The page context Markdown rendering calls back into: links, citations, terms, checks,
images and callouts, resolved for one output page in one language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markdown_it.common.utils import escapeHtml

from ..markdown import is_forbidden, link_scheme
from ..model import Authority, Course, LocalText
from ..site_map import relative, resolve_source

if TYPE_CHECKING:
    from .site import SiteRenderer

ARTICLE_PART = re.compile(r"-(\d+)|([a-z])")


def article_label(article: str) -> str:
    """'3b' -> '3(b)', '135-2' -> '135(2)', '2-1' -> '2(1)'."""
    match = re.match(r"(\d+)(.*)\Z", article)
    if not match:
        return article
    parts = "".join(f"({a or b})" for a, b in ARTICLE_PART.findall(match.group(2)))
    return match.group(1) + parts


def authority_anchor(instrument: str, article: str | None = None) -> str:
    """The anchor of an authority, or of one of its articles, on the authorities page."""
    return f"{instrument}-{article}" if article else instrument


@dataclass
class PageContext:
    """Everything rendering needs to know about the page being written."""

    site: "SiteRenderer"
    lang: str
    url: str                                  # output path of the page, e.g. ru/m/l.html
    source_path: str = ""                     # Markdown file being rendered (for relative links)
    checks: dict[str, Any] = field(default_factory=dict)
    id_prefix: str = ""                       # keeps ids unique when two contexts share a page
    _links: list[str] = field(default_factory=list)
    _counter: int = 0
    _tables: int = 0

    @property
    def course(self) -> Course:
        """The course being rendered."""
        return self.site.course

    @property
    def chain(self) -> tuple[str, ...]:
        """Languages to try for texts on this page (see Course.chain)."""
        return self.course.chain(self.lang)

    def t(self, key: str, **values: Any) -> str:
        """The interface string `key` in this page's language."""
        return self.site.strings[self.lang].t(key, **values)

    def href(self, output_path: str) -> str:
        """The relative href from this page to another output path."""
        return relative(self.url, output_path)

    def table_label(self) -> str:
        """'Table 1', 'Table 2', ...: each scrollable table region gets a name of its own."""
        self._tables += 1
        return f"{self.t('page.table')} {self._tables}"

    def next_id(self, prefix: str) -> str:
        """A new element id, unique on this page: '<prefix>-<id_prefix><n>'."""
        self._counter += 1
        return f"{prefix}-{self.id_prefix}{self._counter}"

    # -- citations -------------------------------------------------------------------
    def citation(self, ref: str) -> tuple[str, str, str | None]:
        """(href, label, caution) for 'instrument' or 'instrument:article'."""
        instrument, _, article = ref.partition(":")
        authority: Authority | None = self.course.authorities.get(instrument)
        if authority is None or (article and article not in authority.articles):
            # Bodies are rendered while checks still run; an unknown citation is an error that
            # stops the build, so this text is never published.
            return "#", f"[@{ref}]", None
        label = authority.short.get(self.chain)
        caution = None
        if article:
            unit = self.t("cite.paragraph" if authority.unit == "paragraph" else "cite.article")
            label = f"{label}, {unit} {article_label(article)}"
            if not authority.articles[article].confirmed:
                caution = self.t("cite.caution", date=self.site.strings[self.lang].date(authority.text_date))
        href = self.href(self.site.site_map.authorities(self.lang)) + "#" + authority_anchor(instrument, article or None)
        return href, label, caution

    def caution_html(self, caution: str | None) -> str:
        """The note after a citation of an unconfirmed article; '' when there is none."""
        return f' <span class="cite-caution">({escapeHtml(caution)})</span>' if caution else ""

    def citation_html(self, ref: str) -> str:
        """A citation as a link to its entry on the authorities page."""
        href, label, caution = self.citation(ref)
        return f'<a class="cite" href="{escapeHtml(href)}">{escapeHtml(label)}</a>{self.caution_html(caution)}'

    def citations_html(self, refs: list[str]) -> str:
        """`[@a; @b]` in running text: '(Palermo Protocol, art. 3(a); UNTOC)'."""
        inner = "; ".join(self.citation_html(ref) for ref in refs)
        return f'<span class="cite-group">({inner})</span>'

    # -- links -----------------------------------------------------------------------
    def open_link(self, href: str) -> str:
        """The opening HTML of a link: a term with its tooltip, a citation or an ordinary link;
        forbidden or unsupported addresses become plain text. `close_link` ends it."""
        scheme = link_scheme(href)
        if scheme == "term:" and href[5:] not in self.course.glossary:
            self._links.append("</span>")
            return '<span class="term">'
        if scheme == "term:":
            term = self.course.glossary[href[5:]]
            tip = self.next_id("tip")
            self._links.append(f'</a><span class="term-tip" role="tooltip" id="{tip}">'
                               f'{escapeHtml(term.definition.get(self.chain))}</span></span>')
            target = self.href(self.site.site_map.glossary(self.lang)) + "#" + term.id
            return f'<span class="term"><a href="{escapeHtml(target)}" aria-describedby="{tip}">'
        if scheme == "cite:":
            target, _, caution = self.citation(href[5:])
            self._links.append("</a>" + self.caution_html(caution))
            return f'<a class="cite" href="{escapeHtml(target)}">'
        if is_forbidden(href) or (scheme is not None and scheme not in ("http:", "https:", "mailto:", "tel:")):
            self._links.append("</span>")
            return '<span class="link-removed">'
        self._links.append("</a>")
        if scheme is not None:
            return f'<a class="external" href="{escapeHtml(href)}">'
        return f'<a href="{escapeHtml(self.internal(href))}">'

    def close_link(self) -> str:
        """The closing HTML of the innermost link `open_link` began."""
        return self._links.pop() if self._links else "</a>"

    def internal(self, href: str) -> str:
        """A relative link written in a source file, as an href of this output page."""
        path, hash_, anchor = href.partition("#")
        if not path:
            return href
        target = resolve_source(self.source_path, path)
        if target is None:
            return "#"
        if target.endswith(".md"):
            site_target = self.site.site_map.target(target)
            if site_target is None:
                stem, _, lang = target[:-3].rpartition(".")
                site_target = self.site.site_map.target(stem + ".md")
            if site_target is None:
                return "#"
            return self.href(self.site.site_map.url_of(self.lang, site_target)) + hash_ + anchor
        return self.href(self.site.media_path(target)) + hash_ + anchor

    def image_src(self, src: str) -> str:
        """An image's src on this page; '' when it cannot be shown (outside the course, or not an image)."""
        if link_scheme(src) == "data:":
            return src if src.lower().startswith("data:image/") else ""
        target = resolve_source(self.source_path, src)
        return self.href(self.site.media_path(target)) if target else ""

    # -- blocks ----------------------------------------------------------------------
    def check_html(self, question_id: str) -> str:
        """The placeholder the browser fills with a knowledge check; records the id in `checks`."""
        self.checks[question_id] = None
        noscript = escapeHtml(self.t("check.noscript"))
        # A plain block: the question inside is a fieldset with its own legend, and several
        # checks on one page must not become landmarks with the same name.
        return (f'<div class="knowledge-check" data-check="{escapeHtml(question_id)}">'
                f'<noscript><p>{noscript}</p></noscript></div>\n')

    def callout_open(self, name: str, title: str) -> str:
        """The opening HTML of a callout; a sensitive one is folded away behind a warning."""
        shown = escapeHtml(title or self.t(f"callout.{name}"))
        if name == "sensitive":
            warning = escapeHtml(self.t("callout.sensitive"))
            action = escapeHtml(self.t("callout.sensitive_show"))
            return (f'<details class="sensitive"><summary><span class="sensitive-label">{warning}:</span> '
                    f'{escapeHtml(title)} <span class="sensitive-action">{action}</span></summary>\n'
                    '<div class="sensitive-body">\n')
        if name == "checklist":
            ident = self.next_id("checklist")
            button = escapeHtml(self.t("callout.print_checklist"))
            return (f'<section class="callout checklist" id="{ident}" aria-labelledby="{ident}-title">'
                    f'<p class="callout-title" id="{ident}-title">{shown}</p>'
                    f'<button type="button" class="print-checklist" data-print="{ident}" hidden>{button}</button>\n')
        return f'<div class="callout {name}" role="note"><p class="callout-title">{shown}</p>\n'

    def callout_close(self, name: str) -> str:
        """The closing HTML of the callout `name`."""
        if name == "sensitive":
            return "</div></details>\n"
        if name == "checklist":
            return "</section>\n"
        return "</div>\n"

    # -- question texts (kinds.TextRenderer) -----------------------------------------
    def block(self, text: LocalText | None) -> str | None:
        """A question text as Markdown blocks in this page's language; None for no text."""
        if text is None:
            return None
        return self.site.render_markdown(text.get(self.chain), self)

    def inline(self, text: LocalText | None) -> str | None:
        """A question text as inline Markdown in this page's language; None for no text."""
        if text is None:
            return None
        return self.site.render_inline(text.get(self.chain), self)

    def plain(self, text: LocalText | None) -> str:
        """A question text unrendered, in this page's language; '' for no text."""
        return "" if text is None else text.get(self.chain)
