"""One PDF of the whole guide, assembled from the built site and typeset by Typst.

Each page's article is taken from the built HTML, its ids are prefixed with the page's
own id so they stay unique in one document, and links between pages become links
inside the PDF. The articles are then written as Typst markup (``typst_markup.py``).
Notes stay endnotes at the end of each chapter, numbered as on the web, with links both
ways. The cover, contents (with page numbers), running headers, bookmarks and page breaks
come from the print design in ``pdf.typ``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from . import urls
from .typst_markup import Converter, ConversionError, label, string

TEMPLATE = Path(__file__).with_name("pdf.typ")
PAPER = {"a4": "a4", "letter": "us-letter"}


@dataclass
class PdfPage:
    url: str      # site URL with directory URLs, "" for the home page
    title: str
    part: str     # the navigation section it belongs to, for the contents


def page_id(url: str) -> str:
    return "page-" + (re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "home")


def article(site: Path, page: PdfPage, known: dict[str, str], site_url: str):
    """The page's article, made self-contained inside the combined document."""
    file = site / page.url / "index.html"
    text = file.read_text(encoding="utf-8")
    # Parse the article only: the header, navigation and footer around it are two thirds of each page.
    start, end = text.find("<article"), text.rfind("</article>")
    soup = BeautifulSoup(text[start:end + len("</article>")] if 0 <= start < end else text, "html.parser")
    art = soup.find("article")
    if art is None:
        raise ValueError(f"{file}: no <article> element")
    for junk in art.select("a.headerlink, a.md-content__button, .gl-crumb, .web-only, .glossary-filter, .tl-filter, .doc-filter, "
                           ".md-source-file, script, .quiz-feedback, .quiz-progress, .quiz-justify"):
        junk.decompose()
    _quiz_on_paper(soup, art)
    prefix = page_id(page.url)
    for el in art.find_all(id=True):
        if el.find_parent("svg") is None:  # a drawing becomes an image: its ids stay its own
            el["id"] = f"{prefix}--{el['id']}"
    for a in art.find_all("a", href=True):
        target = urls.resolve(a["href"], page.url)
        if target is None:
            continue
        path, anchor = target
        if path in known:
            a["href"] = f"#{page_id(known[path])}--{anchor}" if anchor else f"#{page_id(known[path])}"
        elif path.endswith(".pdf"):
            a.unwrap()  # the PDF itself
        else:  # a page left out of the PDF (the contributors' pages): the published one
            a["href"] = site_url + (path + "/" if path and "." not in posixpath.basename(path) else path) + (
                f"#{anchor}" if anchor else "")
    return art


def _quiz_on_paper(soup, art) -> None:
    """Quizzes as a worksheet: boxes to tick, blanks to number, lines to write on; the answer
    key (a closed <details> on the web) printed as a section of its own."""
    for form in art.select("form.quiz"):
        for box in form.select("input[type=radio]"):
            box.replace_with("☐ ")
        for select in form.select("select"):
            select.replace_with(soup.new_string("____ "))
        for area in form.select("textarea"):
            area.replace_with(soup.new_tag("div", attrs={"class": "quiz-lines"}))
        form.name = "div"
        form.attrs = {"class": ["quiz"], **({"id": form["id"]} if form.get("id") else {})}
    for key in art.select("details.quiz-key"):
        summary = key.find("summary")
        if summary is not None:
            summary.name = "h2"
        key.name = "section"
        key.attrs.pop("open", None)


def assemble(site: Path, pages: list[PdfPage], title: str, subtitle: str, version: str, licence: str,
             site_url: str, paper: str = "a4") -> str:
    """The whole guide as one Typst document; links to pages not in it go to ``site_url``.
    Each page's markup follows a comment naming it, by which ``write_pdf`` reports Typst's errors."""
    size = PAPER.get(paper.lower())
    if size is None:
        raise ValueError(f"paper must be one of {', '.join(PAPER)}, not {paper!r}")
    known = {urls.norm(p.url): p.url for p in pages}
    converter = Converter()
    contents, current = [], None
    for p in pages:
        if p.part != current:
            contents.append(f"#toc-part({string(p.part)})")
            current = p.part
        contents.append(f"#toc-entry({label(page_id(p.url))}, {string(p.title)})")
    body, previous = [], None
    for p in pages:
        # Glossary entries are short: several to a page, under a rule; every other page opens a new one.
        kind = "entry" if previous is not None and previous.part == p.part == "Glossary" else "chapter"
        converter.page = p.url
        try:
            content = converter.blocks(article(site, p, known, site_url))
        except ValueError as e:  # ConversionError, or an attribute that is not the number it should be
            raise ConversionError(f"{p.url or 'home page'}: {e}") from None
        body.append(f"{PAGE_COMMENT}{p.url}\n#chapter-mark({string(p.title)}, {string(kind)})\n"
                    f"{converter.anchor(page_id(p.url))}\n\n{content}")
        previous = p
    converter.check_links()
    return "\n\n".join([
        f"#set page(paper: {string(size)})",
        TEMPLATE.read_text(encoding="utf-8"),
        f"#set document(title: {string(title)})",
        f"#cover({string(title)}, {string(subtitle)}, {string(version)}, {string(licence)})",
        "#heading(level: 1)[Contents]",
        "\n".join(contents),
        *body])


PAGE_COMMENT = "// page: "


class TypesettingError(RuntimeError):
    pass


def write_pdf(document: str, out: Path) -> Path:
    """Typeset the document; any warning of Typst's (a missing font, say) fails, so that a PDF
    made with fallback fonts or a dropped element is never passed off as the real one."""
    import typst

    try:
        pdf, warnings = typst.compile_with_warnings(document.encode("utf-8"), format="pdf")
    except typst.TypstError as e:
        raise TypesettingError(f"Typst could not typeset {_where(document, e.diagnostic)}: {e}") from None
    if warnings:
        hint = " (the DejaVu fonts come with the Debian package fonts-dejavu-core: make system-deps)" if any(
            "font" in str(w) for w in warnings) else ""
        raise TypesettingError("Typst warned: " + "; ".join(
            f"{w} ({_where(document, w.diagnostic)})" for w in warnings) + hint)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    return out


def _where(document: str, diagnostic: str) -> str:
    """The guide's page whose markup holds the line a Typst diagnostic points at."""
    m = re.search(r"\.typ:(\d+):\d+", diagnostic or "")
    if not m:
        return "the guide"
    lines = document.splitlines()[:int(m.group(1))]
    page = next((line[len(PAGE_COMMENT):] for line in reversed(lines) if line.startswith(PAGE_COMMENT)), None)
    if page is None:
        return f"the guide (line {m.group(1)} of its Typst markup, before the first page)"
    return f"the page {page or 'home page'} (line {m.group(1)} of the guide's Typst markup)"
