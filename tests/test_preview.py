"""What each page's preview banner lists (citekit.preview), without a server."""

from __future__ import annotations

from citekit.diagnostics import Diagnostic
from citekit.preview import problems_by_file, problems_of


def test_a_page_shows_its_own_errors_and_warnings_and_every_page_the_bibliographys():
    found = problems_by_file(
        [
            Diagnostic("docs/a.md", 3, 5, "CIT001", "unknown citation key 'x'", "did you mean 'y'?"),
            Diagnostic("docs/a.tr.md", 1, 1, "TRN010", "docs/a.md changed", severity="note"),
            Diagnostic("docs/a.tr.md", 4, 1, "TRN004", "order differs", severity="warning"),
            Diagnostic("references.bib", 9, 1, "BIB001", "syntax error in line 9"),
            Diagnostic("docs/bad.md", 2, 1, "SRC001", "the file is not valid UTF-8 text"),
        ],
        pages=["docs/a.md", "docs/a.tr.md", "docs/b.md"],
    )
    everywhere = ["docs/bad.md:2:1", "references.bib:9:1"]  # no readable page: on every page, as printed
    assert [p["where"] for p in problems_of(found, "docs/a.md")] == everywhere + ["docs/a.md:3:5"]
    assert [p["where"] for p in problems_of(found, "docs/a.tr.md")] == everywhere + ["docs/a.tr.md:4:1"]
    assert [p["where"] for p in problems_of(found, "docs/b.md")] == everywhere
    assert [p["where"] for p in problems_of(found, None)] == everywhere
    assert problems_of(found, "docs/a.md")[-1] == {
        "where": "docs/a.md:3:5", "severity": "error", "code": "CIT001",
        "message": "unknown citation key 'x'", "hint": "did you mean 'y'?"}


def test_a_clean_project_shows_no_banner():
    found = problems_by_file([Diagnostic("docs/a.tr.md", 1, 1, "TRN011", "unreviewed", severity="note")],
                             pages=["docs/a.md", "docs/a.tr.md"])
    assert problems_of(found, "docs/a.md") == [] and problems_of(found, "docs/a.tr.md") == []
