"""One build's state, in one object shared by the hook modules.

MkDocs hooks are modules, not plugin instances: ``build`` below plays the part of a Material
plugin's ``self``. A build is one ``mkdocs build`` (or one rebuild of ``mkdocs serve``) with
every language mkdocs-static-i18n builds inside it; it starts at the first ``on_config`` of a
new config, where each hook says which checks it needs, so the checks run once, in whichever
hook's ``on_pre_build`` comes first, and no hook depends on another's order.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError

from . import i18n
from .checks import CheckResult, Project, check_articles, check_project
from .config import project_of
from .diagnostics import report
from .formatting import Formatter
from .preview import problems_by_file
from .render import CitationNotes

CITATIONS, ARTICLES = "citations", "articles"


@dataclass
class Build:
    preview: bool = False  # mkdocs serve: problems are shown on the pages and the build goes on
    config: object = None  # the MkDocs config being built
    needs: set[str] = field(default_factory=set)  # the checks the site's hooks need
    project: Project | None = None
    result: CheckResult | None = None
    problems: dict[str, list[dict]] = field(default_factory=dict)  # preview: shown page -> banner items
    notes: CitationNotes = field(default_factory=CitationNotes)  # in the site's Markdown extensions
    formatters: dict[str, Formatter] = field(default_factory=dict)  # of the language being built
    sources_html: dict[str, str] = field(default_factory=dict)  # dest_uri of a sources page -> its listing
    sources: dict[str, object] = field(default_factory=dict)  # dest_uri -> Markdown file, every language

    def join(self, config, need: str | None = None) -> None:
        """A hook takes part in the build of ``config`` (its ``on_config``)."""
        if config is not self.config:
            self.__dict__.update(Build(preview=self.preview, config=config).__dict__)
        if need:
            self.needs.add(need)

    def check(self, config) -> None:
        """Every check the site's hooks need, once per build, before anything is written;
        raises PluginError on an error unless this is a preview of a site with citations."""
        if self.result is not None or i18n.inner_build(config):
            return  # already checked, or a later language of the same build
        citations = CITATIONS in self.needs
        self.project = project_of(config, preview=self.preview)
        self.result = (check_project if citations else check_articles)(self.project)
        count = report(self.result.diagnostics)
        if count and not (citations and self.preview):
            kind = "citation/footnote/bibliography" if citations else "article"
            raise PluginError(f"{count} {kind} error(s); the site was not built")
        if count:
            print(f"citekit: preview built anyway; each affected page shows its problems "
                  f"('make site' stops on these {count} error(s))", file=sys.stderr)
        if citations and self.preview:
            self.problems = problems_by_file(self.result.diagnostics, self.result.pages)

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


build = Build()
