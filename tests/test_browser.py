"""What a reader notices in a real browser: Debian's Chromium driven by Playwright.

The real project is built once for the session (copied to a temp folder, `mkdocs build`)
and served on 127.0.0.1 under the site_url path, as it is published. Issue 5 (tooltips,
language switcher, search in the reader's language, no third-party requests, screenshots)
and issue 6 (hostile bibliography and front matter stay text).
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import string
import struct
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import lxml.html
import pytest

from browser import RequestRecorder, SiteServer, chromium_path, copy_project, launch_chromium
from conftest import ROOT, TESTS, make_site, mkdocs_build

pytestmark = pytest.mark.browser   # `make test-fast` leaves these out

LANGUAGES = ("en", "tr", "ru")
ARTICLE = "articles/assassinations-2023/"
ARTIFACTS = TESTS / "artifacts"
PREFIX = "/iskp-annotated/"   # the path of site_url: the site is served where it is published


def prefix_of(language: str) -> str:
    return "" if language == "en" else f"{language}/"


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def chromium():
    try:
        chromium_path()
    except RuntimeError as missing:
        pytest.fail(str(missing), pytrace=False)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


def build_project(root: Path) -> Path:
    """The real project, built: mkdocs.yml, docs/, references.bib, hooks/, overrides/ ..."""
    build = mkdocs_build(copy_project(root))
    assert build.returncode == 0, build.stderr
    return build.site


def build_hostile(root: Path) -> Path:
    """The base fixture site with hostile text in references.bib and in a page's front matter."""
    build = mkdocs_build(make_site(root, TESTS / "sites" / "hostile"))
    assert build.returncode == 0, build.stderr
    return build.site


@pytest.fixture(scope="session")
def builds(tmp_path_factory):
    """Both sites, built side by side (each build is one process on one core) once per session."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        yield {
            "project": pool.submit(build_project, tmp_path_factory.mktemp("browser") / "project"),
            "hostile": pool.submit(build_hostile, tmp_path_factory.mktemp("hostile") / "site-src"),
        }


@pytest.fixture(scope="session")
def project_site(builds) -> Path:
    return builds["project"].result()


@pytest.fixture(scope="session")
def hostile_site(builds) -> Path:
    return builds["hostile"].result()


@pytest.fixture(scope="session")
def server(project_site):
    with SiteServer(project_site, PREFIX) as served:
        yield served


@pytest.fixture()
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# --------------------------------------------------------------------------- helpers

def words(html_path: Path) -> set[str]:
    """The lower-cased words of a built page's prose (notes and references left out), as search splits them (at spaces and
    hyphens, punctuation trimmed); tokens with digits or inner punctuation are left out."""
    root = lxml.html.parse(str(html_path)).getroot()
    for notes in root.cssselect("div.footnote, ul.citekit-references"):
        notes.drop_tree()  # the prose only: titles of sources are in the source's language
    text = " ".join(article.text_content() for article in root.cssselect("article.md-content__inner"))
    tokens = (token.strip(string.punctuation + "«»“”‘’…") for token in re.split(r"[\s\-]+", text))
    return {token.lower() for token in tokens if re.fullmatch(r"[^\W\d_]+", token)}


@functools.lru_cache(maxsize=None)
def pages_of(site: Path, language: str) -> dict[str, set[str]]:
    """Every built page of one language (address relative to the site -> its words)."""
    base = site / prefix_of(language) if language != "en" else site
    pages = {}
    for path in sorted(base.rglob("index.html")):
        address = path.parent.relative_to(site).as_posix() + "/"
        if language == "en" and address.split("/")[0] in LANGUAGES:
            continue
        pages[address] = words(path)
    return pages


def inflected_word(site: Path, language: str) -> tuple[str, str, str]:
    """(query, other form, article): two forms of one word that only one article of the language
    uses, where the other form does not start with the query (a prefix search cannot find it:
    only the stemmer can). The longest shared part first, so the two forms differ by an ending."""
    pages = pages_of(site, language)
    candidates = []
    for article, article_words in pages.items():
        if not re.fullmatch(rf"{prefix_of(language)}articles/[^/]+/", article):
            continue
        elsewhere = set().union(*(w for a, w in pages.items() if a != article))
        for query in article_words:
            if any(other.startswith(query[:4]) for other in elsewhere):
                continue
            for form in article_words:
                shared = os.path.commonprefix([query, form])
                if len(shared) >= 5 and 1 <= len(query) - len(shared) <= 4 and not form.startswith(query):
                    candidates.append((-len(shared), query, form, article))
    assert candidates, f"no word in one {language} article only, in two forms"
    _, query, form, article = min(candidates)
    return query, form, article


def search(page, query: str):
    """Type a query into Material's search box as a reader does; the result links, once shown."""
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.fill(query)
    box.press("End")   # Material reads the query on keyup, as when a reader types or pastes it
    results = page.locator(".md-search-result__list > .md-search-result__item > a.md-search-result__link")
    # Answered: results are listed, or the line above them says that none match.
    page.wait_for_function(
        """(q) => { const none = JSON.parse(document.getElementById('__config').textContent)
                               .translations['search.result.none'];
                   const meta = document.querySelector('.md-search-result__meta');
                   const box = document.querySelector('input[data-md-component=search-query]');
                   return box.value === q && meta && (meta.textContent.trim() === none
                          || document.querySelector('.md-search-result__list > li') !== null) }""", arg=query)
    return results


def result_pages(page, results) -> list[str]:
    """The site addresses (relative to the site root) the listed results open, in order."""
    addresses = []
    for link in results.all():
        path = urlsplit(link.get_attribute("href")).path
        address = path.removeprefix(PREFIX)
        if address not in addresses:
            addresses.append(address)
    return addresses


def language_of(address: str) -> str:
    first = address.split("/")[0]
    return first if first in LANGUAGES else "en"


def highlighted_words(page) -> set[str]:
    """The whole words in which Material marked a search term on the opened page."""
    return set(page.evaluate("""() => [...document.querySelectorAll('mark[data-md-highlight]')].map(m => {
        const rest = (m.nextSibling && m.nextSibling.textContent || '').match(/^[\\p{L}]*/u)[0];
        return (m.textContent + rest).toLowerCase() })"""))


def png_size(path: Path) -> tuple[int, int]:
    with path.open("rb") as png:
        header = png.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


# --------------------------------------------------------------------------- tests

def test_debian_chromium_is_installed():
    """Never skipped: CI installs Chromium through `make test`; a missing browser is a failure."""
    path = chromium_path()
    assert os.access(path, os.X_OK)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_hovering_a_note_number_shows_the_formatted_reference(page, server, project_site, language):
    page.goto(server.url(prefix_of(language) + ARTICLE))
    references = page.locator("ul.citekit-references > li")
    assert references.count() > 0
    entries = [li.inner_text().strip() for li in references.all()]
    page.locator("a.footnote-ref").first.hover()
    tooltip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    tooltip.wait_for(state="visible")
    shown = " ".join(tooltip.inner_text().split())
    # A note gives a source's short form: its creator and its title, as the reference list has them.
    matching = []
    for text in entries:
        opening = min((i for i in (text.find("“"), text.find("«")) if i > 0), default=-1)
        close = min((i for i in (text.find("”"), text.find("»")) if i > opening), default=-1)
        creator = re.split(r"[,.]", text, maxsplit=1)[0].strip()
        title = " ".join(text[opening:close + 1].split())
        if opening > 0 and creator and creator in shown and title in shown:
            matching.append((creator, title))
    assert matching, f"the tooltip of note 1 shows no reference of the page's list: {shown!r}"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_hovering_a_note_shows_the_passage_it_relies_on_in_the_pages_quotation_marks(page, server, project_site,
                                                                                    language):
    page.goto(server.url(prefix_of(language) + ARTICLE))
    quoted = page.locator("div.footnote li:has(.citekit-passage)").first
    label = quoted.get_attribute("id").removeprefix("fn:")
    passage = quoted.locator(".citekit-passage").first
    words, source_language = " ".join(passage.inner_text().split()), passage.get_attribute("lang")
    page.locator(f'a.footnote-ref[href="#fn:{label}"]').first.hover()
    tooltip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    tooltip.wait_for(state="visible")
    shown = " ".join(tooltip.inner_text().split())
    opening, closing = {"en": ("“", "”"), "ru": ("«", "»")}[language]
    assert f"{opening}{words}{closing}" in shown
    assert tooltip.locator(f'.citekit-passage[lang="{source_language}"]').count() >= 1


def test_language_switcher_leads_to_the_same_article_in_turkish_and_russian(page, server):
    page.goto(server.url(ARTICLE))
    assert page.locator("html").get_attribute("lang") == "en"
    for language in ("tr", "ru"):
        switcher = page.locator(".md-header__option .md-select")
        switcher.locator("button").hover()
        switcher.locator(f"a.md-select__link[hreflang={language}]").click()
        page.wait_for_url(server.url(f"{language}/{ARTICLE}"))
        assert page.locator("html").get_attribute("lang") == language


@pytest.mark.parametrize("language", ["tr", "ru"])
def test_an_inflected_word_finds_its_article_first_and_its_other_forms(page, server, project_site, language):
    query, other_form, article = inflected_word(project_site, language)
    page.goto(server.url(prefix_of(language)))
    results = search(page, query)
    found = result_pages(page, results)
    assert found and found[0] == article, f"searching {query!r} on /{language}/ listed {found}, not {article} first"
    # Open the first listed place in that article where a term matched (the article itself is
    # listed first with nothing marked when only its sections match).
    marked = [link for link in page.locator(".md-search-result__item").first.locator("a.md-search-result__link").all()
              if parse_qs(urlsplit(link.get_attribute("href")).query).get("h") and link.is_visible()]
    assert marked, f"no result for {query!r} in {article} marks a term"
    marked[0].click()
    page.wait_for_url(re.compile(re.escape(server.url(article))))
    page.locator("mark[data-md-highlight]").first.wait_for()
    highlighted = highlighted_words(page)
    assert other_form in highlighted, (
        f"searching {query!r} highlights {sorted(highlighted)} on {article}, not its other form {other_form!r}:"
        " the query was not stemmed")


def shared_word(site: Path) -> str:
    """A word that one English page and one Turkish page use, and no other page of either."""
    english, turkish = pages_of(site, "en"), pages_of(site, "tr")
    def once(pages):
        counts = {}
        for page_words in pages.values():
            for word in page_words:
                counts[word] = counts.get(word, 0) + 1
        return {word for word, count in counts.items() if count == 1 and len(word) >= 6}
    shared = sorted(once(english) & once(turkish), key=lambda w: (-len(w), w))
    assert shared, "no word used by exactly one English and one Turkish page"
    return shared[0]


@pytest.mark.parametrize("language", ["tr", "en"])
def test_a_word_in_both_languages_lists_the_readers_language_first(page, server, project_site, language):
    word = shared_word(project_site)
    page.goto(server.url(prefix_of(language)))
    found = result_pages(page, search(page, word))
    languages = [language_of(address) for address in found]
    assert "en" in languages and "tr" in languages, f"searching {word!r} listed {found}"
    first_other = min(i for i, lang in enumerate(languages) if lang != language)
    assert all(lang != language for lang in languages[first_other:]), \
        f"on /{prefix_of(language)} searching {word!r} listed {found}: not {language} first"


FOLDED = {
    # one spelling as the pages write it, then as people type it
    "ru": ["партнёров", "партнеров", "ПАРТНЕРОВ", "Партнёров"],
    "tr": ["İslam", "islam", "Islam", "ISLAM", "ıslam"],
    "en": ["Taliban", "TALIBAN", "taliban"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_folds_case_yo_and_the_turkish_i(page, server, language):
    """Issue 16: "партнеров" (е for ё, as most people type) finds what "партнёров" does; Turkish
    "islam", "Islam" and "ıslam" what "İslam" does; in every language's index."""
    page.goto(server.url(prefix_of(language)))
    written, *typed = FOLDED[language]
    expected = result_pages(page, search(page, written))
    assert expected, f"{written!r} finds nothing on /{prefix_of(language)}"
    for query in typed:
        assert result_pages(page, search(page, query)) == expected, f"{query!r} finds other pages than {written!r}"


@pytest.mark.parametrize("language", ["tr", "ru"])
def test_search_results_show_tags_in_the_readers_language(page, server, language):
    import yaml

    from conftest import ROOT

    labels = yaml.safe_load((ROOT / "tags.yml").read_text(encoding="utf-8"))
    page.goto(server.url(prefix_of(language)))
    search(page, "ISKP")   # the articles, the glossary and the about page
    shown = {tag.strip() for tag in page.locator(".md-search-result .md-tag").all_text_contents()}
    assert labels["assassinations"][language] in shown and labels["glossary"][language] in shown, shown
    in_language = {entry[language] for entry in labels.values()}
    assert shown <= in_language, f"tags not in {language}: {sorted(shown - in_language)}"


def test_pages_make_no_request_to_another_host_and_use_the_sites_own_fonts(page, server):
    """Issue 5: no third-party request, no Roboto. Issue 16: the body face (Source Serif 4) is
    served with the site, from its own assets/fonts/, and the text is set in it."""
    recorder = RequestRecorder(page)
    for language in LANGUAGES:
        for address in ("", ARTICLE):
            page.goto(server.url(prefix_of(language) + address))
            page.wait_for_function("() => document.fonts.status === 'loaded'")
            fonts = page.evaluate("() => getComputedStyle(document.body).fontFamily")
            assert "roboto" not in fonts.lower(), fonts
            body = page.evaluate("() => getComputedStyle(document.querySelector('article.md-typeset > p')).fontFamily")
            assert body.startswith('"Source Serif 4"'), body
            assert page.evaluate("""() => [...document.fonts].some(f => f.family.includes('Source Serif 4')
                                                                        && f.status === 'loaded')""")
    assert recorder.urls, "no request recorded"
    assert recorder.elsewhere(server.origin) == []
    fonts = [url for url in recorder.urls if re.search(r"\.(woff2?|ttf|otf)(\?|$)", url)]
    assert fonts and all(url.startswith(server.url("assets/fonts/source-serif-4/")) for url in fonts), fonts


def test_pages_request_nothing_that_is_missing(page, server):
    """No 404 in the console: Material fetches sitemap.xml beside every <link rel=alternate> and at
    the search base (each language's root), so each of those must exist."""
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    for language in LANGUAGES:
        for address in ("", ARTICLE):
            page.goto(server.url(prefix_of(language) + address))
            page.wait_for_load_state("networkidle")
    assert failed == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_screenshot_in_each_language(page, server, language):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"article-{language}.png"
    path.unlink(missing_ok=True)
    page.goto(server.url(prefix_of(language) + ARTICLE))
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.screenshot(path=str(path))
    assert png_size(path) == (1280, 900)
    assert path.stat().st_size > 40_000, "the screenshot is nearly empty"


WIDTHS = {1366: 900, 390: 844}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_and_article_screenshots_at_desktop_and_phone_width(chromium, server, language, width):
    """Screenshots for review (tests/artifacts/): the home page and the central article, per language."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": width, "height": WIDTHS[width]})
    page = context.new_page()
    try:
        for name, address in (("home", ""), ("article", ARTICLE)):
            path = ARTIFACTS / f"{name}-{language}-{width}.png"
            path.unlink(missing_ok=True)
            page.goto(server.url(prefix_of(language) + address))
            page.evaluate("() => document.fonts.ready.then(() => true)")
            page.screenshot(path=str(path))
            assert png_size(path) == (width, WIDTHS[width])
            # nothing wider than the screen: no sideways scrolling on a phone
            assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def note_commas(page) -> list[tuple[str, bool, bool]]:
    """(note, comma shown before it, directly after another note with no text between) for each
    note number of the page."""
    return page.evaluate("""() => [...document.querySelectorAll('.md-content sup[id^=fnref]')].map(sup => {
        const before = getComputedStyle(sup, '::before').content;
        const prev = sup.previousSibling;
        const touching = !!prev && prev.nodeType === 1 && prev.tagName === 'SUP' && prev.id.startsWith('fnref');
        return [sup.id, before.includes(','), touching] })""")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_comma_separates_only_note_numbers_that_touch(page, server, language):
    page.goto(server.url(prefix_of(language) + ARTICLE))
    notes = note_commas(page)
    assert any(touching for _, _, touching in notes), "the article has no two notes on one spot"
    wrong = [(note, comma) for note, comma, touching in notes if comma != touching]
    assert wrong == [], f"comma shown (True) or missing (False) wrongly before {wrong}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_article_on_a_phone_has_its_table_of_contents(chromium, server, language):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(server.url(prefix_of(language) + "articles/ankasam-annotated/"))
        assert not page.locator(".md-sidebar--secondary").is_visible()
        # the sections the wide screen's sidebar lists (hidden here)
        sections = page.evaluate("""() => [...document.querySelectorAll(
            '.md-sidebar--secondary .md-nav--secondary > ul > li > a.md-nav__link')].map(a => a.getAttribute('href'))""")
        assert len(sections) >= 12, sections   # the reading's introduction, C1 to C11, notes ...
        contents = page.locator("details.citekit-toc")
        contents.locator("summary").click()
        links = contents.locator("a")
        assert [link.get_attribute("href") for link in links.all()] == sections
        target = links.nth(3)
        anchor = target.get_attribute("href")
        target.click()
        page.wait_for_function("(id) => { const r = document.getElementById(id).getBoundingClientRect();"
                               " return r.top >= 0 && r.top < 200 }", arg=unquote(anchor[1:]))
        # on a wide screen the sidebar has the contents: the box is not shown
        page.set_viewport_size({"width": 1366, "height": 900})
        assert not contents.is_visible()
        assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()
    finally:
        context.close()


def printed(page, server, address: str, path: Path) -> list[str]:
    """The page printed to PDF by Chromium (A4, print stylesheet): the text of each PDF page."""
    from pypdf import PdfReader

    page.goto(server.url(address))
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.emulate_media(media="print")
    path.unlink(missing_ok=True)
    page.pdf(path=str(path), format="A4", print_background=True)
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]


def test_the_central_article_prints_with_masthead_addresses_and_readable_note_numbers(page, server):
    ARTIFACTS.mkdir(exist_ok=True)
    pages = printed(page, server, ARTICLE, ARTIFACTS / "article-en.pdf")
    text = " ".join(pages)
    assert "ISKP commentary, annotated" in pages[0]
    assert "https://example.org/iskp-annotated/articles/assassinations-2023/" in pages[0].replace(" ", "")
    assert "↩" not in text, "the notes' back-arrows print"
    notes = page.locator("div.footnote > ol > li").count()
    assert notes >= 10
    # every note number is printed whole: "10." ... up to the last one
    for number in range(9, notes + 1):
        assert f"{number}." in text, f"note number {number} is not printed whole"
    # an external link in the text prints its address after it
    link = page.locator("article > p a[href^=http]:not(.citekit-url)").first
    if link.count():
        assert link.get_attribute("href").replace(" ", "") in text.replace(" ", "")


def test_a_printed_claim_stays_on_the_page_of_its_verdict(page, server):
    pages = printed(page, server, "articles/ankasam-annotated/", ARTIFACTS / "annotated-en.pdf")
    page.emulate_media(media="screen")
    pairs = page.evaluate("""() => [...document.querySelectorAll('article blockquote')]
        .filter(q => q.nextElementSibling && /verdict-/.test(q.nextElementSibling.className))
        .map(q => [q.innerText, q.nextElementSibling.querySelector('p:not(.admonition-title)').innerText])""")
    assert len(pairs) == 11

    def page_of(words: str) -> int:
        start = " ".join(words.split()[:6])
        return next(n for n, text in enumerate(pages) if start in text)

    split = [claim[:50] for claim, verdict in pairs if page_of(claim) != page_of(verdict)]
    assert split == [], f"claims printed apart from their verdicts: {split}"


def open_hostile(page, site_url: str):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site_url)   # returns after the load event: scripts, onload and onerror have run
    page.locator("a.footnote-ref").first.hover()   # Material copies the note into a tooltip
    page.locator(".md-tooltip2--active").wait_for()
    return dialogs


INJECTED = """(mark) => [...document.querySelectorAll(`[data-pwn="${mark}"]`)].map(e => e.outerHTML)
    .concat([...document.scripts].filter(s => s.textContent.includes(`__pwned_${mark}`)
                                              && !/json/.test(s.type)).map(s => s.outerHTML))"""


@pytest.mark.parametrize("address", ["", "hostile/", "tr/", "ru/"])
def test_hostile_bibliography_fields_stay_text(page, hostile_site, address):
    with SiteServer(hostile_site) as hostile:
        dialogs = open_hostile(page, hostile.url(address))
        assert dialogs == [], "a script from references.bib opened a dialog"
        assert page.evaluate("() => typeof window.__pwned_bib") == "undefined", \
            f"a script from references.bib ran: {page.evaluate('() => window.__pwned_bib')}"
        assert page.evaluate(INJECTED, "bib") == [], "text from references.bib became markup"
        references = page.locator("ul.citekit-references").inner_text()
        assert 'The New Method <img data-pwn="bib" src=x onerror=' in references
        assert '<script>window.__pwned_bib = "escape"</script>' in references


def test_hostile_front_matter_title_stays_text(page, hostile_site):
    with SiteServer(hostile_site) as hostile:
        dialogs = open_hostile(page, hostile.url("hostile/"))
        assert dialogs == []
        assert page.evaluate("() => typeof window.__pwned_title") == "undefined", \
            f"a script in the page's front-matter title ran: {page.evaluate('() => window.__pwned_title')}"
        assert page.evaluate(INJECTED, "title") == [], "the front-matter title became markup"
        assert '<script>window.__pwned_title="script"</script>' in page.title()


# --------------------------------------------------------------------------- accessibility (issue 16)
# axe-core is vendored in tests/vendor/axe-core/ (from npm, unmodified) and injected into each
# page from disk: nothing is loaded from the network. Every page of every language, at a desktop
# and a phone width, must have no violation axe rates serious or critical. (The Nu Html Checker
# needs a network service or a Java runtime with its jar: not run.)

AXE = TESTS / "vendor" / "axe-core" / "axe.min.js"
RUN_AXE = """() => axe.run(document, {resultTypes: ['violations']}).then(result => result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`
              + (v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : '')))"""


def site_pages(site: Path) -> list[str]:
    """Every page of the built site (addresses relative to its root), every language."""
    return sorted("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
                  for p in site.rglob("index.html"))


def test_axe_is_vendored_and_not_fetched():
    text = AXE.read_text(encoding="utf-8")[:400]
    assert "axe v4.14.1" in text
    assert (AXE.parent / "LICENSE").is_file()


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_no_serious_or_critical_axe_violation_on_any_page(chromium, server, project_site, width, height):
    """Every page on a desktop; on a phone, the home page and the central article of each language
    (the same markup in a narrower layout: what changes is contrast over the drawer and the contents)."""
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    found = {}
    try:
        addresses = site_pages(project_site)
        assert len(addresses) >= 30, addresses
        if width < 600:
            addresses = [prefix_of(lang) + address for lang in LANGUAGES for address in ("", ARTICLE)]
        for address in addresses:
            page.goto(server.url(address))
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(RUN_AXE)
            if violations:
                found[address] = violations
    finally:
        context.close()
    assert found == {}, "\n".join(f"/{a}: {v}" for a, vs in found.items() for v in vs)


def test_the_search_dialog_copy_differs_from_materials_only_by_its_name():
    import material

    installed = (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")

    def body(text: str) -> list[str]:
        return re.sub(r"^\{#-.*?-#\}\n", "", text, flags=re.S).splitlines()

    changed = [line for line in difflib.unified_diff(body(installed), body(ours), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        '-<div class="md-search" data-md-component="search" role="dialog">',
        '+<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
    ]
