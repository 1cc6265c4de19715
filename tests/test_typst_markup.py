"""The HTML-to-Typst conversion behind the PDF: escaping, links, anchors, tables, and loud failures."""

import re
import subprocess

import pytest
import typst
from bs4 import BeautifulSoup

from conftest import ROOT
from studyguide.pdf import PdfPage, TypesettingError, assemble, write_pdf
from studyguide.typst_markup import ConversionError, Converter, column_widths, label, text


def convert(html: str, labelled=()) -> str:
    """The markup for some HTML; links must reach an id in it or in ``labelled``."""
    soup = BeautifulSoup(f"<article>{html}</article>", "html.parser")
    converter = Converter()
    converter.page = "sources/x/"
    markup = converter.blocks(soup.article)
    converter.labelled |= set(labelled)
    converter.check_links()
    return markup


def typeset_text(markup: str, tmp_path) -> str:
    """Typeset markup with the real Typst and read the text back with poppler."""
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(typst.compile(markup.encode("utf-8"), format="pdf"))
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_text_with_every_markup_character_prints_as_written(tmp_path):
    raw = ("1. - + = #x *b* _i_ `c` $m$ <l> @r [s] ~ / // /* a */ \\ 'q' \"d\" ... -- --- "
           "http://example.org a:b")
    printed = typeset_text(text(raw), tmp_path)
    assert re.sub(r"\s+", " ", printed).strip() == raw


def test_whitespace_collapses_as_in_html():
    assert text("a \n\n  b\tc") == "a b c"  # a blank line in the source would end the paragraph


def test_text_after_an_element_prints_as_written(tmp_path):
    # ";" would end the call before it and "(" continue it; spaces at an element's edge are kept
    markup = convert("<p><em>a</em>; b <em>c</em>(d) see<em> this</em> <code>x</code>(y)</p>")
    assert re.sub(r"\s+", " ", typeset_text(markup, tmp_path)).strip() == "a; b c(d) see this x(y)"


def test_labels_keep_ids_apart_and_usable(tmp_path):
    ids = ["page-x--fn:cite-1", "a b", "a-b", "a_b", "x½"]
    assert len({label(i) for i in ids}) == len(ids)
    assert label("page-x--fn:cite-1") == "<page-x--fn:cite-1>"
    markup = "\n\n".join(f"#metadata(none){label(i)}#link({label(i)})[{n}]" for n, i in enumerate(ids))
    assert typeset_text(markup, tmp_path).split() == ["0", "1", "2", "3", "4"]


def test_note_reference_and_note_link_both_ways(tmp_path):
    markup = convert('<p>Claim.<sup id="p--fnref:1"><a class="footnote-ref" href="#p--fn:1">1</a></sup></p>'
                     '<div class="footnote"><hr><ol><li id="p--fn:1"><p>Source, 12. '
                     '<a class="footnote-backref" href="#p--fnref:1">↩</a></p></li></ol></div>')
    assert "#metadata(none)<p--fnref:1>#super[#link(<p--fn:1>)[1]]" in markup
    assert "#metadata(none)<p--fn:1>" in markup and "#link(<p--fnref:1>)[↩]" in markup
    template = "#let notes(body) = body\n"
    assert "Source, 12." in typeset_text(template + markup, tmp_path)


def test_link_to_an_anchor_no_element_carries_fails_naming_its_page():
    with pytest.raises(ConversionError, match="sources/x/: #page-nowhere--a"):
        convert('<p><a href="#page-nowhere--a">see</a></p>')
    with pytest.raises(ConversionError, match="neither inside the PDF nor on the web"):
        convert('<p><a href="../other/">see</a></p>')
    # ids on cells, terms and code are anchors too
    convert('<table><tr><td id="c">1</td></tr></table><dl><dt id="t">T</dt><dd>D</dd></dl><p><code id="k">x</code>'
            '<a href="#c">c</a><a href="#t">t</a><a href="#k">k</a></p>')


def test_web_links_stay_links():
    assert '#link("https://example.org/a?b=\\"c\\"")[site]' in convert('<p><a href=\'https://example.org/a?b="c"\'>'
                                                                       'site</a></p>')


@pytest.mark.parametrize("html, element", [("<video></video>", "<video>"), ("<p><input></p>", "<input>")])
def test_an_element_without_a_print_form_fails_naming_it(html, element):
    with pytest.raises(ConversionError, match=element):
        convert(html)


def test_table_header_cells_are_bold_and_rows_keep_their_anchor():
    markup = convert('<table><thead><tr><th>Date</th><th>Gist</th></tr></thead>'
                     '<tbody><tr id="t--row"><td>1949</td><td>Long text here</td></tr></tbody></table>')
    assert "table.header([#strong[Date]], [#strong[Gist]])" in markup
    assert "[#metadata(none)<t--row>1949]" in markup


def table_rows(html):
    soup = BeautifulSoup(html, "html.parser")
    return [tr.find_all(["th", "td"], recursive=False) for tr in soup.find_all("tr")]


def test_columns_share_the_width_by_what_they_hold():
    rows = table_rows("<table>" + "<tr><td>1949</td><td>" + "word " * 60 + "</td></tr>" * 5 + "</table>")
    narrow, wide = (float(w) for w in re.findall(r"([\d.]+)fr", column_widths(rows)))
    assert wide > 4 * narrow
    assert narrow >= 4 * 1.5 + 4  # never narrower than its longest word, "1949", and padding


def test_svg_keeps_its_size_unless_wider_than_the_text_or_too_tall():
    small = convert('<p><svg width="356" height="83" viewBox="0 0 356 83"><rect width="1" height="1"/></svg></p>')
    wide = convert('<p><svg width="900" height="83" viewBox="0 0 900 83"><rect width="1" height="1"/></svg></p>')
    tall = convert('<p><svg viewBox="0 0 560 969"><rect width="1" height="1"/></svg></p>')
    assert small.endswith(", 94.2mm)") and wide.endswith(", 100%)")
    assert tall.endswith(", 86.7mm)")  # 150 mm high, so its caption fits on the page
    assert 'xmlns=\\"http://www.w3.org/2000/svg\\"' in small  # inline SVG in HTML may omit it; an image needs it


def test_svg_names_get_their_case_back(tmp_path):
    # the HTML parser lowercases names, and SVG's are case-sensitive: without viewBox and clipPath a map
    # loses its frame and scale
    markup = convert('<p><svg viewBox="0 0 10 10"><clipPath id="f"><rect width="5" height="5"/></clipPath>'
                     '<g clip-path="url(#f)"><rect width="10" height="10"/></g></svg></p>')
    assert "viewBox=" in markup and "<clipPath" in markup and "viewbox" not in markup


def test_spanning_cells_captions_and_grouped_terms_are_kept():
    markup = convert('<table><caption>Sources</caption><tr><td rowspan="2">A</td><td>B</td></tr><tr><td>C</td></tr>'
                     '</table><dl><div><dt>Date</dt><dd>1950</dd></div></dl>')
    assert "#table-caption[Sources]" in markup and "table.cell(rowspan: 2)[A]" in markup
    assert "#facts([#strong[Date]], [1950])" in markup


def test_a_typst_error_names_the_page(tmp_path):
    document = "Cover\n\n// page: sources/x/\nText #emph[x](1950)\n"
    with pytest.raises(TypesettingError, match=r"the page sources/x/ \(line 4"):
        write_pdf(document, tmp_path / "x.pdf")


def test_no_break_spaces_are_kept():
    assert text("n.\u00a029") == "n\\.\u00a029"


def test_a_typst_warning_fails_the_pdf_and_writes_nothing(tmp_path):
    with pytest.raises(TypesettingError, match="unknown font family"):
        write_pdf('#set text(font: "No Such Font")\nHello', tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_a_page_that_cannot_be_converted_is_named(tmp_path):
    (tmp_path / "sources" / "x").mkdir(parents=True)
    (tmp_path / "index.html").write_text("<article><h1>Home</h1><p>Hi</p></article>", encoding="utf-8")
    (tmp_path / "sources" / "x" / "index.html").write_text("<article><h1>X</h1><video></video></article>",
                                                          encoding="utf-8")
    pages = [PdfPage("", "Home", "Guide"), PdfPage("sources/x/", "X", "Sources")]
    with pytest.raises(ConversionError, match=r"sources/x/: no Typst form for <video>"):
        assemble(tmp_path, pages, "T", "", "", "", "https://example.org/")


def test_a_box_too_tall_for_a_page_breaks_instead_of_losing_lines(tmp_path):
    template = '#set page(paper: "a4")\n' + (ROOT / "studyguide" / "pdf.typ").read_text(encoding="utf-8")
    lines = "\n\n".join(f"Line {i} of a long note." for i in range(90))
    printed = typeset_text(f"{template}\n#lorem(300)\n\n#admonition[{lines}]\n\nAfter.\n", tmp_path)
    assert all(f"Line {i} of" in printed for i in range(90)) and "After." in printed


def test_headings_are_never_hyphenated(tmp_path):
    template = '#set page(paper: "a6")\n' + (ROOT / "studyguide" / "pdf.typ").read_text(encoding="utf-8")
    title = "NSC-48, US strategic policy for the Far East, December 1949, and its consequences"
    printed = typeset_text(f"{template}\n= {title}\n\n#lorem(30)\n", tmp_path)
    heading = printed[:printed.index("Lorem")]
    assert "\u00ad" not in heading and re.sub(r"\s+", " ", heading).strip() == title
