"""Pandoc citations (`[@key, n. 29]`) turned into numbered Chicago notes.

Finding citations is ours (code blocks and bare ``@word`` are never citations);
formatting is pandoc's citeproc with the Chicago notes CSL, many pages to each pandoc
process (see ``citeproc-pages.lua``), and cached on disk.
"""

from __future__ import annotations

import hashlib
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
        """{page id: [cluster text, ...]} -> {page id: [note markdown, ...]}, plus
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


def apply(markdown: str, clusters: list[Cluster], notes: list[str], prefix: str = "cite") -> str:
    """Replace each cluster with a footnote reference after any following punctuation,
    as pandoc does, and put every footnote definition, ordinary ones included, at the
    end in order of first reference: Python-Markdown numbers footnotes in definition
    order, which is then reading order (its reference-order option misnumbers notes
    inside tables)."""
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
    body, definitions = _take_definitions("".join(out))
    definitions.update({f"{prefix}-{n}": f"[^{prefix}-{n}]: {note}\n" for n, note in enumerate(notes, 1)})
    order = list(dict.fromkeys(m.group(1) for m in _FN_REF.finditer(mask_code(body)) if m.group(1) in definitions))
    order += [label for label in definitions if label not in order]
    return body.rstrip() + "\n\n" + "\n".join(definitions[label] for label in order) if order else body


# The end of a line of text inside a paragraph (not a blank line, heading or list marker).
_SOFT_BREAK = re.compile(r"\S[ \t]*\n[ \t]*\Z")
_FN_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_FN_DEF = re.compile(r"^\[\^([^\]\s]+)\]:")


def _take_definitions(markdown: str) -> tuple[str, dict[str, str]]:
    """Split out footnote definitions (with their indented continuation lines)."""
    masked = mask_code(markdown).split("\n")
    lines = markdown.split("\n")
    body, defs, i = [], {}, 0
    while i < len(lines):
        m = _FN_DEF.match(masked[i])
        if not m:
            body.append(lines[i])
            i += 1
            continue
        block = [lines[i]]
        i += 1
        while i < len(lines) and (lines[i].startswith(("    ", "\t")) or
                                  (not lines[i].strip() and i + 1 < len(lines) and lines[i + 1].startswith(("    ", "\t")))):
            block.append(lines[i])
            i += 1
        defs[m.group(1)] = "\n".join(block) + "\n"
    return "\n".join(body), defs
