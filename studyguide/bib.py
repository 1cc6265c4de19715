"""Read and check ``bibliography.bib`` with line numbers; pandoc does the formatting.

Validation is ours because pandoc and pybtex report a bad entry without the
file and line a contributor needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import GuideError, line_of

# Every entry belongs to one group of the bibliography page, named in `keywords`.
GROUPS = {
    "source": "The three sources studied",
    "archival": "Archival documents",
    "scholarship": "Scholarship",
    "data": "Maps and geographical data",
    "further-reading": "Further reading",
}

# Fields each entry type needs; a tuple means "one of these".
REQUIRED: dict[str, list[str | tuple[str, ...]]] = {
    "book": [("author", "editor"), "title", ("date", "year"), "publisher"],
    "collection": ["editor", "title", ("date", "year"), "publisher"],
    "incollection": ["author", "title", "booktitle", ("date", "year"), "publisher"],
    "inbook": ["author", "title", "booktitle", ("date", "year"), "publisher"],
    "article": ["author", "title", ("journaltitle", "journal"), ("date", "year")],
    "report": [("author", "institution"), "title", "institution", ("date", "year")],
    "online": [("author", "organization"), "title", ("date", "year", "urldate"), "url"],
    "misc": [("author", "editor", "howpublished"), "title"],
}

KEY_RE = re.compile(r"[A-Za-z0-9_-]+")
_ENTRY_START = re.compile(r"@([A-Za-z]+)\s*([{(])")
_BARE_VALUE = re.compile(r"[A-Za-z0-9_.:-]+")
_KEY = re.compile(r"\s*([^,\s]+)\s*,")
_FIELD = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)\s*=")


@dataclass
class Entry:
    key: str
    type: str
    fields: dict[str, str]
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)

    @property
    def group(self) -> str:
        words = {w.strip() for w in self.fields.get("keywords", "").split(",")}
        return next((g for g in GROUPS if g in words), "")


def _read_value(text: str, i: int, path: str) -> tuple[str, int]:
    """Read one field value (braced, quoted, number or concatenation) starting at i."""
    parts = []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            raise GuideError(path, line_of(text, i), "unexpected end of file inside a field value")
        c = text[i]
        if c == "{":
            depth, j = 0, i
            while j < len(text):
                if text[j] == "{" and text[j - 1] != "\\":
                    depth += 1
                elif text[j] == "}" and text[j - 1] != "\\":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            else:
                raise GuideError(path, line_of(text, i), "unbalanced braces in field value")
            parts.append(text[i + 1:j])
            i = j + 1
        elif c == '"':
            j = i + 1
            depth = 0
            while j < len(text) and not (text[j] == '"' and depth == 0):
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                j += 1
            if j >= len(text):
                raise GuideError(path, line_of(text, i), "unterminated quoted field value")
            parts.append(text[i + 1:j])
            i = j + 1
        else:
            m = _BARE_VALUE.match(text, i)
            if not m:
                raise GuideError(path, line_of(text, i), f"expected a field value, found {text[i]!r}")
            parts.append(m.group(0))
            i = m.end()
        while i < len(text) and text[i].isspace():
            i += 1
        if i < len(text) and text[i] == "#":
            i += 1
            continue
        return "".join(parts), i


def parse(text: str, path: str | Path = "bibliography.bib") -> dict[str, Entry]:
    """Parse BibTeX/biblatex text. Malformed input and duplicate keys raise GuideError."""
    path = str(path)
    entries: dict[str, Entry] = {}
    i = 0
    while True:
        at = text.find("@", i)
        if at < 0:
            return entries
        line_start = text.rfind("\n", 0, at) + 1
        if text[line_start:at].lstrip().startswith("%"):  # '@' inside a comment line
            i = text.find("\n", at) + 1 or len(text)
            continue
        m = _ENTRY_START.match(text, at)
        if not m:
            raise GuideError(path, line_of(text, at), "'@' not followed by an entry type and '{'")
        etype = m.group(1).lower()
        if etype == "comment":
            _, i = _read_value(text, m.end() - 1, path)
            continue
        closer = "}" if m.group(2) == "{" else ")"
        km = _KEY.match(text, m.end())
        if not km:
            raise GuideError(path, line_of(text, at), f"@{etype} entry has no citation key followed by ','")
        key, line = km.group(1), line_of(text, at)
        if not KEY_RE.fullmatch(key):
            raise GuideError(path, line, f"citation key {key!r} may contain only letters, digits, '_' and '-'")
        if etype not in REQUIRED:
            raise GuideError(path, line, f"{key}: unsupported entry type @{etype} (use one of {', '.join(sorted(REQUIRED))})")
        fields, flines = {}, {}
        i = km.end()
        while True:
            while i < len(text) and (text[i].isspace() or text[i] == ","):
                i += 1
            if i >= len(text):
                raise GuideError(path, line, f"{key}: entry is never closed with '{closer}'")
            if text[i] == closer:
                i += 1
                break
            fm = _FIELD.match(text, i)
            if not fm:
                raise GuideError(path, line_of(text, i), f"{key}: expected 'field = value', found {text[i:i + 20]!r}")
            name = fm.group(1).lower()
            if name in fields:
                raise GuideError(path, line_of(text, i), f"{key}: field {name!r} given twice")
            flines[name] = line_of(text, i)
            fields[name], i = _read_value(text, fm.end(), path)
        if key in entries:
            raise GuideError(path, line, f"duplicate citation key {key!r} (first defined at line {entries[key].line})")
        entries[key] = Entry(key, etype, fields, line, flines)


def validate(entries: dict[str, Entry], path: str | Path = "bibliography.bib") -> None:
    """Required fields per type and one bibliography group per entry."""
    for e in entries.values():
        for need in REQUIRED[e.type]:
            options = need if isinstance(need, tuple) else (need,)
            if not any(e.fields.get(o, "").strip() for o in options):
                raise GuideError(path, e.line, f"{e.key}: @{e.type} entry needs the field {' or '.join(options)}")
        if not e.group:
            raise GuideError(path, e.field_lines.get("keywords", e.line),
                             f"{e.key}: keywords must name one group: {', '.join(GROUPS)}")


def load(path: str | Path, shown_as: str | None = None) -> dict[str, Entry]:
    """Parse and validate a .bib file; errors name it as ``shown_as`` (default: its path)."""
    path = Path(path)
    shown = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GuideError(shown, None, f"cannot read the bibliography: {exc.strerror}") from None
    entries = parse(text, shown)
    validate(entries, shown)
    return entries
