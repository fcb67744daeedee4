"""References formatted in each language's conventions.

Everything language-specific (terms, name order, date patterns, quotation marks, the order of
parts for each entry type) lives in ``locales/<lang>.yml``; this module only fills templates.
Template syntax: ``{field}`` is replaced by escaped text, ``[[ ... ]]`` is dropped when any
field inside it is empty; ``{Field}`` (capitalised) is the same field with a capital first letter,
for a value that opens a sentence (a Russian month after a full stop: ``. Март 2023``). Dates
are localized with Babel.
"""

from __future__ import annotations

import datetime
import functools
import html
import re
from pathlib import Path

import yaml
from babel.dates import format_date

from .bibliography import Date, DatePoint, Source

LOCALES_DIR = Path(__file__).parent / "locales"
_GROUP = re.compile(r"\[\[(.*?)\]\]")
_FIELD = re.compile(r"\{(\w+)\}")
LANGID_CODES = {
    "english": "en", "american": "en", "british": "en", "en": "en", "en-us": "en", "en-gb": "en",
    "turkish": "tr", "tr": "tr", "tr-tr": "tr",
    "russian": "ru", "ru": "ru", "ru-ru": "ru",
}


@functools.lru_cache(maxsize=None)
def locale_data(lang: str) -> dict:
    path = LOCALES_DIR / f"{lang}.yml"
    if not path.exists():
        path = LOCALES_DIR / "en.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def fill(template: str, values: dict[str, str]) -> str:
    """Fill a template: optional groups vanish when one of their fields is empty."""
    out = []
    for required, pieces in _compiled(template):
        if any(not _value(values, name) for name in required):
            continue
        for literal, name in pieces:
            out.append(literal)
            if name:
                out.append(_value(values, name))
    return "".join(out)


def _value(values: dict[str, str], name: str) -> str:
    if name in values or not name[0].isupper():
        return values.get(name, "")
    value = values.get(name.lower(), "")
    return value[:1].upper() + value[1:]  # str.upper is not Turkish-aware (i → I)


@functools.lru_cache(maxsize=None)
def _compiled(template: str) -> tuple[tuple[tuple[str, ...], tuple[tuple[str, str], ...]], ...]:
    """A template as (fields a part needs, its (text, field) pieces) parts, parsed once; the
    top-level text is a part that needs nothing."""

    def pieces(text: str) -> tuple[tuple[str, str], ...]:
        found, position = [], 0
        for match in _FIELD.finditer(text):
            found.append((text[position:match.start()], match.group(1)))
            position = match.end()
        return (*found, (text[position:], ""))

    parts, position = [], 0
    for group in _GROUP.finditer(template):
        parts.append(((), pieces(template[position:group.start()])))
        parts.append((tuple(_FIELD.findall(group.group(1))), pieces(group.group(1))))
        position = group.end()
    parts.append(((), pieces(template[position:])))
    return tuple(parts)


def source_language(source: Source) -> str:
    return LANGID_CODES.get((source.get("langid") or source.get("language")).strip().lower(), "")


class Formatter:
    """Formats sources for one page language; each (key, locator, form) is formatted once."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.data = locale_data(lang)
        self.terms = self.data["terms"]
        self.headings = self.data["headings"]
        self._cache: dict[tuple[str, str, str], str] = {}
        self._fields: dict[str, dict[str, str]] = {}  # key -> escaped values, shared by every form and locator
        self._sort_keys: dict[str, tuple[str, str, str]] = {}
        self._date_patterns = tuple(sorted(self.data["dates"].items()))
        self._date_forms = tuple((name, tuple(value) if isinstance(value, list) else value)
                                 for name, value in sorted(self.data["date_forms"].items()))

    def reference(self, source: Source, locator: str = "", form: str = "bibliography") -> str:
        """HTML of one reference. Forms: "bibliography" (full, with the entry's note),
        "note" (full, without the note, for the cite-this box), "brief" (a note's: creator, short
        title, date, locator; the full entry is in the reference list), "short" (creator, title)."""
        if form == "note" and not source.get("note"):
            form = "bibliography"  # they differ only by the entry's note: one formatting serves both
        cache_key = (source.key, locator, form)
        if cache_key not in self._cache:
            template = self.data["templates"][form if form in ("short", "brief") else self._type(source)]
            values = self._values(source, locator)
            if form == "short":  # a repeat citation names the title alone, as biblatex's labeltitle
                values["title_q"] = values["title_q_short"]
            if form != "bibliography":
                values["note"] = ""
            links = {name: values[name] for name in ("url", "doi", "archiveurl")}
            text = _tidy(fill(template, {**values, **{n: f"\x00{n}\x00" for n, v in links.items() if v}}))
            for name, link in links.items():
                text = text.replace(f"\x00{name}\x00", link)
            self._cache[cache_key] = text
        return self._cache[cache_key]

    def passage(self, source: Source, words: str) -> str:
        """A citation's passage after its reference: in the page language's quotation marks, its
        words marked with the source's language (screen readers, hyphenation)."""
        open_quote, close_quote = self.data["quotes"]
        language = source_language(source)
        lang = f' lang="{language}"' if language else ""
        return f'{open_quote}<span class="citekit-passage"{lang}>{html.escape(words)}</span>{close_quote}'

    def sort_key(self, source: Source) -> tuple[str, str, str]:
        if source.key not in self._sort_keys:
            self._sort_keys[source.key] = (
                html.unescape(self._creators(source, short=False)).casefold(),
                source.checked.date.first.iso() if source.checked.date else source.get("date") or source.get("year"),
                source.get("title").casefold(),
            )
        return self._sort_keys[source.key]

    def _type(self, source: Source) -> str:
        templates = self.data["templates"]
        name = _TYPE_TEMPLATES.get(source.type, source.type)
        return name if name in templates else "misc"

    def _values(self, source: Source, locator: str) -> dict[str, str]:
        if source.key not in self._fields:
            self._fields[source.key] = self._source_values(source)
        return {**self._fields[source.key], "locator": html.escape(locator.rstrip("."))}

    def _source_values(self, source: Source) -> dict[str, str]:
        e = html.escape
        open_quote, close_quote = self.data["quotes"]
        title = short_title = e(source.get("title"))
        if title and source.get("subtitle"):
            title = e(self.terms.get("subtitle", "{title}: {subtitle}").format(
                title=source.get("title"), subtitle=source.get("subtitle")))
        creator_field = self._creator_field(source)
        publisher = source.get("publisher") or next(
            (source.get(f) for f in ("organization", "institution", "school") if f != creator_field and source.get(f)),
            "",
        )
        checked = source.checked
        url = checked.url or checked.eprint
        if checked.doi and _DOI_ADDRESS.match(url) and url[_DOI_ADDRESS.match(url).end():] == checked.doi:
            url = ""  # the DOI is printed as its doi.org address already
        marker = ""
        language = source_language(source)
        if language and language != self.lang:
            marker = e(self.terms["language_marker"].format(language=self.data["languages"][language]))
        values = {
            "creators": self._creators(source, short=False),
            "creators_short": self._creators(source, short=True),
            "editors": self._names(source.persons.get("editor", []), short=False, others="editor" in source.others)
            if source.persons.get("author") else "",
            "title_q": f"{open_quote}{title}{close_quote}" if title else "",
            "title_q_short": f"{open_quote}{short_title}{close_quote}" if title else "",
            "title_plain": title,
            "title_short_q": f"{open_quote}{e(source.get('shorttitle'))}{close_quote}" if source.get("shorttitle")
            else f"{open_quote}{title}{close_quote}" if title else "",
            "container": e(source.get("journaltitle") or source.get("journal") or source.get("booktitle")),
            "publisher": e(publisher),
            "date": e(self._date(checked.date, source.get("date") or source.get("year"), "full")),
            "volume": e(source.get("volume")),
            "number": e(self.terms["number"].format(number=source.get("number")))
            if source.get("number") and self._type(source) == "article" else e(source.get("number")),
            "pages": e(source.get("pages")),
            "type": e(self._kind(source)),
            "howpublished": e(source.get("howpublished")),
            "edition": e(self.terms["edition"].format(edition=self._ordinal(source.get("edition")))
                         if source.get("edition").isdecimal()
                         else self.terms.get("edition_as_written", "{edition}").format(edition=source.get("edition"))),
            "note": e(source.get("note").rstrip(".")),
            "url": _link(url) if url else "",
            "doi": _link(f"https://doi.org/{checked.doi}") if checked.doi else "",
            "accessed": e(self.terms["accessed"].format(
                date=self._date(checked.urldate, source.get("urldate"), "access")))
            if source.get("urldate") and (url or not checked.url) else "",  # not for a url printed as the DOI
            "archiveurl": _link(checked.archiveurl) if checked.archiveurl else "",
            # The copy's address goes in as a placeholder, replaced by its link once the template is filled.
            "archived": e(self.terms["archived"].format(
                date=self._date(checked.archivedate, source.get("archivedate"), "access"), url="\x00archiveurl\x00"))
            if checked.archiveurl and source.get("archivedate") else "",
            "language_marker": marker,
        }
        written = source.get("date") or source.get("year")
        if checked.date is None and written:
            values["Date"] = values["date"]  # a rejected date is shown exactly as written (BIB007)
        return values

    def _kind(self, source: Source) -> str:
        """A report's or thesis's type: biblatex's type keys (phdthesis, resreport, ...) in the
        language's words, any other type as written."""
        written = source.get("type") or _THESIS_TYPES.get(source.type, "")
        return self.data.get("types", {}).get(written.strip().lower(), written)

    def _ordinal(self, edition: str) -> str:
        suffixes = self.terms.get("ordinal_suffixes")
        if not suffixes or not edition.isdecimal():
            return edition
        number = int(edition)
        suffix = suffixes.get(str(number % 100)) or suffixes.get(str(number % 10)) or suffixes["other"]
        return f"{edition}{suffix}"

    def _creator_field(self, source: Source) -> str:
        for role in ("author", "editor"):
            if source.persons.get(role):
                return role
        for name in ("organization", "institution"):
            if source.get(name):
                return name
        return ""

    def _creators(self, source: Source, short: bool) -> str:
        role = self._creator_field(source)
        if role in ("author", "editor"):
            names = self._names(source.persons[role], short, others=role in source.others)
            if role == "editor" and not short:
                label = self.terms["editor" if len(source.persons[role]) == 1 else "editors"]
                names = f"{names} ({label})"
            return names
        return html.escape(source.get(role)) if role else ""

    def _names(self, people: list[dict[str, str]], short: bool, others: bool = False) -> str:
        """A name list; ``others`` (the list ended with "and others") gives the language's et al.
        A particle biblatex does not lead with (useprefix=false) follows the given name."""
        rules = self.data["names"]
        if short:
            shown = [html.escape(p["last"]) for p in people]
        else:
            shown = [
                html.escape(
                    (rules["first"] if i == 0 else rules["others"]).format(
                        first=" ".join(filter(None, (p["first"], p.get("prefix", "")))), last=p["last"],
                        initials=" ".join(filter(None, (_initials(p["first"]), p.get("prefix", "")))),
                    ).strip(" ,")
                )
                for i, p in enumerate(people)
            ]
        if others and shown:
            return f"{shown[0]} {rules['et_al']}"
        if len(shown) > rules["max"]:
            return f"{shown[0]} {rules['et_al']}"
        if len(shown) == 2:
            return rules["pair_separator"].join(shown)
        if len(shown) > 2:
            return rules["separator"].join(shown[:-1]) + rules["last_separator"] + shown[-1]
        return shown[0] if shown else ""

    def _date(self, date: Date | None, written: str, form: str) -> str:
        """The judged date in this language; a date the checks rejected (BIB007, which stops a
        build) is shown as written, so the preview still renders the page."""
        if date is None:
            return written or self.terms["no_date"]
        if not date.range:
            return self._point(date.start, form)
        forms = self.data["date_forms"]
        start = self._point(date.start, form) if date.start else ""
        end = self._point(date.end, form) if date.end else ""
        return forms["range_spaced" if " " in start + end else "range"].format(start=start, end=end)

    def _point(self, point: DatePoint, form: str) -> str:
        forms = self.data["date_forms"]
        text = _localized_date(point.year, point.month, point.day, point.season, form, self.data["babel_locale"],
                               self._date_patterns, self._date_forms)
        if point.approximate:
            text = forms["approximate"].format(date=text)
        if point.uncertain:
            text = forms["uncertain"].format(date=text)
        return text


@functools.lru_cache(maxsize=8192)  # Babel takes ~50 µs a date; sources share their dates
def _localized_date(year: int, month: int, day: int, season: int, form: str, locale: str,
                    patterns: tuple[tuple[str, str], ...], forms: tuple[tuple[str, str], ...]) -> str:
    """A day, month, season or year in the language's pattern. Years before 1 CE (astronomical:
    0 is 1 BCE) are written with the language's era; Babel's dates start at 1 CE, so the
    pattern is given the year as a literal and a stand-in year with the same leap years."""
    pattern, words = dict(patterns), dict(forms)
    year_text = str(year) if year > 0 else words["bce"].format(year=1 - year)
    if season:
        return words["season"].format(season=words["seasons"][season - 21], year=year_text)
    if not month:
        return year_text
    chosen = pattern["access" if form == "access" else "day"] if day else pattern["month"]
    stand_in = year
    if year < 1:
        stand_in = 2000 + year % 400
        chosen = re.sub(r"y+", "'" + year_text.replace("'", "''") + "'", chosen)
    return format_date(datetime.date(stand_in, month, day or 1), chosen, locale=locale)


# biblatex's entry types (and BibTeX's) by the template that prints their fields.
_TYPE_TEMPLATES = {
    "inbook": "incollection", "inproceedings": "incollection", "inreference": "incollection",
    "bookinbook": "incollection", "suppbook": "incollection", "suppcollection": "incollection",
    "conference": "incollection",
    "mvbook": "book", "collection": "book", "mvcollection": "book", "proceedings": "book",
    "mvproceedings": "book", "reference": "book", "mvreference": "book", "manual": "book", "booklet": "book",
    "periodical": "book",
    "thesis": "report", "phdthesis": "report", "mastersthesis": "report", "techreport": "report",
    "www": "online", "webpage": "online", "electronic": "online",
    "newspaper": "article", "suppperiodical": "article",
}
# BibTeX's thesis types, as biblatex's type keys
_THESIS_TYPES = {"phdthesis": "phdthesis", "mastersthesis": "mathesis"}
_DOI_ADDRESS = re.compile(r"https?://(?:dx\.)?doi\.org/", re.I)


def _tidy(text: str) -> str:
    """Drop the doubled full stop where an abbreviation ("ed.", "D.") meets the template's own,
    and the comma left after a title when the optional parts between it and the date are empty."""
    text = re.sub(r"\.((?:</?i>)?)\.(?!\.)", r".\1", text)
    text = re.sub(r"^[.,] ", "", text)  # a source with no creator opens with its title
    return re.sub(r"((?:</i>|[”»])\.),", r"\1", text)


def _initials(first: str) -> str:
    return " ".join(f"{part[0]}." for part in re.split(r"[\s]+", first) if part)


def _link(url: str) -> str:
    safe = html.escape(url, quote=True)
    return f'<a class="citekit-url" href="{safe}">{safe}</a>'
