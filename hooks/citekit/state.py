"""One build's state, in one object shared by the hook modules.

MkDocs hooks are modules, not plugin instances: ``build`` below plays the part of a Material
plugin's ``self``. A build is one ``mkdocs build`` (or one rebuild of ``mkdocs serve``) with
every language mkdocs-static-i18n builds inside it; it starts at the first ``on_config`` of a
new config, where each hook says which checks it needs, so the checks run once, in whichever
hook's ``on_pre_build`` comes first, and no hook depends on another's order.

``make serve`` rebuilds dirty (``mkdocs serve --dirty``): MkDocs then writes again only the
pages whose Markdown changed. What a page shows also depends on other files (its problems, the
bibliography, the status of its translations), so a rebuild compares each page's view with the
previous build's and has MkDocs write again every page whose view changed (``Preview``).
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError

from . import i18n
from .checks import BIB_FILE, CACHE_DIR, CheckResult, Project, check_articles, check_project
from .config import project_of
from .diagnostics import report
from .formatting import Formatter
from .preview import EVERY_PAGE, CompiledTemplates, problems_by_file
from .render import CitationNotes
from .pagecache import PageCache
from .translations import MISSING, original_of

CITATIONS, ARTICLES = "citations", "articles"


@dataclass
class Preview:
    """What the previous build of ``mkdocs serve --dirty`` showed, kept from one rebuild to the next."""

    views: dict[str, object] = field(default_factory=dict)  # shown page -> what its HTML shows besides its text
    shared: object = None  # what every page shows: the bibliography, the problems of no page
    stale: set[str] | None = None  # shown pages to write again in this rebuild; None: every page
    rebuild: bool = False  # whether a build came before this one (the first writes every page anyway)
    cleared: set[str] = field(default_factory=set)  # written pages removed in this rebuild, to be written again
    templates: CompiledTemplates = field(default_factory=CompiledTemplates)
    bibliography: object = None  # (digest of references.bib, its parse), reused while the file is unchanged
    pages: PageCache | None = None  # each page's own check results, in memory

    def compare(self, views: dict[str, object], shared: object) -> None:
        """The pages whose view changed since the previous build (all of them when the shared part did)."""
        self.rebuild = bool(self.views)
        if shared != self.shared or not self.views:
            self.stale = None
        else:
            self.stale = {page for page in views.keys() | self.views.keys()
                          if views.get(page) != self.views.get(page)}
        self.views, self.shared = views, shared
        self.cleared = set()

    def clear(self, shown: str, written: str) -> None:
        """Remove the written page ``written`` of a stale page, so that MkDocs writes it again;
        once per rebuild (a later language's files may name the pages already written)."""
        if (self.stale is None or shown in self.stale) and written not in self.cleared:
            self.cleared.add(written)
            Path(written).unlink(missing_ok=True)


@dataclass
class Build:
    preview: bool = False  # mkdocs serve: problems are shown on the pages and the build goes on
    dirty: bool = False  # mkdocs serve --dirty: a rebuild writes only what changed
    memory: Preview = field(default_factory=Preview)  # the previous build, under a dirty preview
    config: object = None  # the MkDocs config being built
    needs: set[str] = field(default_factory=set)  # the checks the site's hooks need
    project: Project | None = None
    result: CheckResult | None = None
    problems: dict[str, list[dict]] = field(default_factory=dict)  # preview: shown page -> banner items
    notes: CitationNotes = field(default_factory=CitationNotes)  # in the site's Markdown extensions
    formatters: dict[str, Formatter] = field(default_factory=dict)  # of the language being built
    sources_html: dict[str, str] = field(default_factory=dict)  # dest_uri of a sources page -> its listing
    sources: dict[str, object] = field(default_factory=dict)  # dest_uri -> Markdown file, every language

    def start(self, command: str, dirty: bool) -> None:
        """``on_startup``: a preview (``mkdocs serve``), dirty or not."""
        self.preview = command == "serve"
        self.dirty = self.preview and dirty

    @property
    def partial(self) -> bool:
        """Whether this is a dirty rebuild of the preview: not every page is written again."""
        return self.dirty and self.memory.stale is not None

    def join(self, config, need: str | None = None) -> None:
        """A hook takes part in the build of ``config`` (its ``on_config``)."""
        if config is not self.config:
            self.__dict__.update(Build(preview=self.preview, dirty=self.dirty, memory=self.memory,
                                       config=config).__dict__)
        if need:
            self.needs.add(need)

    def check(self, config) -> None:
        """Every check the site's hooks need, once per build, before anything is written;
        raises PluginError on an error unless this is a preview of a site with citations."""
        if self.result is not None or i18n.inner_build(config):
            return  # already checked, or a later language of the same build
        citations = CITATIONS in self.needs
        self.project = project_of(config, preview=self.preview)
        if citations:
            bib_digest = _digest(self.project.root / BIB_FILE) if self.dirty else None
            kept = self.memory.bibliography
            if self.dirty and self.memory.pages is None:
                self.memory.pages = PageCache.open(self.project.root / CACHE_DIR)
            self.result = check_project(self.project, kept[1] if kept and kept[0] == bib_digest else None,
                                        self.memory.pages if self.dirty else None)
            if self.dirty:  # references.bib as read, kept while the file is unchanged
                self.memory.bibliography = (bib_digest, self.result.bib)
        else:
            self.result = check_articles(self.project)
        count = report(self.result.diagnostics)
        if count and not (citations and self.preview):
            kind = "citation/footnote/bibliography" if citations else "article"
            raise PluginError(f"{count} {kind} error(s); the site was not built")
        if count:
            print(f"citekit: preview built anyway; each affected page shows its problems "
                  f"('make site' stops on these {count} error(s))", file=sys.stderr)
        if citations:
            if self.preview:
                self.problems = problems_by_file(self.result.diagnostics, self.result.pages)
            if self.dirty:
                self.memory.compare(*page_views(self.project, self.result, self.problems))
                i18n.build_only(config, None if self.memory.stale is None else
                                languages_showing(self.project, self.result, self.memory.stale))

    def add_notes_extension(self, config) -> None:
        """The site's Markdown makes citations notes (once per config: each language's build reuses it)."""
        found = [e for e in config.markdown_extensions if isinstance(e, CitationNotes)]
        if found:
            self.notes = found[0]
        else:
            config.markdown_extensions.append(self.notes)

    def reader_language(self, config) -> str:
        """The language whose site is being built."""
        return i18n.reader_language(config, self.project.default_language)

    def formatter(self, lang: str) -> Formatter:
        return self.formatters.get(lang) or self.formatters.setdefault(lang, Formatter(lang))


def page_views(project: Project, result: CheckResult, problems: dict[str, list[dict]]) -> tuple[dict, object]:
    """What each page shows besides its own text, and what every page shows: the bibliography
    (the notes and reference lists), the problems of no page, the translation status."""
    views = {}
    for shown in result.pages:
        path = project.root / shown
        original = project.shown(original_of(path, project.language_of(path)))
        views[shown] = (result.fingerprints.get(shown), repr(problems.get(shown, [])),
                         repr(sorted(result.status.get(original, {}).items())))
    return views, (repr(problems.get(EVERY_PAGE, [])), result.sources_page,
                   _digest(project.root / BIB_FILE), _digest(project.root / "mkdocs.yml"))


def languages_showing(project: Project, result: CheckResult, pages: set[str]) -> set[str]:
    """The languages whose site shows one of ``pages``: its own, and for an English page each
    language that has no translation of it (and shows the English one instead)."""
    found = set()
    for shown in pages:
        language = project.language_of(project.root / shown)
        found.add(language)
        if language == project.default_language:
            found.update(lang for lang, state in result.status.get(shown, {}).items() if state == MISSING)
    return found


def _digest(path) -> bytes | None:
    try:
        return hashlib.blake2b(path.read_bytes()).digest()
    except OSError:
        return None


build = Build()
