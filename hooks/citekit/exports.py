"""An article described for machines: its own citation (BibTeX, RIS, CSL-JSON) and head metadata.

One language-neutral record per article version (``record``) feeds every format, so the
downloads, the Highwire ``citation_*`` tags, JSON-LD and OpenGraph always agree. Writers
here return text; escaping for HTML happens in the templates (``|e``, ``|tojson``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import latexcodec  # noqa: F401  (registers the "ulatex+utf8" codec the BibTeX writer encodes with)
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer as BibTeXWriter

from .articles import Article, Catalog, Version
from .bibliography import Bibliography, Source

OG_LOCALES = {"en": "en_GB", "tr": "tr_TR", "ru": "ru_RU"}
DOWNLOADS = (  # extension, MIME type, label key
    ("bib", "application/x-bibtex", "bibtex"),
    ("ris", "application/x-research-info-systems", "ris"),
    ("json", "application/vnd.citationstyles.csl+json", "csl_json"),
)


@dataclass(frozen=True)
class Site:
    name: str
    url: str  # absolute, ending in "/"

    def absolute(self, path: str) -> str:
        return self.url + path


@dataclass(frozen=True)
class Record:
    """What any citation of one article version says."""

    key: str
    title: str
    authors: tuple[str, ...]
    date: str  # YYYY-MM-DD
    updated: str
    language: str
    url: str
    summary: str
    tags: tuple[str, ...]
    publisher: str


def record(article: Article, version: Version, catalog: Catalog, site: Site) -> Record:
    lang = version.lang
    return Record(
        key=f"{article.slug}-{lang}",
        title=version.title,
        authors=tuple(catalog.authors[a]["name"][lang] for a in article.authors),
        date=article.date.isoformat(),
        updated=(article.updated or article.date).isoformat(),
        language=lang,
        url=site.absolute(version.url),
        summary=version.summary,
        tags=tuple(catalog.tags[t][lang] for t in article.tags),
        publisher=site.name,
    )


def as_source(rec: Record) -> Source:
    """The article as a bibliography entry, so the page's own Formatter cites it in its language."""
    return Source.judged(rec.key, "online", {"title": rec.title, "organization": ", ".join(rec.authors),
                                             "publisher": rec.publisher, "date": rec.date, "url": rec.url},
                         {}, 0)


def bibtex(rec: Record) -> str:
    # Plain text in: the writer encodes LaTeX's special characters itself (encoding them here as
    # well wrote "Tom \\& Jerry" for "Tom & Jerry").
    entry = Entry("online", fields={
        "title": rec.title, "date": rec.date, "url": rec.url, "urldate": rec.updated,
        "organization": rec.publisher, "langid": LANGIDS[rec.language],
        "abstract": rec.summary, "keywords": ", ".join(rec.tags),
    }, persons={"author": [Person("{" + name + "}") for name in rec.authors]})
    # The writer class directly: to_string("bibtex") looks the plugin up again on every call (~6 ms).
    return _BIBTEX.to_string(BibliographyData({rec.key: entry}))


class _Writer(BibTeXWriter):
    """pybtex's BibTeX writer. Its LaTeX encoding runs a per-character codec over every field
    (~0.2 ms each, most of an article's export); a field without a LaTeX special character
    comes out of it unchanged, so it skips the codec."""

    def _encode(self, text: str) -> str:
        return super()._encode(text) if _LATEX_SPECIAL.search(text) else text


LANGIDS = {"en": "english", "tr": "turkish", "ru": "russian"}
_BIBTEX = _Writer()
_LATEX_SPECIAL = re.compile(r"[\\{}$&%#_^~]")


def ris(rec: Record) -> str:
    """RIS (Research Information Systems) as Zotero and EndNote import it."""
    year, month, day = rec.date.split("-")
    lines = [("TY", "ELEC"), ("TI", rec.title)]
    lines += [("AU", name) for name in rec.authors]
    lines += [("PY", year), ("DA", f"{year}/{month}/{day}"), ("PB", rec.publisher), ("UR", rec.url),
              ("LA", rec.language), ("AB", rec.summary)]
    lines += [("KW", tag) for tag in rec.tags]
    lines += [("ID", rec.key), ("ER", "")]
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def csl_json(rec: Record) -> str:
    year, month, day = (int(p) for p in rec.date.split("-"))
    item = {
        "id": rec.key, "type": "webpage", "title": rec.title,
        "author": [{"literal": name} for name in rec.authors],
        "issued": {"date-parts": [[year, month, day]]},
        "container-title": rec.publisher, "publisher": rec.publisher, "URL": rec.url,
        "language": rec.language, "abstract": rec.summary, "keyword": ", ".join(rec.tags),
    }
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


WRITERS = {"bib": bibtex, "ris": ris, "json": csl_json}


def highwire(rec: Record, cited: list[Source]) -> list[tuple[str, str]]:
    """Google Scholar / Zotero ``citation_*`` meta tags, one citation_reference per cited source."""
    tags = [("citation_title", rec.title)]
    tags += [("citation_author", name) for name in rec.authors]
    tags += [("citation_publication_date", rec.date.replace("-", "/")),
             ("citation_online_date", rec.updated.replace("-", "/")),
             ("citation_language", rec.language), ("citation_publisher", rec.publisher),
             ("citation_public_url", rec.url), ("citation_abstract", rec.summary)]
    tags += [("citation_keywords", tag) for tag in rec.tags]
    tags += [("citation_reference", _reference(source)) for source in cited]
    return tags


def json_ld(rec: Record, cited: list[Source], versions: dict[str, str], original_lang: str,
            corrections=()) -> dict:
    """schema.org ScholarlyArticle; language versions linked by workTranslation/translationOfWork;
    each correction a CorrectionComment."""
    data = {
        "@context": "https://schema.org", "@type": "ScholarlyArticle", "@id": rec.url, "url": rec.url,
        "headline": rec.title, "name": rec.title, "description": rec.summary, "inLanguage": rec.language,
        "datePublished": rec.date, "dateModified": rec.updated, "keywords": list(rec.tags),
        "author": [{"@type": "Organization", "name": name} for name in rec.authors],
        "publisher": {"@type": "Organization", "name": rec.publisher},
        "citation": [_creative_work(source) for source in cited],
    }
    if corrections:
        data["correction"] = [{"@type": "CorrectionComment", "text": c.text, "datePublished": c.date.isoformat(),
                               "inLanguage": c.lang} for c in corrections]
    if rec.language == original_lang:
        others = [{"@id": url, "inLanguage": lang} for lang, url in versions.items() if lang != original_lang]
        if others:
            data["workTranslation"] = others
    else:
        data["translationOfWork"] = {"@id": versions[original_lang], "inLanguage": original_lang}
    return data


def open_graph(rec: Record, site: Site, languages: list[str]) -> list[tuple[str, str]]:
    tags = [("og:type", "article"), ("og:title", rec.title), ("og:description", rec.summary),
            ("og:url", rec.url), ("og:site_name", site.name), ("og:locale", OG_LOCALES.get(rec.language, rec.language))]
    tags += [("og:locale:alternate", OG_LOCALES.get(lang, lang)) for lang in languages if lang != rec.language]
    tags += [("article:published_time", rec.date), ("article:modified_time", rec.updated)]
    tags += [("article:tag", tag) for tag in rec.tags]
    return tags


def cited_sources(article: Article, bib: Bibliography) -> list[Source]:
    return [source for source in (bib.lookup(key) for key in article.keys) if source is not None]


def _reference(source: Source) -> str:
    parts = [("citation_title", source.get("title"))]
    people = source.persons.get("author") or source.persons.get("editor") or []
    parts += [("citation_author", f"{p['last']}, {p['first']}".strip(", ")) for p in people]
    if not people:
        parts.append(("citation_author", source.get("organization") or source.get("institution")))
    checked = source.checked
    parts += [("citation_publication_date", checked.date.first.iso().replace("-", "/") if checked.date else ""),
              ("citation_journal_title", source.get("journaltitle") or source.get("journal")),
              ("citation_publisher", source.get("publisher")),
              ("citation_doi", checked.doi),
              ("citation_pdf_url" if checked.url.endswith(".pdf") else "citation_public_url", checked.url)]
    return "; ".join(f"{name}={_one_line(value).replace(';', ',')}" for name, value in parts if value)


def _creative_work(source: Source) -> dict:
    work = {"@type": "CreativeWork", "name": source.get("title")}
    people = source.persons.get("author") or []
    if people:
        work["author"] = [{"@type": "Person", "name": f"{p['first']} {p['last']}".strip()} for p in people]
    elif source.get("organization") or source.get("institution"):
        work["author"] = {"@type": "Organization", "name": source.get("organization") or source.get("institution")}
    checked = source.checked
    if checked.date and checked.date.first.iso():
        work["datePublished"] = checked.date.first.iso()
    if checked.url:
        work["url"] = checked.url
    if checked.doi:
        work["sameAs"] = f"https://doi.org/{checked.doi}"
    return work


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
