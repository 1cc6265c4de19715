"""Check that every quotation from a source text is verbatim.

A quotation is text in double quotation marks, or a blockquote, followed in the
same paragraph by a citation of one of the three sources. Only ellipses and
[bracketed] insertions may differ from the source; quotation marks, dashes and
white space are normalised first.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from . import citations
from .errors import GuideError, line_of
from .mdscan import mask_code
from .yamldata import load as load_yaml

MAX_WORDS = 60

_QUOTE = re.compile(r'(?<![=\w])(?:"([^"\n]*(?:\n(?!\s*\n)[^"\n]*)*)"|“([^”]*?)”)')
_GAP = re.compile(r"\s*(?:…|\.\s?\.\s?\.|\[[^\]]*\])\s*")


@dataclass
class Quotation:
    path: str
    line: int
    text: str
    keys: tuple[str, ...]


def normalise(text: str) -> str:
    text = re.sub(r"[‘’‚‛′'“”„‟″\"]", "'", text)
    text = re.sub(r"[‐‑‒–—―]|--", "-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = text.replace("\\", "").replace("*", "").replace("<sup>", " ").replace("</sup>", " ")
    return re.sub(r"\s+", " ", text).strip()


def fragments(quote: str) -> list[str]:
    return [f for f in (normalise(p).strip(" ,;:.") for p in _GAP.split(quote)) if len(f) > 1]


_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)
_YAML_QUOTED = re.compile(r'^([ \t]*(?:- |[\w-]+: ))"(.*)"([ \t]*)$', re.M)


def _mask_yaml_quoting(text: str) -> str:
    """Same-length copy of ``text`` in which the double quotes around a front-matter value
    (``sort_as: "Khlevniuk, Oleg V."``) are blanked: they are YAML's syntax, not quotation marks."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return text
    front = _YAML_QUOTED.sub(lambda q: f"{q.group(1)} {q.group(2)} {q.group(3)}", m.group(1))
    return text[:m.start(1)] + front + text[m.end(1):]


def extract(markdown: str, path: str, source_keys: set[str], titles: frozenset[str] = frozenset()) -> list[Quotation]:
    """Quotations followed, in the same paragraph, by a citation of a source text.
    Text in quotation marks that is the title of a work (``titles``, normalised and
    casefolded) is a title, not a quotation."""
    masked = _mask_yaml_quoting(mask_code(markdown))
    cites = [c for c in citations.find(markdown, path) if set(c.keys) & source_keys]
    found = []

    def following_cite(end: int):
        line_start = masked.rfind("\n", 0, end) + 1
        # A table row is its own unit: a later row's citation does not cover this one.
        stop = masked.find("\n" if masked[line_start:end].lstrip().startswith("|") else "\n\n", end)
        stop = len(masked) if stop < 0 else stop
        return next((c for c in cites if end <= c.start < stop), None)

    # A blockquote is one quotation, unless it marks its quotations inside with quotation marks.
    blockquotes = [b for b in re.finditer(r"(?:^[ \t]*>[^\n]*\n?)+", masked, re.M)
                   if not re.search(r'["“]', b.group(0).strip().lstrip("> ")[1:-2])]
    for bq in blockquotes:
        body = re.sub(r"^[ \t]*> ?", "", markdown[bq.start():bq.end()], flags=re.M)
        inner = [c for c in cites if bq.start() <= c.start < bq.end()]
        cite = inner[-1] if inner else following_cite(bq.end())
        if cite is None:
            continue
        for c in inner:  # the citation is not part of the quotation
            body = body.replace(c.text, "")
        body = body.strip()
        if body.startswith(("“", '"')) and body.rstrip(" .").endswith(("”", '"')):
            body = body.strip(" .")[1:-1]
        found.append(Quotation(path, line_of(markdown, bq.start()), body, tuple(k for k in cite.keys if k in source_keys)))
    in_blockquote = [(b.start(), b.end()) for b in blockquotes]
    for m in _QUOTE.finditer(masked):
        if any(s <= m.start() < e for s, e in in_blockquote):
            continue
        line_start = masked.rfind("\n", 0, m.start()) + 1
        if masked[line_start:m.start()].lstrip().startswith(("!!!", "???", "#")):
            continue  # admonition titles and headings hold titles, not quotations
        cite = following_cite(m.end())
        if cite is None:
            continue
        text = markdown[m.start() + 1:m.end() - 1]
        if normalise(text).strip(" ,.").casefold() in titles:
            continue
        found.append(Quotation(path, line_of(markdown, m.start()), text, tuple(k for k in cite.keys if k in source_keys)))
    return found


class Sources:
    """The source texts, read from a directory outside the project and checked by sha256."""

    def __init__(self, registry_path: Path, directory: Path):
        self.registry = {k: v for k, v in load_yaml(registry_path).items() if k != "__line__"}
        self.texts: dict[str, str] = {}
        for key, rec in self.registry.items():
            path = Path(directory) / rec["file"]
            if not path.exists():
                raise GuideError(registry_path, rec["__line__"], f"{key}: source text {path} not found")
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != rec["sha256"]:
                raise GuideError(registry_path, rec["__line__"],
                                 f"{key}: {path} is a different edition (sha256 differs from the registry)")
            self.texts[key] = normalise(data.decode("utf-8"))

    def check(self, q: Quotation) -> str | None:
        """None if verbatim, else a message with the closest passage."""
        words = len(re.findall(r"\w+", q.text))
        if words > MAX_WORDS:
            return f"quotation of {words} words is longer than {MAX_WORDS}"
        for key in q.keys:
            if _contains_in_order(self.texts[key], fragments(q.text)):
                return None
        key = q.keys[0]
        return (f"not verbatim in {key}: {q.text!r}\n    closest passage: {closest(self.texts[key], normalise(q.text))!r}")


def _contains_in_order(text: str, parts: list[str]) -> bool:
    pos = 0
    for part in parts:
        i = text.find(part, pos)
        if i < 0 and part[:1].isalpha():  # a capital may change at the start of a quotation
            swapped = part[0].swapcase() + part[1:]
            i = text.find(swapped, pos)
        if i < 0:
            return False
        pos = i + len(part)
    return True


def closest(text: str, quote: str) -> str:
    words, n = text.split(" "), max(1, len(quote.split(" ")))
    best, best_ratio = "", -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for i in range(0, max(1, len(words) - n + 1)):
        window = " ".join(words[i:i + n])
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return best


def bib_titles(entries) -> frozenset[str]:
    """Titles of every bibliography entry, as ``extract`` compares them."""
    plain = (re.sub(r"[{}]", "", e.fields.get("title", "")) for e in entries.values())
    return frozenset(normalise(t).casefold() for t in plain)


def extract_yaml(path: Path, shown: str, source_keys: set[str], titles: frozenset[str] = frozenset()) -> list[Quotation]:
    """Quotations in a YAML data file's text fields (quizzes, timeline, documents register).
    A field without a citation of its own is covered by the citations of its record and
    the records inside it (a question's explanation, a document's ``cited_by``)."""
    found: list[Quotation] = []

    def cites_in(node) -> list[str]:
        if isinstance(node, str):
            return [c.text for c in citations.find(node, shown)]
        values = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
        return [c for v in values for c in cites_in(v)]

    def walk(node, line, around=""):
        if isinstance(node, str):  # a field, or an item of a list such as a question's options
            text = node if citations.find(node, shown) else f"{node} {around}"
            found.extend(Quotation(shown, line + q.line - 1, q.text, q.keys)
                         for q in extract(text, shown, source_keys, titles))
        elif isinstance(node, list):
            for item in node:
                walk(item, line, around)
        elif isinstance(node, dict):
            line = node.get("__line__", line)
            around = " ".join(dict.fromkeys(cites_in(node)))
            for key, value in node.items():
                if key != "__line__":
                    walk(value, line, around)

    walk(load_yaml(path, shown), 1)
    return found


def check_tree(docs_dir: Path, sources: Sources, titles: frozenset[str] = frozenset(),
               data_dir: Path | None = None) -> tuple[int, list[str]]:
    """(quotations checked, error lines) for every Markdown file and quiz under docs_dir
    and every YAML file in data_dir."""
    checked, errors = 0, []
    keys = set(sources.texts)
    files = sorted(Path(docs_dir).rglob("*.md")) + sorted(Path(docs_dir).rglob("*.yml"))
    files += sorted(Path(data_dir).glob("*.yml")) if data_dir else []
    for path in files:
        rel = path.as_posix()
        found = (extract(path.read_text(encoding="utf-8"), rel, keys, titles) if path.suffix == ".md"
                 else extract_yaml(path, rel, keys, titles))
        for q in found:
            checked += 1
            problem = sources.check(q)
            if problem:
                errors.append(f"{q.path}:{q.line}: {problem}")
    return checked, errors
