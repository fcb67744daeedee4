"""Internal links of the built site, in every language, including raw HTML, templates and
generated blocks (hooks/links.py, citekit.sitelinks).

Each folder under tests/link-cases/ is laid over the base fixture site, like tests/cases/, and
its expected.txt holds the exit status and every LNK diagnostic (with hints) the build prints;
a place in a built file (a template's link) is written ``site/x.html:*:*`` and checked apart.
The check reads the written HTML, so it exists only in `mkdocs build`, not in `citekit check`.
"""

from __future__ import annotations

import re

import pytest

from citekit.sitelinks import BuiltPage, Link, Site, check_site, find_broken, read_page
from conftest import TESTS, make_site, mkdocs_build

LINK_CASES = TESTS / "link-cases"
CASE_DIRS = sorted(p for p in LINK_CASES.iterdir() if (p / "expected.txt").exists())
LINK_DIAGNOSTIC = re.compile(r"^\S+:\d+:\d+: error\[LNK\d+\]: ")
# Lines of built HTML shift with the theme's templates: expected.txt writes them as *:*.
BUILT_PLACE = re.compile(r"^(site/\S+):(\d+):(\d+):")
LINK_TARGET = re.compile(r"link '([^']+)'")


def expected(case):
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return int(lines[0].removeprefix("exit: ")), [line for line in lines[1:] if line]


def link_diagnostics(stderr: str) -> list[str]:
    lines, keep = [], False
    for line in stderr.splitlines():
        if LINK_DIAGNOSTIC.match(line):
            lines.append(line)
            keep = True
        elif keep and line.startswith("    hint: "):
            lines.append(line)
        else:
            keep = False
    return lines


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_a_broken_internal_link_fails_the_build_naming_its_source(case, tmp_path):
    root = make_site(tmp_path / "site-src", case)
    status, lines = expected(case)
    build = mkdocs_build(root)
    assert build.returncode == status, build.stderr
    printed = link_diagnostics(build.stderr)
    assert [BUILT_PLACE.sub(r"\1:*:*:", line) for line in printed] == lines
    for line in printed:  # a link written by a template: its place in the built file, checked here
        if match := BUILT_PLACE.match(line):
            html_line = build.page(match[1].removeprefix("site/")).splitlines()[int(match[2]) - 1]
            assert html_line[int(match[3]) - 1:].startswith("<") and LINK_TARGET.search(line)[1] in html_line
    assert "Traceback" not in build.stderr
    assert "broken internal link(s) in the built site" in build.stderr


def test_the_clean_base_site_has_no_broken_link_in_any_language(base_build):
    assert "[LNK" not in base_build.stderr
    assert (base_build.site / "ru" / "index.html").exists()  # every language was written and checked
    assert check_site(base_build.site, "https://example.org/iskp-annotated/") == []


SITE_URL = "https://example.org/iskp-annotated/"
FILES = {"index.html", "tr/index.html", "about/index.html", "assets/site.css", "sitemap.xml"}


@pytest.mark.parametrize(
    "page, target, resolved",
    [
        ("about/index.html", "../", ("index.html", "")),
        ("about/index.html", "../tr/#top", ("tr/index.html", "top")),
        ("tr/index.html", "../assets/site.css", ("assets/site.css", "")),
        ("about/index.html", "/iskp-annotated/tr/", ("tr/index.html", "")),
        ("about/index.html", "/iskp-annotated", ("index.html", "")),
        ("about/index.html", "https://example.org/iskp-annotated/about/#x", ("about/index.html", "x")),
        ("about/index.html", "#x", ("about/index.html", "x")),
        ("about/index.html", "../about", ("about/index.html", "")),
        ("about/index.html", "../missing/", (None, "")),
        ("about/index.html", "/elsewhere/", ("", "")),
        ("about/index.html", "../../../up/", ("", "")),
    ],
)
def test_addresses_resolve_to_built_files_under_the_site_path(page, target, resolved):
    assert Site(FILES, SITE_URL).resolve(page, target) == resolved


@pytest.mark.parametrize(
    "target",
    ["https://other.org/x/", "http://example.org/iskp-annotated/nope/", "mailto:a@b.org", "tel:+1",
     "//cdn.example.net/x.js", "data:image/png;base64,AAAA", "javascript:void(0)"],
)
def test_other_sites_and_schemes_are_not_checked_here(target):
    assert Site(FILES, SITE_URL).resolve("index.html", target) is None


def test_links_and_anchors_are_read_from_html_and_feeds():
    page = read_page('<a name="old"></a><h2 id="new">x</h2>\n<img src="a.png"><a href="#new">y</a>'
                     '<link rel="alternate" href="/x/">', "p/index.html")
    assert page.anchors == {"old", "new"}
    assert [(l.target, l.line) for l in page.links] == [("a.png", 2), ("#new", 2), ("/x/", 2)]
    feed = read_page("<feed><entry><link href='https://example.org/iskp-annotated/a/'/>"
                     "<id>https://example.org/iskp-annotated/b/</id></entry></feed>", "feed.xml")
    sitemap = read_page("<urlset><url><loc>https://example.org/iskp-annotated/c/</loc></url></urlset>",
                        "sitemap.xml")
    assert [l.target for l in feed.links + sitemap.links] == [
        "https://example.org/iskp-annotated/a/", "https://example.org/iskp-annotated/b/",
        "https://example.org/iskp-annotated/c/"]


def test_a_missing_anchor_is_told_apart_from_a_missing_page():
    pages = {
        "index.html": BuiltPage("index.html", {"notes"}, [Link("#notes", 1, 1), Link("#note", 2, 1),
                                                           Link("gone/", 3, 1)]),
    }
    broken = find_broken(pages, Site({"index.html"}, SITE_URL))
    assert [(b.link.target, b.code) for b in broken] == [("#note", "LNK002"), ("gone/", "LNK001")]
