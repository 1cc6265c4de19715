"""One rule for where a link in a built page points (glossary linking and the PDF use it)."""

import pytest

from studyguide.urls import resolve


@pytest.mark.parametrize("href, page, expected", [
    ("../", "sources/", ("", "")),  # the home page
    ("../../../#home", "glossary/actors/x/", ("", "home")),
    ("./", "", ("", "")),
    ("#notes", "sources/x/", ("sources/x", "notes")),
    ("x/#a", "sources/", ("sources/x", "a")),
    ("x/index.html", "sources/", ("sources/x", "")),
    ("../downloads/guide.pdf", "sources/", ("downloads/guide.pdf", "")),
    ("sources/", "404.html", ("sources", "")),  # a page that is a file, not a directory
    ("https://example.org/", "sources/", None),
    ("mailto:someone@example.org", "", None),
    ("//example.org/x", "", None),
])
def test_resolve(href, page, expected):
    assert resolve(href, page) == expected
