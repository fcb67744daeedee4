"""The theme blocks copied from Material stay what they were copied from.

Four pieces of overrides/ are Material's own blocks with a few lines changed. Each change is
recorded as a unified diff against the installed Material's block in tests/theme-copies/. An
upgrade of Material that changes one of those blocks (or an edit of a copy beyond its recorded
change) makes the diff differ, and fails here rather than on the site: the copy would go on
rendering the old Material's markup.

To bring a copy up to date: apply the new Material block's change to the copy, check the site,
then save the diff the failure shows as the block's .diff file.
"""

from __future__ import annotations

import difflib
import textwrap
from pathlib import Path

import jinja2
import pytest
from mkdocs.utils import get_theme_dir

from conftest import ROOT

RECORDED = Path(__file__).parent / "theme-copies"
MATERIAL = Path(get_theme_dir("material"))

# (recorded diff, our file and block, Material's file and block); no block: the whole file.
COPIES = [
    ("site_meta", ("main.html", "site_meta"), ("base.html", "site_meta")),
    ("search-config", ("partials/search-config.html", None), ("base.html", "config")),
    ("content", ("partials/content.html", None), ("partials/content.html", None)),
    ("alternate", ("partials/alternate.html", None), ("partials/alternate.html", None)),
]


def block_lines(source: str, block: str | None) -> list[str]:
    """The lines between ``{% block NAME %}`` and its ``{% endblock %}`` (the whole file
    without a name), dedented, found with Jinja's own lexer."""
    lines = source.splitlines()
    if block is not None:
        start = end = None
        depth = 0
        tokens = [t for t in jinja2.Environment().lex(source) if t[1] != "whitespace"]
        for (_, before, _), (lineno, kind, tag), (_, _, name) in zip(tokens, tokens[1:], tokens[2:]):
            if before != "block_begin" or kind != "name" or tag not in ("block", "endblock"):
                continue
            if tag == "block":
                depth += 1
                if start is None and name == block:
                    start, depth = lineno, 1
            elif start is not None:
                depth -= 1
                if depth == 0:
                    end = lineno
                    break
        assert start is not None and end is not None and end > start, f"no block {block!r}"
        lines = lines[start:end - 1]
    return textwrap.dedent("\n".join(line.rstrip() for line in lines)).splitlines()


def current_diff(ours: tuple[str, str | None], material: tuple[str, str | None]) -> str:
    ours_file, ours_block = ours
    material_file, material_block = material
    copy = block_lines((ROOT / "overrides" / ours_file).read_text(encoding="utf-8"), ours_block)
    original = block_lines((MATERIAL / material_file).read_text(encoding="utf-8"), material_block)
    where = lambda file, block: file + (f" (block {block})" if block else "")  # noqa: E731
    return "".join(line + "\n" for line in difflib.unified_diff(
        original, copy, f"material/{where(*material)}", f"overrides/{where(*ours)}", lineterm=""))


@pytest.mark.parametrize(("name", "ours", "material"), COPIES, ids=[c[0] for c in COPIES])
def test_copied_theme_block_differs_from_installed_material_only_by_our_recorded_change(name, ours, material):
    recorded = (RECORDED / f"{name}.diff").read_text(encoding="utf-8")
    diff = current_diff(ours, material)
    assert diff == recorded, (
        f"overrides/{ours[0]} no longer differs from the installed Material's {material[0]} by the change "
        f"recorded in tests/theme-copies/{name}.diff; Material changed the block, or the copy was edited. "
        f"Now the difference is:\n{diff}")


def test_block_lines_reads_nested_blocks_and_whitespace_control():
    source = "a\n  {%- block outer %}\n  x\n  {% block inner %}y{% endblock %}\n  z\n  {% endblock -%}\nb\n"
    assert block_lines(source, "outer") == ["x", "{% block inner %}y{% endblock %}", "z"]
