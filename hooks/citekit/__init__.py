"""citekit: the citation, footnote and bibliography machinery behind the site.

Importable and testable without running MkDocs. The hook modules in ``hooks/`` only wire
these functions to build events.

- ``scanner``      what a Markdown page cites and footnotes (one model, with positions)
- ``bibliography`` reading and validating ``references.bib``
- ``checks``       the integrity checks over a whole project
- ``formatting``   references formatted in each language's conventions (data in ``locales/``)
- ``render``       turning citations into footnotes and a reference list
- ``diagnostics``  the ``path:line:col: error[CODE]: message`` records and their codes
- ``preview``      under ``mkdocs serve``: which problems each page shows in a banner
- ``config``       the project (folders, languages, pages) from MkDocs' config and file list
- ``state``        the one object holding a build's state, shared by the hook modules
- ``i18n``         the only code that reads mkdocs-static-i18n's attributes
"""
