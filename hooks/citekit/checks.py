"""The integrity checks over a whole project: every page in every language, and the bibliography.

Used by the MkDocs hook before anything is written and by ``python -m citekit check``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import articles, bibliography
from .bibliography import Bibliography
from .diagnostics import Diagnostic, undecodable_at
from .pagecache import PageCache, PageResult
from .scanner import FULL_BIBLIOGRAPHY, RESERVED_FOOTNOTE_PREFIX, FootnoteMark, PageScan, front_matter, mask, scan
from . import translations as tr

BIB_FILE = "references.bib"
CACHE_DIR = ".cache/citekit"  # the parsed bibliography, reused while references.bib is unchanged
MAX_PAGE_BYTES = 1_000_000
# letters of other scripts that look like Latin ones, as typed with a Russian or Turkish layout
_LOOKALIKES = str.maketrans("асеорхуіјѕкАВЕКМНОРСТХУı", "aceopxyijskABEKMHOPCTXYi")


@dataclass
class Project:
    root: Path
    docs_dir: Path
    languages: list[str]
    default_language: str = "en"
    pages: tuple[Path, ...] = ()  # every Markdown page MkDocs builds, sorted

    def language_of(self, path: Path) -> str:
        parts = path.name.split(".")
        if len(parts) >= 3 and parts[-2] in self.languages:
            return parts[-2]
        return self.default_language

    def shown(self, path: Path) -> str:
        cache = self.__dict__.setdefault("_shown", {})  # resolve() costs a system call per folder
        if path not in cache:
            try:
                cache[path] = path.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                cache[path] = str(path)
        return cache[path]


@dataclass
class CheckResult:
    bib: Bibliography
    pages: dict[str, PageScan] = field(default_factory=dict)  # shown path -> scan
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # English page (shown path) -> language -> translated / stale / unreviewed / missing
    status: dict[str, dict[str, str]] = field(default_factory=dict)
    catalog: articles.Catalog = field(default_factory=articles.Catalog)
    # shown path -> hash of the text scanned: a page's text is read again when it is rendered
    # rather than kept (a site's pages are megabytes)
    fingerprints: dict[str, int] = field(default_factory=dict, repr=False)
    # the English page (docs-relative) holding \full_bibliography: every source's place (citekit.sources)
    sources_page: str | None = None

    def evidence(self, project: Project) -> dict[str, dict[str, dict[str, int]]]:
        """English page (shown path) -> language -> how many citation items it has and how many
        carry a passage (the page itself under the default language)."""
        coverage: dict[str, dict[str, dict[str, int]]] = {}
        for shown, page in sorted(self.pages.items()):
            path = project.root / shown
            language = project.language_of(path)
            original = project.shown(tr.original_of(path, language))
            items = [item for citation in page.citations for item in citation.items]
            coverage.setdefault(original, {})[language] = {
                "citations": len(items), "with_passage": sum(1 for item in items if item.passage)}
        return coverage

    def scan_of(self, shown: str, path: Path, markdown: str) -> tuple[PageScan | None, int]:
        """The checks' scan of the page at ``path``, whose Markdown (front matter removed, as
        MkDocs reads it, and trailing white space, as a plugin may strip it) is ``markdown``, and
        the offset where that Markdown starts in the scanned text; (None, 0) when the file is
        not the text that was checked (changed since, or read with other line endings)."""
        page, fingerprint = self.pages.get(shown), self.fingerprints.get(shown)
        if page is None or fingerprint is None:
            return None, 0
        text = read_page(path, shown, [])
        if text is None:
            return None, 0
        body, whole = markdown.rstrip(), text.rstrip()
        shift = len(whole) - len(body)
        if hash(text) != fingerprint or not whole.endswith(body) \
                or any(citation.start < shift for citation in page.citations):
            return None, 0
        return page, shift


def check_project(project: Project, bib: Bibliography | None = None, cache: PageCache | None = None) -> CheckResult:
    """Every check. A preview keeps, between rebuilds, references.bib as read (``bib``) and the
    pages' own results in memory (``cache``, then not written to disk)."""
    bib = bib or bibliography.load(project.root / BIB_FILE, project.shown(project.root / BIB_FILE),
                                   cache_dir=project.root / CACHE_DIR)
    result = CheckResult(bib)
    lowered = {key.lower(): key for key in bib.keys()}
    texts: dict[Path, str] = {}
    kept, cache = cache is not None, cache or PageCache.open(project.root / CACHE_DIR)
    for path, shown, text in _pages(project, result):
        texts[path] = text
        result.fingerprints[shown] = hash(text)
        page = page_result(cache, shown, text)
        result.pages[shown] = page.scan
        if result.sources_page is None and project.language_of(path) == project.default_language \
                and "\\full_bibliography" in text and FULL_BIBLIOGRAPHY.search(mask(text)):
            result.sources_page = path.relative_to(project.docs_dir).as_posix()
        result.diagnostics.extend(page.diagnostics)
        if bib.sources:  # else every key is unknown: one error about the .bib says it all
            result.diagnostics.extend(check_keys(page.scan, bib, lowered))
        result.diagnostics.extend(check_prefixed(page.scan, bib))
    if not kept:
        cache.save()
    # an entry no page cites is never an error: a whole-library export works as references.bib
    result.diagnostics[:0] = bib.cited_diagnostics(
        {item.key.lower() for page in result.pages.values() for citation in page.citations for item in citation.items})
    cited = sum(len(page.citations) for page in result.pages.values())
    if not bib.sources and not bib.diagnostics and cited:
        result.diagnostics.append(Diagnostic(
            bib.path, 1, 1, "BIB010", f"the bibliography has no entries, but the pages hold {cited} citation(s)",
            f"export your library to {bib.path} again (Zotero: Better BibLaTeX)"))
    check_translations(project, texts, result, set(lowered))
    result.catalog = articles.collect(project, texts, result.pages)
    result.diagnostics.extend(result.catalog.diagnostics)
    return result


def page_result(cache: PageCache, shown: str, text: str) -> PageResult:
    """What the page says on its own and its own problems, from the cache while its text is unchanged."""
    digest = cache.digest(shown, text)
    found = cache.get(digest)
    if found is None:
        page = scan(text, shown)
        problems = check_front_matter(text, shown)
        match = None if problems else front_matter(text.replace("\r\n", "\n"))
        front = (match[1], tr.load_yaml(match[1])) if match else None
        found = PageResult(page, problems + page.diagnostics + check_footnotes(page), front)
        cache.put(digest, found)
    elif found.front is not None:
        tr.known_yaml(*found.front)  # the other checks read the front matter again
    return found


def check_articles(project: Project) -> CheckResult:
    """The article catalogue and its checks alone, for a site built without hooks/citations.py
    (nothing is cited: no bibliography is read and no page is scanned for citations)."""
    result = CheckResult(Bibliography(project.shown(project.root / BIB_FILE)))
    texts: dict[Path, str] = {}
    for path, shown, text in _pages(project, result):
        texts[path] = text
        result.diagnostics.extend(check_front_matter(text, shown))
    result.catalog = articles.collect(project, texts, {})
    result.diagnostics.extend(result.catalog.diagnostics)
    return result


def _pages(project: Project, result: CheckResult):
    """(path, shown path, text) of every page that can be read; the others are diagnostics."""
    for path in project.pages:
        shown = project.shown(path)
        text = read_page(path, shown, result.diagnostics)
        if text is not None:
            yield path, shown, text


def check_translations(project: Project, texts: dict[Path, str], result: CheckResult,
                       known: set[str]) -> None:
    """Parity of citations and footnotes, freshness, and the status of every page in every language."""
    others = [lang for lang in project.languages if lang != project.default_language]
    for path, text in texts.items():
        language = project.language_of(path)
        shown = project.shown(path)
        if language == project.default_language:
            result.status[shown] = {
                lang: _status(texts, path, lang) for lang in others
            }
            continue
        original = tr.original_of(path, language)
        if original not in texts:
            hint = f"create {project.shown(original)} first, or rename this file" if not original.exists() \
                else f"fix {project.shown(original)} first"
            result.diagnostics.append(Diagnostic(shown, 1, 1, "TRN005",
                                                 f"translation has no English original {project.shown(original)}",
                                                 hint))
            continue
        result.diagnostics.extend(tr.check_parity(result.pages[project.shown(original)], texts[original],
                                                  result.pages[shown], text, known))
        result.diagnostics.extend(tr.check_passages(result.pages[project.shown(original)], result.pages[shown]))
        if check_front_matter(text, shown):
            continue  # its review record cannot be read; SRC002 says why
        state = tr.freshness(text, texts[original])
        command = f"make reviewed PAGE={shown}"
        if state == tr.STALE:
            result.diagnostics.append(Diagnostic(
                shown, 1, 1, "TRN010", f"{project.shown(original)} changed since this translation was reviewed",
                f"update the translation, then run '{command}'", severity="note"))
        elif state == tr.UNREVIEWED:
            result.diagnostics.append(Diagnostic(
                shown, 1, 1, "TRN011", "translation records no reviewed version of its English page",
                f"after checking it against {project.shown(original)}, run '{command}'", severity="note"))


def _status(texts: dict[Path, str], original: Path, language: str) -> str:
    path = tr.translation_path(original, language)
    if path not in texts:
        return tr.MISSING
    return tr.freshness(texts[path], texts[original])


def read_page(path: Path, shown: str, diagnostics: list[Diagnostic]) -> str | None:
    raw = path.read_bytes()
    if len(raw) > MAX_PAGE_BYTES:  # MkDocs needs minutes for such a page (8 min for 5 MB, measured)
        diagnostics.append(Diagnostic(
            shown, 1, 1, "SRC003", f"the page is {len(raw) / 1e6:.1f} MB; the limit is {MAX_PAGE_BYTES / 1e6:g} MB",
            "split it into several pages (a long article is about 50 KB), or move data out of docs/"))
        return None
    try:
        return raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as error:
        line, col = undecodable_at(raw, error)
        diagnostics.append(
            Diagnostic(shown, line, col, "SRC001", "the file is not valid UTF-8 text",
                       "save it as UTF-8 (most editors: 'Save with encoding')")
        )
        return None


def check_keys(page: PageScan, bib: Bibliography, lowered: dict[str, str]) -> list[Diagnostic]:
    found = []
    for citation in page.citations:
        for item in citation.items:
            if bib.lookup(item.key) is not None:
                continue
            close = difflib.get_close_matches(item.key.lower(), lowered, n=3, cutoff=0.6)
            latin = item.key.translate(_LOOKALIKES)
            if latin != item.key and bib.lookup(latin) is not None:
                odd = ", ".join(f"'{c}' ({unicodedata.name(c, '?')})" for c in dict.fromkeys(item.key)
                                if c.translate(_LOOKALIKES) != c)
                hint = (f"did you mean '{bib.lookup(latin).key}'? the key is typed with {odd}, "
                        "which looks like a Latin letter: retype it with a Latin keyboard layout")
            elif close:
                hint = "did you mean " + " or ".join(f"'{lowered[c]}'" for c in close) + "?"
            else:
                hint = f"add an entry '@type{{{item.key}, ...}}' to {bib.path}"
            found.append(
                Diagnostic(page.path, item.line, item.col, "CIT001",
                           f"unknown citation key '{item.key}'", hint)
            )
    return found


def check_prefixed(page: PageScan, bib: Bibliography) -> list[Diagnostic]:
    """Pandoc habits ([see @key], [-@key], [ @key]) print as plain text here: say so instead."""
    found = []
    for prefix, citation in page.prefixed:
        if prefix.strip() not in ("", "-") and not any(bib.lookup(item.key) for item in citation.items):
            continue  # [contact @someone] is prose, not a citation
        inner = "; ".join(f"@{i.key}, {i.locator}" if i.locator else f"@{i.key}" for i in citation.items)
        if prefix.strip() == "-":
            hint = f"write [{inner}]: suppressing the author with -@ is not supported"
        elif not prefix.strip():
            hint = f"remove the space after '[': [{inner}]"
        else:
            hint = f"put the words outside the brackets: {prefix.strip()} [{inner}]"
        found.append(Diagnostic(page.path, citation.line, citation.col, "CIT004",
                                "not read as a citation: a citation opens with '[@'", hint))
    return found


def check_front_matter(text: str, shown: str) -> list[Diagnostic]:
    """A front matter MkDocs cannot read is silently published as text; report it instead."""
    match = front_matter(text.replace("\r\n", "\n"))
    if not match:
        return []
    hint = 'quote a value that holds ": " or starts with [, {, *, & or a quote, e.g. title: "ISKP: an overview"'
    try:
        data = tr.load_yaml(match[1])  # parsed once, shared with the other checks
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, col = (mark.line + 2, mark.column + 1) if mark else (1, 1)
        problem = getattr(error, "problem", None) or "cannot be read"
        return [Diagnostic(shown, line, col, "SRC002", f"front matter is not valid YAML: {problem}", hint)]
    if data is not None and not isinstance(data, dict):
        return [Diagnostic(shown, 2, 1, "SRC002", "front matter is not a list of 'key: value' lines", hint)]
    return []


def check_footnotes(page: PageScan) -> list[Diagnostic]:
    found = []
    first: dict[str, FootnoteMark] = {}
    for definition in page.footnote_defs:
        if definition.label.startswith(RESERVED_FOOTNOTE_PREFIX):
            found.append(Diagnostic(page.path, definition.line, definition.col, "FN004",
                                    f"footnote label '{definition.label}' uses the reserved prefix "
                                    f"'{RESERVED_FOOTNOTE_PREFIX}'", "rename the footnote"))
        elif definition.label in first:
            found.append(Diagnostic(page.path, definition.line, definition.col, "FN003",
                                    f"footnote '[^{definition.label}]' is defined twice",
                                    f"the first definition is at line {first[definition.label].line}; "
                                    "rename one label or merge the notes"))
        first.setdefault(definition.label, definition)
    referenced = {ref.label for ref in page.footnote_refs}
    for ref in page.footnote_refs:
        if ref.label not in first:
            same = [label for label in first if label.lower() == ref.label.lower()]
            hint = f"add a line '[^{ref.label}]: text' at the end of the page"
            if same:
                hint = f"the definition is [^{same[0]}]: labels are case-sensitive, write them alike"
            found.append(Diagnostic(page.path, ref.line, ref.col, "FN001",
                                    f"footnote '[^{ref.label}]' has no definition", hint))
    for label, definition in first.items():
        if label not in referenced and not label.startswith(RESERVED_FOOTNOTE_PREFIX):
            found.append(Diagnostic(page.path, definition.line, definition.col, "FN002",
                                    f"footnote '[^{label}]' is defined but never referenced",
                                    f"cite it in the text with [^{label}] or delete it"))
    return found
