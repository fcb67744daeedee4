"""Benchmark: a synthetic site built with everything on, against a baseline, in the same run.

`make bench` (or `python -m tools.bench --help`) generates, in a temporary folder, a site with
the project's own mkdocs.yml, hooks and theme overrides: N articles in English, Turkish and
Russian (translations cite exactly what the English page cites and record a correct
source_hash, so the build has no diagnostics at all) and a references.bib of M entries of
mixed types, with LaTeX accents and Cyrillic titles. It then builds

- full:     the site as the project builds it (hooks on, citations rendered);
- baseline: the same pages with the citations removed and the citation machinery off:
            mkdocs.yml without hooks/citations.py, which runs every check and renders the
            notes and reference lists. The other hooks stay: the article features (bylines,
            related articles, downloads, feeds; hooks/articles.py then reads the article
            catalogue itself), the built-site link check and the per-language search indexes
            are not citation work. Same theme, plugins, languages, overrides.

interleaved, each build in its own process (wall and CPU seconds and the peak RSS of that
process, from os.wait4), takes the median of the runs, times the check-only command, and
measures the time per page at several sizes, and the author's loop: ``make serve`` on the
full site, a page saved, the server polled over HTTP until it serves the change (median of
several edits to different pages). Results go to a JSON file and a short table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "tr", "ru")
DIAGNOSTIC = re.compile(r"(error|warning|note)\[[A-Z]+\d+\]|^citekit: \d+ error", re.M)
TARGETS = {  # name -> (limit, what it measures)
    "full_over_baseline_wall": (1.25, "full build wall time / baseline wall time"),
    "check_only_wall_s": (0.5, "check-only command, .bib and pages cached, wall seconds"),
    "serve_save_to_served_s": (1.0, "make serve: a saved page served, seconds (median of edits)"),
    "full_over_baseline_rss": (1.5, "peak RSS full / baseline"),
    "per_page_growth": (1.25, "full build time per page at the largest N / at the smallest N"),
}

# --------------------------------------------------------------------------------------------
# Synthetic content
# --------------------------------------------------------------------------------------------

WORDS = {
    "en": ("the province group attack claimed officials district security analysts report "
           "reported network campaign government border recruitment statement killed governor "
           "provincial police forces operation region local commander according evidence "
           "period increase decline observers sources claims targeted members attacks").split(),
    "tr": ("örgüt saldırı vilayet güvenlik yetkililer ilçe analistler rapor açıklama kampanya "
           "hükümet sınır şiddet vali polis güçleri operasyon bölge yerel komutan göre kanıt "
           "dönem artış düşüş gözlemciler kaynaklar iddialar hedef üyeler çatışma ağı").split(),
    "ru": ("группировка нападение провинция безопасность чиновники район аналитики доклад "
           "заявление кампания правительство граница насилие губернатор полиция силы операция "
           "регион местный командир согласно данные период рост снижение наблюдатели источники "
           "утверждения цели члены сеть").split(),
}
LOCATORS = {  # (en, tr, ru): a translation writes locators in its own language
    "page": ("p. {n}", "s. {n}", "с. {n}"),
    "pages": ("pp. {n}–{m}", "ss. {n}–{m}", "сс. {n}–{m}"),
    "article": ("art. {n}", "md. {n}", "ст. {n}"),
    "paragraph": ("para. {n}", "para. {n}", "п. {n}"),
}
HEADINGS = {"en": "Section", "tr": "Bölüm", "ru": "Раздел"}
TITLES = {"en": "Synthetic article", "tr": "Sentetik makale", "ru": "Синтетическая статья"}
FOOTNOTE = {"en": "A hand-written note.", "tr": "Elle yazılmış bir not.", "ru": "Примечание, написанное вручную."}

PEOPLE = [  # (bib form, key stem)
    ("Y{\\i}lmaz, Ay{\\c{s}}e", "yilmaz"), ("G{\\\"o}k{\\c{c}}e, Mehmet", "gokce"),
    ("{\\c{S}}ahin, Emre", "sahin"), ("{\\\"O}zt{\\\"u}rk, Zeynep", "ozturk"),
    ("Smith, John", "smith"), ("Doe, Jane and Roe, Richard", "doe"),
    ("Brown, Alice and Green, Bob and White, Carol", "brown"),
    ("Иванов, Пётр", "ivanov"), ("Кузнецова, Анна and Смирнов, Олег", "kuznetsova"),
    ("M{\\\"u}ller, J{\\\"u}rgen", "muller"), ("de la Cruz, Mar{\\'\\i}a", "delacruz"),
]
ORGANIZATIONS = [
    ("Centre for Information Resilience", "cir"), ("United Nations Security Council", "unsc"),
    ("Ankara Kriz ve Siyaset Ara{\\c{s}}t{\\i}rmalar{\\i} Merkezi", "ankasam"),
    ("ТАСС", "tass"), ("International Crisis Group", "icg"), ("Anadolu Ajans{\\i}", "aa"),
]
TITLE_WORDS = {
    "english": ("Security assessment of the northern provinces and the regional threat after the "
                "withdrawal, with notes on recruitment networks and border crossings").split(),
    "turkish": ("G{\\\"u}venlik de{\\u{g}}erlendirmesi kuzey vilayetler ve b{\\\"o}lgesel tehdit "
                "{\\c{s}}iddet {\\\"o}rg{\\\"u}t a{\\u{g}}lar{\\i} s{\\i}n{\\i}r ge{\\c{c}}i{\\c{s}}leri").split(),
    "russian": ("Оценка безопасности северных провинций и региональной угрозы после вывода войск "
                "сети вербовки и пересечение границы").split(),
}
ENTRY_TYPES = ["online"] * 30 + ["report"] * 20 + ["article"] * 25 + ["book"] * 10 + ["incollection"] * 5 + ["misc"] * 10


def bib_entry(rng: random.Random, index: int) -> tuple[str, str]:
    """One valid entry of a random type; returns (key, bibtex)."""
    kind = rng.choice(ENTRY_TYPES)
    langid = rng.choice(["english", "english", "english", "turkish", "russian"])
    year = rng.randint(1995, 2025)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    date = rng.choice([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"])
    words = TITLE_WORDS[langid]
    start = rng.randrange(len(words) - 6)
    title = " ".join(words[start:start + rng.randint(4, 6)]) + f" {index}"
    title = title[0].upper() + title[1:] if title[0] != "{" else title
    fields: list[tuple[str, str]] = []
    if kind in ("online", "report", "misc") or rng.random() < 0.3:
        org, stem = rng.choice(ORGANIZATIONS)
        fields.append(("institution" if kind == "report" else "organization", org))
    else:
        people, stem = rng.choice(PEOPLE)
        fields.append(("editor" if kind == "book" and rng.random() < 0.3 else "author", people))
    fields += [("title", title), ("date", date)]
    if kind == "article":
        fields += [("journaltitle", "Journal of Regional Security"), ("volume", str(rng.randint(1, 40))),
                   ("number", str(rng.randint(1, 6))), ("pages", f"{rng.randint(1, 90)}--{rng.randint(91, 200)}"),
                   ("doi", f"10.{rng.randint(1000, 99999)}/jrs.{year}.{index}")]
    elif kind == "book":
        fields += [("publisher", "Hurst"), ("edition", str(rng.randint(1, 4)))]
    elif kind == "incollection":
        fields += [("editor", "Smith, John"), ("booktitle", "Afghanistan after 2021"), ("publisher", "Routledge"),
                   ("pages", f"{rng.randint(1, 90)}--{rng.randint(91, 200)}")]
    elif kind == "report":
        fields += [("type", "Report"), ("number", f"S/{year}/{index}")]
    elif kind == "misc":
        fields += [("howpublished", "Press release")]
    if kind in ("online", "report") or rng.random() < 0.2:
        fields += [("url", f"https://sources.example.net/{stem}/{year}/{index}"),
                   ("urldate", f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}")]
    fields.append(("langid", langid))
    if rng.random() < 0.1:
        fields.append(("note", "Headline seen; byline not confirmed"))
    key = f"{stem}{year}n{index:05d}"
    body = "".join(f"  {name:<12} = {{{value}}},\n" for name, value in fields)
    return key, f"@{kind}{{{key},\n{body}}}\n"


def bibliography(entries: int, seed: int) -> tuple[list[str], str]:
    rng = random.Random(seed)
    made = [bib_entry(rng, i) for i in range(entries)]
    return [key for key, _ in made], "% synthetic bibliography (tools/bench.py)\n\n" + "\n".join(t for _, t in made)


@dataclass
class Plan:
    """One article: per paragraph, a list of sentences, each ending in a citation (or not)."""

    number: int
    # each citation: items of (key, locator or None, passage or "")
    paragraphs: list[list[tuple[int, list[tuple[str, tuple[str, int, int] | None, str]]]]] = field(default_factory=list)


def article_plan(number: int, keys: list[str], rng: random.Random, sources: int = 15, citations: int = 20) -> Plan:
    chosen = rng.sample(keys, min(sources, len(keys)))
    order = chosen + [rng.choice(chosen) for _ in range(max(citations - len(chosen), 0))]
    rng.shuffle(order)
    cites = []
    for i, key in enumerate(order):
        items = [key]
        if i % 9 == 4:  # now and then two sources in one note
            items.append(rng.choice([k for k in chosen if k != key] or [key]))
        cites.append([
            (k, (rng.choice(list(LOCATORS)), rng.randint(2, 40), rng.randint(41, 90)) if rng.random() < 0.2 else None)
            for k in items
        ])
    # a third of the citation items carry a passage, the same words in every language (a separate
    # generator, so the rest of the site is what it was before passages existed)
    quoting = random.Random(number)
    cites = [[(k, locator, " ".join(quoting.choice(WORDS["en"]) for _ in range(quoting.randint(6, 20)))
               if quoting.random() < 1 / 3 else "") for k, locator in cite] for cite in cites]
    plan = Plan(number)
    paragraph: list = []
    for cite in cites:
        paragraph.append((rng.randint(8, 18), cite))
        if len(paragraph) >= rng.randint(3, 4):
            plan.paragraphs.append(paragraph)
            paragraph = []
    if paragraph:
        plan.paragraphs.append(paragraph)
    return plan


def citation_text(cite, lang: str) -> str:
    column = LANGUAGES.index(lang)
    items = []
    for key, locator, passage in cite:
        item = f"@{key}"
        if locator:
            kind, n, m = locator
            item += ", " + LOCATORS[kind][column].format(n=n, m=m)
        if passage:
            item += f', "{passage}"'
        items.append(item)
    return "[" + "; ".join(items) + "]"


def article_text(plan: Plan, lang: str, cited: bool, english_hash: str = "", people=("editors",), tags=()) -> str:
    rng = random.Random(plan.number * 7 + LANGUAGES.index(lang))
    words = WORDS[lang]
    title = f"{TITLES[lang]} {plan.number}"
    picked = sorted({tags[(plan.number * k) % len(tags)] for k in (1, 3)}) if tags else []
    head = [f"title: {title}", f"date: 2026-{plan.number % 12 + 1:02d}-{plan.number % 28 + 1:02d}",
            f"authors: [{people[0]}]", f"tags: [{', '.join(picked)}]",
            f"summary: {' '.join(rng.choice(words) for _ in range(20))}."]
    if lang != "en":
        head += [f"translation_of: a{plan.number:04d}.md", f'source_hash: "{english_hash}"']
    out = ["---", *head, "---", "", f"# {title}", ""]
    for index, paragraph in enumerate(plan.paragraphs):
        if index % 2 == 0:
            out += [f"## {HEADINGS[lang]} {index // 2 + 1}", ""]
        sentences = []
        for length, cite in paragraph:
            sentence = " ".join(rng.choice(words) for _ in range(length)).capitalize() + "."
            sentences.append(sentence + (citation_text(cite, lang) if cited else ""))
        if index == 0:
            sentences.append("Code such as `[@notakey]` is never read as a citation.[^n1]")
        out += [" ".join(sentences), ""]
    out += [f"See the [home page](../index.md).", "", f"[^n1]: {FOOTNOTE[lang]}", ""]
    return "\n".join(out)


HOME = {
    "en": ("Home", "Synthetic benchmark site. Every article cites its sources."),
    "tr": ("Ana sayfa", "Sentetik kıyaslama sitesi. Her makale kaynaklarını gösterir."),
    "ru": ("Главная", "Синтетический сайт для замеров. Каждая статья ссылается на источники."),
}


INDEX = {  # the article index, as docs/articles/index.md is on the real site
    "en": ("Articles", "Every article, newest first."),
    "tr": ("Makaleler", "Tüm makaleler, en yeniden eskiye."),
    "ru": ("Статьи", "Все статьи, от новых к старым."),
}


def home_text(lang: str, english_hash: str) -> str:
    title, text = HOME[lang]
    extra = [] if lang == "en" else ["translation_of: index.md", f'source_hash: "{english_hash}"']
    return "\n".join(["---", f"title: {title}", *extra, "---", "", f"# {title}", "", text, ""])


def index_text(lang: str, english_hash: str) -> str:
    title, text = INDEX[lang]
    extra = [] if lang == "en" else ["translation_of: index.md", f'source_hash: "{english_hash}"']
    return "\n".join(["---", f"title: {title}", f"summary: {text}", "listing: articles", *extra, "---", "",
                      f"# {title}", "", text, ""])


CITATION_HOOK = "hooks/citations.py"


def without_citation_hook(config: str) -> str:
    """mkdocs.yml without the citation hook (the baseline keeps the other hooks, theme, plugins, i18n)."""
    stripped = re.sub(rf"^[ \t]*-[ \t]*{re.escape(CITATION_HOOK)}[ \t]*\n", "", config, flags=re.M)
    if stripped == config:
        raise SystemExit(f"bench: mkdocs.yml lists no {CITATION_HOOK}; the baseline would not differ")
    return stripped


def generate(dest: Path, articles: int, entries: int, cited: bool = True, seed: int = 7) -> Path:
    """Write a synthetic site into dest: the full variant (cited) or the baseline (not cited, no citation hook)."""
    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        from citekit.translations import source_hash
    finally:
        sys.path.remove(str(ROOT / "hooks"))
    dest.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(config if cited else without_citation_hook(config), encoding="utf-8")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "hooks", dest / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    docs = dest / "docs"
    (docs / "articles").mkdir(parents=True)
    if (ROOT / "docs" / "assets").exists():
        shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    keys, bib = bibliography(entries, seed)
    data = {}
    for name in ("authors.yml", "tags.yml"):  # the articles' authors and tags are checked against these
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, dest / name)
            data[name] = list(yaml.safe_load((ROOT / name).read_text(encoding="utf-8")) or {})
    people, tags = data.get("authors.yml") or ["editors"], data.get("tags.yml") or []
    (dest / "references.bib").write_text(bib, encoding="utf-8")
    home = home_text("en", "")
    (docs / "index.md").write_text(home, encoding="utf-8")
    index = index_text("en", "")
    (docs / "articles" / "index.md").write_text(index, encoding="utf-8")
    sources = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")  # every source's place (\\full_bibliography)
    (docs / "sources.md").write_text(sources, encoding="utf-8")
    for lang in LANGUAGES[1:]:
        (docs / f"index.{lang}.md").write_text(home_text(lang, source_hash(home)), encoding="utf-8")
        (docs / "articles" / f"index.{lang}.md").write_text(index_text(lang, source_hash(index)), encoding="utf-8")
        translated = (ROOT / "docs" / f"sources.{lang}.md").read_text(encoding="utf-8")
        (docs / f"sources.{lang}.md").write_text(
            translated.replace("---\n", f'---\nsource_hash: "{source_hash(sources)}"\n', 1), encoding="utf-8")
    rng = random.Random(seed)
    for number in range(1, articles + 1):
        plan = article_plan(number, keys, rng)
        english = article_text(plan, "en", cited, people=people, tags=tags)
        (docs / "articles" / f"a{number:04d}.md").write_text(english, encoding="utf-8")
        for lang in LANGUAGES[1:]:
            text = article_text(plan, lang, cited, source_hash(english), people, tags)
            (docs / "articles" / f"a{number:04d}.{lang}.md").write_text(text, encoding="utf-8")
    return dest


# --------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run one command as its own process; wall and CPU seconds and its peak RSS (os.wait4)."""
    log = cwd / ".bench.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    with open(log, "w", encoding="utf-8") as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    output = log.read_text(encoding="utf-8", errors="replace")
    if child.returncode != 0 or DIAGNOSTIC.search(output):
        raise SystemExit(f"bench: {' '.join(command[1:])} in {cwd} did not run clean "
                         f"(exit {child.returncode}):\n{output[-3000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def build(site: Path) -> Run:
    shutil.rmtree(site / "site", ignore_errors=True)
    return measure([sys.executable, "-m", "mkdocs", "build"], site)


def check_only(site: Path, cold: bool = False) -> Run:
    """The check-only command; ``cold`` first drops the cached parse of references.bib."""
    if cold:
        shutil.rmtree(site / ".cache", ignore_errors=True)
    return measure([sys.executable, "-m", "citekit", "check", "mkdocs.yml"], site,
                   {"PYTHONPATH": str(site / "hooks")})


def summary(runs: list[Run]) -> dict:
    return {
        "wall_s": round(statistics.median(r.wall for r in runs), 3),
        "cpu_s": round(statistics.median(r.cpu for r in runs), 3),
        "peak_rss_mb": round(statistics.median(r.rss_mb for r in runs), 1),
        "runs": [{"wall_s": round(r.wall, 3), "cpu_s": round(r.cpu, 3), "peak_rss_mb": round(r.rss_mb, 1)}
                 for r in runs],
    }


def pair(work: Path, articles: int, entries: int, runs: int, say, baseline: bool = True) -> dict:
    """Full and baseline builds of one size, interleaved (ABBA...), medians of `runs` each
    (only the full build when ``baseline`` is false)."""
    full = generate(work / f"full-{articles}", articles, entries, cited=True)
    base = generate(work / f"baseline-{articles}", articles, entries, cited=False) if baseline else None
    measured: dict[str, list[Run]] = {"full": [], "baseline": []}
    for index in range(runs):
        order = ("full", "baseline") if index % 2 == 0 else ("baseline", "full")
        for variant in order if baseline else ("full",):
            run = build(full if variant == "full" else base)
            measured[variant].append(run)
            say(f"  N={articles} {variant:<8} run {index + 1}: {run.wall:6.2f} s wall, "
                f"{run.cpu:6.2f} s CPU, {run.rss_mb:6.1f} MB")
    pages = len(LANGUAGES) * (articles + 2)  # the articles, the home page and the article index
    result = {"articles": articles, "pages_built": pages,
              **{variant: summary(runs) for variant, runs in measured.items() if runs}}
    for variant in ("full", "baseline") if baseline else ("full",):
        result[variant]["per_page_ms"] = round(1000 * result[variant]["wall_s"] / pages, 2)
    result["_full_site"] = full
    return result


def serve_loop(site: Path, edits: int, say) -> dict:
    """The author's loop as an author sees it: ``make serve`` on ``site``, then ``edits`` saves,
    each to another page (articles spread over the site, the languages in turn); each is timed
    from the moment the file is written to the moment the server returns a page holding the
    change. The server holds requests while it rebuilds, so a poll never sees a half-built site."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    log = site / ".serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = ["make", "--no-print-directory", "-s", "-C", str(ROOT), "serve", f"ADDR={address}",
               f"CONFIG={site / 'mkdocs.yml'}"]
    articles = sorted((site / "docs" / "articles").glob("a[0-9]*.md"))
    count = len([a for a in articles if a.name.count(".") == 1])
    with open(log, "wb") as out:
        server = subprocess.Popen(command, cwd=site, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        started = time.perf_counter()
        url = _served_url(log, server)
        first = time.perf_counter() - started
        times, pages = [], []
        for index in range(edits):
            number = 1 + (index * 2 + 1) * count // (2 * edits)
            lang = LANGUAGES[index % len(LANGUAGES)]
            name = f"a{number:04d}.md" if lang == "en" else f"a{number:04d}.{lang}.md"
            path = site / "docs" / "articles" / name
            token = f"edit{uuid.uuid4().hex[:12]}"
            text = path.read_text(encoding="utf-8")
            time.sleep(1.0)  # the server is idle, and the file's mtime is clearly newer than its page
            path.write_text(text + f"\nSaved by the benchmark: {token}.\n", encoding="utf-8")
            saved = time.perf_counter()
            page = url + ("" if lang == "en" else f"{lang}/") + f"articles/a{number:04d}/"
            while token not in _get(page):
                if server.poll() is not None or time.perf_counter() - saved > 300:
                    raise SystemExit(f"bench: the edit to {name} was never served:\n"
                                     + log.read_text(encoding="utf-8", errors="replace")[-3000:])
                time.sleep(0.02)
            times.append(time.perf_counter() - saved)
            pages.append(f"docs/articles/{name}")
            say(f"  serve: {name} saved, served after {times[-1]:.2f} s")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return {"command": "make serve", "first_build_s": round(first, 2),
            "save_to_served_s": round(statistics.median(times), 3),
            "edits": [{"page": p, "s": round(t, 3)} for p, t in zip(pages, times)]}


def _served_url(log: Path, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        found = re.search(r"Serving on (http://127\.0\.0\.1:\d+/\S*)", log.read_text(errors="replace"))
        if found:
            return found.group(1)
        if server.poll() is not None:
            break
        time.sleep(0.1)
    raise SystemExit("bench: make serve did not start:\n" + log.read_text(errors="replace")[-3000:])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=300) as response:
            return response.read().decode("utf-8", errors="replace")
    except urllib.error.URLError:
        return ""


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pybtex", "babel"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return {"nproc": os.cpu_count(), "cpu_model": cpu, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "packages": versions}


def benchmark(args, say=print) -> dict:
    sizes = sorted({args.articles, *args.scaling})
    started = time.perf_counter()
    load = [round(x, 2) for x in os.getloadavg()]  # other work on the machine inflates wall times
    with tempfile.TemporaryDirectory(prefix="citekit-bench-") as tmp:
        work = Path(tmp)
        say(f"bench: N={args.articles} articles x {len(LANGUAGES)} languages, M={args.entries} entries, "
            f"{args.runs} runs")
        main = pair(work, args.articles, args.entries, args.runs, say)
        checks, cold_checks = [], []
        for index in range(args.runs):
            cold_checks.append(check_only(main["_full_site"], cold=True))
            checks.append(check_only(main["_full_site"]))
            say(f"  check-only run {index + 1}: {cold_checks[-1].wall:.2f} s wall without the .bib cache, "
                f"{checks[-1].wall:.2f} s with it")
        serve = serve_loop(main["_full_site"], args.serve_edits, say) if args.serve_edits else None
        scaling = []
        for size in sizes if args.scaling else []:
            row = main if size == args.articles else pair(work, size, args.entries, args.scaling_runs, say,
                                                          baseline=args.scaling_baseline)
            scaling.append({k: v for k, v in row.items() if not k.startswith("_")})
    main.pop("_full_site")
    result = {
        "machine": machine(),
        "parameters": {"articles": args.articles, "entries": args.entries, "runs": args.runs,
                       "scaling_runs": args.scaling_runs, "scaling_baseline": args.scaling_baseline,
                       "load_average_at_start": load,
                       "languages": list(LANGUAGES), "sources_per_article": 15, "citations_per_article": 20},
        "full": main["full"],
        "baseline": main["baseline"],
        "pages_built": main["pages_built"],
        "ratio": {
            "wall": round(main["full"]["wall_s"] / main["baseline"]["wall_s"], 3),
            "cpu": round(main["full"]["cpu_s"] / main["baseline"]["cpu_s"], 3),
            "peak_rss": round(main["full"]["peak_rss_mb"] / main["baseline"]["peak_rss_mb"], 3),
        },
        "check_only": summary(checks),
        "check_only_cold": summary(cold_checks),
        "serve": serve,
        "scaling": scaling,
        "duration_s": round(time.perf_counter() - started, 1),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    result["targets"] = targets(result)
    return result


def targets(result: dict) -> dict:
    values = {
        "full_over_baseline_wall": result["ratio"]["wall"],
        "check_only_wall_s": result["check_only"]["wall_s"],
        "full_over_baseline_rss": result["ratio"]["peak_rss"],
    }
    if result.get("serve"):
        values["serve_save_to_served_s"] = result["serve"]["save_to_served_s"]
    if len(result["scaling"]) >= 2:
        first, last = result["scaling"][0], result["scaling"][-1]
        values["per_page_growth"] = round(last["full"]["per_page_ms"] / first["full"]["per_page_ms"], 3)
    return {name: {"value": value, "limit": TARGETS[name][0], "met": value <= TARGETS[name][0],
                   "what": TARGETS[name][1]} for name, value in values.items()}


def table(result: dict) -> str:
    full, base = result["full"], result["baseline"]
    p = result["parameters"]
    lines = [
        f"N={p['articles']} articles x 3 languages ({result['pages_built']} pages), M={p['entries']} entries, "
        f"median of {p['runs']} runs (other sizes: {p['scaling_runs']} run(s) each)",
        "",
        "| build | wall s | CPU s | peak RSS MB |",
        "|---|---:|---:|---:|",
        f"| full (citations, hooks) | {full['wall_s']:.2f} | {full['cpu_s']:.2f} | {full['peak_rss_mb']:.0f} |",
        f"| baseline (no citations, no citation hook) | {base['wall_s']:.2f} | {base['cpu_s']:.2f} | {base['peak_rss_mb']:.0f} |",
        f"| full / baseline | {result['ratio']['wall']:.2f} | {result['ratio']['cpu']:.2f} | "
        f"{result['ratio']['peak_rss']:.2f} |",
        f"| check only (`python -m citekit check`) | {result['check_only']['wall_s']:.2f} | "
        f"{result['check_only']['cpu_s']:.2f} | {result['check_only']['peak_rss_mb']:.0f} |",
        f"| check only, nothing cached (.bib parse, pages) | {result['check_only_cold']['wall_s']:.2f} | "
        f"{result['check_only_cold']['cpu_s']:.2f} | {result['check_only_cold']['peak_rss_mb']:.0f} |",
    ]
    if result.get("serve"):
        serve = result["serve"]
        lines.append(f"| `make serve`: a saved page served (median of {len(serve['edits'])} edits; "
                     f"first build {serve['first_build_s']:.1f} s) | {serve['save_to_served_s']:.2f} | | |")
    if result["scaling"]:
        lines += ["", "| N articles | pages | full ms/page | baseline ms/page | citations ms/page | full / baseline |",
                  "|---:|---:|---:|---:|---:|---:|"]
        for row in result["scaling"]:
            base, full = row.get("baseline"), row["full"]
            lines.append(f"| {row['articles']} | {row['pages_built']} | {full['per_page_ms']:.1f} | "
                         + (f"{base['per_page_ms']:.1f} | {full['per_page_ms'] - base['per_page_ms']:.1f} | "
                            f"{full['wall_s'] / base['wall_s']:.2f} |" if base else "– | – | – |"))
    lines += ["", "| target | value | limit | met |", "|---|---:|---:|---|"]
    for name, target in result["targets"].items():
        lines.append(f"| {target['what']} | {target['value']:.2f} | {target['limit']} | "
                     f"{'yes' if target['met'] else 'NO'} |")
    return "\n".join(lines)


def profile(args) -> None:
    """cProfile of one full build in this process: the top 25 functions by cumulative and own time."""
    import cProfile
    import io
    import pstats

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory(prefix="citekit-profile-") as tmp:
        site = generate(Path(tmp) / "site", args.articles, args.entries, cited=True)
        here = Path.cwd()
        os.chdir(site)
        try:
            profiler = cProfile.Profile()
            profiler.enable()
            config = load_config("mkdocs.yml")
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
            profiler.disable()
        finally:
            os.chdir(here)
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(25)
        print(f"\n=== top 25 by {order} ===")
        print(out.getvalue().split("\n", 6)[-1] if "ncalls" in out.getvalue() else out.getvalue())
    if args.profile_out:
        profiler.dump_stats(args.profile_out)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, metavar="N", help="articles per language (200)")
    parser.add_argument("--entries", type=int, default=2000, metavar="M", help="entries in references.bib (2000)")
    parser.add_argument("--runs", type=int, default=3, metavar="R", help="runs of each build; medians are reported (3)")
    parser.add_argument("--scaling", default="50,200,800", metavar="N,N,...",
                        help="sizes for the time per page (50,200,800)")
    parser.add_argument("--no-scaling", action="store_const", const="", dest="scaling",
                        help="skip the time-per-page sizes")
    parser.add_argument("--no-scaling-baseline", action="store_false", dest="scaling_baseline",
                        help="build only the full site at the other sizes (the baseline there adds ~30 s)")
    parser.add_argument("--scaling-runs", type=int, default=1, metavar="R",
                        help="runs of each build at the other sizes (1: N=800 alone takes minutes)")
    parser.add_argument("--serve-edits", type=int, default=5, metavar="E",
                        help="edits timed in the author's loop under make serve; 0 skips it (5)")
    parser.add_argument("--serve-only", action="store_true",
                        help="only the author's loop (make serve), on a site of N articles")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json", metavar="PATH",
                        help="where the results go (bench/results.json)")
    parser.add_argument("--profile", action="store_true",
                        help="instead of the benchmark, profile one full build in-process (cProfile)")
    parser.add_argument("--profile-out", type=Path, metavar="PATH", help="with --profile: also save the stats here")
    args = parser.parse_args(argv)
    args.scaling = [int(n) for n in args.scaling.split(",") if n.strip()] if args.scaling else []
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.profile:
        profile(args)
        return 0
    if args.serve_only:
        with tempfile.TemporaryDirectory(prefix="citekit-bench-") as tmp:
            site = generate(Path(tmp) / "site", args.articles, args.entries, cited=True)
            result = serve_loop(site, args.serve_edits, lambda text: print(text, file=sys.stderr, flush=True))
        print(json.dumps(result, indent=2))
        return 0
    result = benchmark(args, say=lambda text: print(text, file=sys.stderr, flush=True))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(result))
    print(f"\n(results in {args.json}; {result['duration_s']} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
