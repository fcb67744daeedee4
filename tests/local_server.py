"""A real HTTP server on 127.0.0.1 for the tests of the network commands (linkcheck, verify).

It records when each request arrives and how often each path was asked; a handler that must
hang waits on ``stop``, which is set when the test ends so that no thread outlives it.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from http.server import ThreadingHTTPServer


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler):
        super().__init__(("127.0.0.1", 0), handler)
        self.arrivals: list[tuple[float, str, str]] = []
        self.hits: dict[str, int] = {}
        self.stop = threading.Event()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def arrive(self, command: str, path: str) -> int:
        """Record a request; how many times its path has now been asked."""
        self.arrivals.append((time.monotonic(), command, path))
        self.hits[path] = self.hits.get(path, 0) + 1
        return self.hits[path]


@contextmanager
def running(handler, monkeypatch):
    """A LocalServer serving in a thread, with no proxy between the client and 127.0.0.1."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    httpd = LocalServer(handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.stop.set()
        httpd.shutdown()
        httpd.server_close()
