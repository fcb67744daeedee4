"""Pure functions without MkDocs: scanner, bibliography, formatting, rendering."""

from __future__ import annotations

import re

import pytest

from citekit.bibliography import parse
from citekit.formatting import Formatter, fill
from citekit.render import CitationNotes, render_markdown
from citekit.scanner import mask, scan

BIB = r"""
@online{ank,
  author = {Ba{\c{s}}aran, Do{\u{g}}acan},
  organization = {ANKASAM},
  title = {Ya{\u{g}}mur -- {\"O}zel},
  date = {2023-03-09},
  url = {https://example.org/a?x=1&y=2},
  urldate = {2023-03-23},
  langid = {turkish},
}
@incollection{two,
  author = {Mines, Andrew and Jadoon, Amira},
  title = {Chapter},
  booktitle = {Book},
  publisher = {Press},
  date = {2023},
  langid = {english},
}
"""


def keys(text):
    return scan(text).keys()


def test_scanner_reads_single_multiple_and_located_citations():
    page = scan("A.[@a] B.[@b; @c, p. 5] C.[@d, art. 22]")
    assert page.keys() == ["a", "b", "c", "d"]
    assert [i.locator for c in page.citations for i in c.items] == ["", "", "p. 5", "art. 22"]
    assert page.citations[0].line == 1 and page.citations[0].items[0].col == 4


@pytest.mark.parametrize(
    "text",
    [
        "`[@a]`",
        "``code with ` and [@a]``",
        "```\n[@a]\n```",
        "~~~~python\n[@a]\n~~~~",
        "!!! note\n    ```\n    [@a]\n    ```",
        "<!-- [@a] -->",
        "\\[@a]",
        "mail me@a.org or [write me@a.org]",
        "[@a](https://example.org)",
        "---\ntitle: \"[@a]\"\n---\ntext",
    ],
)
def test_scanner_ignores_code_comments_escapes_emails_and_links(text):
    assert keys(text) == []


def test_masking_keeps_offsets_so_positions_stay_true():
    text = "```\n[@a]\n```\nx [@b]"
    assert len(mask(text)) == len(text)
    citation = scan(text).citations[0]
    assert (citation.line, citation.col) == (4, 3)


def test_scanner_finds_footnote_references_and_definitions():
    page = scan("Text[^a] and[^b].\n\n[^a]: note\n")
    assert [r.label for r in page.footnote_refs] == ["a", "b"]
    assert [(d.label, d.line) for d in page.footnote_defs] == [("a", 3)]


def test_bibliography_decodes_latex_and_keeps_keys_case_insensitive():
    bib = parse(BIB)
    source = bib.lookup("ANK")
    assert source.get("title") == "Yağmur – Özel"
    assert source.persons["author"][0] == {"first": "Doğacan", "last": "Başaran", "suffix": ""}
    assert bib.diagnostics == []


def test_template_groups_vanish_when_a_field_is_empty():
    assert fill("{a}[[, {b}]][[ ({c})]].", {"a": "A", "b": "", "c": "C"}) == "A (C)."


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("en", "Başaran, Doğacan. “Yağmur – Özel” (in Turkish). ANKASAM, 9 March 2023, p. 3."),
        ("tr", "Başaran, Doğacan. “Yağmur – Özel”. ANKASAM, 9 Mart 2023, p. 3."),
        ("ru", "Başaran D. «Yağmur – Özel» (на турецком языке) // ANKASAM. 9 марта 2023. p. 3."),
    ],
)
def test_reference_text_follows_each_language(lang, expected):
    text = Formatter(lang).reference(parse(BIB).lookup("ank"), "p. 3", form="note")
    assert text.startswith(expected[:-1])


@pytest.mark.parametrize(
    "lang, joined",
    [("en", "Mines, Andrew and Amira Jadoon."), ("tr", "Mines, Andrew ve Amira Jadoon."), ("ru", "Mines A., Jadoon A.")],
)
def test_author_lists_use_the_language_conjunction(lang, joined):
    assert Formatter(lang).reference(parse(BIB).lookup("two")).startswith(joined)


def test_russian_references_capitalise_a_month_after_a_full_stop_and_keep_volume_and_page_labels_russian():
    """The reference list read "// ANKASAM. март 2023" and "United Nations Treaty Series, vol. 500, p. 95"."""
    bib = parse(BIB.replace("date = {2023-03-09}", "date = {2023-03}")
                + "@misc{t, organization={United Nations}, title={Convention}, date={1961-04-18},"
                  " howpublished={United Nations Treaty Series}, volume={500}, pages={95}}")
    assert "// ANKASAM. Март 2023." in Formatter("ru").reference(bib.lookup("ank"))
    assert "United Nations Treaty Series. Т.\u00a0500. С.\u00a095. 18 апреля 1961." in Formatter("ru").reference(bib.lookup("t"))
    assert "United Nations Treaty Series, vol.\u00a0500, p.\u00a095, 18 April 1961." in Formatter("en").reference(bib.lookup("t"))
    assert fill("{a}. {A}[[ ({B})]]", {"a": "март", "b": ""}) == "март. Март"


def test_access_dates_per_language():
    source = parse(BIB).lookup("ank")
    assert "Accessed 23 March 2023" in Formatter("en").reference(source)
    assert "Erişim tarihi: 23.03.2023" in Formatter("tr").reference(source)
    assert "(дата обращения: 23.03.2023)" in Formatter("ru").reference(source)


def test_untrusted_fields_are_escaped_and_urls_scheme_checked():
    bib = parse(
        "@online{x, organization={<b>Org</b>}, title={<script>alert(1)</script>}, date={2020},"
        " url={javascript:alert(1)}, urldate={2020-01-01}}"
    )
    text = Formatter("en").reference(bib.lookup("x"))
    assert "<script>" not in text and "&lt;script&gt;" in text and "<b>" not in text
    assert "javascript:" not in text
    assert any(d.code == "BIB005" for d in bib.diagnostics)


def test_url_ampersands_are_escaped_inside_links():
    text = Formatter("en").reference(parse(BIB).lookup("ank"))
    assert 'href="https://example.org/a?x=1&amp;y=2"' in text


def rendered_html(text: str) -> str:
    """A page as the hook renders it: citations, Markdown (footnotes as the site configures them), notes."""
    import markdown

    notes = CitationNotes()
    md = markdown.Markdown(extensions=["attr_list", "toc", "admonition", "tables", "footnotes", notes],
                           extension_configs={"footnotes": {"USE_DEFINITION_ORDER": False}})
    source, notes.page = render_markdown(text, parse(BIB), Formatter("en"))
    return md.convert(source)


def test_render_numbers_citations_and_appends_notes_and_references():
    html = rendered_html("One.[@ank] Two.[@two; @ank, p. 9]")
    assert re.findall(r'href="#fn:(cite-\d+)">(\d+)</a>', html) == [("cite-1", "1"), ("cite-2", "2")]
    assert '<h2 id="notes">Notes</h2>' in html and '<h2 id="references">References</h2>' in html
    notes = re.findall(r'<li id="fn:cite-\d+">(.*?)</li>', html, re.S)
    assert len(notes) == 2 and "Chapter" in notes[1] and "p. 9" in notes[1]
    assert html.count('<li id="ref-') == 2


def test_notes_are_the_footnotes_extension_s_own_numbered_in_reading_order():
    """Citations in headings, admonitions, tables and hand-written notes are notes of the footnotes
    extension, numbered as a reader meets them (the extension alone numbers an admonition's last)."""
    text = ("# Title[@two]\n\nOne.[@ank] Hand-written.[^a]\n\nSetext[@two, p. 2]\n---\n\n"
            "!!! note \"Aside\"\n    In a box.[@ank, p. 3]\n\n| a | b |\n|---|---|\n| cell[@two] | x |\n\n"
            "Code `[@ank]` is text.\n\n[^a]: A note that cites.[@ank, p. 4]\n")
    html = rendered_html(text)
    assert re.findall(r'class="footnote-ref" href="#fn:[^"]+">(\d+)</a>', html) == [str(n) for n in range(1, 8)]
    notes = re.findall(r'<li id="fn:([^"]+)">\n<p>(.*?)&#160;<a class="footnote-backref" href="#fnref:\1" '
                       r'title="Jump back to footnote (\d+) in the text">', html, re.S)
    assert [title for _, _, title in notes] == [str(n) for n in range(1, 8)]
    assert [label for label, _, _ in notes] == ["cite-1", "cite-2", "a", "cite-3", "cite-4", "cite-5", "cite-6"]
    assert "Chapter" in notes[0][1] and "p. 2" in notes[3][1] and "p. 3" in notes[4][1]
    assert "<code>[@ank]</code>" in html and "\x02" not in html and "wzxhzdk" not in html


def test_a_citation_inside_an_html_attribute_leaves_the_tag_whole():
    """The footnotes extension put its <sup> inside the attribute, breaking the tag open."""
    html = rendered_html('An <abbr title="see [@two]">attribute</abbr>, then text.[@ank]')
    assert '<abbr title="see [@two]">attribute</abbr>' in html
    assert re.findall(r'href="#fn:(cite-\d+)">(\d+)</a>', html) == [("cite-2", "1")]
    assert re.findall(r'<li id="fn:(cite-\d+)">', html) == ["cite-2"]  # no note that nothing refers to


def test_a_page_without_citations_is_left_alone():
    markdown, rendered = render_markdown("No sources here.[^a]\n\n[^a]: x", parse(BIB), Formatter("en"))
    assert markdown == "No sources here.[^a]\n\n[^a]: x" and rendered.notes == {}


def test_readme_documents_every_diagnostic_code():
    from pathlib import Path

    from citekit.diagnostics import CODES

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("<!-- codes:start -->"): readme.index("<!-- codes:end -->")]
    for code, (name, meaning) in CODES.items():
        assert f"| {code} | {name} | {meaning} |" in table


def test_an_unchanged_bibliography_comes_from_the_cache_and_a_changed_one_is_read_again(tmp_path):
    from citekit import bibliography

    bib_file, cache = tmp_path / "references.bib", tmp_path / "cache"
    bib_file.write_text("@online{a, title={First}, organization={O}, date={2020}, url={https://e.org/a},"
                        " urldate={2024-01-01}}\n@misc{b, title={No creator}}\n", encoding="utf-8")
    first = bibliography.load(bib_file, "references.bib", cache_dir=cache)
    assert len(list(cache.glob("bib-*.pickle"))) == 1
    again = bibliography.load(bib_file, "references.bib", cache_dir=cache)
    assert again.lookup("a").get("title") == "First"
    assert [str(d) for d in again.diagnostics] == [str(d) for d in first.diagnostics] != []
    bib_file.write_text(bib_file.read_text(encoding="utf-8").replace("First", "Second"), encoding="utf-8")
    changed = bibliography.load(bib_file, "references.bib", cache_dir=cache)
    assert changed.lookup("a").get("title") == "Second"
    assert len(list(cache.glob("bib-*.pickle"))) == 1


def test_bibtex_download_encodes_latex_special_characters_once():
    """An article title with '&', '%' or '_' reads back as written (it was encoded twice: 'Tom \\\\& Jerry')."""
    import codecs

    from pybtex.database import parse_string

    from citekit.exports import Record, bibtex

    title = "Tom & Jerry: 50% of x_y, ş and «ёж»"
    rec = Record("k", title, ("Ed & Co",), "2026-01-01", "2026-01-02", "tr", "https://example.org/a", title,
                 ("a & b",), "Site & Co")
    entry = parse_string(bibtex(rec), "bibtex").entries["k"]
    assert codecs.decode(entry.fields["title"], "ulatex") == title
    assert codecs.decode(entry.fields["organization"], "ulatex") == "Site & Co"
    assert "\\\\&" not in bibtex(rec)


def test_a_note_gives_the_short_form_linked_to_the_one_full_entry_and_sources_split_by_a_semicolon():
    html = rendered_html("Both.[@two, p. 9; @ank, p. 3]")
    note = re.search(r'<li id="fn:cite-1">\n<p>(.*?)&#160;', html, re.S)[1]
    assert note == ('<a class="citekit-short" href="#ref-two">Mines and Jadoon, “Chapter”, 2023, p. 9</a>; '
                    '<a class="citekit-short" href="#ref-ank">Başaran, “Yağmur – Özel”, 9 March 2023, p. 3</a>.')
    assert html.count("Doğacan") == html.count("Press") == 1  # the full entries: in the reference list only


def test_only_note_numbers_that_touch_are_marked_for_a_comma_between_them():
    """`sup + sup` also matched two notes with text between them (".,2" on the page)."""
    html = rendered_html("One.[@ank][@two] then text.[@ank] [@two] and [@two]\n\n> Quoted.[@ank]")
    marks = re.findall(r'<sup (class="citekit-touching" )?id="fnref:cite-\d+">', html)
    assert [bool(mark) for mark in marks] == [False, True, False, True, False, False]
