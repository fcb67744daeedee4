"""Articles as a reader and a reference manager meet them, on the real site in three languages.

Every reading here goes through an independent parser: lxml for the HTML, extruct for JSON-LD
and OpenGraph, pybtex / rispy / citeproc-py for the downloads, feedparser for the feeds.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import extruct
import feedparser
import lxml.html
import pytest
import rispy
import yaml
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pybtex.database import parse_string

from conftest import ROOT, copy_project, mkdocs_build

ARTICLES = sorted(p.stem for p in (ROOT / "docs" / "articles").glob("*.md")
                  if p.name.count(".") == 1 and p.stem != "index")
LANGUAGES = {"en": "", "tr": "tr/", "ru": "ru/"}
NATIVE = {"en": "English", "tr": "Türkçe", "ru": "Русский"}
DATE_IN = {"en": "25 November 2026", "tr": "25 Kasım 2026", "ru": "25 ноября 2026"}
SITE_URL = "https://example.org/iskp-annotated/"


def page(build, path: str):
    return lxml.html.fromstring((build.site / path / "index.html").read_text(encoding="utf-8"))


def texts(tree, css: str) -> list[str]:
    return [" ".join(el.text_content().split()) for el in tree.cssselect(css)]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("slug", ARTICLES)
def test_article_shows_byline_languages_cite_author_and_related(project_build, slug, lang):
    tree = page(project_build, f"{LANGUAGES[lang]}articles/{slug}")
    byline = texts(tree, ".citekit-byline__meta")[0]
    assert DATE_IN[lang] in byline
    assert re.search(r"\d+ (min|dk|мин)", byline)
    # Also available in: the two other languages by their native names, each to the same article.
    also = {a.text_content(): a.get("href") for a in tree.cssselect(".citekit-also a")}
    assert set(also) == {NATIVE[other] for other in LANGUAGES if other != lang}
    for name, href in also.items():
        other = next(code for code, native in NATIVE.items() if native == name)
        target = (project_build.site / f"{LANGUAGES[lang]}articles/{slug}" / href / "index.html").resolve()
        assert target == (project_build.site / f"{LANGUAGES[other]}articles/{slug}/index.html").resolve()
    # Tags link to their section of the tags page in the same language.
    for tag in tree.cssselect(".citekit-byline .citekit-tag"):
        target, anchor = tag.get("href").split("#")
        tags_page = (project_build.site / f"{LANGUAGES[lang]}articles/{slug}" / target / "index.html").resolve()
        assert tags_page == (project_build.site / f"{LANGUAGES[lang]}tags/index.html").resolve()
        assert lxml.html.parse(str(tags_page)).getroot().get_element_by_id(anchor) is not None
    # Cite this: the page's own title, in the page language's quotation marks.
    title = texts(tree, "h1")[0].rstrip("¶")
    cite = texts(tree, ".citekit-cite__text")[0]
    assert title in cite and f"{SITE_URL}{LANGUAGES[lang]}articles/{slug}/" in cite
    assert ("«" if lang == "ru" else "“") in cite
    assert len(tree.cssselect(".citekit-cite__downloads a[download]")) == 3
    # Author box and three related articles, all in the page's language.
    assert texts(tree, ".citekit-author__bio")[0]
    related = tree.cssselect(".citekit-related li a")
    assert len(related) == 3 and all(a.get("hreflang") == lang for a in related)
    assert slug not in {a.get("href").strip("./") for a in related}


def test_related_articles_come_from_shared_sources_first(project_build):
    """The annotated reading shares the most sources with every other article: it heads each list."""
    for slug in ARTICLES:
        if slug == "ankasam-annotated":
            continue
        first = page(project_build, f"articles/{slug}").cssselect(".citekit-related li a")[0]
        assert first.get("href").rstrip("/").endswith("ankasam-annotated")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_citation_downloads_parse_in_real_readers(project_build, lang):
    slug = "assassinations-2023"
    folder = project_build.site / f"{LANGUAGES[lang]}articles/{slug}"
    tree = page(project_build, f"{LANGUAGES[lang]}articles/{slug}")
    title = texts(tree, "h1")[0].rstrip("¶")
    links = {Path(a.get("href")).suffix: a for a in tree.cssselect(".citekit-cite__downloads a")}
    assert set(links) == {".bib", ".ris", ".json"}

    entry = next(iter(parse_string((folder / links[".bib"].get("href")).read_text(encoding="utf-8"),
                                   "bibtex").entries.values()))
    assert entry.type == "online" and entry.fields["url"] == f"{SITE_URL}{LANGUAGES[lang]}articles/{slug}/"
    assert entry.fields["title"].replace("\\", "") == title.replace("\\", "")
    assert entry.fields["date"] == "2026-11-25"

    (ris,) = rispy.loads((folder / links[".ris"].get("href")).read_text(encoding="utf-8"))
    assert ris["type_of_reference"] == "ELEC" and ris["title"] == title
    assert ris["authors"] and ris["urls"] == [entry.fields["url"]]

    items = json.loads((folder / links[".json"].get("href")).read_text(encoding="utf-8"))
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    (rendered,) = [str(item) for item in bibliography.bibliography()]
    assert title in rendered and "2026" in rendered


@pytest.mark.parametrize("lang", LANGUAGES)
def test_head_metadata_reads_as_scholarly_article(project_build, lang):
    slug = "assassinations-2023"
    url = f"{SITE_URL}{LANGUAGES[lang]}articles/{slug}/"
    html = (project_build.site / f"{LANGUAGES[lang]}articles/{slug}/index.html").read_text(encoding="utf-8")
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph"])
    (article,) = [d for d in data["json-ld"] if d.get("@type") == "ScholarlyArticle"]
    assert article["inLanguage"] == lang and article["datePublished"] == "2026-11-25"
    assert article["author"][0]["name"] and article["url"] == url
    cited = article["citation"]
    markdown = (ROOT / "docs/articles" / f"{slug}.md").read_text(encoding="utf-8")
    bib_keys = {key for group in re.findall(r"\[(@[^\]]+)\]", markdown) for key in re.findall(r"@([^\s;,]+)", group)}
    assert len(cited) == len({k.lower() for k in bib_keys})
    if lang == "en":
        assert {t["inLanguage"] for t in article["workTranslation"]} == {"tr", "ru"}
    else:
        assert article["translationOfWork"]["@id"] == f"{SITE_URL}articles/{slug}/"
    (og,) = data["opengraph"]
    properties = og["properties"]
    assert ("og:type", "article") in properties and ("og:url", url) in properties
    assert dict(properties)["og:locale"].startswith(lang)
    assert len([p for p in properties if p[0] == "og:locale:alternate"]) == 2
    tree = lxml.html.fromstring(html)
    meta = [(m.get("name"), m.get("content")) for m in tree.cssselect("meta[name^=citation_]")]
    names = [name for name, _ in meta]
    assert {"citation_title", "citation_author", "citation_publication_date", "citation_language"} <= set(names)
    assert dict(meta)["citation_language"] == lang
    assert names.count("citation_reference") == len(cited)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_a_valid_feed_linked_from_every_page(project_build, lang):
    feed_file = project_build.site / f"{LANGUAGES[lang]}feed.xml"
    feed = feedparser.parse(feed_file.read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.language == lang if "language" in feed.feed else True
    entries = [e for e in feed.entries if "#" not in e.link]  # the rest announce corrections (test_corrections)
    assert len(entries) == len(ARTICLES)
    for entry in entries:
        path = entry.link.removeprefix(SITE_URL)
        assert path.startswith(LANGUAGES[lang] + "articles/")
        built = page(project_build, path.rstrip("/"))
        assert texts(built, "h1")[0].rstrip("¶") == " ".join(entry.title.split())  # texts() folds white space, no-break spaces too
    for path in (f"{LANGUAGES[lang]}articles/assassinations-2023", f"{LANGUAGES[lang]}glossary"):
        tree = page(project_build, path)
        (link,) = tree.cssselect('link[rel=alternate][type="application/atom+xml"]')
        target = (project_build.site / path / link.get("href")).resolve()
        assert target == feed_file.resolve()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_article_index_and_tags_page_list_every_article_in_the_language(project_build, lang):
    index = page(project_build, f"{LANGUAGES[lang]}articles")
    titles = texts(index, ".citekit-listing__item h2")
    assert len(titles) == len(ARTICLES)
    for slug in ARTICLES:
        article_title = texts(page(project_build, f"{LANGUAGES[lang]}articles/{slug}"), "h1")[0].rstrip("¶")
        assert article_title in titles
    tags = page(project_build, f"{LANGUAGES[lang]}tags")
    labels = yaml.safe_load((ROOT / "tags.yml").read_text(encoding="utf-8"))
    for section in tags.cssselect(".citekit-listing__tag"):
        heading = section.cssselect("h2")[0]
        assert " ".join(heading.text_content().split()) == labels[heading.get("id").removeprefix("tag-")][lang]
        assert section.cssselect(".citekit-listing__item")


ORDERED_SITE = {
    "docs/articles/older.md": "---\ntitle: Older\ndate: 2024-01-05\nauthors: [desk]\ntags: [a]\n"
                              "summary: The older one.\n---\n\n# Older\n\nText.[@ankasam2023en]\n",
    "docs/articles/newer.md": "---\ntitle: Newer\ndate: 2025-03-01\nauthors: [desk]\ntags: [a]\n"
                              "summary: The newer one.\n---\n\n# Newer\n\nText.[@ankasam2023en]\n",
    "docs/articles/index.md": "---\ntitle: Articles\nlisting: articles\n---\n\n# Articles\n",
    "authors.yml": "desk:\n  name: {en: Desk, tr: Masa, ru: Стол}\n  bio: {en: B, tr: B, ru: Б}\n",
    "tags.yml": "a: {en: Alpha, tr: Alfa, ru: Альфа}\n",
}


@pytest.mark.slow
def test_index_is_newest_first_and_an_untranslated_article_falls_back_in_english(tmp_path):
    from conftest import make_site
    root = make_site(tmp_path / "site-src")
    for name, text in ORDERED_SITE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    assert texts(page(build, "articles"), ".citekit-listing__item h2") == ["Newer", "Older"]
    tr_index = page(build, "tr/articles")
    assert texts(tr_index, ".citekit-listing__item h2") == ["Newer", "Older"]
    assert [a.get("hreflang") for a in tr_index.cssselect(".citekit-listing__item h2 a")] == ["en", "en"]
    fallback = page(build, "tr/articles/newer")
    assert "Yazan: Masa" in texts(fallback, ".citekit-byline__meta")[0]
    assert not fallback.cssselect(".citekit-also a[hreflang=tr]")
    assert feedparser.parse((build.site / "tr/feed.xml").read_bytes()).entries[0].title == "Newer"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sidebar_leads_to_the_article_index_not_to_every_article(project_build, lang):
    """Every page carries the navigation: listing each article there would make every page (and
    the build) grow with the number of articles. The index lists them all instead."""
    prefix = LANGUAGES[lang]
    for path in [f"{prefix}articles/{ARTICLES[0]}", f"{prefix}about", prefix.rstrip("/") or "."]:
        tree = page(project_build, path)
        sidebar = tree.cssselect("nav.md-nav--primary")[0]
        targets = [posixpath.normpath(posixpath.join(path, a.get("href"))) for a in sidebar.cssselect("a[href]")]
        assert not any(target.endswith(f"articles/{slug}") for slug in ARTICLES for target in targets), (path, targets)
        assert f"{prefix}articles" in targets, (path, targets)
    index = page(project_build, f"{prefix}articles")
    listed = [a.get("href") for a in index.cssselect("article a[href]")]
    for slug in ARTICLES:
        assert any(f"{slug}/" in href for href in listed), (slug, listed)


@pytest.mark.slow
def test_articles_need_no_citation_hook(tmp_path):
    """A site that cites nothing may leave hooks/citations.py out: its articles keep their byline,
    related articles and downloads, and a wrong author still stops the build."""
    root = copy_project(tmp_path / "site")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - hooks/citations.py\n" in config
    (root / "mkdocs.yml").write_text(config.replace("  - hooks/citations.py\n", ""), encoding="utf-8")
    for source in (root / "docs").rglob("*.md"):  # a site without citations
        text = source.read_text(encoding="utf-8")
        source.write_text(re.sub(r"\[@[^\]]*\]", "", text), encoding="utf-8")
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    tree = page(build, f"tr/articles/{ARTICLES[0]}")
    assert DATE_IN["tr"] in texts(tree, ".citekit-byline__meta")[0]
    assert len(tree.cssselect(".citekit-related li a")) == 3
    assert (build.site / "tr" / "articles" / ARTICLES[0] / f"{ARTICLES[0]}.bib").is_file()

    article = root / "docs" / "articles" / f"{ARTICLES[0]}.md"
    article.write_text(article.read_text(encoding="utf-8").replace("authors: [editors]", "authors: [edtiors]", 1),
                       encoding="utf-8")
    broken = mkdocs_build(root)
    assert broken.returncode != 0 and "error[ART003]" in broken.stderr and "did you mean 'editors'?" in broken.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_names_the_other_pages_by_their_titles(project_build, lang):
    """Pages give up their HTML once written (hooks/page_memory.py); the pages built after them
    must still show their titles in the sidebar and in the previous/next footer."""
    prefix = LANGUAGES[lang]
    titles = {}
    for name in ("", "about", "articles", "corrections", "glossary", "sources", "tags"):
        source = ROOT / "docs" / (f"{name or 'index'}.md" if name != "articles" else "articles/index.md")
        translated = source.with_name(source.name.replace(".md", f".{lang}.md")) if lang != "en" else source
        titles[name] = yaml.safe_load(translated.read_text(encoding="utf-8").split("---")[1])["title"]
    for name in titles:
        tree = page(project_build, f"{prefix}{name}".rstrip("/") or ".")
        sidebar = texts(tree, "nav.md-nav--primary > ul > li > a, nav.md-nav--primary > ul > li > label")
        footer = texts(tree, ".md-footer__link .md-ellipsis")
        assert all(title in " ".join(sidebar) for title in titles.values()), (name, sidebar)
        assert footer and all(text in titles.values() for text in footer), (name, footer)
