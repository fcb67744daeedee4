"""MkDocs hook: search in the reader's language first.

Thin by design: the logic lives in ``citekit/search.py``.
- on_post_build: once every language is built and mkdocs-static-i18n has written its merged
                 index, write one index per language under the language's root
                 (``tr/search/search_index.json``). The theme override (``overrides/main.html``,
                 block ``config``) points each page's search at its language's index.
                 Material also reads ``sitemap.xml`` from that root, so each language gets a copy
                 of the site's sitemap there (else every page asks for a missing file).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.plugins import event_priority

from citekit.search import languages_from_i18n, write_language_indexes


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages and merged their indexes
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is None or getattr(i18n, "building", False):
        return  # no languages, or a later language of the same build: the merged index is not complete yet
    site_dir = Path(config.site_dir)
    languages = languages_from_i18n(i18n)
    write_language_indexes(site_dir, languages)
    for root in {language.root for language in languages if language.root}:
        if (site_dir / "sitemap.xml").exists() and (site_dir / root).is_dir():
            shutil.copyfile(site_dir / "sitemap.xml", site_dir / root / "sitemap.xml")
