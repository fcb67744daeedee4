"""Polite HTTP for the opt-in network commands (`make linkcheck`, `make verify`).

How it asks: the addresses of one host are asked one after another, each request to a host at
least ``interval`` seconds after the previous one (redirect hops and retries included); each
request gives up after ``timeout`` seconds; 5xx, 429, timeouts and refused connections are
retried ``retries`` times with exponential backoff. Redirects are followed by hand (up to 10)
so that every hop is recorded.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, TypeVar
from urllib.parse import urljoin, urlsplit

USER_AGENT = "iskp-annotated-checker/1 (+make linkcheck, make verify; checks cited sources)"
MAX_REDIRECTS = 10
RETRY_STATUSES = {429, 500, 502, 503, 504}
HEAD_REFUSED = {400, 403, 404, 405, 406, 409, 410, 500, 501, 503}

T = TypeVar("T")


@dataclass
class Settings:
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0
    interval: float = 1.0


def add_options(parser, timeout: float) -> None:
    """The command-line options of polite fetching, shared by the network commands."""
    parser.add_argument("--workers", type=int, default=8, help="requests at a time (default 8)")
    parser.add_argument("--timeout", type=float, default=timeout,
                        help=f"seconds before a request gives up (default {timeout:g})")
    parser.add_argument("--retries", type=int, default=2, help="retries after a 5xx, 429 or timeout (default 2)")
    parser.add_argument("--backoff", type=float, default=1.0, help="first retry delay in seconds, doubled each time")
    parser.add_argument("--per-host-interval", type=float, default=1.0,
                        help="minimum seconds between two requests to one host (default 1)")


def settings_of(args) -> Settings:
    return Settings(args.timeout, max(0, args.retries), args.backoff, max(0.0, args.per_host_interval))


class HostLimiter:
    """At least ``interval`` seconds between the starts of two requests to one host."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> float:
        """Sleep until this request's turn; returns the turn's time (time.monotonic)."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.interval
        if slot > now:
            time.sleep(slot - now)
        return slot


@dataclass
class Hop:
    status: int
    url: str


@dataclass
class Answer:
    """What one address gave: the last status (None: no answer), the body read (up to a limit)."""

    status: int | None
    location: str = ""
    error: str = ""
    attempts: int = 0
    method: str = ""
    body: bytes = b""
    content_type: str = ""
    final_url: str = ""
    redirects: list[Hop] = field(default_factory=list)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx comes back as an HTTPError; follow() takes the hop and records it


_OPENER = urllib.request.build_opener(_NoRedirect)


def request(url: str, method: str, timeout: float, limit: int) -> Answer:
    """One request, reading at most ``limit`` bytes of the body; raises OSError on no answer."""
    req = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with _OPENER.open(req, timeout=timeout) as response:
            body = response.read(limit) if method == "GET" else b""
            return Answer(response.status, body=body, content_type=response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as error:
        error.close()
        return Answer(error.code, error.headers.get("Location", "") if error.headers else "")


def ask(url: str, method: str, settings: Settings, limiter: HostLimiter, limit: int = 1024) -> Answer:
    """One request with retries for transient failures; ``attempts`` counts them."""
    attempts = 0
    while True:
        attempts += 1
        limiter.wait(urlsplit(url).netloc.lower())
        try:
            answer = request(url, method, settings.timeout, limit)
        except (socket.timeout, TimeoutError):
            answer = Answer(None, error=f"no answer within {settings.timeout:g} s")
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, (socket.timeout, TimeoutError)):
                answer = Answer(None, error=f"no answer within {settings.timeout:g} s")
            else:
                answer = Answer(None, error=f"{type(reason).__name__}: {reason}")
        transient = answer.status is None or answer.status in RETRY_STATUSES
        if not transient or attempts > settings.retries:
            answer.attempts = attempts
            return answer
        time.sleep(settings.backoff * 2 ** (attempts - 1))


def follow(url: str, settings: Settings, limiter: HostLimiter, head_first: bool = True,
           limit: int = 1024) -> Answer:
    """The address's final answer after its redirects; HEAD first (GET when HEAD is refused), or
    GET only when the body is wanted."""
    current, hops, attempts = url, [], 0
    for _ in range(MAX_REDIRECTS + 1):
        answer = ask(current, "HEAD", settings, limiter) if head_first else None
        if answer is None or answer.status in HEAD_REFUSED:
            more = ask(current, "GET", settings, limiter, limit)
            more.attempts += answer.attempts if answer else 0
            more.method, answer = "GET", more
        else:
            answer.method = "HEAD"
        attempts += answer.attempts
        if answer.status is not None and 300 <= answer.status < 400 and answer.location:
            current = urljoin(current, answer.location)
            hops.append(Hop(answer.status, current))
            continue
        break
    else:
        answer.error = f"more than {MAX_REDIRECTS} redirects"
    answer.attempts, answer.final_url, answer.redirects = attempts, current, hops
    return answer


def per_host(urls: list[str], work: Callable[[str], T], workers: int) -> dict[str, T]:
    """``work(url)`` for every address once: one host's addresses in turn, several hosts at once."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[urlsplit(url).netloc.lower()].append(url)
    results: dict[str, T] = {}

    def run_host(host_urls: list[str]) -> None:
        for url in host_urls:
            results[url] = work(url)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for future in [pool.submit(run_host, host_urls) for host_urls in by_host.values()]:
            future.result()
    return results
