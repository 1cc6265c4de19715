"""The quotation check, on small made-up sources and on the real guide."""

import hashlib
import os
from pathlib import Path

import pytest

from studyguide import quotes
from studyguide.errors import GuideError

TEXT = "The attack “absolutely must continue,” he wrote – and the sooner the better.\nA second   line here.\n"


@pytest.fixture
def sources(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text(TEXT, encoding="utf-8")
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    registry = tmp_path / "sources.yml"
    registry.write_text(f"alpha2001book:\n  label: A\n  file: a.txt\n  sha256: {digest}\n", encoding="utf-8")
    return quotes.Sources(registry, tmp_path / "src")


def check(sources, markdown):
    return [sources.check(q) for q in quotes.extract(markdown, "p.md", set(sources.texts))]


def test_verbatim_with_normalised_marks_dashes_space(sources):
    assert check(sources, 'He said "absolutely must continue" [@alpha2001book, 1].') == [None]
    assert check(sources, 'It runs "he wrote - and the sooner" [@alpha2001book, 1].') == [None]
    assert check(sources, 'Then "A second line here." [@alpha2001book, 2].') == [None]


def test_ellipsis_and_brackets_allowed(sources):
    assert check(sources, '"The attack … [must go on and] the sooner the better" [@alpha2001book, 1].') == [None]
    assert check(sources, '"The attack ... the better" [@alpha2001book, 1].') == [None]


def test_misquotation_reports_closest_passage(sources):
    (problem,) = check(sources, 'He said "absolutely should continue" [@alpha2001book, 1].')
    assert "not verbatim in alpha2001book" in problem
    assert "absolutely must continue" in problem


def test_fragments_must_come_in_order(sources):
    (problem,) = check(sources, '"the sooner … The attack" [@alpha2001book, 1].')
    assert problem is not None


def test_blockquote_and_unquoted_or_uncited_text(sources):
    md = "> A second line here.\n\n[@alpha2001book, 2]\n\nScare \"quotes\" with no citation.\n\n\"Not there\" [@beta2002article, 1].\n"
    assert check(sources, md) == [None]


def test_overlong_quotation(sources):
    long = " ".join(["word"] * 61)
    (problem,) = check(sources, f'"{long}" [@alpha2001book, 1].')
    assert "longer than 60" in problem


def test_yaml_quoting_in_front_matter_is_not_a_quotation(sources):
    page = ('---\ntitle: Ann Alpha\nsort_as: "Alpha, Ann"\n'
            'post: \'Wrote that it "absolutely must continue" [@alpha2001book, 1]\'\n'
            'summary: "A writer [@alpha2001book, 1]"\n---\n\n# Ann Alpha\n')
    quotations = quotes.extract(page, "p.md", set(sources.texts))
    assert [q.text for q in quotations] == ["absolutely must continue"]  # the quotation inside a value is still one
    assert sources.check(quotations[0]) is None


def test_different_edition_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text("changed", encoding="utf-8")
    registry = tmp_path / "sources.yml"
    registry.write_text("alpha2001book:\n  label: A\n  file: a.txt\n  sha256: 00\n", encoding="utf-8")
    with pytest.raises(GuideError, match="different edition"):
        quotes.Sources(registry, tmp_path)


def test_real_guide_quotations_are_verbatim():
    directory = os.environ.get("STUDYGUIDE_SOURCES")
    if not directory:
        pytest.skip("STUDYGUIDE_SOURCES is not set: the source texts are not available")
    from conftest import ROOT
    from studyguide import bib
    sources = quotes.Sources(ROOT / "data/sources.yml", Path(directory))
    checked, errors = quotes.check_tree(ROOT / "docs", sources, quotes.bib_titles(bib.load(ROOT / "bibliography.bib")),
                                         ROOT / "data")
    assert errors == []
    assert checked >= 50


def test_quotations_in_yaml_data_are_checked_with_their_record_line(sources, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "chapter.quiz.yml").write_text(
        "title: Quiz\nquestions:\n  - id: q\n    prompt: Who wrote \"the sooner the better\"?\n"
        "    explanation: He did [@alpha2001book, 1].\n"
        "    options: ['He wrote \"the later the better\"', 'Nobody']\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "documents.yml").write_text(
        "- id: d\n  gist: It says \"the attack must stop\".\n  cited_by:\n"
        "    - cite: \"[@alpha2001book, 1]\"\n      use: Quoted as \"absolutely must continue\".\n", encoding="utf-8")
    checked, errors = quotes.check_tree(tmp_path / "docs", sources, data_dir=tmp_path / "data")
    # the prompt and the options take the explanation's citation; the gist its record's
    assert checked == 4
    assert len(errors) == 2
    assert errors[0].startswith(f"{tmp_path}/docs/chapter.quiz.yml:3: ") and "the later the better" in errors[0]
    assert errors[1].startswith(f"{tmp_path}/data/documents.yml:1: ") and "the attack must stop" in errors[1]
