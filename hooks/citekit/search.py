"""Each language's search index: the reader's pages first, searched with the reader's stemmer.

mkdocs-static-i18n merges every language into one ``search/search_index.json`` at the site
root, which Material's search client on every page fetches (``search/search_index.json``
relative to the ``base`` in the page's ``__config``). From that merged index this module
makes one index per language (less the copies of untranslated pages that mkdocs-static-i18n's
``reconfigure_search`` would remove, see ``without_duplicates``), written under the language's
own root (``tr/search/...``),
with locations relative to that root (the theme override sets ``base`` to the language's
root, so each result still opens its page), the reader's entries first and boosted so they
rank above other languages, and the reader's language first in ``config.lang`` (the search
worker wrapper in ``overrides/`` stems the query with ``config.lang[0]``).
"""

from __future__ import annotations

import json
import posixpath
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from .articles import TAGS_FILE

INDEX = "search/search_index.json"

# How much more an entry in the reader's language weighs than the same match in another
# language: lunr multiplies a document's score by its boost, and a title match outweighs a
# text match by Material's field boosts (1000 : 1) times at most ~5 from its post-query
# boost, so this keeps the reader's pages ahead even of another language's title match.
READER_BOOST = 10_000


@dataclass(frozen=True)
class Language:
    code: str   # "tr"
    root: str   # the language's folder in the site, relative to its root: "" or "tr/"


def language_of(location: str, languages: list[Language]) -> Language:
    """The language whose root holds this site-relative location (the default one otherwise)."""
    rooted = [lang for lang in languages if lang.root and location.startswith(lang.root)]
    return max(rooted, key=lambda lang: len(lang.root)) if rooted else languages[0]


def relocate(location: str, root: str) -> str:
    """A site-relative location as seen from the language root ``root`` ("" or "tr/")."""
    if location.startswith(root):
        return location[len(root):]
    return "../" * root.count("/") + location


def without_duplicates(entries: list[dict], languages: list[Language]) -> list[dict]:
    """The entries less each other language's copy of a default-language entry (a page shown
    untranslated, in English, under /tr/): same title and text, at a location ending with the
    English one. Exactly what mkdocs-static-i18n's ``reconfigure_search`` removes, quirks
    included (it removes from the list it is iterating over, so the entry right after a removed
    one is never looked at; its removal takes the first equal entry), but found through an
    index of (title, text) instead of comparing every pair of entries (46 million comparisons
    for 800 articles in three languages, by its count of entries)."""
    prefixes = tuple(f"{lang.code}/" for lang in languages)  # as mkdocs-static-i18n tells them apart
    others = [n for n, entry in enumerate(entries) if entry["location"].startswith(prefixes)]
    if not others:
        return list(entries)
    following = {a: b for a, b in zip(others, others[1:])}  # the other-language entries still in the list
    preceding = {b: a for a, b in zip(others, others[1:])}
    by_text: dict[tuple, list[int]] = defaultdict(list)  # equal entries share their group too
    for n in others:
        by_text[(entries[n]["title"], entries[n]["text"])].append(n)
    removed: set[int] = set()

    def remove(n: int) -> None:
        removed.add(n)
        before, after = preceding.pop(n, None), following.pop(n, None)
        if before is not None and after is not None:
            following[before], preceding[after] = after, before
        elif before is not None:
            del following[before]
        elif after is not None:
            del preceding[after]

    for entry in entries:
        if entry["location"].startswith(prefixes):
            continue
        skipped = None
        group = by_text.get((entry["title"], entry["text"]), ())
        for n in group:
            if n in removed or not entries[n]["location"].endswith(entry["location"]):
                continue
            if n == skipped:
                continue
            skipped = following.get(n)
            remove(next(m for m in group if m not in removed and entries[m] == entries[n]))
    return [entry for n, entry in enumerate(entries) if n not in removed]


def index_for(merged: dict, reader: Language, languages: list[Language],
              tag_labels: dict[str, dict[str, str]] | None = None) -> dict:
    """The search index a reader of ``reader`` gets, made from the merged index of all languages;
    tags by their label in the reader's language (``tag_labels``: tags.yml), as results show them."""
    order = [reader] + [lang for lang in languages if lang != reader]
    by_language: dict[str, list[dict]] = {lang.code: [] for lang in order}
    for entry in merged["docs"]:
        by_language[language_of(entry["location"], languages).code].append(entry)
    docs = []
    for lang in order:
        for entry in by_language[lang.code]:
            entry = {**entry, "location": relocate(entry["location"], reader.root)}
            if tag_labels and entry.get("tags"):
                entry["tags"] = [(tag_labels.get(tag) or {}).get(reader.code) or tag for tag in entry["tags"]]
            if lang == reader:
                entry["boost"] = entry.get("boost", 1) * READER_BOOST
            docs.append(entry)
    config = dict(merged["config"])
    searched = list(config.get("lang") or [])
    config["lang"] = [reader.code] + [code for code in searched if code != reader.code]
    return {"config": config, "docs": docs}


def tag_labels(root: Path) -> dict[str, dict[str, str]]:
    """tags.yml (tag id -> label per language) as the build has checked it; empty without one."""
    path = root / TAGS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    except yaml.YAMLError:
        return {}  # the article checks report it
    return {tag: labels for tag, labels in data.items() if isinstance(labels, dict)} if isinstance(data, dict) else {}


def write_language_indexes(site_dir: Path, languages: list[Language], merged: dict | None = None,
                           tag_labels: dict[str, dict[str, str]] | None = None) -> list[Path]:
    """Rewrite the merged index into one index per language; the paths written. ``merged`` is
    the merged index as the search plugin holds it in memory (see ``held_index``); without it,
    the merged index at the site root is read (parsing it costs ~3x its size in memory)."""
    merged_path = site_dir / INDEX
    if not merged_path.is_file() or not languages:
        return []
    if merged is None:
        merged = json.loads(merged_path.read_text(encoding="utf-8"))
    merged = {**merged, "docs": without_duplicates(merged["docs"], languages)}
    written = []
    for reader in languages:
        path = site_dir / posixpath.join(reader.root, INDEX)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_index(path, index_for(merged, reader, languages, tag_labels))
        written.append(path)
    return written


def stop_indexing(search_plugin) -> None:
    """Material's search plugin indexes no more pages and writes no index (its ``enabled``
    option, read by each of its events): the written index stays as it is."""
    options = getattr(search_plugin, "config", None)
    if options is not None and "enabled" in options:
        options["enabled"] = False


def held_index(search_plugin) -> dict | None:
    """The index Material's search plugin has just written, from its memory: the same ``config``
    and ``docs`` as its ``generate_search_index``. None when the plugin does not hold them so."""
    index = getattr(search_plugin, "search_index", None)
    entries, config = getattr(index, "entries", None), getattr(index, "config", None)
    if not isinstance(entries, list) or not isinstance(config, dict) \
            or any(key not in config for key in _CONFIG_KEYS):
        return None
    return {"config": {key: config[key] for key in _CONFIG_KEYS}, "docs": entries}


_CONFIG_KEYS = ("lang", "separator", "pipeline", "fields")


def _write_index(path: Path, index: dict) -> None:
    """``json.dumps(index, sort_keys=True)`` written entry by entry: the same bytes without the
    whole text in memory at once (the index of a large site is megabytes, three times over)."""
    def dumps(value) -> str:
        return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False, default=str)

    rest = {key: value for key, value in index.items() if key != "docs"}
    with open(path, "w", encoding="utf-8") as out:
        head = dumps({**rest, "docs": []})
        # the object's keys in sorted order; "docs" is followed by the keys after it
        before, _, after = head.partition('"docs":[]')
        out.write(before + '"docs":[')
        for number, entry in enumerate(index["docs"]):
            out.write(("," if number else "") + dumps(entry))
        out.write("]" + after)
