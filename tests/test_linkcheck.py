"""`make linkcheck` (tools/linkcheck.py) against a local HTTP server on 127.0.0.1.

The server answers 200, 301, 404, 405 to HEAD, 500 once then 200, slowly, and never; it records
when each request arrives, so the per-host spacing is measured where it matters.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest

from local_server import LocalServer, running
from conftest import ROOT

sys.path.insert(0, str(ROOT))
from tools import linkcheck  # noqa: E402

TIMEOUT = 0.8
INTERVAL = 0.15


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    def answer(self, head: bool):
        server: LocalServer = self.server
        count = server.arrive(self.command, self.path)
        if self.path == "/hang":
            server.stop.wait(10)  # never answers within the client's timeout
            return
        if self.path == "/slow":
            time.sleep(TIMEOUT / 3)
        status, headers = {
            "/moved": (301, {"Location": "/ok"}),
            "/gone": (404, {}),
            "/gone-too": (404, {}),
            "/flaky": (500 if count == 1 else 200, {}),
            "/nohead": (405 if head else 200, {}),
        }.get(self.path, (200, {}))
        self.send_response(status)
        for name, value in {**headers, "Content-Length": "2"}.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(b"ok")


@pytest.fixture
def server(monkeypatch):
    with running(Handler, monkeypatch) as httpd:
        yield httpd


MKDOCS_YML = """site_name: t
docs_dir: docs
plugins:
  - i18n:
      languages:
        - locale: en
          name: English
          default: true
        - locale: tr
          name: Türkçe
"""


def entry(key: str, url: str, extra: str = "") -> str:
    return (f"@online{{{key},\n  organization = {{Org}},\n  title = {{Title {key}}},\n  date = {{2023}},\n"
            f"  url = {{{url}}},\n  urldate = {{2024-01-01}},\n{extra}  langid = {{english}},\n}}\n\n")


def project(tmp_path, base: str, entries: str, pages: dict[str, str]):
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    (tmp_path / "references.bib").write_text(entries)
    for name, text in pages.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("BASE", base))
    return tmp_path


def run_linkcheck(root, *extra):
    report = root / "linkcheck-report.json"
    status = linkcheck.main(["--config", str(root / "mkdocs.yml"), "--report", str(report),
                             "--timeout", str(TIMEOUT), "--retries", "1", "--backoff", "0.05",
                             "--per-host-interval", str(INTERVAL), *extra])
    data = json.loads(report.read_text())
    return status, {item["url"]: item for item in data["urls"]}


def test_every_address_gets_a_status_redirects_citers_and_archive_advice(server, tmp_path, capsys):
    b = server.base
    root = project(
        tmp_path, b,
        entry("gone", f"{b}/gone") + entry("flaky", f"{b}/flaky") + entry("moved", f"{b}/moved")
        + entry("hang", f"{b}/hang") + entry("slow", f"{b}/slow")
        + entry("kept", f"{b}/gone-too", f"  archiveurl = {{{b}/ok}},\n  archivedate = {{2024-05-01}},\n"),
        {
            "a.md": "# A\n\nGone.[@gone] Moved.[@moved]\n\nSee <a href=\"BASE/nohead\">this</a> and [that](BASE/moved).\n\n"
                    "`[code](BASE/in-code)`\n",
            "a.tr.md": "# A\n\nGitti.[@gone] Taşındı.[@moved]\n",
            "b.md": "# B\n\n[@flaky] [@slow] [@hang] [@kept]\n\n[ref]: BASE/slow\n",
        },
    )
    status, urls = run_linkcheck(root)
    err = capsys.readouterr().err

    assert status == 1  # /gone and /hang are dead
    assert {u.removeprefix(b): item["status"] for u, item in urls.items()} == {
        "/gone": "dead", "/gone-too": "dead", "/hang": "dead", "/ok": "ok", "/flaky": "ok",
        "/slow": "ok", "/nohead": "ok", "/moved": "redirected",
    }  # and /in-code, inside a code span, was never collected
    assert urls[f"{b}/gone"]["http_status"] == 404
    assert "no answer within 0.8 s" in urls[f"{b}/hang"]["error"] and urls[f"{b}/hang"]["attempts"] == 2
    assert urls[f"{b}/flaky"]["attempts"] == 2 and urls[f"{b}/flaky"]["http_status"] == 200
    assert urls[f"{b}/nohead"]["method"] == "GET"
    moved = urls[f"{b}/moved"]
    assert moved["final_url"] == f"{b}/ok" and moved["redirects"] == [{"status": 301, "url": f"{b}/ok"}]
    assert [(c["file"], c["line"], c["entry"], c["pages"]) for c in moved["cited_by"]] == [
        ("references.bib", 23, "moved", ["docs/a.md", "docs/a.tr.md"]),
        ("docs/a.md", 5, "", []),
    ]
    assert [(c["file"], c["line"], c["col"]) for c in urls[f"{b}/slow"]["cited_by"]][1:] == [("docs/b.md", 5, 8)]

    assert (f"references.bib:5:1: error[LNK003]: entry 'gone': url {b}/gone is dead: HTTP 404 "
            f"(cited on docs/a.md, docs/a.tr.md)") in err
    assert f"hint: add an archived copy: archiveurl = {{...}} and archivedate = {{YYYY-MM-DD}}; " \
           f"look for snapshots at https://web.archive.org/web/*/{b}/gone" in err
    assert f"note[LNK003]: entry 'kept': url {b}/gone-too is dead" in err
    assert f"hint: the reference list shows the archived copy {b}/ok" in err
    assert f"redirected: {b}/moved -> {b}/ok" in err

    # One host: every request starts at least INTERVAL after the one before (the server's clock;
    # a loaded machine may delay one arrival, hence the lower quartile rather than the minimum).
    starts = sorted(t for t, _, _ in server.arrivals)
    gaps = sorted(later - earlier for earlier, later in zip(starts, starts[1:]))
    assert len(starts) >= 12 and gaps[len(gaps) // 4] >= INTERVAL - 0.03, gaps


def test_a_dead_source_with_a_live_archived_copy_does_not_fail_the_run(server, tmp_path, capsys):
    b = server.base
    root = project(tmp_path, b,
                   entry("kept", f"{b}/gone-too", f"  archiveurl = {{{b}/ok}},\n  archivedate = {{2024-05-01}},\n"),
                   {"a.md": "# A\n\n[@kept]\n"})
    status, urls = run_linkcheck(root)
    assert status == 0 and urls[f"{b}/gone-too"]["status"] == "dead"
    assert "0 error(s), 0 warning(s), 1 note(s)" in capsys.readouterr().err


def test_requests_to_one_host_are_spaced_even_from_many_threads():
    limiter = linkcheck.HostLimiter(0.05)
    starts: dict[str, list[float]] = {"a": [], "b": []}

    early = []

    def go(host):
        slot = limiter.wait(host)
        if time.monotonic() < slot:
            early.append(host)  # a request went before its turn
        starts[host].append(slot)

    threads = [threading.Thread(target=go, args=(h,)) for h in "abababab"]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert early == []
    for host, times in starts.items():
        times.sort()
        # turns, not wake-ups: a loaded machine wakes threads late, in any order
        assert min(b - a for a, b in zip(times, times[1:])) >= 0.05 - 1e-9
    assert time.monotonic() - began < 0.35  # the two hosts were served side by side


def test_external_links_are_read_outside_code_and_comments():
    text = ("[a](https://a.org/x) <https://b.org/> <a href='https://c.org/'>c</a>\n"
            "[r]: https://d.org/y\n`[no](https://e.org/)`\n<!-- https://f.org/ [g](https://g.org/) -->\n"
            "```\n[h](https://h.org/)\n```\n[local](other.md) ![img](https://i.org/p.png)")
    assert [url for _, url in linkcheck.page_links(text)] == [
        "https://a.org/x", "https://b.org/", "https://c.org/", "https://d.org/y", "https://i.org/p.png"]
