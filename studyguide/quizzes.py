"""Self-test quizzes: YAML next to the chapter they test, checked and rendered at build time.

The questions are plain HTML forms (a fieldset and legend each) that work with the keyboard
and without JavaScript; ``docs/assets/studyguide.js`` adds the feedback. Explanations live
once, in the answer key, so their citation notes are not repeated; the script shows a copy
of the key's entry as feedback.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from . import citations
from .errors import GuideError
from .yamldata import check_fields, check_id, each, load as load_yaml

TYPES = {  # the fields each type of question needs besides COMMON
    "choice": {"options", "answer"},
    "true-false": {"answer"},
    "order": {"items"},
}
COMMON = {"id", "type", "prompt", "explanation", "see"}


@dataclass
class Question:
    id: str
    type: str
    prompt: str
    explanation: str
    see: str
    options: list[str] = field(default_factory=list)
    answer: object = None
    items: list[str] = field(default_factory=list)


@dataclass
class Quiz:
    src: str
    title: str
    questions: list[Question]

    @property
    def slug(self) -> str:
        return posixpath.basename(self.src).removesuffix(".quiz.yml").replace(".", "-")


def load(path: Path, src: str, known_keys: set[str], pages: set[str], shown: str | None = None) -> Quiz:
    """Read one quiz file; ``src`` is its path under docs/, ``pages`` the guide's pages (for ``see``),
    ``shown`` the path that error messages give (default: ``path``)."""
    data = load_yaml(path, shown)
    path = shown or path
    if not isinstance(data, dict):
        raise GuideError(path, 1, "a quiz must be a mapping with 'title' and 'questions'")
    check_fields(data, path, {"title", "questions"}, {"title", "questions"}, "quiz")
    if not isinstance(data["questions"], list):
        raise GuideError(path, data["__line__"], "quiz: 'questions' must be a list")
    questions, ids = [], set()
    for rec, line in each(data["questions"]):
        if not isinstance(rec, dict):
            raise GuideError(path, line, f"every question must be a mapping, not {rec!r}")
        what = f"question {rec.get('id', '?')}"
        kind = rec.get("type")
        if kind not in TYPES:
            raise GuideError(path, line, f"{what}: type {kind!r} is not one of: {', '.join(TYPES)}")
        check_fields(rec, path, COMMON | TYPES[kind], COMMON | TYPES[kind], what)
        check_id(rec["id"], path, line, what)
        if rec["id"] in ids:
            raise GuideError(path, line, f"duplicate question id {rec['id']!r}")
        ids.add(rec["id"])
        q = Question(rec["id"], kind, str(rec["prompt"]).strip(), str(rec["explanation"]).strip(),
                     str(rec["see"]))
        if citations.find(q.prompt, str(path)):
            raise GuideError(path, line, f"{what}: the prompt must not cite (the note would give the answer away)")
        citations.required(q.explanation, path, line, known_keys, what,
                           "the explanation must cite the source, e.g. [@key, n. 3]")
        target = q.see.split("#")[0]
        if "#" not in q.see or target not in pages:
            raise GuideError(path, line, f"{what}: see: {q.see!r} must be a page of the guide (path under docs/) "
                                         "with an #anchor")
        if kind == "choice":
            q.options = [str(o).strip() for o in rec["options"]] if isinstance(rec["options"], list) else []
            if not 2 <= len(q.options) <= 6 or len(set(q.options)) != len(q.options):
                raise GuideError(path, line, f"{what}: 'options' must be 2 to 6 distinct answers")
            q.answer = str(rec["answer"]).strip()
            if q.answer not in q.options:
                raise GuideError(path, line, f"{what}: 'answer' must repeat one of the options exactly")
        elif kind == "true-false":
            if not isinstance(rec["answer"], bool):
                raise GuideError(path, line, f"{what}: 'answer' must be true or false")
            q.answer = rec["answer"]
        else:
            q.items = [str(i).strip() for i in rec["items"]] if isinstance(rec["items"], list) else []
            if not 3 <= len(q.items) <= 6 or len(set(q.items)) != len(q.items):
                raise GuideError(path, line, f"{what}: 'items' must be 3 to 6 distinct events, in the right order")
        questions.append(q)
    if not questions:
        raise GuideError(path, data["__line__"], "quiz: no questions")
    return Quiz(src, str(data["title"]).strip(), questions)


def shuffled(q: Question) -> list[int]:
    """A fixed shuffle of an order question's items (same on every build, never the answer itself)."""
    order = sorted(range(len(q.items)), key=lambda i: hashlib.sha256(f"{q.id}:{i}".encode()).hexdigest())
    return order if order != list(range(len(q.items))) else order[1:] + order[:1]


def render(quiz: Quiz, page_src: str) -> str:
    """Markdown (with HTML) for the quiz and its answer key on the page ``page_src``."""
    base = posixpath.dirname(page_src)
    key_id = f"{quiz.slug}-key"
    out = [f'<form class="quiz" id="{quiz.slug}" data-quiz="{quiz.slug}" aria-label="{html.escape(quiz.title)}" '
           f'markdown>\n\n<p class="quiz-progress" aria-live="polite" hidden></p>\n\n']
    for n, q in enumerate(quiz.questions, 1):
        qid = f"{quiz.slug}-{q.id}"
        attrs = f'class="quiz-q" id="{qid}" data-type="{q.type}" data-key="{key_id}-{q.id}"'
        out.append(f'<fieldset {attrs} markdown>\n<legend markdown="span">**{n}.** {q.prompt}</legend>\n\n')
        if q.type == "choice":
            for i, option in enumerate(q.options):
                right = ' data-right=""' if option == q.answer else ""
                out.append(f'<label class="quiz-option"><input type="radio" name="{qid}" value="{i}"{right}> '
                           f'{html.escape(option)}</label>\n')
        elif q.type == "true-false":
            for value in (True, False):
                right = ' data-right=""' if value == q.answer else ""
                out.append(f'<label class="quiz-option"><input type="radio" name="{qid}" value="{str(value).lower()}"'
                           f'{right}> {"True" if value else "False"}</label>\n')
            out.append(f'<label class="quiz-justify" for="{qid}-why">Your justification (stays on this device)</label>\n'
                       f'<textarea id="{qid}-why" name="{qid}-why" rows="2"></textarea>\n')
        else:
            positions = "".join(f'<option value="{p}">{p}</option>' for p in range(1, len(q.items) + 1))
            for i in shuffled(q):
                out.append(f'<div class="quiz-order-item"><select id="{qid}-{i}" data-right="{i + 1}">'
                           f'<option value="">Position…</option>{positions}</select> '
                           f'<label for="{qid}-{i}">{html.escape(q.items[i])}</label></div>\n')
        out.append('\n<div class="quiz-feedback" aria-live="polite"></div>\n\n</fieldset>\n\n')
    out.append("</form>\n\n")
    out.append(f'<details class="quiz-key" id="{key_id}" markdown>\n<summary>Answer key</summary>\n\n')
    for n, q in enumerate(quiz.questions, 1):
        see = posixpath.relpath(q.see.split("#")[0], base) + "#" + q.see.split("#", 1)[1]
        out.append(f'<div class="quiz-answer" id="{key_id}-{q.id}" markdown>\n\n'
                   f"**{n}. {html.escape(answer_text(q))}** {q.explanation} [Read the passage]({see})\n\n</div>\n\n")
    out.append("</details>\n")
    return "".join(out)


def answer_text(q: Question) -> str:
    if q.type == "choice":
        return q.answer
    if q.type == "true-false":
        return "True." if q.answer else "False."
    return "Order: " + " → ".join(q.items) + ("" if q.items[-1].endswith((".", "?", "!")) else ".")
