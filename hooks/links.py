"""MkDocs hook: once every language is written, check every internal link of the built site.

Thin by design: the logic lives in ``citekit.sitelinks``. It reads the HTML actually written
in every language: links written in Markdown (mkdocs.yml leaves them to it, MkDocs' own
``validation:`` of links is off), raw HTML in pages, templates and generated blocks (reference
lists, language switcher, sitemap, feeds).

- on_startup: note whether this is ``mkdocs serve``, a preview.
- on_pre_build: forget the pages of the previous build (``mkdocs serve`` rebuilds).
- on_post_page: remember which Markdown file each built page comes from, in every language.
- on_post_build: after the last language, check the whole site; a broken link stops the
  build with exit status 1, so ``make site`` keeps the last good site. A preview prints the
  same diagnostics and keeps serving.

mkdocs-static-i18n builds the other languages from inside its own ``on_post_build`` (priority
-100) of the default-language build. Running after it (priority -200) and only when it is
not ``building`` makes ours the single, last call of the whole build, all languages written.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from citekit.diagnostics import report
from citekit.sitelinks import check_site

_sources: dict[str, Path] = {}
_preview = {"on": False}


def _inner_language_build(config) -> bool:
    i18n = config.plugins.get("i18n")
    return i18n is not None and getattr(i18n, "building", False)


def on_startup(command: str, dirty: bool) -> None:
    _preview["on"] = command == "serve"


def on_pre_build(config) -> None:
    if not _inner_language_build(config):
        _sources.clear()


def on_post_page(output: str, page, config) -> str:
    if page.file.abs_src_path:
        _sources[page.file.dest_uri] = Path(page.file.abs_src_path)
    return output


@event_priority(-200)
def on_post_build(config) -> None:
    if _inner_language_build(config):
        return  # a language built from inside the default language's build: wait for the end
    root = Path(config.config_file_path).resolve().parent

    def shown(path: Path) -> str:
        try:
            return Path(path).resolve().relative_to(root).as_posix()
        except ValueError:
            return str(path)

    i18n = config.plugins.get("i18n")
    languages = tuple(lang for lang in getattr(i18n, "build_languages", None) or []
                      if lang != getattr(i18n, "default_language", None))
    diagnostics = check_site(Path(config.site_dir), config.site_url, _sources, shown, languages)
    count = report(diagnostics)
    if count and not _preview["on"]:
        raise PluginError(f"{count} broken internal link(s) in the built site")
