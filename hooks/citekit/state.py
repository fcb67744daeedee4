"""The checks' findings for the build in progress, shared by the hook modules.

hooks/citations.py runs the checks once per build (before the first language) and records
them here; hooks/articles.py reads the article catalogue from the same result instead of
reading every page again.
"""

from __future__ import annotations

result = None  # citekit.checks.CheckResult of the current build
project = None  # citekit.checks.Project
checked = None  # the MkDocs config whose build hooks/citations.py has checked (it reads the articles too)


def reader_language(config) -> str:
    """The language whose site is being built (mkdocs-static-i18n builds each in turn)."""
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or project.default_language
