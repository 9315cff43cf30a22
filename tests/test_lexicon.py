from __future__ import annotations

import datetime as dt

import pytest

from copparse.extract.lexicon import (
    country_code,
    demonym_country,
    find_dates,
    normalize_honorific,
    parse_number,
    parse_ordinal,
)

D = dt.date


@pytest.mark.parametrize(
    ("word", "value"),
    [("thirteenth", 13), ("FIFtEENTH", 15), ("12th", 12), ("1st", 1), ("twenty-first", 21),
     ("Twenty First", 21), ("fiftieth", 50), ("third", 3)],
)  # fmt: skip
def test_parse_ordinal(word: str, value: int) -> None:
    assert parse_ordinal(word) == value


@pytest.mark.parametrize(
    ("word", "value"), [("nine", 9), ("Twenty-one", 21), ("100", 100), ("sixty", 60)]
)
def test_parse_number(word: str, value: int) -> None:
    assert parse_number(word) == value


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("held on 2 February 2016, in", [(D(2016, 2, 2), D(2016, 2, 2))]),
        ("Date: 30th September 2015", [(D(2015, 9, 30), D(2015, 9, 30))]),
        ("Geneva, 17-18 March 2010", [(D(2010, 3, 17), D(2010, 3, 18))]),
        ("from 17 to 18 March 2010", [(D(2010, 3, 17), D(2010, 3, 18))]),
        ("30 November - 1 December 2016", [(D(2016, 11, 30), D(2016, 12, 1))]),
        ("held on 26 and 27 September 2019", [(D(2019, 9, 26), D(2019, 9, 27))]),
        (
            "held on 26 September 2019 and on 4 February 2020",
            [(D(2019, 9, 26), D(2019, 9, 26)), (D(2020, 2, 4), D(2020, 2, 4))],
        ),
        (
            "26 September 2019 and 4 February 2020",
            [(D(2019, 9, 26), D(2019, 9, 26)), (D(2020, 2, 4), D(2020, 2, 4))],
        ),
        ("February 2, 2016", [(D(2016, 2, 2), D(2016, 2, 2))]),
        ("C20/57-E3 March 2020", [(D(2020, 3, 3), D(2020, 3, 3))]),
        ("on 31 February 2016", [(None, None)]),
        ("Resolution 1306 of 2009, 1/3 of users", []),
    ],
)
def test_find_dates(text: str, dates: list[tuple[D | None, D | None]]) -> None:
    assert [(d.start, d.end) for d in find_dates(text)] == dates


@pytest.mark.parametrize(
    ("name", "code"),
    [("Republic of Argentina", "ARG"), ("RUSSIA", "RUS"), ("Russian Federation", "RUS"),
     ("Arab Republic of Egypt", "EGY"), ("Kingdom of Morocco", "MAR"), ("the USA", "USA"),
     ("United States of America", "USA"), ("Federative Republic of Brazil", "BRA"),
     ("Korea (Republic of)", "KOR"), ("Islamic Republic of Iran", "IRN"), ("Trend Micro", None),
     ("Secretariat", None), ("", None),
     # A copy that lost its line breaks glues the formal prefix: still the country.
     ("Stateof Kuwait", "KWT"), ("Kingdomof Saudi Arabia", "SAU"), ("Stateside", None),
     ("Republicans", None),
     # A demonym before "Republic" / "Confederation"; a full ISO name still comes first.
     ("Portuguese Republic", "PRT"), ("the French Republic", "FRA"), ("Swiss Confederation", "CHE"),
     ("Hellenic Republic", "GRC"), ("Dominican Republic", "DOM"),
     ("Central African Republic", "CAF"), ("Democratic Republic", None), ("Banana Republic", None)],
)  # fmt: skip
def test_country_code(name: str, code: str | None) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize(
    ("word", "code"),
    [("Russian", "RUS"), ("Argentinian", "ARG"), ("Egyptian", "EGY"), ("Kenyan", "KEN"),
     ("Japanese", "JPN"), ("French", "FRA"), ("Ugandan", "UGA"), ("International", None),
     ("Secretariat", None)],
)  # fmt: skip
def test_demonym_country(word: str, code: str | None) -> None:
    assert demonym_country(word) == code


@pytest.mark.parametrize(
    ("word", "out"), [("Dr.", "Dr"), ("Dr", "Dr"), ("Mr.", "Mr"), ("His Excellency", "H.E.")]
)
def test_normalize_honorific(word: str, out: str) -> None:
    assert normalize_honorific(word) == out
