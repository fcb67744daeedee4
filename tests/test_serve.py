"""`mkdocs serve` survives an author's mistakes: it prints the diagnostics, shows them in a
banner on the affected pages, and recovers on the next save. Against a real server on 127.0.0.1."""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import make_site

BANNER = re.compile(r'<div class="admonition failure citekit-problems".*?</div>', re.S)
UNCLOSED_ENTRY = "\n@article{unclosed,\n  title = {Never closed},\n  date = {2020}\n"


class Server:
    def __init__(self, root: Path, *flags: str):
        self.root = root
        self.log = root.parent / "serve.log"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", *flags, "-a", f"127.0.0.1:{port}"],
                cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = self._wait_for_url()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = re.search(r"Serving on (http://127\.0\.0\.1:\d+/\S*)", self.output())
            if found:
                return found.group(1)
            assert self.alive(), f"the server died while starting:\n{self.output()}"
            time.sleep(0.1)
        raise AssertionError(f"the server did not start:\n{self.output()}")

    def get(self, path: str = "") -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=15) as response:
                return response.read().decode("utf-8")
        except (OSError, urllib.error.URLError) as error:  # MkDocs holds requests while a rebuild has failed
            raise AssertionError(f"{path or '/'}: no page ({error}):\n{self.output()[-3000:]}") from None

    def wait_for(self, path: str, condition, what: str, timeout: float = 20) -> str:
        """The page at path once condition(page) holds: serve rebuilds after each save."""
        deadline = time.monotonic() + timeout
        while True:
            page = self.get(path)
            if condition(page):
                return page
            assert self.alive(), f"the server died:\n{self.output()}"
            assert time.monotonic() < deadline, f"{path or '/'}: {what} never happened:\n{self.output()[-3000:]}"
            time.sleep(0.2)

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def banner(page: str) -> str | None:
    found = BANNER.search(page)
    return found.group(0) if found else None


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path / "site-src")


@pytest.fixture
def start_server(site):
    servers = []

    def start(*flags: str) -> Server:
        servers.append(Server(site, *flags))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


# `make serve` rebuilds dirty (only what a save changes): the pages whose problems, references
# or translation status change with it must still be written again.
@pytest.mark.slow
@pytest.mark.parametrize("flags", [(), ("--dirty", "--no-strict")], ids=["full", "dirty"])
def test_serve_shows_problems_on_the_pages_and_recovers(site, start_server, flags):
    bib = site / "references.bib"
    good_bib = bib.read_text(encoding="utf-8")
    bib.write_text(good_bib + UNCLOSED_ENTRY, encoding="utf-8")

    # A bibliography that does not parse: the first build still serves, every page says why.
    server = start_server(*flags)
    for path in ("", "tr/", "ru/"):
        shown = banner(server.get(path))
        assert shown and "error[BIB001]" in shown and "references.bib:" in shown, path

    bib.write_text(good_bib, encoding="utf-8")  # references.bib is watched too
    home = server.wait_for("", lambda page: banner(page) is None, "the banner going away after the fix")
    assert "citekit-references" in home

    # A broken citation in the English page: printed, and shown on that page only, escaped.
    page = site / "docs" / "index.md"
    good_page = page.read_text(encoding="utf-8")
    page.write_text(good_page.replace("[@denza2008;", "[@denza2080;")
                    + "\nBroken on purpose.[@vcdr1961 <b>bold</b>]\n", encoding="utf-8")
    home = server.wait_for("", lambda page: banner(page) is not None, "a banner for the broken citation")
    shown = banner(home)
    printed = re.search(r"^(docs/index\.md:\d+:\d+): error\[CIT001\]: unknown citation key 'denza2080'\n"
                        r"    hint: did you mean 'denza2008'\?$", server.output(), re.M)
    assert printed, server.output()
    text = html.unescape(re.sub(r"<[^>]+>", "", shown))
    assert f"{printed.group(1)}: error[CIT001] unknown citation key 'denza2080'" in text
    assert "hint: did you mean 'denza2008'?" in text
    assert "error[CIT002]" in shown and "&lt;b&gt;bold&lt;/b&gt;" in shown and "<b>bold</b>" not in shown
    assert "denza2080?" in home  # the unknown key is marked where it stands; the page still renders
    assert "Two sources at once." in home and "citekit-references" in home
    translated = banner(server.get("tr/"))
    assert translated is not None and "CIT001" not in translated and "docs/index.tr.md:" in translated
    assert server.alive()

    page.write_text(good_page, encoding="utf-8")
    home = server.wait_for("", lambda page: banner(page) is None, "the banner going away after the fix")
    assert "denza2080" not in home and banner(server.get("tr/")) is None
    assert server.alive()


def test_serve_shows_a_page_whose_source_has_an_impossible_date(site, start_server):
    """A date biber rejects is BIB007 in the problems box; the page is still served, its
    reference showing the date as written (the preview used to die on formatting it)."""
    bib = site / "references.bib"
    good_bib = bib.read_text(encoding="utf-8")
    broken = (good_bib.replace("date = {1961-04-18}", "date = {2023-02-30}")
              .replace("urldate = {2023-03-23}", "urldate = {2023-02-31}")
              .replace("date = {2008}", "date = {n.d.}"))
    assert broken.count("2023-02-3") == 2 and "{n.d.}" in broken
    bib.write_text(broken, encoding="utf-8")

    server = start_server()
    for path in ("", "tr/", "ru/"):
        page = server.get(path)
        shown = banner(page)
        assert shown and shown.count("error[BIB007]") == 3, path
        for written in ("2023-02-30", "2023-02-31", "n.d."):
            assert written in shown and written in page.split("citekit-references", 1)[1], (path, written)
    assert server.alive()

    bib.write_text(good_bib, encoding="utf-8")
    home = server.wait_for("", lambda page: banner(page) is None, "the banner going away after the fix")
    assert "1961" in home and "2023-02-30" not in home
    assert server.alive()


def test_dirty_serve_builds_only_the_edited_language_and_keeps_the_language_links(site, start_server):
    """`make serve` builds a saved Turkish page in Turkish (and the default language) only: the
    page shows the edit, and its language switcher and hreflang links still lead to every language."""
    server = start_server("--dirty", "--no-strict")
    links = re.compile(r"<(?:a|link)[^>]*hreflang[^>]*>")
    before = sorted(links.findall(server.get("tr/")))
    assert {'hreflang="en"', 'hreflang="ru"'} <= {found for link in before for found in re.findall(r'hreflang="\w+"', link)}
    page = site / "docs" / "index.tr.md"
    time.sleep(1)  # the saved page's time is clearly newer than its built HTML
    page.write_text(page.read_text(encoding="utf-8") + "\nDüzenleme işareti.\n", encoding="utf-8")
    after = server.wait_for("tr/", lambda text: "Düzenleme işareti." in text, "the Turkish edit being served")
    assert sorted(links.findall(after)) == before
    assert "Building 'ru' documentation" not in server.output().split("Detected file changes", 1)[1]
    assert server.alive()
