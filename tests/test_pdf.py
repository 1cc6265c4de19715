"""The whole-guide PDF and the offline bundle, checked with real tools (poppler, Chromium)."""

import html
import re
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

NAME = "stalin-korean-war-study-guide"
CHAPTERS = ["Zack Twamley: “The Korean War Episode 30”", "Kathryn Weathersby: “Stalin and the Korean War”",
            "Oleg V. Khlevniuk: “The Generalissimo”", "Interpretations compared", "Timeline, 1945–1951",
            "Glossary", "Bibliography"]


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdf(guide_site):
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_pdf.py"), str(guide_site.site)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return guide_site.site / "downloads" / f"{NAME}.pdf"


@pytest.fixture(scope="module")
def pages_text(pdf):
    return run("pdftotext", "-layout", str(pdf), "-").split("\f")


def test_page_count_and_size(pdf):
    info = run("pdfinfo", str(pdf))
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 150 <= pages <= 500
    assert "(A4)" in info


def test_every_chapter_glossary_and_bibliography_present(pages_text):
    text = re.sub(r"\s+", " ", " ".join(pages_text))
    for title in CHAPTERS + ["Terentii F. Shtykov", "Contents", "Self-test: Weathersby", "Answer key", "Question bank",
                             "Register of archival documents", "Who wrote to whom", "Map of the places in the sources"]:
        assert title in text, title


def test_notes_keep_locators(pages_text):
    text = re.sub(r"\s+", " ", " ".join(pages_text))
    # full notes and short notes, each with its locator
    assert re.search(r"Kathryn Weathersby, “Stalin and the Korean War,” in Origins of the Cold War.*?n\. \d+\.", text)
    assert re.search(r"Weathersby, “Stalin and the Korean War,” n\. \d+[.;]", text)
    assert re.search(r"Khlevniuk, “The Generalissimo,” n\. 9\d[.;]", text)
    assert re.search(r"Twamley, “The Korean War, Episode 30,” para\. \d+[.;]", text)


def test_all_fonts_embedded(pdf):
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows
    assert all(row.split()[-5] == "yes" for row in rows), rows


def test_nothing_runs_into_the_margins(pdf):
    """Tables not cut off, no line too long: every word lies within the 20 mm side margins of pdf.typ
    (A4: 56.7 to 538.6 pt), but for the few points by which hyphens and commas hang outside it."""
    words = run("pdftotext", "-bbox", str(pdf), "-")
    overhang = 4.5
    outside = [(float(x0), float(x1), word) for x0, x1, word in
               re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', words)
               if float(x0) < 56.7 - overhang or float(x1) > 538.6 + overhang]
    assert not outside, outside[:10]


def outline(pdf):
    xml = run("pdftohtml", "-xml", "-i", "-stdout", "-q", str(pdf))
    return [(int(p), re.sub(r"<[^>]+>", "", t).strip())
            for p, t in re.findall(r'<item page="(\d+)">(.*?)</item>', xml)]


def test_outline_has_every_chapter_on_its_page(pdf, pages_text):
    items = outline(pdf)
    for title in CHAPTERS:
        matches = [page for page, text in items if text == title]
        assert matches, title
        # the bookmark lands on the page where the chapter starts
        assert title.split(":")[0] in re.sub(r"\s+", " ", pages_text[matches[0] - 1]), title


def test_contents_page_numbers_point_to_the_right_pages(pages_text):
    contents = re.sub(r"[ \t]+", " ", pages_text[1] + pages_text[2])
    m = re.search(r"Oleg V\. Khlevniuk: “The Generalissimo”[ .]*?(\d+)", contents)
    assert m, contents[:500]
    assert "The Generalissimo" in pages_text[int(m.group(1)) - 1]


def test_glossary_entries_say_on_which_pages_they_are_mentioned(pages_text):
    entry = re.sub(r"\s+", " ", " ".join(p for p in pages_text if "Terentii F. Shtykov" in p and "Mentioned in" in p))
    m = re.search(r"Kathryn Weathersby: “Stalin and the Korean War” \(p\. (\d+)\)", entry)
    assert m, entry[:800]
    page = re.sub(r"\s+", " ", pages_text[int(m.group(1)) - 1]).strip()
    assert page.startswith("Kathryn Weathersby: “Stalin and the Korean War”")


def links(pdf):
    """(page, target, text) for every link, from poppler's XML: internal targets are "NAME.html#PAGE"."""
    xml = run("pdftohtml", "-xml", "-i", "-stdout", "-q", str(pdf))
    found = []
    for number, body in re.findall(r'<page number="(\d+)"(.*?)</page>', xml, re.S):
        for href, text in re.findall(r'<a href="([^"]*)">(.*?)</a>', body, re.S):
            found.append((int(number), html.unescape(href), re.sub(r"<[^>]+>", "", text)))
    return found


def test_internal_links_land_on_their_pages(pdf, pages_text):
    found = links(pdf)
    internal = [(page, int(m.group(1)), text) for page, href, text in found
                if (m := re.fullmatch(rf"{NAME}\.html#(\d+)", href))]
    assert len(internal) > 1000
    # every other link leaves for the web: none points at a file on the reader's disk
    assert all(href.startswith(("https://", "http://")) for _, href, _ in found
               if not re.fullmatch(rf"{NAME}\.html#\d+", href)), [f for f in found if "html#" not in f[1]][:5]
    assert all(1 <= target <= len(pages_text) for _, target, _ in internal)
    # the contents entry of a chapter lands on the page where it starts
    target = next(t for page, t, text in internal if page <= 3 and text.startswith("Oleg V. Khlevniuk"))
    assert "The Generalissimo" in pages_text[target - 1].strip().splitlines()[0]
    # a glossary link in a chapter lands on its entry
    target = next(t for page, t, text in internal if page > 3 and text == "Terentii F. Shtykov")
    assert "Terentii F. Shtykov" in pages_text[target - 1]


def ink(png) -> float:
    """Share of the page that is not white."""
    from PIL import Image
    gray = Image.open(png).convert("L")
    return sum(gray.histogram()[:200]) / (gray.width * gray.height)


def test_cover_and_chapter_render(pdf, pages_text, tmp_path):
    chapter = next(n for n, text in enumerate(pages_text, 1)
                   if text.strip().startswith("Kathryn Weathersby: “Stalin and the Korean War”"))
    for name, number in (("cover", 1), ("chapter", chapter)):
        run("pdftoppm", "-png", "-r", "40", "-f", str(number), "-l", str(number), str(pdf), str(tmp_path / name))
        assert ink(next(tmp_path.glob(f"{name}*.png"))) > 0.01, name


@pytest.fixture(scope="module")
def offline(pdf, guide_site, tmp_path_factory):
    work = tmp_path_factory.mktemp("offline-build")  # not the checkout's build/: `make offline` may be running
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_offline.py"), str(guide_site.site), str(work)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(guide_site.site / "downloads" / f"{NAME}-offline.zip") as zf:
        zf.extractall(out)
    return out / NAME


def test_offline_bundle_works_from_disk(offline):
    from playwright.sync_api import sync_playwright
    from test_browser import ARGS, CHROMIUM
    assert (offline / "downloads" / f"{NAME}.pdf").exists()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto((offline / "sources" / "weathersby-stalin-and-the-korean-war.html").as_uri())
        page.wait_for_load_state("load")
        # footnote preview
        page.locator("sup a.footnote-ref").first.hover()
        preview = page.locator("#glossary-preview")
        preview.wait_for(state="visible")
        assert "Weathersby" in preview.inner_text()
        # glossary preview
        link = page.locator("article a.glossary-link").first
        link.hover()
        page.wait_for_function("s => document.getElementById('glossary-preview').textContent === s",
                               arg=link.get_attribute("data-summary"))
        # search
        page.locator(".md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially("Shtyhov", delay=30)
        first = page.locator(".md-search-result__item > a").first
        first.wait_for(timeout=15000)
        assert "glossary/actors/terentii-shtykov.html" in first.get_attribute("href")
        browser.close()
    assert all(u.startswith(("file:", "data:", "blob:")) for u in requests), requests


def test_quiz_is_a_worksheet_and_the_map_is_drawn(pages_text):
    quiz = next(p for p in pages_text if "Self-test: Weathersby" in p and "☐" in p)
    assert quiz.count("☐") >= 8  # boxes to tick instead of web form controls
    lines = {line.strip() for line in quiz.splitlines()}
    assert "Check" not in lines and "Reset" not in lines  # no web buttons on paper
    flat = re.sub(r"\s+", " ", quiz)
    assert "Tick or write your answers" in flat and "press Check" not in flat  # paper instructions, not the web's
    # the map's labels are text in the PDF, drawn above the map's caption (the places table comes after it)
    page = next(p for p in pages_text if p.strip().startswith("Map of the places in the sources")
                and "with the places the sources name" in p)
    drawn = page.split("with the places the sources name")[0]
    for label in ("Kaesong", "Chongjin", "38th parallel"):
        assert label in drawn, label

