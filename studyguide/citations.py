"""Pandoc citations (`[@key, n. 29]`) turned into numbered Chicago notes.

Finding citations is ours (code blocks and bare ``@word`` are never citations);
formatting is pandoc's citeproc with the Chicago notes CSL, many pages to each pandoc
process (see ``citeproc-pages.lua``), and cached on disk.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .errors import GuideError, line_of
from .mdscan import mask_code

LUA = Path(__file__).with_name("citeproc-pages.lua")

# A bracketed group holding at least one @key: not a link, image, footnote or reference label.
# It may wrap onto the next line, as pandoc allows, but not across a blank line.
_IN = r"(?:[^\[\]\n]|\n(?![ \t]*\n))"
_CLUSTER = re.compile(rf"(?<![!\]\\])\[(?!\^)({_IN}*?(?<![\w.])-?@[A-Za-z0-9_]{_IN}*)\](?![(\[])")
_OPENED = re.compile(rf"(?<![!\]\\])\[(?!\^){_IN}*?(?<![\w.])-?@[A-Za-z0-9_]")
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
_ITEM = re.compile(r"^(?P<prefix>.*?)(?<![\w.])-?@(?P<key>[A-Za-z0-9_-]*[A-Za-z0-9_])(?P<rest>.*)$", re.S)
_PUNCT_AFTER = re.compile(r"[.,;:!?]+")


@dataclass(frozen=True)
class Cluster:
    start: int
    end: int
    text: str  # the whole bracketed citation, as pandoc will read it
    keys: tuple[str, ...]
    line: int


def find(markdown: str, path: str = "<page>", first_line: int = 1) -> list[Cluster]:
    """Every citation cluster outside code, in reading order. ``first_line`` is the file
    line where ``markdown`` starts (after front matter), so errors name the true line."""
    masked = mask_code(markdown)
    clusters = []
    for m in _CLUSTER.finditer(masked):
        if masked.startswith(":", m.end()) and (m.start() == 0 or masked[m.start() - 1] == "\n"):
            continue  # `[label]: url` at the start of a line defines a link reference
        keys = []
        for part in m.group(1).split(";"):
            im = _ITEM.match(part.strip())
            if not im:
                raise GuideError(path, line_of(markdown, m.start()) + first_line - 1,
                                 f"citation {m.group(0)!r}: every part separated by ';' needs an @key")
            keys.append(im.group("key"))
        clusters.append(Cluster(m.start(), m.end(), markdown[m.start():m.end()], tuple(keys),
                                line_of(markdown, m.start()) + first_line - 1))
    starts = {c.start for c in clusters}
    for m in _OPENED.finditer(masked):
        end = _PARAGRAPH_END.search(masked, m.end())
        if m.start() not in starts and "]" not in masked[m.end():end.start() if end else len(masked)]:
            raise GuideError(path, line_of(markdown, m.start()) + first_line - 1,
                             f"citation {markdown[m.start():m.end()]!r}… has no closing ']' in its paragraph")
    return clusters


def required(text, path, line: int | None, known: set[str], what: str,
             missing: str = "'cite' must hold a citation such as [@key, n. 3]") -> tuple[str, ...]:
    """The keys cited in a data field that must cite; no citation or an unknown key is an error."""
    found = find(str(text), str(path))
    if not found:
        raise GuideError(path, line, f"{what}: {missing}")
    for c in found:
        for key in c.keys:
            if key not in known:
                raise GuideError(path, line, f"{what}: unknown citation key @{key}")
    return tuple(k for c in found for k in c.keys)


def check_keys(clusters: list[Cluster], known: set[str], path: str) -> None:
    for c in clusters:
        for key in c.keys:
            if key not in known:
                raise GuideError(path, c.line, f"unknown citation key @{key} in {c.text} (not in bibliography.bib)")


class Formatter:
    """Formats the notes of many pages, and the bibliography, with pandoc.

    Each page's notes are cached on disk under a hash of its citations, the .bib,
    the CSL and the Lua filter, so a build formats only pages whose citations
    changed; those are formatted in at most a few pandoc processes run in parallel.
    """

    def __init__(self, bib_path: Path, csl_path: Path, pandoc: str, cache_dir: Path | None = None):
        self.bib_path, self.csl_path, self.pandoc = Path(bib_path), Path(csl_path), pandoc
        self.cache_dir = cache_dir
        digest = hashlib.sha256()
        for path in (self.bib_path, self.csl_path, LUA):
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        self.inputs_digest = digest.hexdigest()

    def _cache_path(self, kind: str, payload: str) -> Path | None:
        if not self.cache_dir:
            return None
        key = hashlib.sha256((self.inputs_digest + kind + payload).encode()).hexdigest()[:32]
        return self.cache_dir / f"{kind}-{key}.json"

    def format(self, pages: dict[str, list[str]], bibliography_keys: list[str] = ()) -> dict:
        """{page id: [cluster text, ...]} -> {page id: [note HTML, ...]}, plus
        {"bibliography": {key: entry}} when ``bibliography_keys`` is given."""
        result, missing = {}, {}
        for pid, clusters in pages.items():
            path = self._cache_path("notes", json.dumps(clusters))
            if path and path.exists():
                result[pid] = json.loads(path.read_text(encoding="utf-8"))
            else:
                missing[pid] = (clusters, path)
        bib_path = self._cache_path("bibliography", json.dumps(list(bibliography_keys))) if bibliography_keys else None
        want_bib = bool(bibliography_keys) and not (bib_path and bib_path.exists())
        chunks = _split(list(missing), min(os.cpu_count() or 1, 4))
        jobs = [(chunk, want_bib and i == 0) for i, chunk in enumerate(chunks)] or ([([], True)] if want_bib else [])
        with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool:
            outputs = list(pool.map(lambda job: self._run_pages({p: missing[p][0] for p in job[0]},
                                                                bibliography_keys if job[1] else ()), jobs))
        for out in outputs:
            for pid, notes in out.items():
                if pid == "bibliography":
                    result["bibliography"] = notes
                    if bib_path:
                        _write(bib_path, notes)
                    continue
                clusters, path = missing[pid]
                if len(notes) != len(clusters):
                    raise GuideError(pid, None, f"pandoc returned {len(notes)} notes for {len(clusters)} citations")
                result[pid] = notes
                if path:
                    _write(path, notes)
        if bibliography_keys and "bibliography" not in result:
            result["bibliography"] = json.loads(bib_path.read_text(encoding="utf-8"))
        return result

    def _run_pages(self, pages: dict[str, list[str]], bibliography_keys) -> dict:
        ids = {f"p{i}": pid for i, pid in enumerate(pages)}
        blocks = [f"::: {{#{div}}}\n" + "".join(f"{c}\n\n" for c in pages[pid]) + ":::\n" for div, pid in ids.items()]
        if bibliography_keys:
            blocks.append("::: {#bibliography}\n[" + "; ".join(f"@{k}" for k in bibliography_keys) + "]\n:::\n")
        raw = self._run("\n".join(blocks))
        out = {pid: raw.get(div, []) for div, pid in ids.items()}
        if bibliography_keys:
            out["bibliography"] = raw.get("bibliography", {})
        return out

    def _run(self, source: str) -> dict:
        cmd = [self.pandoc, "-f", "markdown", "-t", "markdown", "--lua-filter", str(LUA),
               "-M", f"studyguide-bib={self.bib_path}", "-M", f"csl={self.csl_path}"]
        proc = subprocess.run(cmd, input=source, capture_output=True, text=True, encoding="utf-8")
        if proc.returncode != 0:
            raise GuideError(self.bib_path, None, f"pandoc failed formatting citations: {proc.stderr.strip()}")
        return json.loads(proc.stdout)


def _split(items: list, n: int) -> list[list]:
    """At most n non-empty chunks of nearly equal size."""
    n = max(1, min(n, len(items)))
    return [items[i::n] for i in range(n)] if items else []


def _write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A temporary file of its own, then an atomic rename: two builds sharing the cache (`make serve` while
    # `make test` runs) never read half a file nor rename each other's.
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False) as tmp:
        tmp.write(json.dumps(data))
    Path(tmp.name).replace(path)


def check_footnotes(markdown: str, path: str = "<page>", first_line: int = 1) -> None:
    """Ordinary footnotes (``[^label]``) as written: each defined once, at the start of a line,
    and referenced; every reference defined. (Python-Markdown would print an undefined one as text.)"""
    _, definitions, lines, repeats = _take_definitions(markdown)
    for label, first, again in repeats:
        raise GuideError(path, again + first_line - 1, f"footnote [^{label}] is defined twice "
                                                       f"(first on line {first + first_line - 1})")
    referenced = set()
    for m in _references(markdown):
        label = m.group(1)
        if label not in definitions:
            nested = re.search(rf"^[ \t]+\[\^{re.escape(label)}\]:", markdown, re.M)
            raise GuideError(path, line_of(markdown, m.start()) + first_line - 1, f"footnote [^{label}] has no "
                             + ("definition at the start of a line (not inside a list or box)" if nested
                                else f"definition ([^{label}]: text)"))
        if _definition_around(markdown, m.start(), lines) != label:  # a note that only refers to itself is not shown
            referenced.add(label)
    for label in definitions:  # in file order
        if label not in referenced:
            raise GuideError(path, lines[label] + first_line - 1, f"footnote [^{label}] is defined but never referenced")


@dataclass
class Note:
    label: str
    number: int
    refs: int = 0  # references to it: each gets an id and a way back
    html: str = ""  # pandoc's for a citation; an ordinary footnote's comes from the rendered page (take_notes)


# A numbered note reference as ``apply`` writes it: "number/nth/label" (the label in hex), each character
# spelled with one of Unicode's private-use characters, between two more. Such characters are neither words,
# spaces nor punctuation to any Markdown syntax (emphasis, smart quotes, links, abbreviations), so
# Python-Markdown passes the reference by as plain text; ``render_references`` makes it markup once the page
# is HTML.
REFERENCE_MARK, _END = "\ue000", "\ue001"
_ALPHABET = "0123456789abcdef/"
_SPELLING = "".join(chr(0xE010 + i) for i in range(len(_ALPHABET)))
_SPELL, _READ = str.maketrans(_ALPHABET, _SPELLING), str.maketrans(_SPELLING, _ALPHABET)
REFERENCE = re.compile(f"{REFERENCE_MARK}([{_SPELLING}]+){_END}")
_IN_TAG = re.compile(r"<[^<>]*" + REFERENCE.pattern)


def reference(number: int, nth: int, label: str) -> str:
    return REFERENCE_MARK + f"{number}/{nth}/{label.encode().hex()}".translate(_SPELL) + _END


def reference_id(nth: int, label: str) -> str:
    """The id of the nth reference to note ``label``, as Python-Markdown's footnotes name it."""
    return f"fnref{nth if nth > 1 else ''}:{label}"


def read_reference(match: re.Match) -> tuple[str, str, str]:
    """(number, nth, label) of a match of ``REFERENCE``."""
    number, nth, label = match.group(1).translate(_READ).split("/")
    return number, nth, bytes.fromhex(label).decode()


def reference_html(match: re.Match) -> str:
    """A reference as Python-Markdown's footnotes mark it up, which the theme, the previews and the PDF read."""
    number, nth, label = read_reference(match)
    label = html.escape(label)
    return f'<sup id="{reference_id(int(nth), label)}"><a class="footnote-ref" href="#fn:{label}">{number}</a></sup>'


# A reference made an element inside Python-Markdown (in a heading: ``noterefs``).
_ELEMENT = re.compile(r'<sup id="fnref[^"]*"><a class="footnote-ref" href="[^"]*">\d+</a></sup>')


def strip_references(page_html: str) -> str:
    """The page without its note numbers, for the search index."""
    return _ELEMENT.sub("", REFERENCE.sub("", page_html))


def render_references(page_html: str) -> str:
    """The page with its references as markup, each joined to the word or mark before it by a word joiner, so
    "…war?⁵" never splits (the references in headings, elements already, too). ``left_over`` must have found
    none in code or inside a tag."""
    return _UNJOINED.sub("\u2060" + _SUP, REFERENCE.sub(reference_html, page_html))


_SUP = '<sup id="fnref'
_UNJOINED = re.compile(f"(?<!\u2060){_SUP}")
_CODE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.S)


def left_over(page_html: str) -> tuple[str | None, int, str] | None:
    """A reference where it cannot become markup: in a code block (an indented one, which mask_code cannot
    tell from a list's continuation lines, so ``apply`` numbered what Markdown then kept as code), or inside
    a tag (an image's alt text, say). Gives (its note's label, which reference to that note it is, the code
    line's text before it, or "" for one inside a tag), or None if there is none; the label is None for a
    reference no longer whole."""
    for block in _CODE_BLOCK.finditer(page_html):
        m = REFERENCE.search(block.group(0))
        if m:
            line_start = block.group(0).rfind("\n", 0, m.start()) + 1
            before = re.sub(r"<[^>]+>", "", block.group(0)[line_start:m.start()])
            _, nth, label = read_reference(m)
            return label, int(nth), html.unescape(before)
    m = _IN_TAG.search(page_html)
    if m is not None:
        _, nth, label = read_reference(REFERENCE.search(m.group(0)))
        return label, int(nth), ""
    if REFERENCE_MARK in REFERENCE.sub("", page_html):
        return None, 0, ""  # a reference something took apart: no Markdown syntax should
    return None


def written_reference(markdown: str, label: str, nth: int, clusters: list[Cluster], path: str,
                      first_line: int = 1) -> tuple[str, int | None]:
    """The nth reference to note ``label`` as the page (``markdown``) has it, and its line: a citation (``clusters``,
    the page's citations as ``apply`` numbered them, give its text) or an ordinary footnote's ``[^label]``."""
    cited = label.removeprefix("cite-")
    if cited.isdigit() and 0 < int(cited) <= len(clusters):
        text = clusters[int(cited) - 1].text
        before = sum(1 for c in clusters[:int(cited) - 1] if c.text == text)  # the same citation made earlier
        written = [c for c in find(markdown, path, first_line) if c.text == text]
        return text, written[before].line if before < len(written) else None
    refs = [m for m in _references(markdown) if m.group(1) == label]
    return f"[^{label}]", line_of(markdown, refs[nth - 1].start()) + first_line - 1 if nth <= len(refs) else None


def code_line(markdown: str, before: str, first_line: int = 1) -> int | None:
    """The line of an indented code block whose text starts with ``before`` and goes on to a
    reference (``[@`` or ``[^``), counted from ``first_line``; None if none matches."""
    before = before.strip()
    for n, line in enumerate(markdown.splitlines()):
        if re.match(r"( {4}|\t)", line) and line.strip().startswith(before):
            if re.search(r"\[(?:[^\]]*@|\^)", line.strip()[len(before):]):
                return first_line + n
    return None


# Where an ordinary footnote's Markdown goes at the end of the page, and its HTML comes out (take_notes).
_NOTE_START, _NOTE_END = "<!-- studyguide-note {} -->", "<!-- studyguide-note-end -->"
_NOTE_BLOCK = re.compile(r"<!-- studyguide-note (.+?) -->\n?(.*?)\n?<!-- studyguide-note-end -->\n?", re.S)


def apply(markdown: str, clusters: list[Cluster], notes: list[str], prefix: str = "cite") -> tuple[str, list[Note]]:
    """Number every note, citations and ordinary footnotes together in reading order.

    Each cluster becomes a note reference after any following punctuation, as pandoc
    does. References become ``reference(number, nth, label)``, which ``render_references`` (or
    ``noterefs``, in a heading) makes the markup of Python-Markdown's footnotes, read by the
    theme, the previews and the PDF.
    The notes are not in the returned Markdown: citation notes are HTML from pandoc, and an
    ordinary footnote's Markdown goes to the end of the page, where MkDocs renders it like
    the rest (its links resolved and checked) and ``take_notes`` takes it out. Python-Markdown
    parsing 1,643 notes cost a third of the build (architecture.md, "Build speed").
    ``check_footnotes`` has vouched for the ordinary footnotes.
    """
    out, pos = [], 0
    for n, c in enumerate(clusters, 1):
        before = markdown[pos:c.start].rstrip(" \t")
        if _SOFT_BREAK.search(before):  # a citation wrapped onto its own line still follows the word
            before = before.rstrip()
        out.append(before)
        punct = _PUNCT_AFTER.match(markdown, c.end)
        if punct:
            out.append(punct.group(0))
            pos = punct.end()
        else:
            pos = c.end
        out.append(f"[^{prefix}-{n}]")
    out.append(markdown[pos:])
    body, definitions, _, _ = _take_definitions("".join(out))
    cited = {f"{prefix}-{n}": note for n, note in enumerate(notes, 1)}
    order: dict[str, Note] = {}

    def with_references(text: str) -> str:
        pieces, pos = [], 0
        for m in _references(text):
            label = m.group(1)
            if label not in cited and label not in definitions:
                continue  # not a note (check_footnotes has seen every ordinary one)
            if label not in order:
                order[label] = Note(label, len(order) + 1, html=f"<p>{cited[label]}</p>" if label in cited else "")
            note = order[label]
            note.refs += 1
            pieces += [text[pos:m.start()], reference(note.number, note.refs, label)]
            pos = m.end()
        return "".join(pieces) + text[pos:]

    body = with_references(body)
    blocks, done = [], 0
    while done < len(order):  # an ordinary footnote may refer to notes not yet numbered
        note = list(order.values())[done]
        done += 1
        if note.label in definitions:
            text = with_references(definitions[note.label])
            blocks.append(f"{_NOTE_START.format(note.label)}\n\n{text}\n{_NOTE_END}")
    return body.rstrip() + "".join(f"\n\n{b}" for b in blocks) + "\n", list(order.values())


def take_notes(html: str, notes: list[Note]) -> str:
    """The rendered page without its ordinary footnotes, whose HTML goes to their ``Note``, references made markup."""
    ordinary = {n.label: n for n in notes}

    def take(m) -> str:
        ordinary[m.group(1)].html = render_references(m.group(2).strip())
        return ""
    return _NOTE_BLOCK.sub(take, html)


def note_items(notes: list[Note]) -> list[str]:
    """Each note as an ``<li>`` of the notes list, with a way back to every reference."""
    items = []
    for note in notes:
        # Python-Markdown's markup: the first way back after a no-break space, the others right after it.
        label = html.escape(note.label)
        back = "&#160;" + "".join(f'<a class="footnote-backref" href="#{reference_id(n, label)}" '
                                  f'title="Jump back to footnote {note.number} in the text">&#8617;</a>'
                                  for n in range(1, note.refs + 1))
        # The way back goes in the last paragraph, or after a note that ends in a list or table.
        text = f"{note.html[:-4]}{back}</p>" if note.html.endswith("</p>") else f"{note.html}\n<p>{back}</p>"
        items.append(f'<li id="fn:{label}">\n{text}\n</li>')
    return items


def insert_notes(page: str, items: list[str], marker: str, path: str) -> str:
    """Put the notes list (``note_items``) where ``marker`` stands in ``page``."""
    if page.count(marker) != 1:
        raise GuideError(path, None, f"the page template must show the page's content once (its notes marker "
                                     f"{marker} is there {page.count(marker)} times)")
    # They are laid out only near the screen (studyguide.css); until then they hold their estimated height
    # (29-37 px a note at 375 and 1,280 px wide), so the page does not jump as a reader scrolls to them.
    notes = (f'<div class="footnote" style="contain-intrinsic-size: auto {60 + 33 * len(items)}px">'
             '\n<hr />\n<ol>\n' + "\n".join(items) + "\n</ol>\n</div>")
    return page.replace(marker, notes)


# The end of a line of text inside a paragraph (not a blank line, heading or list marker).
_SOFT_BREAK = re.compile(r"\S[ \t]*\n[ \t]*\Z")
# Python-Markdown's footnote syntax: any label without "]"; a definition starts a line (up to three spaces in).
_FN_REF = re.compile(r"\[\^([^\]\n]+)\]")
_FN_DEF = re.compile(r"^ {0,3}\[\^([^\]\n]+)\]:[ \t]*", re.M)


def _references(markdown: str):
    """Footnote references outside code, in order (a definition's own label is not one)."""
    masked = mask_code(markdown)
    for m in _FN_REF.finditer(masked):
        line_start = masked.rfind("\n", 0, m.start()) + 1
        d = _FN_DEF.match(masked, line_start)
        if not (d and d.start(1) - 2 == m.start()):
            yield m


def _definition_around(markdown: str, offset: int, first_lines: dict[str, int]) -> str | None:
    """The label of the definition whose text holds ``offset``: the last one to start at or above its line
    while every line between is part of it (indented or blank), else None."""
    line = line_of(markdown, offset)
    rows = markdown.split("\n")
    for label, first in sorted(first_lines.items(), key=lambda item: -item[1]):
        if first <= line and all(not r.strip() or r.startswith(("    ", "\t")) for r in rows[first:line]):
            return label
    return None


def _take_definitions(markdown: str) -> tuple[str, dict[str, str], dict[str, int], list[tuple[str, int, int]]]:
    """Split out footnote definitions: (body, {label: Markdown text, dedented}, {label: first line},
    [(label, first line, line of a repeat)])."""
    masked = mask_code(markdown).split("\n")
    lines = markdown.split("\n")
    body, defs, where, repeats, i = [], {}, {}, [], 0
    while i < len(lines):
        m = _FN_DEF.match(masked[i])
        if not m:
            body.append(lines[i])
            i += 1
            continue
        label, first = m.group(1), i + 1
        block = [lines[i][m.end():]]
        i += 1
        while i < len(lines) and (lines[i].startswith(("    ", "\t")) or
                                  (not lines[i].strip() and i + 1 < len(lines) and lines[i + 1].startswith(("    ", "\t")))):
            block.append(lines[i][4:] if lines[i].startswith("    ") else lines[i][1:])
            i += 1
        if label in where:
            repeats.append((label, where[label], first))
        else:
            where[label] = first
            defs[label] = "\n".join(block) + "\n"
    return "\n".join(body), defs, where, repeats
