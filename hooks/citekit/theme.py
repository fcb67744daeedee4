"""What the theme overrides in ``overrides/`` need from the installed Material.

Material names its search worker bundle after a hash of its content
(``search.<hash>.min.js``), so the name changes with every Material release; it is looked up
in the build's files instead of being written into a template.
"""

from __future__ import annotations

import posixpath
from fnmatch import fnmatchcase

from mkdocs.exceptions import PluginError

SEARCH_WORKER = "assets/javascripts/workers/search.*.min.js"


def material_search_worker(files) -> str:
    """The file name of Material's search worker among the build's files (MkDocs' ``Files``,
    which hold the theme's static files too)."""
    found = sorted(file.src_uri for file in files if fnmatchcase(file.src_uri, SEARCH_WORKER))
    if len(found) != 1:
        raise PluginError(f"expected one Material search worker ({SEARCH_WORKER}) among the theme's files, "
                          f"found {len(found)}: {', '.join(found) or 'none'}; is mkdocs-material installed?")
    return posixpath.basename(found[0])
