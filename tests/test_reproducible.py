"""Two `make site` builds of the same commit give byte-identical site/ trees.

The real project is built twice by tools/publish.py, from two copies of this working tree
committed with the same commit time, with nothing else in common: different folders,
hash seeds, time zones 26 hours apart (so "today" is a different calendar day for each) and
a clock (time.time, date.today) running a day ahead in one of them. SOURCE_DATE_EPOCH is left unset, as in
`make site`: the publisher must take it from the commit.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import ROOT

COMMIT_TIME = 1_000_000_000  # 2001-09-09 01:46:40 UTC: far from any wall clock the test runs under

# Loaded by every Python process of one build (also mkdocs, started by the publisher).
CLOCK_AHEAD = '''
import time
_ahead = 86_400
_time, _time_ns = time.time, time.time_ns
time.time = lambda: _time() + _ahead
time.time_ns = lambda: _time_ns() + _ahead * 10**9
'''


def project_copy(destination: Path) -> Path:
    """This working tree's files (what `make site` would build), committed at COMMIT_TIME."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    stamp = f"@{COMMIT_TIME} +0000"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-gpg-sign", "-m", "snapshot"]):
        subprocess.run(["git", *command], cwd=destination, env=env, check=True, capture_output=True)
    return destination


def start_publish(root: Path, *, hash_seed: str, tz: str, clock_ahead: bool) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    path = [str(root)]
    if clock_ahead:
        shim = root.parent / "clock-ahead"
        shim.mkdir()
        (shim / "sitecustomize.py").write_text(CLOCK_AHEAD, encoding="utf-8")
        path.insert(0, str(shim))
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED=hash_seed, TZ=tz,
               PYTHONPATH=os.pathsep.join(path))
    return subprocess.Popen([sys.executable, "-m", "tools.publish"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def explain(name: str, a: bytes | None, b: bytes | None) -> str:
    if a is None or b is None:
        return f"{name}: only in the {'second' if a is None else 'first'} build"
    if name.endswith(".gz"):
        header = f"gzip mtime {int.from_bytes(a[4:8], 'little')} vs {int.from_bytes(b[4:8], 'little')}"
        a, b = gzip.decompress(a), gzip.decompress(b)
        if a == b:
            return f"{name}: same content, {header}"
    try:
        lines = difflib.unified_diff(a.decode().splitlines(), b.decode().splitlines(), lineterm="", n=0)
        return f"{name}:\n" + "\n".join(list(lines)[2:12])
    except UnicodeDecodeError:
        return f"{name}: binary, sha256 {hashlib.sha256(a).hexdigest()[:12]} vs {hashlib.sha256(b).hexdigest()[:12]}"


@pytest.mark.slow
def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path):
    first = project_copy(tmp_path / "one" / "iskp")
    second = project_copy(tmp_path / "two" / "elsewhere")
    # Local time: UTC+14 with the clock a day ahead against UTC-12, never the same calendar day.
    runs = [start_publish(first, hash_seed="1", tz="Pacific/Kiritimati", clock_ahead=True),
            start_publish(second, hash_seed="2", tz="Etc/GMT+12", clock_ahead=False)]
    for run in runs:
        output, _ = run.communicate(timeout=300)
        assert run.returncode == 0, output

    a, b = tree(first / "site"), tree(second / "site")
    assert "ru/index.html" in a and "sitemap.xml.gz" in a and "search/search_index.json" in a
    differing = sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))
    assert not differing, "the two builds differ:\n" + "\n".join(explain(n, a.get(n), b.get(n)) for n in differing)

    # The date both builds stamp is the commit's, not either wall clock's.
    commit_day = datetime.fromtimestamp(COMMIT_TIME, timezone.utc).date().isoformat()
    sitemap = a["sitemap.xml"].decode()
    stamped = sorted(set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)))
    assert stamped == [commit_day], f"sitemap dates {stamped}, expected the commit's day {commit_day}"
    assert gzip.decompress(a["sitemap.xml.gz"]) == a["sitemap.xml"]
