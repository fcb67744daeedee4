"""The benchmark's synthetic site (tools/bench.py) is a valid site of this project, and its
baseline is the same site with the citations and the citation hook taken out."""

from __future__ import annotations

import re
import sys

import pytest

from citekit.scanner import scan
from conftest import ROOT, mkdocs_build, run

if str(ROOT) not in sys.path:  # tools/ is a package of the repository, not installed
    sys.path.insert(0, str(ROOT))
from tools import bench  # noqa: E402

DIAGNOSTIC = re.compile(r"(error|warning|note)\[[A-Z]+\d+\]")


@pytest.mark.slow
def test_synthetic_site_builds_with_no_diagnostics_and_the_baseline_has_no_citations(tmp_path):
    full = bench.generate(tmp_path / "full", articles=3, entries=30, cited=True)
    base = bench.generate(tmp_path / "baseline", articles=3, entries=30, cited=False)

    built = mkdocs_build(full)
    assert built.returncode == 0, built.stderr
    assert not DIAGNOSTIC.search(built.stderr), built.stderr
    html = built.page("tr/articles/a0002/index.html")
    assert html.count('class="footnote-ref"') >= 20 and '<ul class="citekit-references">' in html
    assert "s. " in html or "ss. " in html or "md. " in html  # Turkish locators survive
    check = run(full, "-m", "citekit", "check", "mkdocs.yml", pythonpath="hooks")
    assert check.returncode == 0 and "no errors" in check.stderr and not DIAGNOSTIC.search(check.stderr)

    pages = sorted((base / "docs").rglob("*.md"))
    assert len(pages) == 3 * (3 + 3)  # articles, home page, article index, sources page
    assert not any(scan(page.read_text(encoding="utf-8")).citations for page in pages)
    assert "`[@notakey]`" in (base / "docs" / "articles" / "a0001.md").read_text(encoding="utf-8")  # code stays
    config = (base / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks/citations.py" not in config and "hooks/links.py" in config  # only the citation machinery is off
    plain = mkdocs_build(base)
    assert plain.returncode == 0, plain.stderr
    assert "citekit-references" not in plain.page("tr/articles/a0002/index.html")
    # same theme and languages: the baseline differs only by what the citation hook adds
    assert (ROOT / "overrides" / "main.html").read_text() == (base / "overrides" / "main.html").read_text()


@pytest.mark.slow
def test_each_build_is_measured_in_its_own_process(tmp_path):
    site = bench.generate(tmp_path / "baseline", articles=1, entries=5, cited=False)
    first = bench.build(site)
    assert first.wall > 0 and first.cpu > 0 and first.rss_mb > 20  # MkDocs alone needs tens of MB
    assert (site / "site" / "ru" / "articles" / "a0001" / "index.html").exists()
