"""A Markdown extension for the note references in headings.

``citations.apply`` writes each note reference as text that Python-Markdown passes by, and the
page's references become markup in one pass over its HTML (``citations.render_references``). A
heading's references become elements here instead, before the table of contents reads the heading:
it leaves footnote references (``<sup id="fnref…">``) out of headings' names and ids.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .citations import REFERENCE, REFERENCE_MARK, reference_html

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _split(text: str) -> tuple[str, list[etree.Element]]:
    """``text`` up to its first reference, and an element per reference, each with the text after it as tail."""
    parts = REFERENCE.split(text)  # text, then the reference and the text after it, for each reference
    elements = []
    for m, tail in zip(REFERENCE.finditer(text), parts[2::2]):
        sup = etree.fromstring(reference_html(m))
        sup.tail = tail
        elements.append(sup)
    return parts[0], elements


def _make_elements(el: etree.Element) -> None:
    if el.text and REFERENCE_MARK in el.text:
        el.text, made = _split(el.text)
        el[0:0] = made
    i = 0
    while i < len(el):
        child = el[i]
        _make_elements(child)
        i += 1
        if child.tail and REFERENCE_MARK in child.tail:
            child.tail, made = _split(child.tail)
            el[i:i] = made
            i += len(made)


class _HeadingReferences(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if el.tag in _HEADINGS:
                _make_elements(el)


class NoteReferences(Extension):
    def extendMarkdown(self, md):
        # After the inline patterns (20), before the table of contents (5).
        md.treeprocessors.register(_HeadingReferences(md), "studyguide-heading-note-references", 19)
