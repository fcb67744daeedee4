"""MkDocs hook: hreflang in the sitemaps, one sitemap at each language's root.

Thin by design: the logic lives in ``citekit/sitemaps.py``.
- on_post_build: once every language is built and mkdocs-static-i18n has written the root
                 sitemap, rewrite it (translated versions only, x-default) and write each
                 language root's (``tr/sitemap.xml``).
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import get_build_timestamp

from citekit import i18n as i18n_plugin
from citekit.sitemaps import Site, write_sitemaps


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language and written the sitemap
def on_post_build(config) -> None:
    languages = i18n_plugin.site_languages(config)
    if languages is None or i18n_plugin.inner_build(config) or not config.site_url:
        return
    site_dir = Path(config.site_dir)
    status_file = site_dir / "translation-status.json"  # written by hooks/citations.py
    status = json.loads(status_file.read_text(encoding="utf-8")) if status_file.is_file() else {}
    write_sitemaps(site_dir, Site(config.site_url, languages, status), get_build_timestamp())
