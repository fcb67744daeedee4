"""MkDocs hook: check every citation, footnote and source before building; render citations.

Thin by design: the logic lives in the ``citekit`` package beside this file, the build's
state in ``citekit.state.build``.
- on_startup:       note whether this is `mkdocs serve`, a preview.
- on_serve:         rebuild the preview when references.bib changes.
- on_config:        join the build, needing the citation checks; add the Markdown extension that
                    makes citations notes of the footnotes extension.
- on_files:         a dirty rebuild of the preview also writes each page whose problems,
                    references or translation status changed, not only the edited one.
- on_pre_build:     run every integrity check over all languages at once; stop before
                    anything is written to site/ when one fails (the last good site stays).
                    A preview builds anyway: each page shows its problems in a banner.
- on_env:           a preview keeps the compiled templates from one rebuild to the next.
- on_page_markdown: hand that extension the page's citations, the ones the checks found (no
                    second scan of the page): Markdown makes them numbered notes and adds the
                    notes and references, each linked to its place on the sources page.
- on_page_content:  on the sources page (\\full_bibliography), every source with each claim
                    that cites it.
- on_page_context:  what the templates in overrides/ show around the page: the translation
                    notice, the preview's problems, each language's version of the page.
- on_post_build:    the translation status and the evidence status (citations carrying a
                    passage) of every page, once.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from mkdocs.plugins import event_priority

from citekit import i18n
from citekit.checks import BIB_FILE
from citekit.formatting import locale_data
from citekit.preview import demote_footnote_backlink_warnings, problems_of
from citekit.articles import page_url
from citekit.render import note_anchor, render_markdown
from citekit.scanner import FULL_BIBLIOGRAPHY, mask
from citekit.sources import PLACEHOLDER as SOURCES_PLACEHOLDER
from citekit.sources import citations_by_source, relative, source_anchor, sources_html
from citekit.state import CITATIONS, build
from citekit.translations import STALE
from citekit.translations import original_of as translation_original


def on_startup(command: str, dirty: bool) -> None:
    build.start(command, dirty)
    if build.preview:
        demote_footnote_backlink_warnings()


def on_serve(server, config, builder):
    """Rebuild the preview when references.bib changes too (MkDocs watches only docs/ and mkdocs.yml)."""
    bib = Path(config.config_file_path).resolve().parent / BIB_FILE
    if bib.exists():
        server.watch(str(bib), recursive=False)
    return server


def on_config(config):
    build.join(config, CITATIONS)
    build.add_notes_extension(config)


def on_pre_build(config) -> None:
    build.check(config)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has given each file its language's address
def on_files(files, config):
    """A dirty rebuild of the preview writes the pages whose Markdown changed; also write each
    page whose problems, references or translation status changed (MkDocs writes a page again
    when its HTML is missing)."""
    if build.dirty and build.memory.rebuild:
        for file in files.documentation_pages():
            if file.abs_src_path:
                build.memory.clear(build.project.shown(Path(file.abs_src_path)), file.abs_dest_path)
    return files


def on_env(env, config, files):
    if build.preview:
        env.bytecode_cache = build.memory.templates
    return env


def on_page_markdown(markdown: str, page, config, files) -> str:
    lang = i18n.page_language(page, build.project.default_language)
    source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    result = build.result
    scanned, shift = result.scan_of(build.project.shown(source), source, markdown) if source else (None, 0)
    where = sources_url(config)
    source_href = (lambda key: relative(page.url, f"{where}#{source_anchor(key)}")) if where else None
    markdown, build.notes.page = render_markdown(markdown, result.bib, build.formatter(lang), scanned, shift,
                                                 source_href)
    if where and page.url == where and FULL_BIBLIOGRAPHY.search(mask(markdown)):
        markdown = _replace_command(markdown)
        citing = citations_by_source(build.project, result, build.reader_language(config))
        build.sources_html[page.file.dest_uri] = sources_html(citing, result, build.formatter(lang), page.url,
                                                              note_anchor)
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    listing = build.sources_html.pop(page.file.dest_uri, None)
    return html.replace(f"<p>{SOURCES_PLACEHOLDER}</p>", listing) if listing else html


def sources_url(config) -> str | None:
    """The site-relative address of the sources page in the language being built, if the site has one."""
    english = build.result.sources_page
    return page_url(english, build.reader_language(config), build.project.default_language) if english else None


def _replace_command(markdown: str) -> str:
    """The command's line (outside code) becomes the placeholder the listing replaces."""
    found = FULL_BIBLIOGRAPHY.search(mask(markdown))
    return f"{markdown[:found.start()]}\n{SOURCES_PLACEHOLDER}\n{markdown[found.end():]}"


def on_page_context(context, page, config, nav):
    source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    if build.problems:
        context["citekit_problems"] = problems_of(build.problems, build.project.shown(source) if source else None)
    if source is None:
        return context
    reader = build.reader_language(config)
    context["citekit_notice"] = translation_notice(page, reader,
                                                   i18n.page_language(page, build.project.default_language))
    context["citekit_alternates"] = alternates(page, config, reader)
    return context


def on_post_build(config) -> None:
    build.formatters = {}  # each language's formatted references: the next language has its own
    if build.reader_language(config) != build.project.default_language:
        return
    site_dir = Path(config.site_dir)
    (site_dir / "translation-status.json").write_text(
        json.dumps(build.result.status, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    (site_dir / "evidence-status.json").write_text(
        json.dumps(build.result.evidence(build.project), indent=2, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8")


def original_page(page) -> str:
    """The English page (as shown in diagnostics and the status report) this page translates or is."""
    project = build.project
    source = Path(page.file.abs_src_path)
    return project.shown(translation_original(source, project.language_of(source)))


def translation_notice(page, reader_language: str, content_language: str) -> dict | None:
    """The banner a reader sees: English shown in place of a missing translation, or a stale one."""
    default = build.project.default_language
    if reader_language == default:
        return None
    if content_language == reader_language:
        if build.result.status.get(original_page(page), {}).get(reader_language) != STALE:
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
        "original_language": default,
    }


def alternates(page, config, reader_language: str) -> list[dict] | None:
    """Each language's address of this page, and whether it is really translated there
    (read by the hreflang links and the language switcher)."""
    languages = config.extra.get("alternate") or []
    if not languages:
        return None
    default = build.project.default_language
    status = build.result.status.get(original_page(page), {})
    english_url = page.url.removeprefix(f"{reader_language}/") if reader_language != default else page.url
    label = locale_data(reader_language)["notices"]["fallback"]
    return [
        {
            **alt,
            "link": english_url if alt["lang"] == default else f"{alt['lang']}/{english_url}",
            "exists": alt["lang"] == default or status.get(alt["lang"], "missing") != "missing",
            "default": alt["lang"] == default,
            "fallback_label": label,
        }
        for alt in languages
    ]
