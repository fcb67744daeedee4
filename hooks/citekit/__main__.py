"""``python -m citekit check [mkdocs.yml]``: every integrity check, no HTML rendered."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .checks import check_project
from .config import project_from_mkdocs_yml
from .diagnostics import report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="citekit")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="run every integrity check without building HTML")
    check.add_argument("config", nargs="?", default="mkdocs.yml", type=Path)
    args = parser.parse_args(argv)
    project = project_from_mkdocs_yml(args.config)
    result = check_project(project)
    count = report(result.diagnostics)
    if count:
        return 1
    print(f"citekit: {len(result.pages)} page(s) and {len(result.bib.sources)} source(s) checked, no errors",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
