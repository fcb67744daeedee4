"""The site's articles as a catalogue: front matter, authors, tags, language versions, related articles.

An article is a page under ``docs/articles/`` (other than the section's index). Its English
front matter gives ``title``, ``date`` (and optionally ``updated``), ``authors`` (ids into
``authors.yml``), ``tags`` (ids into ``tags.yml``) and ``summary``; a translation gives its
own ``title`` and ``summary`` and inherits the rest. Built once per build from the texts the
checks already read, and validated there, so ``citekit check`` reports the same problems.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import heapq
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .diagnostics import Diagnostic
from .scanner import PageScan, front_matter
from . import translations as tr

ARTICLES_DIR = "articles"
AUTHORS_FILE = "authors.yml"
TAGS_FILE = "tags.yml"
TAGS_PAGE = "tags.md"  # the tags page, when the site has one (listing: tags)
REQUIRED = ("title", "date", "authors", "summary")
TRANSLATED_FIELDS = ("title", "summary")
RELATED_COUNT = 3
_CITATION_OR_MARKUP = re.compile(r"\[@[^\]]*\]|\[\^[^\]]*\]:?|<[^>]+>|\{[^}]*\}|https?://\S+")
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
# what a heading's text carries that is not its words: attribute lists, citations, notes, emphasis
HEADING_NOISE = re.compile(r"\{[^}]*\}|\[@[^\]]*\]|\[\^[^\]]*\]|[*_`]")


@dataclass(frozen=True)
class Correction:
    """A change to what a published claim says, as the article's front matter records it."""

    date: datetime.date
    text: str
    lang: str  # the language the text is written in (a translation without its own: English)
    anchor: str = ""  # its id on the article page, e.g. "correction-2026-11-30-1"


@dataclass
class Version:
    """One language version of an article, as a reader of that language finds it."""

    lang: str
    path: str  # shown path of the Markdown file
    url: str  # site-relative, e.g. "tr/articles/x/"
    title: str
    summary: str
    words: int
    corrections: list[Correction] = field(default_factory=list)  # newest first


class Versioned:
    """A page in several languages: what a reader of each gets, and when it was last corrected."""

    versions: dict[str, Version]

    def version(self, lang: str) -> Version:
        """The version a reader of ``lang`` gets: the translation, or the English original."""
        return self.versions.get(lang) or next(iter(self.versions.values()))

    @property
    def corrected(self) -> datetime.date | None:
        """The date of the latest correction, if the page has one."""
        corrections = next(iter(self.versions.values())).corrections if self.versions else []
        return corrections[0].date if corrections else None


@dataclass
class Article(Versioned):
    id: str  # English source relative to docs/, e.g. "articles/x.md"
    slug: str
    date: datetime.date
    updated: datetime.date | None
    authors: list[str]
    tags: list[str]
    keys: list[str]  # distinct cited keys, in order of first citation in English
    versions: dict[str, Version] = field(default_factory=dict)
    related: list[str] = field(default_factory=list)  # ids


@dataclass
class CorrectedPage(Versioned):
    """A page that is not an article (the glossary, About) whose front matter lists corrections."""

    id: str
    versions: dict[str, Version] = field(default_factory=dict)


@dataclass
class Catalog:
    articles: dict[str, Article] = field(default_factory=dict)  # id -> article
    authors: dict[str, dict] = field(default_factory=dict)
    tags: dict[str, dict[str, str]] = field(default_factory=dict)
    has_tags_page: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)
    corrected_pages: dict[str, CorrectedPage] = field(default_factory=dict)  # id -> page

    def corrections(self, lang: str) -> list[tuple[Versioned, Correction]]:
        """Every correction of every page, as a reader of ``lang`` reads it, newest first."""
        found = [(page, correction) for page in (*self.articles.values(), *self.corrected_pages.values())
                 for correction in page.version(lang).corrections]
        return sorted(found, key=lambda pair: (-pair[1].date.toordinal(), pair[0].id))

    def newest_first(self) -> list[Article]:
        return sorted(self.articles.values(), key=lambda a: (-(a.updated or a.date).toordinal(),
                                                             -a.date.toordinal(), a.id))

    def tagged(self) -> dict[str, list[Article]]:
        """Every tag in use -> its articles, newest first; tags in the order of tags.yml."""
        found = {tag: [a for a in self.newest_first() if tag in a.tags] for tag in self.tags}
        return {tag: articles for tag, articles in found.items() if articles}


def page_url(relative: str, lang: str, default: str) -> str:
    """MkDocs' directory URL for a docs-relative English path, in one language's site."""
    stem = relative[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return stem if lang == default else f"{lang}/{stem}"


def collect(project, texts: dict[Path, str], pages: dict[str, PageScan]) -> Catalog:
    """The catalogue of every article, with its problems as diagnostics."""
    catalog = Catalog()
    catalog.authors = _data_file(project, AUTHORS_FILE, catalog.diagnostics, ("name", "bio"))
    catalog.tags = _data_file(project, TAGS_FILE, catalog.diagnostics, None)
    catalog.has_tags_page = project.docs_dir / TAGS_PAGE in project.pages
    section = project.docs_dir / ARTICLES_DIR
    for path, text in texts.items():
        if project.language_of(path) != project.default_language:
            continue
        if path.parent != section or path.name == "index.md":
            page = _corrected_page(project, path, text, texts, catalog.diagnostics)
            if page is not None:
                catalog.corrected_pages[page.id] = page
            continue
        article = _article(project, path, text, texts, pages, catalog)
        if article is not None:
            catalog.articles[article.id] = article
    relate(catalog.articles)
    return catalog


def _corrected_page(project, path: Path, text: str, texts, problems: list[Diagnostic]) -> CorrectedPage | None:
    meta = tr.front_matter(text)
    if meta.get("corrections") is None:
        return None
    relative = path.relative_to(project.docs_dir).as_posix()
    page = CorrectedPage(relative)
    for lang, source, own, corrections in _language_versions(project, path, meta, text, texts, problems):
        page.versions[lang] = Version(lang, project.shown(source), page_url(relative, lang, project.default_language),
                                      page_title(texts[source], own) or relative, "", 0, corrections)
    return page


def page_title(text: str, meta: dict) -> str:
    """A page's title as a reader sees it: its front matter's, else its first heading's words."""
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    front = front_matter(text)
    heading = _HEADING.search(text, front.end() if front else 0)
    return HEADING_NOISE.sub("", heading[1]).strip() if heading else ""


def relate(articles: dict[str, Article]) -> None:
    """Each article's related articles: bibliographic coupling first (sources both cite), then
    shared tags, then newer, then id; deterministic. Only articles sharing a source or a tag are
    counted (an index from each source and tag to its articles), the rest follow newest first:
    comparing every pair grew with the square of the number of articles."""
    citing, tagged = defaultdict(list), defaultdict(list)
    for article in articles.values():
        for key in set(article.keys):
            citing[key].append(article.id)
        for tag in set(article.tags):
            tagged[tag].append(article.id)
    newest = sorted(articles, key=lambda id_: (-articles[id_].date.toordinal(), id_))
    for article in articles.values():
        sources = Counter(other for key in set(article.keys) for other in citing[key])
        tags = Counter(other for tag in set(article.tags) for other in tagged[tag])
        candidates = (sources.keys() | tags.keys()) - {article.id}
        ranked = heapq.nsmallest(RELATED_COUNT, candidates, key=lambda other: (
            -sources[other], -tags[other], -articles[other].date.toordinal(), other))
        for other in newest:
            if len(ranked) >= RELATED_COUNT:
                break
            if other != article.id and other not in candidates:
                ranked.append(other)
        article.related = ranked


def reading_minutes(words: int, words_per_minute: int) -> int:
    return max(1, round(words / words_per_minute))


def word_count(text: str) -> int:
    text = text.replace("\r\n", "\n")
    match = front_matter(text)
    body = text[match.end():] if match else text
    return len(_WORD.findall(_CITATION_OR_MARKUP.sub(" ", body)))


def _article(project, path: Path, text: str, texts, pages, catalog: Catalog) -> Article | None:
    shown = project.shown(path)
    meta = tr.front_matter(text)
    problems = catalog.diagnostics
    missing = [name for name in REQUIRED if not meta.get(name)]
    for name in missing:
        problems.append(Diagnostic(shown, 1, 1, "ART001", f"article front matter has no '{name}'",
                                   f"add '{name}: ...' between the --- lines at the top"))
    if missing:
        return None
    date = _date(meta["date"], shown, text, "date", problems)
    updated = _date(meta["updated"], shown, text, "updated", problems) if meta.get("updated") else None
    authors = _ids(meta["authors"], catalog.authors, shown, text, "authors", "ART003", AUTHORS_FILE, problems)
    tags = _ids(meta.get("tags") or [], catalog.tags, shown, text, "tags", "ART004", TAGS_FILE, problems)
    if date is None:
        return None
    relative = path.relative_to(project.docs_dir).as_posix()
    scan = pages.get(shown)
    keys = list(dict.fromkeys(item.key.lower() for c in scan.citations for item in c.items)) if scan else []
    article = Article(relative, path.stem, date, updated, authors, tags, keys)
    for lang, source, own, corrections in _language_versions(project, path, meta, text, texts, problems):
        for name in TRANSLATED_FIELDS:
            if not own.get(name):
                problems.append(Diagnostic(project.shown(source), 1, 1, "ART001",
                                           f"translated article has no '{name}' in its front matter",
                                           f"add '{name}:' in {lang}, translated from {shown}"))
        article.versions[lang] = Version(lang, project.shown(source), page_url(relative, lang, project.default_language),
                                         str(own.get("title") or meta["title"]),
                                         str(own.get("summary") or meta["summary"]), word_count(texts[source]),
                                         corrections)
    return article


def _language_versions(project, path: Path, meta: dict, text: str, texts, problems: list[Diagnostic]):
    """(language, file, its front matter, its corrections) of each language the page exists in.
    A translation lists the English page's corrections, translated, with the same dates; one
    without the list gets the English entries."""
    shown = project.shown(path)
    english = _corrections(meta, shown, text, project.default_language, problems)
    for lang in project.languages:
        source = path if lang == project.default_language else tr.translation_path(path, lang)
        if source not in texts:
            continue
        own = meta if source == path else tr.front_matter(texts[source])
        corrections = english
        if source != path and own.get("corrections") is not None:
            corrections = _corrections(own, project.shown(source), texts[source], lang, problems)
            if [c.date for c in corrections] != [c.date for c in english]:
                problems.append(Diagnostic(
                    project.shown(source), _field_line(texts[source], "corrections"), 1, "ART006",
                    f"corrections dated {_dates(corrections)} where {shown} has {_dates(english)}",
                    f"translate every correction of {shown}, with the same dates, and add none"))
        yield lang, source, own, corrections


def _corrections(meta: dict, shown: str, text: str, lang: str, problems: list[Diagnostic]) -> list[Correction]:
    """The page's ``corrections:`` (a list of ``date`` and ``text``), newest first."""
    value = meta.get("corrections")
    if value is None:
        return []
    line = _field_line(text, "corrections")
    hint = "write corrections: as a list of entries, each '- date: YYYY-MM-DD' and 'text: what changed'"
    if not isinstance(value, list):
        problems.append(Diagnostic(shown, line, 1, "ART006", "'corrections' is not a list", hint))
        return []
    found = []
    for number, entry in enumerate(value, start=1):
        day = entry.get("date") if isinstance(entry, dict) else None
        words = entry.get("text") if isinstance(entry, dict) else None
        if isinstance(day, datetime.datetime):
            day = day.date()
        elif isinstance(day, str):
            try:
                day = datetime.date.fromisoformat(day)
            except ValueError:
                day = None
        if not isinstance(day, datetime.date) or not isinstance(words, str) or not words.strip():
            problems.append(Diagnostic(shown, line, 1, "ART006",
                                       f"correction {number} needs a date (YYYY-MM-DD) and a text", hint))
            continue
        found.append(Correction(day, words.strip(), lang))
    found.sort(key=lambda c: -c.date.toordinal())
    seen: Counter = Counter()
    for index, correction in enumerate(found):
        seen[correction.date] += 1
        found[index] = dataclasses.replace(correction, anchor=f"correction-{correction.date}-{seen[correction.date]}")
    return found


def _dates(corrections: list[Correction]) -> str:
    return ", ".join(c.date.isoformat() for c in corrections) or "none"


def _date(value, shown: str, text: str, name: str, problems: list[Diagnostic]) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        line = _field_line(text, name)
        problems.append(Diagnostic(shown, line, 1, "ART002", f"'{name}: {value}' is not a date",
                                   "write it as YYYY-MM-DD"))
        return None


def _ids(value, known: dict, shown: str, text: str, name: str, code: str, file: str,
         problems: list[Diagnostic]) -> list[str]:
    ids = [str(v) for v in (value if isinstance(value, list) else [value])]
    line = _field_line(text, name)
    line_text = text.splitlines()[line - 1] if text.count("\n") >= line - 1 else ""
    for unknown in (i for i in ids if i not in known):
        close = difflib.get_close_matches(unknown, list(known), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"add '{unknown}:' to {file}"
        problems.append(Diagnostic(shown, line, line_text.find(unknown) + 1 if unknown in line_text else 1, code,
                                   f"'{unknown}' is not in {file}", hint))
    return [i for i in ids if i in known]


def _field_line(text: str, name: str) -> int:
    match = re.search(rf"^{re.escape(name)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _data_file(project, name: str, problems: list[Diagnostic], needs: tuple[str, ...] | None) -> dict:
    """authors.yml / tags.yml: id -> data; every entry needs text in every site language."""
    path = project.root / name
    shown = project.shown(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        return {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.append(Diagnostic(shown, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                                   "ART005", f"{name} is not valid YAML", str(getattr(error, "problem", error))))
        return {}
    if not isinstance(data, dict):
        problems.append(Diagnostic(shown, 1, 1, "ART005", f"{name} must map ids to entries", ""))
        return {}
    text = path.read_text(encoding="utf-8")
    for key, entry in data.items():
        texts = [entry.get(n) for n in needs] if needs and isinstance(entry, dict) else [entry]
        for lang in project.languages:
            if not all(isinstance(t, dict) and t.get(lang) for t in texts):
                problems.append(Diagnostic(shown, _field_line(text, str(key)), 1, "ART005",
                                           f"'{key}' has no text in '{lang}'",
                                           f"give '{key}' its {'/'.join(needs or ('label',))} in {lang}"))
                break
    return data
