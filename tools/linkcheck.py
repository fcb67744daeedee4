"""`make linkcheck`: is every external address of the project still alive? (Opt-in: needs the network.)

Reads every url, archiveurl and doi of references.bib and every http(s) link of docs/**/*.md
(Markdown links, autolinks, reference definitions and raw-HTML href/src; code, comments and
front matter are skipped), checks each address once, and writes a JSON report: status per
address, the redirect chain and final address, and who cites it (bib entries and the pages
citing them, pages linking it directly).

How it asks, to be fast but polite: at most --workers requests at a time; the addresses of one
host are asked one after another, each request to a host at least --per-host-interval seconds
after the previous one (redirect hops and retries included); each request gives up after
--timeout seconds; 5xx, 429, timeouts and refused connections are retried --retries times with
exponential backoff. HEAD first, GET when HEAD is refused. Redirects are followed by hand
(up to 10) so that every hop is recorded.

Exit status: 0 when every address answers, 1 when one is dead (4xx, 5xx or no answer after the
retries), except a source whose bib entry already has a live archived copy (archiveurl): the
reference list shows that copy, so it is reported but does not fail the run. 2 on bad usage.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from citekit import bibliography  # noqa: E402
from citekit.checks import BIB_FILE, check_project  # noqa: E402
from citekit.config import load, project_of  # noqa: E402
from citekit.diagnostics import Diagnostic, position, report  # noqa: E402
from citekit.scanner import mask  # noqa: E402
from tools import fetching  # noqa: E402
from tools.fetching import Hop, HostLimiter, Settings, follow, per_host  # noqa: E402

BIB_URL_FIELDS = ("url", "archiveurl")
WAYBACK = "https://web.archive.org/web/*/{url}"

# External links in Markdown: [text](url "title"), <url>, [ref]: url, and raw HTML href/src.
_LINK_PATTERNS = (
    re.compile(r"\]\(\s*<?(?P<url>https?://[^\s)>]+)"),
    re.compile(r"<(?P<url>https?://[^\s>]+)>"),
    re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?(?P<url>https?://\S+?)>?(?:\s|$)", re.M),
    re.compile(r"""\b(?:href|src)\s*=\s*["']?(?P<url>https?://[^\s"'>]+)""", re.I),
)


@dataclass
class Citer:
    """One place that holds an address."""

    file: str
    line: int
    col: int = 1
    entry: str = ""  # bib key, for addresses of references.bib
    field: str = ""  # url, archiveurl or doi
    pages: list[str] = dataclasses.field(default_factory=list)  # pages citing the bib entry


@dataclass
class Result:
    url: str
    status: str = "unchecked"  # ok, redirected, dead
    http_status: int | None = None
    final_url: str = ""
    redirects: list[Hop] = dataclasses.field(default_factory=list)
    error: str = ""
    attempts: int = 0
    method: str = ""
    cited_by: list[Citer] = dataclasses.field(default_factory=list)


# ---------------------------------------------------------------- collecting the addresses

def collect(config: Path) -> dict[str, list[Citer]]:
    """Address -> every place citing it (bib fields, with the pages citing the entry; pages)."""
    project = project_of(load(config))
    result = check_project(project)
    citing: dict[str, list[str]] = defaultdict(list)
    for page, scan in result.pages.items():
        for key in dict.fromkeys(k.lower() for k in scan.keys()):
            citing[key].append(page)
    found: dict[str, list[Citer]] = defaultdict(list)
    bib_path = project.root / BIB_FILE
    bib_text = bib_path.read_text(encoding="utf-8") if bib_path.exists() else ""
    shown_bib = project.shown(bib_path)
    for source in result.bib.sources.values():
        pages = sorted(citing.get(source.key.lower(), []))
        for name in (*BIB_URL_FIELDS, "doi"):
            value = source.get(name).strip()
            if not value:
                continue
            url = f"https://doi.org/{value}" if name == "doi" else value
            if not bibliography.safe_url(url):
                continue  # reported by the build as BIB005/BIB006
            line = _field_line(bib_text, source.line, name)
            found[url].append(Citer(shown_bib, line, 1, source.key, name, pages))
    for path in project.pages:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the build as SRC001
        for offset, url in page_links(text):
            line, col = position(text, offset)
            found[url].append(Citer(project.shown(path), line, col))
    return dict(found)


def page_links(text: str) -> list[tuple[int, str]]:
    """(offset, address) of every external link of a Markdown page, outside code and comments."""
    prose = mask(text)
    seen: dict[int, str] = {}
    for pattern in _LINK_PATTERNS:
        for match in pattern.finditer(prose):
            seen.setdefault(match.start("url"), match["url"].rstrip(".,;"))
    return sorted(seen.items())


def _field_line(text: str, entry_line: int, name: str) -> int:
    lines = text.splitlines()
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*=", re.I)
    for number in range(entry_line - 1, len(lines)):
        if number > entry_line - 1 and lines[number].lstrip().startswith("@"):
            break
        if pattern.match(lines[number]):
            return number + 1
    return entry_line


# ---------------------------------------------------------------- asking, politely

def check(url: str, settings: Settings, limiter: HostLimiter) -> Result:
    answer = follow(url, settings, limiter)
    result = Result(url, http_status=answer.status, final_url=answer.final_url, redirects=answer.redirects,
                    error=answer.error, attempts=answer.attempts, method=answer.method)
    alive = result.http_status is not None and 200 <= result.http_status < 300 and not result.error
    result.status = ("redirected" if result.redirects else "ok") if alive else "dead"
    return result


def check_all(urls: list[str], settings: Settings, workers: int) -> dict[str, Result]:
    """Every address once; one host's addresses in turn, several hosts at once."""
    limiter = HostLimiter(settings.interval)
    return per_host(urls, lambda url: check(url, settings, limiter), workers)


# ---------------------------------------------------------------- report

def archived_copy(results: dict[str, Result], citer: Citer, addresses: dict[str, list[Citer]]) -> str:
    """The live archived copy of the bib entry this citer belongs to, if it has one."""
    for url, citers in addresses.items():
        for other in citers:
            if other.entry == citer.entry and other.field == "archiveurl" and citer.entry:
                live = results.get(url)
                return url if live and live.status != "dead" else ""
    return ""


def summarize(results: dict[str, Result], addresses: dict[str, list[Citer]]) -> tuple[list[Diagnostic], int]:
    """One LNK003 per place citing a dead address (a note when an archived copy covers it);
    the number of dead addresses that fail the run."""
    diagnostics, failing = [], 0
    for url, result in sorted(results.items()):
        if result.status != "dead":
            continue
        why = f"HTTP {result.http_status}" if result.http_status else result.error
        fails = False
        for citer in result.cited_by:
            archive = archived_copy(results, citer, addresses) if citer.field == "url" else ""
            if citer.entry:
                cited = f" (cited on {', '.join(citer.pages)})" if citer.pages else ""
                message = f"entry '{citer.entry}': {citer.field} {url} is dead: {why}{cited}"
                if archive:
                    hint = f"the reference list shows the archived copy {archive}"
                elif citer.field == "archiveurl":
                    hint = "the archived copy itself does not answer: find another snapshot"
                else:
                    hint = (f"add an archived copy: archiveurl = {{...}} and archivedate = {{YYYY-MM-DD}}; "
                            f"look for snapshots at {WAYBACK.format(url=url)}")
            else:
                message = f"link {url} is dead: {why}"
                hint = f"replace the link or point it at an archived copy ({WAYBACK.format(url=url)})"
            severity = "note" if archive else "error"
            fails = fails or severity == "error"
            diagnostics.append(Diagnostic(citer.file, citer.line, citer.col, "LNK003", message, hint, severity))
        failing += fails
    return diagnostics, failing


def write_report(path: Path, results: dict[str, Result], settings: Settings) -> None:
    counts = defaultdict(int)
    for result in results.values():
        counts[result.status] += 1
    data = {
        "checked_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "settings": asdict(settings),
        "counts": dict(sorted(counts.items())),
        "urls": [asdict(results[url]) for url in sorted(results)],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="linkcheck", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the site's mkdocs.yml")
    parser.add_argument("--report", type=Path, default=Path("linkcheck-report.json"), help="JSON report to write")
    fetching.add_options(parser, timeout=10.0)
    args = parser.parse_args(argv)
    if not args.config.exists():
        print(f"linkcheck: {args.config} not found", file=sys.stderr)
        return 2
    settings = fetching.settings_of(args)
    addresses = collect(args.config)
    print(f"linkcheck: {len(addresses)} address(es) on "
          f"{len({urlsplit(u).netloc.lower() for u in addresses})} host(s)", file=sys.stderr)
    results = check_all(list(addresses), settings, args.workers)
    for url, citers in addresses.items():
        results[url].cited_by = citers
    write_report(args.report, results, settings)
    diagnostics, failing = summarize(results, addresses)
    report(diagnostics)
    for url, result in sorted(results.items()):
        if result.status == "redirected":
            print(f"redirected: {url} -> {result.final_url}", file=sys.stderr)
    counts = {status: sum(r.status == status for r in results.values()) for status in ("ok", "redirected", "dead")}
    if results and all(r.http_status is None and not r.redirects for r in results.values()):
        print("linkcheck: no address answered at all: is this machine offline (or behind a proxy)?",
              file=sys.stderr)
    print(f"linkcheck: {counts['ok']} ok, {counts['redirected']} redirected, {counts['dead']} dead; "
          f"report in {args.report}", file=sys.stderr)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
