"""`make site`'s publisher: site/ is replaced only by a complete build; a failed one changes nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, make_site, run


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def publish(root: Path):
    return run(root, "-m", "tools.publish", pythonpath=".")


def plain_build(root: Path, site_dir: Path):
    """`mkdocs build` itself, into a folder of its own: the verdict `make site` must give."""
    return run(root, "-m", "mkdocs", "build", "--site-dir", str(site_dir))


def published_site(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = make_site(tmp_path / "site-src")
    shutil.copytree(ROOT / "tools", root / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    first = publish(root)
    assert first.returncode == 0, first.stderr
    return root, tree_digest(root / "site")


# A warning logged by the site's own hook through a `mkdocs.*` logger: MkDocs counts it in strict
# mode like any of its own, whichever warnings MkDocs itself gives for links.
WARNING_HOOK = """import logging


def on_pre_build(config):
    logging.getLogger("mkdocs.plugins.fixture").warning("fixture: a warning strict mode counts")
"""



@pytest.mark.slow
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


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.slow
def test_a_build_killed_halfway_leaves_the_last_good_site_and_the_next_run_recovers(tmp_path):
    root = make_site(tmp_path / "site-src")
    shutil.copytree(ROOT / "tools", root / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    assert publish(root).returncode == 0
    good = tree_digest(root / "site")
    page = root / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added later.\n", encoding="utf-8")

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(root)}
    scratch = root / ".site-build" / "site"
    publisher = subprocess.Popen([sys.executable, "-m", "tools.publish"], cwd=root, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (scratch.is_dir() and any(scratch.iterdir())):  # mkdocs has started writing
            assert publisher.poll() is None and time.monotonic() < deadline, "the build ended before it was killed"
            time.sleep(0.005)
        builders = _children(publisher.pid)
        publisher.send_signal(signal.SIGKILL)
    finally:
        publisher.kill()
        publisher.wait()
    assert builders, "publish runs mkdocs as a child process"
    assert not (scratch / "ru" / "index.html").exists(), "killed after the build was complete: not halfway"
    assert tree_digest(root / "site") == good

    # The build does not live on without its publisher, writing into the scratch folder.
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in builders) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in builders)
    assert not (scratch / "ru" / "index.html").exists(), "the build went on after publish was killed"
    assert tree_digest(root / "site") == good
    assert (root / ".site-build").exists()  # what the killed run left

    again = publish(root)
    assert again.returncode == 0, again.stderr
    assert not (root / ".site-build").exists()
    assert "A sentence added later." in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "ru/index.html" in tree_digest(root / "site")


def test_a_warning_strict_mode_counts_stops_make_site_as_it_stops_mkdocs_build(tmp_path):
    root, good = published_site(tmp_path)
    (root / "hooks" / "fixture_warning.py").write_text(WARNING_HOOK, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - hooks/page_memory.py\n", "  - hooks/page_memory.py\n  - hooks/fixture_warning.py\n"), encoding="utf-8")
    page = root / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNever published.\n", encoding="utf-8")

    plain = plain_build(root, tmp_path / "plain")
    assert plain.returncode != 0 and "fixture: a warning strict mode counts" in plain.stderr
    failed = publish(root)
    assert failed.returncode != 0
    assert "fixture: a warning strict mode counts" in failed.stderr and "strict mode" in failed.stderr
    assert tree_digest(root / "site") == good
    assert not (root / ".site-build").exists()


def test_the_drawer_link_reproducer_gets_mkdocs_builds_own_verdict(tmp_path):
    """The issue's reproducer: whether or not MkDocs warns about it, `make site` says what
    `mkdocs build` says, and keeps the last good site when that is no."""
    root, good = published_site(tmp_path)
    for name in ("index.md", "index.tr.md", "index.ru.md"):
        page = root / "docs" / name
        page.write_text(page.read_text(encoding="utf-8") + "\nSee [the menu](#__drawer).\n", encoding="utf-8")
    plain = plain_build(root, tmp_path / "plain")
    published = publish(root)
    assert (published.returncode == 0) == (plain.returncode == 0), (plain.stderr, published.stderr)
    if plain.returncode != 0:
        assert tree_digest(root / "site") == good
    else:
        assert "#__drawer" in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert not (root / ".site-build").exists()
