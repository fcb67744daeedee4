"""MkDocs hook: check every citation, footnote and source before building; render citations.

Thin by design: the logic lives in the ``citekit`` package beside this file.
- on_startup:       note whether this is `mkdocs serve`, a preview.
- on_serve:         rebuild the preview when references.bib changes.
- on_pre_build:     run every integrity check over all languages at once; stop before
                    anything is written to site/ when one fails (the last good site stays).
                    A preview builds anyway: each page shows its problems in a banner.
- on_page_markdown: turn [@key] citations into numbered notes, add notes and references; the
                    citations are the ones the checks found (no second scan of the page).
- on_page_content:  put the notes, in the footnotes extension's markup, and the formatted,
                    escaped reference text in place.
- on_post_page:     let go of what only the page's templates read.
"""

from __future__ import annotations

import json
import posixpath
import sys
from pathlib import Path

import markdown as python_markdown
from mkdocs.exceptions import PluginError

from citekit import state
from citekit.checks import BIB_FILE, check_project
from citekit.config import project_from_mkdocs_yml
from citekit.diagnostics import report
from citekit.formatting import Formatter, locale_data
from citekit.preview import demote_footnote_backlink_warnings, problems_by_file, problems_of
from citekit.render import NoteMarkup, RenderedPage, render_markdown, renumber_footnotes
from citekit.translations import STALE
from citekit.translations import original_of as translation_original

_state: dict = {"result": None, "formatters": {}, "pages": {}, "preview": False, "problems": {}, "markup": None}


def on_startup(command: str, dirty: bool) -> None:
    _state["preview"] = command == "serve"
    if _state["preview"]:
        demote_footnote_backlink_warnings()


def on_serve(server, config, builder):
    """Rebuild the preview when references.bib changes too (MkDocs watches only docs/ and mkdocs.yml)."""
    bib = Path(config.config_file_path).resolve().parent / BIB_FILE
    if bib.exists():
        server.watch(str(bib), recursive=False)
    return server


def on_pre_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a later language of the same build: everything was checked up front
    project = project_from_mkdocs_yml(Path(config.config_file_path))
    result = check_project(project)
    count = report(result.diagnostics)
    if count and not _state["preview"]:
        raise PluginError(f"{count} citation/footnote/bibliography error(s); the site was not built")
    if count:
        print(f"citekit: preview built anyway; each affected page shows its problems "
              f"('make site' stops on these {count} error(s))", file=sys.stderr)
    problems = problems_by_file(result.diagnostics, result.pages) if _state["preview"] else {}
    markup = NoteMarkup.learn(python_markdown.Markdown(extensions=config.markdown_extensions,
                                                       extension_configs=config.mdx_configs))
    _state.update(result=result, project=project, formatters={}, pages={}, problems=problems, markup=markup)
    state.result, state.project, state.checked = result, project, config


def on_page_markdown(markdown: str, page, config, files) -> str:
    lang = getattr(page.file, "locale", None) or _state["project"].default_language
    notice = translation_notice(page, config, lang)
    if notice:
        page.meta["citekit_notice"] = notice
    if _state["problems"]:
        source = page.file.abs_src_path
        page.meta["citekit_problems"] = problems_of(_state["problems"],
                                                    _state["project"].shown(Path(source)) if source else None)
    formatter = _state["formatters"].get(lang) or _state["formatters"].setdefault(lang, Formatter(lang))
    result = _state["result"]
    source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    scanned, shift = result.scan_of(_state["project"].shown(source), source, markdown) if source else (None, 0)
    markdown, rendered = render_markdown(markdown, result.bib, formatter, _state["markup"], scanned, shift)
    _state["pages"][page.file.dest_uri] = rendered
    return markdown


def original_page(page) -> str:
    """The English page (as shown in diagnostics and the status report) this page translates or is."""
    project = _state["project"]
    source = Path(page.file.abs_src_path)
    return project.shown(translation_original(source, project.language_of(source)))


def translation_notice(page, config, content_language: str) -> dict | None:
    """The banner a reader sees: English shown in place of a missing translation, or a stale one."""
    project = _state["project"]
    reader_language = state.reader_language(config)
    if reader_language == project.default_language:
        return None
    if content_language == reader_language:
        if _state["result"].status.get(original_page(page), {}).get(reader_language) != STALE:
            return None
        kind = "stale"
    else:
        kind = "untranslated"
    texts = locale_data(reader_language)["notices"]
    english_url = page.url.removeprefix(f"{reader_language}/")
    href = posixpath.relpath("/" + english_url, "/" + posixpath.dirname(page.url.rstrip("/") + "/x"))
    return {
        "kind": kind,
        "title": texts["title"],
        "text": texts[kind],
        "link": texts["link"],
        "href": href if href.endswith("/") or href.endswith(".html") else href + "/",
        "original_language": project.default_language,
    }


def on_page_context(context, page, config, nav):
    """Each language's address of this page, and whether it is really translated there
    (read by the hreflang links and the language switcher in overrides/)."""
    alternates = config.extra.get("alternate") or []
    project = _state["project"]
    if not alternates or page.file.abs_src_path is None:
        return context
    status = _state["result"].status.get(original_page(page), {})
    reader_language = state.reader_language(config)
    english_url = page.url.removeprefix(f"{reader_language}/") if reader_language != project.default_language \
        else page.url
    label = locale_data(reader_language)["notices"]["fallback"]
    page.meta["citekit_alternates"] = [
        {
            **alt,
            "link": english_url if alt["lang"] == project.default_language else f"{alt['lang']}/{english_url}",
            "exists": alt["lang"] == project.default_language or status.get(alt["lang"], "missing") != "missing",
            "default": alt["lang"] == project.default_language,
            "fallback_label": label,
        }
        for alt in alternates
    ]
    return context


def on_post_page(output: str, page, config) -> str:
    """The page is written: what only its templates read is let go (every page stays alive
    until the end of a multi-language build)."""
    for key in ("citekit_alternates", "citekit_notice", "citekit_problems"):
        page.meta.pop(key, None)
    return output


def on_post_build(config) -> None:
    _state["formatters"] = {}  # each language's formatted references: the next language has its own
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "current_language", None) != i18n.default_language:
        return
    status = _state["result"].status
    site_dir = Path(config.site_dir)
    (site_dir / "translation-status.json").write_text(
        json.dumps(status, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def on_page_content(html: str, page, config, files) -> str:
    rendered: RenderedPage | None = _state["pages"].pop(page.file.dest_uri, None)
    return renumber_footnotes(rendered.fill_html(html) if rendered else html)
