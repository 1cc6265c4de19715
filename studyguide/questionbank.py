"""The question bank: every chapter's study questions, gathered by type and by source.

A chapter's questions are the numbered items of its ``{ #study-questions }`` section,
each starting with its type in bold: ``1. **Recall.** …``. An item without a known type
fails the build, so the bank never silently drops a question.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from .errors import GuideError

TYPES = ("Recall", "Analysis", "Evaluation")
SECTION = re.compile(r"^##\s.*\{\s*#study-questions\s*\}\s*$", re.M)
ITEM = re.compile(r"^(\d+)\.\s+(.*)$")
LABEL = re.compile(r"^\*\*(\w+)\.\*\*\s+(.+)$")


@dataclass
class Question:
    type: str
    text: str
    src: str
    number: int


def collect(src: str, body: str, path: str, first_line: int = 1) -> list[Question]:
    """The study questions of one page (none if it has no study-questions section)."""
    m = SECTION.search(body)
    if not m:
        return []
    start = body.count("\n", 0, m.end()) + 1
    questions = []
    for offset, line in enumerate(body[m.end():].split("\n")):
        if line.startswith("#"):
            break
        item = ITEM.match(line)
        if not item:
            continue
        label = LABEL.match(item.group(2))
        if not label or label.group(1) not in TYPES:
            raise GuideError(path, start + offset + first_line - 1,
                             f"study question must start with its type in bold: {', '.join(f'**{t}.**' for t in TYPES)}")
        questions.append(Question(label.group(1), label.group(2).strip(), src, int(item.group(1))))
    return questions


def render(questions: list[Question], titles: dict[str, str], page_src: str) -> str:
    """Markdown of the bank: a section per type, a sub-list per source page, links back."""
    base = posixpath.dirname(page_src)
    out = []
    for kind in TYPES:
        chosen = [q for q in questions if q.type == kind]
        if not chosen:
            continue
        out.append(f"\n## {kind} {{ #{kind.lower()} }}\n")
        for src in dict.fromkeys(q.src for q in chosen):
            href = posixpath.relpath(src, base) + "#study-questions"
            out.append(f"\n### {titles[src]} {{ #{kind.lower()}-{_stem(src)} }}\n\n")
            out += [f"- {q.text} ([question {q.number}]({href}))\n" for q in chosen if q.src == src]
    return "".join(out)


def _stem(src: str) -> str:
    return posixpath.splitext(posixpath.basename(src))[0]
