"""The built pages' HTML as Typst markup, for the PDF.

Only the elements and classes the guide's pages use are mapped; any other element is an
error naming it, so a new construct cannot vanish from the PDF unnoticed. Styling is left to
the template (``pdf.typ``): an element whose class matters for print becomes a call to one
of the template's functions (``gl-header``, ``tl-event``...), everything else plain markup.
Links to ``#id`` become links to Typst labels; an element with an id carries that label.
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag
from bs4.element import Comment, Doctype

# Characters with a meaning in Typst markup, escaped in text. "." and "-" too: "1." or "-" at
# the start of a line would open a list, and "..." and "--" would become other characters.
_SPECIAL = re.compile(r"([\\#*_`$<>@\[\]=+\-/~'\".])")
_LABEL = re.compile(r"[^\w:.\-]")

INLINE = {"a", "em", "i", "strong", "b", "sup", "sub", "code", "span", "time", "label", "abbr", "br", "svg"}
# Block elements whose class names a template function; the function gets the element's content.
BLOCK_CLASSES = {"admonition": "admonition", "glossary-header": "gl-header", "tl-event": "tl-event",
                 "bib-entry": "bib-entry", "quiz-answer": "quiz-answer", "quiz-order-item": "quiz-order-item",
                 "doc-facts": "doc-facts", "footnote": "notes", "quiz-key": "quiz-key"}
PARAGRAPH_CLASSES = {"admonition-title": "admonition-title", "tl-date": "tl-date", "bib-cited": "bib-cited",
                     "gh-row": "gh-row"}
SPAN_CLASSES = {"tl-source": "tag", "tl-disputed": "tag", "gi-kind": "gi-kind", "quiz-option": "quiz-option"}
# Wrappers with nothing to print of their own (Material's table wrappers, say): their children are printed.
TRANSPARENT = {"div", "section", "nav"}
# HTML collapses these, not the no-break space.
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


class ConversionError(ValueError):
    pass


def text(value: str) -> str:
    """Plain text as Typst markup: whitespace collapsed as HTML does, special characters escaped."""
    return _SPECIAL.sub(r"\\\1", _HTML_SPACE.sub(" ", value))


def string(value: str) -> str:
    """A Typst string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def label(html_id: str) -> str:
    """The Typst label for an HTML id (labels allow letters, digits, "_", ":", "." and "-")."""
    return "<" + _LABEL.sub("-", html_id) + ">"


def column_widths(rows, width_mm: float = 170, char_mm: float = 1.5) -> str:
    """Column widths much as a browser's automatic table layout gives them: each column is at
    least as wide as its longest word (up to 14 characters: longer ones hyphenate), and what is
    left of ``width_mm`` goes to the columns in proportion to how far their typical cell (the
    mean length) would run past that minimum. Returned as fractions, so that other paper sizes
    scale them."""
    columns = max(sum(int(c.get("colspan", 1)) for c in cells) for cells in rows)
    length, longest, count = [0] * columns, [1] * columns, [0] * columns
    for cells in rows:
        if len(cells) != columns:  # a spanning row says nothing about single columns
            continue
        for i, cell in enumerate(cells):
            # A note number is joined to its word (U+2060), so the two cannot part.
            words = cell.get_text().split()
            length[i] += sum(len(w) + 1 for w in words)
            longest[i] = max([longest[i]] + [min(len(w), 14) for w in words])
            count[i] += 1
    pad = 4
    floor = [w * char_mm + pad for w in longest]
    wanted = [max(n / max(c, 1) * char_mm + pad, f) for n, c, f in zip(length, count, floor)]
    spare = max(width_mm - sum(floor), 0)
    excess = sum(w - f for w, f in zip(wanted, floor)) or 1
    share = min(spare / excess, 1)
    return "(" + ", ".join(f"{f + (w - f) * share:.1f}fr" for f, w in zip(floor, wanted)) + ",)"


class Converter:
    """Converts elements of one document; ``ids`` are the ids present in it, so a link to an
    anchor the PDF left out (a web-only section) can go to its page instead of failing."""

    def __init__(self, ids: set[str]):
        self.ids = ids

    # Blocks: each returns markup that starts and ends a paragraph.
    def blocks(self, parent: Tag) -> str:
        out, run = [], []
        for child in parent.children:
            if isinstance(child, (Comment, Doctype)):
                continue
            if isinstance(child, NavigableString) or child.name in INLINE:
                run.append(child)
                continue
            if run:
                out.append(self.paragraph_of(run))
                run = []
            out.append(self.block(child))
        if run:
            out.append(self.paragraph_of(run))
        return "\n\n".join(part for part in out if part.strip())

    def paragraph_of(self, nodes) -> str:
        return "".join(self.inline(n) for n in nodes).strip()

    def block(self, el: Tag) -> str:
        anchor = self.anchor(el)
        classes = el.get("class", [])
        name = el.name
        if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            return f"#heading(level: {name[1]})[{self.inlines(el)}]" + (f" {label(el['id'])}" if el.get("id") else "")
        if name == "p":
            style = next((PARAGRAPH_CLASSES[c] for c in classes if c in PARAGRAPH_CLASSES), None)
            body = anchor + self.inlines(el)
            return f"#{style}[{body}]" if style else body
        if name in {"ul", "ol"}:
            return anchor + self.listing(el)
        if name == "dl":
            return anchor + self.definitions(el)
        if name == "table":
            return anchor + self.table(el)
        if name == "blockquote":
            return f"#quote(block: true)[{anchor}{self.blocks(el)}]"
        if name == "hr":
            return "" if el.find_parent(class_="footnote") else "#rule()"
        if name == "pre":
            return f"#raw(block: true, {string(el.get_text())})"
        if name == "figure":
            caption = el.find("figcaption")
            if caption is not None:
                caption.extract()
            body = self.blocks(el)
            return f"#fig[{anchor}{body}][{self.inlines(caption) if caption is not None else ''}]"
        if name == "fieldset" and "quiz-q" in classes:
            legend = el.find("legend")
            if legend is not None:
                legend.extract()
            return f"#quiz-q[{anchor}{self.inlines(legend) if legend is not None else ''}][{self.blocks(el)}]"
        if "quiz-lines" in classes:
            return "#quiz-lines()"
        if "grid" in classes:  # home-page cards: on paper, plain sections
            return anchor + self.blocks(el)
        style = next((BLOCK_CLASSES[c] for c in classes if c in BLOCK_CLASSES), None)
        if style:
            return f"#{style}[{anchor}{self.blocks(el)}]"
        if name in TRANSPARENT:
            body = self.blocks(el)
            return f"{anchor}\n\n{body}" if anchor else body
        raise ConversionError(f"no Typst form for <{name}> (class {' '.join(classes) or 'none'})")

    def listing(self, el: Tag) -> str:
        items = []
        for li in el.find_all("li", recursive=False):
            items.append(f"[{self.anchor(li)}{self.blocks(li)}]")
        if el.name == "ol":
            start = el.get("start")
            return f"#enum({'start: ' + str(int(start)) + ', ' if start else ''}{', '.join(items)})"
        return f"#list({', '.join(items)})"

    def definitions(self, el: Tag) -> str:
        cells = []
        for child in el.find_all(["dt", "dd"], recursive=False):
            body = self.blocks(child)
            cells.append(f"[#strong[{body}]]" if child.name == "dt" else f"[{body}]")
        return f"#facts({', '.join(cells)})"

    def table(self, el: Tag) -> str:
        rows = [tr.find_all(["th", "td"], recursive=False) for tr in el.find_all("tr")]
        if not rows:
            return ""
        header, body = [], []
        for tr, cells in zip(el.find_all("tr"), rows):
            out = []
            for i, cell in enumerate(cells):
                content = (self.anchor(tr) if i == 0 else "") + self.blocks(cell)
                if cell.name == "th":
                    content = f"#strong[{content}]"
                span = int(cell.get("colspan", 1))
                out.append(f"table.cell(colspan: {span})[{content}]" if span > 1 else f"[{content}]")
            (header if tr.find_parent("thead") else body).extend(out)
        head = f"table.header({', '.join(header)}), " if header else ""
        return f"#table(columns: {column_widths(rows)}, {head}{', '.join(body)})"

    # Inline content
    def inlines(self, el: Tag | None) -> str:
        return "" if el is None else "".join(self.inline(n) for n in el.children).strip()

    def inline(self, node) -> str:
        if isinstance(node, (Comment, Doctype)):
            return ""
        if isinstance(node, NavigableString):
            return text(str(node))
        name, classes = node.name, node.get("class", [])
        if name == "a":
            return self.link(node)
        anchor = self.anchor(node)
        if name in {"em", "i"}:
            return f"{anchor}#emph[{self.inlines(node)}]"
        if name in {"strong", "b"}:
            return f"{anchor}#strong[{self.inlines(node)}]"
        if name in {"sup", "sub"}:
            return f"{anchor}#{'super' if name == 'sup' else 'sub'}[{self.inlines(node)}]"
        if name == "code":
            return f"#raw({string(node.get_text())})"
        if name == "br":
            return "#linebreak()"
        if name == "svg":
            return self.svg(node)
        if name in {"span", "time", "label", "abbr"}:
            style = next((SPAN_CLASSES[c] for c in classes if c in SPAN_CLASSES), None)
            body = self.inlines(node)
            return f"{anchor}#{style}[{body}]" if style else anchor + body
        raise ConversionError(f"no Typst form for <{name}> inside text")

    def link(self, a: Tag) -> str:
        body = self.inlines(a)
        anchor = self.anchor(a)
        href = a.get("href")
        if not href:
            return anchor + body
        if href.startswith("#"):
            target = href[1:]
            if target not in self.ids:  # an anchor the PDF leaves out: its page instead
                target = target.split("--")[0]
            if target not in self.ids:
                raise ConversionError(f"link to #{href[1:]}, which is not in the PDF")
            return f"{anchor}#link({label(target)})[{body}]"
        if re.match(r"(https?|mailto):", href):
            return f"{anchor}#link({string(href)})[{body}]"
        raise ConversionError(f"link to {href!r}, neither inside the PDF nor on the web")

    def svg(self, el: Tag) -> str:
        source = str(el)
        if "xmlns=" not in source.split(">", 1)[0]:
            source = source.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
        width = el.get("width")
        # A drawing narrower than the text keeps its size (SVG px are 0.75 pt); wider ones fit the text.
        size = f"{float(width) * 0.75:.1f}pt" if width and float(width) * 0.75 < 450 else "100%"
        return f"#svg-image(bytes({string(source)}), {size})"

    def anchor(self, el: Tag) -> str:
        """An invisible mark carrying the element's id, for links to it."""
        return f"#metadata(none){label(el['id'])}" if el.get("id") and not re.fullmatch(r"h[1-6]", el.name) else ""
