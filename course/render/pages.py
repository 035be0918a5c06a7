"""One builder per kind of page: root, home, lesson, quiz, glossary, authorities, extra pages."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..i18n import LANGUAGE_NAMES
from ..model import Lesson, Module, Page
from ..site_map import relative
from .context import PageContext, article_label, authority_anchor
from .payloads import checks_payload, json_for_html, quiz_payload
from .site import SiteRenderer

AUTHORITY_GROUPS = ("treaty", "political", "law", "resolution", "case", "guidance")


def root_page(site: SiteRenderer) -> bytes:
    """The site's index.html: the course title in each language, linking to its home page."""
    languages = [{"lang": lang, "name": LANGUAGE_NAMES.get(lang, lang), "href": site.site_map.home(lang),
                  "title": site.course.title.get(site.course.chain(lang))} for lang in site.course.languages]
    first = site.course.languages[0]
    return site.template("root.html").render(
        lang=first, course_title=site.course.title.get(site.course.chain(first)), languages=languages,
        asset_version=site.asset_version).encode("utf-8")


def home_page(site: SiteRenderer, lang: str) -> bytes:
    """The course home in `lang`: every module with its lessons and quiz."""
    url = site.site_map.home(lang)
    chain = site.course.chain(lang)
    t = site.strings[lang].t
    modules = []
    lessons_total = 0
    for module in site.course.modules:
        lessons_total += len(module.lessons)
        modules.append({
            "id": module.id, "title": site.shown(module.title, lang),
            "description": site.shown(module.description, lang) if module.description else None,
            "lessons": [{"id": lesson.id, "title": site.doc_title(lesson.document(chain), lang), "minutes": lesson.minutes,
                         "href": relative(url, site.site_map.lesson(lang, module.id, lesson.id))}
                        for lesson in module.lessons],
            "quiz": None if module.quiz is None else {
                "title": site.shown(module.quiz.title, lang), "href": relative(url, site.site_map.quiz(lang, module.id))},
        })
    facts = [t("home.modules_count", count=len(modules)), t("home.lessons_count", count=lessons_total)]
    if site.course.hours:
        facts.insert(0, t("home.hours", count=site.course.hours))
    first = site.first_page(lang, site.course.modules[0]) if site.course.modules else url
    return site.page("home.html", lang, url, "home", "home", t("home.title"), nav_id="home",
                     description=site.course.description.get(chain) if site.course.description else None,
                     facts=" · ".join(facts), modules=modules, first_href=relative(url, first))


def lesson_page(site: SiteRenderer, lang: str, module: Module, lesson: Lesson) -> bytes:
    """A lesson page, with the data of its knowledge checks when it holds any."""
    url = site.site_map.lesson(lang, module.id, lesson.id)
    chain = site.course.chain(lang)
    doc = lesson.document(chain)
    body, checks = site.incremental.body(site.analysis.parsed[doc.path], lang, url)
    data = None
    if checks:
        # Question texts link relative to their quiz file; their ids must not clash with the body's.
        ctx = PageContext(site, lang, url, module.quiz.path if module.quiz else doc.path, id_prefix="q")
        data = json_for_html(checks_payload(module.quiz, module.id, checks, site.keys, ctx))
    objectives = {o.id: site.shown(o.text, lang) for o in module.objectives}
    prev, nxt = site.neighbours(lang, url)
    home = relative(url, site.site_map.home(lang))
    crumbs = [{"title": site.strings[lang].t("nav.home"), "href": home},
              {"title": site.shown(module.title, lang), "href": relative(url, site.first_page(lang, module))},
              {"title": doc.title, "href": None}]
    return site.page("lesson.html", lang, url, "lesson", f"lesson:{module.id}/{lesson.id}", doc.title,
                     module=module, nav_id=f"lesson:{lesson.id}", body_html=body, minutes=lesson.minutes,
                     module_title=site.shown(module.title, lang), objectives=[objectives[o] for o in lesson.objectives],
                     fallback_notice=site.fallback_notice(lang, doc.lang, "lesson"), content_lang=doc.lang,
                     breadcrumbs=crumbs, prev=prev, next=nxt, page_data=data, uses_quiz=bool(checks))


def quiz_page(site: SiteRenderer, lang: str, module: Module) -> bytes:
    """A module's quiz page, with the data of its graded questions."""
    quiz = module.quiz
    assert quiz is not None
    url = site.site_map.quiz(lang, module.id)
    chain = site.course.chain(lang)
    t = site.strings[lang].t
    ctx = PageContext(site, lang, url, quiz.path)
    payload = quiz_payload(quiz, site.keys, ctx)
    drawn = quiz.draw if isinstance(quiz.draw, int) else (sum(quiz.draw.values()) if quiz.draw else len(quiz.graded))
    facts = [t("quiz_page.questions", count=drawn), t("quiz_page.pass_mark", mark=quiz.pass_mark),
             t("quiz_page.attempts", count=quiz.attempts) if quiz.attempts else t("quiz_page.unlimited")]
    shown = next((q["lang"] for q in payload["questions"] if q["lang"]), lang)
    prev, nxt = site.neighbours(lang, url)
    title = quiz.title.get(chain)
    crumbs = [{"title": t("nav.home"), "href": relative(url, site.site_map.home(lang))},
              {"title": site.shown(module.title, lang), "href": relative(url, site.first_page(lang, module))},
              {"title": site.shown(quiz.title, lang), "href": None}]
    return site.page("quiz.html", lang, url, "quiz", f"quiz:{module.id}", title, module=module, nav_id="quiz",
                     heading=site.shown(quiz.title, lang),
                     module_title=site.shown(module.title, lang), module_id=module.id, facts=" · ".join(facts),
                     fallback_notice=site.fallback_notice(lang, shown, "quiz"), breadcrumbs=crumbs,
                     prev=prev, next=nxt, page_data=json_for_html(payload), uses_quiz=True)


def glossary_page(site: SiteRenderer, lang: str) -> bytes:
    """The glossary in `lang`, its terms in alphabetical order."""
    url = site.site_map.glossary(lang)
    chain = site.course.chain(lang)
    ctx = PageContext(site, lang, url)
    glossary = site.course.glossary

    def shown_lang(text: Any) -> str:
        return next((code for code in chain if text.has(code)), lang)

    terms = []
    for term in glossary.values():
        terms.append({
            "id": term.id, "term": term.term.get(chain), "term_lang": shown_lang(term.term),
            "definition": term.definition.get(chain), "definition_lang": shown_lang(term.definition),
            "other_names": [{"lang": other, "name": name} for other, name in term.term.values.items() if other != lang],
            "cites": [Markup(ctx.citation_html(c.ref)) for c in term.cites],
            "see": [{"id": other, "term": glossary[other].term.get(chain)} for other in term.see if other in glossary],
        })
    terms.sort(key=lambda item: item["term"].casefold().replace("ё", "е"))
    title = site.strings[lang].t("nav.glossary")
    return site.page("glossary.html", lang, url, "glossary", "glossary", title, terms=terms)


def citation_uses(site: SiteRenderer) -> dict[str, list[tuple[str, ...]]]:
    """Where each authority and article is cited: lessons, quizzes, glossary terms."""
    found_in: dict[str, dict[tuple[str, ...], None]] = {}   # ordered sets

    def add(ref: str, where: tuple[str, ...]) -> None:
        found_in.setdefault(ref, {})[where] = None

    for module in site.course.modules:
        for lesson in module.lessons:
            for found in site.analysis.parsed[lesson.source.path].scan.citations:
                add(found.value, ("lesson", module.id, lesson.id))
        if module.quiz is not None:
            for question in module.quiz.questions:
                for citation in question.cites:
                    add(citation.ref, ("quiz", module.id))
    for term in site.course.glossary.values():
        for citation in term.cites:
            add(citation.ref, ("term", term.id))
    return {ref: list(places) for ref, places in found_in.items()}


def authorities_page(site: SiteRenderer, lang: str, uses: dict[str, list[tuple[str, ...]]]) -> bytes:
    """The authorities in `lang` by kind, each with its articles and the pages citing them."""
    url = site.site_map.authorities(lang)
    chain = site.course.chain(lang)
    strings = site.strings[lang]
    t = strings.t

    def shown_lang(text: Any) -> str:
        return next((code for code in chain if text.has(code)), lang)

    def links(ref: str) -> list[dict[str, str]]:
        result = []
        for where in uses.get(ref, []):
            if where[0] == "lesson":
                module = site.course.module(where[1])
                lesson = module.lesson(where[2])
                result.append({"title": site.doc_title(lesson.document(chain), lang),
                               "href": relative(url, site.site_map.lesson(lang, where[1], where[2]))})
            elif where[0] == "quiz":
                module = site.course.module(where[1])
                result.append({"title": Markup("{} ({})").format(site.shown(module.quiz.title, lang),
                                                                  site.shown(module.title, lang)),
                               "href": relative(url, site.site_map.quiz(lang, where[1]))})
            else:
                term = site.course.glossary[where[1]]
                result.append({"title": site.shown(term.term, lang),
                               "href": relative(url, site.site_map.glossary(lang)) + "#" + term.id})
        return result

    groups = []
    for kind in AUTHORITY_GROUPS:
        members = [a for a in site.course.authorities.values() if a.kind == kind]
        if not members:
            continue
        items = []
        for authority in members:
            facts = []
            for key, value in (("adopted", authority.adopted), ("in_force", authority.in_force),
                               ("text_date", authority.text_date)):
                if value:
                    facts.append(t(f"authorities.{key}", date=strings.date(value)))
            unit = t("cite.paragraph" if authority.unit == "paragraph" else "cite.article")
            articles = [{
                "anchor": authority_anchor(authority.id, article.id),
                "label": f"{unit} {article_label(article.id)}",
                "title": article.title.get(chain), "title_lang": shown_lang(article.title),
                "caution": None if article.confirmed else t("cite.caution", date=strings.date(authority.text_date)),
                "cited_in": links(f"{authority.id}:{article.id}"),
            } for article in authority.articles.values()]
            items.append({
                "id": authority.id, "short": authority.short.get(chain),
                "title": authority.title.get(chain), "title_lang": shown_lang(authority.title),
                "note": authority.note.get(chain) if authority.note else None,
                "note_lang": shown_lang(authority.note) if authority.note else lang,
                "url": authority.url, "facts": facts, "articles": articles, "cited_in": links(authority.id),
            })
        groups.append({"kind": kind, "title": t(f"authorities.group.{kind}"), "authorities": items})
    title = t("nav.authorities")
    return site.page("authorities.html", lang, url, "authorities", "authorities", title, groups=groups)


def extra_page(site: SiteRenderer, lang: str, page: Page) -> bytes:
    """An extra page such as 'about' in `lang`."""
    url = site.site_map.page(lang, page.id)
    doc = page.document(site.course.chain(lang))
    body, _ = site.incremental.body(site.analysis.parsed[doc.path], lang, url)
    return site.page("page.html", lang, url, "page", f"page:{page.id}", doc.title, body_html=body,
                     fallback_notice=site.fallback_notice(lang, doc.lang, "page"), content_lang=doc.lang)
