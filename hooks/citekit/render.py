"""Citations become numbered footnotes; each page that cites ends with its notes and reference list.

Markdown stage: every ``[@...]`` becomes a footnote reference ``[^cite-N]`` whose definition is a
placeholder; the notes are placed under a "Notes" heading, followed by a "References" heading.
HTML stage: placeholders are replaced by the formatted (escaped) HTML, so Markdown never sees
bibliography text and cannot reinterpret it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .bibliography import Bibliography, Source
from .formatting import Formatter
from .scanner import RESERVED_FOOTNOTE_PREFIX, Citation, scan

FOOTNOTES_MARKER = "///Footnotes Go Here///"
_NOTE_PLACEHOLDER = "CITEKITNOTE{}X"
_BIBLIOGRAPHY_PLACEHOLDER = "CITEKITBIBLIOGRAPHYX"
_NOTE_RE = re.compile(r"CITEKITNOTE(\d+)X")
_FOOTNOTE_REF = re.compile(
    r'(?P<head><sup id="fnref\d*:(?P<label>[^"]+)"><a class="footnote-ref" href="#fn:(?P=label)">)\d+(?P<tail></a></sup>)'
)
_FOOTNOTE_ITEM = re.compile(r'<li id="fn:(?P<label>[^"]+)">.*?</li>\n?', re.S)
_BACKREF_TITLE = re.compile(r'(title="[^"]*?)\d+([^"]*")')


@dataclass
class RenderedPage:
    """What the HTML stage needs: the text of each note and the page's reference list."""

    notes: dict[int, str] = field(default_factory=dict)
    bibliography: str = ""

    def fill_html(self, content: str) -> str:
        content = _NOTE_RE.sub(lambda m: self.notes.get(int(m.group(1)), ""), content)
        return content.replace(f"<p>{_BIBLIOGRAPHY_PLACEHOLDER}</p>", self.bibliography)


def renumber_footnotes(content: str) -> str:
    """Number notes in reading order. Python-Markdown numbers them in the order its inline
    processor meets them, which is not reading order once notes sit inside admonitions or
    block quotes; this puts the numbers and the list of notes in the order a reader sees."""
    order: dict[str, int] = {}
    for match in _FOOTNOTE_REF.finditer(content):
        order.setdefault(match["label"], len(order) + 1)
    if not order:
        return content
    content = _FOOTNOTE_REF.sub(lambda m: f"{m['head']}{order[m['label']]}{m['tail']}", content)
    start = content.find('<div class="footnote">')
    list_start = content.find("<ol>", start)
    list_end = content.find("</ol>", list_start)
    if start < 0 or list_start < 0 or list_end < 0:
        return content
    items = list(_FOOTNOTE_ITEM.finditer(content, list_start, list_end))
    ranked = sorted(items, key=lambda m: order.get(m["label"], len(order) + 1))
    body = "".join(
        _BACKREF_TITLE.sub(lambda t, n=order.get(m["label"], 0): f"{t.group(1)}{n}{t.group(2)}", m.group(0))
        if 'class="footnote-backref"' in m.group(0) else m.group(0)
        for m in ranked
    )
    return content[: list_start + 4] + "\n" + body + content[list_end:]


def render_markdown(markdown: str, bib: Bibliography, formatter: Formatter) -> tuple[str, RenderedPage]:
    page = scan(markdown)
    rendered = RenderedPage()
    if not page.citations:
        return markdown, rendered
    cited: dict[str, Source] = {}
    pieces = []
    last = 0
    for number, citation in enumerate(page.citations, start=1):
        pieces.append(markdown[last : citation.start])
        pieces.append(f"[^{RESERVED_FOOTNOTE_PREFIX}{number}]")
        last = citation.end
        rendered.notes[number] = _note(citation, bib, formatter, cited)
    pieces.append(markdown[last:])
    definitions = "\n".join(
        f"[^{RESERVED_FOOTNOTE_PREFIX}{n}]: {_NOTE_PLACEHOLDER.format(n)}" for n in rendered.notes
    )
    headings = formatter.headings
    pieces.append(
        f"\n\n## {headings['notes']} {{ #notes }}\n\n{FOOTNOTES_MARKER}\n\n"
        f"## {headings['references']} {{ #references }}\n\n{_BIBLIOGRAPHY_PLACEHOLDER}\n\n{definitions}\n"
    )
    rendered.bibliography = reference_list(cited.values(), formatter)
    return "".join(pieces), rendered


def _note(citation: Citation, bib: Bibliography, formatter: Formatter, cited: dict[str, Source]) -> str:
    parts = []
    for item in citation.items:
        source = bib.lookup(item.key)
        if source is None:  # the checks stop the build first; never silently drop the citation
            parts.append(f'<span class="citekit-missing">[{html.escape(item.key)}?]</span>')
            continue
        seen = source.key in cited
        cited.setdefault(source.key, source)
        text = formatter.reference(source, item.locator, form="short" if seen else "note")
        if seen:
            text = f'<a class="citekit-short" href="#{anchor(source.key)}">{text}</a>'
        parts.append(text)
    return " ".join(parts)


def reference_list(sources, formatter: Formatter) -> str:
    items = "".join(
        f'<li id="{anchor(s.key)}">{formatter.reference(s)}</li>'
        for s in sorted(sources, key=formatter.sort_key)
    )
    return f'<ul class="citekit-references">{items}</ul>'


def anchor(key: str) -> str:
    return "ref-" + re.sub(r"[^\w-]", "-", key.lower())
