"""bibliography.bib checks: each bad entry is reported with file, line and key."""

import pytest

from studyguide import bib
from studyguide.errors import GuideError

GOOD = """\
% a comment with an @ sign
@book{alpha2001book,
  author = {Alpha, Ann},
  title = {A {Book} about Things},
  publisher = "Example Press",
  date = 2001,
  keywords = {source},
}
"""


def test_good_entry_parses():
    entries = bib.parse(GOOD, "refs.bib")
    bib.validate(entries, "refs.bib")
    e = entries["alpha2001book"]
    assert (e.type, e.line, e.fields["title"], e.fields["date"], e.group) == ("book", 2, "A {Book} about Things", "2001", "source")


@pytest.mark.parametrize("text, message", [
    (GOOD + GOOD, "refs.bib:10: duplicate citation key 'alpha2001book' (first defined at line 2)"),
    (GOOD.replace("date = 2001,\n", ""), "refs.bib:2: alpha2001book: @book entry needs the field date or year"),
    (GOOD.replace("  publisher = \"Example Press\",\n", ""), "refs.bib:2: alpha2001book: @book entry needs the field publisher"),
    (GOOD.replace("{A {Book} about", "{A {Book about"), "refs.bib:2: alpha2001book: entry is never closed"),
    (GOOD.replace("@book", "@scroll"), "refs.bib:2: alpha2001book: unsupported entry type @scroll"),
    (GOOD.replace("alpha2001book,", "alpha 2001,"), "refs.bib:2: @book entry has no citation key followed by ','"),
    (GOOD.replace("keywords = {source}", "keywords = {misc}"), "refs.bib:7: alpha2001book: keywords must name one group"),
    (GOOD.replace("  title", "  title = {X},\n  title"), "refs.bib:5: alpha2001book: field 'title' given twice"),
    (GOOD.replace("}\n", "", 1)[:-2], "refs.bib:2: alpha2001book: entry is never closed with '}'"),
], ids=["duplicate-key", "missing-date", "missing-publisher", "unbalanced-braces", "unknown-type", "bad-key",
        "no-group", "field-twice", "unclosed"])
def test_bad_entries(text, message):
    with pytest.raises(GuideError) as exc:
        bib.validate(bib.parse(text, "refs.bib"), "refs.bib")
    assert str(exc.value).startswith(message)


def test_article_needs_a_journal():
    text = "@article{b2002x,\n  author = {B, B},\n  title = {T},\n  date = {2002},\n  keywords = {scholarship},\n}\n"
    with pytest.raises(GuideError, match="refs.bib:1: b2002x: @article entry needs the field journaltitle or journal"):
        bib.validate(bib.parse(text, "refs.bib"), "refs.bib")


def test_project_bibliography_is_valid():
    from conftest import ROOT
    entries = bib.load(ROOT / "bibliography.bib")
    assert {"twamley2018unfriendly", "weathersby2005stalin", "khlevniuk2015generalissimo"} <= set(entries)
