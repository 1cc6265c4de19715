"""Pandoc citations (`[@key, n. 29]`) turned into numbered Chicago notes.

Finding citations is ours (code blocks and bare ``@word`` are never citations);
formatting is pandoc's citeproc with the Chicago notes CSL, run once per build
for every page together (see ``citeproc-pages.lua``) and cached on disk.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import GuideError, line_of
from .mdscan import mask_code

LUA = Path(__file__).with_name("citeproc-pages.lua")

# A bracketed group holding at least one @key: not a link, image, footnote or reference label.
_CLUSTER = re.compile(r"(?<![!\]\\])\[(?!\^)([^\[\]\n]*?(?<![\w.])-?@[A-Za-z0-9_][^\[\]\n]*)\](?![(\[:])")
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
        keys = []
        for part in m.group(1).split(";"):
            im = _ITEM.match(part.strip())
            if not im:
                raise GuideError(path, line_of(markdown, m.start()) + first_line - 1,
                                 f"citation {m.group(0)!r}: every part separated by ';' needs an @key")
            keys.append(im.group("key"))
        clusters.append(Cluster(m.start(), m.end(), markdown[m.start():m.end()], tuple(keys),
                                line_of(markdown, m.start()) + first_line - 1))
    return clusters


def check_keys(clusters: list[Cluster], known: set[str], path: str) -> None:
    for c in clusters:
        for key in c.keys:
            if key not in known:
                raise GuideError(path, c.line, f"unknown citation key @{key} in {c.text} (not in bibliography.bib)")


class Formatter:
    """Formats the notes of many pages, and the bibliography, in one pandoc run."""

    def __init__(self, bib_path: Path, csl_path: Path, pandoc: str, cache_dir: Path | None = None):
        self.bib_path, self.csl_path, self.pandoc = Path(bib_path), Path(csl_path), pandoc
        self.cache_dir = cache_dir
        self.runs = 0  # pandoc processes started, for tests and the benchmark

    def format(self, pages: dict[str, list[str]], bibliography_keys: list[str] = ()) -> dict:
        """{page id: [cluster text, ...]} -> {page id: [note markdown, ...]}, plus
        {"bibliography": {key: entry}} when ``bibliography_keys`` is given."""
        ids = {pid: f"p{i}" for i, pid in enumerate(pages)}
        blocks = [f"::: {{#{ids[pid]}}}\n" + "".join(f"{c}\n\n" for c in clusters) + ":::\n"
                  for pid, clusters in pages.items()]
        if bibliography_keys:
            blocks.append("::: {#bibliography}\n[" + "; ".join(f"@{k}" for k in bibliography_keys) + "]\n:::\n")
        source = "\n".join(blocks)
        digest = hashlib.sha256()
        for part in (source.encode(), self.bib_path.read_bytes(), self.csl_path.read_bytes(), LUA.read_bytes()):
            digest.update(hashlib.sha256(part).digest())
        cached = self.cache_dir / f"citeproc-{digest.hexdigest()[:32]}.json" if self.cache_dir else None
        if cached and cached.exists():
            raw = json.loads(cached.read_text(encoding="utf-8"))
        else:
            raw = self._run(source)
            if cached:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_text(json.dumps(raw), encoding="utf-8")
        result = {pid: raw.get(ids[pid], []) for pid in pages}
        for pid, clusters in pages.items():
            if len(result[pid]) != len(clusters):
                raise GuideError(pid, None, f"pandoc returned {len(result[pid])} notes for {len(clusters)} citations")
        if bibliography_keys:
            result["bibliography"] = raw.get("bibliography", {})
        return result

    def _run(self, source: str) -> dict:
        self.runs += 1
        cmd = [self.pandoc, "-f", "markdown", "-t", "markdown", "--lua-filter", str(LUA),
               "-M", f"studyguide-bib={self.bib_path}", "-M", f"csl={self.csl_path}"]
        proc = subprocess.run(cmd, input=source, capture_output=True, text=True, encoding="utf-8")
        if proc.returncode != 0:
            raise GuideError(self.bib_path, None, f"pandoc failed formatting citations: {proc.stderr.strip()}")
        return json.loads(proc.stdout)


def apply(markdown: str, clusters: list[Cluster], notes: list[str], prefix: str = "cite") -> str:
    """Replace each cluster with a footnote reference after any following punctuation,
    as pandoc does, and append the footnote definitions."""
    out, pos = [], 0
    for n, (c, note) in enumerate(zip(clusters, notes), 1):
        before = markdown[pos:c.start].rstrip(" \t")
        punct = _PUNCT_AFTER.match(markdown, c.end)
        out.append(before)
        if punct:
            out.append(punct.group(0))
            pos = punct.end()
        else:
            pos = c.end
        out.append(f"[^{prefix}-{n}]")
    out.append(markdown[pos:])
    defs = "".join(f"[^{prefix}-{n}]: {note}\n" for n, note in enumerate(notes, 1))
    return "".join(out) + ("\n\n" + defs if defs else "")
