"""MkDocs hook: once every language is written, check every internal link of the built site.

Thin by design: the logic lives in ``citekit.sitelinks``, the build's state in
``citekit.state.build``. It reads the HTML actually written in every language: links written
in Markdown (mkdocs.yml leaves them to it, MkDocs' own ``validation:`` of links is off), raw
HTML in pages, templates and generated blocks (reference lists, language switcher, sitemap,
feeds).

- on_startup: note whether this is ``mkdocs serve``, a preview.
- on_config: join the build (a new build forgets the pages of the previous one).
- on_post_page: remember which Markdown file each built page comes from, in every language.
- on_post_build: after the last language, check the whole site; a broken link stops the
  build with exit status 1, so ``make site`` keeps the last good site. A preview prints the
  same diagnostics and keeps serving; its dirty rebuilds (``make serve``) skip the check,
  which reads every page of the site.

mkdocs-static-i18n builds the other languages from inside its own ``on_post_build`` (priority
-100) of the default-language build. Running after it (priority -200) and only outside an
inner language build makes ours the single, last call of the whole build, all languages written.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from citekit import i18n
from citekit.diagnostics import report
from citekit.sitelinks import check_site
from citekit.state import build


def on_startup(command: str, dirty: bool) -> None:
    build.start(command, dirty)


def on_config(config):
    build.join(config)


def on_post_page(output: str, page, config) -> str:
    if page.file.abs_src_path:
        build.sources[page.file.dest_uri] = Path(page.file.abs_src_path)
    return output


@event_priority(-200)
def on_post_build(config) -> None:
    if i18n.inner_build(config):
        return  # a language built from inside the default language's build: wait for the end
    if build.partial:
        return  # a dirty rebuild of the preview: the first build checked the whole site
    root = Path(config.config_file_path).resolve().parent

    def shown(path: Path) -> str:
        try:
            return Path(path).resolve().relative_to(root).as_posix()
        except ValueError:
            return str(path)

    diagnostics = check_site(Path(config.site_dir), config.site_url, build.sources, shown,
                             i18n.other_built_languages(config))
    count = report(diagnostics)
    if count and not build.preview:
        raise PluginError(f"{count} broken internal link(s) in the built site")
