"""The timeline: events kept as YAML data, checked, and rendered to Markdown at build time."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import citations
from .errors import GuideError
from .yamldata import check_fields, check_id, each, listed, load as load_yaml

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
FIELDS = {"id", "date", "end", "when", "event", "cite", "people", "disputed"}


@dataclass
class Event:
    id: str
    date: str
    event: str
    cite: str
    line: int
    end: str = ""
    when: str = ""
    people: list[str] = field(default_factory=list)
    disputed: list[dict] = field(default_factory=list)
    keys: tuple[str, ...] = ()


def check_date(value, path, line, what) -> str:
    value = str(value)
    m = _DATE.match(value)
    try:
        if not m:
            raise ValueError
        datetime.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))  # no 30 February
    except ValueError:
        raise GuideError(path, line, f"{what}: {value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value


def check_disputed(rec: dict, path, known_keys: set[str], what: str) -> tuple[str, ...]:
    """The keys cited by a record's disputed readings (timeline events and documents have them)."""
    keys: tuple[str, ...] = ()
    for reading, line in each(listed(rec, "disputed", path, what)):
        check_fields(reading, path, {"reading", "cite"}, {"reading", "cite"}, f"{what}, disputed reading", line)
        keys += citations.required(reading["cite"], path, reading["__line__"], known_keys, what)
    return keys


def check_date_order(records: list, path, kind: str) -> None:
    """Records (with .id, .date, .line) must come in date order: the page lists them as written."""
    bad = next((b for a, b in zip(records, records[1:]) if b.date < a.date), None)
    if bad is not None:
        raise GuideError(path, bad.line, f"{kind} {bad.id}: {kind}s must be in date order")


def load(path: Path, known_keys: set[str], people: set[str]) -> list[Event]:
    records = load_yaml(path)
    if not isinstance(records, list):
        raise GuideError(path, 1, "the timeline must be a YAML list of events")
    events, ids = [], set()
    for rec, line in each(records):
        what = f"event {rec.get('id', '?')}" if isinstance(rec, dict) else "event"
        check_fields(rec, path, FIELDS, {"id", "date", "event", "cite"}, what, line)
        check_id(rec["id"], path, line, what)
        if rec["id"] in ids:
            raise GuideError(path, line, f"duplicate event id {rec['id']!r}")
        ids.add(rec["id"])
        date = check_date(rec["date"], path, line, what)
        end = check_date(rec["end"], path, line, what) if rec.get("end") else ""
        keys = citations.required(rec["cite"], path, line, known_keys, what)
        for slug in listed(rec, "people", path, what):
            if slug not in people:
                raise GuideError(path, line, f"{what}: people: {slug!r} is not a glossary actor")
        keys += check_disputed(rec, path, known_keys, what)
        events.append(Event(rec["id"], date, str(rec["event"]).strip(), str(rec["cite"]), line, end,
                            str(rec.get("when", "")), list(rec.get("people", [])), list(rec.get("disputed", [])), keys))
    check_date_order(events, path, "event")
    return events


def format_date(date: str, end: str = "") -> str:
    """'1950-06-25' -> '25 June 1950'; a span shares what it can: '30 March – 25 April 1950'."""
    def parts(d):
        y, m, dd = (d.split("-") + [None, None])[:3]
        return y, MONTHS[int(m) - 1] if m else None, str(int(dd)) if dd else None

    y, m, d = parts(date)
    one = " ".join(p for p in (d, m, y) if p)
    if not end:
        return one
    y2, m2, d2 = parts(end)
    if y == y2 and m == m2 and d and d2:
        start = d
    elif y == y2:
        start = " ".join(p for p in (d, m) if p)
    else:
        start = one
    return f"{start} – {' '.join(p for p in (d2, m2, y2) if p)}"


def render(events: list[Event], source_keys: dict[str, str], people_links: dict[str, tuple[str, str]],
           documents: dict[str, list[tuple[str, str]]] | None = None) -> str:
    """Markdown for the timeline page. ``source_keys`` maps a source key to its short label;
    ``people_links`` maps an actor slug to (name, relative .md path); ``documents`` maps an
    event id to the (title, relative .md path) of the documents in the register behind it."""
    out, year = [], None
    for e in events:
        if e.date[:4] != year:
            year = e.date[:4]
            out.append(f"\n## {year} {{ #year-{year} }}\n")
        sources = sorted({k for k in e.keys if k in source_keys}) or ["other"]
        label = e.when or format_date(e.date, e.end)
        labels = " ".join(f'<span class="tl-source nogloss" data-key="{k}">{source_keys[k]}</span>' for k in sources if k in source_keys)
        disputed = ' <span class="tl-disputed">Disputed</span>' if e.disputed else ""
        out.append(f'<div class="tl-event" id="{e.id}" data-sources="{" ".join(sources)}" markdown>\n')
        out.append(f'<p class="tl-date"><time datetime="{e.date}">{label}</time>{disputed} {labels}</p>\n')
        out.append(f"{e.event} {e.cite}\n")
        if e.disputed:
            out.append("\n" + "".join(f"- *Reading:* {r['reading']} {r['cite']}\n" for r in e.disputed))
        if e.people:
            names = ", ".join(f"[{people_links[p][0]}]({people_links[p][1]})" for p in e.people)
            out.append(f"\nPeople: {names}\n{{: .tl-people }}\n")
        if documents and documents.get(e.id):
            links = "; ".join(f"[{title}]({path})" for title, path in documents[e.id])
            out.append(f"\nDocuments: {links}\n{{: .tl-documents }}\n")
        out.append("\n</div>\n")
    return "".join(out)
