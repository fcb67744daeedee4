"""Every cited source's place on the site: a reader goes from a note to everything the site rests on
that source.

A page that holds mkdocs-bibtex's command ``\\full_bibliography`` on a line of its own (by
convention ``docs/sources.md`` and its translations) becomes, in its language, the list of
every source the site cites: its full reference (with its archived copy), then each page and
claim that cites it, linked to the citation's own mark in the text, with the citation's locator
and passage. One page per language with an anchor per source, rather than a page per source:
a site of 2,000 sources would otherwise build 6,000 more pages. Reference-list entries link
to their source's anchor there.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from .articles import HEADING_NOISE, page_title, page_url
from .checks import CheckResult, Project, read_page
from .formatting import Formatter, locale_data
from .translations import front_matter as front_matter_of, translation_path

PLACEHOLDER = "CITEKITSOURCESX"
_HEADING = re.compile(r"^(#{1,6})[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$", re.M)


@dataclass(frozen=True, slots=True)
class Citing:
    """One citation of a source, where a reader of one language finds it."""

    title: str  # of the citing page
    url: str  # site-relative address of the citing page in the reader's language
    heading: str  # the section the citation sits in ("" before the first heading)
    note: int  # the citation's number on its page (its note's label is cite-<note>)
    locator: str
    passage: str


def source_anchor(key: str) -> str:
    return "src-" + re.sub(r"[^\w-]", "-", key.lower())


def relative(from_url: str, to_url: str) -> str:
    """The address of site-relative ``to_url`` as written on the page at ``from_url``."""
    path, _, fragment = to_url.partition("#")
    href = posixpath.relpath("/" + path, "/" + (from_url if from_url.endswith("/") else posixpath.dirname(from_url)))
    if path.endswith("/") and not href.endswith("/"):
        href += "/"
    return href + (f"#{fragment}" if fragment else "")


def citations_by_source(project: Project, result: CheckResult, lang: str) -> dict[str, list[Citing]]:
    """Every citation a reader of ``lang`` finds on the site, by source key (lower case), in page
    order: each English page's translation into ``lang`` where there is one, else the page itself."""
    found: dict[str, list[Citing]] = {}
    default = project.default_language
    for shown in sorted(result.pages):
        english = project.root / shown
        if project.language_of(english) != default:
            continue
        version = english if lang == default else translation_path(english, lang)
        if project.shown(version) not in result.pages:
            version = english  # untranslated: the reader gets the English page
        scan = result.pages[project.shown(version)]
        if not scan.citations:
            continue
        text = read_page(version, project.shown(version), []) or ""
        title = page_title(text, front_matter_of(text))
        url = page_url(english.relative_to(project.docs_dir).as_posix(), lang, default)
        headings = [(m.start(), HEADING_NOISE.sub("", m["text"]).strip()) for m in _HEADING.finditer(text)]
        for number, citation in enumerate(scan.citations, start=1):
            heading = next((h for start, h in reversed(headings) if start < citation.start), "")
            for item in citation.items:
                found.setdefault(item.key.lower(), []).append(
                    Citing(title, url, heading, number, item.locator, item.passage))
    return found


def sources_html(citing: dict[str, list[Citing]], result: CheckResult, formatter: Formatter, page_url_: str,
                 note_anchor) -> str:
    """The list on the sources page at ``page_url_``: each cited source, then where it is cited."""
    words = locale_data(formatter.lang)["sources"]
    sources = [source for source in (result.bib.lookup(key) for key in citing) if source is not None]
    sections = []
    for source in sorted(sources, key=formatter.sort_key):
        items = []
        for place in citing[source.key.lower()]:
            section = f" — {place.heading}" if place.heading and place.heading != place.title else ""
            where = html.escape(place.title + section)
            href = html.escape(relative(page_url_, f"{place.url}#{note_anchor(place.note)}"))
            text = f'<a href="{href}">{where}</a>'
            if place.locator:
                text += f", {html.escape(place.locator)}"
            if place.passage:
                text += " " + formatter.passage(source, place.passage)
            items.append(f"<li>{text}</li>")
        sections.append(
            f'<section class="citekit-source" id="{source_anchor(source.key)}">'
            f'<p class="citekit-source__reference">{formatter.reference(source)}</p>'
            f'<p class="citekit-source__cited">{html.escape(words["cited_in"])}</p>'
            f'<ul class="citekit-source__citations">{"".join(items)}</ul></section>')
    return f'<div class="citekit-sources">{"".join(sections)}</div>'
