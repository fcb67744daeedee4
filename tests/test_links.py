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


@pytest.mark.slow
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


# The scanner that reads built pages (instead of html.parser, for speed) must find exactly what
# html.parser finds: the same start tags, attributes, anchors and places.
TRICKY_HTML = (
    '<!-- <a href="in-comment/"> -->\n'
    '<script>var s = "<a href=\'in-script/\'>";</script><style>a::after { content: "<a href=x>" }</style>\n'
    "<A HREF=\"upper/\" title=\"a > b\">x</A><a href='single/'><a href=bare/>\n"
    '<a href="a&amp;b/?q=1&lt;2">  <div title="<a href=\'in-attribute/\'>" ID="Top"></div>\n'
    '<a href="first/" href="last/" name="old"><a href = " spaced/ " ><img src=x&amp;y.png>\n'
    '<script src="s.js"/><img src="after-self-closing-script.png"></SCRIPT >< a href="not-a-tag/">\n'
    '<p id=""><a href="never-closed/"'
)


def test_the_page_scanner_skips_comments_scripts_and_quoted_text_and_decodes_values():
    page = read_page(TRICKY_HTML, "p/index.html")
    assert page.anchors == {"Top", "old"}  # ID upper-cased counts; an empty id is no anchor
    assert [(l.target, l.line, l.col) for l in page.links] == [
        ("upper/", 3, 1), ("single/", 3, 37), ("bare/", 3, 55), ("a&b/?q=1<2", 4, 1),
        ("last/", 5, 1),  # the last of two equal attributes wins, as in html.parser
        ("spaced/", 5, 42), ("x&y.png", 5, 65),
        ("s.js", 6, 1), ("after-self-closing-script.png", 6, 21)]  # <script/> holds no script text


@pytest.mark.parametrize("html", [
    TRICKY_HTML,
    '<a href="x"/ ><a/href="y"><a href==z><a href= ><a b/c href="d"><a href=x"y><a href="q"class="r">',
    '<div\xa0id="nbsp"><p\vid="vt"><lin\u212a href="kelvin"><\u0130d id="dotted"><p iD=mixed/>',
    '<!DOCTYPE html><?pi <a href="p">?><!x <a href="b">></div <a href="e">><!-- a -- ><a href="after">',
    '<script type="module">if (a</script) {}</script\n><a href="1"></STYLE><style>x</style><a href="2">',
    '<a href="unclosed comment"><!-- <a href="x"> <a href="y">',
    '<a href="t"><script><a href="swallowed">',
])
def test_the_page_scanner_agrees_with_html_parser(html):
    from citekit.sitelinks import _PageParser

    reference = _PageParser(xml=False)
    reference.feed(html)
    reference.close()
    page = read_page(html, "p/index.html")
    assert page.anchors == reference.anchors
    assert page.links == reference.links


def test_check_site_keeps_only_failing_links_yet_checks_anchors_of_pages_read_later(tmp_path):
    pages = {  # 'a/' is read before 'b/': its anchor link to b waits until b has been read
        "a/index.html": '<h1 id="gone-not">A</h1><a href="../b/#here">ok</a>\n<a href="../b/#hre">bad</a>'
                        '<a href="#gone-not">ok</a><a href="#gone">bad</a>',
        "b/index.html": '<h1 id="here">B</h1><a href="../a/#gone-not">ok</a><a href="../y/">bad</a>',
        "a/b/index.html": '<a href="../x/">ok: a/x/</a><a href="../../x/">bad</a>',
        "a/x/index.html": "<p>x</p>",
    }
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = [(d.path, d.line, d.col, d.code, d.message.split("'")[1], d.hint)
             for d in check_site(tmp_path, SITE_URL)]
    site = str(tmp_path)
    assert found == [  # grouped as written by templates (no Markdown sources given): files, then anchors
        (f"{site}/a/b/index.html", 1, 29, "LNK001", "../../x/",
         "from a/b/index.html it leads to 'x/', which the build did not write"),
        (f"{site}/b/index.html", 1, 52, "LNK001", "../y/",
         "from b/index.html it leads to 'y/', which the build did not write"),
        (f"{site}/a/index.html", 2, 54, "LNK002", "#gone", "did you mean '#gone-not'?"),
        (f"{site}/a/index.html", 2, 1, "LNK002", "../b/#hre", "did you mean '#here'?"),
    ]
