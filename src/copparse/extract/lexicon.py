"""Readers of the lexicon's shared words: numbers in words, dates, honorifics, countries."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from copparse import patterncache
from copparse.extract import finditer_at
from copparse.lang import alternation, lexicon
from copparse.rules import rule

__all__ = [
    "DATE_RE",
    "HONORIFIC_RE",
    "MONTH_YEAR_RE",
    "NAME_RE",
    "NUMBER_CANDIDATE_RE",
    "ORDINAL_JOIN_RE",
    "ORDINAL_RE",
    "DateMatch",
    "country_code",
    "demonym_country",
    "find_dates",
    "first_count",
    "is_honorific",
    "month_number",
    "normalize_honorific",
    "parse_number",
    "parse_ordinal",
]

_LEX = lexicon("en")


def _build_words() -> tuple[dict[str, int], dict[str, int]]:
    n = _LEX.numbers
    units, ord_units = n.units, n.ordinal_units
    cardinals = {w: i for i, w in enumerate(units)}
    ordinals = {w: i for i, w in enumerate(ord_units) if i}
    for tens, value in n.tens.items():
        cardinals[tens] = value
        for i in range(1, 10):
            cardinals[f"{tens}-{units[i]}"] = value + i
            cardinals[f"{tens} {units[i]}"] = value + i
    for word, value in n.ordinal_tens.items():
        ordinals[word] = value
    for tens, value in n.tens.items():
        if value + 9 >= n.compound_ordinals_below:
            continue
        for i in range(1, 10):
            ordinals[f"{tens}-{ord_units[i]}"] = value + i
            ordinals[f"{tens} {ord_units[i]}"] = value + i
    for word in n.hundred:
        cardinals[word] = 100
    return cardinals, ordinals


_CARDINALS, _ORDINALS = _build_words()


_NUMBERS = _LEX.numbers
_ORDINAL_SUFFIX = alternation(_NUMBERS.ordinal_suffixes, bounded=False)
# "thirteenth", "FIFtEENTH", "twenty-first", "13th", "1st".
ORDINAL_RE = rf"(?:{alternation(_ORDINALS)}|\b\d{{1,3}}{_ORDINAL_SUFFIX}\b)"
# The words between two ordinals: "fifteenth and sixteenth".
ORDINAL_JOIN_RE = rf"(?:,|{alternation(_NUMBERS.conjunctions, bounded=False)})"


_SEPARATORS = patterncache.compile(r"[\s-]+")
_DIGITS_ORDINAL = patterncache.compile(rf"(\d+){_ORDINAL_SUFFIX}?", regex.IGNORECASE)
_LEADING_DIGITS = patterncache.compile(r"\d+")
_INVERTED_NAME = patterncache.compile(r"(?P<name>[^()]+?)\s*\((?P<kind>[^()]+)\)")


# A word that may be a number ("100", "nine", "twenty-one"): cheap to match, checked with
# parse_number. The full alternation of number words costs ~10 ms to compile per use.
NUMBER_CANDIDATE_RE = r"(?:\d{1,5}|[A-Za-z]+(?:[ -][A-Za-z]+)?)"
_FIRST_WORD = patterncache.compile(r"[A-Za-z]+")


def first_count(
    pattern: regex.Pattern[str], text: str, start: int, end: int
) -> tuple[regex.Match[str], int, tuple[int, int]] | None:
    """The first match of ``pattern`` whose group ``n`` is a number and whose optional group
    ``adj`` is not one ("In 2016 sixty delegates" counts sixty, not 2016), with the number and
    where it stands.

    A number word followed by an adjective ("three written contributions") is taken whole by
    the two-word number candidate; its first word is then the number.
    """  # noqa: D205
    pos = start
    while (m := pattern.search(text, pos, end)) is not None:
        said = m.group("n")
        n, at = parse_number(said), m.span("n")
        adj = m.groupdict().get("adj")
        if (
            n is None
            and adj is None
            and (head := _FIRST_WORD.match(said))
            and head.end() < len(said)
        ):
            n, at = parse_number(head.group()), (at[0], at[0] + head.end())
        if n is not None and (adj is None or parse_number(adj) is None):
            return m, n, at
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


_DATES = _LEX.dates
_MONTHS = {m.lower(): i + 1 for i, m in enumerate(_DATES.months)}
_MONTH_ABBR = {m.lower(): i for m, i in _DATES.month_abbreviations.items()}
_MONTH_RE = rf"(?:{alternation(_DATES.months)}|{alternation(_DATES.month_abbreviations)}\.?)"
_DAY = rf"(?:[0-3]?\d){_ORDINAL_SUFFIX}?"
_YEAR = r"(?:19|20)\d\d"
_RANGE = alternation(_DATES.range_words)
_FROM = alternation(_DATES.range_start)
_OF = alternation(_DATES.day_of)
_AND = alternation(_DATES.and_words)
DATE_RE = rule(
    "date.day_month_year",
    "dates",
    rf"""
    (?<![\d/])
    (?:
        (?:{_FROM}\s+)?(?P<d1>{_DAY})
        (?:(?:\s+(?P<m1>{_MONTH_RE}))?(?:\s+(?P<y1>{_YEAR}))?\s*(?:-|–|—|{_RANGE})|\s+{_AND})
        \s*(?P<d2>{_DAY})\s+(?P<m2>{_MONTH_RE}),?\s+(?P<y2>{_YEAR})
      |
        (?P<d>{_DAY})\s+(?:{_OF}\s+)?(?P<m>{_MONTH_RE}),?\s+(?P<y>{_YEAR})
      |
        (?P<mu>{_MONTH_RE})\s+(?P<du>{_DAY}),\s+(?P<yu>{_YEAR})
    )
    (?!\d)
    """,
    "A date or a range of dates, day first or month first.",
    examples=[
        ("held on 2 February 2016, in", "2 February 2016"),
        ("Date: 30th September 2015", "30th September 2015"),
        ("Geneva, 17-18 March 2010", "17-18 March 2010"),
        ("from 17 to 18 March 2010", "from 17 to 18 March 2010"),
        ("30 November-1 December 2016", "30 November-1 December 2016"),
        ("on February 2, 2016", "February 2, 2016"),
        ("on 4 Feb. 2020", "4 Feb. 2020"),
    ],
    counter_examples=["in February 2016", "Resolution 1306 (2010)", "on 2/2/2016"],
    flags=regex.IGNORECASE | regex.VERBOSE,
).pattern
# "May 2016", "November 2016": a month without a day.
MONTH_YEAR_RE = rule(
    "date.month_year",
    "dates",
    rf"(?<![\d/]\s?){_MONTH_RE}\s+(?P<y>{_YEAR})(?!\d)".replace(
        _MONTH_RE, f"(?P<m>{_MONTH_RE})", 1
    ),
    "A month and year without a day (read by the date check only).",
    examples=[("in May 2016 the", "May 2016")],
    counter_examples=["on 2 May 2016", "May 20"],
    flags=regex.IGNORECASE,
).pattern


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
    return _MONTHS.get(key) or _MONTH_ABBR[key]


def _day(value: str) -> int:
    return int(_LEADING_DIGITS.match(value).group(0))  # type: ignore[union-attr]


def _make(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), month_number(m), _day(d))
    except ValueError:
        return None


# Every date names a month: DATE_RE runs only in windows around month names, which are rare,
# instead of being tried at every position of the text.
_MONTH_WORD = patterncache.compile(_MONTH_RE, regex.IGNORECASE)
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


# Where a date may open: a digit (its day), a range's opening word or a month (day-first and
# month-first dates); DATE_RE's own alternatives, so every match of it opens where one of these
# matches. It is put only there, not at every position of its window.
_DATE_OPENS = patterncache.compile(rf"\d|{_FROM}|{_MONTH_RE}", regex.IGNORECASE)


def _window_dates(text: str, a: int, b: int) -> Iterator[regex.Match[str]]:
    """``DATE_RE.finditer(text, a, b)``, put only where a date may open.

    Each match of DATE_RE opens with its range word, its day (whose first character is a
    digit) or its month, with the same flags and the same text before and after it, so
    ``_DATE_OPENS`` matches where it opens, inside ``[a, b)``; the overlapped search finds
    every such place. :func:`copparse.extract.finditer_at` tries them in text order from the
    end of the last match, as ``finditer`` goes on.
    """
    places = [m.start() for m in _DATE_OPENS.finditer(text, a, b, overlapped=True)]
    return finditer_at(DATE_RE, text, places, a, b)


def find_dates(
    text: str,
    start: int = 0,
    end: int | None = None,
    memo: dict[tuple[int, int], list[DateMatch]] | None = None,
) -> list[DateMatch]:
    """Every date or date range in ``text[start:end]``, in order.

    ``memo``: the answers already given for spans of this one text (kept by the caller for
    one parse, never longer), taken from it and added to it; the list is shared, not a copy.
    """
    stop = len(text) if end is None else end
    if memo is not None:
        known = memo.get((start, stop))
        if known is None:
            known = memo[start, stop] = find_dates(text, start, stop)
        return known
    matches = (m for a, b in _date_windows(text, start, stop) for m in _window_dates(text, a, b))
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


_PEOPLE = _LEX.people
_HONORIFICS = {
    " ".join(spelling.lower().split()).rstrip("."): canonical
    for canonical, spellings in _PEOPLE.honorifics.items()
    for spelling in spellings
}
# "Mr.", "Dr", "H.E.", "His Excellency", "Baroness".
HONORIFIC_RE = rf"(?:{alternation(s for v in _PEOPLE.honorifics.values() for s in v)}\.?)"
_PARTICLE = alternation(_PEOPLE.particles)
# "McKay", "O'Neill": a surname's prefix, then the capital of the rest of the word.
_PREFIX = rf"(?:{alternation(_PEOPLE.name_prefixes, bounded=False)}(?=\p{{Lu}}\p{{Ll}}))?"
# A personal name: two to five capitalised words, allowing particles, hyphens, middle
# initials ("John K. Mensah", "Jan van der Berg") and an inner capital after a surname's prefix
# ("Fiona McKay"); an initial never ends a name.
NAME_RE = (
    rf"(?:{_PREFIX}\p{{Lu}}[\p{{Ll}}'’]*(?:-{_PREFIX}\p{{Lu}}?[\p{{Ll}}'’]+)*\.?"
    rf"(?:\s+(?:\p{{Lu}}\.\s*)?(?:{_PARTICLE}\s+)*"
    rf"{_PREFIX}\p{{Lu}}[\p{{Ll}}'’]+(?:-{_PREFIX}\p{{Lu}}?[\p{{Ll}}'’]+)*){{0,4}})"
)


def is_honorific(word: str) -> bool:
    """Whether ``word`` is a spelling of an honorific ("Ambassador", "Dr.", "H. E.")."""
    return " ".join(word.lower().split()).rstrip(".") in _HONORIFICS


def normalize_honorific(word: str) -> str:
    """``"Dr."`` -> ``"Dr"``, ``"His Excellency"`` -> ``"H.E."``."""
    key = " ".join(word.lower().split()).rstrip(".")
    return _HONORIFICS.get(key, word.strip().rstrip("."))


_COUNTRIES = _LEX.countries
# "State of", also glued ("Stateof Kuwait": a copy whose line breaks were removed).
# "French Republic", "United Mexican States": a demonym, a formal adjective before it.
_DEMONYM_FORMAL = patterncache.compile(
    rf"(?:{alternation(_COUNTRIES.formal_adjectives)}\s+)?(\p{{Lu}}[\p{{L}}-]+)\s+"
    rf"{alternation(_COUNTRIES.demonym_formal_nouns)}",
    regex.IGNORECASE,
)
_FORMAL_PREFIX = patterncache.compile(
    rf"^(?:{alternation(_COUNTRIES.article)}\s+)?(?:{alternation(_COUNTRIES.formal_adjectives)}\s+)*"
    rf"{alternation(_COUNTRIES.formal_nouns, bounded=False)}\s*"
    rf"{alternation(_COUNTRIES.formal_of, bounded=False)}\s*",
    regex.IGNORECASE,
)
_ARTICLE = patterncache.compile(rf"^{alternation(_COUNTRIES.article)}\s+", regex.IGNORECASE)


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
    names.update(_COUNTRIES.aliases)
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
    candidates = [cleaned, _FORMAL_PREFIX.sub("", cleaned), _ARTICLE.sub("", cleaned)]
    # ITU's sorted form: "Korea (Republic of)", "Iran (Islamic Republic of)".
    inverted = _INVERTED_NAME.fullmatch(cleaned)
    if inverted:
        candidates.append(inverted.group("name"))
    for candidate in candidates:
        code = names.get(candidate.upper())
        if code:
            return code
    if demonym := _DEMONYM_FORMAL.fullmatch(_ARTICLE.sub("", cleaned)):
        return demonym_country(demonym.group(1))  # "French Republic" -> FRA
    return None


@functools.lru_cache(maxsize=4096)
def demonym_country(word: str) -> str | None:
    """The country of an adjective: ``"Russian"`` -> ``"RUS"``, ``"Argentinian"`` -> ``"ARG"``."""
    upper = word.upper()
    if upper in _COUNTRIES.demonyms:
        return _COUNTRIES.demonyms[upper]
    names = _iso_names()
    for cut in range(len(upper) - 1, 3, -1):
        stem = upper[:cut]
        for suffix in _COUNTRIES.demonym_stem_suffixes:
            code = names.get(stem + suffix)
            if code and " " not in stem and upper.endswith(_COUNTRIES.demonym_endings):
                return code
    return None
