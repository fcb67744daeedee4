"""The only code that knows mkdocs-static-i18n's attributes.

mkdocs-static-i18n builds the default language, then each other language from inside the
default language's ``on_post_build`` (``building`` is true meanwhile), with the same config.
Everything else asks these functions; a site without the plugin is one language, "en".
"""

from __future__ import annotations

from .search import Language

PLUGIN = "i18n"
DEFAULT = "en"


def _plugin(config):
    return config.plugins.get(PLUGIN)


def languages(config) -> tuple[list[str], str]:
    """Every configured language and the default one."""
    plugin = _plugin(config)
    entries = plugin.config.languages if plugin is not None else []
    codes = [entry.locale for entry in entries] or [DEFAULT]
    default = next((entry.locale for entry in entries if entry.default), codes[0])
    return codes, default


def inner_build(config) -> bool:
    """Whether this is a language built from inside the default language's build."""
    plugin = _plugin(config)
    return plugin is not None and bool(getattr(plugin, "building", False))


def reader_language(config, default: str) -> str:
    """The language whose site is being built."""
    return getattr(_plugin(config), "current_language", None) or default


def page_language(page, default: str) -> str:
    """The language of the text of a page (an untranslated page is shown in the default one)."""
    return getattr(page.file, "locale", None) or default


def other_built_languages(config) -> tuple[str, ...]:
    """The built languages other than the default one (each at its own root, ``tr/``)."""
    plugin = _plugin(config)
    if plugin is None:
        return ()
    return tuple(lang for lang in plugin.build_languages if lang != plugin.default_language)


def site_languages(config) -> list[Language] | None:
    """The built languages with their roots in the site, the default (at the root) first;
    None without the plugin."""
    plugin = _plugin(config)
    if plugin is None:
        return None
    built = [lang for lang in plugin.config.languages if lang.build and lang.locale != "null"]
    built.sort(key=lambda lang: not lang.default)
    return [Language(lang.locale, "" if lang.default else lang.link.strip("/") + "/") for lang in built]


def build_only(config, languages: set[str] | None) -> None:
    """From now on, build the default language and ``languages`` alone (None: every language
    the site builds), through each language's ``build`` switch, which the plugin reads before
    each language's build (its ``build_only_locale`` sets the same switches, but only when the
    config is read). The site's own switches are kept on the plugin to restore them."""
    plugin = _plugin(config)
    if plugin is None:
        return
    configured = plugin.__dict__.setdefault("_citekit_build", {lang.locale: lang.build for lang in plugin.config.languages})
    for lang in plugin.config.languages:
        lang.build = configured.get(lang.locale, lang.build) and (
            languages is None or lang.default or lang.locale in languages)
