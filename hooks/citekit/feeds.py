"""One Atom feed per language: the articles a reader of that language finds, newest first.

Dates come from the articles' front matter, never from the clock, so two builds of the same
commit write the same bytes. ElementTree does the XML escaping.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .articles import Catalog
from .exports import Site

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def feed_path(lang: str, default: str) -> str:
    """Site-relative address of a language's feed."""
    return FEED_FILE if lang == default else f"{lang}/{FEED_FILE}"


def atom(catalog: Catalog, lang: str, default: str, site: Site, title: str, subtitle: str,
         correction_title: str = "{title}") -> bytes:
    """The language's feed: its articles, then each correction as an entry of its own."""
    ET.register_namespace("", ATOM)
    articles = catalog.newest_first()
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    _text(feed, "title", title)
    _text(feed, "subtitle", subtitle)
    _text(feed, "id", site.absolute(feed_path(lang, default)))
    home = "" if lang == default else f"{lang}/"
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml",
                                            "href": site.absolute(feed_path(lang, default))})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                            "href": site.absolute(home)})
    corrections = catalog.corrections(lang)
    newest = max([*(a.updated or a.date for a in articles), *(c.date for _, c in corrections)], default=None)
    _text(feed, "updated", _timestamp(newest) if newest else "1970-01-01T00:00:00Z")
    for article in articles:
        version = article.version(lang)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry", {XML_LANG: version.lang})
        _text(entry, "title", version.title)
        _text(entry, "id", site.absolute(version.url))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                                 "href": site.absolute(version.url)})
        _text(entry, "published", _timestamp(article.date))
        _text(entry, "updated", _timestamp(article.updated or article.date))
        for author in article.authors:
            _text(ET.SubElement(entry, f"{{{ATOM}}}author"), "name", catalog.authors[author]["name"][lang])
        for tag in article.tags:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": tag, "label": catalog.tags[tag][lang]})
        _text(entry, "summary", version.summary)
    for article, correction in corrections:
        version = article.version(lang)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry", {XML_LANG: correction.lang})
        _text(entry, "title", correction_title.format(title=version.title))
        address = f"{site.absolute(version.url)}#{correction.anchor}"
        _text(entry, "id", address)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": address})
        _text(entry, "published", _timestamp(correction.date))
        _text(entry, "updated", _timestamp(correction.date))
        _text(entry, "summary", correction.text)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = value
    return element


def _timestamp(day) -> str:
    return f"{day.isoformat()}T00:00:00Z"
