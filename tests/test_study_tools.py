"""Study tools: quizzes, the question bank and the documents register, built by the real MkDocs."""

import re

import pytest
from bs4 import BeautifulSoup

ANN = """\
---
title: Ann Alpha
sort_as: Ann Alpha
kind: person
summary: A sender of telegrams.
---

# Ann Alpha
"""
BEN = ANN.replace("Ann Alpha", "Ben Beta").replace("A sender", "A reader")
CHAPTER = """\
# Chapter

## Evidence { #evidence }

Ann Alpha wrote [the first telegram](doc:alpha-to-beta-1950-01-30) [@alpha2001book, 3].

## Study questions { #study-questions }

1. **Recall.** What did Ann Alpha write [@alpha2001book, 4]?
2. **Evaluation.** Was she right?
3. **Analysis.** Why then?
"""
QUIZ = """\
title: Self-test on Alpha
questions:
  - id: who-wrote
    type: choice
    prompt: Who wrote the first telegram?
    options: [Ann Alpha, Ben Beta, Nobody]
    answer: Ann Alpha
    explanation: Alpha says Ann wrote it [@alpha2001book, 3].
    see: chapter.md#evidence
  - id: true-or-not
    type: true-false
    prompt: "True or false: Ben wrote back."
    answer: false
    explanation: Nobody wrote back [@alpha2001book, 5].
    see: chapter.md#evidence
  - id: sequence
    type: order
    prompt: Put these in order.
    items: [First thing, Second thing, Third thing]
    explanation: So Alpha says [@alpha2001book, 6].
    see: chapter.md#evidence
"""
TIMELINE = """\
- id: first-telegram-1950
  date: "1950-01-30"
  event: Ann writes to Ben.
  cite: "[@alpha2001book, 3]"
  people: [ann-alpha]
"""
DOCUMENTS = """\
- id: alpha-to-beta-1950-01-30
  title: Alpha to Beta, 30 January 1950
  date: "1950-01-30"
  kind: telegram
  from: [ann-alpha]
  to: [ben-beta]
  gist: Ann tells Ben to wait.
  reference: "Archive, File 7"
  reference_cite: "[@alpha2001book, 7]"
  cited_by:
    - cite: "[@alpha2001book, 3]"
      use: Alpha uses it to show that Ann was cautious.
  timeline: [first-telegram-1950]
- id: beta-report-1950-06
  title: Beta's report, June 1950
  date: "1950-06"
  when: June 1950
  kind: report
  from: [ben-beta]
  to: []
  gist: Ben reports.
  cited_by:
    - cite: "[see @alpha2001book, 9; @beta2002article, 2]"
      use: Alpha quotes it.
  disputed:
    - reading: Beta dates it to July.
      cite: "[@beta2002article, 4]"
"""
PAGES = {
    "index.md": "# Home\n\n[@beta2002article, 1]\n",
    "chapter.md": CHAPTER,
    "chapter.quiz.yml": QUIZ,
    "quiz.md": "# Quiz\n\n<!-- studyguide:quiz chapter.quiz.yml -->\n",
    "bank.md": "# Bank\n\n<!-- studyguide:question-bank -->\n",
    "timeline.md": "# Timeline\n\n<!-- studyguide:timeline -->\n",
    "study/documents/index.md": "# Register\n\n<!-- studyguide:documents -->\n",
    "glossary/actors/ann-alpha.md": ANN,
    "glossary/actors/ben-beta.md": BEN,
}
NAV = ["index.md", "chapter.md", "quiz.md", "bank.md", "timeline.md", "study/documents/index.md"]


def build(site, pages=None, documents=DOCUMENTS, timeline=TIMELINE):
    return site({**PAGES, **(pages or {})}, nav=NAV, documents=documents, timeline=timeline)


@pytest.fixture
def built(site):
    result = build(site)
    assert result.returncode == 0, result.output
    return result


def test_quiz_renders_accessible_questions_and_an_answer_key(built):
    html = built.html("quiz/index.html")
    assert html.count("<fieldset") == 3 and html.count("<legend") == 3
    assert re.search(r'<input type="radio" name="chapter-who-wrote" value="0" data-right="">\s*Ann Alpha', html)
    assert 'value="false" data-right=""' in html
    # order items are shuffled but each select knows its right position, and has a label
    rights = re.findall(r'<select id="chapter-sequence-(\d)" data-right="(\d)">', html)
    assert sorted(rights) == [("0", "1"), ("1", "2"), ("2", "3")] and [r[0] for r in rights] != ["0", "1", "2"]
    assert all(f'<label for="chapter-sequence-{i}">' in html for i in range(3))
    key = html[html.index('<details class="quiz-key"'):]
    assert "First thing → Second thing → Third thing" in key
    assert 'href="../chapter/#evidence"' in key  # the passage that answers it
    # explanations cite, once, in the key: notes numbered like every other page
    assert key.count('class="footnote-ref"') == 3 and html.count('class="footnote-ref"') == 3


def test_question_bank_groups_by_type_and_links_back(built):
    html = built.html("bank/index.html")
    headings = re.findall(r'<h2 id="(\w+)"', html)
    assert headings == ["recall", "analysis", "evaluation"]
    assert "What did Ann Alpha write" in re.sub(r"<[^>]+>", "", html) and 'href="../chapter/#study-questions">question 3</a>' in html
    assert html.index("Why then?") < html.index("Was she right?")  # analysis before evaluation


def test_register_table_and_document_pages(built):
    html = built.html("study/documents/index.html")
    row = BeautifulSoup(html, "html.parser").find("tr", id="alpha-to-beta-1950-01-30")
    assert (row["data-year"], row["data-from"], row["data-sources"]) == ("1950", "ann-alpha", "alpha2001book")
    assert [a["href"] for a in row.find_all("a")][:3] == [
        "alpha-to-beta-1950-01-30/", "../../glossary/actors/ann-alpha/", "../../glossary/actors/ben-beta/"]
    assert row.td["data-sort"] == "1950-01-30" and row.find("a", class_="footnote-ref")
    page = built.html("study/documents/alpha-to-beta-1950-01-30/index.html")
    assert "Archive, File 7" in page and "Ann was cautious" in page
    assert 'href="../../../chapter/#evidence"' in page  # discussed in: the chapter's section that links here
    assert 'href="../../../timeline/#first-telegram-1950"' in page
    other = built.html("study/documents/beta-report-1950-06/index.html")
    assert "Beta dates it to July" in other and "No page of the guide links to this document yet" in other
    # the chapter's doc: link and the timeline event point at the document page
    assert 'href="../study/documents/alpha-to-beta-1950-01-30/"' in built.html("chapter/index.html")
    assert 'href="../study/documents/alpha-to-beta-1950-01-30/"' in built.html("timeline/index.html")


BAD_QUIZ = [
    (QUIZ.replace("answer: Ann Alpha", "answer: Ann"), "docs/chapter.quiz.yml:3: question who-wrote: 'answer' must "
     "repeat one of the options exactly"),
    (QUIZ.replace("type: order", "type: essay"), "chapter.quiz.yml:16: question sequence: type 'essay'"),
    (QUIZ.replace(" [@alpha2001book, 5]", ""), ":10: question true-or-not: the explanation must cite"),
    (QUIZ.replace("[@alpha2001book, 6]", "[@gamma1999, 6]"), ":16: question sequence: unknown citation key @gamma1999"),
    (QUIZ.replace("see: chapter.md#evidence\n  - id: true", "see: nowhere.md#x\n  - id: true"),
     ":3: question who-wrote: see: 'nowhere.md#x' must be a page"),
    (QUIZ.replace("chapter.md#evidence\n  - id: sequence", "chapter.md#no-such-anchor\n  - id: sequence"),
     "no-such-anchor"),
    (QUIZ.replace("answer: false", "answer: nope"), ":10: question true-or-not: 'answer' must be true or false"),
    (QUIZ.replace("[First thing, Second thing, Third thing]", "[First thing, First thing, Third thing]"),
     ":16: question sequence: 'items' must be 3 to 6 distinct"),
    (QUIZ.replace("    prompt: Who wrote", "    colour: red\n    prompt: Who wrote"), "unknown field 'colour'"),
    (QUIZ.replace("questions:\n", "questions:\n  - [not, a, mapping]\n"), "every question must be a mapping"),
]


@pytest.mark.parametrize("quiz, expected", BAD_QUIZ, ids=[
    "answer-not-an-option", "unknown-type", "uncited-explanation", "unknown-key", "see-missing-page",
    "see-missing-anchor", "true-false-not-boolean", "duplicate-order-items", "unknown-field", "not-a-mapping"])
def test_bad_quiz_fails_with_file_and_line(site, quiz, expected):
    result = build(site, {"chapter.quiz.yml": quiz})
    assert result.returncode != 0 and expected in result.output, result.output


BAD_DOCUMENTS = [
    (DOCUMENTS.replace("to: [ben-beta]", "to: [carl-gamma]"),
     "data/documents.yml:1: document alpha-to-beta-1950-01-30: to: 'carl-gamma' is not a glossary entry"),
    (DOCUMENTS.replace('date: "1950-06"', 'date: "1950-13"'), ":14: document beta-report-1950-06: '1950-13' is not a date"),
    (DOCUMENTS.replace("kind: report", "kind: rumour"), ":14: document beta-report-1950-06: kind 'rumour'"),
    (DOCUMENTS.replace("timeline: [first-telegram-1950]", "timeline: [no-such-event]"),
     ":1: document alpha-to-beta-1950-01-30: timeline: no event 'no-such-event'"),
    (DOCUMENTS.replace("[see @alpha2001book, 9; @beta2002article, 2]", "[@beta2002article, 2]"),
     ":23: document beta-report-1950-06: cited_by must cite one of the sources"),
    (DOCUMENTS.replace("id: beta-report-1950-06", "id: alpha-to-beta-1950-01-30"), ":14: duplicate document id"),
    (DOCUMENTS.replace('  reference_cite: "[@alpha2001book, 7]"\n', ""), ":1: document alpha-to-beta-1950-01-30: "
     "'reference' needs 'reference_cite'"),
    (DOCUMENTS.replace('date: "1950-01-30"\n  kind', 'date: "1950-07-30"\n  kind'), ":14: document beta-report-1950-06: "
     "documents must be in date order"),
    (DOCUMENTS.replace("  gist: Ben reports.\n", ""), ":14: document beta-report-1950-06: missing required field 'gist'"),
    (DOCUMENTS.replace("use: Alpha quotes it.", "use: [unclosed"), "data/documents.yml:25: malformed YAML"),
    (DOCUMENTS.replace('date: "1950-01-30"\n  kind', 'date: "1950-02-30"\n  kind'),
     ":1: document alpha-to-beta-1950-01-30: '1950-02-30' is not a date"),
    (DOCUMENTS.replace("  disputed:\n    - reading: Beta dates it to July.\n      cite: \"[@beta2002article, 4]\"\n",
                       "  disputed: Beta dates it to July.\n"), ":14: document beta-report-1950-06: 'disputed' must be a list"),
    (DOCUMENTS.replace("  disputed:\n    - reading: Beta dates it to July.\n      cite: \"[@beta2002article, 4]\"\n",
                       "  disputed:\n    - Beta dates it to July.\n"),
     ":26: document beta-report-1950-06, disputed reading: must be a mapping of fields"),
    (DOCUMENTS.replace("id: beta-report-1950-06", "id: Beta--report"), ":14: document Beta--report: id must be kebab-case"),
]


@pytest.mark.parametrize("documents, expected", BAD_DOCUMENTS, ids=[
    "unknown-person", "bad-date", "unknown-kind", "unknown-event", "not-cited-by-a-source", "duplicate-id",
    "reference-without-cite", "out-of-order", "missing-gist", "malformed-yaml", "impossible-date",
    "disputed-not-a-list", "disputed-reading-not-a-mapping", "id-not-kebab-case"])
def test_bad_register_fails_with_file_and_line(site, documents, expected):
    result = build(site, documents=documents)
    assert result.returncode != 0 and expected in result.output, result.output


@pytest.mark.parametrize("pages, expected", [
    ({"chapter.md": CHAPTER.replace("doc:alpha-to-beta-1950-01-30", "doc:gamma-1950")},
     "docs/chapter.md:5: link to unknown document doc:gamma-1950"),
    ({"chapter.md": CHAPTER.replace("2. **Evaluation.**", "2. **Opinion.**")},
     "docs/chapter.md:10: study question must start with its type in bold"),
    ({"quiz.md": "# Quiz\n\n<!-- studyguide:quiz missing.quiz.yml -->\n"}, "docs/quiz.md:3: quiz file docs/missing.quiz.yml not found"),
    ({"quiz.md": "# Quiz\n\n<!-- studyguide:quiz -->\n"}, "docs/quiz.md:3: 'studyguide:quiz' needs an argument"),
    ({"study/documents/alpha-to-beta-1950-01-30.md": "# Clash\n"}, "this page is generated from data; delete the file"),
], ids=["unknown-document-link", "unlabelled-study-question", "missing-quiz-file", "quiz-without-file", "generated-clash"])
def test_bad_pages_fail_with_file_and_line(site, pages, expected):
    result = build(site, pages)
    assert result.returncode != 0 and expected in result.output, result.output
