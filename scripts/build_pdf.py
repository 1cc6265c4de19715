#!/usr/bin/env python3
"""Make the PDF of the whole guide from the built site: site/downloads/<name>.pdf.

Usage: build_pdf.py [SITE_DIR] [--paper a4|letter]. Run `make build` first (`make pdf`
does both). Pages follow the navigation of mkdocs.yml, with the glossary entries after the
glossary index in its order (people by family name), and the document pages after the register; the contributors'
pages are left out.
"""

import argparse
import datetime
import html
import posixpath
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from studyguide import pdf  # noqa: E402

PDF_NAME = "stalin-korean-war-study-guide.pdf"
LEFT_OUT = {"Contributing"}


class _Loader(yaml.SafeLoader):
    """mkdocs.yml holds !!python/name tags (Material's emoji); only nav and names are read here."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def src_to_url(src: str) -> str:
    url = re.sub(r"(^|/)index\.md$", r"\1", src)
    return re.sub(r"\.md$", "/", url)


def nav_pages(nav, part=None):
    """(src, part) for every page of the navigation, in order."""
    for item in nav:
        if isinstance(item, str):
            yield item, part
        else:
            (label, value), = item.items()
            if isinstance(value, list):
                yield from nav_pages(value, part or label)
            else:
                yield value, part or label


def page_title(site: Path, url: str) -> str:
    text = (site / url / "index.html").read_text(encoding="utf-8")
    m = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
    title = html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).replace("¶", "") if m else url
    return re.sub(r"\s+", " ", title).strip()


def version() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=ROOT).stdout.strip()
    except OSError:
        commit = ""
    return f"Version of {datetime.date.today():%-d %B %Y}" + (f" (commit {commit})" if commit else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"))
    parser.add_argument("--paper", default="a4", choices=sorted(pdf.PAPER))
    parser.add_argument("--out", help="where to write the PDF (default: SITE/downloads/" + PDF_NAME + ")")
    args = parser.parse_args()
    site = Path(args.site).resolve()
    if not (site / "index.html").exists():
        print(f"build_pdf: {site}/index.html not found: run `make build` first")
        return 2
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _Loader)
    pages = []
    for src, part in nav_pages(config["nav"]):
        if part in LEFT_OUT:
            continue
        url = src_to_url(src)
        pages.append(pdf.PdfPage(url, page_title(site, url), part or "Guide"))
        if src == "glossary/index.md":
            for entry_url, index_name in glossary_entries(site, url):
                pages.append(pdf.PdfPage(entry_url, index_name, part))
        if src == "study/documents/index.md":  # the document pages, in the register's (date) order
            for doc_url in document_urls(site, url):
                pages.append(pdf.PdfPage(doc_url, page_title(site, doc_url), part))
    start = time.perf_counter()
    try:
        document = pdf.assemble(site, pages, config["site_name"].split(":")[0], config.get("site_description", ""),
                                version(), "Text CC BY-SA 4.0 · code MIT", config["site_url"].rstrip("/") + "/",
                                args.paper)
        out = Path(args.out) if args.out else site / "downloads" / PDF_NAME
        pdf.write_pdf(document, out)
    except (ValueError, pdf.TypesettingError) as e:  # ConversionError is a ValueError
        print(f"build_pdf: {e}")
        return 1
    print(f"build_pdf: {len(pages)} pages of the guide -> {out} ({args.paper}) in {time.perf_counter() - start:.1f} s")
    return 0


def document_urls(site: Path, register: str) -> list[str]:
    table = (site / register / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr[^>]*>\s*<td[^>]*>.*?</td>\s*<td[^>]*><a href="([^"]+)"', table, re.S)
    return [posixpath.normpath(posixpath.join(register, href)) + "/" for href in rows]


def glossary_entries(site: Path, index: str) -> list[tuple[str, str]]:
    """(URL, name) of the entries as the glossary index lists them: in its order and under its names
    (people by family name, "Khlevniuk, Oleg V."), so the PDF's contents read as an index does."""
    text = (site / index / "index.html").read_text(encoding="utf-8")
    return [(posixpath.normpath(posixpath.join(index, href)) + "/", html.unescape(name))
            for href, name in re.findall(r'<li data-kind="[^"]+"><a href="([^"]+)">([^<]+)</a>', text)]


if __name__ == "__main__":
    sys.exit(main())
