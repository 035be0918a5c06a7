"""The learner's saved state: short storage keys, the outline the browser needs, and the
worst-case size of the encoded state, checked against SCORM's suspend_data limits.

The encoding is implemented twice, here and in theme/static/js/state.js; a browser test
checks that both produce the same string. Format (see docs/internals.md):

    1~<version>~<lang>~<location>~<seen>~<quizzes>
    seen     = <module key><lesson key>...  joined by "!"
    quizzes  = <module key>*<n>*<best>*<last>[*<seed>*<t0>*<done>*<answers>]  joined by "!"
    answers  = <question key (3)><fp (2)><latency, 2 digits><packed>  joined by "'"

Module keys have 3 base-36 characters, question keys 3 (unique within their quiz), lesson
keys 3 (unique within their module), fingerprints 2. A stored answer keeps the response and its latency; its score is
recomputed from the response, which saves a field per answer under SCORM 1.2's 4,096.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from .errors import Diagnostics, Pos
from .kinds import KINDS
from .model import Course, Question
from .quizzes import fingerprint

KEY_LENGTH = 3           # module keys (course-wide) and question keys (per quiz)
# Lesson keys (per module) have 3 characters too: with 2, a module of 10 lessons had a 3 %
# chance that adding a lesson moves an existing key and forgets that it was read.
LESSON_KEY_LENGTH = 3
FP_LENGTH = 2
LIMITS = {"1.2": 4096, "2004": 64000}
# Caps applied by state.js so that every field has a known longest form.
MAX_ATTEMPTS_COUNTED = 36 ** 2 - 1
MAX_LATENCY = 36 ** 2 - 1
MAX_SEED = 2 ** 31 - 1
MAX_T0 = 36 ** 7 - 1
STORAGE_PREFIX = "course-state:"


def base36(value: int) -> str:
    """A non-negative integer in lower-case base 36."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if value == 0:
        return "0"
    out = []
    while value:
        value, rest = divmod(value, 36)
        out.append(digits[rest])
    return "".join(reversed(out))


def _hash_key(text: str, salt: int, length: int) -> str:
    number = int.from_bytes(hashlib.sha1(f"{salt}:{text}".encode()).digest()[:8], "big") % 36 ** length
    return base36(number).rjust(length, "0")


def assign_keys(ids: list[str], length: int = KEY_LENGTH) -> dict[str, str]:
    """Stable short keys for ids of one scope; a rare clash moves the later id (sorted) on."""
    used: set[str] = set()
    result = {}
    for item in sorted(ids):
        salt = 0
        key = _hash_key(item, salt, length)
        while key in used:
            salt += 1
            key = _hash_key(item, salt, length)
        used.add(key)
        result[item] = key
    return result


def question_fp(question: Question) -> str:
    """The 2-character fingerprint saved with an answer; when it changes, the answer is dropped."""
    return _hash_key(fingerprint(question), 0, FP_LENGTH)


@dataclass(frozen=True)
class StateKeys:
    """Short storage keys of modules, lessons and questions in the learner's state."""

    modules: dict[str, str]
    lessons: dict[tuple[str, str], str]
    questions: dict[tuple[str, str], str]


def course_keys(course: Course) -> StateKeys:
    """The storage keys of every module, lesson and question of the course."""
    modules = assign_keys([m.id for m in course.modules])
    lessons: dict[tuple[str, str], str] = {}
    questions: dict[tuple[str, str], str] = {}
    for module in course.modules:
        for lesson_id, key in assign_keys([lesson.id for lesson in module.lessons], LESSON_KEY_LENGTH).items():
            lessons[(module.id, lesson_id)] = key
        if module.quiz is not None:
            for qid, key in assign_keys([q.id for q in module.quiz.questions], KEY_LENGTH).items():
                questions[(module.id, qid)] = key
    return StateKeys(modules, lessons, questions)


def outline(course: Course, keys: StateKeys) -> dict[str, Any]:
    """Ids and keys of everything progress is kept for (language-neutral; for course-data.js)."""
    modules = []
    for module in course.modules:
        quiz = module.quiz
        modules.append({
            "id": module.id, "key": keys.modules[module.id],
            "lessons": [{"id": lesson.id, "key": keys.lessons[(module.id, lesson.id)]} for lesson in module.lessons],
            "objectives": [o.id for o in module.objectives],
            "quiz": None if quiz is None else {
                "id": quiz.id, "pass_mark": quiz.pass_mark, "attempts": quiz.attempts, "score": quiz.score,
                "max_points": sum(q.points for q in quiz.graded),
                "questions": len(quiz.graded),
                "objectives": {keys.questions[(module.id, q.id)]: q.objective for q in quiz.graded},
            },
        })
    return {"id": course.id, "version": course.version, "languages": list(course.languages),
            "pass_mark": course.pass_mark, "storage": STORAGE_PREFIX + course.id, "modules": modules}


def encode(state: dict[str, Any]) -> str:
    """Python twin of CourseState.encode in state.js."""
    seen = "!".join(mkey + "".join(sorted(lessons)) for mkey, lessons in sorted(state.get("seen", {}).items()) if lessons)
    quizzes = []
    for mkey, quiz in sorted(state.get("quiz", {}).items()):
        fields = [mkey, base36(quiz["n"]), _opt(quiz.get("best")), _opt(quiz.get("last"))]
        cur = quiz.get("cur")
        if cur:
            answers = "'".join(f"{qkey}{a['f']}{base36(a['l']).rjust(2, '0')}{a['p']}"
                               for qkey, a in sorted(cur["ans"].items()))
            fields += [base36(cur["seed"]), base36(cur["t0"]), "1" if cur.get("done") else "0", answers]
        quizzes.append("*".join(fields))
    return "~".join(["1", state.get("v", ""), state.get("lang", ""), state.get("loc", ""), seen, "!".join(quizzes)])


def _opt(value: int | None) -> str:
    return "" if value is None else base36(value)


def _largest_answers(quiz: Any) -> list[Question]:
    """The questions one attempt can hold whose stored answers are longest."""
    graded = sorted(quiz.graded, key=lambda q: -KINDS[q.kind].max_packed(q.spec))
    if quiz.draw is None:
        return graded
    if isinstance(quiz.draw, int):
        return graded[:quiz.draw]
    chosen = []
    for objective, count in quiz.draw.items():
        chosen += [q for q in graded if q.objective == objective][:count]
    return chosen


def worst_case_state(course: Course, keys: StateKeys) -> dict[str, Any]:
    """A state with every field at its longest, for measuring the encoded size."""
    state: dict[str, Any] = {
        "v": course.version, "lang": max(course.languages, key=len),
        "loc": "z" * (KEY_LENGTH + LESSON_KEY_LENGTH), "seen": {}, "quiz": {}}
    for module in course.modules:
        mkey = keys.modules[module.id]
        state["seen"][mkey] = [keys.lessons[(module.id, lesson.id)] for lesson in module.lessons]
        if module.quiz is None:
            continue
        answers = {}
        for question in _largest_answers(module.quiz):
            answers[keys.questions[(module.id, question.id)]] = {
                "f": "zz", "l": MAX_LATENCY,
                "p": "w" * KINDS[question.kind].max_packed(question.spec)}
        state["quiz"][mkey] = {"n": MAX_ATTEMPTS_COUNTED, "best": 100, "last": 100,
                               "cur": {"seed": MAX_SEED, "t0": MAX_T0, "done": True, "ans": answers}}
    return state


def check_state_size(course: Course, keys: StateKeys, diags: Diagnostics) -> int:
    """Report an error when the worst-case state exceeds a built SCORM version's limit."""
    size = len(encode(worst_case_state(course, keys)))
    for version in course.scorm_versions:
        limit = LIMITS[version]
        if size > limit:
            diags.error(Pos("course.yaml"),
                        f"a learner's saved progress could reach {size:,} characters, more than the {limit:,} "
                        f"SCORM {version} allows in suspend_data; draw fewer questions per attempt ('draw' in the "
                        f"quiz files), shorten fill-in blanks, or list only the other version under 'scorm' in course.yaml")
    return size
