"""Preview (``mkdocs serve``): problems are shown on the pages instead of stopping the build.

A build stops on any error so that a broken site is never published. A preview must
survive the author's mistakes instead: the hook prints the diagnostics as usual, builds
anyway, and each page carries the problems found in its own file (a banner drawn by
overrides/main.html). Problems that belong to no page, such as a bibliography that does not
parse, are shown on every page.
"""

from __future__ import annotations

import logging
from typing import Iterable

from jinja2.bccache import BytecodeCache

from .diagnostics import Diagnostic

EVERY_PAGE = ""


def problems_by_file(diagnostics: Iterable[Diagnostic], pages: Iterable[str]) -> dict[str, list[dict]]:
    """Shown page path -> its problems, as plain data for the template, in the order printed.
    Errors and warnings only (notes are not problems); problems of a file that is not a page
    go under EVERY_PAGE."""
    known = set(pages)
    found: dict[str, list[dict]] = {}
    for diagnostic in sorted(set(diagnostics)):
        if diagnostic.severity == "note":
            continue
        where = diagnostic.path if diagnostic.path in known else EVERY_PAGE
        found.setdefault(where, []).append(banner_item(diagnostic))
    return found


def problems_of(found: dict[str, list[dict]], page: str | None) -> list[dict]:
    """What one page shows: the problems of every page, then its own."""
    return found.get(EVERY_PAGE, []) + (found.get(page, []) if page else [])


def banner_item(diagnostic: Diagnostic) -> dict:
    return {
        "where": f"{diagnostic.path}:{diagnostic.line}:{diagnostic.col}",
        "severity": diagnostic.severity,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
    }


class FootnoteBacklinkWarnings(logging.Filter):
    """Print MkDocs' warning about a footnote's back-link to a missing ``#fnref:`` anchor as
    INFO. It only ever follows a footnote defined but never referenced (FN002, FN004), which
    the page's banner already shows; left a warning, strict mode would abort the preview."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and "contains a link '#fnref:" in record.getMessage():
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def demote_footnote_backlink_warnings(logger_name: str = "mkdocs.structure.pages") -> None:
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, FootnoteBacklinkWarnings) for f in logger.filters):
        logger.addFilter(FootnoteBacklinkWarnings())


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept in memory from one rebuild of the preview to the next.
    MkDocs makes a new template environment for each language of each rebuild, and compiling
    the theme's templates again each time is most of a one-page rebuild. A template is
    compiled again when its source changes (Jinja's checksum of the source)."""

    def __init__(self) -> None:
        self.compiled: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket) -> None:
        found = self.compiled.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)
