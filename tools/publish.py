"""Build the site into a scratch folder, then swap it into site/ in one step.

A failed or interrupted build leaves the previous site/ untouched: `mkdocs build` never
writes into site/ itself. The swap uses renameat2(RENAME_EXCHANGE) where Linux offers it,
so site/ is at every instant either the complete old tree or the complete new one. If
publishing is killed, the build dies with it (it never writes on behind our back), and the
next run starts by removing the scratch folder the killed one left.

Builds are reproducible: SOURCE_DATE_EPOCH (which MkDocs uses for the sitemap's dates and
the gzip header of sitemap.xml.gz) defaults to the time of the last git commit, so two builds
of the same commit give byte-identical trees.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

RENAME_EXCHANGE = 2
AT_FDCWD = -100
PR_SET_PDEATHSIG = 1


def build(root: Path, site: Path) -> int:
    scratch = root / ".site-build"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(exist_ok=True)
    fresh = scratch / "site"
    # Exactly `mkdocs build`, into the scratch folder. Never --quiet: it raises the `mkdocs`
    # logger to ERROR, so strict mode would count no warning and a refused site would be published.
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(fresh)]
    parent = os.getpid()
    try:
        status = subprocess.call(mkdocs, cwd=root, env=build_environment(root),
                                 preexec_fn=lambda: _die_with_parent(parent))
    except KeyboardInterrupt:
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"publish: interrupted; {site.name}/ was left as it was", file=sys.stderr)
        return 130
    if status != 0 or not (fresh / "index.html").exists():
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"publish: build failed; {site.name}/ was left as it was", file=sys.stderr)
        return status or 1
    swap(fresh, site)
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"publish: {site.name}/ replaced by the new build", file=sys.stderr)
    return 0


def build_environment(root: Path) -> dict[str, str]:
    """The environment of the build: SOURCE_DATE_EPOCH as given, else the last commit's time."""
    env = dict(os.environ)
    if "SOURCE_DATE_EPOCH" not in env:
        epoch = last_commit_time(root)
        if epoch is None:
            print("publish: no SOURCE_DATE_EPOCH and no git commit: the sitemap carries today's date",
                  file=sys.stderr)
        else:
            env["SOURCE_DATE_EPOCH"] = epoch
    return env


def last_commit_time(root: Path) -> str | None:
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                              text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    epoch = done.stdout.strip()
    return epoch if done.returncode == 0 and epoch.isdigit() else None


def _die_with_parent(parent: int) -> None:
    """In the child, before mkdocs starts: be killed when publish dies, so a killed `make site`
    leaves no build running on into the scratch folder."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # not Linux: an interrupted build may finish on its own; it still never touches site/
    if os.getppid() != parent:  # publish died before the line above took effect
        os._exit(1)


def swap(fresh: Path, site: Path) -> None:
    """Put fresh in site's place; the old tree ends up at fresh's path."""
    if site.exists() and _exchange(fresh, site):
        return
    if site.exists():
        old = fresh.with_name("old")
        os.rename(site, old)
    os.rename(fresh, site)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0


if __name__ == "__main__":
    root = Path.cwd()
    sys.exit(build(root, root / "site"))
