"""A source's dates, addresses and DOI are judged once, when the .bib is read; whatever they
hold, formatting and exports read the judged values and never fail on them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citekit import bibliography, exports, formatting
from citekit.bibliography import Source, parse
from citekit.formatting import Formatter
from conftest import built, make_site

LANGUAGES = ("en", "tr", "ru")
FORMS = ("bibliography", "note", "short")
RECORD = exports.Record(key="a-en", title="A", authors=("Team",), date="2024-01-02", updated="2024-01-02",
                        language="en", url="https://example.org/a/", summary="S", tags=(), publisher="Site")

# Dates biber rejects: BIB007, and none may stop formatting.
UNFORMATTABLE = ["2023-02-30", "2023-13", "n.d.", "2023-02-29", "2020-01-01T25:00:00", "199X-01", "/",
                 "-0000", "2004-25"]


def entry(date: str, urldate: str = "2023-03-23", archivedate: str = "2024-05-01") -> str:
    return (f"@online{{src, organization = {{Org}}, title = {{T}}, date = {{{date}}},"
            f" url = {{https://example.org/s}}, urldate = {{{urldate}}},"
            f" archiveurl = {{https://web.archive.org/web/2024/https://example.org/s}},"
            f" archivedate = {{{archivedate}}}}}")


def everything_shown(source: Source) -> list[str]:
    shown = [Formatter(lang).reference(source, "p. 3", form) for lang in LANGUAGES for form in FORMS]
    shown += [value for _, value in exports.highwire(RECORD, [source])]
    shown.append(str(exports.json_ld(RECORD, [source], {"en": RECORD.url}, "en")))
    return shown


@pytest.mark.parametrize("written", UNFORMATTABLE)
@pytest.mark.parametrize("field", ["date", "urldate", "archivedate"])
def test_a_date_biber_rejects_is_bib007_and_formats_as_written(field, written):
    bib = parse(entry(**{"date": "2020", field: written}))
    assert [d.code for d in bib.diagnostics] == ["BIB007"]
    everything_shown(bib.lookup("src"))
    for lang in LANGUAGES:
        assert written in Formatter(lang).reference(bib.lookup("src")), lang


# What biber reads (biblatex's ISO 8601 / EDTF level 1 dates): written, then shown in English,
# Turkish and Russian, then the Highwire and JSON-LD dates of a source that carries it.
BIBER_DATES = [
    ("2023-03-09", "9 March 2023", "9 Mart 2023", "9 марта 2023", "2023/03/09", "2023-03-09"),
    ("1984/1986", "1984–1986", "1984–1986", "1984–1986", "1984", "1984"),
    ("1995-03-30/1995-04-05", "30 March 1995 – 5 April 1995", "30 Mart 1995 – 5 Nisan 1995",
     "30 марта 1995 – 5 апреля 1995", "1995/03/30", "1995-03-30"),
    ("1997/", "1997–", "1997–", "1997–", "1997", "1997"),
    ("1997/..", "1997–", "1997–", "1997–", "1997", "1997"),
    ("../1997", "–1997", "–1997", "–1997", "1997", "1997"),
    ("2013-10-30T11:20:51-07:00", "30 October 2013", "30 Ekim 2013", "30 октября 2013",
     "2013/10/30", "2013-10-30"),
    ("2004-04-05T14:34:00Z", "5 April 2004", "5 Nisan 2004", "5 апреля 2004",
     "2004/04/05", "2004-04-05"),
    ("1723~", "ca. 1723", "yaklaşık 1723", "ок. 1723", "1723", "1723"),
    ("1723?", "1723?", "1723?", "1723?", "1723", "1723"),
    ("1723%", "ca. 1723?", "yaklaşık 1723?", "ок. 1723?", "1723", "1723"),
    ("199X", "1990–1999", "1990–1999", "1990–1999", "1990", "1990"),
    ("19XX", "1900–1999", "1900–1999", "1900–1999", "1900", "1900"),
    ("1999-XX", "January 1999 – December 1999", "Ocak 1999 – Aralık 1999", "январь 1999 – декабрь 1999",
     "1999/01", "1999-01"),
    ("2004-22", "Summer 2004", "Yaz 2004", "лето 2004", "2004", "2004"),
    ("2004-24", "Winter 2004", "Kış 2004", "зима 2004", "2004", "2004"),
    # Astronomical years, as ISO 8601 counts them: -0876 is 877 BCE. No Highwire or schema.org date.
    ("-0876", "877 BCE", "MÖ 877", "877 до н. э.", None, None),
    ("-0099-07-12/-0043-03-15", "12 July 100 BCE – 15 March 44 BCE", "12 Temmuz MÖ 100 – 15 Mart MÖ 44",
     "12 июля 100 до н. э. – 15 марта 44 до н. э.", None, None),
]


@pytest.mark.parametrize("written, en, tr, ru, highwire, schema", BIBER_DATES)
def test_a_date_biber_reads_is_shown_in_each_language_and_exported(written, en, tr, ru, highwire, schema):
    bib = parse(f"@book{{b, author = {{Doe, Jane}}, title = {{T}}, publisher = {{P}}, date = {{{written}}}}}")
    assert bib.diagnostics == []
    source = bib.lookup("b")
    for lang, shown in (("en", en), ("tr", tr), ("ru", ru)):
        assert Formatter(lang).reference(source).endswith(f" P, {shown}."), lang
    reference = dict(part.split("=", 1) for part in exports.highwire(RECORD, [source])[-1][1].split("; "))
    assert reference.get("citation_publication_date") == highwire
    assert exports.json_ld(RECORD, [source], {"en": RECORD.url}, "en")["citation"][0].get("datePublished") == schema


def test_zotero_access_date_times_are_read_and_an_access_range_is_not_a_day():
    bib = parse(entry("2020", urldate="2013-10-30T11:20:51-07:00"))
    assert bib.diagnostics == []
    assert "Accessed 30 October 2013" in Formatter("en").reference(bib.lookup("src"))
    assert "Erişim tarihi: 30.10.2013" in Formatter("tr").reference(bib.lookup("src"))
    for written in ("2023-03/2023-04", "2023-03", "2023-03-09~"):
        assert [d.code for d in parse(entry("2020", urldate=written)).diagnostics] == ["BIB007"], written


def test_a_digit_that_is_not_ascii_in_an_edition_is_printed_as_written():
    bib = parse("@book{b, author = {A, B}, title = {T}, date = {2020}, edition = {²}}")
    for lang in LANGUAGES:
        assert "²" in Formatter(lang).reference(bib.lookup("b")), lang


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_DATEISH = st.one_of(_TEXT, st.from_regex(r"\A-?[0-9X]{1,5}([-/][0-9X]{1,2}){0,2}[~?%]?(/[0-9.-]{0,10})?\Z"),
                     st.sampled_from(UNFORMATTABLE + [case[0] for case in BIBER_DATES]))


@settings(max_examples=150, deadline=None)
@given(date=_DATEISH, year=_DATEISH, urldate=_DATEISH, archivedate=_DATEISH, url=_TEXT, doi=_TEXT,
       edition=_TEXT, number=_TEXT)
def test_no_field_value_stops_formatting_or_exports(date, year, urldate, archivedate, url, doi, edition, number):
    fields = {"title": "T", "organization": "O", "date": date, "year": year, "urldate": urldate,
              "archivedate": archivedate, "archiveurl": url, "url": url, "doi": doi, "edition": edition,
              "number": number}
    for kind in ("online", "article", "book"):
        everything_shown(Source.judged("k", kind, fields, {}, 1))


def test_formatting_and_exports_read_judged_values_and_never_judge_again(monkeypatch):
    bib = parse(entry("2023-03-09") + "\n@article{art, author = {A, B}, title = {T}, journaltitle = {J},"
                " date = {2020-05}, doi = {10.1000/x;y}, url = {https://example.org/p.pdf}}")
    sources = [bib.lookup("src"), bib.lookup("art")]
    before = [everything_shown(source) for source in sources]
    assert any("10.1000/x" in text for text in before[1]) and any("2023" in text for text in before[0])

    def judging_again(*args, **kwargs):
        raise AssertionError("a value was judged again after the .bib was read")

    for module in (bibliography, formatting, exports):
        for name in ("safe_url", "parse_date", "judge"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, judging_again)
    formatting._localized_date.cache_clear()
    assert [everything_shown(source) for source in sources] == before


def test_a_site_whose_sources_carry_biber_dates_builds_and_shows_them_in_each_language(tmp_path):
    root = make_site(tmp_path / "site-src")
    bib = root / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("date = {2008}", "date = {1984/1986}")
                   .replace("date = {1961-04-18}", "date = {1961-04-18~}")
                   .replace("urldate = {2023-03-23}", "urldate = {2023-03-23T11:20:51-07:00}"), encoding="utf-8")
    build = built(root)
    for page, approximate, accessed in (("index.html", "ca. 18 April 1961", "Accessed 23 March 2023"),
                                        ("tr/index.html", "yaklaşık 18 Nisan 1961", "Erişim tarihi: 23.03.2023"),
                                        ("ru/index.html", "Ок. 18 апреля 1961", "дата обращения: 23.03.2023")):
        text = build.page(page)
        assert "1984–1986" in text and approximate in text and accessed in text, page
