"""Translations: parity errors (see tests/cases/translation-*), freshness notes, banners, status report."""

from __future__ import annotations

import json

import pytest

from conftest import TESTS, make_site, mkdocs_build, run


@pytest.fixture(scope="module")
def notices_build(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("notices") / "site-src", TESTS / "sites" / "notices")
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    return build


def banner(html: str) -> str:
    start = html.find('<div class="admonition warning citekit-notice')
    return "" if start < 0 else html[start: html.index("</div>", start)]


def test_stale_translation_builds_with_a_note_naming_the_file(notices_build):
    assert "docs/changed.tr.md:1:1: note[TRN010]: docs/changed.md changed since this translation was reviewed" \
        in notices_build.stderr
    assert "hint: update the translation, then run 'make reviewed PAGE=docs/changed.tr.md'" in notices_build.stderr


def test_stale_translation_shows_a_banner_in_its_language_linking_the_original(notices_build):
    text = banner(notices_build.page("tr/changed/index.html"))
    assert "Bu çeviri son gözden geçirildiğinden beri İngilizce özgün metin değişti." in text
    assert '<a href="../../changed/" hreflang="en">İngilizce özgün metni okuyun</a>' in text


def test_unreviewed_translation_gets_a_note_but_no_banner(notices_build):
    assert "docs/changed.ru.md:1:1: note[TRN011]" in notices_build.stderr
    assert banner(notices_build.page("ru/changed/index.html")) == ""


@pytest.mark.parametrize(
    "page, text",
    [
        ("tr/only-english/index.html", "Bu sayfa henüz Türkçeye çevrilmedi"),
        ("ru/only-english/index.html", "Эта страница ещё не переведена на русский язык"),
    ],
)
def test_missing_translation_falls_back_to_english_with_a_banner(notices_build, page, text):
    html = notices_build.page(page)
    assert text in banner(html)
    assert "Not translated yet." in html


def test_reviewed_translations_and_english_pages_show_no_banner(notices_build):
    assert banner(notices_build.page("tr/index.html")) == ""
    assert banner(notices_build.page("only-english/index.html")) == ""


def test_translation_status_is_published_as_json(notices_build):
    status = json.loads((notices_build.site / "translation-status.json").read_text(encoding="utf-8"))
    assert status["docs/index.md"] == {"tr": "translated", "ru": "translated"}
    assert status["docs/changed.md"] == {"tr": "stale", "ru": "unreviewed"}
    assert status["docs/only-english.md"] == {"tr": "missing", "ru": "missing"}


@pytest.mark.slow
def test_marking_reviewed_clears_the_stale_note_and_the_banner(tmp_path):
    root = make_site(tmp_path / "site-src", TESTS / "sites" / "notices")
    done = run(root, "-m", "citekit", "reviewed", "docs/changed.tr.md", pythonpath="hooks")
    assert done.returncode == 0, done.stderr
    status = run(root, "-m", "citekit", "status", "--json", pythonpath="hooks")
    assert json.loads(status.stdout)["docs/changed.md"]["tr"] == "translated"
    build = mkdocs_build(root)
    assert "TRN010" not in build.stderr
    assert banner(build.page("tr/changed/index.html")) == ""


SITE = "https://example.org/iskp-annotated/"


def hreflangs(sitemap: str, address: str) -> dict[str, str]:
    """The language versions a sitemap announces for one page (absolute addresses)."""
    import lxml.etree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = lxml.etree.fromstring(sitemap.encode())
    urls = [url for url in root.iterfind("s:url", ns) if url.findtext("s:loc", namespaces=ns) == SITE + address]
    assert len(urls) == 1, f"{address} listed {len(urls)} times"
    return {link.get("hreflang"): link.get("href") for link in urls[0].iterfind("x:link", ns)}


def listed(sitemap: str) -> list[str]:
    import re

    return re.findall(r"<loc>([^<]*)</loc>", sitemap)


# Announced in the sitemaps, with absolute addresses, not as <link rel=alternate> in each page's
# head (Material's scripts fetched a sitemap.xml beside each of those, which does not exist).
def test_hreflang_lists_existing_versions_and_x_default(notices_build):
    for sitemap in (notices_build.page("sitemap.xml"), notices_build.page("tr/sitemap.xml")):
        assert hreflangs(sitemap, "tr/changed/") == {
            "en": SITE + "changed/", "x-default": SITE + "changed/", "tr": SITE + "tr/changed/",
            "ru": SITE + "ru/changed/"}
    assert hreflangs(notices_build.page("sitemap.xml"), "only-english/") == {
        "en": SITE + "only-english/", "x-default": SITE + "only-english/"}
    assert SITE + "ru/only-english/" not in listed(notices_build.page("sitemap.xml"))
    assert SITE + "ru/only-english/" not in listed(notices_build.page("ru/sitemap.xml"))
    # each language root's sitemap lists only that language's pages
    assert all(loc.startswith(SITE + "ru/") for loc in listed(notices_build.page("ru/sitemap.xml")))
    assert '<link rel="alternate" href=' not in notices_build.page("tr/changed/index.html")


def test_language_switcher_stays_on_the_page_and_marks_fallbacks(notices_build):
    html = notices_build.page("ru/only-english/index.html")
    switcher = html[html.index('class="md-select__list"'):]
    switcher = switcher[: switcher.index("</ul>")]
    assert 'href="../../only-english/" hreflang="en" class="md-select__link">' in switcher
    assert 'href="../../tr/only-english/" hreflang="tr" class="md-select__link citekit-fallback"' in switcher
    assert "Türkçe <small>(английский текст)</small>" in switcher
    assert "citekit-fallback" not in notices_build.page("ru/changed/index.html").split('class="md-select__list"')[1]


def test_notes_are_numbered_in_reading_order_even_inside_boxes_and_quotes(notices_build):
    import re

    html = notices_build.page("nested/index.html")
    refs = re.findall(r'href="#fn:([^"]+)">(\d+)</a>', html)
    assert refs == [("cite-1", "1"), ("cite-2", "2"), ("cite-3", "3"), ("box", "4"), ("cite-4", "5")]
    listed = re.findall(r'<li id="fn:([^"]+)">', html)
    assert listed == ["cite-1", "cite-2", "cite-3", "box", "cite-4"]
    assert 'title="Jump back to footnote 4 in the text"' in html[html.index('<li id="fn:box">'):]
