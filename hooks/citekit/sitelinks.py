"""Internal links of the built site: every href/src of every page leads to a file and anchor that exist.

This check reads the HTML that was actually written, in every language, so it sees the links
written in Markdown (MkDocs' ``validation:`` leaves those to it, see mkdocs.yml), in raw HTML
inside Markdown, in templates (language switcher, hreflang, notices) and in generated blocks
(reference lists, feeds, sitemap). Each broken link is traced back to the Markdown line that
contains it when the page's source has it; otherwise the built file and line are named.

Built files are read with lxml (libxml2's HTML and XML parsers). Pure functions over a site
folder; the MkDocs hook ``hooks/links.py`` calls ``check_site``.
"""

from __future__ import annotations

import difflib
import posixpath
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from .diagnostics import Diagnostic, position

# Tag -> attributes that point at another file or anchor.
LINK_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",),
    "img": ("src",), "script": ("src",), "iframe": ("src",), "source": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "embed": ("src",),
}
# Elements whose text is an address of the site (sitemap.xml, RSS and Atom feeds).
URL_TEXT_TAGS = ("loc", "link", "id")
PAGE_SUFFIXES = (".html", ".htm", ".xml")

# Every link attribute and every anchor of a page, each in one XPath query run by libxml2.
# Plain strings are much cheaper than lxml's "smart" ones, which hold their element: the
# element (for its line) is looked up again only for a link that turns out broken.
_HTML_LINKS_QUERY = "|".join(f"//{tag}/@{name}" for tag, names in LINK_ATTRIBUTES.items() for name in names)
_HTML_LINKS = etree.XPath(_HTML_LINKS_QUERY, smart_strings=False)
_HTML_LINK_VALUES = etree.XPath(_HTML_LINKS_QUERY)
_HTML_ANCHORS = etree.XPath("//@id|//a/@name", smart_strings=False)
_XML_LINKS = etree.XPath("//@href|" + "|".join(f"//*[local-name()='{tag}']/text()" for tag in URL_TEXT_TAGS))
_HTML_PARSER = etree.HTMLParser(encoding="utf-8", huge_tree=True)
_XML_PARSER = etree.XMLParser(encoding="utf-8", recover=True, resolve_entities=False,
                              no_network=True)


@dataclass(frozen=True)
class Link:
    target: str  # the address as written (HTML entities decoded)
    line: int
    col: int


@dataclass
class BuiltPage:
    """One written file: the anchors it offers."""

    path: str  # relative to the site folder, POSIX
    anchors: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the built file holding the link
    link: Link
    code: str  # LNK001 (no such file) or LNK002 (no such anchor)
    resolved: str  # the site file the link leads to ("" when it leaves the site)
    fragment: str = ""


def read_built(data: bytes, path: str, *, elements: bool = False) -> tuple[set[str], list]:
    """(anchors, links) of one written file, each link the address as written (entities
    decoded). With ``elements``, each link is an lxml string result whose ``getparent()``
    is the element holding it (the same links, in the same order)."""
    xml = path.endswith(".xml")
    try:
        root = etree.fromstring(data, _XML_PARSER if xml else _HTML_PARSER)
    except etree.XMLSyntaxError:  # an empty file, or one no parser can recover anything from
        return set(), []
    if root is None:
        return set(), []
    if xml:
        return set(), [value for value in _XML_LINKS(root)
                       if value.attrname or value.strip().startswith(("http://", "https://"))]
    return set(filter(None, _HTML_ANCHORS(root))), (_HTML_LINK_VALUES if elements else _HTML_LINKS)(root)


def place(text: str, line: int, target: str) -> tuple[int, int]:
    """(line, column) of the tag holding a link: libxml2 gives the line where its start tag
    ends; the tag starts at the last '<' before the address, on that line or above."""
    start, end = 0, len(text)
    for _ in range(line - 1):
        start = text.find("\n", start, end) + 1
        if not start:
            return line, 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    values = dict.fromkeys((escape(target, quote=True), escape(target, quote=False), target))
    for written in [f'"{v}"' for v in values] + [f"'{v}'" for v in values] + [f"={v}" for v in values] + list(values):
        found = text.find(written, start, end)
        if found >= 0:
            end = found
            break
    opening = text.rfind("<", 0, end)
    return position(text, opening) if opening >= 0 else (line, 1)


_UNSEEN = object()


class SiteAddresses:
    """Where an address leads inside the built site. ``site_url`` (from mkdocs.yml) tells which
    absolute addresses are the site's own (those under its path) and which path prefix
    root-relative links carry."""

    def __init__(self, files: set[str], site_url: str | None = None) -> None:
        self.files = files
        parts = urlsplit(site_url or "")
        self.origin = (parts.scheme, parts.netloc) if parts.netloc else None
        self.base = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
        self._addresses: dict[str, tuple[str, str] | None] = {}
        self._files: dict[tuple[str, str, bool], str | None] = {}

    def resolve(self, page: str, folder: str, target: str) -> tuple[str | None, str] | None:
        """(site file, or None when missing, or "" when it leaves the site; fragment) of an
        address on ``page`` (whose folder is ``folder``); None when it is not ours to check.

        Every page carries the whole navigation, so the same addresses come back on every page:
        '../a0018/' from any page of 'articles/' leads to the same file. The answer is kept per
        address and per (folder left after the leading '../', rest of the path)."""
        address = self._addresses.get(target, _UNSEEN)
        if address is _UNSEEN:
            address = self._addresses[target] = self._address(target)
        if address is None:
            return None
        path, fragment = address
        if not path:
            return page, fragment  # "#x" or "?q": this very page
        directory = path.endswith("/")
        if path[0] == "/":
            folder = ""
        else:
            while folder and path.startswith("../") and path[3:4] != "/":
                folder, path = folder.rpartition("/")[0], path[3:]
        key = (folder, path, directory)
        found = self._files.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = self._files[key] = self._file(folder, path, directory)
        return found, fragment

    def _address(self, target: str) -> tuple[str, str] | None:
        """(path, fragment), both unquoted; None for another site or scheme."""
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            if (parts.scheme, parts.netloc) != self.origin or parts.scheme not in {"http", "https"}:
                return None  # another site, mailto:, tel:, data:, javascript: ...
            if not self._under_base(unquote(parts.path)):
                return None  # the same host, another site on it: `make linkcheck` checks those
        return unquote(parts.path), unquote(parts.fragment)

    def _under_base(self, path: str) -> bool:
        return (path + "/").startswith(self.base)

    def _file(self, folder: str, path: str, directory: bool) -> str | None:
        """The file a path leads to from a folder: None when missing, "" when it leaves the site."""
        if path.startswith("/"):
            if not self._under_base(path):
                return ""  # outside the site's path: a 404 once deployed
            relative = path[len(self.base):] if len(path) >= len(self.base) else ""
        else:
            relative = posixpath.join(folder, path)
        relative = posixpath.normpath(relative) if relative else "."
        if relative == ".." or relative.startswith("../"):
            return ""
        relative = "" if relative == "." else relative
        if not directory and relative in self.files:
            return relative
        index = posixpath.join(relative, "index.html") if relative else "index.html"
        if index in self.files:
            return index
        return None

    def missing_target(self, page: str, target: str) -> str:
        """Where a missing target was looked for: a site-relative path, or the address itself
        when it leaves the site ('/elsewhere/' outside the site's path, '../' above its root)."""
        path = unquote(urlsplit(target).path)
        if path.startswith("/"):
            if not self._under_base(path):
                return path
            relative = path[len(self.base):]
        else:
            relative = posixpath.join(posixpath.dirname(page), path)
        relative = posixpath.normpath(relative) if relative else "."
        if relative == ".." or relative.startswith("../"):
            return target
        relative = "" if relative == "." else relative
        return relative + "/" if path.endswith("/") and relative else relative


def check_site(site_dir: Path, site_url: str | None = None, sources: dict[str, Path] | None = None,
               shown=str, languages: tuple[str, ...] = ()) -> list[Diagnostic]:
    """Every broken internal link of a built site as diagnostics.

    ``sources`` maps a built page (site-relative path, e.g. ``tr/about/index.html``) to the
    Markdown file it was built from; ``shown`` turns a file path into the path to print;
    ``languages`` are the folders of the other language builds (a template's broken link is
    then reported once, not once per language)."""
    files: set[str] = set()
    page_files: list[tuple[str, Path]] = []
    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            relative = path.relative_to(site_dir).as_posix()
            files.add(relative)
            if path.suffix in PAGE_SUFFIXES:
                page_files.append((relative, path))
    site = SiteAddresses(files, site_url)
    broken, anchors = _check_pages(page_files, site)
    pages = {item.resolved: BuiltPage(item.resolved, anchors[item.resolved]) for item in broken
             if item.code == "LNK002"}
    return locate(broken, pages, site, site_dir, sources or {}, shown, languages)


def _check_pages(page_files: list[tuple[str, Path]], site: SiteAddresses) \
        -> tuple[list[BrokenLink], dict[str, frozenset[str]]]:
    """The broken links of every page, and each page's anchors.

    A page's every link is resolved as it is read and then forgotten, unless it leads nowhere
    or names an anchor of another page (checked once every page has been read). Kept for
    each page: its anchors, as a frozenset of shared strings. A kept link is known by its
    place in its page's list of links until it is known to be broken."""
    pages = {relative for relative, _ in page_files}
    anchors: dict[str, frozenset[str]] = {}
    kept: list[tuple[BrokenLink, int]] = []  # in page and link order; code "" = anchor of a page read later
    resolve, missing_target = site.resolve, site.missing_target
    for relative, path in page_files:
        folder = posixpath.dirname(relative)
        page_anchors, links = read_built(path.read_bytes(), relative)
        for index, value in enumerate(links):
            target = value.strip()
            resolved = resolve(relative, folder, target)
            if resolved is None:
                continue
            file, fragment = resolved
            if not file:
                kept.append((BrokenLink(relative, Link(target, 0, 0), "LNK001", missing_target(relative, target)), index))
            elif fragment and not fragment.startswith(":~:") and file in pages \
                    and file.endswith((".html", ".htm")):
                if file != relative:
                    kept.append((BrokenLink(relative, Link(target, 0, 0), "", file, fragment), index))
                elif fragment not in page_anchors:
                    kept.append((BrokenLink(relative, Link(target, 0, 0), "LNK002", file, fragment), index))
        anchors[relative] = frozenset(map(sys.intern, page_anchors))
    broken, read, paths = [], {}, dict(page_files)
    for item, index in kept:
        if not item.code:
            if item.fragment in anchors[item.resolved]:
                continue
            item = BrokenLink(item.page, item.link, "LNK002", item.resolved, item.fragment)
        if item.page not in read:  # the page again, with the element of each link
            data = paths[item.page].read_bytes()
            read[item.page] = data.decode("utf-8", errors="replace"), read_built(data, item.page, elements=True)[1]
        text, links = read[item.page]
        line = links[index].getparent().sourceline or 1
        link = Link(item.link.target, *place(text, line, item.link.target))
        broken.append(BrokenLink(item.page, link, item.code, item.resolved, item.fragment))
    return broken, anchors


def locate(broken: list[BrokenLink], pages: dict[str, BuiltPage], site: SiteAddresses, site_dir: Path,
           sources: dict[str, Path], shown, languages: tuple[str, ...] = ()) -> list[Diagnostic]:
    """Diagnostics at the Markdown line holding each broken link, else at the built file's line.

    The same link reached from several languages (an untranslated page is built once per
    language from its English source) is reported once; a link that no Markdown source holds
    (a template, a generated block) is reported once per address, at its first page."""
    by_instance: dict[tuple[str, str, str], list[BrokenLink]] = defaultdict(list)
    for item in broken:
        by_instance[(item.page, item.link.target, item.code)].append(item)
    found: dict[tuple[str, int, int, str], Diagnostic] = {}
    generated: dict[tuple[str, str, str], list[BrokenLink]] = defaultdict(list)
    texts: dict[Path, str] = {}
    for (page, target, code), items in sorted(by_instance.items()):
        source = sources.get(page)
        places = []
        if source is not None:
            if source not in texts:
                texts[source] = _read(source)
            places = _occurrences(texts[source], target, items[0].fragment)
        for item, offset in zip(items, places):
            line, col = position(texts[source], offset)
            diagnostic = _diagnostic(item, shown(source), line, col, pages, site, from_source=True)
            found.setdefault((diagnostic.path, line, col, code), diagnostic)
        for item in items[len(places):]:
            generated[(code, _fold(item.resolved, languages), item.fragment)].append(item)
    for _, items in sorted(generated.items()):
        first = min(items, key=lambda i: (i.page not in sources, i.page, i.link.line, i.link.col))
        count = len({i.page for i in items})
        origin = sources.get(first.page)
        diagnostic = _diagnostic(first, shown(site_dir / first.page), first.link.line, first.link.col,
                                 pages, site, from_source=False, pages_count=count,
                                 built_from=shown(origin) if origin else "")
        found.setdefault((diagnostic.path, diagnostic.line, diagnostic.col, diagnostic.code), diagnostic)
    return list(found.values())


def _fold(path: str, languages: tuple[str, ...]) -> str:
    """The same place in every language: 'tr/imprint/' -> 'imprint/'."""
    head, _, rest = path.partition("/")
    return rest if head in languages and rest else ("" if head in languages else path)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _occurrences(text: str, target: str, fragment: str) -> list[int]:
    """Offsets of the address in the Markdown source; for an anchor written in Markdown form
    (``page.md#x``, rewritten to ``../page/#x`` in HTML), offsets of ``#x``."""
    for needle in (target, f"#{fragment}" if fragment else ""):
        if not needle:
            continue
        offsets, start = [], text.find(needle)
        while start >= 0:
            offsets.append(start)
            start = text.find(needle, start + len(needle))
        if offsets:
            return offsets
    return []


def _diagnostic(item: BrokenLink, path: str, line: int, col: int, pages, site: SiteAddresses, *,
                from_source: bool, pages_count: int = 1, built_from: str = "") -> Diagnostic:
    target = item.link.target
    where = "" if from_source else " (written by a template or a generated block, not by the page's Markdown)"
    if item.code == "LNK001":
        wanted = item.resolved
        if wanted.startswith("/") or wanted.startswith(".."):
            hint = f"it leaves the site: addresses starting with '/' must start with the site's path '{site.base}'" \
                if wanted.startswith("/") else "it climbs above the site's root folder"
        else:
            written = unquote(urlsplit(target).path)
            if from_source and written.endswith(".md"):  # a Markdown link MkDocs found no page for
                page = posixpath.normpath(posixpath.join(posixpath.dirname(path), written))
                hint = f"there is no page {page}: a link to a page names its Markdown file, relative to this one"
            else:
                hint = f"from {item.page} it leads to '{wanted}', which the build did not write"
                if from_source:
                    hint += "; links in raw HTML are not rewritten: write them relative to the built page's address"
        message = f"link '{target}' leads to no page or file{where}"
    else:
        anchors = pages[item.resolved].anchors
        close = difflib.get_close_matches(item.fragment, [a for a in anchors if not a.startswith("__")], n=1)
        hint = f"did you mean '#{close[0]}'?" if close else f"{item.resolved} has no element with id '{item.fragment}'"
        message = f"link '{target}' names the anchor '#{item.fragment}', which its page does not have{where}"
    if not from_source:
        also = f"; the same link is on {pages_count - 1} other built page(s)" if pages_count > 1 else ""
        built = f"built from {built_from}; " if built_from else ""
        hint = f"{built}{hint}{also}"
    return Diagnostic(path, line, col, item.code, message, hint)
