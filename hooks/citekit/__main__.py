"""Command line: ``python -m citekit check|status|reviewed``.

- check [mkdocs.yml]           every integrity check, no HTML rendered; exit 1 on any error
- status [mkdocs.yml] [--json] the translation status of every page in every language, and how
                               many of its citations carry a passage (--json: translations only)
- reviewed PAGE...             record that a translation matches its English page as it is now
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .checks import check_project
from .config import load, project_of
from .diagnostics import report
from .translations import mark_reviewed, original_of


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="citekit")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="run every integrity check without building HTML")
    check.add_argument("config", nargs="?", default="mkdocs.yml", type=Path)
    status = sub.add_parser("status", help="translation status of every page")
    status.add_argument("config", nargs="?", default="mkdocs.yml", type=Path)
    status.add_argument("--json", action="store_true", help="print JSON instead of a table")
    reviewed = sub.add_parser("reviewed", help="mark translations as reviewed against their English page")
    reviewed.add_argument("pages", nargs="+", type=Path)
    reviewed.add_argument("--config", default="mkdocs.yml", type=Path)
    args = parser.parse_args(argv)
    project = project_of(load(args.config))
    if args.command == "reviewed":
        return _reviewed(project, args.pages)
    result = check_project(project)
    if args.command == "status":
        _status(result.status, args.json)
        if not args.json:
            _evidence(result.evidence(project))
        return 0
    count = report(result.diagnostics)
    if count:
        return 1
    print(f"citekit: {len(result.pages)} page(s) and {len(result.bib.sources)} source(s) checked, no errors",
          file=sys.stderr)
    return 0


def _reviewed(project, pages: list[Path]) -> int:
    for page in pages:
        language = project.language_of(page)
        original = original_of(page, language)
        if language == project.default_language or not original.exists() or not page.exists():
            print(f"{page}: not a translation with an English original", file=sys.stderr)
            return 1
        digest = mark_reviewed(page, original)
        print(f"{page}: marked as reviewed against {original} ({digest})")
    return 0


def _status(status: dict[str, dict[str, str]], as_json: bool) -> int:
    if as_json:
        print(json.dumps(status, indent=2, ensure_ascii=False, sort_keys=True))
        return 0
    languages = sorted({lang for row in status.values() for lang in row})
    width = max((len(page) for page in status), default=4)
    print(f"{'page':<{width}}  " + "  ".join(f"{lang:<10}" for lang in languages))
    for page, row in sorted(status.items()):
        print(f"{page:<{width}}  " + "  ".join(f"{row.get(lang, '-'):<10}" for lang in languages))
    return 0


def _evidence(coverage: dict[str, dict[str, dict[str, int]]]) -> None:
    languages = sorted({lang for row in coverage.values() for lang in row})
    width = max((len(page) for page in coverage), default=4)
    print(f"\n{'passages':<{width}}  " + "  ".join(f"{lang:<10}" for lang in languages))
    for page, row in sorted(coverage.items()):
        if not any(counts["citations"] for counts in row.values()):
            continue
        cells = [f"{row[lang]['with_passage']}/{row[lang]['citations']}" if lang in row else "-" for lang in languages]
        print(f"{page:<{width}}  " + "  ".join(f"{cell:<10}" for cell in cells))


if __name__ == "__main__":
    sys.exit(main())
