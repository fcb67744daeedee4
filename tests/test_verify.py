"""`make verify` (tools/verify.py): passages checked against sources served on 127.0.0.1, and
against saved copies.

The server holds an HTML article inside a page of navigation, a PDF, a redirect to the article,
a page that is gone and one that answers after the client has given up; it counts requests,
so the cache is seen to work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler

import pytest

from local_server import LocalServer, running
from conftest import ROOT, make_site

TIMEOUT = 0.6

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Attacks on officials</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> Subscribe to our newsletter</nav>
<article><h1>A string of attacks on officials</h1>
<p>The group claimed three attacks on officials of the de facto authorities within eight days,
according to the group&#8217;s own news agency. Analysts described the campaign as &#8220;a deliberate
turn to high&#8209;profile targets&#8221; rather than a change of strategy.</p>
<p>The provincial governor was killed in his office, officials said on Thursday. Two other people
died in the attack, and a spokesman said the investigation had begun.</p>
<p>Observers cautioned that the claims could not be independently verified.</p>
</article><footer>Copyright 2023. All rights reserved.</footer></body></html>
"""


def pdf(text: str) -> bytes:
    """A one-page PDF whose text is ``text`` (Helvetica), written by hand: no PDF writer needed."""
    content = f"BT /F1 11 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


REPORT = pdf("The Monitoring Team reported that Member States assessed the group as the most serious threat.")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        server: LocalServer = self.server
        server.arrive(self.command, self.path)
        if self.path == "/slow":
            server.stop.wait(TIMEOUT * 4)
        status, kind, body, extra = {
            "/article": (200, "text/html; charset=utf-8", ARTICLE.encode(), {}),
            "/report.pdf": (200, "application/pdf", REPORT, {}),
            "/moved": (301, "text/plain", b"", {"Location": "/article"}),
            "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n", {}),
        }.get(self.path, (404, "text/plain", b"not here", {}))
        try:
            self.send_response(status)
            for name, value in {**extra, "Content-Type": kind, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up first


@pytest.fixture
def server(monkeypatch):
    with running(Handler, monkeypatch) as httpd:
        yield httpd


def entry(key: str, url: str) -> str:
    return (f"@online{{{key},\n  title = {{Source {key}}},\n  organization = {{Test Desk}},\n"
            f"  date = {{2023-03-10}},\n  url = {{{url}}},\n  urldate = {{2026-11-30}},\n  langid = {{english}},\n}}\n")


PAGE = """# Claims

Three attacks in eight days.[@art, "claimed three attacks on officials of the de facto authorities within eight days"]
A quotation with its own marks.[@art, "a deliberate turn to high-profile targets"]
Words left out.[@art, p. 2, "The provincial governor was killed ... officials said on Thursday"]
A misquotation.[@art, "the governor was killed at home"]
Through a redirect.[@moved, "Observers cautioned that the claims could not be independently verified."]
From a PDF.[@report, "Member States assessed the group as the most serious threat"]
Gone.[@gone, "anything"] Too slow.[@slow, "anything"] A picture.[@picture, "anything"]
No passage, not checked.[@gone]
"""


@pytest.fixture
def site(tmp_path, server):
    root = make_site(tmp_path / "site-src")
    names = {"art": "/article", "moved": "/moved", "report": "/report.pdf", "gone": "/gone",
             "slow": "/slow", "picture": "/logo.png"}
    with (root / "references.bib").open("a", encoding="utf-8") as bib:
        for key, path in names.items():
            bib.write("\n" + entry(key, server.base + path))
    (root / "docs" / "claims.md").write_text(PAGE, encoding="utf-8")
    return root


def verify(root, *args):
    """The command as `make verify` runs it, from the project's folder, on the fixture site."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "tools.verify", "--config", str(root / "mkdocs.yml"),
                           "--report", str(root / "verify-report.json"), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("docs/", "    hint:", "verify:"))]


def test_each_passage_is_confirmed_or_reported_at_its_citation(site, server):
    done = verify(site, "--timeout", str(TIMEOUT), "--retries", "0", "--per-host-interval", "0")
    assert "Traceback" not in done.stderr
    assert done.returncode == 1, done.stderr
    printed = lines(done.stderr)
    assert printed[0] == "docs/claims.md:6:17: error[EVD001]: the passage is not in 'art' " \
                         f"({server.base}/article)"
    assert printed[1].startswith('    hint: closest in the source (') and "governor was killed in his office" \
        in printed[1]
    assert f"docs/claims.md:9:7: warning[EVD002]: cannot read 'gone' ({server.base}/gone): HTTP 404" in printed
    assert any(line.startswith("docs/claims.md:9:36: warning[EVD002]: cannot read 'slow'")
               and "no answer within" in line for line in printed)
    assert any(line.startswith("docs/claims.md:9:66: warning[EVD002]: cannot read 'picture'")
               and "image/png holds no text" in line for line in printed)
    assert printed[-1].startswith("verify: 9 passage(s) from 6 source(s): 5 confirmed, 3 could not be read, "
                                  "1 not found")
    data = json.loads((site / "verify-report.json").read_text(encoding="utf-8"))
    assert data["counts"] == {"confirmed": 5, "unreadable": 3, "failed": 1}
    results = {(p["line"], p["key"]): p["result"] for p in data["passages"]}
    assert results[(3, "art")] == results[(4, "art")] == results[(5, "art")] == results[(7, "moved")] == results[(8, "report")] \
        == "confirmed"


def test_fetched_text_is_cached_with_its_date(site, server):
    args = ("--timeout", str(TIMEOUT), "--retries", "0", "--per-host-interval", "0")
    verify(site, *args)
    first = dict(server.hits)
    again = verify(site, *args)
    assert again.returncode == 1
    assert server.hits["/article"] == first["/article"] == 2  # once as itself, once at the end of /moved
    assert server.hits["/report.pdf"] == 1
    cached = [json.loads(p.read_text()) for p in (site / ".cache" / "verify").glob("*.json")]
    assert any(c["http_status"] == 200 and c["fetched_at"].startswith("20") for c in cached)
    verify(site, *args, "--refresh")
    assert server.hits["/article"] == 4


def test_saved_copies_are_read_instead_of_the_network(site, server, tmp_path):
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "art.html").write_text(ARTICLE.replace("at home", ""), encoding="utf-8")
    (saved / "report.pdf").write_bytes(REPORT)
    (saved / "moved.txt").write_text("Observers cautioned that the claims could not be\nindependently verified.\n",
                                     encoding="utf-8")
    (saved / "gone.txt").write_text("anything at all", encoding="utf-8")
    done = verify(site, "--sources", str(saved))
    assert server.hits == {}
    printed = lines(done.stderr)
    assert "docs/claims.md:6:17: error[EVD001]: the passage is not in 'art' " \
           f"({saved / 'art.html'})" in printed
    assert any(line.startswith("docs/claims.md:9:36: warning[EVD002]: cannot read 'slow': no saved copy slow.html")
               for line in printed)
    assert printed[-1].startswith("verify: 9 passage(s) from 6 source(s): 6 confirmed, 2 could not be read, "
                                  "1 not found")
    assert done.returncode == 1


def test_a_passage_matches_through_quotes_dashes_soft_hyphens_and_case():
    from tools.verify import normalise, occurs

    text = normalise("Analysts called it \u201ca deliberate turn to high\u2011pro\u00adfile TARGETS\u201d.")
    assert occurs(normalise('"A deliberate turn to high-profile targets"'), text)
    assert occurs(normalise("analysts called it … targets"), text)
    assert not occurs(normalise("a deliberate turn to low-profile targets"), text)
    assert not occurs(normalise("targets … analysts"), text)  # pieces in the source's order only
