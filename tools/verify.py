"""`make verify`: does each source hold the exact words its citation quotes? (Opt-in: network.)

For every citation that carries a passage (``[@key, p. 5, "exact words"]``), the source is read
(its ``url``, else its ``archiveurl``; or, with ``--sources DIR``, the copy saved there as
``<key>.html``, ``<key>.pdf`` or ``<key>.txt``), its text extracted (HTML: the main text by
trafilatura, then the whole page's text; PDF: pypdf; plain text as is) and the passage looked for
after both are normalised (Unicode NFKC, case, whitespace, quotation marks, dashes, soft hyphens).
An ellipsis in a passage (``…`` or ``...``) stands for words left out: its pieces must occur in
order.

- ``EVD001`` passage not found, with the closest stretch the source does hold as the hint;
- ``EVD002`` source unreadable (no answer, an HTTP error, a content type with no text, no saved copy).

Passages are checked on the default-language pages: a translation carries the same passages
(the build's TRN006 check). Fetched text is cached under .cache/verify/ with the date it was
fetched (``--refresh`` fetches again). Fetching is `make linkcheck`'s (tools/fetching.py): polite,
bounded, with retries. A JSON report is written beside linkcheck's. Exit status 1 when a passage
is not found, else 0.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import sys
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from citekit import bibliography  # noqa: E402
from citekit.checks import check_project  # noqa: E402
from citekit.config import load, project_of  # noqa: E402
from citekit.diagnostics import Diagnostic, report  # noqa: E402
from tools import fetching  # noqa: E402
from tools.fetching import HostLimiter, Settings, follow, per_host  # noqa: E402

CACHE = Path(".cache") / "verify"
SAVED_SUFFIXES = (".html", ".htm", ".pdf", ".txt")
MAX_BYTES = 30 * 1024 * 1024
HINT_CHARS = 160

_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″〝〞＂"} | {c: "'" for c in "‘’‚‛‹›′`´"})
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")


@dataclass
class Quoted:
    """One citation item with a passage, where an author wrote it."""

    page: str
    line: int
    col: int
    key: str
    passage: str
    result: str = "unchecked"  # confirmed, failed, unreadable
    closest: str = ""
    score: float = 0.0


@dataclass
class Reading:
    """A source's text as read for this run."""

    key: str
    address: str = ""  # the url or saved file read
    origin: str = ""  # saved, cache, fetched
    fetched_at: str = ""
    http_status: int | None = None
    content_type: str = ""
    error: str = ""
    texts: list[str] = field(default_factory=list)  # normalised: main text first, then the whole


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text).translate(_QUOTES)
    text = _DASHES.sub("-", text)
    return _SPACE.sub(" ", text).strip().casefold()


def occurs(passage: str, text: str) -> bool:
    """Whether the normalised passage is in the normalised text, an ellipsis skipping words."""
    position = 0
    for piece in (p for p in _ELLIPSIS.split(passage) if p.strip()):
        found = text.find(piece.strip(), position)
        if found < 0:
            return False
        position = found + len(piece.strip())
    return True


def closest(passage: str, text: str) -> tuple[float, str]:
    """The stretch of text most like the passage, and how alike (0-100)."""
    from rapidfuzz import fuzz

    if not text:
        return 0.0, ""
    found = fuzz.partial_ratio_alignment(passage, text)
    if found is None:
        return 0.0, ""
    start = text.rfind(" ", 0, found.dest_start) + 1  # whole words at both ends
    end = text.find(" ", found.dest_end)
    return round(found.score, 1), text[start:end if end >= 0 else len(text)].strip()


# ---------------------------------------------------------------- reading a source

def extract(body: bytes, content_type: str, name: str = "") -> tuple[list[str], str]:
    """(texts, error): an HTML page's main text and its whole text, a PDF's text, plain text."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/pdf" or name.endswith(".pdf") or body[:5] == b"%PDF-":
        return _pdf_text(body)
    if kind in ("text/html", "application/xhtml+xml") or name.endswith((".html", ".htm")) \
            or (not kind and body.lstrip()[:1] == b"<"):
        return _html_texts(body)
    if kind.startswith("text/") or name.endswith(".txt") or not kind:
        return [body.decode(_charset(content_type), errors="replace")], ""
    return [], f"content type {kind} holds no text to read"


def _charset(content_type: str) -> str:
    found = re.search(r"charset=([\w-]+)", content_type, re.I)
    return found[1] if found else "utf-8"


def _html_texts(body: bytes) -> tuple[list[str], str]:
    import lxml.html
    import trafilatura

    main = trafilatura.extract(body, favor_recall=True, include_comments=False, include_tables=True) or ""
    try:
        document = lxml.html.fromstring(body)
        for element in document.xpath("//script|//style|//noscript|//template"):
            element.drop_tree()
        whole = document.text_content()
    except (ValueError, lxml.etree.ParserError):
        whole = ""
    texts = [t for t in (main, whole) if t.strip()]
    return texts, "" if texts else "no text could be extracted from the page"


def _pdf_text(body: bytes) -> tuple[list[str], str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(body))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        return [], f"the PDF cannot be read ({error})"
    return ([text], "") if text.strip() else ([], "the PDF holds no extractable text (a scan?)")


def read_saved(key: str, folder: Path) -> Reading:
    reading = Reading(key, origin="saved")
    for suffix in SAVED_SUFFIXES:
        path = folder / f"{key}{suffix}"
        if path.is_file():
            reading.address = str(path)
            texts, reading.error = extract(path.read_bytes(), "", path.name)
            reading.texts = [normalise(t) for t in texts]
            return reading
    reading.error = f"no saved copy {key}.html, {key}.pdf or {key}.txt in {folder}"
    return reading


def read_address(key: str, url: str, settings: Settings, limiter: HostLimiter, cache: Path,
                 refresh: bool) -> Reading:
    stored = cache / f"{hashlib.sha256(url.encode()).hexdigest()[:32]}.json"
    if stored.exists() and not refresh:
        try:
            data = json.loads(stored.read_text(encoding="utf-8"))
            return Reading(key, url, "cache", data["fetched_at"], data["http_status"], data["content_type"],
                           data["error"], data["texts"])
        except (ValueError, KeyError, TypeError):
            pass  # an unreadable cache entry is fetched again
    answer = follow(url, settings, limiter, head_first=False, limit=MAX_BYTES)
    reading = Reading(key, url, "fetched", datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
                      answer.status, answer.content_type)
    if answer.status is None or answer.error:
        reading.error = answer.error or "no answer"
    elif not 200 <= answer.status < 300:
        reading.error = f"HTTP {answer.status}"
    else:
        texts, reading.error = extract(answer.body, answer.content_type, url)
        reading.texts = [normalise(t) for t in texts]
    if reading.http_status is not None:  # a refused connection is not worth remembering
        cache.mkdir(parents=True, exist_ok=True)
        stored.write_text(json.dumps({k: v for k, v in asdict(reading).items() if k not in ("key", "origin")},
                                     ensure_ascii=False), encoding="utf-8")
    return reading


# ---------------------------------------------------------------- the run

def collect(config: Path):
    """The check result and every passage of the default-language pages."""
    project = project_of(load(config))
    result = check_project(project)
    quoted = []
    for shown, page in sorted(result.pages.items()):
        if project.language_of(project.root / shown) != project.default_language:
            continue
        for citation in page.citations:
            quoted.extend(Quoted(shown, item.line, item.col, item.key, item.passage)
                          for item in citation.items if item.passage)
    return project, result, quoted


def judge(quoted: list[Quoted], readings: dict[str, Reading], bib) -> list[Diagnostic]:
    diagnostics = []
    for item in quoted:
        source = bib.lookup(item.key)
        reading = readings.get(source.key if source else item.key)
        if reading is None or reading.error or not reading.texts:
            item.result = "unreadable"
            why = reading.error if reading else "the entry has no url or archiveurl"
            where = f" ({reading.address})" if reading and reading.address else ""
            diagnostics.append(Diagnostic(
                item.page, item.line, item.col, "EVD002", f"cannot read '{item.key}'{where}: {why}",
                "save a copy as <dir>/<key>.html, .pdf or .txt and run 'make verify SOURCES=<dir>'",
                severity="warning"))
            continue
        wanted = normalise(item.passage)
        if any(occurs(wanted, text) for text in reading.texts):
            item.result = "confirmed"
            continue
        item.result = "failed"
        item.score, item.closest = max(closest(wanted, text) for text in reading.texts)
        hint = (f"closest in the source ({item.score:g}% alike): \"{item.closest[:HINT_CHARS]}\""
                if item.closest else "the source's text has nothing like it")
        diagnostics.append(Diagnostic(
            item.page, item.line, item.col, "EVD001",
            f"the passage is not in '{item.key}' ({reading.address})", hint))
    return diagnostics


def addresses(keys: set[str], bib) -> dict[str, str]:
    """key -> the address to read: the url, else the archived copy."""
    found = {}
    for key in keys:
        source = bib.lookup(key)
        if source is None:
            continue
        for name in ("url", "archiveurl"):
            value = source.get(name).strip()
            if value and bibliography.safe_url(value):
                found[source.key] = value
                break
    return found


def write_report(path: Path, quoted: list[Quoted], readings: dict[str, Reading], counts: dict) -> None:
    data = {
        "checked_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "counts": counts,
        "sources": [{k: v for k, v in asdict(r).items() if k != "texts"} | {"characters": sum(map(len, r.texts))}
                    for _, r in sorted(readings.items())],
        "passages": [asdict(q) for q in quoted],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="verify", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the site's mkdocs.yml")
    parser.add_argument("--sources", type=Path, help="read saved copies <key>.html/.pdf/.txt from this folder "
                                                     "instead of fetching")
    parser.add_argument("--report", type=Path, default=Path("verify-report.json"), help="JSON report to write")
    parser.add_argument("--refresh", action="store_true", help="fetch again what .cache/verify/ holds")
    fetching.add_options(parser, timeout=20.0)
    args = parser.parse_args(argv)
    if not args.config.exists():
        print(f"verify: {args.config} not found", file=sys.stderr)
        return 2
    if args.sources is not None and not args.sources.is_dir():
        print(f"verify: {args.sources} is not a folder", file=sys.stderr)
        return 2
    project, result, quoted = collect(args.config)
    keys = {(result.bib.lookup(q.key).key if result.bib.lookup(q.key) else q.key) for q in quoted}
    if args.sources is not None:
        readings = {key: read_saved(key, args.sources) for key in sorted(keys)}
    else:
        settings = fetching.settings_of(args)
        limiter = HostLimiter(settings.interval)
        cache = project.root / CACHE
        wanted = addresses(keys, result.bib)
        by_url = per_host(sorted(set(wanted.values())),
                          lambda url: read_address("", url, settings, limiter, cache, args.refresh), args.workers)
        readings = {key: Reading(**{**asdict(by_url[url]), "key": key}) for key, url in wanted.items()}
    diagnostics = judge(quoted, readings, result.bib)
    counts = {status: sum(q.result == status for q in quoted) for status in ("confirmed", "unreadable", "failed")}
    write_report(args.report, quoted, readings, counts)
    report(diagnostics)
    if args.sources is None and readings and all(r.http_status is None for r in readings.values()):
        print("verify: no source answered at all: is this machine offline? "
              "Saved copies can be checked with 'make verify SOURCES=dir'", file=sys.stderr)
    print(f"verify: {len(quoted)} passage(s) from {len(keys)} source(s): {counts['confirmed']} confirmed, "
          f"{counts['unreadable']} could not be read, {counts['failed']} not found; report in {args.report}",
          file=sys.stderr)
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
