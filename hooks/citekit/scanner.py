"""What a Markdown page cites and footnotes: one model with positions, read by checks and renderer.

Code (fenced blocks, inline code spans), HTML comments, the YAML front matter and
backslash-escaped brackets are masked first, so ``[@key]`` inside them is never read as
a citation, and e-mail addresses never are, since a citation must open with ``[@``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mkdocs.utils.meta import YAML_RE

from .diagnostics import Diagnostic, LineIndex

RESERVED_FOOTNOTE_PREFIX = "cite-"

_FENCE_OPEN = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_BACKTICKS = re.compile(r"`+")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_FOOTNOTE_DEF = re.compile(r"^[ \t]*\[\^(?P<label>[^\]\s]+)\]:", re.M)
_FOOTNOTE_REF = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")
_CITE_OPEN = re.compile(r"\[@")
_ITEM = re.compile(
    r"^\s*@(?P<key>[\w][\w:.#$%&+?<>~/-]*?)[.:]?\s*(?:,\s*(?P<locator>[^\s,].*?))?\s*$", re.S
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# an item's passage: the last part of the item, after a comma, in straight double quotes (\" inside)
_PASSAGE = re.compile(r',\s*"(?P<passage>(?:[^"\\]|\\.)*)"\s*$', re.S)
_UNESCAPE = re.compile(r'\\(["\\])')
PASSAGE_MAX_WORDS = 60
# mkdocs-bibtex's command for the list of every source, on a line of its own (citekit.sources)
FULL_BIBLIOGRAPHY = re.compile(r"^[ \t]*\\full_bibliography[ \t]*$", re.M)
_NOT_NEWLINE = re.compile(r"[^\n]")
_PARAGRAPH = re.compile(r"(?:^|\n[ \t]*\n)(?P<body>[^\n])")
# pandoc habits that are not citations here: [see @key, p. 5], [-@key], [ @key]
_PREFIXED = re.compile(r"\[(?P<prefix>-|[^\[\]@^\n]*?\s)(?=@\w)[^\[\]\n]*\](?![(\[:])")
# what opens a block whose content is indented 4: list item, admonition/details, footnote, definition
_ADMONITION = r'(?:!!!|\?\?\?\+?) ?[\w-]+(?: +[\w-]+)*(?: +"[^"\n]*")? *$'
_CONTAINER_OPEN = re.compile(rf"(?:[-*+]|\d+\.)[ \t]|{_ADMONITION}|\[\^[^\]\s]+\]:|:[ \t]", re.M)


class _Compact:
    """Pickled as a plain tuple of its fields: the page cache (citekit.pagecache) holds tens of
    thousands of these, and the default pickling of a slotted dataclass is slow to load."""

    __slots__ = ()

    def __reduce__(self):
        return type(self), tuple(getattr(self, name) for name in self.__slots__)


@dataclass(frozen=True, slots=True)
class CiteItem(_Compact):
    key: str
    locator: str
    line: int
    col: int
    passage: str = ""  # the source's exact words this citation relies on, whitespace collapsed


@dataclass(frozen=True, slots=True)
class Citation(_Compact):
    items: tuple[CiteItem, ...]
    start: int
    end: int
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class FootnoteMark(_Compact):
    label: str
    start: int
    end: int
    line: int
    col: int


@dataclass
class PageScan:
    path: str
    citations: list[Citation] = field(default_factory=list)
    footnote_refs: list[FootnoteMark] = field(default_factory=list)
    footnote_defs: list[FootnoteMark] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # (prefix, citation) for pandoc-style [see @key] / [-@key]: not citations; checks.py decides
    prefixed: list[tuple[str, Citation]] = field(default_factory=list)
    # start offset of every paragraph (blank-line separated block), code and comments masked
    paragraphs: tuple[int, ...] = ()

    def keys(self) -> list[str]:
        """Every cited key in order of appearance, repeats kept."""
        return [item.key for citation in self.citations for item in citation.items]


def front_matter(text: str) -> re.Match | None:
    """The page's YAML front matter as MkDocs finds it (group 1: the YAML; end(): where the
    Markdown starts), in text read as MkDocs reads a page (no BOM, LF line ends)."""
    return YAML_RE.match(text)


def mask(text: str) -> str:
    """Text of the same length and line structure with everything that is not prose blanked."""
    masked = [text]  # blanking rebuilds the string around the blanked stretch: a page has few of them

    def blank(start: int, end: int) -> None:
        current = masked[0]
        masked[0] = current[:start] + _NOT_NEWLINE.sub(" ", current[start:end]) + current[end:]

    front = front_matter(text)
    if front:
        blank(0, front.end())
    _mask_fences(text, blank)
    _mask_indented_code(text, masked[0], blank)
    for comment in list(_COMMENT.finditer(masked[0])):
        blank(comment.start(), comment.end())
    _mask_code_spans(masked[0], blank)
    return masked[0]


def _mask_fences(text: str, blank) -> None:
    offset = 0
    open_fence: tuple[str, int, int] | None = None  # (char, length, start offset)
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if open_fence is None:
            match = _FENCE_OPEN.match(stripped)
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                open_fence = (match["fence"][0], len(match["fence"]), offset)
        else:
            char, length, start = open_fence
            body = stripped.lstrip(" \t>")
            if body.startswith(char * length) and not body.strip(char).strip():
                blank(start, offset + len(stripped))
                open_fence = None
        offset += len(line)
    if open_fence is not None:
        blank(open_fence[2], len(text))


def _indent(line: str) -> int:
    """Width of the leading whitespace, a tab reaching the next multiple of 4 (as Python-Markdown)."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _mask_indented_code(text: str, masked: str, blank) -> None:
    """Blank indented code blocks as Python-Markdown reads them: a block that starts after a blank
    line, a heading or an admonition title, indented 4 columns more than the content of the
    enclosing list item, admonition, footnote or definition (whose content is indented 4)."""
    containers: list[int] = []  # content indent of each open container
    after_blank = True  # the next line starts a new block
    in_code = False
    offset = 0
    for line, seen in zip(text.splitlines(keepends=True), masked.splitlines(keepends=True)):
        start, offset = offset, offset + len(line)
        if not line.strip():
            after_blank = True
            continue
        if not seen.strip():  # a fenced block (already blanked): a paragraph to its neighbours
            after_blank = in_code = False
            continue
        indent = _indent(line)
        body = line.lstrip(" \t")
        opener = _CONTAINER_OPEN.match(body)
        own_block = body.startswith("#") or (opener and opener[0][0] in "!?")  # heading, admonition title
        if after_blank or opener or own_block:  # else a lazy continuation line
            while containers and indent < containers[-1]:
                containers.pop()
        base = containers[-1] if containers else 0
        if indent >= base + 4 and (in_code or after_blank):
            in_code = True
            blank(start, offset)
            after_blank = False
            continue
        in_code = False
        if opener:
            containers.append(indent // 4 * 4 + 4)
        after_blank = own_block  # the line after it starts a new block


def _mask_code_spans(text: str, blank) -> None:
    runs = [m for m in _BACKTICKS.finditer(text) if not _escaped(text, m.start())]
    i = 0
    while i < len(runs):
        opener = runs[i]
        closer_index = next(
            (
                j
                for j in range(i + 1, len(runs))
                if len(runs[j].group()) == len(opener.group())
            ),
            None,
        )
        if closer_index is None or _BLANK_LINE.search(text, opener.end(), runs[closer_index].start()):
            i += 1
            continue
        blank(opener.start(), runs[closer_index].end())
        i = closer_index + 1


def _escaped(text: str, offset: int) -> bool:
    backslashes = 0
    while offset - backslashes - 1 >= 0 and text[offset - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def scan(text: str, path: str = "<page>") -> PageScan:
    """Build the page model: citations, footnote references and definitions, scanner errors."""
    masked = mask(text)
    where = LineIndex(text)
    page = PageScan(path, paragraphs=tuple(m.start("body") for m in _PARAGRAPH.finditer(masked)))

    def problem(code: str, offset: int, message: str, hint: str = "") -> None:
        line, col = where(offset)
        page.diagnostics.append(Diagnostic(path, line, col, code, message, hint))

    def mark(match: re.Match) -> FootnoteMark:
        start = match.start()
        return FootnoteMark(match["label"], start, match.end(), *where(start))

    definition_starts = set()
    for match in _FOOTNOTE_DEF.finditer(masked):
        bracket = masked.index("[", match.start())  # the match may start with indentation
        definition_starts.add(bracket)
        page.footnote_defs.append(FootnoteMark(match["label"], bracket, match.end(), *where(bracket)))
    for match in _FOOTNOTE_REF.finditer(masked):
        if match.start() not in definition_starts and not _escaped(masked, match.start()):
            page.footnote_refs.append(mark(match))

    for opener in _CITE_OPEN.finditer(masked):
        start = opener.start()
        if _escaped(masked, start):
            continue
        end = closing_bracket(masked, start)
        if end is None:
            problem(
                "CIT003",
                start,
                "citation opened with '[@' is never closed",
                "close it with ']' on the same paragraph, e.g. [@key] or [@key, p. 5]",
            )
            continue
        if masked.startswith("(", end):
            continue  # [@handle](https://...) is a link, not a citation
        citation = _parse_citation(text, start, end, where, problem)
        if citation:
            page.citations.append(citation)
    for match in _PREFIXED.finditer(masked):
        at = match.end("prefix")
        if _escaped(masked, match.start()):
            continue
        inner = _parse_citation(text, at - 1, match.end(), where, lambda *args: None)
        if inner:
            page.prefixed.append((match["prefix"], Citation(inner.items, match.start(), match.end(),
                                                            *where(match.start()))))
    return page


def closing_bracket(masked: str, start: int) -> int | None:
    """Offset just past the ']' closing the '[' at start, or None if the paragraph ends first.
    A quoted passage may hold brackets; a quote left open is read as a plain character, so the
    citation still closes and the passage check reports the quote."""
    return _closing(masked, start, quotes=True) or _closing(masked, start, quotes=False)


def _closing(masked: str, start: int, quotes: bool) -> int | None:
    quoted = False
    for i in range(start + 1, len(masked)):
        char = masked[i]
        if char == "\n" and _BLANK_LINE.match(masked, i):
            return None
        if _escaped(masked, i):
            continue
        if char == '"' and quotes:
            quoted = not quoted
        elif quoted:
            continue
        elif char == "]":
            return i + 1
        elif char == "[":
            return None
    return None


def _split_items(inner: str) -> list[str]:
    """The items of a citation's inside, split at ';' outside quoted passages."""
    parts, quoted, last = [], False, 0
    for i, char in enumerate(inner):
        if char == '"' and not _escaped(inner, i):
            quoted = not quoted
        elif char == ";" and not quoted:
            parts.append(inner[last:i])
            last = i + 1
    parts.append(inner[last:])
    return parts


def _passage(part: str, at: int, problem) -> tuple[str, str] | None:
    """(the item without its passage, the passage) or None when the quotes are malformed."""
    quotes = [i for i, char in enumerate(part) if char == '"' and not _escaped(part, i)]
    if not quotes:
        return part, ""
    found = _PASSAGE.search(part)
    if found is None or len(quotes) != 2 or found.start("passage") - 1 != quotes[0]:
        first = quotes[0]
        if len(quotes) % 2:
            message = "passage opened with '\"' is never closed"
        elif part[quotes[-1] + 1:].strip():
            message = "text after the passage: the passage ends the citation item"
        else:
            message = "a passage follows its key or locator after a comma"
        problem("EVD003", at + first, message,
                'write [@key, "exact words"] or [@key, p. 5, "exact words"]; a quote mark inside is \\"')
        return None
    passage = " ".join(_UNESCAPE.sub(r"\1", found["passage"]).split())
    if not passage:
        problem("EVD003", at + quotes[0], "the passage is empty", "copy the source's words between the quotes, or remove them")
        return None
    words = len(passage.split())
    if words > PASSAGE_MAX_WORDS:
        problem("EVD004", at + quotes[0], f"the passage has {words} words (at most {PASSAGE_MAX_WORDS})",
                "quote the sentence the claim rests on, not a stretch of the source")
    return part[: found.start()], passage


def _parse_citation(text, start, end, where, problem) -> Citation | None:
    inner_start = start + 1
    items = []
    ok = True
    offset = inner_start
    for part in _split_items(text[inner_start : end - 1]):
        at = offset + (len(part) - len(part.lstrip()))
        quoted = _passage(part, offset, problem)
        match = _ITEM.match(quoted[0]) if quoted else None
        if quoted is None:
            ok = False
        elif not match:
            ok = False
            head = quoted[0]
            hint = "write [@key], [@key, p. 5] or [@a; @b]: each item starts with @ and a locator follows a comma"
            if _ITEM.match("@" + head.strip()):
                hint = f"each item starts with @: write '@{head.strip()}'"
            if not part.strip():
                problem("CIT002", at, "citation has an empty item", "remove the extra ';' or put @key after it")
            else:
                problem("CIT002", at, f"cannot read citation item {part.strip()!r}", hint)
        else:
            items.append(CiteItem(match["key"], (match["locator"] or "").strip(), *where(at), quoted[1]))
        offset += len(part) + 1
    if not ok:
        return None
    return Citation(tuple(items), start, end, *where(start))
