"""MkDocs hook: articles as first-class pages, in every language.

Thin by design: the catalogue is built and validated with the checks (citekit.articles) and
shared through citekit.state; what each page shows is plain data from citekit.views, drawn
by the templates in overrides/partials/.
- on_pre_build:    a site built without hooks/citations.py (which reads the catalogue with its
                   checks) gets the catalogue here: articles need no citations.
- on_page_markdown: front-matter text is untrusted: the title is escaped once here, because
                   Material prints page.title unescaped (<title>, header, nav, footer).
- on_page_context: byline, tags, also-available-in, related articles, cite-this and head
                   metadata for an article; the list for the article index and tags pages;
                   the feed link for every page.
- on_post_page:    let go of the page's article view once the page is written.
- on_post_build:   each article's BibTeX, RIS and CSL-JSON files and the language's Atom feed.
"""

from __future__ import annotations

import html
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from citekit import state
from citekit.checks import check_articles
from citekit.config import project_from_mkdocs_yml
from citekit.diagnostics import report
from citekit.exports import WRITERS, Site, record
from citekit.feeds import atom, feed_path
from citekit.formatting import Formatter, locale_data
from citekit.translations import original_of
from citekit.views import article_list_view, article_view, corrections_view, tags_view

LISTINGS = {"articles": article_list_view, "tags": tags_view, "corrections": corrections_view}


def native_names(config) -> dict[str, str]:
    return {alt["lang"]: alt["name"] for alt in config.extra.get("alternate") or []}


def site_of(config) -> Site:
    url = config.site_url or "/"
    return Site(config.site_name, url if url.endswith("/") else url + "/")


@event_priority(-50)  # after hooks/citations.py's on_pre_build, when the site has it
def on_pre_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if state.checked is config or (i18n is not None and getattr(i18n, "building", False)):
        return  # checked with everything else, or a later language of the same build
    project = project_from_mkdocs_yml(Path(config.config_file_path))
    result = check_articles(project)
    count = report(result.diagnostics)
    if count:
        raise PluginError(f"{count} article error(s); the site was not built")
    state.result, state.project = result, project


def on_page_markdown(markdown: str, page, config, files) -> str:
    title = page.meta.get("title")
    if isinstance(title, str):
        page.meta["title"] = html.escape(title, quote=True)
    return markdown


def on_page_context(context, page, config, nav):
    if state.result is None or page.file.abs_src_path is None:
        return context
    project, catalog = state.project, state.result.catalog
    lang = state.reader_language(config)
    default = project.default_language
    words = locale_data(lang)["publication"]
    page.meta["citekit_feed"] = {"href": feed_path(lang, default), "title": words["feed_link"]}
    source = Path(page.file.abs_src_path)
    english = original_of(source, project.language_of(source))
    article = catalog.articles.get(english.relative_to(project.docs_dir).as_posix()) \
        if english.is_relative_to(project.docs_dir) else None
    if article is not None:
        page.meta["citekit_article"] = article_view(article, lang, catalog, state.result.bib, Formatter(lang),
                                                    site_of(config), native_names(config), default)
    listing = page.meta.get("listing")
    if listing in LISTINGS:
        page.meta["citekit_listing"] = LISTINGS[listing](catalog, lang, default)
    return context


def on_post_page(output: str, page, config) -> str:
    """The page is written: its article view is let go (every page stays alive until the end
    of a multi-language build)."""
    for key in ("citekit_article", "citekit_listing", "citekit_feed"):
        page.meta.pop(key, None)
    return output


def on_post_build(config) -> None:
    if state.result is None:
        return
    project, catalog = state.project, state.result.catalog
    lang = state.reader_language(config)
    site = site_of(config)
    site_dir = Path(config.site_dir)
    for article in catalog.articles.values():
        version = article.versions.get(lang)
        if version is None:
            continue  # a fallback page: its cite-this links to the English files
        rec = record(article, version, catalog, site)
        folder = site_dir / version.url
        folder.mkdir(parents=True, exist_ok=True)
        for extension, write in WRITERS.items():
            (folder / f"{article.slug}.{extension}").write_text(write(rec), encoding="utf-8", newline="")
    words = locale_data(lang)["publication"]
    feed = site_dir / feed_path(lang, project.default_language)
    feed.parent.mkdir(parents=True, exist_ok=True)
    feed.write_bytes(atom(catalog, lang, project.default_language, site,
                          words["feed_title"].format(site=config.site_name), config.site_description or "",
                          words["correction_entry"]))
