"""`make check` keeps each page's own results in .cache/citekit, keyed by the page's text: a warm
cache reports exactly what a cold one does, an edit is seen at once, and the checks that read
other files (a translation against its English page) never answer from the cache."""

from __future__ import annotations

import re

from conftest import make_site, run


def check(site):
    done = run(site, "-m", "citekit", "check", "mkdocs.yml", pythonpath="hooks")
    return done.returncode, done.stderr


def test_a_warm_cache_reports_what_a_cold_one_does_and_sees_every_edit(tmp_path):
    site = make_site(tmp_path / "site")
    page = site / "docs" / "index.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good.replace("[@denza2008;", "[@denza2080;"), encoding="utf-8")

    cold = check(site)
    assert cold[0] == 1 and re.search(r"^docs/index\.md:\d+:\d+: error\[CIT001\]", cold[1], re.M), cold[1]
    assert (site / ".cache" / "citekit" / "pages.pickle").is_file()
    assert check(site) == cold  # from the cache: the same problems, the same exit status

    page.write_text(good + "\nA note of nothing.[^missing]\n", encoding="utf-8")
    code, printed = check(site)
    assert code == 1 and "CIT001" not in printed, printed
    assert re.search(r"^docs/index\.md:\d+:\d+: error\[FN001\]: footnote '\[\^missing\]' has no definition",
                     printed, re.M), printed

    # The translation is unchanged, but its English page now cites one more source: the
    # translation's parity check reads both files and must not answer from the cache.
    page.write_text(good.replace("Two sources at once.[@denza2008; @rbc2022embassy]",
                                 "Two sources at once.[@denza2008; @rbc2022embassy; @vcdr1961]"), encoding="utf-8")
    code, printed = check(site)
    assert code == 1 and re.search(r"^docs/index\.tr\.md:\d+:\d+: error\[TRN", printed, re.M), printed

    page.write_text(good, encoding="utf-8")
    code, printed = check(site)
    assert code == 0 and "no errors" in printed, printed
