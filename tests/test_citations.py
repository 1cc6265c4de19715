"""Citations: finding them, and Chicago notes in a real MkDocs build."""

import html as htmllib
import re

import markdown
import pytest

from studyguide import citations

PAGE = """\
---
title: Notes
---

# Notes

First claim [@alpha2001book, 12]. Second claim [@beta2002article, 7].
An ordinary footnote here.[^plain] Again [see @alpha2001book, 30; @beta2002article, 9], and once more [@alpha2001book, n. 4].

```python
@decorator
def f(): return "[@alpha2001book]"
```

Mail me at someone@example.org, or write `[@beta2002article]` literally.

[^plain]: An ordinary note.
"""


def notes_of(html):
    body = html.split('<div class="footnote"', 1)[1]
    return [htmllib.unescape(re.sub(r"<[^>]+>", "", li)).replace("\u21a9", "").strip()
            for li in re.findall(r'<li id="fn:[^"]+">(.*?)</li>', body, re.S)]


def test_find_skips_code_email_links_and_footnote_refs():
    md = "A [@a, 3]. `[@b]` x@y.org [text](p.md) [^1] ![img](i.png)\n\n```\n[@c]\n```\n"
    assert [c.keys for c in citations.find(md)] == [("a",)]


def ref(label, number, nth=""):
    return f'\u2060<sup id="fnref{nth}:{label}"><a class="footnote-ref" href="#fn:{label}">{number}</a></sup>'


def test_apply_moves_note_after_punctuation_and_numbers_in_order():
    md = "One [@a]. Two [@b], three [@a]"
    out, items = citations.apply(md, citations.find(md), ["N1", "N2", "<em>N3</em>"], markdown.markdown)
    assert out == f"One.{ref('cite-1', 1)} Two,{ref('cite-2', 2)} three{ref('cite-3', 3)}"
    assert items[2] == ('<li id="fn:cite-3">\n<p><em>N3</em>&#160;<a class="footnote-backref" href="#fnref:cite-3" '
                        'title="Jump back to footnote 3 in the text">&#8617;</a></p>\n</li>')


def test_citation_wrapped_onto_its_own_line_still_follows_the_word():
    md = "The last word\n[@a].\n\nNext paragraph.\n\n[@b] opens this one."
    out, _ = citations.apply(md, citations.find(md), ["N1", "N2"], markdown.markdown)
    assert out == f"The last word.{ref('cite-1', 1)}\n\nNext paragraph.\n\n{ref('cite-2', 2)} opens this one."


def test_ordinary_footnotes_are_numbered_with_citations_and_may_cite():
    md = ("A [@a]. B[^x] and `[^code]` C[^x].\n\n[^x]: A *plain* note [@b].\n\n    Second paragraph.\n\n"
          "    - and a list\n")
    out, items = citations.apply(md, citations.find(md), ["N1", "N2"], markdown.markdown)
    assert out.rstrip() == (f"A.{ref('cite-1', 1)} B{ref('x', 2)} and `[^code]` C{ref('x', 2, nth='2')}.")
    assert [re.search(r'id="fn:([^"]+)"', i).group(1) for i in items] == ["cite-1", "x", "cite-2"]
    note = items[1]
    assert "<em>plain</em> note" in note and ref("cite-2", 3) in note and "<p>Second paragraph.</p>" in note
    # the way back to each reference follows the list the note ends with
    assert note.endswith('<a class="footnote-backref" href="#fnref:x" title="Jump back to footnote 2 in the text">'
                         '&#8617;</a>&#160;<a class="footnote-backref" href="#fnref2:x" title="Jump back to footnote '
                         '2 in the text">&#8617;</a></p>\n</li>') and "</ul>\n<p><a" in note


def test_notes_go_where_their_marker_stands_once():
    page = "<article><p>Text</p>\n<!-- notes --></article>"
    out = citations.insert_notes(page, ["<li>a</li>", "<li>b</li>"], "<!-- notes -->", "x.md")
    assert out.startswith("<article><p>Text</p>\n<div class=\"footnote\" data-search-exclude")
    assert "auto 126px" in out and out.endswith("<li>a</li>\n<li>b</li>\n</ol>\n</div></article>")
    for twice_or_none in (page + page, "<article></article>"):
        with pytest.raises(citations.GuideError, match="x.md: the page template must show the page's content once"):
            citations.insert_notes(twice_or_none, ["<li>a</li>"], "<!-- notes -->", "x.md")


@pytest.mark.parametrize("md, message", [
    ("Text.[^a]\n\nMore.[^b]\n\n[^a]: Note.\n", "page.md:13: footnote [^b] has no definition"),
    ("Text.\n\n[^a]: Note.\n", "page.md:13: footnote [^a] is defined but never referenced"),
    ("Text.[^a]\n\n[^a]: Note.\n\n[^a]: Again.\n", "page.md:15: footnote [^a] is defined twice (first on line 13)"),
])
def test_footnote_errors_name_the_line(md, message):
    with pytest.raises(citations.GuideError) as err:
        citations.check_footnotes(md, "page.md", first_line=11)
    assert str(err.value).startswith(message)


def test_citation_may_wrap_a_line_but_not_a_paragraph():
    assert [c.text for c in citations.find("A claim [@a,\nn. 13].")] == ["[@a,\nn. 13]"]
    with pytest.raises(citations.GuideError, match="no closing"):
        citations.find("A claim [@b, 3\n\n] ends the paragraph first.")


def test_stray_backtick_does_not_hide_later_paragraphs():
    md = "A lone ` backtick.\n\nA claim [@a, 3].\n\nThen a ` later."
    assert [c.keys for c in citations.find(md)] == [("a",)]


def test_unclosed_citation_is_an_error_with_line():
    with pytest.raises(citations.GuideError, match=r"^page\.md:6: citation '\[see @a'… has no closing"):
        citations.find("x\n\ny [see @a, n. 3. More.\n\nz [@b].", "page.md", first_line=4)
    # a link whose text starts with @ is not a citation
    assert [c.keys for c in citations.find("[@handle](https://example.org) [@b]")] == [("b",)]


def test_part_without_key_is_an_error_with_line():
    try:
        citations.find("x\n\ny [@a, n. 3; n. 4]", "page.md", first_line=5)
    except citations.GuideError as exc:
        assert str(exc).startswith("page.md:7:")
    else:
        raise AssertionError("a citation part without @key must fail")


def test_notes_in_a_real_build(site):
    built = site({"index.md": PAGE})
    assert built.returncode == 0, built.output
    html = built.html("index.html")
    notes = notes_of(html)
    # four citations and one ordinary footnote, numbered together in reading order
    assert len(notes) == 5
    assert notes[0].startswith("Ann Alpha, A Book about Things (Example Press, 2001), 12.")
    assert notes[1].startswith("Ben Beta, “An Article,” Journal of Examples 3 (2002): 7.")
    assert notes[2] == "An ordinary note."
    # later notes for the same work are short, with their own locators and prefixes
    assert notes[3].startswith("See Alpha, A Book about Things, 30; Beta, “An Article,” 9.")
    assert notes[4].startswith("Alpha, A Book about Things, n. 4.")
    # code blocks and e-mail addresses are left alone, and no marker survives
    assert "@decorator" in html and "someone@example.org" in html
    text_outside_code = re.sub(r"<code>.*?</code>|<pre.*?</pre>", "", html, flags=re.S)
    assert "[@" not in text_outside_code
    # note references sit after the punctuation, in reading order
    refs = re.findall(r'<sup id="fnref:([^"]+)"', html)
    assert refs == ["cite-1", "cite-2", "plain", "cite-3", "cite-4"]


def test_full_note_again_on_another_page(site):
    built = site({"index.md": PAGE, "other.md": "# Other\n\nAgain [@alpha2001book, 99].\n"})
    assert built.returncode == 0, built.output
    assert notes_of(built.html("other/index.html"))[0].startswith("Ann Alpha, A Book about Things (Example Press, 2001), 99.")


def test_unknown_key_fails_with_file_and_line(site):
    built = site({"index.md": "# Home\n\nFine [@alpha2001book, 1].\nBad [@nosuch1999key, 3].\n"})
    assert built.returncode != 0
    assert "docs/index.md:4: unknown citation key @nosuch1999key" in built.output


def test_uncited_entry_fails_unless_further_reading(site):
    built = site({"index.md": "# Home\n\nOnly [@alpha2001book, 1].\n"})
    assert built.returncode != 0
    assert "bibliography.bib:9: beta2002article is cited nowhere" in built.output


def test_notes_in_tables_are_numbered_in_reading_order(site):
    page = ("# T\n\nBefore [@alpha2001book, 1].\n\n| a | b |\n|---|---|\n| x [@beta2002article, 2] | y[^n] |\n\n"
            "After [@alpha2001book, 3].\n\n[^n]: Plain.\n    Continued line.\n")
    built = site({"index.md": page})
    assert built.returncode == 0, built.output
    html = built.html("index.html")
    numbers = re.findall(r'<sup id="fnref:([^"]+)"><a class="footnote-ref" href="[^"]+">(\d+)</a>', html)
    assert numbers == [("cite-1", "1"), ("cite-2", "2"), ("n", "3"), ("cite-3", "4")]
    assert "Continued line." in notes_of(html)[2]
