"""One PDF of the whole guide, assembled from the built site and typeset by WeasyPrint.

Each page's article is taken from the built HTML, its ids are prefixed with the page's
own id so they stay unique in one document, and links between pages become links
inside the PDF. Notes stay endnotes at the end of each chapter, numbered as on the web,
with links both ways. The cover, contents (with page numbers), running headers,
bookmarks and page breaks come from print CSS (``pdf.css``).
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from . import urls

CSS = Path(__file__).with_name("pdf.css")
PAPER = {"a4": "A4", "letter": "letter"}


@dataclass
class PdfPage:
    url: str      # site URL with directory URLs, "" for the home page
    title: str
    part: str     # the navigation section it belongs to, for the contents


def page_id(url: str) -> str:
    return "page-" + (re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "home")


def article(site: Path, page: PdfPage, known: dict[str, str], site_url: str) -> str:
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
                           ".md-source-file, script, .quiz-feedback, .quiz-progress, .quiz-justify, "
                           # An entry's "Mentioned in" is links without page numbers, no help on paper; with page
                           # numbers (target-counter) the PDF took 60% longer to typeset. The web and offline
                           # editions keep it.
                           "h2#mentioned-in, .glossary-backlinks"):
        junk.decompose()
    _quiz_on_paper(soup, art)
    prefix = page_id(page.url)
    for el in art.find_all(id=True):
        el["id"] = f"{prefix}--{el['id']}"
    for el in art.find_all(attrs={"clip-path": True}):  # SVG references to ids, e.g. a map's frame
        el["clip-path"] = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}--\1)", el["clip-path"])
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
    # The first heading names the chapter in running headers and bookmarks.
    first = art.find("h1")
    if first is not None:
        first["class"] = first.get("class", []) + ["chapter-title"]
    return f'<section class="chapter part-{re.sub(r"[^a-z]+", "-", page.part.lower())}" id="{prefix}">{art.decode_contents()}</section>'


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
        form.attrs = {"class": ["quiz"]}
    for key in art.select("details.quiz-key"):
        summary = key.find("summary")
        if summary is not None:
            summary.name = "h2"
        key.name = "section"
        key.attrs.pop("open", None)


def assemble(site: Path, pages: list[PdfPage], title: str, subtitle: str, version: str, licence: str,
             site_url: str) -> str:
    """The whole guide as one HTML document; links to pages not in it go to ``site_url``."""
    known = {urls.norm(p.url): p.url for p in pages}
    contents, current = [], None
    for p in pages:
        if p.part != current:
            if current is not None:
                contents.append("</ul></li>")
            contents.append(f'<li class="toc-part">{html.escape(p.part)}<ul>')
            current = p.part
        contents.append(f'<li><a href="#{page_id(p.url)}">{html.escape(p.title)}</a></li>')
    contents.append("</ul></li>")
    body = "\n".join(article(site, p, known, site_url) for p in pages)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="author" content="The study guide's contributors"></head>
<body>
<section class="cover">
  <p class="cover-kicker">A study guide</p>
  <h1 class="cover-title">{html.escape(title)}</h1>
  <p class="cover-subtitle">{html.escape(subtitle)}</p>
  <p class="cover-version">{html.escape(version)}</p>
  <p class="cover-licence">{html.escape(licence)}</p>
</section>
<nav class="toc"><h1 class="toc-title">Contents</h1><ul>{''.join(contents)}</ul></nav>
{body}
</body></html>"""


def write_pdf(document: str, site: Path, out: Path, paper: str = "a4") -> Path:
    from weasyprint import CSS as WeasyCSS, HTML

    size = PAPER.get(paper.lower())
    if size is None:
        raise ValueError(f"paper must be one of {', '.join(PAPER)}, not {paper!r}")
    css = [WeasyCSS(string=CSS.read_text(encoding="utf-8")), WeasyCSS(string=f"@page {{ size: {size}; }}")]
    out.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=document, base_url=str(site) + "/").write_pdf(str(out), stylesheets=css)
    return out
