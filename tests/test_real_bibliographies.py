"""Bibliographies as Zotero (Better BibLaTeX) and biber users have them: read as biber reads them.

tests/real-bib/ holds small excerpts of public real files (their licences are noted at the top
of each): biblatex's own examples and Better BibTeX's export fixtures."""

from __future__ import annotations

import re
from pathlib import Path

from citekit.bibliography import parse
from citekit.formatting import Formatter

from conftest import make_site, run

REAL = Path(__file__).parent / "real-bib"
KEY = re.compile(r"^@(\w+)\{([^,\s]+),", re.M)


def test_a_url_is_verbatim_as_biber_reads_it():
    bib = parse(r"""@online{s, organization = {O}, title = {T}, date = {2020}, urldate = {2020-01-02},
      url = {https://example.org/s?q=a%20b&x=~knuth/}}""")
    assert bib.diagnostics == []  # "~" used to become a no-break space: BIB005
    assert 'href="https://example.org/s?q=a%20b&amp;x=~knuth/"' in Formatter("en").reference(bib.lookup("s"))


def test_a_real_export_with_a_percent_encoded_url_publishes_it_whole():
    source = parse((REAL / "better-bibtex.bib").read_text(encoding="utf-8")).lookup("Ogden1923")
    for lang in ("en", "tr", "ru"):  # it used to be cut at "%", read as a LaTeX comment
        assert "mas966/Ogden%20Richards%201923.pdf</a>" in Formatter(lang).reference(source)


def test_abstracts_and_files_are_neither_decoded_nor_checked():
    bib = parse(r"""@book{b, author = {A, B}, title = {T}, date = {2020},
      abstract = {\unknowncommand 50% off}, file = {C:\Users\x.pdf}}""")
    assert bib.diagnostics == []  # BIB011 twice before
    assert bib.lookup("b").get("abstract") == r"\unknowncommand 50% off"


def test_crossref_gives_an_incollection_its_collection_fields_as_biblatex_does():
    bib = parse((REAL / "biblatex-examples.bib").read_text(encoding="utf-8"))
    assert bib.diagnostics == []  # BIB003 (no date) for westfahl:space before
    space = bib.lookup("westfahl:space")
    assert space.get("booktitle") == "Space and Beyond" and space.get("title") == "The True Frontier"
    english = Formatter("en").reference(space)
    assert "In <i>Space and Beyond</i>" in english and "Greenwood, 2000." in english
    assert "Greenwood, 2000" in Formatter("tr").reference(space) and "Greenwood, 2000" in Formatter("ru").reference(space)


def test_xdata_gives_its_fields_and_xdata_and_set_entries_are_not_sources():
    bib = parse(r"""@xdata{pub, publisher = {Greenwood}, date = {2000}}
      @book{b, author = {A, B}, title = {T}, xdata = {pub}}
      @set{s, entryset = {b}}""")
    assert bib.diagnostics == []
    assert bib.lookup("b").get("publisher") == "Greenwood" and bib.lookup("pub") is None and bib.lookup("s") is None


def test_extended_names_and_others_as_better_biblatex_writes_them():
    source = parse((REAL / "better-bibtex.bib").read_text(encoding="utf-8")).lookup("DGHV10")
    assert source.persons["author"][0] == {"first": "Marten", "last": "van Dijk", "suffix": ""}
    assert Formatter("en").reference(source).startswith("van Dijk, Marten et al. “Fully")
    others = parse((REAL / "better-bibtex.bib").read_text(encoding="utf-8")).lookup("Proceedings:2019qno")
    assert [Formatter(lang).reference(others).split(" <i>")[0] for lang in ("en", "tr")] == [
        "Bhupal Dev, P. S. et al.", "Bhupal Dev, P. S. vd."]
    assert Formatter("ru").reference(others).startswith("Bhupal Dev P. S. и др.")
    assert "others" not in Formatter("en").reference(others)


def test_a_particle_follows_the_given_name_unless_useprefix():
    bib = parse(r"""@book{a, author = {Ludwig van Beethoven}, title = {T}, date = {2020}}
      @book{b, author = {family=Beethoven, given=Ludwig, prefix=van}, title = {T}, date = {2020}}
      @book{c, author = {Ludwig van Beethoven}, title = {T}, date = {2020}, options = {useprefix=true}}""")
    english = Formatter("en")
    assert english.reference(bib.lookup("a")).startswith("Beethoven, Ludwig van.")
    assert english.reference(bib.lookup("b")).startswith("Beethoven, Ludwig van.")
    assert english.reference(bib.lookup("c")).startswith("van Beethoven, Ludwig.")
    assert english.reference(bib.lookup("a"), form="short").startswith("Beethoven,")


def test_an_entry_no_page_cites_is_never_an_error(tmp_path):
    root = make_site(tmp_path / "site")
    bib = root / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@online{uncited, title = {No date, no url}}\n"
                   "@misc{uncited2, url = {javascript:alert(1)}, doi = {nope}}\n", encoding="utf-8")
    done = run(root, "-m", "citekit", "check", "mkdocs.yml", pythonpath="hooks")
    assert done.returncode == 0, done.stderr
    assert "uncited" not in done.stderr


def test_real_files_check_and_build_without_a_traceback(tmp_path):
    """Every entry of each excerpt cited on a page, in each language: checked, then built."""
    for real in sorted(REAL.glob("*.bib")):
        root = make_site(tmp_path / real.stem)
        text = real.read_text(encoding="utf-8")
        bib = root / "references.bib"
        bib.write_text(bib.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
        keys = [key for kind, key in KEY.findall(text) if kind.lower() not in ("set", "xdata", "string")]
        for page in ("index.md", "index.tr.md", "index.ru.md"):
            path = root / "docs" / page
            path.write_text(path.read_text(encoding="utf-8") + "\n\nReal entries"
                            + "".join(f" [@{key}]" for key in keys) + ".\n", encoding="utf-8")
        done = run(root, "-m", "citekit", "check", "mkdocs.yml", pythonpath="hooks")
        assert "Traceback" not in done.stderr, done.stderr
        # BIB004: Ogden1923 has a url and no urldate; BIB003: BibTeX ends BraceBalancer's entry at its title's "\\}"
        assert set(re.findall(r"error\[(\w+)\]", done.stderr)) <= {"BIB003", "BIB004", "TRN001", "TRN002"}, done.stderr
        build = run(root, "-m", "mkdocs", "build", "--no-strict")
        assert "Traceback" not in build.stderr, build.stderr


def references(bib_text: str, key: str) -> dict[str, str]:
    source = parse(bib_text).lookup(key)
    return {lang: Formatter(lang).reference(source) for lang in ("en", "tr", "ru")}


def test_a_thesis_prints_its_type_in_the_language_and_its_institution():
    shown = references(r"""@thesis{t, author = {Doe, Jane}, title = {T}, type = {phdthesis},
      institution = {Uni}, date = {2010}}""", "t")
    assert "PhD thesis. Uni, 2010" in shown["en"] and "Doktora tezi. Uni, 2010" in shown["tr"]
    assert "Дис. … док. Uni" in shown["ru"]
    bibtex = references("@phdthesis{p, author = {Doe, Jane}, title = {T}, school = {School}, year = {2011}}", "p")
    assert "PhD thesis. School, 2011" in bibtex["en"]


def test_a_report_type_key_is_localized():
    shown = references("@report{r, author = {X, Y}, title = {R}, type = {resreport}, institution = {I}, date = {2012}}",
                       "r")
    assert "Research report" in shown["en"] and "Araştırma raporu" in shown["tr"] and "Научный отчёт" in shown["ru"]
    assert "resreport" not in "".join(shown.values())


def test_subtitle_is_printed_in_full_references_not_in_short_ones():
    bib = parse("@book{b, author = {A, B}, title = {Main}, subtitle = {Sub}, date = {2020}}")
    assert "<i>Main: Sub</i>" in Formatter("en").reference(bib.lookup("b"))
    assert "Sub" not in Formatter("en").reference(bib.lookup("b"), form="short")


def test_a_non_numeric_edition_is_printed_as_written():
    shown = references("@book{b, author = {A, B}, title = {T}, edition = {Revised edition}, date = {2020}}", "b")
    assert "<i>T</i>. Revised edition. 2020." in shown["en"] and "Revised edition. 2020." in shown["tr"]


def test_an_arxiv_eprint_is_linked_and_needs_no_url():
    bib = parse("@online{a, author = {Q, R}, title = {P}, eprint = {2101.00001}, eprinttype = {arxiv}, date = {2021}}")
    assert bib.diagnostics == []  # BIB004 twice before
    assert 'href="https://arxiv.org/abs/2101.00001"' in Formatter("en").reference(bib.lookup("a"))


def test_no_leading_full_stop_without_a_creator_and_no_doi_twice():
    shown = references("@misc{n, title = {No creator}, date = {2020}}", "n")
    assert shown["en"].startswith("“No creator”") and shown["ru"].startswith("«No creator»")
    doi = references(r"""@article{d, author = {Q, R}, title = {D}, journaltitle = {J}, date = {2020},
      doi = {10.1000/x}, url = {https://doi.org/10.1000/x}, urldate = {2020-01-01}}""", "d")
    assert all(text.count("https://doi.org/10.1000/x</a>") == 1 for text in doi.values())


def test_textcomp_symbols_relax_hyphen_and_thin_space_become_text():
    bib = parse(r"""@book{b, author = {{\relax Ch}ristiansen, Ole}, date = {2020},
      title = {50\,\texteuro{} and 3\,\textperthousand{} for a long\hyphen term plan}}""")
    assert bib.diagnostics == []  # BIB011 for \texteuro, \textperthousand and \hyphen before; "\," printed
    assert bib.lookup("b").get("title") == "50\u202f€ and 3\u202f‰ for a long-term plan"
    assert bib.lookup("b").persons["author"][0]["last"] == "Christiansen"


def test_a_stray_backslash_at_the_end_of_a_field_is_no_crash():
    source = parse((REAL / "better-bibtex.bib").read_text(encoding="utf-8")).lookup("sep-aesthetic-judgment")
    assert source.get("title") == "Aesthetic Judgment"  # latexcodec raised UnicodeDecodeError: a traceback
