"""What an article page, the article index and the tags page show, in the reader's language.

Plain data for the templates in ``overrides/partials/`` (article-header.html,
article-footer.html, listing.html). Addresses are site-relative (the templates pass them
through MkDocs' ``url`` filter); texts are plain strings the templates escape, except
``cite.html``, which the Formatter has already escaped.
"""

from __future__ import annotations

import datetime
import functools

from babel.dates import format_date

from .articles import TAGS_PAGE, Article, Catalog, Versioned, page_url, reading_minutes
from .bibliography import Bibliography
from . import exports
from .exports import DOWNLOADS, Site
from .formatting import Formatter, locale_data


@functools.lru_cache(maxsize=4096)  # Babel takes ~50 µs a date; every listing repeats the same dates
def day(value: datetime.date, lang: str) -> str:
    data = locale_data(lang)
    return format_date(value, data["dates"]["day"], locale=data["babel_locale"])


def tag_links(tags: list[str], catalog: Catalog, lang: str, default: str) -> list[dict]:
    """Each tag's label, linked to its section of the tags page when the site has one."""
    tags_page = page_url(TAGS_PAGE, lang, default)
    return [{"id": tag, "label": catalog.tags[tag][lang],
             "href": f"{tags_page}#tag-{tag}" if catalog.has_tags_page else ""} for tag in tags]


def article_view(article: Article, lang: str, catalog: Catalog, bib: Bibliography, formatter: Formatter,
                 site: Site, native_names: dict[str, str], default: str) -> dict:
    """Everything an article page adds around its text, for a reader of ``lang``."""
    words = locale_data(lang)["publication"]
    version = article.version(lang)
    rec = exports.record(article, version, catalog, site)
    cited = exports.cited_sources(article, bib)
    authors = [catalog.authors[a] for a in article.authors]
    pace = locale_data(version.lang)["publication"]["words_per_minute"]
    return {
        "byline": {
            "by": words["by"].format(authors=", ".join(a["name"][lang] for a in authors)),
            "published": words["published"].format(date=day(article.date, lang)),
            "date": article.date.isoformat(),
            "updated": words["updated"].format(date=day(article.updated, lang)) if article.updated else "",
            "updated_date": article.updated.isoformat() if article.updated else "",
            "reading_time": words["reading_time"].format(minutes=reading_minutes(version.words, pace)),
        },
        "corrections": corrections_of(article, lang),
        "tags": {"heading": words["tags"], "links": tag_links(article.tags, catalog, lang, default)},
        "also": {
            "heading": words["also_available"],
            "links": [{"lang": code, "name": native_names.get(code, code), "href": other.url}
                      for code, other in article.versions.items() if code != lang],
        },
        "authors": {"heading": words["about_authors"],
                    "people": [{"name": a["name"][lang], "bio": a["bio"][lang]} for a in authors]},
        "related": {
            "heading": words["related"],
            "items": [_summary(catalog.articles[other], lang, catalog, default) for other in article.related],
        },
        "cite": {
            "heading": words["cite_this"],
            "html": formatter.reference(exports.as_source(rec), form="note"),
            "download": words["download"],
            "files": [{"label": words["formats"][label], "href": f"{version.url}{article.slug}.{ext}",
                       "filename": f"{rec.key}.{ext}", "type": mime} for ext, mime, label in DOWNLOADS],
        },
        "meta": {
            "highwire": exports.highwire(rec, cited),
            "open_graph": exports.open_graph(rec, site, list(article.versions)),
            "json_ld": exports.json_ld(rec, cited, {code: site.absolute(v.url) for code, v in article.versions.items()},
                                       default, version.corrections),
        },
    }


def article_list_view(catalog: Catalog, lang: str, default: str) -> dict:
    words = locale_data(lang)["publication"]
    return {"kind": "articles", "empty": words["no_articles"],
            "items": [_summary(a, lang, catalog, default) for a in catalog.newest_first()]}


def corrections_of(page: Versioned, lang: str) -> dict:
    """A page's "Corrected" line and its list of corrections, newest first, for a reader of ``lang``."""
    words = locale_data(lang)["publication"]
    return {
        "corrected": words["corrected"].format(date=day(page.corrected, lang)) if page.corrected else "",
        "corrected_date": page.corrected.isoformat() if page.corrected else "",
        "heading": words["corrections"],
        "items": [{"date": c.date.isoformat(), "date_text": day(c.date, lang), "text": c.text, "lang": c.lang,
                   "anchor": c.anchor} for c in page.version(lang).corrections],
    }


def corrections_view(catalog: Catalog, lang: str, default: str) -> dict:
    """Every correction of every article, newest first, each linked to its article's list."""
    words = locale_data(lang)["publication"]
    return {"kind": "corrections", "empty": words["no_corrections"], "items": [
        {"title": page.version(lang).title, "href": f"{page_url(page.id, lang, default) or './'}#{c.anchor}",
         "lang": page.version(lang).lang, "date": c.date.isoformat(), "date_text": day(c.date, lang),
         "text": c.text, "text_lang": c.lang}
        for page, c in catalog.corrections(lang)]}


def tags_view(catalog: Catalog, lang: str, default: str) -> dict:
    return {"kind": "tags", "groups": [
        {"id": tag, "label": catalog.tags[tag][lang],
         "items": [_summary(a, lang, catalog, default) for a in articles]}
        for tag, articles in catalog.tagged().items()
    ]}


def _summary(article: Article, lang: str, catalog: Catalog, default: str) -> dict:
    version = article.version(lang)
    return {"title": version.title, "href": page_url(article.id, lang, default), "summary": version.summary,
            "date": article.date.isoformat(), "date_text": day(article.date, lang), "lang": version.lang,
            "tags": tag_links(article.tags, catalog, lang, default)}
