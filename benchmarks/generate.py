#!/usr/bin/env python3
"""Deterministic synthetic courses in the builder's own source format.

    python benchmarks/generate.py OUT --lessons 1000 [--questions-per-module 10] [--russian] [--mkdocs]

N lessons, 10 per module, ~1,000 words each with headings, lists, tables, links across modules,
Cyrillic text and citations; one quiz per module cycling through every question kind; optional
Russian translations; optionally the same Markdown as an MkDocs project beside it (OUT-mkdocs/),
outside the course folder so that neither builder sees the other's files.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

LESSONS_PER_MODULE = 10
EN_WORDS = ("court evidence victim trafficking exploitation recruitment transport harbouring receipt "
            "deception coercion vulnerability consent judge prosecutor witness testimony document "
            "payment debt labour passport employer migrant border protocol article national law "
            "referral assistance protection compensation confiscation proceeds hearing defence "
            "indicator identification shelter interview record transfer account contract").split()
RU_WORDS = ("суд доказательство потерпевший торговля эксплуатация вербовка перевозка укрывательство "
            "получение обман принуждение уязвимость согласие судья прокурор свидетель показания "
            "документ оплата долг труд паспорт работодатель мигрант граница протокол статья закон "
            "перенаправление помощь защита компенсация конфискация доходы заседание защита").split()
KINDS = ("single", "multiple", "true_false", "matching", "ordering", "categorize", "fill_in", "numeric", "scenario")


def sentence(rng: random.Random, words: tuple[str, ...] | list[str], length: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(length))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: list[str], sentences: int = 5) -> str:
    return " ".join(sentence(rng, words, rng.randint(8, 16)) for _ in range(sentences))


def lesson_body(rng: random.Random, m: int, l: int, modules: int, words: list[str]) -> str:
    other = rng.randrange(modules) + 1
    parts = [paragraph(rng, words) + " [@palermo:3a]"]
    for section in range(1, 5):
        parts.append(f"## Section {section} {{#section-{section}}}")
        parts.append(paragraph(rng, words))
        parts.append("\n".join(f"- {sentence(rng, words, 6)}" for _ in range(4)))
        parts.append(paragraph(rng, RU_WORDS, 3))
        if section == 2:
            parts.append("| Element | Meaning | Source |\n|---|---|---|\n" + "\n".join(
                f"| {rng.choice(words)} | {sentence(rng, words, 5)} | art. {rng.randint(1, 40)} |" for _ in range(4)))
        if section == 3:
            parts.append(f"See [another module](../m{other:04d}/l01.md#section-1) and [the glossary term]"
                         f"(term:exploitation). Consent matters little [@palermo:3b].")
        parts.append(paragraph(rng, words))
    if l == 1:
        parts.append("[?q01]")
    return "\n\n".join(parts) + "\n"


def question(rng: random.Random, index: int, kind: str) -> str:
    qid = f"q{index:02d}"
    head = f"  - id: {qid}\n    kind: {kind}\n    objective: main\n    cites: [palermo:3a]\n"
    prompt = f"    prompt: {sentence(rng, EN_WORDS, 10)}\n"
    if kind in ("single", "multiple"):
        options = "".join(f"      - {{id: o{n}, text: {sentence(rng, EN_WORDS, 4)}{', correct: true' if n == 1 or (kind == 'multiple' and n == 2) else ''}, "
                          f"feedback: {sentence(rng, EN_WORDS, 6)}}}\n" for n in range(1, 5))
        return head + prompt + "    options:\n" + options
    if kind == "true_false":
        return head + prompt + f"    answer: {'true' if index % 2 else 'false'}\n"
    if kind == "matching":
        pairs = "".join(f"      - {{id: p{n}, item: {rng.choice(EN_WORDS)} {n}, match: {rng.choice(EN_WORDS)} {n}}}\n" for n in range(1, 5))
        return head + prompt + "    pairs:\n" + pairs + "    extra_matches: [Nothing]\n"
    if kind == "ordering":
        items = "".join(f"      - {{id: s{n}, text: Step {n} {rng.choice(EN_WORDS)}}}\n" for n in range(1, 5))
        return head + prompt + "    items:\n" + items
    if kind == "categorize":
        items = "".join(f"      - {{id: i{n}, text: {sentence(rng, EN_WORDS, 4)}, category: {'a' if n % 2 else 'b'}}}\n" for n in range(1, 5))
        return head + prompt + "    categories: [{id: a, text: Trafficking}, {id: b, text: Smuggling}]\n    items:\n" + items
    if kind == "fill_in":
        return head + "    prompt: A child is any person under [[age]] years of age.\n    blanks: {age: [\"18\", eighteen]}\n"
    if kind == "numeric":
        return head + prompt + "    answer: 30\n    tolerance: 0\n"
    return (head + prompt + "    case_file: |\n      " + sentence(rng, EN_WORDS, 20) + "\n    start: a\n    steps:\n"
            "      a:\n        prompt: First decision.\n        choices:\n"
            "          - {id: good, text: Examine the means, next: b, points: 2, feedback: Right.}\n"
            "          - {id: bad, text: Accept consent, next: end-bad, points: 0, feedback: No.}\n"
            "      b:\n        prompt: Second decision.\n        choices:\n"
            "          - {id: good, text: Seek corroboration, next: end-good, points: 2, feedback: Right.}\n"
            "          - {id: bad, text: Rely on testimony alone, next: end-bad, points: 0, feedback: No.}\n"
            "    outcomes:\n      end-good: {text: Conviction upheld.}\n      end-bad: {text: Overturned on appeal.}\n")


def mkdocs_project(course: Path) -> Path:
    """Where the MkDocs copy of a generated course goes: a sibling folder."""
    return course.parent / f"{course.name}-mkdocs"


def generate(out: Path, lessons: int, questions: int, russian: bool, mkdocs: bool, seed: int = 1) -> Path:
    rng = random.Random(seed)
    for folder in (out, mkdocs_project(out)):
        if folder.exists():
            shutil.rmtree(folder)
    modules = max(1, (lessons + LESSONS_PER_MODULE - 1) // LESSONS_PER_MODULE)
    (out / "quizzes").mkdir(parents=True)
    module_ids = [f"m{m:04d}" for m in range(1, modules + 1)]
    languages = "[en, ru]" if russian else "[en]"
    ru = ", ru: " if russian else ""
    # Past 20 modules of 10 questions the saved state outgrows SCORM 1.2's suspend_data.
    scorm = "" if modules * questions <= 200 else "scorm: [\"2004\"]\n"
    (out / "course.yaml").write_text(
        f"id: synthetic\nversion: 1.0.0\ntitle: Synthetic course\nlanguage: en\nlanguages: {languages}\n"
        f"pass_mark: 70\n{scorm}modules: [{', '.join(module_ids)}]\n", encoding="utf-8")
    (out / "authorities.yaml").write_text(
        f"palermo:\n  short: {{en: Palermo Protocol{ru + 'Палермский протокол' if ru else ''}}}\n  title: {{en: Trafficking Protocol}}\n"
        "  articles:\n    \"3a\": {en: Definition}\n    \"3b\": {en: Consent}\n", encoding="utf-8")
    (out / "glossary.yaml").write_text(
        f"exploitation:\n  term: {{en: exploitation{ru + 'эксплуатация' if ru else ''}}}\n  definition: {{en: Using a person for gain.}}\n",
        encoding="utf-8")
    docs = mkdocs_project(out) / "docs"
    remaining = lessons
    for m, module_id in enumerate(module_ids, start=1):
        folder = out / "modules" / module_id
        folder.mkdir(parents=True)
        count = min(LESSONS_PER_MODULE, remaining)
        remaining -= count
        lesson_ids = [f"l{l:02d}" for l in range(1, count + 1)]
        (folder / "module.yaml").write_text(
            f"title: Module {m}\nobjectives:\n  main: {{en: Apply module {m}}}\nlessons: [{', '.join(lesson_ids)}]\nquiz: {module_id}\n",
            encoding="utf-8")
        for l, lesson_id in enumerate(lesson_ids, start=1):
            body = lesson_body(rng, m, l, modules, EN_WORDS)
            (folder / f"{lesson_id}.md").write_text(f"---\ntitle: Lesson {m}.{l}\nobjectives: [main]\nminutes: 10\n---\n\n{body}",
                                                    encoding="utf-8")
            if russian:
                ru = lesson_body(random.Random(seed * 7919 + m * 100 + l), m, l, modules, RU_WORDS)
                (folder / f"{lesson_id}.ru.md").write_text(f"---\ntitle: Урок {m}.{l}\n---\n\n{ru}", encoding="utf-8")
            if mkdocs:
                target = docs / module_id / f"{lesson_id}.md"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(f"# Lesson {m}.{l}\n\n{body}", encoding="utf-8")
        # Very large courses draw a few questions per attempt, as a real one would, so the
        # saved progress stays within SCORM 2004's suspend_data.
        draw = "draw: 3\n" if modules * questions > 2000 else ""
        quiz = f"title: Quiz\nattempts: 3\nshuffle: true\n{draw}questions:\n" + "".join(
            question(rng, n, KINDS[(n - 1) % len(KINDS)]) for n in range(1, questions + 1))
        (out / "quizzes" / f"{module_id}.yaml").write_text(quiz, encoding="utf-8")
    if mkdocs:
        (docs / "index.md").write_text("# Synthetic course\n", encoding="utf-8")
        (mkdocs_project(out) / "mkdocs.yml").write_text("site_name: Synthetic course\n", encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lessons", type=int, default=100)
    parser.add_argument("--questions-per-module", type=int, default=10)
    parser.add_argument("--russian", action="store_true")
    parser.add_argument("--mkdocs", action="store_true")
    args = parser.parse_args()
    generate(args.out, args.lessons, args.questions_per_module, args.russian, args.mkdocs)


if __name__ == "__main__":
    main()
