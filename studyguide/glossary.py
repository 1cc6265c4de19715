"""Glossary entries: front matter checked against a schema, one matcher for all
aliases, automatic links in rendered pages, and the backlinks each entry lists."""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .errors import GuideError
from .frontmatter import key_lines, split

KINDS = ("person", "organisation", "place", "document", "concept", "event", "military-unit")
FIELDS = {"title": str, "sort_as": str, "kind": str, "aliases": list, "summary": str, "post": str, "sources": list}
REQUIRED = ("title", "kind", "summary")


@dataclass
class Entry:
    slug: str
    src: str  # path relative to docs/, e.g. glossary/actors/kim-il-sung.md
    title: str
    kind: str
    summary: str
    aliases: list[str] = field(default_factory=list)
    post: str = ""
    sources: list[str] = field(default_factory=list)
    path: str = ""  # the file as a contributor sees it, for error messages
    site_url: str = ""  # set from the site generator; see ``url``
    sort_as: str = ""  # the name as an index lists it ("Khlevniuk, Oleg V."); the title when empty

    @property
    def index_name(self) -> str:
        return self.sort_as or self.title

    @property
    def url(self) -> str:
        """The entry's site URL: as the generator gives it, else with directory URLs."""
        return self.site_url or self.src[:-3] + "/"

    @property
    def names(self) -> list[str]:
        return [self.title, *self.aliases]


def parse_entry(text: str, src: str, source_keys: set[str], path: str | None = None) -> Entry:
    """One entry from its file text; every schema error names the file (``path``) and line."""
    path = path or src
    meta, _, _ = split(text, path)
    lines = _LazyLines(text)
    for key, value in meta.items():
        if key not in FIELDS:
            raise GuideError(path, lines.get(key), f"unknown front-matter field {key!r} (allowed: {', '.join(FIELDS)})")
        if not isinstance(value, FIELDS[key]):
            raise GuideError(path, lines.get(key), f"field {key!r} must be a {FIELDS[key].__name__}")
    for key in REQUIRED:
        if not str(meta.get(key, "")).strip():
            raise GuideError(path, 1, f"glossary entry needs a non-empty {key!r}")
    if meta["kind"] not in KINDS:
        raise GuideError(path, lines.get("kind"), f"kind {meta['kind']!r} is not one of {', '.join(KINDS)}")
    for key in meta.get("sources", []):
        if key not in source_keys:
            raise GuideError(path, lines.get("sources"), f"sources: {key!r} is not one of {', '.join(sorted(source_keys))}")
    if any(not isinstance(a, str) or not a.strip() for a in meta.get("aliases", [])):
        raise GuideError(path, lines.get("aliases"), "aliases must be non-empty strings")
    # Readers look a person up by family name, and only a person knows which name that is.
    if meta["kind"] == "person" and not str(meta.get("sort_as", "")).strip():
        raise GuideError(path, lines.get("title"), "a person needs 'sort_as', the name as an index lists it: "
                                                   "'Khlevniuk, Oleg V.', or the title itself for a name written "
                                                   "family name first, such as 'Kim Il Sung'")
    slug = posixpath.basename(src)[:-3]
    return Entry(slug, src, meta["title"].strip(), meta["kind"], meta["summary"].strip(),
                 [a.strip() for a in meta.get("aliases", [])], meta.get("post", ""), meta.get("sources", []), path,
                 sort_as=str(meta.get("sort_as", "")).strip())


class _LazyLines:
    """Front-matter key lines, worked out only when an error needs them."""

    def __init__(self, text: str):
        self.text, self.lines = text, None

    def get(self, key: str) -> int | None:
        if self.lines is None:
            self.lines = key_lines(self.text)
        return self.lines.get(key)


class Glossary:
    """All entries, their aliases, and one compiled alternation that finds any of them."""

    def __init__(self, entries: list[Entry], texts: dict[str, str] | None = None):
        self.entries = {e.slug: e for e in entries}
        self.by_src = {e.src: e for e in entries}
        self.alias_to: dict[str, Entry] = {}
        self.by_key: dict[str, Entry] = {}
        for e in entries:
            for name in e.names:
                # Compared as plain text: the matcher cannot tell "People's" from "People’s".
                other = self.by_key.get(_plain(name))
                if other is not None and other is not e:
                    line = _alias_line(texts.get(e.src, "") if texts else "", name)
                    raise GuideError(e.path or e.src, line, f"alias {name!r} is already used by {other.path or other.src}")
                self.alias_to[name] = e
                self.by_key[_plain(name)] = e
        self._by_url = {urls.norm(e.url): e for e in entries}
        # Longest alias first, so "Kim Il Sung" wins over "Kim"; whole words only. Rendered
        # HTML writes apostrophes and ampersands as entities (smarty), so match those too.
        names = sorted(self.alias_to, key=len, reverse=True)
        self.matcher = re.compile(r"(?<![\w-])(" + "|".join(map(_html_pattern, names)) + r")(?![\w-])") if names else None

    def entry_for(self, matched: str) -> Entry:
        return self.by_key[_plain(matched)]

    def set_urls(self, by_src: dict[str, str]) -> None:
        """Site URLs by source path, from the generator (directory URLs or not)."""
        for e in self.entries.values():
            e.site_url = by_src.get(e.src, "")
        self._by_url = {urls.norm(e.url): e for e in self.entries.values()}

    def by_url(self, url: str) -> Entry | None:
        return self._by_url.get(urls.norm(url))


_APOSTROPHES = ("'", "’", "&rsquo;", "&#39;", "&#x27;", "&#8217;")


def _plain(text: str) -> str:
    """A name as text: entities decoded, curly apostrophes straightened, spacing collapsed."""
    return re.sub(r"\s+", " ", html.unescape(text).replace("’", "'"))


def _html_pattern(name: str) -> str:
    """A name as it may appear in HTML: apostrophes as entities, and a line break wherever
    Markdown wrapped the name."""
    parts = re.split(r"['’]", _plain(name))
    apostrophe = "(?:" + "|".join(map(re.escape, _APOSTROPHES)) + ")"
    return apostrophe.join(re.escape(html.escape(p, quote=False)).replace(r"\ ", r"\s+") for p in parts)


def _alias_line(text: str, alias: str) -> int | None:
    for n, line in enumerate(text.splitlines(), 1):
        if re.search(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", line):
            return n
    return None


def load(docs_dir: Path, source_keys: set[str], subdir: str = "glossary") -> Glossary:
    entries, texts = [], {}
    root = Path(docs_dir)
    for path in sorted((root / subdir).glob("*/*.md")):
        src = path.relative_to(root).as_posix()
        texts[src] = path.read_text(encoding="utf-8")
        entries.append(parse_entry(texts[src], src, source_keys, f"{root.name}/{src}"))
    slugs = [e.slug for e in entries]
    for e in entries:
        if slugs.count(e.slug) > 1:
            raise GuideError(e.path, 1, f"two entries share the file name {e.slug}.md")
    return Glossary(entries, texts)


def relative_url(target: str, page_url: str) -> str:
    """Link from a page at ``page_url`` to ``target``: site URLs with directory URLs,
    '' being the home page."""
    base = "/" + (page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/")
    rel = posixpath.relpath("/" + target, base)
    return rel + "/" if target.endswith("/") or not target else rel


# --- Linking rendered HTML -------------------------------------------------

_TOKEN = re.compile(r"(<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)([^>]*)>", re.S)
_ATTR = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')
SKIP_TAGS = {"a", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "q",
             "script", "style", "sup", "abbr", "button", "svg", "textarea", "select", "label", "legend"}
SKIP_CLASSES = {"footnote", "nogloss", "glossary-header", "glossary-backlinks", "admonition-title"}
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}
BLOCKS = {"p", "li", "td", "th", "dd", "dt", "div", "section", "figcaption"}
SECTION_HEADINGS = {"h1", "h2", "h3"}


@dataclass
class Mention:
    slug: str
    page_url: str
    section_id: str
    section_title: str


def link_html(content: str, glossary: Glossary, page_url: str) -> tuple[str, list[Mention]]:
    """Link the first mention of each entry per section; annotate links that already point
    to an entry. Never inside headings, code, links, footnotes, quotations, or on an
    entry's own page."""
    own = glossary.by_url(page_url)
    stack: list[tuple[str, bool]] = []
    skipping = 0
    in_quote = False
    section_id, section_title, heading_buf = "", "", None
    seen: set[str] = set()
    mentions: list[Mention] = []
    out = []

    def note(entry: Entry):
        mentions.append(Mention(entry.slug, page_url, section_id, section_title))

    for token in _TOKEN.split(content):
        if not token:
            continue
        if token.startswith("<"):
            m = _TAG.match(token)
            if not m or token.startswith("<!--"):
                out.append(token)
                continue
            closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
            if closing:
                while stack:
                    top, skip = stack.pop()
                    skipping -= skip
                    if top == name:
                        break
                if name in SECTION_HEADINGS and heading_buf is not None:
                    section_title = html.unescape("".join(heading_buf)).rstrip("¶ \n").strip()
                    heading_buf = None
                if name in BLOCKS:
                    in_quote = False
            else:
                attr = dict(_ATTR.findall(attrs))
                classes = set(attr.get("class", "").split())
                href = attr.get("href")
                if name == "a" and href:
                    target = urls.resolve(href, page_url)
                    entry = glossary.by_url(target[0]) if target is not None else None
                    if entry is not None and entry is not own and "glossary-link" not in classes:
                        token = _annotate(token, entry)
                        seen.add(entry.slug)
                        note(entry)
                if name in SECTION_HEADINGS:  # the title (h1) is the page itself, not a section of it
                    section_id, section_title, heading_buf = attr.get("id", "") if name != "h1" else "", "", []
                    seen = set()
                if name in BLOCKS:
                    in_quote = False
                if name not in VOID and not token.endswith("/>"):
                    skip = name in SKIP_TAGS or bool(classes & SKIP_CLASSES)
                    stack.append((name, skip))
                    skipping += skip
            out.append(token)
            continue
        if heading_buf is not None:
            heading_buf.append(token)
        if skipping or glossary.matcher is None:
            in_quote = _quote_state(token, in_quote)
            out.append(token)
            continue
        out.append(_link_text(token, glossary, own, page_url, seen, in_quote, note))
        in_quote = _quote_state(token, in_quote)
    return "".join(out), mentions


# Quotation marks as rendered: smarty writes curly quotes as entities.
_QUOTE_MARK = re.compile(r"[“”\"]|&quot;|&ldquo;|&rdquo;|&#8220;|&#8221;")
_OPENS = {"“", "&ldquo;", "&#8220;"}
_CLOSES = {"”", "&rdquo;", "&#8221;"}


def _toggle(mark: str, in_quote: bool) -> bool:
    return True if mark in _OPENS else False if mark in _CLOSES else not in_quote


def _quote_state(text: str, in_quote: bool) -> bool:
    for mark in _QUOTE_MARK.findall(text):
        in_quote = _toggle(mark, in_quote)
    return in_quote


def _link_text(text, glossary, own, page_url, seen, in_quote, note) -> str:
    pieces, pos = [], 0
    quote_marks = [(m.start(), m.group()) for m in _QUOTE_MARK.finditer(text)]
    for m in glossary.matcher.finditer(text):
        entry = glossary.entry_for(m.group(1))
        quoted = _quote_state_at(quote_marks, m.start(), in_quote)
        if entry is own or entry.slug in seen or quoted:
            continue
        seen.add(entry.slug)
        note(entry)
        href = relative_url(entry.url, page_url)
        pieces.append(text[pos:m.start()])
        pieces.append(f'<a class="glossary-link" href="{href}" data-summary="{html.escape(entry.summary)}">'
                      f"{m.group(1)}</a>")
        pos = m.end()
    pieces.append(text[pos:])
    return "".join(pieces)


def _quote_state_at(marks, offset, in_quote) -> bool:
    for pos, mark in marks:
        if pos >= offset:
            break
        in_quote = _toggle(mark, in_quote)
    return in_quote


def _annotate(tag: str, entry: Entry) -> str:
    extra = f' data-summary="{html.escape(entry.summary)}"'
    if 'class="' in tag:
        return tag[:-1].replace('class="', 'class="glossary-link ', 1) + extra + ">"
    return tag[:-1] + f' class="glossary-link"{extra}>'
