"""Helpers for the quiz browser tests (test_quiz_kinds.py, test_quiz_flow.py).

The fixture course tests/fixtures/quiz-kinds has every question kind. Answers are derived from
the page payload (docs/internals.md, "Question payloads"), so the helpers work in any shuffled
order. Two ways to answer a question:

- `answer_keyboard`: Tab / Shift+Tab, arrow keys, Space and Enter, and typing; never a click
  or fill. Focus is only observed (document.activeElement), never set.
- `answer_mouse`: clicks, select_option and fill.

Both expect the question to be on the page and unanswered, and press its Check / Decide button.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]

FIXTURE = REPO / "tests" / "fixtures" / "quiz-kinds"
KINDS_QUIZ = "01-kinds"
ALL_KINDS = ["single", "multiple", "true_false", "matching", "ordering", "categorize", "fill_in", "numeric",
             "scenario"]

# Math.random made deterministic (quiz.js draws its attempt seeds from it), so that a test
# knows where a question falls in the shuffled order. Add with page.add_init_script.
SEEDED_RANDOM = """(() => { let s = %d; Math.random = () => {
  s = (s * 48271) %% 2147483647; return (s - 1) / 2147483646; }; })();"""

LISTEN = """() => {
  if (window.__records) return;
  window.__records = []; window.__finished = [];
  document.addEventListener('course:answer', e => window.__records.push(e.detail));
  document.addEventListener('course:quiz-finished', e => window.__finished.push(e.detail));
}"""


# ---------------------------------------------------------------- page data and events

def listen(page) -> None:  # type: ignore[no-untyped-def]
    """Collect course:answer records in window.__records (and quiz-finished in __finished)."""
    page.evaluate(LISTEN)


def records(page) -> list[dict]:  # type: ignore[no-untyped-def]
    return page.evaluate("() => window.__records")


def finished(page) -> list[dict]:  # type: ignore[no-untyped-def]
    return page.evaluate("() => window.__finished")


def payload(page) -> dict:  # type: ignore[no-untyped-def]
    return page.evaluate("() => JSON.parse(document.getElementById('page-data').textContent)")


def questions(page) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """The page's questions (quiz) or knowledge checks (lesson) by id."""
    data = payload(page)
    if data["mode"] == "quiz":
        return {q["id"]: q for q in data["questions"]}
    return dict(data["checks"])


def qsel(qid: str) -> str:
    return f'fieldset.quiz-question[data-question="{qid}"]'


def text_of(fragment: str | None) -> str:
    """Plain text of builder-made HTML, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", fragment or "")).split())


def shown_ids(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Questions on the quiz page, in the order shown."""
    return page.eval_on_selector_all("#quiz fieldset.quiz-question", "els => els.map(e => e.dataset.question)")


def current_id(page) -> str | None:  # type: ignore[no-untyped-def]
    """The unanswered question at the bottom of the quiz page, if any."""
    return page.evaluate("""() => {
      const open = document.querySelectorAll('#quiz fieldset.quiz-question:not(.is-answered)');
      return open.length ? open[open.length - 1].dataset.question : null; }""")


def quiz_state(page, module_key: str | None = None) -> Any:  # type: ignore[no-untyped-def]
    """The saved quiz states (CourseApp.state().quiz), or one quiz's by its module key."""
    states = page.evaluate("() => JSON.parse(JSON.stringify(CourseApp.state().quiz))")
    return states if module_key is None else states.get(module_key)


# ---------------------------------------------------------------- answers from the payload

def right_answer(q: dict) -> Any:
    kind = q["kind"]
    if kind == "single":
        return next(o["id"] for o in q["options"] if o["correct"])
    if kind == "multiple":
        return [o["id"] for o in q["options"] if o["correct"]]
    if kind == "true_false":
        return q["answer"]
    if kind == "matching":
        return {p["id"]: p["id"] for p in q["pairs"]}
    if kind == "ordering":
        return [i["id"] for i in q["items"]]
    if kind == "categorize":
        return {i["id"]: i["category"] for i in q["items"]}
    if kind == "fill_in":
        return [b["accepted"][0] for b in q["blanks"]]
    if kind == "numeric":
        return _number(q["max"])
    if kind == "scenario":
        path, node = [], q["start"]
        while node in q["steps"]:
            step = q["steps"][node]
            choice = next(c for c in step["choices"] if c["id"] == step["best"][0])
            path.append(choice["id"])
            node = choice["next"]
        return path
    raise ValueError(kind)


def wrong_answer(q: dict) -> Any:
    """An answer worth nothing (a zero-point path for scenarios)."""
    kind = q["kind"]
    if kind == "single":
        return next(o["id"] for o in q["options"] if not o["correct"])
    if kind == "multiple":
        return [o["id"] for o in q["options"] if not o["correct"]]
    if kind == "true_false":
        return not q["answer"]
    if kind == "matching":
        ids = [m["id"] for m in q["matches"]]
        return {p["id"]: next(m for m in ids if m != p["id"]) for p in q["pairs"]}
    if kind == "ordering":
        ids = [i["id"] for i in q["items"]]
        return ids[1:] + ids[:1]
    if kind == "categorize":
        cats = [c["id"] for c in q["categories"]]
        return {i["id"]: next(c for c in cats if c != i["category"]) for i in q["items"]}
    if kind == "fill_in":
        return ["zzz" for _ in q["blanks"]]
    if kind == "numeric":
        return _number(q["max"] + 100)
    if kind == "scenario":
        path, node = [], q["start"]
        while node in q["steps"]:
            choice = min(q["steps"][node]["choices"], key=lambda c: c["points"])
            path.append(choice["id"])
            node = choice["next"]
        return path
    raise ValueError(kind)


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


# ---------------------------------------------------------------- keyboard

def active(page) -> dict:  # type: ignore[no-untyped-def]
    """What has the focus: tag, classes, value, checked, and its question."""
    return page.evaluate("""() => { const a = document.activeElement;
      const q = a && a.closest('fieldset.quiz-question');
      return {tag: a.tagName.toLowerCase(), cls: a.className || '', value: a.value === undefined ? null : a.value,
              type: a.type || null, checked: !!a.checked, id: a.id, text: (a.textContent || '').trim().slice(0, 80),
              question: q ? q.dataset.question : null}; }""")


def tab_until(page, predicate: str, key: str = "Tab", limit: int = 80) -> None:  # type: ignore[no-untyped-def]
    """Press `key` until the focused element `el` satisfies the JS expression `predicate`."""
    check = f"() => {{ const el = document.activeElement; return !!(el && ({predicate})); }}"
    for _ in range(limit):
        if page.evaluate(check):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached an element where {predicate}; focus is on {active(page)}")


def choose_radio(page, value: str) -> None:  # type: ignore[no-untyped-def]
    """Focus is in a radio group: arrow to the radio with `value` and make sure it is checked."""
    for _ in range(40):
        now = active(page)
        assert now["type"] == "radio", now
        if now["value"] == value:
            if not now["checked"]:
                page.keyboard.press("Space")
            assert active(page)["checked"]
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no radio {value!r} in the group")


def press_button(page, scope: str, cls: str, key: str = "Enter") -> None:  # type: ignore[no-untyped-def]
    """Tab forward to the button with class `cls` inside `scope` and press it."""
    tab_until(page, f"el.matches('{scope} button.{cls}')")
    page.keyboard.press(key)


def answer_keyboard(page, q: dict, answer: Any) -> None:  # type: ignore[no-untyped-def]
    """Answer question `q` with the keyboard only, starting from any focus before its controls."""
    sel = qsel(q["id"])
    kind = q["kind"]
    if kind in ("single", "true_false"):
        tab_until(page, f"el.matches('{sel} input[type=radio]')")
        choose_radio(page, str(answer).lower() if kind == "true_false" else answer)
        page.keyboard.press("Tab")
        assert "quiz-check" in active(page)["cls"], active(page)
        page.keyboard.press("Enter")
    elif kind == "multiple":
        tab_until(page, f"el.matches('{sel} input[type=checkbox]')")
        while active(page)["type"] == "checkbox":
            now = active(page)
            if (now["value"] in answer) != now["checked"]:
                page.keyboard.press("Space")
            page.keyboard.press("Tab")
        assert "quiz-check" in active(page)["cls"], active(page)
        page.keyboard.press("Shift+Tab")          # back to the last option, then on again
        assert active(page)["type"] == "checkbox"
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
    elif kind == "matching":
        labels = page.eval_on_selector_all(f"{sel} select", """els => els.map(s => ({id: s.id,
            label: document.querySelector('label[for="' + s.id + '"]').textContent.replace(/\\s+/g, ' ').trim(),
            values: Array.from(s.options).map(o => o.value)}))""")
        for select in labels:
            pair = next(p for p in q["pairs"] if text_of(p["item_html"]) == select["label"])
            tab_until(page, f"el.id === '{select['id']}'")
            target = select["values"].index(answer[pair["id"]])
            now = select["values"].index(active(page)["value"])
            for _ in range(abs(target - now)):
                page.keyboard.press("ArrowDown" if target > now else "ArrowUp")
            assert active(page)["value"] == answer[pair["id"]]
        press_button(page, sel, "quiz-check")
    elif kind == "ordering":
        order_keyboard(page, q, answer)
        press_button(page, sel, "quiz-check")
    elif kind == "categorize":
        groups = page.eval_on_selector_all(f"{sel} fieldset.quiz-cat-item", """els => els.map(f => ({
            legend: f.querySelector('legend').textContent.replace(/\\s+/g, ' ').trim(),
            first: f.querySelector('input').id}))""")
        for group in groups:
            item = next(i for i in q["items"] if text_of(i["text_html"]) == group["legend"])
            name = group["first"].rsplit("-", 1)[0]
            tab_until(page, f"el.name === '{name}'")
            choose_radio(page, answer[item["id"]])
        press_button(page, sel, "quiz-check")
    elif kind == "fill_in":
        for i, text in enumerate(answer):
            tab_until(page, f"el === document.querySelectorAll('{sel} input.quiz-blank-input')[{i}]")
            page.keyboard.type(text)
        page.keyboard.press("Enter")              # Enter in a blank checks the answer
    elif kind == "numeric":
        tab_until(page, f"el.matches('{sel} input.quiz-number-input')")
        page.keyboard.type(answer)
        page.keyboard.press("Enter")
    elif kind == "scenario":
        scenario_keyboard(page, q, answer)
    else:
        raise ValueError(kind)


def order_keyboard(page, q: dict, wanted: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Reorder an ordering question with its Move up buttons, moving focus with Tab / Shift+Tab."""
    sel = qsel(q["id"])
    tab_until(page, f"el.matches('{sel} button.quiz-move')")
    for i, item_id in enumerate(wanted):
        current = page.eval_on_selector_all(f"{sel} li.quiz-order-item", "els => els.map(e => e.dataset.id)")
        j = current.index(item_id)
        if j == i:
            continue
        target = f"{sel} li[data-id=\"{item_id}\"] button.quiz-move-up"
        # Tab or Shift+Tab across the move buttons to this item's "Move up"
        distance = page.evaluate("""([sel, target]) => {
            const buttons = Array.from(document.querySelectorAll(sel + ' button.quiz-move'));
            return buttons.indexOf(document.querySelector(target)) - buttons.indexOf(document.activeElement);
        }""", [sel, target])
        for _ in range(abs(distance)):
            page.keyboard.press("Tab" if distance > 0 else "Shift+Tab")
        assert page.evaluate("t => document.activeElement === document.querySelector(t)", target)
        for _ in range(j - i):
            page.keyboard.press("Enter")       # focus stays on the button, which moves with its item
    final = page.eval_on_selector_all(f"{sel} li.quiz-order-item", "els => els.map(e => e.dataset.id)")
    assert final == list(wanted)


def scenario_keyboard(page, q: dict, path: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Take the decisions of `path` in a scenario (the steps still open), by keyboard."""
    sel = qsel(q["id"])
    taken = page.locator(f"{sel} .quiz-path-step").count()
    for n, choice in enumerate(path[taken:], start=taken + 1):
        tab_until(page, f"el.matches('{sel} .quiz-step input[type=radio]')")
        choose_radio(page, choice)
        page.keyboard.press("Tab")
        assert "quiz-decide" in active(page)["cls"], active(page)
        page.keyboard.press("Enter")
        if n < len(path):      # focus on this decision's feedback, the next step below it
            assert "quiz-path-feedback" in active(page)["cls"], active(page)


# ---------------------------------------------------------------- mouse

def answer_mouse(page, q: dict, answer: Any, stop_after: int | None = None) -> None:  # type: ignore[no-untyped-def]
    """Answer with the mouse (clicks, select_option, fill). `stop_after`: scenario decisions to take."""
    box = page.locator(qsel(q["id"]))
    kind = q["kind"]
    if kind in ("single", "true_false"):
        value = str(answer).lower() if kind == "true_false" else answer
        box.locator(f'input[value="{value}"]').click()
    elif kind == "multiple":
        for value in answer:
            box.locator(f'input[value="{value}"]').click()
    elif kind == "matching":
        for pair in q["pairs"]:
            label = box.locator("label.quiz-match-item", has_text=text_of(pair["item_html"]))
            box.locator("#" + label.get_attribute("for")).select_option(answer[pair["id"]])
    elif kind == "ordering":
        for i, item_id in enumerate(answer):
            current = box.locator("li.quiz-order-item").evaluate_all("els => els.map(e => e.dataset.id)")
            for _ in range(current.index(item_id) - i):
                box.locator(f'li[data-id="{item_id}"] button.quiz-move-up').click()
    elif kind == "categorize":
        for item in q["items"]:
            group = box.locator("fieldset.quiz-cat-item", has_text=text_of(item["text_html"]))
            group.locator(f'input[value="{answer[item["id"]]}"]').click()
    elif kind == "fill_in":
        for i, text in enumerate(answer):
            box.locator("input.quiz-blank-input").nth(i).fill(text)
    elif kind == "numeric":
        box.locator("input.quiz-number-input").fill(answer)
    elif kind == "scenario":
        taken = box.locator(".quiz-path-step").count()
        for n, choice in enumerate(answer[taken:stop_after], start=taken):
            box.locator(f'.quiz-step input[value="{choice}"]').click()
            box.locator("button.quiz-decide").click()
        return
    box.locator("button.quiz-check").click()


def answer_quiz_mouse(page, pick=right_answer, count: int | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """Answer the quiz page's open questions in order with the mouse (all, or `count` of them).

    `pick(q)` gives each answer. Returns the ids answered.
    """
    qs = questions(page)
    done = []
    while count is None or len(done) < count:
        qid = current_id(page)
        if qid is None:
            break
        answer_mouse(page, qs[qid], pick(qs[qid]))
        done.append(qid)
        nxt = page.locator(qsel(qid) + " button.quiz-next")
        if nxt.count():
            nxt.click()
    return done


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)
