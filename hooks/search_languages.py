"""MkDocs hook: search in the reader's language first.

Thin by design: the logic lives in ``citekit/search.py`` and ``citekit/theme.py``.
- on_env:        the name of Material's search worker bundle, for the theme override to load
                 (``citekit_search_worker``); it changes with every Material release.
- on_post_build: once every language is built and mkdocs-static-i18n has written its merged
                 index, write one index per language under the language's root
                 (``tr/search/search_index.json``), from the merged index the search plugin
                 still holds in memory. The theme override (``overrides/main.html``,
                 block ``config``) points each page's search at its language's index.
- on_config:     in a dirty rebuild of the preview (``make serve``), the index is not written
                 again: the first build's stays.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from citekit import i18n
from citekit.search import held_index, stop_indexing, tag_labels, write_language_indexes
from citekit.state import build
from citekit.theme import material_search_worker


def on_config(config):
    """A dirty rebuild of the preview writes only the pages that changed, and an index of those
    alone would replace the whole site's: the first build's index stays."""
    if build.dirty and build.memory.views:
        stop_indexing(search_plugin(config))


def on_env(env, config, files):
    env.globals["citekit_search_worker"] = material_search_worker(files)
    return env


def search_plugin(config):
    return config.plugins.get("material/search") or config.plugins.get("search")


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages and merged their indexes
def on_post_build(config) -> None:
    languages = i18n.site_languages(config)
    if languages is None or i18n.inner_build(config):
        return  # no languages, or a later language of the same build: the merged index is not complete yet
    if build.partial:
        return  # a dirty rebuild of the preview indexed only the pages written again: keep the first build's
    labels = tag_labels(Path(config.config_file_path).parent)
    write_language_indexes(Path(config.site_dir), languages, held_index(search_plugin(config)), labels)
