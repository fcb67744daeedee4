"""The project's shape (docs folder, languages) read from mkdocs.yml without loading MkDocs."""

from __future__ import annotations

from pathlib import Path

import yaml

from .checks import Project


class _PermissiveLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !!python/name and !ENV tags we do not need to resolve."""


_PermissiveLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def project_from_mkdocs_yml(path: Path) -> Project:
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_PermissiveLoader) or {}
    root = path.resolve().parent
    return project_from_settings(root, config.get("docs_dir", "docs"), config.get("plugins") or [])


def project_from_settings(root: Path, docs_dir: str | Path, plugins) -> Project:
    languages, default = ["en"], "en"
    for plugin in plugins:
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = (plugin["i18n"] or {}).get("languages") or []
            languages = [entry["locale"] for entry in entries]
            default = next((e["locale"] for e in entries if e.get("default")), languages[0])
    return Project(root, root / docs_dir, languages, default)
