"""The built pages' HTML as Typst markup, for the PDF.

Only the elements and classes the guide's pages use are mapped; any other element is an
error naming it, so a new construct cannot vanish from the PDF unnoticed. Styling is left to
the template (``pdf.typ``): an element whose class matters for print becomes a call to one
of the template's functions (``gl-header``, ``tl-event``...), everything else plain markup.
Links to ``#id`` become links to Typst labels; an element with an id carries that label, and
a link to an id that no element carries is an error.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from bs4 import NavigableString, Tag
from bs4.element import Comment, Doctype

# Characters with a meaning in Typst markup, escaped in text. "." and "-" too: "1." or "-" at
# the start of a line would open a list, and "..." and "--" would become other characters;
# ";" and "(" straight after an embedded call (#emph[...]) would end or continue it.
_SPECIAL = re.compile(r"([\\#*_`$<>@\[\]=+\-/~'\".;(])")
# Labels allow letters, digits and a few marks; anything else in an id is spelled out, "_" included,
# so that two ids never share a label.
_UNSAFE_IN_LABEL = re.compile(r"[^A-Za-z0-9:.\-]")
# HTML collapses these, not the no-break space.
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")

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
# The HTML parser lowercases names; SVG's are case-sensitive (the HTML standard's lists of SVG names).
_SVG_NAMES = {n.lower(): n for n in (
    "altGlyph altGlyphDef altGlyphItem animateColor animateMotion animateTransform clipPath feBlend feColorMatrix "
    "feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight "
    "feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology "
    "feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence foreignObject glyphRef "
    "linearGradient radialGradient textPath").split()}
_SVG_ATTRIBUTES = {n.lower(): n for n in (
    "attributeName attributeType baseFrequency baseProfile calcMode clipPathUnits diffuseConstant edgeMode "
    "filterUnits glyphRef gradientTransform gradientUnits kernelMatrix kernelUnitLength keyPoints keySplines "
    "keyTimes lengthAdjust limitingConeAngle markerHeight markerUnits markerWidth maskContentUnits maskUnits "
    "numOctaves pathLength patternContentUnits patternTransform patternUnits pointsAtX pointsAtY pointsAtZ "
    "preserveAlpha preserveAspectRatio primitiveUnits refX refY repeatCount repeatDur requiredExtensions "
    "requiredFeatures specularConstant specularExponent spreadMethod startOffset stdDeviation stitchTiles "
    "surfaceScale systemLanguage tableValues targetX targetY textLength viewBox viewTarget xChannelSelector "
    "yChannelSelector zoomAndPan").split()}
TEXT_WIDTH_MM, FIGURE_HEIGHT_MM = 170, 150  # A4's text width; figures no taller, so a caption fits below


class ConversionError(ValueError):
    pass


def text(value: str) -> str:
    """Plain text as Typst markup: whitespace collapsed as HTML does, special characters escaped."""
    return _SPECIAL.sub(r"\\\1", _HTML_SPACE.sub(" ", value))


def string(value: str) -> str:
    """A Typst string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def label(html_id: str) -> str:
    """The Typst label for an HTML id."""
    return "<" + _UNSAFE_IN_LABEL.sub(lambda m: f"_{ord(m.group()):x}_", html_id) + ">"


def column_widths(rows, width_mm: float = TEXT_WIDTH_MM, char_mm: float = 1.9) -> str:
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
    pad = 4.5  # the cells' padding, 3.6 mm, and a little room
    floor = [w * char_mm + pad for w in longest]
    wanted = [max(n / max(c, 1) * char_mm + pad, f) for n, c, f in zip(length, count, floor)]
    spare = max(width_mm - sum(floor), 0)
    excess = sum(w - f for w, f in zip(wanted, floor)) or 1
    share = min(spare / excess, 1)
    return "(" + ", ".join(f"{f + (w - f) * share:.1f}fr" for f, w in zip(floor, wanted)) + ",)"


class Converter:
    """Converts the pages of one document. Set ``page`` to the page being converted, so that errors
    name it; ``check_links`` then finds links whose target no element carries."""

    def __init__(self):
        self.page = ""
        self.labelled: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (target id, page it is on)

    def anchor(self, html_id: str | None) -> str:
        """An invisible mark carrying an id, for links to it."""
        if not html_id:
            return ""
        self.claim(html_id)
        return f"#metadata(none){label(html_id)}"

    def claim(self, html_id: str) -> None:
        if html_id in self.labelled:
            raise ConversionError(f"the id {html_id!r} is used twice")
        self.labelled.add(html_id)

    def anchors_within(self, el: Tag) -> str:
        """Marks for the ids inside an element printed as plain text (code), so links to them still land."""
        return "".join(self.anchor(inner["id"]) for inner in el.find_all(id=True))

    def check_links(self) -> None:
        missing = [(page, target) for target, page in self.links if target not in self.labelled]
        if missing:
            raise ConversionError("links to anchors the PDF does not have: " + "; ".join(
                f"{page or 'home page'}: #{target}" for page, target in missing[:5]) +
                (f" and {len(missing) - 5} more" if len(missing) > 5 else ""))

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
        return "".join(self.inline(n) for n in nodes).strip(" ")

    def block(self, el: Tag) -> str:
        classes = el.get("class", [])
        name = el.name
        if re.fullmatch(r"h[1-6]", name):
            heading = f"#heading(level: {name[1]})[{self.line(el)}]"
            if el.get("id"):
                self.claim(el["id"])
                heading += f" {label(el['id'])}"
            return heading
        anchor = self.anchor(el.get("id"))
        if name == "p":
            style = next((PARAGRAPH_CLASSES[c] for c in classes if c in PARAGRAPH_CLASSES), None)
            body = anchor + self.line(el)
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
            return f"{anchor}{self.anchors_within(el)}#raw(block: true, {string(el.get_text())})"
        if name == "figure":
            caption = self.take(el, "figcaption")
            return f"#fig[{anchor}{self.blocks(el)}][{caption}]"
        if name == "fieldset" and "quiz-q" in classes:
            legend = self.take(el, "legend")
            return f"#quiz-q[{anchor}{legend}][{self.blocks(el)}]"
        if "quiz-lines" in classes:
            return "#quiz-lines()"
        style = next((BLOCK_CLASSES[c] for c in classes if c in BLOCK_CLASSES), None)
        if style:
            return f"#{style}[{anchor}{self.blocks(el)}]"
        if name in TRANSPARENT:
            body = self.blocks(el)
            return f"{anchor}\n\n{body}" if anchor else body
        raise ConversionError(f"no Typst form for <{name}> (class {' '.join(classes) or 'none'})")

    def listing(self, el: Tag) -> str:
        items = ", ".join(f"[{self.anchor(li.get('id'))}{self.blocks(li)}]" for li in el.find_all("li", recursive=False))
        parent = el.parent
        if parent is not None and "grid" in parent.get("class", []):  # the home page's cards: on paper, sections
            return f"#cards({items})"
        if el.name == "ol":
            start = el.get("start")
            return f"#enum({'start: ' + str(int(start)) + ', ' if start else ''}{items})"
        return f"#list({items})"

    def definitions(self, el: Tag) -> str:
        cells = []
        for child in el.find_all(["dt", "dd"]):
            if child.find_parent("dl") is not el:  # a nested list's terms belong to it
                continue
            body = self.anchor(child.get("id")) + self.blocks(child)
            cells.append(f"[#strong[{body}]]" if child.name == "dt" else f"[{body}]")
        return f"#facts({', '.join(cells)})"

    def table(self, el: Tag) -> str:
        trs = [tr for tr in el.find_all("tr") if tr.find_parent("table") is el]
        rows = [tr.find_all(["th", "td"], recursive=False) for tr in trs]
        if not rows:
            return ""
        header, body = [], []
        for tr, cells in zip(trs, rows):
            out = []
            for i, cell in enumerate(cells):
                content = (self.anchor(tr.get("id")) if i == 0 else "") + self.anchor(cell.get("id")) + self.blocks(cell)
                if cell.name == "th":
                    content = f"#strong[{content}]"
                spans = ", ".join(f"{name}: {int(cell[name])}" for name in ("colspan", "rowspan")
                                  if int(cell.get(name, 1)) > 1)
                out.append(f"table.cell({spans})[{content}]" if spans else f"[{content}]")
            (header if tr.find_parent("thead") else body).extend(out)
        head = f"table.header({', '.join(header)}), " if header else ""
        caption = self.take(el, "caption")
        above = f"#table-caption[{caption}]\n\n" if caption else ""
        return f"{above}#table(columns: {column_widths(rows)}, {head}{', '.join(body)})"

    def take(self, el: Tag, name: str) -> str:
        """A child's text as one line (a caption, a legend), with its anchor, taken out of ``el``."""
        child = el.find(name)
        if child is None:
            return ""
        child.extract()
        return self.anchor(child.get("id")) + self.line(child)

    # Inline content
    def line(self, el: Tag) -> str:
        """An element's content as one paragraph's text, trimmed as HTML trims a block's edges."""
        return self.inlines(el).strip(" ")

    def inlines(self, el: Tag) -> str:
        return "".join(self.inline(n) for n in el.children)

    def inline(self, node) -> str:
        if isinstance(node, (Comment, Doctype)):
            return ""
        if isinstance(node, NavigableString):
            return text(str(node))
        name, classes = node.name, node.get("class", [])
        if name == "a":
            return self.link(node)
        if name == "svg":
            return self.svg(node)
        anchor = self.anchor(node.get("id"))
        if name in {"em", "i"}:
            return f"{anchor}#emph[{self.inlines(node)}]"
        if name in {"strong", "b"}:
            return f"{anchor}#strong[{self.inlines(node)}]"
        if name in {"sup", "sub"}:
            return f"{anchor}#{'super' if name == 'sup' else 'sub'}[{self.inlines(node)}]"
        if name == "code":
            return f"{anchor}{self.anchors_within(node)}#raw({string(node.get_text())})"
        if name == "br":
            return "#linebreak()"
        if name in {"span", "time", "label", "abbr"}:
            style = next((SPAN_CLASSES[c] for c in classes if c in SPAN_CLASSES), None)
            body = self.inlines(node)
            return f"{anchor}#{style}[{body}]" if style else anchor + body
        raise ConversionError(f"no Typst form for <{name}> inside text")

    def link(self, a: Tag) -> str:
        body = self.inlines(a)
        anchor = self.anchor(a.get("id"))
        href = a.get("href")
        if not href:
            return anchor + body
        if href.startswith("#"):
            self.links.append((href[1:], self.page))
            # Glossary links in the text's own colour: on paper, a page of blue names would distract.
            # An entry's "Mentioned in" gives each place's page, as an index does.
            call = ("gloss-link" if "glossary-link" in a.get("class", [])
                    else "page-link" if a.find_parent(class_="glossary-backlinks") else "link")
            return f"{anchor}#{call}({label(href[1:])})[{body}]"
        if re.match(r"(https?|mailto):", href):
            return f"{anchor}#link({string(href)})[{body}]"
        raise ConversionError(f"link to {href!r}, neither inside the PDF nor on the web")

    def svg(self, el: Tag) -> str:
        """A drawing as an image (its own links and ids do not reach the PDF). It keeps its size (SVG
        px are 0.75 pt) unless wider than the text or taller than ``FIGURE_HEIGHT_MM``."""
        anchor = self.anchor(el.get("id"))
        for tag in (el, *el.find_all(True)):
            tag.name = _SVG_NAMES.get(tag.name, tag.name)
            tag.attrs = {_SVG_ATTRIBUTES.get(k, k): v for k, v in tag.attrs.items()}
        source = str(el)
        if "xmlns=" not in source.split(">", 1)[0]:
            source = source.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
        try:  # Typst would report a broken drawing without saying on which page
            ElementTree.fromstring(source)
        except ElementTree.ParseError as e:
            raise ConversionError(f"a drawing (<svg>) that is not well-formed XML: {e}") from None
        width = TEXT_WIDTH_MM
        if re.fullmatch(r"[\d.]+(px)?", el.get("width", "")):
            width = min(float(el["width"].removesuffix("px")) * 0.75 * 25.4 / 72, TEXT_WIDTH_MM)
        box = el.get("viewBox", "").replace(",", " ").split()
        if len(box) == 4 and re.fullmatch(r"[\d.]+ [\d.]+", f"{box[2]} {box[3]}") and float(box[3]) > 0:
            width = min(width, FIGURE_HEIGHT_MM * float(box[2]) / float(box[3]))
        size = "100%" if width >= TEXT_WIDTH_MM else f"{width:.1f}mm"
        return f"{anchor}#svg-image(bytes({string(source)}), {size})"
