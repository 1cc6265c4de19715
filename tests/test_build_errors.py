"""Bad input fails the real MkDocs build with a message naming the file (and line)."""

import pytest

HOME = "# Home\n\nSee [the other page](other.md) [@alpha2001book, 1]. And [@beta2002article, 2].\n"
OTHER = "# Other\n\n## Part { #part }\n\nText.\n"


def test_clean_fixture_builds(site):
    built = site({"index.md": HOME, "other.md": OTHER}, nav=["index.md", "other.md"])
    assert built.returncode == 0, built.output


@pytest.mark.parametrize("pages, nav, extra, expected", [
    ({"index.md": HOME.replace("other.md", "missing.md"), "other.md": OTHER}, ["index.md", "other.md"], "",
     "'missing.md'"),
    ({"index.md": HOME.replace("other.md", "other.md#nowhere"), "other.md": OTHER}, ["index.md", "other.md"], "",
     "Doc file 'index.md' contains a link 'other.md#nowhere'"),
    ({"index.md": HOME, "other.md": "---\ntitle: [unclosed\n---\n" + OTHER}, ["index.md", "other.md"], "",
     "docs/other.md:3: malformed YAML front matter"),
    ({"index.md": HOME, "other.md": OTHER, "stray.md": OTHER}, ["index.md", "other.md"], "",
     "stray.md"),
    ({"index.md": HOME, "other.md": OTHER}, ["index.md", "other.md"], "extra:\n  studyguide:\n    colour: red\n",
     "extra.studyguide: unknown option(s) colour"),
    ({"index.md": HOME + "\n<!-- studyguide:nonsense -->\n", "other.md": OTHER}, ["index.md", "other.md"], "",
     "docs/index.md:5: unknown generated block 'studyguide:nonsense'"),
    ({"index.md": HOME + "\n[Kim](gloss:no-such-entry)\n", "other.md": OTHER}, ["index.md", "other.md"], "",
     "docs/index.md:5: link to unknown glossary entry gloss:no-such-entry"),
    ({"index.md": HOME, "other.md": OTHER + "\n<!-- studyguide:timeline -->\n"}, ["index.md", "other.md"], "",
     "docs/other.md:7: 'studyguide:timeline' is drawn from data/timeline.yml, which is missing"),
    ({"index.md": HOME, "other.md": "---\ntitle: Other\n---\n" + OTHER + "A claim.[^why]\n"}, ["index.md", "other.md"],
     "", "docs/other.md:9: footnote [^why] has no definition"),
    ({"index.md": HOME + "\nA note.[^n]\n\n[^n]: See [the missing page](missing.md).\n", "other.md": OTHER},
     ["index.md", "other.md"], "", "contains a link 'missing.md'"),
    ({"index.md": HOME + "\nCode:\n\n    x = 1  [@alpha2001book, 3]\n", "other.md": OTHER}, ["index.md", "other.md"], "",
     "docs/index.md:7: a citation or footnote reference inside an indented code block"),
    # the same citation on line 3 too: the error names the one in the tag
    ({"index.md": HOME + "\nAbove.\n\n![A map [@alpha2001book, 1]](https://example.org/map.png)\n", "other.md": OTHER},
     ["index.md", "other.md"], "", "docs/index.md:7: the note reference of [@alpha2001book, 1] would be inside an HTML tag"),
], ids=["broken-link", "missing-anchor", "malformed-front-matter", "page-not-in-nav", "unknown-hook-option",
        "unknown-generated-block", "unknown-glossary-link", "missing-data-file",
        "undefined-footnote", "broken-link-in-footnote", "citation-in-indented-code", "citation-in-alt-text"])
def test_bad_input_fails_naming_the_file(site, pages, nav, extra, expected):
    built = site(pages, nav=nav, extra_yml=extra)
    assert built.returncode != 0, built.output
    assert expected in built.output, built.output


def test_page_whose_first_line_mkdocs_reads_as_metadata_still_gets_its_notes(site):
    # MkDocs takes a first line "Key: value" for metadata and drops it, so the page differs from the
    # file the hooks prepared: the hooks do that page's work again.
    built = site({"index.md": "Status: draft\n\n" + HOME, "other.md": OTHER}, nav=["index.md", "other.md"])
    assert built.returncode == 0, built.output
    html = (built.site / "index.html").read_text(encoding="utf-8")
    assert html.count('class="footnote-ref"') == 2 and "[@" not in html
