"""The base fixture site built with the real MkDocs: what a reader of each language sees."""

from __future__ import annotations

import re

import pytest


def notes(html: str) -> list[str]:
    """Text of each footnote, in order, without the back-link."""
    block = html[html.index('<div class="footnote">'):]
    block = block[: block.index("</div>")]
    items = re.findall(r'<li id="fn:[^"]+">\s*<p>(.*?)&#160;<a class="footnote-backref"', block, re.S)
    return items


def test_three_languages_are_built_at_their_addresses(base_build):
    assert '<html lang="en"' in base_build.page("index.html")
    assert '<html lang="tr"' in base_build.page("tr/index.html")
    assert '<html lang="ru"' in base_build.page("ru/index.html")


def test_citations_become_numbered_footnotes_with_formatted_references(base_build):
    html = base_build.page("index.html")
    found = notes(html)
    assert len(found) == 5  # four citations and one hand-written note, in reading order
    # a note gives the short form, linked to the full entry, which the reference list holds once
    assert found[0].startswith('<a class="citekit-short" href="#ref-ankasam2023en">Başaran, “The New Method Used by '
                               'the Terrorist Organization ISKP')
    assert "Accessed 23 March 2023" not in found[0]
    entry = html[html.index('<li id="ref-ankasam2023en">'):]
    assert entry.startswith('<li id="ref-ankasam2023en">Başaran, Doğacan. “The New Method Used by the Terrorist')
    assert "Accessed 23 March 2023" in entry[: entry.index("</li>")]
    prose = html[: html.index("Code is never read")]
    assert 'href="#fn:cite-1"' in prose and "[@" not in prose


def test_locators_survive_in_the_note(base_build):
    en = notes(base_build.page("index.html"))
    assert en[1].endswith("18 April 1961, art. 22</a>.")
    assert "para. 4" in en[3]
    assert "ст. 22" in notes(base_build.page("ru/index.html"))[1]


def test_several_sources_in_one_citation_share_one_note(base_build):
    note = notes(base_build.page("index.html"))[2]
    assert "Denza, “Inviolability" in note and "Путин посмертно наградил" in note
    assert note.count("; ") == 1 and note.index("Denza") < note.index("; ") < note.index("Путин")


def test_repeat_citation_gets_a_short_note_linking_to_the_reference_list(base_build):
    note = notes(base_build.page("index.html"))[3]
    assert note.startswith('<a class="citekit-short" href="#ref-ankasam2023en">Başaran, “The New Method')


def test_hand_written_footnotes_keep_working_beside_citations(base_build):
    assert notes(base_build.page("index.html"))[4] == "A hand-written note."


def test_code_and_email_addresses_are_never_citations(base_build):
    html = base_build.page("index.html")
    assert "<code>[@notakey]</code>" in html
    assert "[@alsonotakey]" in html
    assert "editors@example.org" in html and "[mail editors@example.org]" in html


@pytest.mark.parametrize(
    "page, heading, accessed, quote",
    [
        ("index.html", "References", "Accessed 23 March 2023", "“"),
        ("tr/index.html", "Kaynakça", "Erişim tarihi: 23.03.2023", "“"),
        ("ru/index.html", "Список источников", "дата обращения: 23.03.2023", "«"),
    ],
)
def test_each_article_ends_with_its_reference_list_in_its_language(base_build, page, heading, accessed, quote):
    html = base_build.page(page)
    assert f'<h2 id="references">{heading}' in html
    listing = html[html.index('<ul class="citekit-references">'):]
    listing = listing[: listing.index("</ul>")]
    assert listing.count("<li ") == 4  # each source once, however often cited
    assert accessed in listing and quote in listing
    assert html.index('<div class="footnote">') < html.index('<h2 id="references">')


def test_footnote_tooltips_are_switched_on(base_build):
    assert "content.footnote.tooltips" in base_build.page("ru/index.html")


def test_language_switcher_links_the_same_page_in_each_language(base_build):
    html = base_build.page("tr/index.html")
    switcher = html[html.index('class="md-select__list"'):]
    assert 'hreflang="en"' in switcher and 'hreflang="ru"' in switcher
    assert "Русский" in switcher and "English" in switcher


def test_site_url_comes_from_the_environment_for_canonical_sitemaps_and_feeds(tmp_path):
    """`SITE_URL=... make site` builds for a real address: every absolute address carries it."""
    import os
    import subprocess
    import sys

    from conftest import Build, make_site

    root = make_site(tmp_path / "src")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "https://iskp.example.net/commentary/"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    build = Build(root, done.returncode, done.stderr)
    assert '<link rel="canonical" href="https://iskp.example.net/commentary/tr/">' in build.page("tr/index.html")
    for sitemap in ("sitemap.xml", "tr/sitemap.xml", "ru/sitemap.xml"):
        text = build.page(sitemap)
        assert "example.org" not in text
        assert 'hreflang="x-default" href="https://iskp.example.net/commentary/"' in text
    assert "example.org" not in build.page("feed.xml")
