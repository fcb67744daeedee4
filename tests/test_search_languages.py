"""Search in the reader's language first (issue 3): one index per language, the reader's pages
first and boosted, every result location opening a built page. The browser side (typing a
query, stemming, order of results) is in tests/test_browser.py."""

from __future__ import annotations

import json
import posixpath
import re

import pytest

from citekit.search import READER_BOOST, Language, index_for, language_of, relocate, without_duplicates

LANGUAGES = [Language("en", ""), Language("tr", "tr/"), Language("ru", "ru/")]
MERGED = {
    "config": {"lang": ["en", "tr", "ru"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"],
               "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
    "docs": [
        {"location": "", "title": "Home", "text": "home"},
        {"location": "articles/a/", "title": "A", "text": "attack"},
        {"location": "articles/a/#c1", "title": "C1", "text": "claim"},
        {"location": "tr/", "title": "Ana sayfa", "text": "ev"},
        {"location": "tr/articles/a/", "title": "A", "text": "saldırı"},
        {"location": "tr/articles/a/#c1", "title": "C1", "text": "iddia"},
        {"location": "ru/articles/a/", "title": "A", "text": "нападение"},
    ],
}


def index_json(build, root: str) -> dict:
    return json.loads(build.page(posixpath.join(root, "search/search_index.json")))


def test_a_location_belongs_to_the_language_whose_root_holds_it():
    assert language_of("tr/articles/a/#c1", LANGUAGES).code == "tr"
    assert language_of("articles/tr/", LANGUAGES).code == "en"
    assert language_of("", LANGUAGES).code == "en"


def test_locations_are_rewritten_relative_to_the_readers_root():
    assert relocate("tr/articles/a/#c1", "tr/") == "articles/a/#c1"
    assert relocate("articles/a/", "tr/") == "../articles/a/"
    assert relocate("ru/", "tr/") == "../ru/"
    assert relocate("", "tr/") == "../"
    assert relocate("tr/articles/a/", "") == "tr/articles/a/"


def test_the_readers_entries_come_first_and_boosted_with_their_language_first():
    index = index_for(MERGED, LANGUAGES[1], LANGUAGES)
    assert [doc["location"] for doc in index["docs"]] == [
        "", "articles/a/", "articles/a/#c1",                   # Turkish, in their own order
        "../", "../articles/a/", "../articles/a/#c1",          # then English (the default)
        "../ru/articles/a/"]                                    # then the others
    assert [doc.get("boost") for doc in index["docs"]] == [READER_BOOST] * 3 + [None] * 4
    assert index["config"]["lang"] == ["tr", "en", "ru"]
    assert index["config"]["fields"] == MERGED["config"]["fields"]
    assert MERGED["docs"][4]["location"] == "tr/articles/a/"   # the merged index is left as it was


def test_each_language_gets_its_index_at_its_root(base_build):
    for language, root in (("en", ""), ("tr", "tr/"), ("ru", "ru/")):
        index = index_json(base_build, root)
        assert index["config"]["lang"][0] == language
        first = index["docs"][0]
        assert first["boost"] == READER_BOOST
        assert not first["location"].startswith("../")


def test_every_result_location_opens_a_built_page_at_an_existing_anchor(base_build):
    for root in ("", "tr/", "ru/"):
        for doc in index_json(base_build, root)["docs"]:
            path, _, anchor = doc["location"].partition("#")
            target = posixpath.normpath(posixpath.join(root, path, "index.html"))
            assert not target.startswith(".."), doc["location"]
            html = base_build.page(target)   # raises if the page does not exist
            if anchor:
                assert re.search(rf'id="{re.escape(anchor)}"', html), f"{root}{doc['location']}"


def test_each_page_points_search_at_its_languages_index(base_build):
    def config(page):
        return json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                    base_build.page(page), re.S).group(1))
    assert config("index.html")["base"] == "./"
    assert config("tr/index.html")["base"] == "../tr/"
    assert config("ru/index.html")["base"] == "../ru/"
    worker = config("tr/index.html")["search"]
    assert worker.startswith("../assets/javascripts/workers/citekit-search.js?worker=search.")
    material_worker = worker.split("?worker=")[1]
    assert (base_build.site / "assets/javascripts/workers" / material_worker).is_file()
    assert (base_build.site / "assets/javascripts/workers/citekit-search.js").is_file()


def test_untranslated_copies_leave_the_index_as_mkdocs_static_i18n_would_remove_them():
    """The site turns off mkdocs-static-i18n's reconfigure_search (it compares every pair of
    entries); the hook must drop exactly the entries that plugin drops, in the same order."""
    import random
    from types import SimpleNamespace

    from mkdocs_static_i18n.plugin import I18n

    rng = random.Random(5)
    titles, texts = ["Home", "A", "B"], ["x", "y", ""]
    paths = ["", "a/", "a/#s", "b/", "#s"]
    for _ in range(300):
        entries = [{"location": rng.choice(["", "", "tr/", "ru/"]) + rng.choice(paths),
                    "title": rng.choice(titles), "text": rng.choice(texts)} for _ in range(rng.randint(0, 12))]
        entries.sort(key=lambda e: e["location"].startswith(("tr/", "ru/")))  # each language built in turn
        expected = [dict(e) for e in entries]
        I18n.reconfigure_search_duplicates(SimpleNamespace(build_languages=["en", "tr", "ru"]), expected)
        assert without_duplicates(entries, LANGUAGES) == expected


def test_search_loads_the_installed_material_worker_whatever_its_hash():
    """Material names its worker after its content's hash, new in every release: the name
    comes from the build's files, never from a template."""
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File, Files

    from citekit.theme import material_search_worker

    def theme_file(uri):
        return File(uri, "/theme", "/site", use_directory_urls=True)

    files = Files([theme_file("assets/javascripts/bundle.0a1b2c3d.min.js"),
                   theme_file("assets/javascripts/workers/search.0123abcd.min.js.map"),
                   theme_file("assets/javascripts/workers/search.0123abcd.min.js")])
    assert material_search_worker(files) == "search.0123abcd.min.js"
    with pytest.raises(PluginError, match="Material search worker"):
        material_search_worker(Files([theme_file("assets/javascripts/bundle.0a1b2c3d.min.js")]))
