"""Inputs an author may fear are broken but are legitimate build cleanly and read as intended;
inputs too big or too destructive for a case folder fail fast and clearly.

A folder under tests/cases/ without expected.txt is a legitimate input: it is built here once
(`citekit check` and `mkdocs build` must both pass, print no diagnostic and no traceback) and
its HTML is checked for what a reader would see. Folders with expected.txt are broken inputs,
driven by test_diagnostics.py.
"""

from __future__ import annotations

import re
import time

import pytest

from conftest import CASES, make_site, mkdocs_build, run

from citekit.bibliography import parse

DIAGNOSTIC = re.compile(r"^(docs/|references\.bib:|site/|    hint:)")
NOTE_MARK = re.compile(r'<sup (?:class="citekit-touching" )?id="fnref\d*:(cite-\d+)"><a class="footnote-ref" '
                       r'href="#fn:\1">(\d+)</a></sup>')

# Cases that only add docs/extra.md share one build (as docs/<case>.md): it is the slow part.
PAGE_CASES = [
    "adjacent-citations", "admonition-title", "citation-in-admonition", "citation-in-code",
    "citation-in-footnote", "citation-in-heading", "citation-in-list", "citation-in-table", "cite-key-case",
    "crlf-page", "email-not-citation", "footnote-label-reused", "locator-forms", "page-bom", "passages",
]
# Cases with their own references.bib get a build each.
BIB_CASES = ["bib-bom", "bib-html-in-title", "crlf-bib", "key-unicode-letters"]


def assert_clean(*runs) -> None:
    for done in runs:
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert [line for line in done.stderr.splitlines() if DIAGNOSTIC.match(line)] == []


def clean_build(name: str, tmp_path) -> str:
    """Check and build the case; both succeed silently. Returns the HTML of docs/extra.md's page."""
    root = make_site(tmp_path / "site-src", CASES / name)
    assert_clean(run(root, "-m", "citekit", "check", "mkdocs.yml", pythonpath="hooks"), build := mkdocs_build(root))
    return build.page("extra/index.html")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Every page-only case in one site; page(name) is the HTML of that case's page."""
    root = make_site(tmp_path_factory.mktemp("corpus") / "site-src")
    for name in PAGE_CASES:
        assert [p.name for p in (CASES / name).rglob("*") if p.is_file()] == ["extra.md"], name
        (root / "docs" / f"{name}.md").write_bytes((CASES / name / "docs" / "extra.md").read_bytes())
    assert_clean(run(root, "-m", "citekit", "check", "mkdocs.yml", pythonpath="hooks"), build := mkdocs_build(root))
    return lambda name: build.page(f"{name}/index.html")


def article(page: str) -> str:
    return page[page.index("<article") : page.index("</article>")]


def before_heading(page: str) -> str:
    """What the article shows above its first heading (a front matter read as text would be there)."""
    body = article(page)
    return re.sub(r"<[^>]*>|\s", "", body[body.index(">") + 1 : body.index("<h1")])


def notes(page: str) -> list[str]:
    """The number shown for each citation note, in reading order."""
    return [number for _, number in NOTE_MARK.findall(page)]


def note_text(page: str, number: int) -> str:
    match = re.search(rf'<li id="fn:cite-{number}">(.*?)</li>', page, re.S)
    assert match, f"no note cite-{number}"
    return match.group(1)


def reference(page: str, key: str) -> str:
    match = re.search(rf'<li id="ref-{key}">(.*?)</li>', page, re.S)
    assert match, f"no reference {key}"
    return match.group(1)


def test_every_legitimate_case_is_tested_here():
    folders = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not (p / "expected.txt").exists())
    assert folders == sorted(PAGE_CASES + BIB_CASES)


def test_page_with_byte_order_mark_keeps_its_front_matter(pages):
    page = pages("page-bom")
    assert "<title>Saved with a byte order mark" in page
    assert not before_heading(page) and "title:" not in article(page)  # front matter not shown as text
    assert "\ufeff" not in page
    assert notes(page) == ["1"] and "art. 22" in note_text(page, 1)


@pytest.mark.slow
def test_bib_with_byte_order_mark_keeps_its_first_entry(tmp_path):
    page = clean_build("bib-bom", tmp_path)  # ankasam2023en is the first entry, right after the BOM
    assert notes(page) == ["1"] and "Başaran" in note_text(page, 1)
    assert 'id="ref-ankasam2023en"' in page


def test_page_with_crlf_line_endings_reads_like_any_other(pages):
    page = pages("crlf-page")
    body = article(page)
    assert "<title>Extra" in page and not before_heading(page)
    assert notes(page) == ["1"] and 'id="fn:n"' in body  # the citation and the hand-written note
    assert re.search(r"<code>\[@notakey\]\s*</code>", body)
    assert "\r" not in body and "&#13;" not in body


@pytest.mark.slow
def test_bib_with_crlf_line_endings_reads_like_any_other(tmp_path):
    page = clean_build("crlf-bib", tmp_path)
    text = note_text(page, 1)
    assert "Windows Editors Ltd" in text and "Saved with CRLF line endings" in text
    assert 'href="https://reports.example.net/crlf"' in reference(page, "crlfweb")  # the note links to it
    assert 'href="#ref-crlfweb"' in text
    assert "\r" not in article(page) and "&#13;" not in page


@pytest.mark.slow
def test_html_in_a_title_is_shown_as_text_never_run(tmp_path):
    page = clean_build("bib-html-in-title", tmp_path)
    body = article(page)
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>News" not in page
    assert "How &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; got into a headline &amp; why &lt;img src=x" in body
    assert "Example &lt;b&gt;News&lt;/b&gt; &amp; Co" in body
    assert 'href="https://reports.example.net/a?b=1&amp;c=2"' in body


def test_key_case_does_not_matter(pages):
    page = pages("cite-key-case")  # [@VCDR1961], [@Ankasam2023EN]
    assert notes(page) == ["1", "2"]
    assert 'id="ref-vcdr1961"' in page and 'id="ref-ankasam2023en"' in page


@pytest.mark.slow
def test_keys_with_turkish_and_cyrillic_letters_resolve(tmp_path):
    page = clean_build("key-unicode-letters", tmp_path)
    assert notes(page) == ["1", "2"]
    assert "Gökçe, “" in note_text(page, 1) and "s. 4" in note_text(page, 1)  # a note's short form
    assert "Gökçe, Şükrü" in reference(page, "gökçe2023ışid")
    assert "Взрыв у посольства России в Кабуле" in note_text(page, 2) and "с. 2" in note_text(page, 2)


@pytest.mark.parametrize(
    "name, container",
    [
        ("citation-in-heading", r"<h2 id=\"the-vienna-convention\">The Vienna Convention<sup"),
        ("citation-in-table", r"<td><sup id=\"fnref:cite-1\""),
        ("citation-in-admonition", r"<div class=\"admonition note\">\s*<p class=\"admonition-title\">Verdict</p>"
                                   r"\s*<p>The premises are inviolable.<sup"),
        ("citation-in-list", r"<li>First point.<sup"),
        ("admonition-title", r"<p class=\"admonition-title\">As the Convention says<sup"),
        ("citation-in-footnote", r"<li id=\"fn:why\">\s*<p>The explanation cites a source.<sup"),
    ],
)
def test_citation_inside_a_block_becomes_a_note_there(name, container, pages):
    page = pages(name)
    assert re.search(container, page), article(page)
    assert "[@" not in article(page) and "[^cite-" not in page
    assert 'class="citekit-references"' in page


def test_citations_in_admonition_details_and_quote_are_numbered_in_reading_order(pages):
    page = pages("citation-in-admonition")
    assert notes(page) == ["1", "2", "3"]
    assert re.search(r"<details class=\"info\">\s*<summary>More</summary>\s*<p>Folded detail.<sup", page)
    assert re.search(r"<blockquote>\s*<p>Quoted claim.<sup", page)


def test_citation_in_heading_stays_out_of_the_table_of_contents(pages):
    page = pages("citation-in-heading")
    labels = re.findall(r'href="#the-vienna-convention"[^>]*>\s*<span class="md-ellipsis">\s*(.*?)\s*</span>',
                        page, re.S)
    assert labels and all(label == "The Vienna Convention" for label in labels)


def test_citations_in_code_are_printed_as_code(pages):
    page = pages("citation-in-code")
    body = article(page)
    code = " ".join(re.findall(r"<code[^>]*>(.*?)</code>", body, re.S))
    code = re.sub(r"<[^>]+>", "", code)  # highlighting spans
    for literal in ("[@key]", "[@key, p. 5]", "[@tildefence]", "[@indentedcode]", "[@alsoindented]",
                    "[@indentedinlist]"):
        assert literal in code
    assert notes(page) == ["1"] and "Vienna Convention" in note_text(page, 1)


def test_email_addresses_and_handles_are_not_citations(pages):
    page = pages("email-not-citation")
    body = article(page)
    assert notes(page) == ["1"]
    assert "[mail editors@example.org]" in body and "@someone" in body
    assert '<a href="https://social.example.net/iskp_watch">@iskp_watch</a>' in body


def test_locators_in_every_accepted_form_reach_the_note(pages):
    page = pages("locator-forms")
    assert notes(page) == ["1", "2", "3", "4", "5", "6"]
    assert note_text(page, 1).count("p. 120") == 1
    assert "pp. 120–125" in note_text(page, 2)
    assert "art. 22, para. 3" in note_text(page, 3)
    assert "art. 22" in note_text(page, 4) and "art. 29" in note_text(page, 5)
    assert "art. 22" in note_text(page, 6) and "p. 121" in note_text(page, 6)


def test_one_footnote_referenced_twice_is_one_note_with_two_back_links(pages):
    page = pages("footnote-label-reused")
    assert 'id="fnref:why"' in page and 'id="fnref2:why"' in page
    assert page.count('<li id="fn:why">') == 1
    assert notes(page) == ["2"]  # the hand-written note is 1, the citation after it 2


def test_adjacent_citations_are_two_notes(pages):
    page = pages("adjacent-citations")
    assert re.search(r"side by side\.<sup id=\"fnref:cite-1\">.*?</sup>"
                     r"<sup class=\"citekit-touching\" id=\"fnref:cite-2\">", page)
    assert notes(page) == ["1", "2"]


def test_styling_commands_are_decoded_and_others_reported():
    bib = parse(r"""@report{r,
  institution = {Institute for {\"O}zel Studies \& Analysis},
  title = {The 9\textsuperscript{th} Report on \emph{Khorasan}\dots},
  howpublished = {\url{https://reports.example.net/k}},
  note = {As in \citet{x}},
  date = {2021},
}""")
    source = bib.lookup("r")
    assert source.get("title") == "The 9th Report on Khorasan…"
    assert source.get("institution") == "Institute for Özel Studies & Analysis"
    assert source.get("howpublished") == "https://reports.example.net/k"
    assert [(d.code, d.line) for d in bib.diagnostics] == [("BIB011", 5)]


def test_missing_bibliography_is_one_clear_error(tmp_path):
    root = make_site(tmp_path / "site-src")
    (root / "references.bib").unlink()
    expected = [
        "references.bib:1:1: error[BIB008]: cannot read the bibliography: No such file or directory",
        "    hint: create references.bib beside mkdocs.yml",
    ]
    for done in (run(root, "-m", "citekit", "check", "mkdocs.yml", pythonpath="hooks"), mkdocs_build(root)):
        assert done.returncode == 1
        assert [line for line in done.stderr.splitlines() if DIAGNOSTIC.match(line)] == expected
        assert "Traceback" not in done.stderr
    assert not (root / "site").exists()


def test_five_megabyte_page_fails_fast_and_clearly(tmp_path):
    """Built, such a page took MkDocs 8 minutes (measured); it is refused in seconds instead."""
    root = make_site(tmp_path / "site-src")
    paragraph = ("The commentary argued that ISKP turned to assassinations in Balkh and Herat.[@vcdr1961, p. {}] "
                 "Code such as `[@notakey]` is never read, and neither is editors@example.org.\n\n")
    text = "# A very long page\n\n" + "".join(paragraph.format(i % 300 + 1) for i in range(30_000))
    (root / "docs" / "extra.md").write_text(text, encoding="utf-8")
    size = (root / "docs" / "extra.md").stat().st_size
    assert size > 5_000_000
    expected = [
        f"docs/extra.md:1:1: error[SRC003]: the page is {size / 1e6:.1f} MB; the limit is 1 MB",
        "    hint: split it into several pages (a long article is about 50 KB), or move data out of docs/",
    ]
    for command in (lambda: run(root, "-m", "citekit", "check", "mkdocs.yml", pythonpath="hooks"),
                    lambda: mkdocs_build(root)):
        started = time.monotonic()
        done = command()
        assert time.monotonic() - started < 30
        assert done.returncode == 1
        assert [line for line in done.stderr.splitlines() if DIAGNOSTIC.match(line)] == expected
        assert "Traceback" not in done.stderr


def test_a_passage_shows_after_its_reference_in_the_page_languages_quotes_marked_with_the_sources_language(pages):
    page = pages("passages")
    assert notes(page) == ["1", "2", "3", "4", "5"]
    first = note_text(page, 1)
    assert '“<span class="citekit-passage" lang="en">ISKP has turned to [targeted] assassinations; a &quot;new&quot; phase</span>”' in first
    assert "art. 22" in note_text(page, 2) and "The premises of the mission shall be inviolable." in note_text(page, 2)
    both = note_text(page, 3)
    assert "p. 120" in both and "a special duty" in both
    assert '<span class="citekit-passage" lang="ru">взрыв у посольства</span>' in both
    assert "the words go on</span>" in note_text(page, 4)
    assert "citekit-passage" not in note_text(page, 5)
