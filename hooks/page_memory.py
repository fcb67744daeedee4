"""MkDocs hook: a page's HTML and Markdown are let go once the page is written.

mkdocs-static-i18n builds each language from inside the default language's build, so every
language's pages stay alive until the end of the whole build, each with its rendered HTML and
its Markdown. Nothing reads them after the page is written (search indexed the page in
on_page_context; the sitemap, navigation and link check read titles, addresses and the written
files), so holding them only raises the build's peak memory, by about the size of the site's
HTML. Runs last (priority -300), after every other plugin's on_post_page.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority


@event_priority(-300)
def on_post_page(output: str, page, config) -> str:
    # Empty, not None: with no Markdown MkDocs gives the page no title, and with no HTML it
    # derives the title again from the Markdown; pages built later show this page's title in
    # their navigation and footer (tests/test_articles.py checks they still do).
    page.content = ""
    page.markdown = ""
    return output
