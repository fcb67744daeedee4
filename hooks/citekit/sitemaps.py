"""Sitemaps with the site's hreflang links, one at the site root and one at each language's root.

The language versions of a page are announced in the sitemap (absolute addresses, as search
engines require), not in each page's <head>: Material's scripts fetch ``sitemap.xml`` beside
every ``<link rel=alternate>`` of a page (to map the language switcher's links), so a page with
three hreflang links asked for three sitemaps that do not exist, beside each of its
translations. What those scripts still fetch is ``sitemap.xml`` at the language's root (beside
the language's feed, and at the search ``base``), hence one sitemap at each language's root,
listing that language's pages (a sitemap may list only addresses under its own folder).

mkdocs-static-i18n writes the root sitemap with every language's address of every page,
translated or not. Rewritten here: a language's copy of an untranslated page (the English text
shown under /tr/) is neither listed nor announced as a translation, and each page names its
English original as ``x-default``.
"""

from __future__ import annotations

import copy
import gzip
import posixpath
from pathlib import Path

from lxml import etree

from .search import Language

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
_URL, _LOC, _LINK = f"{{{SITEMAP_NS}}}url", f"{{{SITEMAP_NS}}}loc", f"{{{XHTML_NS}}}link"


def source_candidates(path: str) -> tuple[str, str]:
    """The Markdown files a directory-style address (relative to a language root) comes from."""
    stem = path.strip("/")
    if not stem:
        return ("docs/index.md", "docs/index.md")
    return (f"docs/{stem}.md", f"docs/{stem}/index.md")


class Site:
    """Where each address of the site belongs: its language and its page, by ``site_url``."""

    def __init__(self, site_url: str, languages: list[Language], status: dict[str, dict[str, str]]):
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.languages = languages
        self.status = status

    def place(self, address: str) -> tuple[Language, str] | None:
        """(language, path below the language's root) of an address of this site, else None."""
        if not address.startswith(self.site_url):
            return None
        path = address[len(self.site_url):]
        rooted = [lang for lang in self.languages if lang.root and path.startswith(lang.root)]
        language = max(rooted, key=lambda lang: len(lang.root)) if rooted else self.languages[0]
        return language, path[len(language.root):]

    def translated(self, address: str) -> bool:
        """False for a language's copy of a page that has no translation in that language."""
        placed = self.place(address)
        if placed is None or placed[0] == self.languages[0]:
            return True
        language, path = placed
        for source in source_candidates(path):
            if source in self.status:
                return self.status[source].get(language.code, "missing") != "missing"
        return True  # a page the checks do not know (no translation status): listed as built

    def address(self, language: Language, path: str) -> str:
        return self.site_url + language.root + path


def rewrite(sitemap: bytes, site: Site) -> dict[str, bytes]:
    """The root sitemap and each language root's (keyed by the root: "", "tr/", ...)."""
    urlset = etree.fromstring(sitemap, etree.XMLParser(resolve_entities=False, no_network=True,
                                                       remove_blank_text=True))
    for url in list(urlset.iter(_URL)):
        loc = (url.findtext(_LOC) or "").strip()
        if not site.translated(loc):
            urlset.remove(url)
            continue
        for link in url.findall(_LINK):
            if link.get("hreflang") == "x-default" or not site.translated(link.get("href", "")):
                url.remove(link)
        placed = site.place(loc)
        if placed is not None and url.find(_LINK) is not None:
            etree.SubElement(url, _LINK, {"rel": "alternate", "hreflang": "x-default",
                                       "href": site.address(site.languages[0], placed[1])})
    written = {"": _serialise(urlset)}
    for language in site.languages[1:]:
        own = etree.Element(urlset.tag, urlset.attrib, nsmap=urlset.nsmap)
        for url in urlset.iter(_URL):
            placed = site.place((url.findtext(_LOC) or "").strip())
            if placed is not None and placed[0] == language:
                own.append(copy.deepcopy(url))
        written[language.root] = _serialise(own)
    return written


def _serialise(urlset) -> bytes:
    return etree.tostring(urlset, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def write_sitemaps(site_dir: Path, site: Site, timestamp: int) -> list[Path]:
    """Rewrite ``sitemap.xml`` (and its .gz) at the site root, and write each language root's."""
    root_map = site_dir / "sitemap.xml"
    if not root_map.is_file() or not site.languages:
        return []
    written = []
    try:
        rewritten = rewrite(root_map.read_bytes(), site)
    except etree.XMLSyntaxError:
        return []  # not a sitemap we can read (a theme's own): left as it is
    for root, data in rewritten.items():
        path = site_dir / posixpath.join(root, "sitemap.xml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    if (site_dir / "sitemap.xml.gz").exists():
        (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(root_map.read_bytes(), mtime=timestamp))
    return written
