"""MkDocs hook: articles as first-class pages, in every language.

Thin by design: the catalogue is built and validated with the checks (citekit.articles) and
read from the build's state (citekit.state.build); what each page shows is plain data from
citekit.views, drawn by the templates in overrides/partials/.
- on_config:       join the build, needing the article checks (a site built without
                   hooks/citations.py gets them alone: articles need no citations).
- on_pre_build:    run the build's checks, if no other hook has yet.
- on_page_markdown: front-matter text is untrusted: the title is escaped once here, because
                   Material prints page.title unescaped (<title>, header, nav, footer).
- on_page_context: byline, tags, also-available-in, related articles, cite-this and head
                   metadata for an article; the list for the article index and tags pages;
                   the feed link for every page (template variables citekit_*).
- on_post_build:   each article's BibTeX, RIS and CSL-JSON files and the language's Atom feed
                   (a dirty rebuild of the preview: the files of the articles written again).
"""

from __future__ import annotations

import html
from pathlib import Path

from citekit.exports import WRITERS, Site, record
from citekit.feeds import atom, feed_path
from citekit.formatting import Formatter, locale_data
from citekit.state import ARTICLES, build
from citekit.translations import original_of
from citekit.views import article_list_view, article_view, corrections_of, corrections_view, tags_view

LISTINGS = {"articles": article_list_view, "tags": tags_view, "corrections": corrections_view}


def native_names(config) -> dict[str, str]:
    return {alt["lang"]: alt["name"] for alt in config.extra.get("alternate") or []}


def site_of(config) -> Site:
    url = config.site_url or "/"
    return Site(config.site_name, url if url.endswith("/") else url + "/")


def on_config(config):
    build.join(config, ARTICLES)


def on_pre_build(config) -> None:
    build.check(config)


def on_page_markdown(markdown: str, page, config, files) -> str:
    title = page.meta.get("title")
    if isinstance(title, str):
        page.meta["title"] = html.escape(title, quote=True)
    return markdown


def on_page_context(context, page, config, nav):
    if build.result is None or page.file.abs_src_path is None:
        return context
    project, catalog = build.project, build.result.catalog
    lang = build.reader_language(config)
    default = project.default_language
    words = locale_data(lang)["publication"]
    context["citekit_feed"] = {"href": feed_path(lang, default), "title": words["feed_link"]}
    source = Path(page.file.abs_src_path)
    english = original_of(source, project.language_of(source))
    relative = english.relative_to(project.docs_dir).as_posix() if english.is_relative_to(project.docs_dir) else None
    article = catalog.articles.get(relative)
    if article is not None:
        context["citekit_article"] = article_view(article, lang, catalog, build.result.bib, Formatter(lang),
                                                  site_of(config), native_names(config), default)
    elif relative in catalog.corrected_pages:
        context["citekit_corrections"] = corrections_of(catalog.corrected_pages[relative], lang)
    listing = page.meta.get("listing")
    if listing in LISTINGS:
        context["citekit_listing"] = LISTINGS[listing](catalog, lang, default)
    return context


def on_post_build(config) -> None:
    if build.result is None:
        return
    project, catalog = build.project, build.result.catalog
    lang = build.reader_language(config)
    site = site_of(config)
    site_dir = Path(config.site_dir)
    for article in catalog.articles.values():
        version = article.versions.get(lang)
        if version is None:
            continue  # a fallback page: its cite-this links to the English files
        if build.partial and f"{version.url}index.html" not in build.sources:
            continue  # a dirty rebuild of the preview: only the articles written again
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
