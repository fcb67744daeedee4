"""Citations become numbered notes; each page that cites ends with its notes and reference list.

The notes are Python-Markdown's footnotes, made through the footnotes extension's own API by
``CitationNotes``, a Markdown extension the hook adds to the site's Markdown:

- a preprocessor gives the extension one note per citation the checks' scan found
  (``setFootnote``), whose text is stashed HTML, so Markdown never sees bibliography text and
  cannot reinterpret it, and appends the "Notes" heading with the extension's marker and the
  "References" heading with the reference list (stashed as well);
- an inline processor, placed after code spans, escapes and raw HTML (so ``[@key]`` in code or
  inside a tag's attribute stays text), turns each ``[@...]`` into the reference element the
  extension's own inline processor builds for the note of the scan's citation written so;
- a tree processor, after the inline ones, hands the extension its reference order in reading
  order (Python-Markdown meets references breadth first, so a note inside an admonition or a
  block quote would otherwise get a later number than the text after it; the extension then
  orders its list and backlink titles by that order), drops the notes of citations Markdown left
  as text, and marks note numbers that touch.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable

from markdown import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .bibliography import Bibliography
from .formatting import Formatter
from .scanner import RESERVED_FOOTNOTE_PREFIX, Citation, PageScan, closing_bracket, scan

# after code spans (190), escapes (180) and raw HTML (90), as the inline processors are ordered
_INLINE_PRIORITY = 85
# after the footnotes extension writes its list of notes (50), before inline processing (20)
_NOTES_PRIORITY = 45
# between Python-Markdown's inline processing (20) and the footnotes extension's reordering (19)
_ORDER_PRIORITY = 19.5
# a citation's text as the page has it and as the inline processor meets it agree once line
# prefixes (block quote marks, indentation) and backslashes are left out
_NOT_COMPARED = re.compile(r"[\s>\\]+")


@dataclass
class PageNotes:
    """A page's citations (the checks' scan, in reading order) and how to write their notes."""

    citations: list[Citation] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # each citation as written in the page
    bib: Bibliography | None = None
    formatter: Formatter | None = None
    notes: dict[int, str] = field(default_factory=dict)  # citation number -> its note, once converting
    source_href: Callable[[str], str] | None = None  # key -> its place on the sources page, if the site has one

    def tail(self, marker: str) -> list[str]:
        """The Markdown lines that end a page that cites: the notes go at the footnotes extension's
        ``marker``; ``{references}`` is the reference list."""
        headings = self.formatter.headings
        return ["", f"## {headings['notes']} {{ #notes }}", "", marker, "",
                f"## {headings['references']} {{ #references }}", "", "{references}"]


class CitationNotes(Extension):
    """Citations as notes of the footnotes extension (a no-op for Markdown without it).
    One instance serves every page's Markdown: ``page`` is the page being converted."""

    def __init__(self, **kwargs):
        self.page: PageNotes | None = None
        super().__init__(**kwargs)

    def take(self) -> PageNotes | None:
        page, self.page = self.page, None  # one page's citations go into one conversion only
        return page

    def extendMarkdown(self, md) -> None:
        footnotes = next((e for e in md.registeredExtensions if isinstance(e, FootnoteExtension)), None)
        if footnotes is None:
            return
        run = _Conversion(md, footnotes, self.take)
        md.preprocessors.register(_StoreNotes(md, run), "citekit-notes", 5)
        md.inlinePatterns.register(_CitationReference(r"\[@", run), "citekit-citation", _INLINE_PRIORITY)
        md.treeprocessors.register(_NotesAsWritten(md, run), "citekit-notes", _NOTES_PRIORITY)
        md.treeprocessors.register(_ReadingOrder(md, run), "citekit-reading-order", _ORDER_PRIORITY)


class _Conversion:
    """What one conversion of one page knows about its citations."""

    def __init__(self, md, footnotes: FootnoteExtension, take: Callable[[], PageNotes | None]):
        self.md, self.footnotes, self.take = md, footnotes, take
        self.page: PageNotes | None = None
        self.waiting: dict[str, list[int]] = {}  # a citation's text, compared -> its numbers not yet met
        self.hits: dict[int, int] = {}  # id(reference element) -> citation number

    def start(self) -> None:
        self.page, self.waiting, self.hits = self.take(), {}, {}
        for number, text in enumerate(self.page.texts if self.page else (), start=1):
            self.waiting.setdefault(_compared(text), []).append(number)

    def reference(self, text: str):
        """The footnotes extension's reference to the note of the scan's citation written as
        ``text``, the first not met yet (the scan and Markdown agree on what a citation is; a
        citation Markdown leaves as text, inside a tag, is never met), or None."""
        unescape = self.md.treeprocessors["unescape"].unescape if "unescape" in self.md.treeprocessors else str
        numbers = self.waiting.get(_compared(unescape(text)))
        if not numbers:
            return None
        number = numbers.pop(0)
        extension_inline = self.md.inlinePatterns["footnote"]
        label = _label(number)
        element, _, _ = extension_inline.handleMatch(extension_inline.compiled_re.match(f"[^{label}]"), "")
        if element is not None:
            self.hits[id(element)] = number
            for child in element:  # the note's number: no inline pattern applies to it
                child.text = AtomicString(child.text)
        return element


def _compared(text: str) -> str:
    return _NOT_COMPARED.sub("", text)


class _StoreNotes(Preprocessor):
    def __init__(self, md, run: _Conversion):
        super().__init__(md)
        self.run_ = run

    def run(self, lines: list[str]) -> list[str]:
        run = self.run_
        run.start()
        page = run.page
        if page is None or not page.citations:
            return lines
        cited = {}
        for number, citation in enumerate(page.citations, start=1):
            page.notes[number] = _note(citation, page.bib, page.formatter)
            run.footnotes.setFootnote(_label(number), self.md.htmlStash.store(page.notes[number]))
            for item in citation.items:
                source = page.bib.lookup(item.key)
                if source is not None:
                    cited.setdefault(source.key, source)
        references = self.md.htmlStash.store(reference_list(cited.values(), page.formatter, page.source_href))
        tail = page.tail(run.footnotes.getConfig("PLACE_MARKER"))
        return lines + [references if line == "{references}" else line for line in tail]


class _CitationReference(InlineProcessor):
    def __init__(self, pattern: str, run: _Conversion):
        super().__init__(pattern)
        self.run_ = run

    def handleMatch(self, m: re.Match, data: str):
        end = closing_bracket(data, m.start())
        if end is None or data.startswith("(", end):
            return None, None, None
        element = self.run_.reference(data[m.start():end])
        if element is None:
            return None, None, None
        return element, m.start(), end


class _NotesAsWritten(Treeprocessor):
    """A citation's note is stashed HTML and the extension's back-link: no inline pattern applies
    to them (running every pattern over them was most of the cost of a page's notes)."""

    def __init__(self, md, run: _Conversion):
        super().__init__(md)
        self.run_ = run

    def run(self, root) -> None:
        page, footnotes = self.run_.page, self.run_.footnotes
        if page is None or not page.notes:
            return
        ids = {footnotes.makeFootnoteId(_label(number)) for number in page.notes}
        for div in root.iter("div"):
            if div.get("class") == "footnote":
                for li in div.iter("li"):
                    if li.get("id") in ids:
                        for element in li.iter():
                            if element.text:
                                element.text = AtomicString(element.text)
                break


class _ReadingOrder(Treeprocessor):
    def __init__(self, md, run: _Conversion):
        super().__init__(md)
        self.run_ = run

    def run(self, root) -> None:
        run, footnotes = self.run_, self.run_.footnotes
        refs = {"#" + footnotes.makeFootnoteId(label): label for label in footnotes.footnote_order}
        found = [(a, refs[a.get("href")]) for a in root.iter("a")
                 if a.get("class") == "footnote-ref" and a.get("href") in refs]
        order = list(dict.fromkeys(label for _, label in found))
        footnotes.footnote_order[:] = order + [label for label in footnotes.footnote_order if label not in order]
        for a, label in found:
            a.text = footnotes.getConfig("SUPERSCRIPT_TEXT").format(footnotes.footnote_order.index(label) + 1)
        _mark_touching(root, {id(a) for a, _ in found})
        if run.page is not None:
            met = set(run.hits.values())
            self._drop_notes(root, [number for number in run.page.notes if number not in met])

    def _drop_notes(self, root, numbers: list[int]) -> None:
        """Notes of citations Markdown left as text (inside an HTML tag): nothing refers to them."""
        ids = {self.run_.footnotes.makeFootnoteId(_label(number)) for number in numbers}
        if not ids:
            return
        for div in root.iter("div"):
            if div.get("class") == "footnote":
                for ol in div.iter("ol"):
                    for li in [li for li in ol if li.get("id") in ids]:
                        ol.remove(li)
                    break
                break


def _mark_touching(root, references: set[int]) -> None:
    """A note reference right after another one, nothing but space between, carries the class
    ``citekit-touching`` (the stylesheet puts a comma between the two numbers only there)."""
    for parent in root.iter():
        previous = None
        for child in parent:
            # a citation's note, or a hand-written one (the footnotes extension's reference id)
            is_note = child.tag == "sup" and (len(child) > 0 and id(child[0]) in references
                                              or child.get("id", "").startswith("fnref"))
            if is_note and previous is not None and not (previous.tail or "").strip():
                child.set("class", " ".join(filter(None, (child.get("class"), "citekit-touching"))))
            previous = child if is_note else None


def render_markdown(markdown: str, bib: Bibliography, formatter: Formatter,
                    page: PageScan | None = None, shift: int = 0, source_href=None) -> tuple[str, PageNotes]:
    """The page's Markdown (unchanged: ``CitationNotes`` reads the citations while Markdown
    converts it) and its citations for ``CitationNotes.page``. ``page`` is the checks' scan of
    the file, whose Markdown is ``markdown`` from offset ``shift`` on; without it the Markdown is
    scanned here."""
    citations = page.citations if page is not None else scan(markdown).citations
    texts = [markdown[c.start - shift:c.end - shift] for c in citations]
    return markdown, PageNotes(list(citations), texts, bib, formatter, source_href=source_href)


def _label(number: int) -> str:
    return f"{RESERVED_FOOTNOTE_PREFIX}{number}"


def note_anchor(number: int) -> str:
    """The id of a citation's mark in the text (the footnotes extension's reference id)."""
    return f"fnref:{_label(number)}"


def _note(citation: Citation, bib: Bibliography, formatter: Formatter) -> str:
    """A note: each source's short form, linked to its full entry in the reference list, and its
    passage; two sources are separated by a semicolon."""
    parts = []
    for item in citation.items:
        source = bib.lookup(item.key)
        if source is None:  # the checks stop the build first; never silently drop the citation
            parts.append(f'<span class="citekit-missing">[{html.escape(item.key)}?]</span>')
            continue
        text = formatter.reference(source, item.locator, form="brief")
        text = f'<a class="citekit-short" href="#{anchor(source.key)}">{text}</a>'
        if item.passage:
            text += ", " + formatter.passage(source, item.passage)
        parts.append(text)
    return "; ".join(parts) + "."


def reference_list(sources, formatter: Formatter, source_href=None) -> str:
    """The page's references; each links to its source's place on the sources page
    (``source_href(key)``) when the site has one."""
    label = html.escape(formatter.data["sources"]["every_citation"])
    items = "".join(
        f'<li id="{anchor(s.key)}">{formatter.reference(s)}'
        + (f' <a class="citekit-source-link" href="{html.escape(source_href(s.key))}">{label}</a>' if source_href else "")
        + "</li>"
        for s in sorted(sources, key=formatter.sort_key)
    )
    return f'<ul class="citekit-references">{items}</ul>'


def anchor(key: str) -> str:
    return "ref-" + re.sub(r"[^\w-]", "-", key.lower())
