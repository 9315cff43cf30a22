"""Vocabulary shared by the extractors: numbers in words, dates, honorifics, countries."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import regex

__all__ = [
    "DATE_RE",
    "HONORIFIC_RE",
    "MONTH_YEAR_RE",
    "NAME_RE",
    "NUMBER_CANDIDATE_RE",
    "NUMBER_WORD_RE",
    "ORDINAL_RE",
    "DateMatch",
    "country_code",
    "demonym_country",
    "find_dates",
    "first_count",
    "month_number",
    "normalize_honorific",
    "parse_number",
    "parse_ordinal",
]

_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_ORD_UNITS = [
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth",
]  # fmt: skip
_ORD_TENS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50}


def _build_words() -> tuple[dict[str, int], dict[str, int]]:
    cardinals = {w: i for i, w in enumerate(_UNITS)}
    ordinals = {w: i for i, w in enumerate(_ORD_UNITS) if i}
    for tens, value in _TENS.items():
        cardinals[tens] = value
        for i in range(1, 10):
            cardinals[f"{tens}-{_UNITS[i]}"] = value + i
            cardinals[f"{tens} {_UNITS[i]}"] = value + i
    for word, value in _ORD_TENS.items():
        ordinals[word] = value
    for tens, value in _TENS.items():
        if value > 50:
            break
        for i in range(1, 10):
            ordinals[f"{tens}-{_ORD_UNITS[i]}"] = value + i
            ordinals[f"{tens} {_ORD_UNITS[i]}"] = value + i
    cardinals["hundred"] = 100
    cardinals["a hundred"] = 100
    cardinals["one hundred"] = 100
    return cardinals, ordinals


_CARDINALS, _ORDINALS = _build_words()


def _alternation(words: dict[str, int]) -> str:
    """The words as a prefix trie, ``t(?:hirteenth|welfth|...)``.

    It matches what a flat alternation matches, but most positions fail on their first
    character instead of being tried against every word.
    """
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [
            ("[ -]" if ch == " " else regex.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here and longer ones go on: the rest is optional
            return body + "?" if len(branches) == 1 and len(body) == 1 else f"(?:{body})?"
        return body

    return emit(tree)


# "thirteenth", "FIFtEENTH", "twenty-first", "13th", "1st".
ORDINAL_RE = rf"(?:\b(?:{_alternation(_ORDINALS)})\b|\b\d{{1,3}}(?:st|nd|rd|th)\b)"
# "nine", "twenty-one", "100".
NUMBER_WORD_RE = rf"(?:\b(?:{_alternation(_CARDINALS)})\b|\b\d{{1,5}}\b)"


_SEPARATORS = regex.compile(r"[\s-]+")
_DIGITS_ORDINAL = regex.compile(r"(\d+)(?:st|nd|rd|th)?")
_LEADING_DIGITS = regex.compile(r"\d+")
_INVERTED_NAME = regex.compile(r"(?P<name>[^()]+?)\s*\((?P<kind>[^()]+)\)")


# A word that may be a number ("100", "nine", "twenty-one"): cheap to match, checked with
# parse_number. The full alternation (NUMBER_WORD_RE) costs ~10 ms to compile per use.
NUMBER_CANDIDATE_RE = r"(?:\d{1,5}|[A-Za-z]+(?:[ -][A-Za-z]+)?)"


def first_count(
    pattern: regex.Pattern[str], text: str, start: int, end: int
) -> tuple[regex.Match[str], int] | None:
    """The first match of ``pattern`` whose group ``n`` is a number and whose optional group
    ``adj`` is not one ("In 2016 sixty delegates" counts sixty, not 2016).
    """  # noqa: D205
    pos = start
    while (m := pattern.search(text, pos, end)) is not None:
        n = parse_number(m.group("n"))
        adj = m.groupdict().get("adj")
        if n is not None and (adj is None or parse_number(adj) is None):
            return m, n
        pos = m.start() + 1
    return None


def parse_ordinal(word: str) -> int | None:
    """``"thirteenth"`` -> 13, ``"12th"`` -> 12, ``"twenty-first"`` -> 21."""
    w = _SEPARATORS.sub("-", word.strip().lower())
    m = _DIGITS_ORDINAL.fullmatch(w)
    if m:
        return int(m.group(1))
    return _ORDINALS.get(w) or _ORDINALS.get(w.replace("-", " "))


def parse_number(word: str) -> int | None:
    """``"nine"`` -> 9, ``"100"`` -> 100, ``"twenty-one"`` -> 21."""
    w = _SEPARATORS.sub("-", word.strip().lower())
    if w.isdigit():
        return int(w)
    return _CARDINALS.get(w, _CARDINALS.get(w.replace("-", " ")))


_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november"
        " december".split()
    )
}
_MONTH_ABBR = {m[:3]: i for m, i in _MONTHS.items()} | {"sept": 9}
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
# "2 February 2016", "30th September 2015", "17-18 March 2010", "from 17 to 18 March 2010",
# "17 March - 18 March 2010", "30 November-1 December 2016", "February 2, 2016".
DATE_RE = regex.compile(
    rf"""
    (?<![\d/])
    (?:
        (?:from\s+)?(?P<d1>{_DAY})
        (?:(?:\s+(?P<m1>{_MONTH_RE}))?(?:\s+(?P<y1>{_YEAR}))?\s*(?:-|–|—|to|until|till)|\s+and)
        \s*(?P<d2>{_DAY})\s+(?P<m2>{_MONTH_RE}),?\s+(?P<y2>{_YEAR})
      |
        (?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH_RE}),?\s+(?P<y>{_YEAR})
      |
        (?P<mu>{_MONTH_RE})\s+(?P<du>{_DAY}),\s+(?P<yu>{_YEAR})
    )
    (?!\d)
    """,
    regex.IGNORECASE | regex.VERBOSE,
)
# "May 2016", "November 2016": a month without a day.
MONTH_YEAR_RE = regex.compile(
    rf"(?<![\d/]\s?)\b(?P<m>{_MONTH_RE})\s+(?P<y>{_YEAR})(?!\d)", regex.IGNORECASE
)


@dataclass(frozen=True)
class DateMatch:
    """A date or date range found in text; ``start`` is ``None`` when the date is invalid."""

    start: dt.date | None
    end: dt.date | None
    span: tuple[int, int]
    text: str


def month_number(name: str) -> int:
    """``"February"`` -> 2, ``"Sept."`` -> 9."""
    key = name.lower().rstrip(".")
    return _MONTHS.get(key) or _MONTH_ABBR[key[:4] if key.startswith("sept") else key[:3]]


def _day(value: str) -> int:
    return int(_LEADING_DIGITS.match(value).group(0))  # type: ignore[union-attr]


def _make(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), month_number(m), _day(d))
    except ValueError:
        return None


# Every date names a month: DATE_RE runs only in windows around month names, which are rare,
# instead of being tried at every position of the text.
_MONTH_WORD = regex.compile(rf"(?<![A-Za-z]){_MONTH_RE}", regex.IGNORECASE)
_BEFORE_MONTH = 32  # "from 17th to 18th March": the most a date starts before its month
_AFTER_MONTH = 16  # "March 2010" / "February 2, 2016": the most it ends after


def _date_windows(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    window: tuple[int, int] | None = None
    for m in _MONTH_WORD.finditer(text, start, end):
        a, b = max(start, m.start() - _BEFORE_MONTH), min(end, m.end() + _AFTER_MONTH)
        if window and a <= window[1]:
            window = (window[0], b)
            continue
        if window:
            yield window
        window = (a, b)
    if window:
        yield window


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMatch]:
    """Every date or date range in ``text[start:end]``, in order."""
    stop = len(text) if end is None else end
    matches = (m for a, b in _date_windows(text, start, stop) for m in DATE_RE.finditer(text, a, b))
    out = []
    for m in matches:
        if m.group("d2"):
            y2, m2 = m.group("y2"), m.group("m2")
            first = _make(m.group("y1") or y2, m.group("m1") or m2, m.group("d1"))
            last = _make(y2, m2, m.group("d2"))
            if first and last and first > last:
                first = last = None
        elif m.group("d"):
            first = last = _make(m.group("y"), m.group("m"), m.group("d"))
        else:
            first = last = _make(m.group("yu"), m.group("mu"), m.group("du"))
        out.append(DateMatch(first, last if first else None, m.span(), m.group(0)))
    return out


_HONORIFICS = {
    "mr": "Mr", "mrs": "Mrs", "ms": "Ms", "miss": "Miss", "dr": "Dr", "prof": "Prof",
    "professor": "Professor", "ambassador": "Ambassador", "h.e": "H.E.", "h.e.": "H.E.",
    "his excellency": "H.E.", "her excellency": "H.E.", "sir": "Sir", "dame": "Dame",
    "eng": "Eng", "judge": "Judge", "senator": "Senator", "minister": "Minister",
}  # fmt: skip
HONORIFIC_RE = (
    r"(?:\b(?:His|Her)\s+Excellency|\bH\.\s?E\.|\b(?:Mrs|Mr|Ms|Miss|Dr|Prof|Professor"
    r"|Ambassador|Sir|Dame|Eng|Judge|Senator)\b\.?)"
)
_PARTICLE = r"(?:de|da|del|della|van|von|der|den|bin|ibn|al|el|y|di|le|la|du|dos|das)"
# A personal name: two to five capitalised words, allowing particles and hyphens.
NAME_RE = (
    rf"(?:\p{{Lu}}[\p{{Ll}}'’]*(?:[-]\p{{Lu}}?[\p{{Ll}}'’]+)*\.?"
    rf"(?:\s+(?:{_PARTICLE}\s+)*\p{{Lu}}[\p{{Ll}}'’]+(?:-\p{{Lu}}?[\p{{Ll}}'’]+)*){{0,4}})"
)


def normalize_honorific(word: str) -> str:
    """``"Dr."`` -> ``"Dr"``, ``"His Excellency"`` -> ``"H.E."``."""
    key = " ".join(word.lower().split()).rstrip(".")
    return _HONORIFICS.get(key, _HONORIFICS.get(key + ".", word.strip().rstrip(".")))


# Names used in ITU documents and abbreviations that ISO 3166 does not spell the same way.
_ALIASES = {
    "RUSSIA": "RUS", "USA": "USA", "US": "USA", "UNITED STATES": "USA", "UK": "GBR",
    "UNITED KINGDOM": "GBR", "GREAT BRITAIN": "GBR", "KOREA": "KOR", "SOUTH KOREA": "KOR",
    "REPUBLIC OF KOREA": "KOR", "KOREA (REP. OF)": "KOR", "KOREA (REPUBLIC OF)": "KOR",
    "IRAN": "IRN", "IRAN (ISLAMIC REPUBLIC OF)": "IRN", "SYRIA": "SYR", "VIETNAM": "VNM",
    "VIET NAM": "VNM", "LAOS": "LAO", "BOLIVIA": "BOL", "VENEZUELA": "VEN", "TANZANIA": "TZA",
    "MOLDOVA": "MDA", "UAE": "ARE", "CZECH REPUBLIC": "CZE", "TURKEY": "TUR", "TURKIYE": "TUR",
    "IVORY COAST": "CIV", "COTE D'IVOIRE": "CIV", "DR CONGO": "COD", "CAPE VERDE": "CPV",
    "SWAZILAND": "SWZ", "MACEDONIA": "MKD", "BRUNEI": "BRN", "PALESTINE": "PSE",
    "VATICAN": "VAT", "HOLY SEE": "VAT", "KSA": "SAU",
}  # fmt: skip
_FORMAL_PREFIX = regex.compile(
    r"^(?:the\s+)?(?:(?:Arab|Islamic|Federal|Democratic|People's|United|Plurinational"
    r"|Bolivarian|Socialist|Federative|Hashemite|Oriental|Co-operative|Cooperative)\s+)*"
    r"(?:Republic|Kingdom|State|Commonwealth|Principality|Sultanate|Emirates?|Grand Duchy"
    r"|Federation)\s+of\s+(?:the\s+)?",
    regex.IGNORECASE,
)
_DEMONYMS = {
    "FRENCH": "FRA", "BRITISH": "GBR", "SPANISH": "ESP", "SWISS": "CHE", "DUTCH": "NLD",
    "GREEK": "GRC", "TURKISH": "TUR", "POLISH": "POL", "DANISH": "DNK", "SWEDISH": "SWE",
    "FINNISH": "FIN", "IRISH": "IRL", "BELGIAN": "BEL", "PORTUGUESE": "PRT", "AMERICAN": "USA",
    "SAUDI": "SAU", "EMIRATI": "ARE", "THAI": "THA", "FILIPINO": "PHL", "PERUVIAN": "PER",
    "IRANIAN": "IRN", "KOREAN": "KOR", "OMANI": "OMN", "KUWAITI": "KWT", "QATARI": "QAT",
    "MALAGASY": "MDG", "NORWEGIAN": "NOR", "ARGENTINE": "ARG",
}  # fmt: skip


@functools.cache
def _iso_names() -> dict[str, str]:
    import iso3166

    names: dict[str, str] = {}
    for c in iso3166.countries:
        for name in (c.name, c.apolitical_name):
            upper = name.upper()
            names[upper] = c.alpha3
            if ", " in upper:  # "KOREA, REPUBLIC OF" -> also "KOREA"
                names.setdefault(upper.split(", ")[0], c.alpha3)
    names.update(_ALIASES)
    return names


@functools.lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of a country name as ITU documents write it.

    Example: ``"Republic of Argentina"`` -> ``"ARG"``, ``"RUSSIA"`` -> ``"RUS"``.
    """
    cleaned = " ".join(name.strip().strip(".,;:").split()).replace("’", "'")
    if cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned = cleaned[1:-1].strip()
    if not cleaned:
        return None
    names = _iso_names()
    candidates = [cleaned, _FORMAL_PREFIX.sub("", cleaned), cleaned.removeprefix("the ")]
    # ITU's sorted form: "Korea (Republic of)", "Iran (Islamic Republic of)".
    inverted = _INVERTED_NAME.fullmatch(cleaned)
    if inverted:
        candidates.append(inverted.group("name"))
    for candidate in candidates:
        code = names.get(candidate.upper())
        if code:
            return code
    return None


@functools.lru_cache(maxsize=4096)
def demonym_country(word: str) -> str | None:
    """The country of an adjective: ``"Russian"`` -> ``"RUS"``, ``"Argentinian"`` -> ``"ARG"``."""
    upper = word.upper()
    if upper in _DEMONYMS:
        return _DEMONYMS[upper]
    names = _iso_names()
    for cut in range(len(upper) - 1, 3, -1):
        stem = upper[:cut]
        for suffix in ("", "A", "IA", "O", "Y", "E"):
            code = names.get(stem + suffix)
            if code and " " not in stem and upper.endswith(("AN", "IAN", "ESE", "I", "IC", "ISH")):
                return code
    return None
