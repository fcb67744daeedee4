"""`make site`'s publisher: site/ is replaced only by a complete build; a failed one changes nothing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from conftest import ROOT, make_site, run


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def publish(root: Path):
    return run(root, "-m", "tools.publish", pythonpath=".")


def test_failed_build_keeps_the_last_good_site_and_a_good_one_replaces_it(tmp_path):
    root = make_site(tmp_path / "site-src")
    shutil.copytree(ROOT / "tools", root / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    first = publish(root)
    assert first.returncode == 0, first.stderr
    good = tree_digest(root / "site")
    assert "ru/index.html" in good

    page = root / "docs" / "index.tr.md"
    page.write_text(page.read_text(encoding="utf-8").replace("[@denza2008;", "[@denza2080;"), encoding="utf-8")
    failed = publish(root)
    assert failed.returncode != 0
    assert "unknown citation key 'denza2080'" in failed.stderr
    assert tree_digest(root / "site") == good
    assert not (root / ".site-build").exists()

    page.write_text(page.read_text(encoding="utf-8").replace("[@denza2080;", "[@denza2008;") + "\nNew line.\n",
                    encoding="utf-8")
    assert publish(root).returncode == 0
    assert "New line." in (root / "site" / "tr" / "index.html").read_text(encoding="utf-8")
