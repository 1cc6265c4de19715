"""The correspondence diagram: who wrote to whom, drawn by Graphviz from the documents register.

People (glossary entries) are nodes and each document is a dated edge from its sender to
each recipient; nodes link to glossary entries and edges to document pages. ``dot`` lays
it out as SVG at build time; the SVG is cleaned so it follows the page's colour scheme.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess

from .documents import Document
from .errors import GuideError
from .glossary import relative_url
from .timeline import MONTHS

PERIODS = {
    "all": ("All documents", "0000", "9999"),
    "1949": ("1949: Stalin says no", "1949", "1950"),
    "1950-before-the-war": ("January to 24 June 1950: the decision and the plan", "1950", "1950-06-25"),
    "after-25-june": ("From 25 June 1950: the war", "1950-06-25", "9999"),
}


def in_period(doc: Document, period: str) -> bool:
    _, start, end = PERIODS[period]
    return start <= doc.date < end


def drawable(docs: list[Document], period: str) -> list[Document]:
    return [d for d in docs if d.sender and d.recipient and in_period(d, period)]


def short_date(date: str) -> str:
    parts = date.split("-")
    month = MONTHS[int(parts[1]) - 1][:3] if len(parts) > 1 else ""
    return " ".join(p for p in (str(int(parts[2])) if len(parts) > 2 else "", month, parts[0]) if p)


def dot_source(docs: list[Document], names: dict[str, tuple[str, str, str, str]], page_url: str,
               doc_url) -> str:
    """Graphviz source. ``names`` maps a slug to (title, summary, src, url); ``doc_url(doc)``
    gives a document page's site URL."""
    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    people = dict.fromkeys(s for d in docs for s in d.sender + d.recipient)
    lines = ["digraph correspondence {",
             '  graph [rankdir=LR, bgcolor="transparent", fontname="DejaVu Sans", nodesep=0.25, ranksep=1.1];',
             '  node [shape=box, style=rounded, fontname="DejaVu Sans", fontsize=11, margin="0.12,0.06"];',
             '  edge [fontname="DejaVu Sans", fontsize=9, arrowsize=0.7];']
    for slug in people:
        title, summary, _, url = names[slug]
        lines.append(f"  {q(slug)} [label={q(title)}, URL={q(relative_url(url, page_url))}, "
                     f"tooltip={q(title + ': ' + summary)}, id={q('node-' + slug)}];")
    for d in docs:
        for i, (a, b) in enumerate((a, b) for a in d.sender for b in d.recipient):
            lines.append(f"  {q(a)} -> {q(b)} [label={q(short_date(d.date))}, "
                         f"URL={q(relative_url(doc_url(d), page_url))}, tooltip={q(d.title)}, "
                         f"id={q(f'edge-{d.id}-{i}')}];")
    lines.append("}")
    return "\n".join(lines)


def layout(source: str) -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise GuideError("data/documents.yml", None, "the correspondence diagram needs Graphviz's `dot` "
                                                     "(Debian package graphviz; `make system-deps` installs it)")
    proc = subprocess.run([dot, "-Tsvg"], input=source, capture_output=True, text=True)
    if proc.returncode != 0:
        raise GuideError("data/documents.yml", None, f"dot failed: {proc.stderr.strip()}")
    return proc.stdout


def clean_svg(svg: str, label: str) -> str:
    """Inline-ready SVG: no prolog or comments, scalable, colours from CSS, titles readable."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)
    svg = re.sub(r'<svg width="(\d+)pt" height="(\d+)pt"', r'<svg class="guide-diagram" width="\1" height="\2"', svg)
    svg = svg.replace("<svg ", f'<svg role="group" aria-label="{html.escape(label)}" ', 1)
    svg = svg.replace(" xlink:href=", " href=")  # SVG 2's plain href, as in the maps: crawlers follow it
    svg = re.sub(r' xlink:title="([^"]*)"', r' aria-label="\1"', svg)  # some of dot's links have no other name
    svg = re.sub(r'<polygon fill="(?:white|transparent)" stroke="(?:none|transparent)"[^>]*/>\s*', "", svg)
    svg = svg.replace("&#45;", "-")  # dot escapes hyphens in ids and titles
    svg = re.sub(r'(class="graph"[^>]*>\s*)<title>[^<]*</title>', lambda m: f"{m.group(1)}<title>{html.escape(label)}</title>",
                 svg, count=1)
    svg = svg.replace('stroke="black"', 'stroke="currentColor"').replace('fill="black"', 'fill="currentColor"')
    svg = re.sub(r"<text ", '<text fill="currentColor" ', svg)
    return re.sub(r"\n\s*", "\n", svg).strip()


def render(docs: list[Document], period: str, names, page_url: str, doc_url) -> str:
    """One period's diagram as inline SVG, with readable tooltips."""
    chosen = drawable(docs, period)
    if not chosen:
        return "<p>No document of this period names both its sender and its recipient.</p>"
    svg = clean_svg(layout(dot_source(chosen, names, page_url, doc_url)), PERIODS[period][0])
    titles = {f"node-{s}": names[s][0] for d in chosen for s in d.sender + d.recipient}
    titles.update({f"edge-{d.id}-{i}": f"{d.title} ({d.label})" for d in chosen
                   for i in range(len(d.sender) * len(d.recipient))})

    def title(m):  # dot's <title> holds the node name or "a->b": give the reader the real name
        return f'{m.group(1)}<title>{html.escape(titles.get(m.group(2), html.unescape(m.group(3))))}</title>'

    return re.sub(r'(<g id="([^"]+)" class="(?:node|edge)">\s*)<title>([^<]*)</title>', title, svg)
