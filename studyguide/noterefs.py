"""A Markdown extension for the note references ``citations.apply`` has numbered.

``[^3/2/cite-7]`` (number 3, second reference to the note labelled ``cite-7``) becomes the
``<sup>`` element Python-Markdown's footnotes extension makes, so the theme, the previews,
the table of contents (which leaves footnote references out of headings) and the PDF treat
it as a footnote reference. It is an element, not raw HTML, so code stays code.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from .citations import REFERENCE


class _Reference(InlineProcessor):
    def handleMatch(self, m, data):
        number, nth, label = m.groups()
        sup = etree.Element("sup", {"id": f"fnref{nth if nth != '1' else ''}:{label}"})
        link = etree.SubElement(sup, "a", {"class": "footnote-ref", "href": f"#fn:{label}"})
        link.text = number
        return sup, m.start(0), m.end(0)


class NoteReferences(Extension):
    def extendMarkdown(self, md):
        # The footnotes extension's priority: before links, which would read "[^…]" as a reference link.
        md.inlinePatterns.register(_Reference(REFERENCE, md), "studyguide-note-reference", 175)
