"""Fixture sites built with the real MkDocs, using the project's own mkdocs.yml and hooks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
BASE_SITE = TESTS / "sites" / "base"
CASES = TESTS / "cases"

sys.path.insert(0, str(ROOT / "hooks"))


@dataclass
class Build:
    root: Path
    returncode: int
    stderr: str

    @property
    def site(self) -> Path:
        return self.root / "site"

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


def make_site(destination: Path, *overlays: Path) -> Path:
    """The base fixture site with the project's config and hooks, then each overlay's files on top."""
    shutil.copytree(BASE_SITE, destination)
    shutil.copy(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    shutil.copytree(ROOT / "hooks", destination / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    (destination / "overrides").mkdir(exist_ok=True)
    if (ROOT / "overrides").exists():
        shutil.copytree(ROOT / "overrides", destination / "overrides", dirs_exist_ok=True)
    for overlay in overlays:
        shutil.copytree(overlay, destination, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("expected.txt", "case.toml"))
    return destination


def run(root: Path, *args: str, pythonpath: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    if pythonpath:
        env["PYTHONPATH"] = str(root / pythonpath)
    return subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300)


def mkdocs_build(root: Path) -> Build:
    done = run(root, "-m", "mkdocs", "build")
    return Build(root, done.returncode, done.stderr)


def built(root: Path) -> Build:
    """A build that must succeed (the fixtures below share it across tests)."""
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="session")
def base_build(tmp_path_factory) -> Build:
    """The base fixture site, built once for every test that only reads its output."""
    return built(make_site(tmp_path_factory.mktemp("base") / "site-src"))


PROJECT_FILES = ("mkdocs.yml", "references.bib", "authors.yml", "tags.yml")
PROJECT_DIRS = ("docs", "hooks", "overrides")


def copy_project(destination: Path) -> Path:
    """The real project (config, pages, bibliography, hooks, theme overrides) in a scratch folder."""
    destination.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, destination / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


@pytest.fixture(scope="session")
def project_build(tmp_path_factory) -> Build:
    """The real site, built once for every test that reads what readers get."""
    return built(copy_project(tmp_path_factory.mktemp("project") / "src"))
