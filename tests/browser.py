"""Helpers for the browser tests: build the real project, serve a built site, drive Debian's Chromium.

The browser is Debian's Chromium (``make test`` installs it when missing and exports
CHROMIUM), driven by Playwright; never a browser Playwright downloads. Fixtures that use
these helpers live in tests/test_browser.py.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# What a build of the project does not need: copied trees would only slow the tests down.
NOT_THE_PROJECT = {".git", ".venv", "site", ".site-build", ".pytest_cache", "__pycache__", "tests", "tools"}


def chromium_path() -> str:
    """Debian's Chromium, or a failure that says how to get it (browser tests never skip)."""
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise RuntimeError(
            f"Chromium not found at {path}: the browser tests need Debian's chromium. "
            "Run `make test` (it installs it with apt-get when missing) or "
            "`sudo apt-get install chromium`, or set CHROMIUM=/path/to/chromium.")
    return path


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def copy_project(destination: Path) -> Path:
    """The project as `make site` sees it (mkdocs.yml, docs/, references.bib, hooks/, overrides/ ...)."""
    destination.mkdir(parents=True)
    for item in ROOT.iterdir():
        if item.name in NOT_THE_PROJECT:
            continue
        if item.is_dir():
            shutil.copytree(item, destination / item.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(item, destination / item.name)
    return destination


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the browser dropped a connection it no longer needed (navigated away): not our concern


class SiteServer:
    """A built site served on 127.0.0.1 at a free port, in a thread; under ``prefix`` if given."""

    def __init__(self, site_dir: Path, prefix: str = "/"):
        self.site_dir = Path(site_dir)
        self.prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _handler(self):
        site_dir, prefix = str(self.site_dir), self.prefix

        class Handler(_QuietHandler):
            def translate_path(self, path):
                path = urlsplit(path).path
                if not path.startswith(prefix):
                    return os.path.join(site_dir, "-outside-the-site-path-")  # a 404
                return super().translate_path("/" + path[len(prefix):])

        return functools.partial(Handler, directory=site_dir)

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str = "") -> str:
        return self.origin + self.prefix + path.lstrip("/")

    def __enter__(self) -> "SiteServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class RequestRecorder:
    """Every request a page makes (documents, scripts, workers, fonts, fetches), in order."""

    def __init__(self, page):
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))
        page.context.on("request", lambda request: self.urls.append(request.url))

    def elsewhere(self, origin: str) -> list[str]:
        """Requests to any host other than ``origin`` (data: and blob: URLs stay in the page)."""
        return sorted({url for url in self.urls
                       if not url.startswith(origin + "/") and urlsplit(url).scheme not in ("data", "blob")})


@contextmanager
def served(site_dir: Path, prefix: str = "/"):
    with SiteServer(site_dir, prefix) as server:
        yield server
