"""The register of archival documents: YAML data, checked, rendered as a table and one page each.

Each record says who wrote to whom and when, what the document says, where the sources
print its archival reference and what each source uses it for. Senders and recipients
are glossary slugs, so the register also feeds the correspondence diagram.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from .errors import GuideError
from .citations import required
from .timeline import check_date, check_date_order, check_disputed, format_date
from .yamldata import check_fields, check_id, each, listed, load as load_yaml

KINDS = ("telegram", "report", "memorandum", "record-of-conversation", "letter", "decision", "directive",
         "recommendation", "statement", "policy-paper", "memoir", "other")
FIELDS = {"id", "title", "date", "when", "kind", "from", "to", "gist", "reference", "reference_cite",
          "cited_by", "disputed", "timeline"}
REQUIRED = {"id", "title", "date", "kind", "gist", "cited_by"}
PAGE_DIR = "study/documents"


@dataclass
class Use:
    cite: str
    use: str
    keys: tuple[str, ...]


@dataclass
class Document:
    id: str
    title: str
    date: str
    kind: str
    gist: str
    line: int
    when: str = ""
    sender: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    reference: str = ""
    reference_cite: str = ""
    cited_by: list[Use] = field(default_factory=list)
    disputed: list[dict] = field(default_factory=list)
    timeline: list[str] = field(default_factory=list)

    @property
    def src(self) -> str:
        return f"{PAGE_DIR}/{self.id}.md"

    @property
    def label(self) -> str:
        return self.when or format_date(self.date)

    def sources(self, source_keys) -> list[str]:
        return sorted({k for u in self.cited_by for k in u.keys if k in source_keys})


def load(path: Path, known_keys: set[str], source_keys: set[str], slugs: set[str],
         event_ids: set[str]) -> list[Document]:
    """Read and check the register; every fault names the file and the record's line."""
    records = load_yaml(path)
    if not isinstance(records, list):
        raise GuideError(path, 1, "the documents register must be a YAML list of documents")
    docs, ids = [], set()
    for rec, line in each(records):
        what = f"document {rec.get('id', '?')}" if isinstance(rec, dict) else "document"
        check_fields(rec, path, FIELDS, REQUIRED, what, line)
        check_id(rec["id"], path, line, what)
        if rec["id"] in ids:
            raise GuideError(path, line, f"duplicate document id {rec['id']!r}")
        ids.add(rec["id"])
        date = check_date(rec["date"], path, line, what)
        if rec["kind"] not in KINDS:
            raise GuideError(path, line, f"{what}: kind {rec['kind']!r} is not one of: {', '.join(KINDS)}")
        for role in ("from", "to"):
            for slug in listed(rec, role, path, what):
                if slug not in slugs:
                    raise GuideError(path, line, f"{what}: {role}: {slug!r} is not a glossary entry")
        both = set(rec.get("from", [])) & set(rec.get("to", []))
        if both:
            raise GuideError(path, line, f"{what}: {', '.join(sorted(both))} cannot be both sender and recipient "
                                         "(split the exchange into one entry per message)")
        if rec.get("reference") and not rec.get("reference_cite"):
            raise GuideError(path, line, f"{what}: 'reference' needs 'reference_cite' (where the source prints it)")
        if rec.get("reference_cite"):
            required(rec["reference_cite"], path, line, known_keys, what)
        uses = []
        for item, item_line in each(listed(rec, "cited_by", path, what)):
            check_fields(item, path, {"cite", "use"}, {"cite", "use"}, f"{what}, cited_by", item_line)
            keys = required(item["cite"], path, item["__line__"], known_keys, what)
            if not set(keys) & source_keys:
                raise GuideError(path, item["__line__"], f"{what}: cited_by must cite one of the sources "
                                                         f"({', '.join(sorted(source_keys))})")
            uses.append(Use(str(item["cite"]), str(item["use"]).strip(), keys))
        check_disputed(rec, path, known_keys, what)
        for event in listed(rec, "timeline", path, what):
            if event not in event_ids:
                raise GuideError(path, line, f"{what}: timeline: no event {event!r} in the timeline")
        docs.append(Document(rec["id"], str(rec["title"]).strip(), date, rec["kind"], str(rec["gist"]).strip(), line,
                             str(rec.get("when", "")), list(rec.get("from", [])), list(rec.get("to", [])),
                             str(rec.get("reference", "")).strip(), str(rec.get("reference_cite", "")), uses,
                             list(rec.get("disputed", [])), list(rec.get("timeline", []))))
    check_date_order(docs, path, "document")
    return docs


def _names(slugs, people, base) -> str:
    """Markdown links to glossary entries; ``people`` maps a slug to (name, summary, docs-relative src, URL)."""
    return ", ".join(f"[{people[s][0]}]({posixpath.relpath(people[s][2], base)})" for s in slugs) or "not stated"


def render_register(docs: list[Document], src: str, labels: dict[str, str], people, order: list[str]) -> str:
    """The register page's table: one row per document, data attributes for the filters,
    dates as sortable ISO values. ``order`` lists the filters' choices (slugs and source keys) in order."""
    base = posixpath.dirname(src)
    # Material's own table wrappers: a wide table scrolls inside the page, not the page itself.
    out = [f'<div class="doc-filter" data-order="{" ".join(order)}" hidden></div>\n\n',
           '<div class="md-typeset__scrollwrap" markdown><div class="md-typeset__table" markdown>\n'
           '<table class="doc-register" markdown>\n<thead><tr><th scope="col" aria-sort="ascending">Date</th>'
           '<th scope="col">Document</th><th scope="col">From</th><th scope="col">To</th>'
           '<th scope="col">Gist</th><th scope="col">Cited by</th></tr></thead>\n<tbody markdown>\n']
    for d in docs:
        senders = " ".join(d.sender)
        sources = d.sources(labels)
        cited = "; ".join(f"{labels[k]}" for k in sources)
        href = posixpath.relpath(d.src, base)
        out.append(f'<tr id="{d.id}" data-year="{d.date[:4]}" data-from="{senders}" data-sources="{" ".join(sources)}" markdown>'
                   f'<td data-sort="{d.date}" markdown="span">{d.label}</td>'
                   f'<td markdown="span">[{_md_escape(d.title)}]({href})</td>'
                   f'<td markdown="span">{_names(d.sender, people, base)}</td>'
                   f'<td markdown="span">{_names(d.recipient, people, base)}</td>'
                   f'<td markdown="span">{d.gist}</td>'
                   f'<td markdown="span">{cited} {" ".join(u.cite for u in d.cited_by)}</td></tr>\n')
    out.append("</tbody>\n</table>\n</div></div>\n")
    return "".join(out)


def render_page(d: Document, labels: dict[str, str], people, events: dict[str, str], timeline_src: str | None,
                discussed: list[tuple[str, str, str]]) -> str:
    """Markdown of one document's page. ``events`` maps a timeline id to its label, on the
    page ``timeline_src``; ``discussed`` lists (title, docs-relative src, [(anchor, section title)])
    of the pages that link here."""
    base = PAGE_DIR
    rows = [f"Date\n: {d.label}" + (f" ({format_date(d.date)})" if d.when else ""),
            f"Kind\n: {d.kind.replace('-', ' ').capitalize()}",
            f"From\n: {_names(d.sender, people, base)}",
            f"To\n: {_names(d.recipient, people, base)}"]
    if d.reference:
        rows.append(f"Archival reference, as the source gives it (abbreviated)\n: {d.reference} {d.reference_cite}")
    out = [f"# {_md_escape(d.title)} {{ #document }}\n\n",
           '<div class="doc-facts" markdown>\n\n', "\n\n".join(rows), "\n\n</div>\n\n",
           f"{d.gist} {d.cited_by[0].cite}\n\n",
           "## How the sources use it { #how-the-sources-use-it }\n\n"]
    out += [f"- **{', '.join(labels[k] for k in u.keys if k in labels) or 'Other'}:** {u.use} {u.cite}\n"
            for u in d.cited_by]
    if d.disputed:
        out.append("\n## Disputed { #disputed }\n\n")
        out += [f"- {r['reading']} {r['cite']}\n" for r in d.disputed]
    if d.timeline and timeline_src:
        timeline = posixpath.relpath(timeline_src, base)
        out.append("\n## On the timeline { #on-the-timeline }\n\n")
        out += [f"- [{events[e]}]({timeline}#{e})\n" for e in d.timeline]
    out.append("\n## Discussed in { #discussed-in }\n\n")
    for title, target, sections in discussed:
        href = posixpath.relpath(target, base)
        tail = ", ".join(f"[{_md_escape(section)}]({href}#{anchor})" for anchor, section in sections)
        out.append(f"- [{_md_escape(title)}]({href})" + (f": {tail}" if tail else "") + "\n")
    if not discussed:
        out.append("No page of the guide links to this document yet.\n")
    register = posixpath.relpath(f"{PAGE_DIR}/index.md", base)
    out.append(f"\n[All documents in the register]({register})\n{{: .doc-back }}\n")
    return "".join(out)


def _md_escape(text: str) -> str:
    return html.escape(text, quote=False).replace("[", "\\[").replace("]", "\\]")
