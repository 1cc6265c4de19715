"""Citations: finding them, and Chicago notes in a real MkDocs build."""

import html as htmllib
import re

import markdown
import pytest

from studyguide import citations
from studyguide.noterefs import NoteReferences

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
    """A reference as a page shows it, joined to the word before it."""
    return f'\u2060<sup id="fnref{nth}:{label}"><a class="footnote-ref" href="#fn:{label}">{number}</a></sup>'


def token(number, nth, label):
    """A reference as ``apply`` writes it in the Markdown."""
    return citations.reference(number, nth, label)


def back(label, number, nth=""):
    return (f'<a class="footnote-backref" href="#fnref{nth}:{label}" title="Jump back to footnote {number} in the text">'
            '&#8617;</a>')


def render(md, notes):
    """Python-Markdown's HTML for ``md`` with its notes, as the hooks make it: (page, notes list items)."""
    out, found = citations.apply(md, citations.find(md), notes)
    html = markdown.markdown(out, extensions=[NoteReferences(), "toc", "tables"])
    assert citations.left_over(html) is None
    return citations.render_references(citations.take_notes(html, found)), citations.note_items(found)


def test_apply_moves_note_after_punctuation_and_numbers_in_order():
    md = "One [@a]. Two [@b], three [@a]"
    out, notes = citations.apply(md, citations.find(md), ["N1", "N2", "<em>N3</em>"])
    assert out == f"One.{token(1, 1, 'cite-1')} Two,{token(2, 1, 'cite-2')} three{token(3, 1, 'cite-3')}\n"
    html, items = render(md, ["N1", "N2", "<em>N3</em>"])
    assert html == f"<p>One.{ref('cite-1', 1)} Two,{ref('cite-2', 2)} three{ref('cite-3', 3)}</p>"
    assert items[2] == f'<li id="fn:cite-3">\n<p><em>N3</em>&#160;{back("cite-3", 3)}</p>\n</li>'


def test_citation_wrapped_onto_its_own_line_still_follows_the_word():
    md = "The last word\n[@a].\n\nNext paragraph.\n\n[@b] opens this one."
    out, _ = citations.apply(md, citations.find(md), ["N1", "N2"])
    assert out == f"The last word.{token(1, 1, 'cite-1')}\n\nNext paragraph.\n\n{token(2, 1, 'cite-2')} opens this one.\n"


def test_ordinary_footnotes_are_numbered_with_citations_and_may_cite():
    md = ("A [@a]. B[^my note] and `[^code]` C[^my note].\n\n[^my note]: A *plain* note [@b] with a [link](p.md).\n\n"
          "    Second paragraph.\n\n    - and a list\n")
    html, items = render(md, ["N1", "N2"])
    label = "my note"
    assert html.rstrip() == (f"<p>A.{ref('cite-1', 1)} B{ref(label, 2)} and <code>[^code]</code> "
                    f"C{ref(label, 2, nth='2')}.</p>")  # the note itself has left the page
    assert [re.search(r'id="fn:([^"]+)"', i).group(1) for i in items] == ["cite-1", "my note", "cite-2"]
    note = items[1]
    assert '<em>plain</em> note' in note and ref("cite-2", 3) in note and '<a href="p.md">link</a>' in note
    assert "<p>Second paragraph.</p>" in note
    # Python-Markdown's markup: the ways back to each reference follow the list the note ends with
    assert note.endswith(f"</ul>\n<p>&#160;{back(label, 2)}{back(label, 2, nth='2')}</p>\n</li>")


def test_references_in_headings_stay_out_of_their_ids_and_contents():
    html, _ = render("## The decision [@a]\n\nText.", ["N1"])
    assert html.startswith(f'<h2 id="the-decision">The decision{ref("cite-1", 1)}</h2>')


def test_notes_go_where_their_marker_stands_once():
    page = "<article><p>Text</p>\n<!-- notes --></article>"
    out = citations.insert_notes(page, ["<li>a</li>", "<li>b</li>"], "<!-- notes -->", "x.md")
    assert out.startswith("<article><p>Text</p>\n<div class=\"footnote\" style=\"contain-intrinsic-size: auto 126px\">")
    assert out.endswith("<li>a</li>\n<li>b</li>\n</ol>\n</div></article>")
    for twice_or_none in (page + page, "<article></article>"):
        with pytest.raises(citations.GuideError, match="x.md: the page template must show the page's content once"):
            citations.insert_notes(twice_or_none, ["<li>a</li>"], "<!-- notes -->", "x.md")


@pytest.mark.parametrize("md, message", [
    ("Text.[^a]\n\nMore.[^b]\n\n[^a]: Note.\n", "page.md:13: footnote [^b] has no definition ([^b]: text)"),
    ("Text.\n\n[^a]: Note.\n\n[^b]: Other.\n\nNow [^b].\n",
     "page.md:13: footnote [^a] is defined but never referenced"),
    ("Text.[^a]\n\n[^a]: Note.\n\n[^a]: Again.\n\n[^a]: Thrice.\n",
     "page.md:15: footnote [^a] is defined twice (first on line 13)"),
    ("Text.[^a]\n\n[^a]: Note.\n\n[^b]: Only refers to itself[^b],\n    even on its second line[^b].\n",
     "page.md:15: footnote [^b] is defined but never referenced"),
    ("- A list item.[^a]\n\n    [^a]: Defined inside the list.\n",
     "page.md:11: footnote [^a] has no definition at the start of a line (not inside a list or box)"),
])
def test_footnote_errors_name_the_line(md, message):
    with pytest.raises(citations.GuideError) as err:
        citations.check_footnotes(md, "page.md", first_line=11)
    assert str(err.value).startswith(message)


def test_a_reference_followed_by_a_colon_is_still_a_reference():
    citations.check_footnotes("It says[^a]: more.\n\n[^a]: Note.\n")  # no "never referenced"
    html, items = render("It says[^a]: more.\n\n[^a]: Note.\n", [])
    assert ref("a", 1) in html and len(items) == 1


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


def test_notes_in_headings_and_links_in_footnotes_in_a_real_build(site):
    page = ("# Home\n\n## The decision [@alpha2001book, 1]\n\nText.[^n]\n\n"
            "[^n]: See [the other page](other.md) and [@beta2002article, 2].\n")
    built = site({"index.md": page, "other.md": "# Other\n\nText.\n"})
    assert built.returncode == 0, built.output
    html = built.html("index.html")
    # the heading keeps its id, and the contents its plain title
    assert '<h2 id="the-decision">The decision\u2060<sup id="fnref:cite-1">' in html
    assert re.search(r'<a href="#the-decision" class="md-nav__link">\s*<span class="md-ellipsis">\s*The decision\s*</span>',
                     html)
    # a footnote's link is resolved like any other on the page, and it may cite
    notes = html.split('<div class="footnote"', 1)[1]
    assert '<a href="other/">the other page</a>' in notes and 'href="#fn:cite-2"' in notes
    assert notes_of(html)[1].startswith("See the other page and.") and notes_of(html)[2].startswith("Ben Beta")


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


def test_a_reference_left_in_indented_code_is_found_with_its_line():
    source = "Intro.\n\n- item\n\n    continued in the list [@a, 1].\n\nCode:\n\n    x = 1  [@a, 2]\n"
    html = f"<p>Intro.</p><pre><code>y = 0\nx = 1{token(2, 1, 'cite-2')}\n</code></pre>"
    label, nth, before = citations.left_over(html)
    assert (label, nth, before) == ("cite-2", 1, "x = 1")
    # the list's continuation line also starts with four spaces, but not with "x = 1"
    assert citations.code_line(source, before, first_line=4) == 4 + 8
    assert citations.left_over(f"<pre><code>x = 1\n</code></pre><p>A.{token(1, 1, 'cite-1')}</p>") is None


def test_a_reference_inside_a_tag_is_left_over_and_one_in_raw_html_text_is_not():
    assert citations.left_over(f'<p><img alt="A map{token(1, 2, "a b")}" src="m.png"></p>') == ("a b", 2, "")
    assert citations.left_over(f'<div class="raw"><span>Text{token(1, 1, "cite-1")}</span></div>') is None


def test_a_reference_taken_apart_is_left_over():
    whole = token(12, 1, "cite-12")
    broken = whole[:2] + "<abbr>x</abbr>" + whole[2:]
    assert citations.left_over(f"<p>A claim.{broken}</p>") == (None, 0, "")


def test_references_spell_nothing_markdown_reads():
    """Abbreviations, emphasis and smart quotes match words, digits and punctuation; a reference holds none."""
    ref = token(12, 3, "it's_a--note*2")
    assert not re.search(r"[\w\s'\"*_\-.]", ref, re.UNICODE)
    html = markdown.markdown(f"*[2]: two\n*[12]: twelve\n\nA claim.{ref} More.", extensions=["abbr", "smarty"])
    assert citations.render_references(html) == (
        '<p>A claim.\u2060<sup id="fnref3:it&#x27;s_a--note*2"><a class="footnote-ref" '
        'href="#fn:it&#x27;s_a--note*2">12</a></sup> More.</p>')


def test_the_written_reference_is_found_where_it_is_not_first():
    page = "A claim [@a, 4].[^n]\n\nAgain [@a, 4].\n\n![Map [@a, 4]](m.png)[^n]\n\n[^n]: Note.\n"
    clusters = citations.find(page)
    assert citations.written_reference(page, "cite-3", 1, clusters, "p.md", first_line=5) == ("[@a, 4]", 9)
    assert citations.written_reference(page, "n", 2, clusters, "p.md", first_line=5) == ("[^n]", 9)




def test_links_to_a_note_reference_pass_the_strict_build(site):
    page = "# Home\n\nA claim [@alpha2001book, 4]. Again.[^n] And again.[^n]\n\n[^n]: Note.\n\n" \
           "See [the claim](#fnref:cite-1), [the second](#fnref2:n) and [back](other.md#fnref:cite-1).\n"
    other = "# Other\n\nA claim [@beta2002article, 2].\n\n[Home's claim](index.md#fnref:cite-1)\n"
    built = site({"index.md": page, "other.md": other})
    assert built.returncode == 0, built.output
    assert 'id="fnref2:n"' in built.html("index.html")


def test_the_search_view_has_no_note_numbers_in_text_or_headings():
    html, _ = render("## The decision [@a]\n\nText [@b].", ["N1", "N2"])
    html = html.replace("\u2060", "")  # render() already made the references markup; strip both kinds
    assert citations.strip_references(html) == '<h2 id="the-decision">The decision</h2>\n<p>Text.</p>'
    assert citations.strip_references(f"<p>Text.{token(2, 1, 'cite-2')}</p>") == "<p>Text.</p>"
