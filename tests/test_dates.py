"""A source's dates, addresses and DOI are judged once, when the .bib is read; whatever they
hold, formatting and exports read the judged values and never fail on them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citekit import bibliography, exports, formatting
from citekit.bibliography import Source, parse
from citekit.formatting import Formatter

LANGUAGES = ("en", "tr", "ru")
FORMS = ("bibliography", "note", "short")
RECORD = exports.Record(key="a-en", title="A", authors=("Team",), date="2024-01-02", updated="2024-01-02",
                        language="en", url="https://example.org/a/", summary="S", tags=(), publisher="Site")

# Dates that are BIB007: biber rejects the first three; the others it reads, this model does
# not carry yet. None may stop formatting.
UNFORMATTABLE = ["2023-02-30", "2023-13", "n.d.", "1984/1986", "2013-10-30T11:20:51-07:00", "199X"]


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


def test_a_digit_that_is_not_ascii_in_an_edition_is_printed_as_written():
    bib = parse("@book{b, author = {A, B}, title = {T}, date = {2020}, edition = {²}}")
    for lang in LANGUAGES:
        assert "²" in Formatter(lang).reference(bib.lookup("b")), lang


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_DATEISH = st.one_of(_TEXT, st.from_regex(r"\A-?[0-9X]{1,5}([-/][0-9X]{1,2}){0,2}[~?%]?(/[0-9.-]{0,10})?\Z"),
                     st.sampled_from(UNFORMATTABLE))


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
