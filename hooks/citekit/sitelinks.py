"""Internal links of the built site: every href/src of every page leads to a file and anchor that exist.

MkDocs' own ``validation:`` checks the links written in Markdown. This check reads the HTML
that was actually written, so it also sees links in raw HTML inside Markdown, in templates
(language switcher, hreflang, notices) and in generated blocks (reference lists, feeds,
sitemap). Each broken link is traced back to the Markdown line that contains it when the
page's source has it; otherwise the built file and line are named.

Pure functions over a site folder; the MkDocs hook ``hooks/links.py`` calls ``check_site``.
"""

from __future__ import annotations

import difflib
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .diagnostics import Diagnostic, position

# Tag -> attributes that point at another file or anchor.
LINK_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",),
    "img": ("src",), "script": ("src",), "iframe": ("src",), "source": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "embed": ("src",),
}
# Elements whose text is an address of the site (sitemap.xml, RSS and Atom feeds).
URL_TEXT_TAGS = {"loc", "link", "id"}
PAGE_SUFFIXES = (".html", ".htm", ".xml")


@dataclass(frozen=True)
class Link:
    target: str  # the address as written (HTML entities decoded)
    line: int
    col: int


@dataclass
class BuiltPage:
    """One written file: the anchors it offers and the links it holds."""

    path: str  # relative to the site folder, POSIX
    anchors: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the built file holding the link
    link: Link
    code: str  # LNK001 (no such file) or LNK002 (no such anchor)
    resolved: str  # the site file the link leads to ("" when it leaves the site)
    fragment: str = ""


class _PageParser(HTMLParser):
    def __init__(self, xml: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.xml = xml
        self.anchors: set[str] = set()
        self.links: list[Link] = []
        self._text_from: tuple[int, int] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        line, col = self.getpos()
        values = dict(attrs)
        if values.get("id"):
            self.anchors.add(values["id"])
        if tag == "a" and values.get("name"):
            self.anchors.add(values["name"])
        for name in (("href",) if self.xml else LINK_ATTRIBUTES.get(tag, ())):
            if values.get(name) is not None:
                self.links.append(Link(values[name].strip(), line, col + 1))
        if self.xml and tag in URL_TEXT_TAGS:
            self._text_from, self._text = (line, col + 1), []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._text_from = None

    def handle_data(self, data):
        if self._text_from is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._text_from is not None and tag in URL_TEXT_TAGS:
            text = "".join(self._text).strip()
            if text.startswith(("http://", "https://")):
                self.links.append(Link(text, *self._text_from))
            self._text_from = None


def read_page(text: str, path: str) -> BuiltPage:
    parser = _PageParser(xml=path.endswith(".xml"))
    parser.feed(text)
    parser.close()
    return BuiltPage(path, parser.anchors, parser.links)


def scan_site(site_dir: Path) -> tuple[dict[str, BuiltPage], set[str]]:
    """Every HTML and XML file of the site parsed, and the set of every file's path."""
    pages: dict[str, BuiltPage] = {}
    files: set[str] = set()
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site_dir).as_posix()
        files.add(relative)
        if path.suffix in PAGE_SUFFIXES:
            pages[relative] = read_page(path.read_text(encoding="utf-8", errors="replace"), relative)
    return pages, files


class Site:
    """Where an address leads inside the built site. ``site_url`` (from mkdocs.yml) tells which
    absolute addresses are the site's own and which path prefix root-relative links carry."""

    def __init__(self, files: set[str], site_url: str | None = None) -> None:
        self.files = files
        parts = urlsplit(site_url or "")
        self.origin = (parts.scheme, parts.netloc) if parts.netloc else None
        self.base = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"

    def resolve(self, page: str, target: str) -> tuple[str | None, str] | None:
        """(site file or None when missing, fragment); None when the address is not ours to check."""
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            if (parts.scheme, parts.netloc) != self.origin or parts.scheme not in {"http", "https"}:
                return None  # another site, mailto:, tel:, data:, javascript: ...
        path = unquote(parts.path)
        fragment = unquote(parts.fragment)
        if not path:
            return page, fragment  # "#x" or "?q": this very page
        if path.startswith("/"):
            if not (path + "/").startswith(self.base) and path != self.base.rstrip("/"):
                return "", fragment  # outside the site's path: a 404 once deployed
            relative = path[len(self.base):] if len(path) >= len(self.base) else ""
        else:
            relative = posixpath.join(posixpath.dirname(page), path)
        directory = path.endswith("/")
        relative = posixpath.normpath(relative) if relative else "."
        if relative == ".." or relative.startswith("../"):
            return "", fragment
        relative = "" if relative == "." else relative
        if not directory and relative in self.files:
            return relative, fragment
        index = posixpath.join(relative, "index.html") if relative else "index.html"
        if index in self.files:
            return index, fragment
        return None, fragment

    def missing_target(self, page: str, target: str) -> str:
        """Where a missing target was looked for: a site-relative path, or the address itself
        when it leaves the site ('/elsewhere/' outside the site's path, '../' above its root)."""
        path = unquote(urlsplit(target).path)
        if path.startswith("/"):
            if not (path + "/").startswith(self.base):
                return path
            relative = path[len(self.base):]
        else:
            relative = posixpath.join(posixpath.dirname(page), path)
        relative = posixpath.normpath(relative) if relative else "."
        if relative == ".." or relative.startswith("../"):
            return target
        relative = "" if relative == "." else relative
        return relative + "/" if path.endswith("/") and relative else relative


def find_broken(pages: dict[str, BuiltPage], site: Site) -> list[BrokenLink]:
    broken = []
    for page in pages.values():
        for link in page.links:
            resolved = site.resolve(page.path, link.target)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target:
                broken.append(BrokenLink(page.path, link, "LNK001", site.missing_target(page.path, link.target)))
            elif fragment and not fragment.startswith(":~:") and target in pages \
                    and target.endswith((".html", ".htm")) and fragment not in pages[target].anchors:
                broken.append(BrokenLink(page.path, link, "LNK002", target, fragment))
    return broken


def check_site(site_dir: Path, site_url: str | None = None, sources: dict[str, Path] | None = None,
               shown=str, languages: tuple[str, ...] = ()) -> list[Diagnostic]:
    """Every broken internal link of a built site as diagnostics.

    ``sources`` maps a built page (site-relative path, e.g. ``tr/about/index.html``) to the
    Markdown file it was built from; ``shown`` turns a file path into the path to print;
    ``languages`` are the folders of the other language builds (a template's broken link is
    then reported once, not once per language)."""
    pages, files = scan_site(site_dir)
    site = Site(files, site_url)
    broken = find_broken(pages, site)
    return locate(broken, pages, site, site_dir, sources or {}, shown, languages)


def locate(broken: list[BrokenLink], pages: dict[str, BuiltPage], site: Site, site_dir: Path,
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


def _diagnostic(item: BrokenLink, path: str, line: int, col: int, pages, site: Site, *,
                from_source: bool, pages_count: int = 1, built_from: str = "") -> Diagnostic:
    target = item.link.target
    where = "" if from_source else " (written by a template or a generated block, not by the page's Markdown)"
    if item.code == "LNK001":
        wanted = item.resolved
        if wanted.startswith("/") or wanted.startswith(".."):
            hint = f"it leaves the site: addresses starting with '/' must start with the site's path '{site.base}'" \
                if wanted.startswith("/") else "it climbs above the site's root folder"
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
