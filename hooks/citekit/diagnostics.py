"""Diagnostics: one record per problem, printed as ``path:line:col: error[CODE]: message``.

Every code is stable; README.md documents them. Add a code here, never reuse one.
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass
from typing import Iterable, TextIO

# code -> (slug, one-line description). The README table is generated from this.
CODES: dict[str, tuple[str, str]] = {
    "CIT001": ("unknown-key", "a citation names a key that is not in references.bib"),
    "CIT002": ("malformed-citation", "text inside [@...] is not a list of @key[, locator] items"),
    "CIT003": ("unclosed-citation", "a [@ citation is never closed with ]"),
    "CIT004": ("prefixed-citation", "pandoc-style [see @key], [-@key] or [ @key]: not read as a citation"),
    "FN001": ("undefined-footnote", "a footnote reference [^x] has no definition [^x]:"),
    "FN002": ("unused-footnote", "a footnote definition [^x]: is never referenced"),
    "FN003": ("duplicate-footnote", "a footnote label is defined twice on one page"),
    "FN004": ("reserved-footnote", "a hand-written footnote label starts with the reserved prefix cite-"),
    "SRC001": ("unreadable-source", "a Markdown file is not valid UTF-8"),
    "SRC002": ("bad-front-matter", "a page's front matter is not valid YAML key: value lines"),
    "SRC003": ("page-too-large", "a Markdown file is larger than 1 MB (MkDocs would need minutes to build it)"),
    "BIB001": ("bib-syntax", "references.bib does not parse"),
    "BIB002": ("duplicate-key", "a key is defined twice (BibTeX keys are case-insensitive)"),
    "BIB003": ("missing-field", "an entry lacks a title, a creator (author/editor/organization) or a date"),
    "BIB004": ("missing-access", "a web source lacks url or urldate"),
    "BIB005": ("bad-url", "a url is not an http(s) address"),
    "BIB006": ("bad-doi", "a doi is not of the form 10.NNNN/suffix"),
    "BIB007": ("bad-date", "a date or year biber does not read (2023-02-30, n.d.), or a urldate or archivedate not one day"),
    "BIB008": ("missing-bib", "references.bib cannot be read"),
    "BIB009": ("archive-incomplete", "an archived copy lacks archiveurl or archivedate"),
    "BIB010": ("empty-bib", "references.bib holds no entries while pages cite sources"),
    "BIB011": ("latex-command", "a field keeps a LaTeX command that cannot be turned into text"),
    "LNK001": ("broken-link", "a link in the built site leads to no page or file"),
    "LNK002": ("missing-anchor", "a link's #anchor does not exist on the page it leads to"),
    "LNK003": ("dead-link", "make linkcheck: an external address answers 4xx/5xx or not at all"),
    "TRN001": ("translation-missing-citation", "a translation cites a source fewer times than its English page"),
    "TRN002": ("translation-extra-citation", "a translation cites a source more times than its English page"),
    "TRN003": ("translation-footnotes", "a translation has a different number of hand-written footnotes"),
    "TRN004": ("translation-order", "warning: citations sit in a different paragraph order than in English"),
    "TRN005": ("orphan-translation", "a translation file has no English original"),
    "TRN006": ("translation-passage", "a translation's passage on a citation differs from the English page's"),
    "TRN010": ("stale-translation", "note: the English page changed since the translation was reviewed"),
    "TRN011": ("unreviewed-translation", "note: a translation records no reviewed English version"),
    "EVD001": ("passage-not-found", "make verify: the source's text does not contain the citation's passage"),
    "EVD002": ("source-unreadable", "make verify: the source could not be fetched or its text extracted"),
    "EVD003": ("malformed-passage", 'a passage is not a closed "..." at the end of its citation item'),
    "EVD004": ("passage-too-long", "a passage has more than 60 words: quote, do not copy"),
    "ART001": ("article-missing-field", "an article's front matter lacks title, date, authors or summary"),
    "ART002": ("article-bad-date", "an article's date or updated is not YYYY-MM-DD"),
    "ART003": ("unknown-author", "an article names an author id that is not in authors.yml"),
    "ART004": ("unknown-tag", "an article uses a tag that is not in tags.yml"),
    "ART005": ("bad-data-file", "authors.yml or tags.yml is not valid, or an entry lacks a site language"),
    "ART006": ("bad-corrections", "an article's corrections are not dated entries, or a translation's dates differ"),
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""
    severity: str = "error"

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered diagnostic code {self.code}")

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def report(diagnostics: Iterable[Diagnostic], stream: TextIO | None = None) -> int:
    """Print every diagnostic, sorted by place, then a summary; return the error count."""
    stream = stream or sys.stderr
    items = sorted(set(diagnostics))
    for diagnostic in items:
        print(diagnostic.format(), file=stream)
    count = len(errors(items))
    if items:
        warnings = sum(1 for d in items if d.severity == "warning")
        notes = len(items) - count - warnings
        print(f"citekit: {count} error(s), {warnings} warning(s), {notes} note(s)", file=stream)
    return count


class LineIndex:
    """Offsets to 1-based (line, column), in O(log n) per look-up."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of one character offset in text."""
    return LineIndex(text)(offset)


def undecodable_at(raw: bytes, error: UnicodeDecodeError) -> tuple[int, int]:
    """1-based (line, column, in characters) of the first byte that is not UTF-8."""
    line_start = raw.rfind(b"\n", 0, error.start) + 1
    return raw.count(b"\n", 0, error.start) + 1, len(raw[line_start:error.start].decode("utf-8", "replace")) + 1
