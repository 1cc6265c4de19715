"""Glossary: entry schema, alias matching, automatic links and backlinks."""

import re

import pytest

from conftest import FIXTURE_BIB

from studyguide.errors import GuideError
from studyguide.glossary import Entry, Glossary, link_html, parse_entry

KIM = Entry("kim-il-sung", "glossary/actors/kim-il-sung.md", "Kim Il Sung", "person", "North Korean leader.",
            ["Kim Il-Sung", "Kim"])
STALIN = Entry("joseph-stalin", "glossary/actors/joseph-stalin.md", "Joseph Stalin", "person", "Soviet leader.",
               ["Stalin", "Josef Stalin"])
GLOSSARY = Glossary([KIM, STALIN])


def links(html, url="sources/chapter/"):
    out, mentions = link_html(html, GLOSSARY, url)
    return re.findall(r'<a class="glossary-link" href="([^"]+)"[^>]*>([^<]+)</a>', out), mentions


def test_longest_alias_wins_and_whole_words_only():
    found, _ = links("<p>Kim Il Sung spoke; Kimchi and Kim-Il are not names.</p>")
    assert found == [("../../glossary/actors/kim-il-sung/", "Kim Il Sung")]


def test_name_wrapped_across_lines_is_one_mention():
    found, _ = links("<p>Then Kim Il\nSung wrote.</p>")
    assert found == [("../../glossary/actors/kim-il-sung/", "Kim Il\nSung")]


def test_possessive_is_linked_without_the_apostrophe():
    found, _ = links("<p>Stalin’s telegram and Kim's reply.</p>")
    assert [text for _, text in found] == ["Stalin", "Kim"]


def test_first_mention_per_section_only():
    found, mentions = links('<h2 id="a">A</h2><p>Stalin, Stalin.</p><h2 id="b">B</h2><p>Josef Stalin.</p>')
    assert [text for _, text in found] == ["Stalin", "Josef Stalin"]
    assert [(m.slug, m.section_id, m.section_title) for m in mentions] == [
        ("joseph-stalin", "a", "A"), ("joseph-stalin", "b", "B")]


@pytest.mark.parametrize("html", [
    '<h2 id="x">Stalin</h2>',
    "<p><code>Stalin</code></p>",
    '<p><a href="https://example.org/">Stalin</a></p>',
    "<blockquote><p>Stalin wrote.</p></blockquote>",
    "<p>He wrote “Stalin is here” then.</p>",
    '<div class="footnote"><ol><li><p>Stalin, note.</p></li></ol></div>',
    '<p><span class="nogloss">Stalin</span></p>',
])
def test_never_inside_headings_code_links_quotes_footnotes_or_suppressed(html):
    found, _ = links(html)
    assert found == []


def test_text_after_a_quotation_is_linked():
    found, _ = links("<p>“A quote” said Stalin.</p>")
    assert [text for _, text in found] == ["Stalin"]


def test_entry_never_links_to_itself():
    found, _ = links("<p>Stalin met Kim.</p>", url="glossary/actors/joseph-stalin/")
    assert found == [("../kim-il-sung/", "Kim")]


def test_existing_link_to_entry_gets_preview_and_counts_as_mention():
    out, mentions = link_html('<p><a href="../../glossary/actors/kim-il-sung/">the leader</a> and Kim.</p>',
                              GLOSSARY, "sources/chapter/")
    assert 'class="glossary-link" data-summary="North Korean leader."' in out
    assert out.count("glossary-link") == 1  # the later "Kim" in the same section is not linked again
    assert [m.slug for m in mentions] == ["kim-il-sung"]


def test_duplicate_alias_is_an_error():
    other = Entry("kim-jong", "glossary/actors/kim-jong.md", "Kim Jong", "person", "Someone.", ["Kim"], path="docs/x.md")
    with pytest.raises(GuideError, match="alias 'Kim' is already used by"):
        Glossary([KIM, other])


def test_aliases_differing_only_in_apostrophe_are_duplicates():
    a = Entry("cpv", "glossary/terms/cpv.md", "Chinese People's Volunteers", "organisation", "Troops.", [], path="docs/a.md")
    b = Entry("cpv-2", "glossary/terms/cpv-2.md", "Chinese People’s Volunteers", "organisation", "Troops.", [],
              path="docs/b.md")
    with pytest.raises(GuideError, match="alias 'Chinese People’s Volunteers' is already used by docs/a.md"):
        Glossary([a, b])


@pytest.mark.parametrize("front, message", [
    ("title: X\nkind: person\n", "needs a non-empty 'summary'"),
    ("title: X\nsummary: S.\n", "needs a non-empty 'kind'"),
    ("title: X\nkind: wizard\nsummary: S.\n", "docs/e.md:3: kind 'wizard' is not one of"),
    ("title: X\nkind: person\nsummary: S.\ncolour: red\n", "docs/e.md:5: unknown front-matter field 'colour'"),
    ("title: X\nkind: person\nsummary: S.\nsources: [nobody]\n", "docs/e.md:5: sources: 'nobody'"),
    ("title: Ann Alpha\nkind: person\nsummary: S.\n", "docs/e.md:2: a person needs 'sort_as'"),
    ("title: X\nkind: [person\nsummary: S.\n", "docs/e.md:4: malformed YAML front matter"),
])
def test_entry_schema_errors_name_file_and_line(front, message):
    with pytest.raises(GuideError) as exc:
        parse_entry(f"---\n{front}---\n\n# X\n", "glossary/actors/e.md", {"alpha2001book"}, "docs/e.md")
    assert message in str(exc.value)


ENTRY = """\
---
title: Ann Alpha
sort_as: "Alpha, Ann"
kind: person
aliases: [Alpha]
summary: Author of a book about things.
sources: [alpha2001book]
---

# Ann Alpha

Wrote a book [@alpha2001book, 1].
"""


BIB_ONE = FIXTURE_BIB.split("\n\n")[0] + "\n"  # only the book, so the article need not be cited


def test_backlinks_and_duplicate_alias_in_a_real_build(site):
    pages = {
        "index.md": "# Home\n\n## First part { #first }\n\nAnn Alpha wrote it [@alpha2001book, 2]. Alpha again.\n",
        "glossary/actors/ann-alpha.md": ENTRY,
        "glossary/actors/lonely.md": "---\ntitle: Zed Lonely\nsort_as: Zed Lonely\nkind: person\nsummary: Nobody mentions him.\n---\n\n# Zed Lonely\n\nAlone.\n",
    }
    built = site(pages, bib=BIB_ONE)
    assert built.returncode == 0, built.output
    home = built.html("index.html")
    assert home.count('class="glossary-link"') == 1
    entry = built.html("glossary/actors/ann-alpha/index.html")
    backlinks = entry.split('id="mentioned-in"', 1)[1]
    assert '<a href="../../../">Home</a>: <a href="../../../#first">First part</a>' in backlinks
    assert "Also written: Alpha." in entry
    assert "glossary: 1 entries mentioned on no page: lonely" in built.output
    pages["glossary/actors/lonely.md"] = pages["glossary/actors/lonely.md"].replace("summary:", "aliases: [Alpha]\nsummary:")
    broken = site(pages, bib=BIB_ONE)
    assert broken.returncode != 0
    assert "alias 'Alpha' is already used by docs/glossary/actors/ann-alpha.md" in broken.output
    assert "docs/glossary/actors/lonely.md:5:" in broken.output

