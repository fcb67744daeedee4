"""MkDocs hook: check every citation, footnote and source before building; render citations.

Thin by design: the logic lives in the ``citekit`` package beside this file.
- on_pre_build:     run every integrity check over all languages at once; stop before
                    anything is written to site/ when one fails (the last good site stays).
- on_page_markdown: turn [@key] citations into numbered footnotes, add notes and references.
- on_page_content:  put the formatted, escaped reference text in place.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from citekit.checks import check_project
from citekit.config import project_from_mkdocs_yml
from citekit.diagnostics import report
from citekit.formatting import Formatter
from citekit.render import RenderedPage, render_markdown

_state: dict = {"result": None, "formatters": {}, "pages": {}}


def on_pre_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a later language of the same build: everything was checked up front
    project = project_from_mkdocs_yml(Path(config.config_file_path))
    result = check_project(project)
    count = report(result.diagnostics)
    if count:
        raise PluginError(f"{count} citation/footnote/bibliography error(s); the site was not built")
    _state.update(result=result, project=project, formatters={}, pages={})


def on_page_markdown(markdown: str, page, config, files) -> str:
    lang = getattr(page.file, "locale", None) or _state["project"].default_language
    formatter = _state["formatters"].setdefault(lang, Formatter(lang))
    markdown, rendered = render_markdown(markdown, _state["result"].bib, formatter)
    _state["pages"][page.file.dest_uri] = rendered
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    rendered: RenderedPage | None = _state["pages"].pop(page.file.dest_uri, None)
    return rendered.fill_html(html) if rendered else html
