"""Translations kept honest: the same citations as the English page, and a record of freshness.

A translation ``x.tr.md`` must cite the same sources the same number of times as ``x.md``
and have as many hand-written footnotes. It records which version of the English page it
translates as ``source_hash`` in its front matter; when the English page changes, the
translation is *stale*: the build still succeeds, prints a note and shows a banner.
"""

from __future__ import annotations

import bisect
import copy
import datetime
import functools
import hashlib
import re
from collections import Counter
from pathlib import Path

import yaml

from .diagnostics import Diagnostic, LineIndex
from .scanner import CiteItem, PageScan
from .scanner import front_matter as front_matter_match

HASH_FIELD = "source_hash"

TRANSLATED, STALE, UNREVIEWED, MISSING = "translated", "stale", "unreviewed", "missing"


def original_of(path: Path, language: str) -> Path:
    """docs/x.tr.md -> docs/x.md; an untranslated path is its own original."""
    suffix = f".{language}.md"
    if not path.name.endswith(suffix):
        return path
    return path.with_name(path.name[: -len(suffix)] + ".md")


def translation_path(original: Path, language: str) -> Path:
    return original.with_name(original.name[: -len(".md")] + f".{language}.md")


def source_hash(text: str) -> str:
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()[:12]


def load_yaml(block: str):
    """``yaml.safe_load(block)``, parsed once per distinct text: a page's front matter is read by
    several checks (syntax, freshness, status, articles). Returns a fresh copy; raises as it does."""
    if block in _KNOWN:
        return _copied(_KNOWN[block])
    data, error = _parsed_yaml(block)
    if error is not None:
        raise error.with_traceback(None)
    return _copied(data)


_KNOWN: dict[str, object] = {}  # front matter parsed in an earlier run (citekit.pagecache), by its text


def known_yaml(block: str, data) -> None:
    """Take ``data`` as what ``block`` parses to: a parse the page cache kept."""
    _KNOWN[block] = data


def _copied(value):
    """A copy of what YAML's safe loader builds (copy.deepcopy, without its bookkeeping: ~10x faster)."""
    kind = type(value)
    if kind is dict:
        return {key: _copied(item) for key, item in value.items()}
    if kind is list:
        return [_copied(item) for item in value]
    if kind is set:
        return set(value)
    if kind in (str, int, float, bool, type(None), bytes, datetime.date, datetime.datetime):
        return value  # immutable
    return copy.deepcopy(value)


@functools.lru_cache(maxsize=4096)
def _parsed_yaml(block: str) -> tuple[object, yaml.YAMLError | None]:
    try:  # libyaml's parser (same constructors and resolver as SafeLoader), ~8x faster
        return yaml.load(block, Loader=_FAST_LOADER), None
    except yaml.YAMLError:
        pass
    try:  # errors come from the pure-Python parser, as MkDocs would report them
        return yaml.safe_load(block), None
    except yaml.YAMLError as error:
        return None, error


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def front_matter(text: str) -> dict:
    match = front_matter_match(text.replace("\r\n", "\n"))
    if not match:
        return {}
    try:
        data = load_yaml(match[1])
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def freshness(translation_text: str, original_text: str) -> str:
    recorded = front_matter(translation_text).get(HASH_FIELD)
    if recorded is None or recorded == "":
        return UNREVIEWED
    return TRANSLATED if str(recorded) == source_hash(original_text) else STALE


def mark_reviewed(translation: Path, original: Path) -> str:
    """Record the English page's current hash in the translation's front matter; return it."""
    digest = source_hash(original.read_text(encoding="utf-8"))
    read = translation.read_text(encoding="utf-8")  # universal newlines: LF line ends, as MkDocs reads it
    bom = "\ufeff" if read.startswith("\ufeff") else ""
    text = read.removeprefix(bom)
    line = f'{HASH_FIELD}: "{digest}"'
    match = front_matter_match(text)
    if not match:
        text = f"---\n{line}\n---\n\n{text}"
    elif re.search(rf"^{HASH_FIELD}:.*$", match[1], re.M):
        head = re.sub(rf"^{HASH_FIELD}:.*$", line, match.group(0), count=1, flags=re.M)
        text = head + text[match.end():]
    else:
        text = text[: match.end(1)] + line + "\n" + text[match.end(1):]
    translation.write_text(bom + text, encoding="utf-8")
    return digest


def check_parity(original: PageScan, original_text: str, translation: PageScan,
                 translation_text: str, known: set[str]) -> list[Diagnostic]:
    """Errors for citations missing or extra in the translation, or a different footnote count;
    a warning when the same citations sit in a different paragraph order. Keys not in the
    bibliography (``known``, lower-cased) are left to the unknown-key check."""
    found = []
    en_where, tr_where = LineIndex(original_text), LineIndex(translation_text)
    en_items = [(key, at) for key, at in _items(original) if key in known]
    tr_items = [(key, at) for key, at in _items(translation) if key in known]
    en_count = Counter(key for key, _ in en_items)
    tr_count = Counter(key for key, _ in tr_items)
    tr_paragraphs, en_paragraphs = translation.paragraphs, original.paragraphs
    for key in sorted(set(en_count) | set(tr_count)):
        missing = en_count[key] - tr_count[key]
        if missing > 0:
            en_offsets = [o for k, o in en_items if k == key]
            first = en_offsets[tr_count[key]] if tr_count[key] < len(en_offsets) else en_offsets[0]
            paragraph = _paragraph_index(en_paragraphs, first)
            at = tr_paragraphs[min(paragraph, len(tr_paragraphs) - 1)] if tr_paragraphs else 0
            line, col = tr_where(at)
            en_line, en_col = en_where(first)
            found.append(Diagnostic(
                translation.path, line, col, "TRN001",
                f"cites '{key}' {tr_count[key]} time(s) where {original.path} cites it {en_count[key]} time(s)",
                f"add the citation from {original.path}:{en_line}:{en_col} to the matching sentence here"))
        elif missing < 0:
            extra = [o for k, o in tr_items if k == key][en_count[key]:]
            line, col = tr_where(extra[0])
            found.append(Diagnostic(
                translation.path, line, col, "TRN002",
                f"cites '{key}' {tr_count[key]} time(s) where {original.path} cites it {en_count[key]} time(s)",
                f"remove the extra citation, or add it to {original.path} first"))
    if len(original.footnote_refs) != len(translation.footnote_refs):
        found.append(Diagnostic(
            translation.path, 1, 1, "TRN003",
            f"has {len(translation.footnote_refs)} footnote reference(s) where {original.path} "
            f"has {len(original.footnote_refs)}",
            "translate every hand-written footnote of the English page, and add none"))
    if not found:
        found.extend(_order_warnings(original, original_text, translation, translation_text))
    return found


def check_passages(original: PageScan, translation: PageScan) -> list[Diagnostic]:
    """A passage is the source's words, identical in every translation: each citation of a key in
    the translation must carry a passage that the English page gives some citation of that key
    (matched as a multiset, so moved sentences do not matter; a count mismatch is TRN001/TRN002)."""
    english: dict[str, list[CiteItem]] = {}
    for citation in original.citations:
        for item in citation.items:
            english.setdefault(item.key.lower(), []).append(item)
    unmatched = {key: Counter(item.passage for item in items) for key, items in english.items()}
    found = []
    for citation in translation.citations:
        for item in citation.items:
            left = unmatched.get(item.key.lower())
            if left is None:
                continue  # not cited in English: TRN002 or an unknown key says so
            if left[item.passage] > 0:
                left[item.passage] -= 1
                continue
            candidates = [i for i in english[item.key.lower()] if left[i.passage] > 0]
            if not candidates:
                continue  # cited more often than in English: TRN002 says so
            there = candidates[0]
            if item.passage:
                message = f"passage on '@{item.key}' differs from {original.path}'s"
            else:
                message = f"citation of '@{item.key}' has no passage where {original.path} gives one"
            shown = f'"{there.passage}"' if there.passage else "no passage"
            found.append(Diagnostic(
                translation.path, item.line, item.col, "TRN006", message,
                f"{original.path}:{there.line}:{there.col} gives {shown}; copy it exactly "
                "(passages stay in the source's language)"))
    return found


def _order_warnings(original, original_text, translation, translation_text) -> list[Diagnostic]:
    en = _keys_by_paragraph(original, original_text)
    tr = _keys_by_paragraph(translation, translation_text)
    for index, (en_keys, tr_keys) in enumerate(zip(en, tr)):
        if en_keys[1] != tr_keys[1]:
            line, col = LineIndex(translation_text)(tr_keys[0])
            return [Diagnostic(
                translation.path, line, col, "TRN004",
                f"citations of this paragraph differ in order from {original.path} "
                f"({', '.join(tr_keys[1])} here; {', '.join(en_keys[1])} there)",
                "check that no sentence moved to another paragraph", severity="warning")]
    return []


def _items(page: PageScan) -> list[tuple[str, int]]:
    return [(item.key.lower(), citation.start) for citation in page.citations for item in citation.items]


def _paragraph_index(starts: tuple[int, ...], offset: int) -> int:
    """Index of the paragraph holding offset (the first one for an offset before them all)."""
    return max(bisect.bisect_right(starts, offset) - 1, 0)


def _keys_by_paragraph(page: PageScan, text: str) -> list[tuple[int, tuple[str, ...]]]:
    starts = page.paragraphs
    grouped: dict[int, list[str]] = {}
    for key, offset in _items(page):
        grouped.setdefault(_paragraph_index(starts, offset), []).append(key)
    return [(starts[i], tuple(keys)) for i, keys in sorted(grouped.items())]
