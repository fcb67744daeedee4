"""Reading and validating ``references.bib``: parsed once, with the line of every entry and field."""

from __future__ import annotations

import calendar
import functools
import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pybtex
import pybtex.errors
from pybtex.bibtex.utils import split_name_list, split_tex_string
from pybtex.database import BibliographyData, Person
from pybtex.database.input.bibtex import Parser
from pybtex.plugin import find_plugin
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

from .diagnostics import Diagnostic
from .diagnostics import LineIndex, undecodable_at

WEB_TYPES = {"online", "www", "webpage", "electronic"}
CREATOR_FIELDS = ("organization", "institution")
PERSON_ROLES = ("author", "editor")

_ENTRY_START = re.compile(r"@(?P<type>\w+)\s*[{(]\s*(?P<key>[^,\s{}()]+)\s*,", re.M)
_FIELD = re.compile(r"^[ \t]*(?P<name>[\w-]+)[ \t]*=", re.M)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_BRACE = re.compile(r"(?<!\\)[{}]")
# rich-text commands Better BibLaTeX writes, and \url: the text is kept, the styling dropped
_STYLING = re.compile(r"\\(?:emph|textit|textbf|textsc|textup|textrm|textsf|texttt|textnormal|textsuperscript"
                      r"|textsubscript|mkbibemph|mkbibitalic|mkbibbold|mkbibsuperscript|mkbibsubscript|url)\s*(?={)")
_SYMBOLS = {"dots": "…", "textellipsis": "…", "textendash": "–", "textemdash": "—", "LaTeX": "LaTeX",
            "TeX": "TeX", "guillemotleft": "«", "guillemotright": "»", "textdegree": "°", "textsection": "§",
            # textcomp symbols, which pybtex's decoder leaves as they are
            "texteuro": "€", "textsterling": "£", "textyen": "¥", "textperthousand": "‰",
            "textpertenthousand": "‱", "textcelsius": "℃", "textnumero": "№", "textmu": "µ",
            "textonehalf": "½", "textonequarter": "¼", "textthreequarters": "¾", "texttimes": "×",
            "textminus": "−", "textpm": "±", "textbullet": "•", "textdagger": "†", "textdaggerdbl": "‡",
            "textlangle": "〈", "textrangle": "〉", "textquotesingle": "'", "textquotedbl": '"'}
# \relax does nothing (Better BibLaTeX writes {\relax Ch} to keep a digraph's initial) and biblatex's
# \hyphen is a breakable hyphen; like every control word they take the spaces after them. "\," is a thin space.
_NOTHING = re.compile(r"\\relax(?![A-Za-z])\s*")
_HYPHEN = re.compile(r"\\hyphen(?![A-Za-z])\s*")
_SYMBOL = re.compile(r"\\(%s)(?![A-Za-z])(?:{})?" % "|".join(_SYMBOLS))
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")

# biblatex's verbatim and URI fields: biber reads them as written, so they are never LaTeX-decoded
# (a "%" in a url is not a comment, a "~" is not a no-break space).
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "pdf", "verba", "verbb", "verbc", "urlraw", "archiveurl"})
# Fields never printed: kept as written, neither decoded nor checked.
UNPRINTED_FIELDS = frozenset({"abstract", "annotation", "annote", "file"})
# Entry types that hold data for other entries rather than being sources themselves.
CONTAINER_TYPES = frozenset({"xdata", "set"})


@dataclass(frozen=True, slots=True)
class DatePoint:
    """One end of a date as biber reads it (ISO 8601 and EDTF level 1)."""

    year: int  # astronomical, as in ISO 8601: 0 is 1 BCE, -876 is 877 BCE
    month: int = 0  # 0: not given
    day: int = 0
    season: int = 0  # EDTF: 21 spring, 22 summer, 23 autumn, 24 winter (then no month)
    time: str = ""  # a date-time's hh:mm:ss and zone, as written (Zotero exports them)
    uncertain: bool = False  # "?"
    approximate: bool = False  # "~" ("%" is both)

    def iso(self) -> str:
        """YYYY, YYYY-MM or YYYY-MM-DD (a season gives its year), or "" before 1 CE: what
        Highwire and schema.org take."""
        if self.year < 1:
            return ""
        return "-".join([f"{self.year:04d}", *(f"{part:02d}" for part in (self.month, self.day) if part)])


@dataclass(frozen=True, slots=True)
class Date:
    """A date as biber reads it, judged once where the .bib is read: a point, or a range whose
    missing side (None) is open ("1997/", "../1997")."""

    start: DatePoint | None
    end: DatePoint | None = None
    range: bool = False
    unspecified: str = ""  # biber's name for "199X"-style digits: yearindecade, monthinyear, ...

    @property
    def first(self) -> DatePoint:
        """The earliest known end: what sorting and the exports take."""
        return self.start or self.end  # type: ignore[return-value]  (never both open)


@dataclass(frozen=True, slots=True)
class Checked:
    """An entry's values judged when the .bib is read: what formatting, exports and feeds use.
    Empty (or None) when the field is absent or was rejected (the rejection is a diagnostic)."""

    url: str = ""  # an http(s) address safe to publish as a link
    archiveurl: str = ""
    doi: str = ""  # a bare DOI, 10.NNNN/suffix
    eprint: str = ""  # the address of an eprint biblatex links (arXiv)
    date: Date | None = None  # `date`, else `year`
    urldate: Date | None = None
    archivedate: Date | None = None


@dataclass(slots=True)
class Source:
    """One bibliography entry, with its text already decoded from LaTeX to Unicode, and its
    url, doi and dates judged (``checked``)."""

    key: str
    type: str
    fields: dict[str, str]
    persons: dict[str, list[dict[str, str]]]
    line: int
    checked: Checked = field(default_factory=Checked)
    others: frozenset[str] = frozenset()  # roles whose list ends with "and others"

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    @classmethod
    def judged(cls, key: str, type: str, fields: dict[str, str], persons: dict[str, list[dict[str, str]]],
               line: int, others: frozenset[str] = frozenset()) -> Source:
        """A source with its values judged: the one way to make a Source from fields."""
        return cls(key, type, fields, persons, line, judge(fields), others)


def judge(fields: dict[str, str]) -> Checked:
    url, archive, doi = fields.get("url", ""), fields.get("archiveurl", ""), fields.get("doi", "")
    date = fields.get("date") or fields.get("year", "")
    return Checked(
        url=url if url and safe_url(url) else "",
        archiveurl=archive if archive and safe_url(archive) else "",
        doi=doi if _DOI.match(doi) else "",
        eprint=_eprint_address(fields),
        date=parse_date(date) if date else None,
        urldate=parse_date(fields["urldate"]) if fields.get("urldate") else None,
        archivedate=parse_date(fields["archivedate"]) if fields.get("archivedate") else None,
    )


_ARXIV_ID = re.compile(r"(?:[0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})(?:v[0-9]+)?")


def _eprint_address(fields: dict[str, str]) -> str:
    """biblatex links an arXiv eprint (eprinttype = arxiv, or BibTeX's archiveprefix) to its abstract page."""
    kind = (fields.get("eprinttype") or fields.get("archiveprefix", "")).strip().lower()
    eprint = fields.get("eprint", "").strip()
    return f"https://arxiv.org/abs/{eprint}" if kind == "arxiv" and _ARXIV_ID.fullmatch(eprint) else ""


def parse_date(value: str) -> Date | None:
    """The date as biber reads it (ISO 8601 and EDTF level 1: ranges, open ranges, date-times,
    ``?``/``~``/``%``, ``199X``, seasons, BCE), or None when biber would reject it (BIB007)."""
    unspecified = _unspecified(value)
    if unspecified:
        return unspecified
    if "/" not in value:
        point = _point(value)
        return Date(point) if point else None
    first, _, second = value.partition("/")
    if "/" in second:
        return None
    start = None if first in _OPEN else _point(first)
    end = None if second in _OPEN else _point(second)
    if (start is None and first not in _OPEN) or (end is None and second not in _OPEN) or not (start or end):
        return None
    return Date(start, end, range=True)


_OPEN = ("", "..")  # an open (or unknown) side of a range: "1997/", "1997/..", "/1997", "../1997"
_POINT = re.compile(r"(?P<year>-?[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2})"
                    r"(?:T(?P<time>(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
                    r"(?:Z|[+-](?P<zone>[0-9]{2}):[0-9]{2})?))?)?)?(?P<qualifier>[?~%])?")
# Unspecified digits, which biber reads as the range they cover.
_UNSPECIFIED = (
    (re.compile(r"([0-9]{3})X"), "yearindecade", lambda m: ((int(m[1] + "0"),), (int(m[1] + "9"),))),
    (re.compile(r"([0-9]{2})XX"), "yearincentury", lambda m: ((int(m[1] + "00"),), (int(m[1] + "99"),))),
    (re.compile(r"([0-9]{4})-XX"), "monthinyear", lambda m: ((int(m[1]), 1), (int(m[1]), 12))),
    (re.compile(r"([0-9]{4})-XX-XX"), "dayinyear", lambda m: ((int(m[1]), 1, 1), (int(m[1]), 12, 31))),
    (re.compile(r"([0-9]{4})-([0-9]{2})-XX"), "dayinmonth",
     lambda m: ((int(m[1]), int(m[2]), 1), (int(m[1]), int(m[2]), _days_in(int(m[1]), int(m[2]))))),
)


def _point(text: str) -> DatePoint | None:
    match = _POINT.fullmatch(text)
    if not match or match["year"] == "-0000":
        return None
    year, month, day = int(match["year"]), int(match["month"] or 0), int(match["day"] or 0)
    season = 0
    if 21 <= month <= 24 and not day:
        season, month = month, 0
    elif month > 12 or (match["month"] and not month) or (match["day"] and not 1 <= day <= _days_in(year, month)):
        return None
    if match["time"] and (int(match["hour"]) > 23 or int(match["minute"]) > 59 or int(match["second"]) > 59
                          or int(match["zone"] or 0) > 23):
        return None
    qualifier = match["qualifier"]
    return DatePoint(year, month, day, season, match["time"] or "",
                     uncertain=qualifier in ("?", "%"), approximate=qualifier in ("~", "%"))


def _unspecified(value: str) -> Date | None:
    if "X" not in value:
        return None
    for pattern, name, ends in _UNSPECIFIED:
        match = pattern.fullmatch(value)
        if match:
            start, end = ends(match)
            if len(start) > 1 and not 1 <= start[1] <= 12:
                return None
            return Date(DatePoint(*start), DatePoint(*end), range=True, unspecified=name)
    return None


def _days_in(year: int, month: int) -> int:
    """Days in a month of the proleptic Gregorian calendar; the leap years repeat every 400 years,
    which carries the rule to astronomical years before 1 CE."""
    return calendar.monthrange(2000 + year % 400, month)[1]


@dataclass
class Bibliography:
    path: str
    sources: dict[str, Source] = field(default_factory=dict)  # lower-cased key -> source
    diagnostics: list[Diagnostic] = field(default_factory=list)  # the file's and every entry's
    by_entry: dict[str, list[Diagnostic]] = field(default_factory=dict)  # lower-cased key -> its own
    duplicates: dict[str, list[Diagnostic]] = field(default_factory=dict, repr=False)  # BIB002, while parsing

    def cited_diagnostics(self, cited: set[str]) -> list[Diagnostic]:
        """The file's diagnostics and those of the entries in ``cited`` (lower-cased keys): an
        entry no page cites is never an error, so a whole-library export works as it is."""
        uncited = {id(d) for key, found in self.by_entry.items() if key not in cited for d in found}
        return [d for d in self.diagnostics if id(d) not in uncited]

    def lookup(self, key: str) -> Source | None:
        return self.sources.get(key.lower())

    def keys(self) -> list[str]:
        return [source.key for source in self.sources.values()]


def load(path: str | Path, display_path: str | None = None, cache_dir: Path | None = None) -> Bibliography:
    """Read, parse and validate a .bib file. Never raises on bad content: problems become diagnostics.

    With ``cache_dir``, the result is kept there, keyed by the file's bytes and this code, so an
    unchanged bibliography is not parsed again (pybtex needs ~1 s for 2,000 entries)."""
    shown = display_path or str(path)
    bib = Bibliography(shown)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        bib.diagnostics.append(
            Diagnostic(shown, 1, 1, "BIB008", f"cannot read the bibliography: {error.strerror}",
                       "create references.bib beside mkdocs.yml")
        )
        return bib
    try:
        text = raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as error:
        bib.diagnostics.append(
            Diagnostic(shown, *undecodable_at(raw, error), "BIB008",
                       "the bibliography is not valid UTF-8", "save references.bib as UTF-8")
        )
        return bib
    key = hashlib.sha256(_CODE_STAMP + shown.encode("utf-8") + b"\0" + raw).hexdigest()
    cached = _read_cache(cache_dir, key)
    if cached is not None:
        return cached
    bib = parse(text, shown)
    _write_cache(cache_dir, key, bib)
    return bib


# What the parse depends on besides the .bib itself: this module and the ones it uses.
_CODE_STAMP = hashlib.sha256(b"".join(
    (Path(__file__).parent / name).read_bytes() for name in ("bibliography.py", "diagnostics.py", "scanner.py")
) + pybtex.__version__.encode()).digest()


def _read_cache(cache_dir: Path | None, key: str) -> Bibliography | None:
    if cache_dir is None:
        return None
    try:
        with open(cache_dir / f"bib-{key}.pickle", "rb") as handle:
            cached = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return cached if isinstance(cached, Bibliography) else None


def _write_cache(cache_dir: Path | None, key: str, bib: Bibliography) -> None:
    """Best effort: a read-only or full disk only costs the next run a parse."""
    if cache_dir is None:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("bib-*.pickle"):
            old.unlink(missing_ok=True)
        scratch = cache_dir / f".bib-{key}.{os.getpid()}.tmp"
        scratch.write_bytes(pickle.dumps(bib, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(scratch, cache_dir / f"bib-{key}.pickle")
    except OSError:
        pass


def parse(text: str, shown: str = "references.bib") -> Bibliography:
    bib = Bibliography(shown)
    where = LineIndex(text)
    starts = _entry_starts(text, where, bib)
    unbalanced = _unbalanced_entries(text, where)
    data = _parse_with_pybtex(text, shown, starts, bib, unbalanced)
    broken = any(d.code == "BIB001" for d in bib.diagnostics)
    written = {key.lower(): (entry.type.lower(), {name.lower(): value for name, value in entry.fields.items()})
               for key, entry in data.entries.items()}
    for key, entry in data.entries.items():
        kind, fields = written[key.lower()]
        if kind in CONTAINER_TYPES:
            continue
        line, fields_at = starts.get(key.lower(), (1, {}))
        source = _to_source(key, kind, inherited(kind, fields, written), line)
        if key.lower() not in bib.sources:
            bib.sources[key.lower()] = source
        if not (broken and line in unbalanced):  # its fields were cut short: the BIB001 hint names it
            found = validate(source, shown, fields_at)
            bib.diagnostics.extend(found)
            bib.by_entry.setdefault(key.lower(), []).extend(found)
    for key, diagnostics in bib.duplicates.items():
        bib.by_entry.setdefault(key, []).extend(diagnostics)
    return bib


# biblatex's default data inheritance (biblatex.def): (parent types, child types) -> {field: targets};
# a field mapped for a pair goes only to its targets, every other field to itself, and no field
# overrides the child's own.
_MAIN_TITLE = {"title": ("maintitle",), "subtitle": ("mainsubtitle",), "titleaddon": ("maintitleaddon",)}
_BOOK_TITLE = {"title": ("booktitle",), "subtitle": ("booksubtitle",), "titleaddon": ("booktitleaddon",)}
_TITLE_ONLY = ("shorttitle", "sorttitle", "indextitle", "indexsorttitle")
_INHERITANCE = (
    ({"mvbook", "book"}, {"inbook", "bookinbook", "suppbook"}, {"author": ("author", "bookauthor")}, ()),
    ({"mvbook"}, {"book", "inbook", "bookinbook", "suppbook"}, _MAIN_TITLE, _TITLE_ONLY),
    ({"mvcollection", "mvreference"}, {"collection", "reference", "incollection", "inreference", "suppcollection"},
     _MAIN_TITLE, _TITLE_ONLY),
    ({"mvproceedings"}, {"proceedings", "inproceedings"}, _MAIN_TITLE, _TITLE_ONLY),
    ({"book"}, {"inbook", "bookinbook", "suppbook"}, _BOOK_TITLE, _TITLE_ONLY),
    ({"collection", "reference"}, {"incollection", "inreference", "suppcollection"}, _BOOK_TITLE, _TITLE_ONLY),
    ({"proceedings"}, {"inproceedings"}, _BOOK_TITLE, _TITLE_ONLY),
    ({"periodical"}, {"article", "suppperiodical"},
     {"title": ("journaltitle",), "subtitle": ("journalsubtitle",), "titleaddon": ("journaltitleaddon",)},
     _TITLE_ONLY),
)
_NEVER_INHERITED = frozenset({
    "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label", "options", "presort",
    "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand", "shorthandintro", "sortkey"})


def inherited(kind: str, fields: dict[str, str], written: dict[str, tuple[str, dict[str, str]]],
              seen: frozenset[str] = frozenset()) -> dict[str, str]:
    """An entry's fields with what its ``xdata`` entries and its ``crossref`` parent give it, as
    biber resolves them (an unknown or circular reference gives nothing)."""
    fields = dict(fields)
    for name in split_tex_string(fields.get("xdata", ""), sep=","):
        parent = written.get(name.strip().lower())
        if parent and name.strip().lower() not in seen:
            given = inherited(parent[0], parent[1], written, seen | {name.strip().lower()})
            for field_name, value in given.items():
                if field_name not in _NEVER_INHERITED:
                    fields.setdefault(field_name, value)
    name = fields.get("crossref", "").strip().lower()
    parent = written.get(name)
    if parent and name not in seen:
        parent_kind, parent_fields = parent[0], inherited(parent[0], parent[1], written, seen | {name})
        mapped, skipped = {}, set(_NEVER_INHERITED)
        for parents, children, mapping, excluded in _INHERITANCE:
            if parent_kind in parents and kind in children:
                mapped.update(mapping)
                skipped.update(excluded)
        for field_name, value in parent_fields.items():
            if field_name not in skipped:
                for target in mapped.get(field_name, (field_name,)):
                    fields.setdefault(target, value)
    return fields


def _balance(text: str) -> int:
    return sum(1 if brace[0] == "{" else -1 for brace in _BRACE.finditer(text))


def _unbalanced_entries(text, where) -> dict[int, str]:
    """Line of each entry whose braces do not balance -> where the excess seems to be."""
    found = {}
    matches = [m for m in _ENTRY_START.finditer(text)
               if m["type"].lower() not in {"comment", "string", "preamble"}]
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        excess = _balance(text[match.start() : end])
        if not excess:
            continue
        line = where(match.start())[0]
        more = f"{excess} more '{{' than '}}'" if excess > 0 else f"{-excess} more '}}' than '{{'"
        found[line] = f"the entry at line {line} has {more}"
        fields = list(_FIELD.finditer(text, match.end(), end))
        for field_match, following in zip(fields, fields[1:]):  # the last one holds the entry's '}'
            if _balance(text[field_match.start() : following.start()]) > 0:
                found[line] += f"; look at {field_match['name']} on line {where(field_match.start())[0]}"
                break
    return found


def _entry_starts(text, where, bib) -> dict[str, tuple[int, dict[str, int]]]:
    """Lower-cased key -> (line, {field: line}); reports keys defined twice."""
    starts: dict[str, tuple[int, dict[str, int]]] = {}
    matches = [m for m in _ENTRY_START.finditer(text)
               if m["type"].lower() not in {"comment", "string", "preamble"}]
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        line = where(match.start())[0]
        fields_at = {f["name"].lower(): where(f.start("name"))[0]
                     for f in _FIELD.finditer(text, match.end(), end)}
        key = match["key"]
        if key.lower() in starts:
            first = starts[key.lower()][0]
            duplicate = Diagnostic(bib.path, line, where(match.start("key"))[1], "BIB002",
                                   f"key '{key}' is already defined at line {first}",
                                   "BibTeX keys are case-insensitive: rename one entry or delete the copy")
            bib.diagnostics.append(duplicate)
            bib.duplicates.setdefault(key.lower(), []).append(duplicate)
            continue
        starts[key.lower()] = (line, fields_at)
    return starts


def _parse_with_pybtex(text, shown, starts, bib, unbalanced) -> BibliographyData:
    with pybtex.errors.capture() as captured:
        try:
            # names are read here, by biber's rules (extended name format, "and others")
            data = Parser(person_fields=()).parse_string(text)
        except PybtexSyntaxError as error:  # only raised when capture cannot continue
            captured.append(error)
            data = BibliographyData()
    for error in captured:
        if not isinstance(error, PybtexSyntaxError):
            continue  # repeated entries are reported with their lines by _entry_starts
        line = error.lineno or 1
        bib.diagnostics.append(Diagnostic(shown, line, 1, "BIB001", str(error),
                                          _syntax_hint(starts, line, unbalanced)))
    return data


def _syntax_hint(starts, line, unbalanced) -> str:
    entry_lines = sorted(l for l, _ in starts.values())
    before = [l for l in entry_lines if l < line]
    hint = "check the braces, quotes and commas"
    if line in entry_lines and before:
        return f"{hint} of the entry at line {line}; is the entry at line {before[-1]} missing its closing '}}'?"
    culprits = [l for l in sorted(unbalanced) if l < line]
    if culprits:
        return f"{hint}: {unbalanced[culprits[0]]}"
    if before:
        return f"{hint} of the entry that starts at line {before[-1]}"
    return hint


_TEXT_BACKEND = find_plugin("pybtex.backends", "text")()  # render_as() looks it up on every call


# Text that LaTeX decoding leaves exactly as it is (checked character by character and by
# fuzzing against pybtex): no markup or math, no ligatures (-- `` '' ,,), single inner spaces only.
_PLAIN = re.compile(r"[^\s%$\\{}~`]+(?: [^\s%$\\{}~`]+)*")


@functools.lru_cache(maxsize=1 << 16)  # names and publishers repeat across entries
def _latex(value: str) -> str:
    if _PLAIN.fullmatch(value) and "--" not in value and "''" not in value and ",," not in value:
        return value  # most fields; pybtex's LaTeX decoder costs ~1 ms a value
    try:
        return Text.from_latex(value).render(_TEXT_BACKEND)
    except UnicodeDecodeError:  # latexcodec gives up on a stray final "\" (BibTeX ends {Judgment}\} at its "}")
        try:
            return Text.from_latex(value.rstrip("\\")).render(_TEXT_BACKEND)
        except UnicodeDecodeError:
            return value


def _unwrap(value: str) -> str:
    """Drop styling commands (keeping their text) and spell out symbol commands pybtex leaves as they are."""
    if "\\" not in value:
        return value
    value = _HYPHEN.sub("-", _NOTHING.sub("", value)).replace("\\,", "\u202f")
    return _SYMBOL.sub(lambda m: _SYMBOLS[m[1]], _STYLING.sub("", value))


# Date fields are read as biber reads them, verbatim: LaTeX would turn "1723~" (approximate) into a space.
_DATE_FIELDS = frozenset({"date", "year", "urldate", "archivedate", "origdate", "eventdate"})
_AS_WRITTEN = _DATE_FIELDS | VERBATIM_FIELDS | UNPRINTED_FIELDS
NAME_FIELDS = ("author", "editor", "translator", "bookauthor", "editora", "editorb", "editorc", "holder",
               "commentator", "introduction", "foreword", "afterword", "annotator")
# biber's extended name format, as Better BibLaTeX writes it: family=Oord, given=Aaron, prefix=van den
_EXTENDED_NAME = re.compile(r"\s*(?:family|given|prefix|suffix|useprefix)\s*=", re.I)


def _to_source(key, kind, written, line) -> Source:
    fields = {name: value if name in _AS_WRITTEN else _latex(_unwrap(value))
              for name, value in written.items() if name not in NAME_FIELDS}
    useprefix = _useprefix(written.get("options", ""), False)
    persons, others = {}, set()
    for role in NAME_FIELDS:
        if written.get(role, "").strip():
            persons[role], more = _people(written[role], useprefix)
            if more:
                others.add(role)
            if not persons[role]:
                del persons[role]
    return Source.judged(key, kind, fields, persons, line, frozenset(others))


def _useprefix(options: str, default: bool) -> bool:
    for option in split_tex_string(options, sep=","):
        name, _, value = option.partition("=")
        if name.strip().lower() == "useprefix":
            return value.strip().strip("{}").lower() in ("", "true")
    return default


def _people(written: str, useprefix: bool) -> tuple[list[dict[str, str]], bool]:
    """A name list as biber reads it: each name in BibTeX's or the extended format; a final
    "others" is not a name but the list's "et al."."""
    names = split_name_list(written)
    others = bool(names) and names[-1].strip().lower() == "others"
    people = []
    for name in names[:-1] if others else names:
        if _EXTENDED_NAME.match(name):
            parts = {}
            for part in split_tex_string(name, sep=","):
                label, _, value = part.partition("=")
                value = value.strip()
                parts[label.strip().lower()] = value[1:-1] if value[:1] == "{" and value[-1:] == "}" else value
            given, family, prefix, suffix = (parts.get(n, "") for n in ("given", "family", "prefix", "suffix"))
            uses = _useprefix(f"useprefix={parts['useprefix']}", useprefix) if "useprefix" in parts else useprefix
        else:
            with pybtex.errors.capture():  # "Too many commas": pybtex keeps what it can, as biber does
                person = Person(name)
            given = " ".join(person.first_names + person.middle_names)
            family, prefix = " ".join(person.last_names), " ".join(person.prelast_names)
            suffix, uses = " ".join(person.lineage_names), useprefix
        person_fields = {"first": _latex(_unwrap(given)),
                         "last": _latex(_unwrap(f"{prefix} {family}" if prefix and uses else family)),
                         "suffix": _latex(_unwrap(suffix))}
        if prefix and not uses:  # biblatex's default: "Oord, Aaron van den", sorted under O
            person_fields["prefix"] = _latex(_unwrap(prefix))
        people.append(person_fields)
    return people, others


def validate(source: Source, shown: str, fields_at: dict[str, int]) -> list[Diagnostic]:
    """What an entry of its type needs, and whether its url, doi and dates are well formed."""
    found = []

    def problem(code, field_name, message, hint):
        line = fields_at.get(field_name, source.line)
        found.append(Diagnostic(shown, line, 1, code, f"entry '{source.key}': {message}", hint))

    if not source.get("title"):
        problem("BIB003", "title", "has no title", "add title = {...}")
    if not any(source.persons.get(r) for r in PERSON_ROLES) and not any(
        source.get(f) for f in CREATOR_FIELDS
    ):
        problem("BIB003", "title", "has no author, editor or organization",
                "add author = {Last, First} or organization = {Publisher}")
    if not source.get("date") and not source.get("year"):
        problem("BIB003", "title", "has no date or year", "add date = {YYYY-MM-DD} (or YYYY)")
    for name in ("date", "year"):
        value = source.get(name)
        if value and not parse_date(value):
            problem("BIB007", name, f"{name} '{value}' is not a date biblatex reads",
                    "write dates as ISO 8601, e.g. 2023-03-09, 2023-03 or 2023; ranges as 1984/1986")
    checked = source.checked
    url = source.get("url")
    if source.type in WEB_TYPES and not url and not checked.eprint:
        problem("BIB004", "title", "is a web source without a url", "add url = {https://...}")
    if url and not checked.url:
        hint = "only http:// and https:// addresses are published"
        if not urlsplit(url.strip()).scheme and safe_url("https://" + url.strip().removeprefix("//")):
            hint = f"write the whole address: https://{url.strip().removeprefix('//')}"
        problem("BIB005", "url", f"url '{url}' is not an http(s) address", hint)
    urldate = source.get("urldate")
    if (url or (source.type in WEB_TYPES and not checked.eprint)) and not urldate:
        problem("BIB004", "url", "has no access date (urldate)",
                "add urldate = {YYYY-MM-DD}: the day you checked the source")
    if urldate and not _a_day(checked.urldate):
        problem("BIB007", "urldate", f"urldate '{urldate}' is not YYYY-MM-DD",
                "write the access date as e.g. 2023-03-23")
    archive, archived_on = source.get("archiveurl"), source.get("archivedate")
    if archive and not checked.archiveurl:
        problem("BIB005", "archiveurl", f"archiveurl '{archive}' is not an http(s) address",
                "only http:// and https:// addresses are published")
    if archived_on and not _a_day(checked.archivedate):
        problem("BIB007", "archivedate", f"archivedate '{archived_on}' is not YYYY-MM-DD",
                "write the day the snapshot was taken, e.g. 2024-05-01")
    if archive and not archived_on:
        problem("BIB009", "archiveurl", "has an archived copy (archiveurl) but no archivedate",
                "add archivedate = {YYYY-MM-DD}: the day the snapshot was taken")
    if archived_on and not archive:
        problem("BIB009", "archivedate", "has an archivedate but no archived copy (archiveurl)",
                "add archiveurl = {https://web.archive.org/web/...} or delete archivedate")
    doi = source.get("doi")
    if doi and not checked.doi:
        hint = "write the bare DOI, e.g. 10.1093/law/9780199216857.001.0001"
        problem("BIB006", "doi", f"doi '{doi}' is not of the form 10.NNNN/suffix", hint)
    names = {role: " ".join(v for person in people for v in person.values())
             for role, people in source.persons.items()}
    for name, value in {**source.fields, **names}.items():
        command = None if name in _AS_WRITTEN else _LATEX_COMMAND.search(value)
        if command:
            problem("BIB011", name, f"{name} keeps the LaTeX command '{command[0]}', which cannot be turned into text",
                    "write the text itself in Unicode (9th, “quoted”, «цитата»), or drop the command")
    return found


def _a_day(date: Date | None) -> bool:
    """An access or snapshot date names one day (a date-time, as Zotero writes it, names its day)."""
    return date is not None and not date.range and bool(date.first.day) and not date.first.uncertain \
        and not date.first.approximate


_UNSAFE_URL_CHAR = re.compile(r"[\s<>\"']")  # \s is exactly str.isspace()


def safe_url(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and not _UNSAFE_URL_CHAR.search(url.strip())
