"""Build the site into a scratch folder, then swap it into site/ in one step.

A failed or interrupted build leaves the previous site/ untouched: `mkdocs build` never
writes into site/ itself. The swap uses renameat2(RENAME_EXCHANGE) where Linux offers it,
so site/ is at every instant either the complete old tree or the complete new one.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

RENAME_EXCHANGE = 2
AT_FDCWD = -100


def build(root: Path, site: Path) -> int:
    scratch = root / ".site-build"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    fresh = scratch / "site"
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(fresh)]
    status = subprocess.call(mkdocs, cwd=root)
    if status != 0 or not (fresh / "index.html").exists():
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"publish: build failed; {site.name}/ was left as it was", file=sys.stderr)
        return status or 1
    swap(fresh, site)
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"publish: {site.name}/ replaced by the new build", file=sys.stderr)
    return 0


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
