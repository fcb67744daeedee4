"""Internal links of the built site, in every language, including raw HTML, templates and
generated blocks (hooks/links.py, citekit.sitelinks).

Each folder under tests/link-cases/ is laid over the base fixture site, like tests/cases/, and
its expected.txt holds the exit status and every LNK diagnostic (with hints) the build prints;
a place in a built file (a template's link) is written ``site/x.html:*:*`` and checked apart.
The check reads the written HTML, so it exists only in `mkdocs build`, not in `citekit check`.
"""

from __future__ import annotations

import posixpath
import re

import pytest

from citekit.sitelinks import SiteAddresses, check_site, read_built
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


def write_site(folder, pages: dict[str, str]):
    for name, text in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def reported(folder) -> list[tuple[str, int, int, str, str]]:
    """(built file, line, column, code, address) of every broken link check_site reports."""
    return [(d.path.removeprefix(f"{folder}/"), d.line, d.col, d.code, d.message.split("'")[1])
            for d in check_site(folder, SITE_URL)]


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
    assert SiteAddresses(FILES, SITE_URL).resolve(page, posixpath.dirname(page), target) == resolved


@pytest.mark.parametrize(
    "target",
    ["https://other.org/x/", "http://example.org/iskp-annotated/nope/", "mailto:a@b.org", "tel:+1",
     "//cdn.example.net/x.js", "data:image/png;base64,AAAA", "javascript:void(0)",
     # the site's own host, outside the site's path: another site there, `make linkcheck`'s business
     "https://example.org/x", "https://example.org/", "https://example.org/iskp-annotated-archive/r.pdf"],
)
def test_other_sites_and_schemes_are_not_checked_here(target):
    assert SiteAddresses(FILES, SITE_URL).resolve("index.html", "", target) is None


def test_a_source_on_the_sites_host_outside_its_path_is_not_a_broken_page(tmp_path):
    site = write_site(tmp_path, {
        "index.html": '<ol class="references"><li><a href="https://example.org/x">A report</a></li>\n'
                      '<li><a href="https://example.org/reports/2024.pdf#page=3">Another</a></li>\n'
                      '<li><a href="https://example.org/iskp-annotated/gone/">ours, missing</a></li></ol>',
    })
    assert reported(site) == [("index.html", 3, 5, "LNK001", "https://example.org/iskp-annotated/gone/")]


def test_links_and_anchors_are_read_from_html_and_feeds(tmp_path):
    site = write_site(tmp_path, {  # every link below leads nowhere, so each one is reported
        "p/index.html": '<a name="old"></a><h2 id="new">x</h2>\n<img src="a.png"><a href="#new">y</a>'
                        '<a href="#old">z</a><a href="#none">w</a>\n  <link rel="alternate" href="/iskp-annotated/x/">',
        "feed.xml": "<feed xmlns='http://www.w3.org/2005/Atom'>\n<entry><link href='https://example.org/iskp-annotated/a/'/>"
                    "\n<id>https://example.org/iskp-annotated/b/</id><id>urn:uuid:1</id></entry></feed>",
        "sitemap.xml": "<urlset><url>\n<loc>https://example.org/iskp-annotated/c/</loc></url></urlset>",
    })
    assert sorted(reported(site)) == [
        ("feed.xml", 2, 8, "LNK001", "https://example.org/iskp-annotated/a/"),
        ("feed.xml", 3, 1, "LNK001", "https://example.org/iskp-annotated/b/"),
        ("p/index.html", 2, 1, "LNK001", "a.png"),
        ("p/index.html", 2, 58, "LNK002", "#none"),
        ("p/index.html", 3, 3, "LNK001", "/iskp-annotated/x/"),
        ("sitemap.xml", 2, 1, "LNK001", "https://example.org/iskp-annotated/c/"),
    ]


def test_a_missing_anchor_is_told_apart_from_a_missing_page(tmp_path):
    site = write_site(tmp_path, {"index.html": '<h2 id="notes">N</h2>\n<a href="#notes">ok</a>\n'
                                               '<a href="#note">bad</a>\n<a href="gone/">bad</a>'})
    assert reported(site) == [("index.html", 4, 1, "LNK001", "gone/"), ("index.html", 3, 1, "LNK002", "#note")]


# Built pages are read by libxml2's HTML parser. What it takes for a link or an anchor must be
# what a browser takes: comments, scripts, styles and quoted text hold none, values are decoded.
TRICKY_HTML = (
    '<!-- <a href="in-comment/"> -->\n'
    '<script>var s = "<a href=\'in-script/\'>";</script><style>a::after { content: "<a href=x>" }</style>\n'
    "<A HREF=\"upper/\" title=\"a > b\">x</A><a href='single/'><a href=bare/>\n"
    '<a href="a&amp;b/?q=1&lt;2">  <div title="<a href=\'in-attribute/\'>" ID="Top"></div>\n'
    '<a href="first/" href="last/" name="old"><a href = " spaced/ " ><img src=x&amp;y.png>\n'
    '<script src="s.js"></script><img src="after-script.png"></SCRIPT >< a href="not-a-tag/">\n'
    '<p id=""><a href="never-closed/"'
)


def test_the_page_reader_skips_comments_scripts_and_quoted_text_and_decodes_values(tmp_path):
    site = write_site(tmp_path, {"p/index.html": '<a href="#Top">ok</a><a href="#old">ok</a>' + TRICKY_HTML})
    assert sorted(reported(site)) == sorted([
        ("p/index.html", 3, 1, "LNK001", "upper/"), ("p/index.html", 3, 37, "LNK001", "single/"),
        ("p/index.html", 3, 55, "LNK001", "bare/"), ("p/index.html", 4, 1, "LNK001", "a&b/?q=1<2"),
        ("p/index.html", 5, 1, "LNK001", "first/"),  # the first of two equal attributes wins, as in browsers
        ("p/index.html", 5, 42, "LNK001", "spaced/"), ("p/index.html", 5, 65, "LNK001", "x&y.png"),
        ("p/index.html", 6, 1, "LNK001", "s.js"), ("p/index.html", 6, 29, "LNK001", "after-script.png")])


@pytest.mark.parametrize("html", [
    TRICKY_HTML,
    '<a href="x"/ ><a/href="y"><a href==z><a href= ><a b/c href="d"><a href=x"y><a href="q"class="r">',
    '<div\xa0id="nbsp"><p\vid="vt"><lin\u212a href="kelvin"><\u0130d id="dotted"><p iD=mixed/>',
    '<!DOCTYPE html><?pi <a href="p">?><!x <a href="b">></div <a href="e">><!-- a -- ><a href="after">',
    '<script type="module">if (a</script) {}</script\n><a href="1"></STYLE><style>x</style><a href="2">',
    '<a href="unclosed comment"><!-- <a href="x"> <a href="y">',
    '<a href="t"><script><a href="swallowed">',
])
def test_the_page_reader_agrees_with_the_html_standards_parsing(html):
    """html5lib implements the HTML standard's parsing algorithm, as browsers do."""
    import html5lib

    from citekit.sitelinks import LINK_ATTRIBUTES

    anchors, links = read_built(html.encode("utf-8"), "p/index.html")
    document = html5lib.parse(html, namespaceHTMLElements=False)
    elements = [e for e in document.iter() if isinstance(e.tag, str)]
    assert anchors == {e.get("id") for e in elements if e.get("id")} | {
        e.get("name") for e in elements if e.tag == "a" and e.get("name")}
    assert [value.strip() for value in links] == [
        e.get(name).strip() for e in elements for name in LINK_ATTRIBUTES.get(e.tag, ()) if e.get(name) is not None]


def test_check_site_keeps_only_failing_links_yet_checks_anchors_of_pages_read_later(tmp_path):
    pages = {  # 'a/' is read before 'b/': its anchor link to b waits until b has been read
        "a/index.html": '<h1 id="gone-not">A</h1><a href="../b/#here">ok</a>\n<a href="../b/#hre">bad</a>'
                        '<a href="#gone-not">ok</a><a href="#gone">bad</a>',
        "b/index.html": '<h1 id="here">B</h1><a href="../a/#gone-not">ok</a><a href="../y/">bad</a>',
        "a/b/index.html": '<a href="../x/">ok: a/x/</a><a href="../../x/">bad</a>',
        "a/x/index.html": "<p>x</p>",
    }
    write_site(tmp_path, pages)
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
