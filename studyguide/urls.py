"""Where a link in a built page points: one rule for the glossary linker and the PDF."""

from __future__ import annotations

import posixpath
import re


def norm(url: str) -> str:
    """'a/b/', 'a/b/index.html' and 'a/b' name the same page, 'a/b'; the home page is ''."""
    return re.sub(r"(^|/)index\.html$", r"\1", url).strip("/")


def resolve(href: str, page_url: str) -> tuple[str, str] | None:
    """(target, anchor) of a link on the page at ``page_url`` (a site URL such as 'sources/x/' or
    '404.html'), the target normalised by :func:`norm`; None for a link to another site."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", href, re.I):
        return None
    path, _, anchor = href.partition("#")
    if not path:
        return norm(page_url), anchor
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    return norm(posixpath.normpath(posixpath.join("/" + base, path))), anchor
