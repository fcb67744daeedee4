"""Each page's own check results, kept between runs and keyed by the page's text.

What a page says on its own (its scan, its front matter, its footnotes) depends only on its
text and on this code; the checks that read other files (keys against references.bib,
translations against their English page, the article catalogue) run every time. A page whose
text is unchanged is then not scanned again: ``make check`` after one edit, and each rebuild
of the preview, scan only what changed. Best effort: a cache that cannot be read or written
costs a scan, never a wrong answer.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic
from .scanner import PageScan

FILE = "pages.pickle"

# What a page's results depend on besides its text: the scanner and the page-local checks.
_CODE_STAMP = hashlib.sha256(b"".join(
    (Path(__file__).parent / name).read_bytes()
    for name in ("pagecache.py", "scanner.py", "checks.py", "diagnostics.py", "translations.py")
)).hexdigest()


@dataclass
class PageResult:
    scan: PageScan
    diagnostics: list[Diagnostic]  # the page's own: front matter, scan, footnotes
    front: tuple[str, object] | None = None  # (front matter, what it parses to), when it parses


@dataclass
class PageCache:
    folder: Path | None
    entries: dict[str, PageResult] = field(default_factory=dict)  # digest of (path, text) -> results
    used: set[str] = field(default_factory=set)
    changed: bool = False

    @classmethod
    def open(cls, folder: Path | None) -> "PageCache":
        cache = cls(folder)
        if folder is None:
            return cache
        try:
            with open(folder / FILE, "rb") as handle:
                stamp, entries = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return cache
        if stamp == _CODE_STAMP and isinstance(entries, dict):
            cache.entries = entries
        return cache

    @staticmethod
    def digest(shown: str, text: str) -> str:
        return hashlib.blake2b(f"{shown}\0{text}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def get(self, digest: str) -> PageResult | None:
        found = self.entries.get(digest)
        if found is not None:
            self.used.add(digest)
        return found

    def put(self, digest: str, result: PageResult) -> None:
        self.entries[digest] = result
        self.used.add(digest)
        self.changed = True

    def save(self) -> None:
        """Keep the results of the pages seen in this run (a removed or edited page's old text goes)."""
        if self.folder is None or not (self.changed or self.used != self.entries.keys()):
            return
        kept = {digest: self.entries[digest] for digest in self.used}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            scratch = self.folder / f".{FILE}.{os.getpid()}.tmp"
            scratch.write_bytes(pickle.dumps((_CODE_STAMP, kept), protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(scratch, self.folder / FILE)
        except OSError:
            pass
