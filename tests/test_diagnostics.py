"""Each broken input under tests/cases/ fails `mkdocs build` and `make check` with exactly its diagnostics.

A case is a folder of files laid over the base fixture site, plus expected.txt: the exit status
and every diagnostic line (with hints) the run must print, in order.
"""

from __future__ import annotations

import re

import pytest

from conftest import CASES, make_site, mkdocs_build, run

DIAGNOSTIC_LINE = re.compile(r"^(docs/|references\.bib:|authors\.yml:|tags\.yml:|    hint:)")
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "expected.txt").exists())


def expected(case):
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    status = int(lines[0].removeprefix("exit: "))
    return status, [line for line in lines[1:] if line]


def printed(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if DIAGNOSTIC_LINE.match(line)]


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_build_reports_every_problem_and_fails(case, tmp_path):
    root = make_site(tmp_path / "site-src", case)
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("last good site")
    status, lines = expected(case)
    build = mkdocs_build(root)
    assert build.returncode == status, build.stderr
    assert printed(build.stderr) == lines
    assert "Traceback" not in build.stderr
    if status:
        assert (root / "site" / "index.html").read_text() == "last good site"


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_check_command_prints_the_same_diagnostics(case, tmp_path):
    root = make_site(tmp_path / "site-src", case)
    status, lines = expected(case)
    done = run(root, "-m", "citekit", "check", "mkdocs.yml", pythonpath="hooks")
    assert done.returncode == status, done.stderr
    assert printed(done.stderr) == lines
    assert "Traceback" not in done.stderr  # never a crash, whatever the input
    assert not (root / "site").exists()


def test_check_command_passes_a_clean_site(tmp_path):
    root = make_site(tmp_path / "site-src")
    done = run(root, "-m", "citekit", "check", "mkdocs.yml", pythonpath="hooks")
    assert done.returncode == 0, done.stderr
    assert "no errors" in done.stderr
