"""The built guide in a real headless Chromium (Debian's), driven by Playwright."""

import functools
import http.server
import io
import os
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("STUDYGUIDE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PAGE_TYPES = {
    "home": "",
    "chapter": "sources/weathersby-stalin-and-the-korean-war/",
    "comparison": "compare/",
    "timeline": "timeline/",
    "glossary index": "glossary/",
    "glossary entry": "glossary/actors/terentii-shtykov/",
    "bibliography": "bibliography/",
    "contributing": "contributing/writing-guide/",
    "quiz": "study/quizzes/weathersby/",
    "question bank": "study/question-bank/",
    "documents register": "study/documents/",
    "document": "study/documents/stalin-to-shtykov-1950-01-30/",
    "correspondence": "study/correspondence/",
    "map": "study/map/",
}
SCREENSHOTS = Path(os.environ.get("STUDYGUIDE_SCREENSHOTS", "/tmp/studyguide-screenshots"))

pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps` (Debian package chromium)", pytrace=False)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url(guide_site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(guide_site.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.requests, pg.errors = [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_loads_without_errors_or_third_party_requests(page, base_url, kind):
    page.goto(base_url + PAGE_TYPES[kind])
    page.wait_for_load_state("networkidle")
    hosts = {urlparse(u).hostname for u in page.requests if not u.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, page.requests
    assert page.errors == []


def search(page, base_url, query, results=1):
    """The addresses (without query) of the first result pages for a query."""
    page.goto(base_url)
    page.wait_for_load_state("networkidle")  # the search worker has its index
    page.locator(".md-search__input").first.click()
    # Typed key by key, as a reader does: Material's search ignores a value set in one go.
    page.locator("input.md-search__input").press_sequentially(query, delay=30)
    items = page.locator(".md-search-result__item > a")
    items.first.wait_for(timeout=15000)
    hrefs = [a.get_attribute("href").split("?")[0] for a in items.all()]
    return list(dict.fromkeys(hrefs))[:results] if results > 1 else hrefs[0]


@pytest.mark.parametrize("query, entry", [
    ("Kim Il-Sung", "glossary/actors/kim-il-sung/"),
    ("Shtyhov", "glossary/actors/terentii-shtykov/"),
    ("Mclean", "glossary/actors/donald-maclean/"),
    ("NKPA", "glossary/terms/korean-peoples-army/"),
])
def test_search_finds_glossary_entry_first_for_any_alias(page, base_url, query, entry):
    assert search(page, base_url, query).endswith(entry)


def test_search_reads_apostrophes_either_way(page, base_url):
    # Pages print "Shtykov’s" and "People’s"; readers type a straight apostrophe, or none.
    assert search(page, base_url, "Shtykov's").endswith("glossary/actors/terentii-shtykov/")
    hrefs = search(page, base_url, "People's", results=3)
    assert all("peoples" in h or h.endswith("/dprk/") for h in hrefs), hrefs


def test_search_finds_chapter_by_phrase(page, base_url):
    hrefs = search(page, base_url, "argument from absence", results=3)
    assert any(h.endswith("sources/twamley-when-diplomacy-fails-episode-30/") for h in hrefs), hrefs


def test_hovering_a_citation_shows_its_note(page, base_url):
    page.goto(base_url + PAGE_TYPES["chapter"])
    ref = page.locator("sup a.footnote-ref").first
    ref.hover()
    preview = page.locator("#glossary-preview")
    preview.wait_for(state="visible", timeout=5000)
    assert "Stalin and the Korean War" in preview.inner_text()
    assert ref.get_attribute("aria-describedby") == "glossary-preview"


def test_note_number_jumps_to_its_note_and_back(page, base_url):
    # The notes are rendered lazily (content-visibility): a jump must still land on the note.
    page.goto(base_url + PAGE_TYPES["chapter"])
    ref = page.locator("sup a.footnote-ref").nth(20)
    note_id = ref.get_attribute("href").split("#", 1)[1]
    ref.click()
    page.wait_for_function("id => { const r = document.getElementById(id).getBoundingClientRect();"
                           " return r.top >= 0 && r.bottom <= window.innerHeight; }", arg=note_id)
    page.locator(f'[id="{note_id}"] a.footnote-backref').click()
    page.wait_for_function("id => { const r = document.getElementById(id).getBoundingClientRect();"
                           " return r.top >= 0 && r.bottom <= window.innerHeight; }", arg=ref.evaluate("a => a.parentElement.id"))


def heading_at_top(page, heading_id):
    page.wait_for_function("id => { const r = document.getElementById(id).getBoundingClientRect();"
                           " return r.top >= 0 && r.top < 150; }", arg=heading_id)


def test_sections_far_down_are_reached_by_contents_and_by_address(page, base_url):
    # On a CPU slowed six times, as on a phone: rendering the blocks below the first screen lazily
    # (content-visibility) made this jump overshoot its heading by over 1,000 px, but only on a slow CPU.
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 6})
    page.goto(base_url + PAGE_TYPES["chapter"])
    last = page.locator(".md-sidebar--secondary a.md-nav__link").last
    heading_id = last.get_attribute("href").split("#", 1)[1]
    last.click()
    heading_at_top(page, heading_id)
    page.wait_for_function("text => (document.querySelector('.md-sidebar--secondary .md-nav__link--active')"
                           " || {}).textContent.trim() === text", arg=last.inner_text().strip())
    page.goto(base_url + PAGE_TYPES["chapter"] + "#" + heading_id)
    heading_at_top(page, heading_id)


def test_glossary_preview_on_hover_and_keyboard_focus(page, base_url):
    page.goto(base_url + PAGE_TYPES["chapter"])
    link = page.locator("article a.glossary-link").first
    summary = link.get_attribute("data-summary")
    link.hover()
    preview = page.locator("#glossary-preview")
    preview.wait_for(state="visible")
    assert preview.inner_text() == summary
    page.mouse.move(0, 0)
    preview.wait_for(state="hidden")
    link.focus()
    preview.wait_for(state="visible")
    assert link.get_attribute("aria-describedby") == "glossary-preview"
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")


def test_glossary_preview_on_first_tap_then_follows_link(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 800}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES["chapter"])
    link = page.locator("article a.glossary-link").first
    href = link.get_attribute("href")
    link.tap()
    page.locator("#glossary-preview").wait_for(state="visible")
    assert page.url.endswith(PAGE_TYPES["chapter"])
    link.tap()
    page.wait_for_url("**/glossary/**")
    assert page.url.rstrip("/").endswith(href.strip("./").rstrip("/"))
    context.close()


def test_palette_toggle_switches_and_persists(page, base_url):
    page.goto(base_url + PAGE_TYPES["chapter"])
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.locator("body").get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}
    page.goto(base_url + PAGE_TYPES["glossary entry"])
    assert page.locator("body").get_attribute("data-md-color-scheme") == after


def test_timeline_filter_by_source(page, base_url):
    page.goto(base_url + PAGE_TYPES["timeline"])
    events = page.locator(".tl-event")
    total = events.count()
    page.get_by_role("button", name="Podcast").click()
    visible = page.locator(".tl-event:visible")
    assert 0 < visible.count() < total
    for i in range(visible.count()):
        assert "twamley2018unfriendly" in visible.nth(i).get_attribute("data-sources")
    assert page.get_by_role("button", name="Podcast").get_attribute("aria-pressed") == "true"
    # a year none of whose events the podcast gives loses its heading and its entry in the contents
    years = page.locator("article h2[id^=year-]")
    shown = page.locator("article h2[id^=year-]:visible")
    assert 0 < shown.count() < years.count()
    assert page.evaluate("""() => [...document.querySelectorAll("article h2[id^=year-]")].every(h => {
        let shown = 0;
        for (let el = h.nextElementSibling; el && el.tagName !== "H2"; el = el.nextElementSibling) {
            if (el.matches(".tl-event") && !el.hidden) { shown += 1; }
        }
        return h.hidden === (shown === 0);
    })""")
    hidden_year = next(years.nth(i).get_attribute("id") for i in range(years.count()) if not years.nth(i).is_visible())
    # Material writes contents links as full addresses; the entry exists, and the filter hid it
    toc_entries = page.locator(f'.md-nav--secondary a[href$="#{hidden_year}"]')  # sidebar and phone menu
    assert toc_entries.count() >= 1 and not any(e.is_visible() for e in toc_entries.all())
    page.get_by_role("button", name="All").click()
    assert page.locator(".tl-event:visible").count() == total
    assert page.locator("article h2[id^=year-]:visible").count() == years.count()


def test_glossary_index_filter_by_kind(page, base_url):
    page.goto(base_url + PAGE_TYPES["glossary index"])
    total = page.locator(".glossary-index li").count()
    page.get_by_role("button", name="place").click()
    visible = page.locator(".glossary-index li:visible")
    assert 0 < visible.count() < total
    assert {visible.nth(i).get_attribute("data-kind") for i in range(visible.count())} == {"place"}
    # every letter still shown has a place under it; the letters left empty leave the contents too
    for heading in page.locator("article h2:visible").all():
        assert heading.locator("xpath=following-sibling::ul[1]").locator("li:visible").count() > 0, heading.inner_text()
    letters = page.locator("article h2[id^=letter-]")
    hidden = [h.get_attribute("id") for h in letters.all() if not h.is_visible()]
    assert hidden and letters.count() > len(hidden)
    for letter in hidden:
        toc_entries = page.locator(f'.md-nav--secondary a[href$="#{letter}"]')
        assert toc_entries.count() >= 1 and not any(e.is_visible() for e in toc_entries.all()), letter


def quiz_question(page, kind):
    return page.locator(f".quiz-q[data-type={kind}]").first


def test_quiz_gives_feedback_keeps_progress_and_resets(page, base_url):
    page.goto(base_url + PAGE_TYPES["quiz"])
    choice = quiz_question(page, "choice")
    choice.locator("input:not([data-right])").first.check()
    choice.get_by_role("button", name="Check").click()
    feedback = choice.locator(".quiz-feedback")
    assert feedback.locator(".quiz-verdict").inner_text() == "Not quite."
    assert feedback.get_by_role("link", name="Read the passage").count() == 1  # the passage that answers it
    choice.locator("input[data-right]").check()
    choice.get_by_role("button", name="Check").click()
    assert feedback.locator(".quiz-verdict").inner_text() == "Right."
    order = quiz_question(page, "order")
    order.get_by_role("button", name="Check").click()
    assert "position first" in order.locator(".quiz-feedback").inner_text()
    for select in order.locator("select").all():  # each item to the position it belongs in
        select.select_option(select.get_attribute("data-right"))
    order.get_by_role("button", name="Check").click()
    assert order.locator(".quiz-verdict").inner_text() == "Right."
    total = page.locator(".quiz-q").count()
    assert page.locator(".quiz-progress").inner_text() == f"2 of {total} answered, 2 right."
    page.reload()  # progress is kept in this browser
    assert quiz_question(page, "choice").locator("input[data-right]").is_checked()
    assert page.locator(".quiz-progress").inner_text() == f"2 of {total} answered, 2 right."
    page.get_by_role("button", name="Reset").click()
    assert page.locator(".quiz-progress").inner_text() == f"0 of {total} answered, 0 right."
    page.reload()
    assert not quiz_question(page, "choice").locator("input[data-right]").is_checked()


def test_quiz_works_with_the_keyboard(page, base_url):
    page.goto(base_url + PAGE_TYPES["quiz"])
    tf = quiz_question(page, "true-false")
    tf.locator("input[type=radio]").first.focus()
    page.keyboard.press("ArrowDown")  # moves within the radio group, as in any form
    assert tf.locator("input[type=radio]").nth(1).is_checked()
    tf.get_by_role("button", name="Check").focus()
    page.keyboard.press("Enter")
    assert tf.locator(".quiz-verdict").inner_text() in ("Right.", "Not quite.")
    assert tf.locator(".quiz-feedback").get_attribute("aria-live") == "polite"


def test_register_filters_and_sorts(page, base_url):
    page.goto(base_url + PAGE_TYPES["documents register"])
    rows = page.locator("table.doc-register tbody tr")
    total = rows.count()
    # choices as the glossary index lists people (by family name), and the sources in the guide's order
    senders = page.get_by_label("Sender").locator("option").all_inner_texts()[1:]
    assert (senders.index("Andrei Gromyko") < senders.index("Kim Il Sung") < senders.index("Terentii F. Shtykov")
            < senders.index("Joseph Stalin")), senders
    assert page.get_by_label("Source").locator("option").all_inner_texts()[1:] == ["Podcast", "Weathersby", "Khlevniuk"]
    page.get_by_label("Sender").select_option(label="Terentii F. Shtykov")
    visible = page.locator("table.doc-register tbody tr:visible")
    assert 0 < visible.count() < total
    assert all("terentii-shtykov" in visible.nth(i).get_attribute("data-from").split() for i in range(visible.count()))
    page.get_by_label("Sender").select_option(label="All")
    page.get_by_label("Year").select_option("1951")
    assert {r.get_attribute("data-year") for r in page.locator("table.doc-register tbody tr:visible").all()} == {"1951"}
    page.get_by_label("Sender").select_option(label="Terentii F. Shtykov")  # none of his in 1951: say why it is empty
    assert page.locator("table.doc-register tbody tr:visible").count() == 0
    assert "No document matches every choice" in page.locator(".doc-filter p").inner_text()
    page.get_by_label("Sender").select_option(label="All")
    page.get_by_label("Year").select_option(label="All")
    first = rows.first.get_attribute("id")
    page.get_by_role("button", name="Date").click()  # already ascending: now descending
    assert page.locator("table.doc-register th").first.get_attribute("aria-sort") == "descending"
    assert rows.last.get_attribute("id") == first


def test_map_label_opens_its_glossary_entry(page, base_url):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "study/")
    page.locator("article a", has_text="Map of places").click()  # Material swaps the page in (instant navigation)
    page.wait_for_url("**/" + PAGE_TYPES["map"])
    label = page.locator("#map-peninsula a.map-place", has_text="Kaesong")
    assert "Kaesong" in label.locator("title").text_content()  # the tooltip
    label.click()
    page.wait_for_url("**/glossary/terms/kaesong/")
    assert page.locator("h1").inner_text().startswith("Kaesong")
    assert errors == []


def test_diagram_arrow_opens_its_document(page, base_url):
    page.goto(base_url + PAGE_TYPES["correspondence"])
    page.locator("svg.guide-diagram a", has_text="30 Jan 1950").first.click()  # the arrow's date label
    page.wait_for_url("**/study/documents/stalin-to-shtykov-1950-01-30/")


@pytest.mark.parametrize("kind", ["chapter", "glossary entry", "timeline", "quiz", "documents register", "map",
                                  "correspondence"])
def test_layout_holds_at_phone_width(browser, base_url, kind):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES[kind])
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"phone-{kind.replace(' ', '-')}.png"))
    context.close()


def edge_shade(png: bytes, side: str, background: int) -> float:
    """Mean distance from the background's grey level in the 6 px strip at one edge of a screenshot."""
    from PIL import Image
    image = Image.open(io.BytesIO(png)).convert("L")
    x0 = 0 if side == "left" else image.width - 6
    strip = image.crop((x0, 0, x0 + 6, image.height))
    return sum(abs(v - background) for v in strip.tobytes()) / (6 * image.height)


def commonest_grey(png: bytes) -> int:
    from PIL import Image
    histogram = Image.open(io.BytesIO(png)).convert("L").histogram()
    return histogram.index(max(histogram))


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_a_table_wider_than_a_phone_shows_where_it_scrolls(browser, base_url, scheme):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES["documents register"])
    page.wait_for_load_state("networkidle")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    box = page.locator(".md-typeset__scrollwrap").first
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    for end, shaded, clear in ((False, "right", "left"), (True, "left", "right")):
        box.evaluate("(e, end) => { e.scrollLeft = end ? e.scrollWidth : 0; }", end)
        hinted = box.screenshot()
        style = page.add_style_tag(content=".md-typeset__scrollwrap { background: var(--md-default-bg-color) !important }")
        plain = box.screenshot()
        style.evaluate("e => e.remove()")
        # a shadow where more of the table waits; none at the edge already reached
        bg = commonest_grey(plain)
        assert edge_shade(hinted, shaded, bg) > edge_shade(plain, shaded, bg) + 10, (end, shaded)
        assert abs(edge_shade(hinted, clear, bg) - edge_shade(plain, clear, bg)) < 1, (end, clear)
    context.close()


@pytest.mark.parametrize("kind, label", [("map", "svg.guide-map text"), ("correspondence", "svg.guide-diagram text")])
def test_map_and_diagram_labels_stay_legible_on_a_phone(browser, base_url, kind, label):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES[kind])
    page.wait_for_load_state("networkidle")
    # the smallest label's rendered height: shrunk to the screen, labels fell to 5-7 px
    smallest = page.evaluate(f"Math.min(...[...document.querySelectorAll('{label}')].map(t => t.getBoundingClientRect().height))")
    assert smallest >= 9, smallest
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # the figure scrolls, not the page
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("kind", ["home", "chapter", "glossary entry", "comparison"])
def test_page_keeps_its_height_when_the_notes_render(browser, base_url, kind, width):
    """Notes are laid out only near the screen; the space they hold until then must be about right,
    or the page jumps as a reader scrolls (a fixed 4,000 px made a phone's home page 2.5 times too tall)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES[kind])
    page.wait_for_load_state("networkidle")
    held = page.evaluate("document.documentElement.scrollHeight")
    page.add_style_tag(content=".md-typeset .footnote { content-visibility: visible !important; }")
    rendered = page.evaluate("document.documentElement.scrollHeight")
    assert abs(held - rendered) <= 0.1 * rendered, (held, rendered)
    context.close()


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_serious_accessibility_violations(page, base_url, kind, scheme):
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `npm ci`", pytrace=False)
    page.goto(base_url + PAGE_TYPES[kind])
    if scheme == "slate":  # switched as a reader does, then wait for Material's colour transition
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.wait_for_timeout(800)
    assert page.locator("body").get_attribute("data-md-color-scheme") == scheme
    # The notes are styled only when they come near the screen (content-visibility in studyguide.css);
    # axe reads colours without scrolling, so render them, as a reader scrolling down would.
    page.add_style_tag(content=".md-typeset .footnote { content-visibility: visible !important; }")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
