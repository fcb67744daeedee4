"""An entry's archived copy (archiveurl + archivedate) in the reference list, in every language."""

from __future__ import annotations

import pytest

from citekit.bibliography import parse
from citekit.formatting import Formatter

BIB = r"""
@online{kabul,
  author = {Smith, Anna},
  organization = {Meduza},
  title = {Suicide bombing near the {Russian} embassy in {Kabul}},
  date = {2022-09-05},
  url = {https://meduza.io/en/news/x?a=1&b=2},
  urldate = {2023-03-23},
  archiveurl = {https://web.archive.org/web/20240501000000/https://meduza.io/en/news/x?a=1&b=2},
  archivedate = {2024-05-01},
  langid = {english},
}
"""
URL = '<a class="citekit-url" href="https://meduza.io/en/news/x?a=1&amp;b=2">https://meduza.io/en/news/x?a=1&amp;b=2</a>'
ARCHIVE = ('<a class="citekit-url" href="https://web.archive.org/web/20240501000000/https://meduza.io/en/news/x?a=1&amp;b=2">'
           "https://web.archive.org/web/20240501000000/https://meduza.io/en/news/x?a=1&amp;b=2</a>")


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("en", f"Smith, Anna. “Suicide bombing near the Russian embassy in Kabul”. Meduza, 5 September 2022. "
               f"{URL}. Accessed 23 March 2023. Archived 1 May 2024 at {ARCHIVE}."),
        ("tr", f"Smith, Anna. “Suicide bombing near the Russian embassy in Kabul” (İngilizce). Meduza, 5 Eylül 2022. "
               f"{URL}. Erişim tarihi: 23.03.2023. Arşivlenmiş kopya: 01.05.2024, {ARCHIVE}."),
        ("ru", f"Smith A. «Suicide bombing near the Russian embassy in Kabul» (на английском языке) // Meduza. "
               f"5 сентября 2022. URL: {URL} (дата обращения: 23.03.2023). "
               f"Архивная копия от 01.05.2024: {ARCHIVE}."),
    ],
)
def test_the_reference_list_shows_the_archived_copy_in_each_language(lang, expected):
    bib = parse(BIB)
    assert bib.diagnostics == []
    assert Formatter(lang).reference(bib.lookup("kabul")) == expected


def test_no_archived_copy_no_archive_text():
    bib = parse("\n".join(line for line in BIB.splitlines() if "archive" not in line))
    text = Formatter("en").reference(bib.lookup("kabul"))
    assert text.endswith("Accessed 23 March 2023.") and "web.archive.org" not in text


def test_an_archived_copy_with_a_hostile_address_is_never_linked():
    bib = parse(BIB.replace("https://web.archive.org/web/20240501000000/", "javascript:alert(1)//"))
    assert [d.code for d in bib.diagnostics] == ["BIB005"]
    assert "javascript:" not in Formatter("en").reference(bib.lookup("kabul"))
