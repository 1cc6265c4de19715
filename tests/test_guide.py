"""The real guide: citations resolved, glossary cross-linked both ways, generated pages present."""

import re

from conftest import ROOT
from studyguide import glossary


def pages(site):
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def strip_code(html):
    return re.sub(r"<code>.*?</code>|<pre.*?</pre>", "", html, flags=re.S)


def test_no_citation_marker_survives(guide_site):
    leftovers = {name for name, html in pages(guide_site.site).items() if "[@" in strip_code(html)}
    assert leftovers == set()


def test_titles_have_the_apostrophes_of_their_headings(guide_site):
    # front matter titles are typed straight; the tab, navigation and search show them as the heading does
    titles = {name: re.search(r"<title>(.*?)</title>", html).group(1) for name, html in pages(guide_site.site).items()
              if "<title>" in html}
    assert not [t for t in titles.values() if "'" in t or "&#39;" in t]
    assert titles["glossary/terms/korean-peoples-army/index.html"].startswith("Korean People’s Army - ")
    # and so do the lists of pages built from them ("Mentioned in")
    listed = [a for name, html in pages(guide_site.site).items()
              for ul in re.findall(r'<ul class="glossary-backlinks".*?</ul>', html, re.S) for a in re.findall(r">([^<]+)</a>", ul)]
    assert "Korean People’s Army" in listed and not [a for a in listed if "'" in a or "&#x27;" in a]


def test_every_chapter_is_footnoted(guide_site):
    for chapter in ("twamley-when-diplomacy-fails-episode-30", "weathersby-stalin-and-the-korean-war",
                    "khlevniuk-the-generalissimo"):
        html = guide_site.html(f"sources/{chapter}/index.html")
        notes = re.findall(r'<li id="fn:cite-\d+">', html)
        assert len(notes) >= 60, chapter
        for anchor in ("source-card", "thesis", "argument", "evidence", "method", "gaps", "comparison",
                       "quotations", "study-questions"):
            assert f'id="{anchor}"' in html, (chapter, anchor)


def test_every_glossary_entry_has_backlinks_or_is_reported(guide_site):
    entries = glossary.load(ROOT / "docs", {"twamley2018unfriendly", "weathersby2005stalin", "khlevniuk2015generalissimo"})
    assert len([e for e in entries.entries.values() if e.kind == "person"]) >= 30
    assert len([e for e in entries.entries.values() if e.kind != "person"]) >= 30
    reported = re.search(r"glossary: \d+ entries mentioned on no page: (.*)", guide_site.output)
    unmentioned = set(reported.group(1).split(", ")) if reported else set()
    for entry in entries.entries.values():
        html = guide_site.html(entry.url + "index.html")
        backlinks = html.split('id="mentioned-in"', 1)[1]
        has_links = '<ul class="glossary-backlinks"' in backlinks
        assert has_links != (entry.slug in unmentioned), entry.slug


def test_backlinks_list_pages_in_reading_order(guide_site):
    html = guide_site.html("glossary/actors/kim-il-sung/index.html")
    backlinks = re.search(r'<ul class="glossary-backlinks".*?</ul>', html, re.S).group(0)
    pages = re.findall(r'<li><a href="\.\./\.\./\.\./([^"#]+)"', backlinks)
    chapters = [p for p in pages if p.startswith("sources/") and p != "sources/"]
    # the navigation's order (podcast, Weathersby, Khlevniuk), not the titles' (Kathryn, Oleg, Zack)
    assert chapters == ["sources/twamley-when-diplomacy-fails-episode-30/", "sources/weathersby-stalin-and-the-korean-war/",
                        "sources/khlevniuk-the-generalissimo/"], pages
    assert pages.index("compare/") < pages.index("timeline/") < pages.index("study/quizzes/podcast/"), pages
    document = guide_site.html("study/documents/international-department-report-1950-04/index.html")
    discussed = re.search(r'id="discussed-in".*?</ul>', document, re.S).group(0)
    assert re.findall(r'<li><a href="\.\./\.\./\.\./([^"#]+)"', discussed) == [
        "sources/twamley-when-diplomacy-fails-episode-30/", "sources/weathersby-stalin-and-the-korean-war/",
        "sources/khlevniuk-the-generalissimo/", "compare/"]


def test_spelling_variants_link_to_one_entry(guide_site):
    weathersby = guide_site.html("glossary/actors/terentii-shtykov/index.html")
    assert "Shtyhov" in weathersby and "Sytykov" in weathersby
    podcast = guide_site.html("sources/twamley-when-diplomacy-fails-episode-30/index.html")
    assert re.search(r'<a class="glossary-link" href="../../glossary/actors/kim-il-sung/"[^>]*>Kim Il(-| )Sung</a>',
                     podcast)


def test_bibliography_page_groups_and_cited_in(guide_site):
    html = guide_site.html("bibliography/index.html")
    for group in ("The three sources studied", "Scholarship", "Further reading"):
        assert group in html
    entry = html.split('id="weathersby2005stalin"', 1)[1].split("</div>", 1)[0]
    assert "Weathersby, Kathryn." in entry and "Cited in:" in entry
    assert 'href="../sources/weathersby-stalin-and-the-korean-war/"' in entry


def test_timeline_is_generated_and_cited(guide_site):
    html = guide_site.html("timeline/index.html")
    events = re.findall(r'<div class="tl-event"[^>]*data-sources="([^"]+)"', html)
    assert len(events) >= 40
    assert all(sources != "other" for sources in events)
    assert html.count('class="tl-disputed"') >= 3


def test_study_tools_are_generated_from_the_data(guide_site):
    import yaml
    from bs4 import BeautifulSoup

    # every quiz: at least 8 questions, all three kinds, a key entry per question
    for name in ("podcast", "weathersby", "khlevniuk", "comparison"):
        soup = BeautifulSoup(guide_site.html(f"study/quizzes/{name}/index.html"), "html.parser")
        questions = soup.select("fieldset.quiz-q")
        assert len(questions) >= 8, name
        assert {q["data-type"] for q in questions} == {"choice", "true-false", "order"}, name
        assert len(soup.select("details.quiz-key .quiz-answer")) == len(questions)
    # the question bank holds every numbered study question of the chapters
    bank = BeautifulSoup(guide_site.html("study/question-bank/index.html"), "html.parser")
    written = sum(len(re.findall(r"^\d+\. \*\*(?:Recall|Analysis|Evaluation)\.\*\*", p.read_text(encoding="utf-8"), re.M))
                  for p in (ROOT / "docs" / "sources").glob("*.md"))
    listed = [li for li in bank.select("article ul > li") if not li.find_parent(class_="footnote")]
    assert written >= 25 and len(listed) == written
    # a page per document, a row per document, and the timeline links its documents
    documents = yaml.safe_load((ROOT / "data" / "documents.yml").read_text(encoding="utf-8"))
    register = BeautifulSoup(guide_site.html("study/documents/index.html"), "html.parser")
    assert [tr["id"] for tr in register.select("table.doc-register tbody tr")] == [d["id"] for d in documents]
    for d in documents:
        assert (guide_site.site / "study" / "documents" / d["id"] / "index.html").exists()
    timeline = guide_site.html("timeline/index.html")
    linked = {e for d in documents for e in d.get("timeline", [])}
    assert linked and all(f'id="{e}"' in timeline for e in linked)
    assert timeline.count('class="tl-documents"') == len(linked)


def test_map_and_diagrams_link_every_place_and_person(guide_site):
    import yaml
    from bs4 import BeautifulSoup

    places = yaml.safe_load((ROOT / "data" / "places.yml").read_text(encoding="utf-8"))["places"]
    soup = BeautifulSoup(guide_site.html("study/map/index.html"), "html.parser")
    hrefs = {a["href"] for a in soup.select("svg.guide-map a.map-place")}
    for place in places:
        assert any(h.endswith(f"/{place['slug']}/") for h in hrefs), place["slug"]
    documents = yaml.safe_load((ROOT / "data" / "documents.yml").read_text(encoding="utf-8"))
    soup = BeautifulSoup(guide_site.html("study/correspondence/index.html"), "html.parser")
    links = {a["href"] for a in soup.select("svg.guide-diagram a")}
    drawn = [d for d in documents if d.get("from") and d.get("to")]
    assert len(soup.select("svg.guide-diagram")) == 3 and drawn
    for d in drawn:
        assert f"../documents/{d['id']}/" in links, d["id"]
        for slug in d["from"] + d["to"]:
            assert any(h.endswith(f"/{slug}/") and "glossary" in h for h in links), slug


def test_search_index_leaves_out_notes_backlink_lists_and_paper_only_text(guide_site):
    import json
    index = json.loads((guide_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    chapter = guide_site.html("sources/weathersby-stalin-and-the-korean-war/index.html")
    first_note = re.sub(r"<[^>]+>", "", re.search(r'<li id="fn:cite-1">(.*?)</li>', chapter, re.S).group(1))
    first_note = first_note.replace("\u21a9", "").strip()[:60]
    assert first_note and not any(first_note in d["text"] for d in docs.values()), first_note
    # The chapter itself is still indexed, and so is each entry's own text.
    assert any(loc.startswith("sources/weathersby-stalin-and-the-korean-war/") for loc in docs)
    assert docs["glossary/actors/joseph-stalin/#mentioned-in"]["text"] == ""
    assert "Soviet leader" in docs["glossary/actors/joseph-stalin/"]["text"]
    # Text for paper only is hidden on the web, so search must not offer it.
    assert 'class="print-only" data-search-exclude' in guide_site.html("index.html")
    assert not any("In this PDF, each chapter" in d["text"] for d in docs.values())


def test_glossary_index_lists_people_by_family_name(guide_site):
    html = guide_site.html("glossary/index.html")
    letters = re.split(r'<h2 id="letter-', html)[1:]
    under = {part[0]: re.findall(r'<li data-kind="[^"]+"><a href="[^"]+">([^<]+)</a>', part) for part in letters}
    assert "Khlevniuk, Oleg V." in under["k"] and "Kim Il Sung" in under["k"]  # family name first in both
    assert "Rákosi, Mátyás" in under["r"]  # accents do not send a name to the end
    assert under["k"] == sorted(under["k"], key=lambda name: name.casefold())


def test_table_with_empty_header_row_labels_its_rows():
    from studyguide.site import label_rows
    card = ("<table>\n<thead>\n<tr>\n<th></th>\n<th></th>\n</tr>\n</thead>\n<tbody>\n"
            "<tr>\n<td>Author</td>\n<td>Ann</td>\n</tr>\n<tr>\n<td>Date</td>\n<td>2001</td>\n</tr>\n</tbody>\n</table>")
    out = label_rows(card)
    assert "<thead>" not in out
    assert out.count('<th scope="row">') == 2 and '<th scope="row">Date</th>' in out and "<td>Ann</td>" in out
    headed = card.replace("<th></th>\n<th></th>", "<th>Field</th>\n<th></th>")
    assert label_rows(headed) == headed  # a real header row stays


def test_source_cards_have_row_headers(guide_site):
    html = guide_site.html("sources/khlevniuk-the-generalissimo/index.html")
    card = html.split('id="source-card"', 1)[1].split("</table>", 1)[0]
    assert "<thead>" not in card and '<th scope="row">Author</th>' in card


def test_no_page_links_to_the_site_by_its_absolute_url(guide_site):
    """Links within the guide are relative, so they work offline and before the guide is published (its
    site_url is a placeholder until then)."""
    host = re.search(r"^site_url: (\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
    bad = {name for name, html in pages(guide_site.site).items() if re.search(rf'<a [^>]*href="{re.escape(host)}', html)}
    assert bad == set()


def test_note_numbers_stay_with_their_words(guide_site):
    html = guide_site.html("sources/weathersby-stalin-and-the-korean-war/index.html")
    refs = html.count('<sup id="fnref:')
    assert refs > 100 and html.count('\u2060<sup id="fnref:') == refs  # a word joiner before every one


def test_answer_keys_end_each_answer_once(guide_site):
    for quiz in ("podcast", "weathersby", "khlevniuk", "comparison"):
        key = guide_site.html(f"study/quizzes/{quiz}/index.html").split('class="quiz-key"', 1)[1].split("</details>")[0]
        text = re.sub(r"<[^>]+>", "", key)
        assert not re.search(r"[^.]\.\.(?!\.)", text), quiz  # "peninsula.." from an item that ends with a stop
