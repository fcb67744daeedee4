"""Evidence a reader can follow: each cited source's place on the sources page (every claim that
cites it, linked to the citation, with its passage), reference lists linking there, and the
evidence coverage (citations carrying a passage) in `make status` and site/evidence-status.json."""

from __future__ import annotations

import json

import lxml.html
import pytest

from conftest import TESTS, make_site, mkdocs_build, run

SITE = TESTS / "sites" / "sources"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("evidence") / "site-src", SITE)
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    return build


def tree(build, path: str):
    return lxml.html.fromstring((build.site / path / "index.html").read_text(encoding="utf-8"))


def test_each_source_lists_every_claim_that_cites_it_with_its_passage(built):
    page = tree(built, "sources")
    sections = {s.get("id"): s for s in page.cssselect("section.citekit-source")}
    assert {"src-vcdr1961", "src-denza2008", "src-ankasam2023en", "src-rbc2022embassy"} <= set(sections)
    convention = sections["src-vcdr1961"]
    assert "Vienna Convention on Diplomatic Relations" in convention.cssselect(".citekit-source__reference")[0].text_content()
    places = convention.cssselect(".citekit-source__citations li")
    texts = [" ".join(li.text_content().split()) for li in places]
    assert "Claims — C1. The first claim, art. 22 “The premises of the mission shall be inviolable.”" in texts
    assert "Claims — C2. The second claim" in texts
    # each link leads to the citation's own mark in the text
    for link in convention.cssselect("a"):
        target, anchor = link.get("href").split("#")
        cited = lxml.html.fromstring((built.site / "sources" / target / "index.html").resolve().read_text(encoding="utf-8"))
        assert cited.get_element_by_id(anchor).tag == "sup"
    passage = sections["src-denza2008"].cssselect(".citekit-passage")[0]
    assert passage.text_content() == "a special duty" and passage.get("lang") == "en"


def test_the_sources_page_of_a_language_leads_to_that_languages_pages(built):
    page = tree(built, "tr/sources")
    links = [a.get("href") for a in page.cssselect("#src-vcdr1961 .citekit-source__citations a")]
    assert "../claims/#fnref:cite-1" in links
    for link in links:  # every place is the Turkish page a Turkish reader gets
        target = (built.site / "tr" / "sources" / link.split("#")[0]).resolve()
        assert target.is_relative_to((built.site / "tr").resolve())
    text = " ".join(page.cssselect("#src-vcdr1961")[0].text_content().split())
    assert "İddialar — C1. Birinci iddia, md. 22 “The premises of the mission shall be inviolable.”" in text
    assert "Atıf yapılan yerler" in text


def test_a_reference_list_entry_links_to_its_sources_place(built):
    page = tree(built, "claims")
    entry = page.cssselect("ul.citekit-references li#ref-vcdr1961")[0]
    (link,) = entry.cssselect("a.citekit-source-link")
    assert link.get("href") == "../sources/#src-vcdr1961"
    assert link.text_content() == "Every citation of this source"
    turkish = tree(built, "tr/claims").cssselect("ul.citekit-references li#ref-vcdr1961 a.citekit-source-link")[0]
    assert turkish.get("href") == "../sources/#src-vcdr1961"


def test_evidence_status_counts_the_citations_carrying_a_passage_per_page_and_language(built):
    status = json.loads((built.site / "evidence-status.json").read_text(encoding="utf-8"))
    assert status["docs/claims.md"] == {"en": {"citations": 4, "with_passage": 2},
                                        "tr": {"citations": 4, "with_passage": 2}}
    assert status["docs/index.md"]["en"] == {"citations": 5, "with_passage": 0}


def test_make_status_prints_the_passage_coverage(tmp_path):
    root = make_site(tmp_path / "site-src", SITE)
    done = run(root, "-m", "citekit", "status", "mkdocs.yml", pythonpath="hooks")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    table = lines[next(i for i, line in enumerate(lines) if line.startswith("passages")):]
    assert table[0].split() == ["passages", "en", "ru", "tr"]
    row = next(line for line in table if line.startswith("docs/claims.md"))
    assert row.split()[1:] == ["2/4", "-", "2/4"]


def test_a_site_without_a_sources_page_has_no_links_to_one(tmp_path):
    root = make_site(tmp_path / "site-src")
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    assert "citekit-source-link" not in build.page("index.html")
