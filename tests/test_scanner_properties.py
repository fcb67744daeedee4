"""Properties of the citation and footnote scanner over generated Markdown (hypothesis).

- Whatever the text, scan() and mask() return (no exception) and every position they give
  lies inside the text; masking keeps the length and every line break.
- A citation inside inline code, a fenced block (``` or ~~~), an indented code block (also
  inside a list item or an admonition), an HTML comment or behind a backslash is never
  reported, while the same citation in the prose around it is, at its line and column.

Deterministic (derandomize, no example database) and modest: a few seconds per test.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citekit.checks import check_footnotes
from citekit.scanner import mask, scan

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" "çğıöşüÇĞİÖŞÜ" "абвгдеёжзийклмнопрстуфхцчшщъыьэюяЖЯ"

# Pieces that matter to the scanner, mixed with arbitrary text.
TOKENS = st.sampled_from([
    "`", "``", "```", "````", "~~~", "~~~~", "```python", "\n", "\r\n", "\n\n", "    ", "\t", " ",
    "[@", "[@key]", "[@key, p. 5]", "[@a; @b]", "[", "]", "](", ";", ",", "@", "@key", "[^", "[^n]", "[^n]:",
    "]:", "<!--", "-->", "---", "...", "- ", "* ", "1. ", "!!! note", '!!! note "Title"', "??? info", "> ",
    "# ", "\\", "\\[", "\\]", ":", "   ", "ğışİ", "ёжщЯ", "editors@example.org", "[see @key]", "[-@key]",
    "\ufeff", "\u00a0", "\u2028", "\x00", "é",
])
MARKDOWNISH = st.lists(st.one_of(TOKENS, st.text(max_size=8)), max_size=60).map("".join)

PROSE = st.text(alphabet=LETTERS + " .,", min_size=1, max_size=30).map(str.strip).filter(bool)
KEY = st.builds(lambda first, rest: first + rest,
                st.sampled_from(LETTERS),
                st.text(alphabet=LETTERS + "0123456789", max_size=12))
LOCATOR = st.sampled_from(["", "p. 5", "pp. 12–14", "art. 22", "s. 4", "с. 7", "para. 3"])


def citation(key: str, locator: str) -> str:
    return f"[@{key}, {locator}]" if locator else f"[@{key}]"


@st.composite
def hidden(draw, cite: str) -> str:
    """A block in which cite sits where it is not prose, with prose before it."""
    prose = draw(PROSE)
    fence = draw(st.sampled_from(["```", "````", "~~~", "~~~~"]))
    info = draw(st.sampled_from(["", "text", "markdown", " python"]))
    ticks = draw(st.sampled_from(["`", "``", "```"]))
    return draw(st.sampled_from([
        f"{prose} {ticks}{cite}{ticks} {prose}",
        f"{prose} ``a ` {cite}`` {prose}",
        f"{prose}\n\n{fence}{info}\n{prose} {cite}\n{fence}",
        f"{prose}\n\n{fence}\n{cite}\n\n{prose}\n{fence}",
        f"{prose}\n\n    {cite}\n    {prose}",
        f"{prose}\n\n    {prose}\n\n    {cite}",
        f"\t{cite}",
        f"- {prose}\n\n        {cite}",
        f"- {prose}\n- {prose}\n\n    - {prose}\n\n            {cite}",
        f'!!! note "{prose}"\n    {prose}\n\n        {cite}',
        f"!!! note\n    {fence}\n    {cite}\n    {fence}",
        f"> {prose}\n>\n> {fence}\n> {cite}\n> {fence}",
        f"{prose} <!-- {cite} --> {prose}",
        f"<!--\n{prose}\n{cite}\n-->",
        f"{prose} \\{cite} {prose}",
        f"{prose} [mail {prose.split()[0]}@example.org] {prose}",
    ]))


@SETTINGS
@given(MARKDOWNISH)
def test_scanner_never_crashes_and_positions_stay_inside_the_text(text):
    page = scan(text, "docs/x.md")
    masked = mask(text)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
    lines = text.split("\n")
    found = [*page.diagnostics, *page.footnote_refs, *page.footnote_defs, *page.citations,
             *(item for c in page.citations for item in c.items), *check_footnotes(page)]
    for thing in found:
        assert 1 <= thing.line <= len(lines)
        assert 1 <= thing.col <= len(lines[thing.line - 1]) + 1
    for cited in page.citations:
        assert text[cited.start : cited.start + 2] == "[@" and text[cited.end - 1] == "]"


@SETTINGS
@given(MARKDOWNISH)
def test_scanner_output_does_not_depend_on_line_endings(text):
    unix = text.replace("\r\n", "\n").replace("\r", "")
    windows = unix.replace("\n", "\r\n")
    assert scan(unix).keys() == scan(windows).keys()
    assert [(d.line, d.code) for d in scan(unix).diagnostics] == [(d.line, d.code) for d in scan(windows).diagnostics]


@SETTINGS
@given(data=st.data(), key=KEY, locator=LOCATOR, crlf=st.booleans(), before=PROSE, after=PROSE)
def test_citation_in_code_is_never_reported_but_the_same_one_in_prose_is(data, key, locator, crlf, before,
                                                                          after):
    cite = citation(key, locator)
    block = data.draw(hidden(cite))
    document = f"{before}\n\n{block}\n\n{after}{cite}\n"
    if crlf:
        document = document.replace("\n", "\r\n")
    page = scan(document)
    assert page.diagnostics == []
    assert [(item.key, item.locator) for c in page.citations for item in c.items] == [(key, locator)]
    at = document.rindex(cite) + 1  # the '@' of the citation in prose
    item = page.citations[0].items[0]
    assert item.line == document.count("\n", 0, at) + 1
    assert item.col == at - (document.rfind("\n", 0, at) + 1) + 1


@SETTINGS
@given(key=KEY, locator=LOCATOR, prose=PROSE)
def test_citation_is_found_in_every_prose_container(key, locator, prose):
    cite = citation(key, locator)
    for document in (
        f"# {prose}{cite}",
        f"| a | b |\n|---|---|\n| {prose} | {cite} |",
        f"- {prose}{cite}",
        f"- {prose}\n\n    {prose}{cite}",
        f'!!! note "{prose}"\n    {prose}{cite}',
        f"> {prose}{cite}",
        f"{prose}[^n]\n\n[^n]: {prose}{cite}",
        f"{prose}\n    {prose}{cite}",  # a lazy continuation line is prose, not code
    ):
        assert scan(document).keys() == [key], document
