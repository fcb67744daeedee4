"""The project model (folders, languages, pages) from MkDocs' own config and file list.

The hooks hand over the live config; the command line loads it with MkDocs' loader, so
``INHERIT``, ``!ENV`` and every other tag mean what they mean to ``mkdocs build``. The pages
are MkDocs' ``get_files``: what ``exclude_docs`` leaves out is neither built nor checked.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import InclusionLevel, get_files

from . import i18n
from .checks import Project


def load(path: Path):
    """mkdocs.yml as ``mkdocs build`` reads it."""
    return load_config(config_file=str(path))


def project_of(config, *, preview: bool = False) -> Project:
    """The project the config describes; a preview also checks the drafts it shows."""
    root = Path(config.config_file_path).resolve().parent
    languages, default = i18n.languages(config)
    shown = InclusionLevel.is_in_serve if preview else InclusionLevel.is_included
    pages = get_files(config).documentation_pages(inclusion=shown)
    return Project(root, Path(config.docs_dir), languages, default,
                   tuple(sorted(Path(page.abs_src_path) for page in pages)))
