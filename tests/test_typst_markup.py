"""The HTML-to-Typst conversion behind the PDF: escaping, links, anchors, tables, and loud failures."""

import re
import subprocess

import pytest
import typst
from bs4 import BeautifulSoup

from studyguide.pdf import PdfPage, TypesettingError, assemble, write_pdf
from studyguide.typst_markup import ConversionError, Converter, column_widths, label, text


def convert(html: str, ids=()) -> str:
    soup = BeautifulSoup(f"<article>{html}</article>", "html.parser")
    return Converter(set(ids) | {el["id"] for el in soup.find_all(id=True)}).blocks(soup.article)


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


def test_labels_keep_ids_apart_and_usable():
    assert label("page-x--fn:cite-1") == "<page-x--fn:cite-1>"
    assert label("page-x--a b/é") == "<page-x--a-b-é>"


def test_note_reference_and_note_link_both_ways(tmp_path):
    markup = convert('<p>Claim.<sup id="p--fnref:1"><a class="footnote-ref" href="#p--fn:1">1</a></sup></p>'
                     '<div class="footnote"><hr><ol><li id="p--fn:1"><p>Source, 12. '
                     '<a class="footnote-backref" href="#p--fnref:1">↩</a></p></li></ol></div>')
    assert "#metadata(none)<p--fnref:1>#super[#link(<p--fn:1>)[1]]" in markup
    assert "#metadata(none)<p--fn:1>" in markup and "#link(<p--fnref:1>)[↩]" in markup
    template = "#let notes(body) = body\n"
    assert "Source, 12." in typeset_text(template + markup, tmp_path)


def test_link_to_an_anchor_left_out_goes_to_its_page():
    markup = convert('<p><a href="#page-x--mentioned-in">see</a></p>', ids={"page-x"})
    assert "#link(<page-x>)[see]" in markup


def test_link_to_a_page_not_in_the_pdf_fails():
    with pytest.raises(ConversionError, match="#page-nowhere--a"):
        convert('<p><a href="#page-nowhere--a">see</a></p>')
    with pytest.raises(ConversionError, match="neither inside the PDF nor on the web"):
        convert('<p><a href="../other/">see</a></p>')


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


def test_svg_keeps_its_size_unless_wider_than_the_text():
    small = convert('<p><svg width="356" height="83" viewBox="0 0 356 83"><rect width="1" height="1"/></svg></p>')
    wide = convert('<p><svg width="900" height="83" viewBox="0 0 900 83"><rect width="1" height="1"/></svg></p>')
    assert small.endswith(", 267.0pt)") and wide.endswith(", 100%)")
    assert 'xmlns=\\"http://www.w3.org/2000/svg\\"' in small  # inline SVG in HTML may omit it; an image needs it


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
