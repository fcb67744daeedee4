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
import re
import sys
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from html import unescape
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
    """XML files (sitemap, feeds): links in ``href`` and addresses written as the text of
    ``<loc>``, ``<link>`` and ``<id>``. A handful of files: the standard parser is fast enough."""

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


# --------------------------------------------------------------------------------------------
# HTML pages: a scanner that reads only start tags
# --------------------------------------------------------------------------------------------
# html.parser hands every piece of text, every end tag and every entity to Python code; a page
# of the site is mostly navigation, so that was most of the time of the whole check. This
# scanner finds the same start tags, with the same attributes, at the same places, with
# html.parser's own rules (CPython 3.11's regular expressions, copied below): comments,
# declarations and processing instructions end at the same '>', the bodies of <script> and
# <style> are skipped up to the same end tag, a start tag ends where html.parser ends it and
# is ignored when html.parser would take it for text, attribute names are lower-cased,
# values unquoted and unescaped, and the last of two equal attributes wins. Start tags that
# cannot hold a link or an id are skipped without reading their attributes.

_TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRIBUTE = re.compile(
    r'((?<=[\'"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*'
    r'(\'[^\']*\'|"[^"]*"|(?![\'"])[^>\s]*))?(?:\s|/(?!>))*')
_START_TAG_END = re.compile(r"""
  <[a-zA-Z][^\t\n\r\f />\x00]*       # tag name
  (?:[\s/]*                          # optional whitespace before attribute name
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*  # attribute name
      (?:\s*=+\s*                    # value indicator
        (?:'[^']*'                   # LITA-enclosed value
          |"[^"]*"                   # LIT-enclosed value
          |(?!['"])[^>\s]*           # bare value
         )
        \s*                          # possibly followed by a space
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*                                # trailing whitespace
""", re.VERBOSE)
# What html.parser acts on: a start tag (its name), '<!' or '<?', or an end tag holding a '<'
# before its '>' (html.parser's end tag runs to the first '>'; any other end tag is skipped).
_TOKEN = re.compile(r"<([a-zA-Z][^\t\n\r\f />\x00]*)|<[!?]|</[^<>]*<")
_COMMENT_END = re.compile(r"--\s*>")
_RAW_TEXT_END = {tag: re.compile(r"</\s*%s\s*>" % tag, re.I) for tag in ("script", "style")}
# Could this start tag have an attribute named id? (A quick test; the tag is then read in full.)
_MAYBE_ID = re.compile(r"""['"\s/][iI][dD]\s*=""")
_NOT_A_TAG_END = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ=/")


# The common case, read in one step: a well-formed start tag (attributes apart by plain
# whitespace; values quoted, or bare and plain). For such a tag html.parser finds the same
# name, attributes and end; anything else is read by the exact rules above.
_SPACE = r"[\t\n\r\f ]"
_ATTR_NAME = r"""[^\s"'<>/=]+"""
_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>]+(?![^\s>]))"""
_ATTR = rf"{_ATTR_NAME}(?:{_SPACE}*={_SPACE}*{_VALUE})?"
_TAG = r"""[a-zA-Z][^\s"'<>/=\x00]*"""
_WELL_FORMED_ATTR = re.compile(rf"({_ATTR_NAME})(?:{_SPACE}*={_SPACE}*({_VALUE}))?")
_LINK_TAGS = r"a(?:rea|udio)?|i(?:mg|frame)|s(?:cript|ource|tyle)|video|track|embed|link"
assert set(LINK_ATTRIBUTES) | {"script", "style"} == {  # the names _LINK_TAGS spells out
    "a", "area", "audio", "img", "iframe", "script", "source", "style", "video", "track", "embed", "link"}
# One step of the scan: first a run of what needs no reading (text, end tags, a '<' that opens
# nothing, well-formed start tags whose name holds no link and with no attribute named id;
# html.parser goes over each of these to the same place), then a well-formed start tag, if
# that is what follows (groups: name, attributes, '/').
_STEP = re.compile(
    rf"""(?:[^<]+|</[^<>]*>|<(?![a-zA-Z!?/])"""
    rf"""|<(?!(?i:{_LINK_TAGS})(?![^\s"'<>/=\x00])){_TAG}(?:{_SPACE}+(?!(?i:id)(?![^\s"'<>/=])){_ATTR})*{_SPACE}*/?>)*+"""
    rf"(?:<({_TAG})((?:{_SPACE}+{_ATTR})*){_SPACE}*(/?)>)?")


class _MarkedSection(Exception):
    """'<![...': rare in HTML; such a page is read by html.parser instead."""


def _unterminated(text: str, i: int) -> int:
    """Where html.parser resumes after a construct that never ends: it becomes text."""
    k = text.find(">", i + 1)
    if k >= 0:
        return k + 1
    k = text.find("<", i + 1)
    return k if k >= 0 else i + 1


def _start_tag_end(text: str, i: int) -> int:
    """html.parser's check_for_whole_start_tag, for a whole document: -1 when it is text."""
    j = _START_TAG_END.match(text, i).end()
    following = text[j:j + 1]
    if following == ">":
        return j + 1
    if following == "/":
        return j + 2 if text.startswith("/>", j) else -1
    if following == "" or following in _NOT_A_TAG_END:
        return -1
    return j if j > i else i + 1


def start_tags(text: str):
    """(offset, tag, attributes) of every start tag that may hold a link or an id, in order.

    Tags that hold neither a link attribute (LINK_ATTRIBUTES) nor an ``id`` may be left out.
    Raises _MarkedSection for a page with ``<![``."""
    step, search, attributes, n, i = _STEP.match, _TOKEN.search, _WELL_FORMED_ATTR.findall, len(text), 0
    while i < n:
        found = step(text, i)
        name = found.group(1)
        if name is not None:  # a well-formed start tag
            i, endpos, end = found.start(1) - 1, found.end(), found.group(3) + ">"
            tag = name.lower()
            attrs: dict[str, str | None] = {}
            for attrname, value in attributes(text, found.start(2), found.end(2)):
                if value:
                    if value[0] in "'\"":
                        value = value[1:-1]
                    if "&" in value:
                        value = unescape(value)
                else:
                    value = None
                attrs[attrname.lower()] = value
            yield i, tag, attrs
            i = _resume_after(text, tag, endpos, end == "/>")
            if i is None:
                return
            continue
        token = search(text, found.end())
        if token is None:
            return
        i = token.start()
        name = token.group(1)
        if name is None:
            if text.startswith("</", i):
                i = _unterminated(text, i)  # runs to its first '>'
            elif text.startswith("<!--", i):
                end = _COMMENT_END.search(text, i + 4)
                i = end.end() if end else _unterminated(text, i)
            elif text.startswith("<?", i):
                end = text.find(">", i + 2)
                i = end + 1 if end >= 0 else _unterminated(text, i)
            elif text.startswith("<![", i):
                raise _MarkedSection
            else:
                end = text.find(">", i + 9 if text[i:i + 9].lower() == "<!doctype" else i + 2)
                i = end + 1 if end >= 0 else _unterminated(text, i)
            continue
        # any other start tag, by html.parser's rules
        endpos = _start_tag_end(text, i)
        if endpos < 0:
            i = _unterminated(text, i)
            continue
        tag = name.lower()
        if tag not in LINK_ATTRIBUTES and tag not in _RAW_TEXT_END and not _MAYBE_ID.search(text, i, endpos):
            i = endpos
            continue
        k = _TAG_NAME.match(text, i + 1).end()
        attrs = {}
        while k < endpos:
            m = _ATTRIBUTE.match(text, k)
            if not m:
                break
            attrname, rest, value = m.group(1, 2, 3)
            if not rest:
                value = None
            elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
                value = value[1:-1]
            if value:
                value = unescape(value)
            attrs[attrname.lower()] = value
            k = m.end()
        end = text[k:endpos].strip()
        if end not in (">", "/>"):
            i = endpos  # html.parser takes it for text
            continue
        yield i, tag, attrs
        i = _resume_after(text, tag, endpos, end == "/>")
        if i is None:
            return


def _resume_after(text: str, tag: str, endpos: int, self_closing: bool) -> int | None:
    """Where reading goes on after a start tag: past the body of a <script> or <style>.
    None when that body is never closed (it swallows the rest of the page)."""
    if tag in _RAW_TEXT_END and not self_closing:
        close = _RAW_TEXT_END[tag].search(text, endpos)
        return close.end() if close else None
    return endpos


class _Lines:
    """Line and column (1-based) of offsets of one text, from its newline positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines: list[int] | None = None

    def __call__(self, offset: int) -> tuple[int, int]:
        if self.newlines is None:
            self.newlines = [m.start() for m in _NEWLINE.finditer(self.text)]
        before = bisect_left(self.newlines, offset)
        return before + 1, offset - (self.newlines[before - 1] + 1 if before else 0) + 1


_NEWLINE = re.compile("\n")


def _html_items(text: str):
    """(anchors, [(target, offset)]) of an HTML page: what html.parser-based reading found."""
    anchors: set[str] = set()
    links: list[tuple[str, int]] = []
    for offset, tag, attrs in start_tags(text):
        value = attrs.get("id")
        if value:
            anchors.add(value)
        if tag == "a":
            value = attrs.get("name")
            if value:
                anchors.add(value)
        for name in LINK_ATTRIBUTES.get(tag, ()):
            value = attrs.get(name)
            if value is not None:
                links.append((value.strip(), offset))
    return anchors, links


def _xml_read(text: str, path: str) -> BuiltPage:
    parser = _PageParser(xml=path.endswith(".xml"))
    parser.feed(text)
    parser.close()
    return BuiltPage(path, parser.anchors, parser.links)


def read_page(text: str, path: str) -> BuiltPage:
    """Anchors and links of one written file (every link, with its line and column)."""
    if path.endswith(".xml"):
        return _xml_read(text, path)
    try:
        anchors, items = _html_items(text)
    except _MarkedSection:
        return _xml_read(text, path)
    lines = _Lines(text)
    return BuiltPage(path, anchors, [Link(target, *lines(offset)) for target, offset in items])


def scan_site(site_dir: Path) -> tuple[dict[str, BuiltPage], set[str]]:
    """Every HTML and XML file of the site parsed, and the set of every file's path.

    Keeps every link of every page: for tests and tools. ``check_site`` keeps only what can fail."""
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


_UNSEEN = object()


class Site:
    """Where an address leads inside the built site. ``site_url`` (from mkdocs.yml) tells which
    absolute addresses are the site's own and which path prefix root-relative links carry."""

    def __init__(self, files: set[str], site_url: str | None = None) -> None:
        self.files = files
        parts = urlsplit(site_url or "")
        self.origin = (parts.scheme, parts.netloc) if parts.netloc else None
        self.base = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
        self._addresses: dict[str, tuple[str, str] | None] = {}
        self._files: dict[tuple[str, str, bool], str | None] = {}

    def resolve(self, page: str, target: str) -> tuple[str | None, str] | None:
        """(site file or None when missing, fragment); None when the address is not ours to check."""
        address = self._address(target)
        if address is None:
            return None
        path, fragment = address
        if not path:
            return page, fragment  # "#x" or "?q": this very page
        return self._file(posixpath.dirname(page), path, path.endswith("/")), fragment

    def resolve_cached(self, page: str, folder: str, target: str) -> tuple[str | None, str] | None:
        """``resolve(page, target)`` (``folder`` is the page's folder), remembering the answers.

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
            return page, fragment
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
        return unquote(parts.path), unquote(parts.fragment)

    def _file(self, folder: str, path: str, directory: bool) -> str | None:
        """The file a path leads to from a folder: None when missing, "" when it leaves the site."""
        if path.startswith("/"):
            if not (path + "/").startswith(self.base) and path != self.base.rstrip("/"):
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
    files: set[str] = set()
    page_files: list[tuple[str, Path]] = []
    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            relative = path.relative_to(site_dir).as_posix()
            files.add(relative)
            if path.suffix in PAGE_SUFFIXES:
                page_files.append((relative, path))
    site = Site(files, site_url)
    broken, anchors = _check_pages(page_files, site)
    pages = {item.resolved: BuiltPage(item.resolved, anchors[item.resolved]) for item in broken
             if item.code == "LNK002"}
    return locate(broken, pages, site, site_dir, sources or {}, shown, languages)


def _check_pages(page_files: list[tuple[str, Path]], site: Site) -> tuple[list[BrokenLink], dict[str, frozenset[str]]]:
    """What ``find_broken`` finds, page by page, keeping only what can fail.

    A page's every link is resolved as it is read and then forgotten, unless it leads nowhere
    or names an anchor of another page (checked once every page has been read). Kept for
    each page: its anchors, as a frozenset of shared strings."""
    pages = {relative for relative, _ in page_files}
    anchors: dict[str, frozenset[str]] = {}
    kept: list[BrokenLink] = []  # in page and link order; code "" = anchor of a page read later
    resolve, missing_target = site.resolve_cached, site.missing_target
    for relative, path in page_files:
        text = path.read_text(encoding="utf-8", errors="replace")
        folder = posixpath.dirname(relative)
        page_anchors, items, place = _read_items(text, relative)
        for target, where in items:
            resolved = resolve(relative, folder, target)
            if resolved is None:
                continue
            file, fragment = resolved
            if not file:
                kept.append(BrokenLink(relative, Link(target, *place(where)), "LNK001",
                                       missing_target(relative, target)))
            elif fragment and not fragment.startswith(":~:") and file in pages \
                    and file.endswith((".html", ".htm")):
                if file != relative:
                    kept.append(BrokenLink(relative, Link(target, *place(where)), "", file, fragment))
                elif fragment not in page_anchors:
                    kept.append(BrokenLink(relative, Link(target, *place(where)), "LNK002", file, fragment))
        anchors[relative] = frozenset(map(sys.intern, page_anchors))
    broken = []
    for item in kept:
        if not item.code:
            if item.fragment in anchors[item.resolved]:
                continue
            item = BrokenLink(item.page, item.link, "LNK002", item.resolved, item.fragment)
        broken.append(item)
    return broken, anchors


def _read_items(text: str, path: str):
    """(anchors, [(target, where)], place): ``place(where)`` is the (line, column) of a link."""
    if not path.endswith(".xml"):
        try:
            anchors, items = _html_items(text)
            return anchors, items, _Lines(text)
        except _MarkedSection:
            pass
    page = _xml_read(text, path)
    return page.anchors, [(link.target, (link.line, link.col)) for link in page.links], _same


def _same(place: tuple[int, int]) -> tuple[int, int]:
    return place


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
