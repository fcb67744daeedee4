"""The project is what MkDocs reads: mkdocs.yml through MkDocs' own loader (INHERIT, !ENV) and
the pages MkDocs builds (exclude_docs), in `mkdocs build` and in `python -m citekit check` alike."""

from __future__ import annotations

from conftest import CASES, make_site, mkdocs_build, run
from test_diagnostics import expected, printed


def check(root):
    return run(root, "-m", "citekit", "check", "mkdocs.yml", pythonpath="hooks")


def test_a_config_that_inherits_its_languages_still_has_its_translations_checked(tmp_path):
    case = CASES / "translation-parity"
    root = make_site(tmp_path / "site-src", case)
    (root / "mkdocs.yml").rename(root / "base.yml")
    (root / "mkdocs.yml").write_text("INHERIT: base.yml\n", encoding="utf-8")
    status, lines = expected(case)
    for done in (check(root), mkdocs_build(root)):
        assert done.returncode == status, done.stderr
        assert printed(done.stderr) == lines
        assert "Traceback" not in done.stderr


def test_a_docs_folder_named_by_an_environment_variable_is_the_one_checked(tmp_path, monkeypatch):
    case = CASES / "key-typo-en"
    root = make_site(tmp_path / "site-src", case)
    (root / "docs").rename(root / "pages")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("docs_dir: docs\n", "docs_dir: !ENV [SITE_DOCS, docs]\n"), encoding="utf-8")
    monkeypatch.setenv("SITE_DOCS", "pages")
    status, lines = expected(case)
    moved = [line.replace("docs/", "pages/", 1) for line in lines]
    for done in (check(root), mkdocs_build(root)):
        assert done.returncode == status, done.stderr
        assert [line for line in done.stderr.splitlines() if line.startswith(("pages/", "    hint:"))] == moved
        assert "Traceback" not in done.stderr


def test_a_page_left_out_by_exclude_docs_is_neither_built_nor_checked(tmp_path):
    root = make_site(tmp_path / "site-src")
    draft = root / "docs" / "drafts" / "wip.md"
    draft.parent.mkdir()
    draft.write_text("# Work in progress\n\nNot yet sourced [@nosuchkey2024].\n", encoding="utf-8")
    refused = check(root)
    assert refused.returncode == 1 and "docs/drafts/wip.md:3:18: error[CIT001]" in refused.stderr

    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nexclude_docs: |\n  drafts/\n", encoding="utf-8")
    done = check(root)
    assert done.returncode == 0, done.stderr
    assert "wip.md" not in done.stderr
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    assert "wip.md" not in build.stderr
    assert (build.site / "index.html").exists()
    assert not (build.site / "drafts").exists()


def test_the_order_of_the_hooks_in_mkdocs_yml_changes_nothing_built(tmp_path, base_build):
    root = make_site(tmp_path / "site-src")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    hooks = [line for line in text.splitlines(keepends=True) if line.startswith("  - hooks/")]
    assert len(hooks) > 2
    config.write_text(text.replace("".join(hooks), "".join(reversed(hooks))), encoding="utf-8")
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    pages = sorted(p.relative_to(base_build.site) for p in base_build.site.rglob("*.html"))
    assert pages and pages == sorted(p.relative_to(build.site) for p in build.site.rglob("*.html"))
    for page in pages:
        assert build.page(str(page)) == base_build.page(str(page)), page
