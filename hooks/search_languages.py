"""MkDocs hook: search in the reader's language first.

Thin by design: the logic lives in ``citekit/search.py``.
- on_post_build: once every language is built and mkdocs-static-i18n has written its merged
                 index, write one index per language under the language's root
                 (``tr/search/search_index.json``), from the merged index the search plugin
                 still holds in memory. The theme override (``overrides/main.html``,
                 block ``config``) points each page's search at its language's index.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from citekit.search import held_index, languages_from_i18n, tag_labels, write_language_indexes


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages and merged their indexes
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is None or getattr(i18n, "building", False):
        return  # no languages, or a later language of the same build: the merged index is not complete yet
    search = config.plugins.get("material/search") or config.plugins.get("search")
    labels = tag_labels(Path(config.config_file_path).parent)
    write_language_indexes(Path(config.site_dir), languages_from_i18n(i18n), held_index(search), labels)
