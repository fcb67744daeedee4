"""The corrections log: an article's front matter records each correction; readers see a
"Corrected" line under the byline and the list at the end, the Corrections page lists them all
newest first in each language, JSON-LD carries schema.org CorrectionComment, and the feeds
announce them."""

from __future__ import annotations

import extruct
import feedparser
import lxml.html

from conftest import TESTS, make_site, mkdocs_build, run

ARTICLE = """---
title: Attacks
date: 2025-03-01
authors: [desk]
summary: Three attacks.
corrections:
  - date: 2026-11-30
    text: "Kunduz: the mosque was in the city of Kunduz, not in Khanabad district."
  - date: 2026-10-02
    text: "The toll is now given as the cited report gives it."
---

# Attacks

Text.[@ankasam2023en]
"""
TURKISH = """---
title: Saldırılar
summary: Üç saldırı.
corrections:
  - date: 2026-11-30
    text: "Kunduz: cami Hanabad ilçesinde değil, Kunduz kentindeydi."
  - date: 2026-10-02
    text: "Kayıp sayısı artık kaynak raporun verdiği biçimde veriliyor."
---

# Saldırılar

Metin.[@ankasam2023en]
"""
OTHER = """---
title: Quiet
date: 2025-05-01
authors: [desk]
summary: Nothing corrected.
corrections:
  - date: 2026-11-01
    text: "A date was wrong."
---

# Quiet

Text.[@ankasam2023en]
"""
# the base site's home page, with a correction of its own
HOME = (TESTS / "sites" / "base" / "docs" / "index.md").read_text(encoding="utf-8").replace(
    "title: Home\n", 'title: Home\ncorrections:\n  - date: 2026-11-20\n'
                     '    text: "The home page no longer calls the publisher a think tank."\n', 1)
GLOSSARY = """---
corrections:
  - date: 2026-11-15
    text: "The entry on Daesh no longer says which words the acronym stands for."
---

# Glossary

Daesh.[@ankasam2023en]
"""
SITE = {
    "docs/glossary.md": GLOSSARY,
    "docs/index.md": HOME,
    "docs/articles/attacks.md": ARTICLE,
    "docs/articles/attacks.tr.md": TURKISH,
    "docs/articles/quiet.md": OTHER,
    "docs/articles/index.md": "---\ntitle: Articles\nlisting: articles\n---\n\n# Articles\n",
    "docs/corrections.md": "---\ntitle: Corrections\nlisting: corrections\n---\n\n# Corrections\n",
    "docs/corrections.tr.md": "---\ntitle: Düzeltmeler\nlisting: corrections\n---\n\n# Düzeltmeler\n",
    "docs/corrections.ru.md": "---\ntitle: Исправления\nlisting: corrections\n---\n\n# Исправления\n",
    "authors.yml": "desk:\n  name: {en: Desk, tr: Masa, ru: Стол}\n  bio: {en: B, tr: B, ru: Б}\n",
    "tags.yml": "a: {en: Alpha, tr: Alfa, ru: Альфа}\n",
}


def site(tmp_path, **changes):
    root = make_site(tmp_path / "site-src")
    for name, text in {**SITE, **changes}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def tree(build, path: str):
    return lxml.html.fromstring((build.site / path / "index.html").read_text(encoding="utf-8"))


def texts(page, css: str) -> list[str]:
    return [" ".join(el.text_content().split()) for el in page.cssselect(css)]


def test_a_corrected_article_says_so_under_its_byline_and_lists_its_corrections_at_the_end(tmp_path):
    build = mkdocs_build(site(tmp_path))
    assert build.returncode == 0, build.stderr
    english = tree(build, "articles/attacks")
    (line,) = english.cssselect(".citekit-byline__corrected a")
    assert line.get("href") == "#corrections" and line.text_content().strip() == "Corrected 30 November 2026"
    assert texts(english, ".citekit-corrections li") == [
        "30 November 2026: Kunduz: the mosque was in the city of Kunduz, not in Khanabad district.",
        "2 October 2026: The toll is now given as the cited report gives it."]
    turkish = tree(build, "tr/articles/attacks")
    assert texts(turkish, ".citekit-byline__corrected") == ["Düzeltme tarihi: 30 Kasım 2026"]
    assert texts(turkish, ".citekit-corrections li")[0] == \
        "30 Kasım 2026: Kunduz: cami Hanabad ilçesinde değil, Kunduz kentindeydi."
    # no Russian translation: the reader gets the English page, its corrections in English, marked so
    russian = tree(build, "ru/articles/attacks")
    assert russian.cssselect(".citekit-corrections li span")[0].get("lang") == "en"


def test_the_corrections_page_lists_every_correction_newest_first_in_each_language(tmp_path):
    build = mkdocs_build(site(tmp_path))
    assert build.returncode == 0, build.stderr
    listed = tree(build, "corrections")
    items = texts(listed, ".citekit-listing__corrections li")
    assert [item.split(" · ")[0] for item in items] == ["30 November 2026", "20 November 2026", "15 November 2026",
                                                       "1 November 2026", "2 October 2026"]
    assert items[2].startswith("15 November 2026 · Glossary")
    home = listed.cssselect(".citekit-listing__corrections a")[1].get("href")
    assert home == "../#correction-2026-11-20-1"  # the home page, from the Corrections page
    assert items[3].startswith("1 November 2026 · Quiet")
    link = listed.cssselect(".citekit-listing__corrections a")[0].get("href")
    assert link.endswith("articles/attacks/#correction-2026-11-30-1")
    assert tree(build, "articles/attacks").cssselect("#correction-2026-11-30-1")
    turkish = texts(tree(build, "tr/corrections"), ".citekit-listing__corrections li")
    assert turkish[0].startswith("30 Kasım 2026 · Saldırılar")


def test_json_ld_carries_each_correction_and_the_feed_announces_it(tmp_path):
    build = mkdocs_build(site(tmp_path))
    html = (build.site / "articles/attacks/index.html").read_text(encoding="utf-8")
    (article,) = [d for d in extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
                  if d.get("@type") == "ScholarlyArticle"]
    assert article["correction"][0] == {
        "@type": "CorrectionComment", "datePublished": "2026-11-30", "inLanguage": "en",
        "text": "Kunduz: the mosque was in the city of Kunduz, not in Khanabad district."}
    feed = feedparser.parse((build.site / "tr/feed.xml").read_bytes())
    assert not feed.bozo
    announced = [e for e in feed.entries if "#correction-" in e.link]
    assert [e.title for e in announced] == ["Düzeltme: Saldırılar", "Düzeltme: Ana sayfa", "Düzeltme: Glossary",
                                            "Düzeltme: Quiet", "Düzeltme: Saldırılar"]
    assert announced[0].summary == "Kunduz: cami Hanabad ilçesinde değil, Kunduz kentindeydi."
    assert len({e.id for e in feed.entries}) == len(feed.entries)


def test_a_translation_whose_corrections_differ_from_the_english_ones_is_an_error(tmp_path):
    wrong = TURKISH.replace("  - date: 2026-10-02\n    text: \"Kayıp sayısı artık kaynak raporun verdiği biçimde veriliyor.\"\n", "")
    root = site(tmp_path, **{"docs/articles/attacks.tr.md": wrong,
                             "docs/articles/quiet.md": OTHER.replace("date: 2026-11-01\n", "")})
    done = run(root, "-m", "citekit", "check", "mkdocs.yml", pythonpath="hooks")
    assert done.returncode == 1
    assert "docs/articles/attacks.tr.md:4:1: error[ART006]: corrections dated 2026-11-30 where " \
           "docs/articles/attacks.md has 2026-11-30, 2026-10-02" in done.stderr
    assert "docs/articles/quiet.md:6:1: error[ART006]: correction 1 needs a date (YYYY-MM-DD) and a text" \
           in done.stderr


def test_a_corrected_page_that_is_not_an_article_shows_its_corrections_too(tmp_path):
    build = mkdocs_build(site(tmp_path))
    assert build.returncode == 0, build.stderr
    glossary = tree(build, "glossary")
    assert texts(glossary, ".citekit-byline__corrected") == ["Corrected 15 November 2026"]
    assert texts(glossary, ".citekit-corrections li") == [
        "15 November 2026: The entry on Daesh no longer says which words the acronym stands for."]
    assert glossary.cssselect("#correction-2026-11-15-1")
    assert not tree(build, "articles").cssselect(".citekit-corrections, .citekit-byline__corrected")
