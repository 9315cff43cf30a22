"""Small cases per extractor, each fed through the real normalise and segment stages."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from copparse import parse_text
from copparse.extract import ExtractContext, sentences
from copparse.extract.agenda import extract_agenda
from copparse.extract.contributions import (
    CODE_RE,
    canonical_group,
    extract_contributions,
    extract_contributions_stated,
    submitter_kind,
)
from copparse.extract.header import extract_document
from copparse.extract.lexicon import parse_number
from copparse.extract.meetings import extract_meetings
from copparse.extract.outcomes import extract_outcomes, find_actors, find_decision
from copparse.extract.participants import extract_participants, split_groups
from copparse.extract.people import extract_chair, extract_people, extract_signature, with_chair
from copparse.extract.resolutions import extract_resolutions
from copparse.models import (
    Chair,
    ParticipationMode,
    Person,
    ResolutionBody,
    Signature,
    SubmitterKind,
)
from tests.helpers import context
from tests.relayout import LAYOUTS

D = dt.date


# --- meetings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "1.1 The thirteenth meeting of CWG-COP was held on 2 February 2016 at the ITU"
            " Headquarters in Geneva.",
            [(13, D(2016, 2, 2), D(2016, 2, 2), "ITU Headquarters", "Geneva", None)],
        ),
        (
            "1.1 The 12th meeting of the Group was held on 10 October 2016 in Geneva, Switzerland.",
            [(12, D(2016, 10, 10), D(2016, 10, 10), None, "Geneva", "Switzerland")],
        ),
        (
            "1.1 The first meeting was held from 17 to 18 March 2010 in Geneva.",
            [(1, D(2010, 3, 17), D(2010, 3, 18), None, "Geneva", None)],
        ),
        (
            "1.1 The FIFtEENTH and sixteenth meetings were held on 26 September 2019 and on"
            " 4 February 2020 in Geneva.",
            [
                (15, D(2019, 9, 26), D(2019, 9, 26), None, "Geneva", None),
                (16, D(2020, 2, 4), D(2020, 2, 4), None, "Geneva", None),
            ],
        ),
        (
            "First Meeting of the Council Working Group on Child Online Protection\n"
            "Geneva, 17-18 March 2010\n1 Introduction\n1.1 The Group met.",
            [(1, D(2010, 3, 17), D(2010, 3, 18), None, "Geneva", None)],
        ),
        (
            "1.1 The thirteenth meeting was held on 2 February 2017. As agreed at the previous"
            " 12th meeting, the Group met again.",
            [(13, D(2017, 2, 2), D(2017, 2, 2), None, None, None)],
        ),
    ],
)
def test_meetings(
    text: str, expected: list[tuple[int, D, D, str | None, str | None, str | None]]
) -> None:
    meetings, diagnostics = extract_meetings(context(text))
    assert [(m.number, m.start_date, m.end_date, m.venue, m.city, m.country) for m in meetings] == (
        expected
    )
    assert diagnostics == []


_TWO = "1.1 The 24th and 25th meetings were held "


@pytest.mark.parametrize(
    ("held", "places"),
    [
        # Finding 6a: the second meeting was given the first meeting's city, "Geneva".
        (
            "on 30 September 2025 in Geneva and on 12-13 February 2026 in Kigali, Rwanda.",
            [("Geneva", None), ("Kigali", "Rwanda")],
        ),
        (
            "in Geneva on 30 September 2025 and in Kigali, Rwanda, on 12-13 February 2026.",
            [("Geneva", None), ("Kigali", "Rwanda")],
        ),
        # One place written for both: both were held there.
        ("in Geneva on 30 September 2025 and on 12-13 February 2026.", [("Geneva", None)] * 2),
        # Two places and one date, or three places for two meetings: whose is whose is not
        # written, so neither meeting has one.
        ("on 30 September 2025 and 2 October 2025 in Geneva, Bern and Kigali.", [(None, None)] * 2),
        ("on 30 September 2025 and 2 October 2025 in Geneva and Kigali.", [(None, None)] * 2),
        (
            "in Geneva and in Kigali on 30 September 2025 and 12 February 2026.",
            [(None, None)] * 2,
        ),
    ],
)
def test_two_meetings_in_one_clause_each_take_the_place_written_with_their_date(
    held: str, places: list[tuple[str | None, str | None]]
) -> None:
    meetings, _ = extract_meetings(context(_TWO + held))
    assert [(m.city, m.country) for m in meetings] == places


@pytest.mark.parametrize(
    ("held", "found"),
    [
        # Geneva was given to both, and neither was online: the second was held online where
        # the first has its place.
        (
            "in Geneva on 30 September 2025 and virtually on 12 February 2026.",
            [("Geneva", False), (None, True)],
        ),
        (
            "virtually on 30 September 2025 and in Geneva, Switzerland, on 12 February 2026.",
            [(None, True), ("Geneva", False)],
        ),
        # Online both times, or one place for both: nothing to pair.
        ("virtually on 30 September 2025 and on 12 February 2026.", [(None, True)] * 2),
        ("in Geneva on 30 September 2025 and on 12 February 2026.", [("Geneva", False)] * 2),
    ],
)
def test_two_meetings_in_one_clause_one_held_online_where_the_other_has_its_place(
    held: str, found: list[tuple[str | None, bool]]
) -> None:
    meetings, _ = extract_meetings(context(_TWO + held))
    assert [(m.city, m.virtual) for m in meetings] == found


@pytest.mark.parametrize(
    ("held", "city"),
    [
        # Finding 6b: no city was read before ", in a hybrid format".
        ("at ITU Headquarters, Geneva, in a hybrid format.", "Geneva"),
        ("at ITU Headquarters, Geneva, on 22 September 2021.", "Geneva"),
        ("at ITU Headquarters, which hosted it in a hybrid format.", None),
    ],
)
def test_the_city_after_the_venue(held: str, city: str | None) -> None:
    meetings, _ = extract_meetings(context(f"1.1 The 17th meeting was held {held}"))
    assert [(m.venue, m.city) for m in meetings] == [("ITU Headquarters", city)]


def test_meeting_held_virtually() -> None:
    meetings, _ = extract_meetings(
        context("1.1 The seventeenth meeting was held virtually on 5 May 2021.")
    )
    assert meetings[0].virtual and meetings[0].start_date == D(2021, 5, 5)


def test_regression_two_meetings_in_one_sentence_each_get_their_own_place_and_mode() -> None:
    # The sentence was read as about both meetings: both had the venue, the city and "held
    # virtually" of either clause, and they came out in the order the text named them.
    meetings, _ = extract_meetings(
        context(
            "1.1 The 28th meeting was held virtually on 8 February 2028; the 27th meeting was"
            " held at the ITU Headquarters in Geneva on 5 October 2027."
        )
    )
    assert [(m.number, m.start_date, m.venue, m.city, m.virtual) for m in meetings] == [
        (27, D(2027, 10, 5), "ITU Headquarters", "Geneva", False),
        (28, D(2028, 2, 8), None, None, True),
    ]


def test_two_meetings_named_together_share_their_sentence() -> None:
    meetings, _ = extract_meetings(
        context(
            "1.1 The 15th and 16th meetings were held virtually on 26 September 2019 and on"
            " 4 February 2020. The 16th meeting had a long agenda."
        )
    )
    assert [(m.number, m.start_date, m.virtual) for m in meetings] == [
        (15, D(2019, 9, 26), True),
        (16, D(2020, 2, 4), True),
    ]


def test_another_meetings_virtual_format_is_not_this_ones() -> None:
    meetings, _ = extract_meetings(
        context(
            "1.1 The 27th meeting was held in Geneva on 5 October 2027.\n1.2 The Group recalled"
            " that the 26th meeting was held online."
        )
    )
    assert [(m.number, m.virtual) for m in meetings] == [(27, False)]


def test_regression_a_weekday_is_no_city() -> None:
    # "Tuesday, 8" read as a place and a date: the city was "Tuesday".
    meetings, _ = extract_meetings(
        context("1.1 The 27th meeting of CWG-COP was held on Tuesday, 8 February 2022.")
    )
    assert [(m.start_date, m.city) for m in meetings] == [(D(2022, 2, 8), None)]
    meetings, _ = extract_meetings(
        context(
            "First Meeting of the Council Working Group on Child Online Protection\n"
            "Geneva, Tuesday, 17 March 2010\n1 Introduction\n1.1 The Group met."
        )
    )
    assert [(m.start_date, m.city) for m in meetings] == [(D(2010, 3, 17), "Geneva")]


def test_regression_online_in_the_groups_name_is_no_virtual_meeting() -> None:
    meetings, _ = extract_meetings(
        context("1.1 The 13th meeting was held at the Child Online Protection forum on 2 May 2017.")
    )
    assert not meetings[0].virtual
    meetings, _ = extract_meetings(
        context("1.1 The 13th meeting was held on 2 May 2017. Both were virtual meetings.")
    )
    assert meetings[0].virtual


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        (
            "1.1 The 12th meeting of the Group was held on 10 October 2016 at the CICG in"
            " Geneva, Switzerland.",
            {"number": "meeting.number.ordinal", "start_date": "meeting.held",
             "end_date": "meeting.held", "venue": "meeting.venue", "city": "meeting.city",
             "country": "meeting.city"},
        ),
        (
            "First Meeting of the Council Working Group on Child Online Protection\n"
            "Geneva, 17-18 March 2010\n1 Introduction\n1.1 The Group met.",
            {"number": "meeting.number.ordinal", "start_date": "meeting.place_date_line",
             "end_date": "meeting.place_date_line", "city": "meeting.place_date_line"},
        ),
    ],
)  # fmt: skip
def test_meetings_name_the_rules_that_read_them(text: str, rules: dict[str, str]) -> None:
    """The meeting's own sentence gives its date; else, the header's place-and-date line."""
    meetings, _ = extract_meetings(context(text))
    assert meetings[0].field_rules == rules
    assert set(meetings[0].field_rules) == set(meetings[0].field_spans)


_COUNCIL_COVER = (
    "Council 2024\nGeneva, 4-14 June 2024\t15 March 2024\nPL 1.6\tDocument C24/38-E\n"
    "OUTCOME OF THE TWENTY-FIRST MEETING OF THE COUNCIL WORKING GROUP ON CHILD ONLINE"
    " PROTECTION\n1 Introduction\n"
)


def test_the_one_meeting_named_without_its_number_gives_its_date_and_place() -> None:
    meetings, diagnostics = extract_meetings(
        context(
            _COUNCIL_COVER + "1.1 The meeting was held on 6 February 2024 at the ITU Headquarters"
            " in Geneva."
        )
    )
    assert [(m.number, m.start_date, m.end_date, m.venue, m.city) for m in meetings] == [
        (21, D(2024, 2, 6), D(2024, 2, 6), "ITU Headquarters", "Geneva")
    ]
    assert meetings[0].field_rules["start_date"] == "meeting.this_meeting"
    assert diagnostics == []


@pytest.mark.parametrize(
    "text",
    [
        _COUNCIL_COVER + "1.1 The Group met at the ITU Headquarters.",
        "Date: 12 May 2023\nDocument C23/45-E\n12 May 2023\nOUTCOME OF THE NINETEENTH MEETING"
        "\n1 Introduction\n1.1 The Group met at the ITU Headquarters.",
        # The Council session's line, glued to the cover's other cells in a one-line copy.
        "Council 2024 Geneva, 4-14 June 2024 15 March 2024 PL 1.6 Document C24/38-E OUTCOME OF"
        " THE TWENTY-FIRST MEETING 1 Introduction 1.1 The Group met at the ITU Headquarters.",
    ],
)
def test_regression_the_council_session_and_cover_dates_are_never_the_meetings(
    text: str,
) -> None:
    """A Council cover's "Geneva, 4-14 June 2024" became the meeting's dates."""
    meetings, diagnostics = extract_meetings(context(text))
    assert [(m.start_date, m.end_date) for m in meetings] == [(None, None)]
    assert [d.code for d in diagnostics] == ["meeting-date-missing"]


def test_meeting_with_an_invalid_date_says_so() -> None:
    meetings, diagnostics = extract_meetings(
        context("1.1 The 13th meeting was held on 31 February 2016.")
    )
    assert meetings[0].start_date is None
    assert [d.code for d in diagnostics] == ["date-unreadable"]


def test_no_meeting_number_is_an_error() -> None:
    meetings, diagnostics = extract_meetings(context("1.1 The Group met in Geneva."))
    assert meetings == []
    assert [(d.code, d.severity.value) for d in diagnostics] == [
        ("meeting-number-missing", "error")
    ]


def test_header_and_body_disagree_on_the_meeting() -> None:
    text = "OUTCOME OF THE FOURTEENTH MEETING\n1 Intro\n1.1 The fifteenth meeting was held on 1 May 2018."
    meetings, diagnostics = extract_meetings(context(text))
    assert [m.number for m in meetings] == [14]
    assert "meeting-date-missing" in [d.code for d in diagnostics]


# --- chair, people, signature -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "1.1 The meeting was chaired by Dr. Sherif Hashem (Arab Republic of Egypt).",
            ("Sherif Hashem", "Dr", "Arab Republic of Egypt", "EGY", "chair"),
        ),
        ("1.1 It was chaired by Dr Sherif Hashem.", ("Sherif Hashem", "Dr", None, None, "chair")),
        (
            "1.1 The meeting was chaired by Ms Eugenia Devincenzi (Republic of Argentina),"
            " nominated Chair ad Hoc for the meeting.",
            ("Eugenia Devincenzi", "Ms", "Republic of Argentina", "ARG", "ad hoc chair"),
        ),
        (
            "1.1 The meeting was chaired by the Vice-Chair, Mr Ali Khan (Pakistan), in the"
            " absence of the Chair.",
            ("Ali Khan", "Mr", "Pakistan", "PAK", "vice-chair acting as chair"),
        ),
        (
            "1.1 The meeting met under the chairmanship of Ambassador Lena Berg (Sweden).",
            ("Lena Berg", "Ambassador", "Sweden", "SWE", "chair"),
        ),
    ],
)
def test_chair(text: str, expected: tuple[str, str, str | None, str | None, str]) -> None:
    ctx = context(text)
    chair, diagnostics = extract_chair(ctx, extract_people(ctx), extract_signature(ctx))
    assert chair is not None
    assert (chair.name, chair.honorific, chair.country, chair.country_code, chair.role) == expected
    assert diagnostics == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.1 The meeting was chaired by Dr John K. Mensah (Republic of Ghana).",
         ("John K. Mensah", "Dr", "GHA")),
        ("1.1 The meeting was chaired by Mr. Okafor (Nigeria).", ("Okafor", "Mr", "NGA")),
        ("1.1 It was chaired by Mr. Okafor. 1.2 Mr Emeka Okafor thanked the Group.",
         ("Emeka Okafor", "Mr", None)),
        ("1.1 It was chaired by H.E. Mr Ahmed ibn Rashid (United Arab Emirates).",
         ("Ahmed ibn Rashid", "H.E.", "ARE")),
        ("1.1 It was held under the chairmanship of Baroness Helen Ashworth (United Kingdom).",
         ("Helen Ashworth", "Baroness", "GBR")),
        ("1.1 Lord Hartwell chaired the meeting.", ("Hartwell", "Lord", None)),
        # A role word that is also an honorific, right before the name, is its honorific.
        ("1.1 The meeting was chaired by Ambassador Elena Petrova (Republic of Bulgaria).",
         ("Elena Petrova", "Ambassador", "BGR")),
        ("1.1 It was chaired by the Ambassador, Ms Elena Petrova (Bulgaria).",
         ("Elena Petrova", "Ms", "BGR")),
        ("1.1 It was chaired by Mr. Tomas Ferreira (Portuguese Republic).",
         ("Tomas Ferreira", "Mr", "PRT")),
    ],
)  # fmt: skip
def test_chair_named_by_surname_initials_titles_and_particles(
    text: str, expected: tuple[str, str, str | None]
) -> None:
    ctx = context(text)
    people = extract_people(ctx)
    chair, _ = extract_chair(ctx, people, extract_signature(ctx))
    assert chair is not None
    assert (chair.name, chair.honorific, chair.country_code) == expected
    assert [p.name for p in with_chair(people, chair)].count(chair.name) == 1
    assert ctx.text[chair.field_spans["name"].start : chair.field_spans["name"].end] == chair.name
    at = chair.field_spans["honorific"]
    assert ctx.text[at.start : at.end].rstrip(".") == (chair.honorific or "").rstrip(".")


def test_a_surname_alone_after_no_honorific_is_no_chair() -> None:
    ctx = context("1.1 The meeting was chaired by Okafor.")
    chair, _ = extract_chair(ctx, extract_people(ctx), extract_signature(ctx))
    assert chair is None


def test_chair_from_the_signature() -> None:
    ctx = context(
        "6 Outcomes\n6.1 Done.\n\nMs Ana Lopez (Republic of Chile)\nAd Hoc Chair, CWG-COP"
    )
    chair, _ = extract_chair(ctx, extract_people(ctx), extract_signature(ctx))
    assert chair is not None
    assert (chair.name, chair.country_code, chair.role) == ("Ana Lopez", "CHL", "ad hoc chair")


@pytest.mark.parametrize(
    ("text", "signature", "filled"),
    [
        # Finding 4: the chair read from the signature had no honorific and no country,
        # though the same person has both where the text names them.
        ("1.1 The meeting was opened by the Chairman, Ambassador Nguyễn Thị Lan (Socialist"
         " Republic of Viet Nam), who welcomed the participants.",
         "Nguyễn Thị Lan\nChairman, CWG-COP",
         ("Ambassador", "Socialist Republic of Viet Nam", "VNM")),
        ("1.1 The Group elected Mr Ole-Kristian Ødegård (Kingdom of Norway) as ad hoc Chair.",
         "Ole-Kristian Ødegård\nAd Hoc Chair, CWG-COP", ("Mr", "Kingdom of Norway", "NOR")),
        # The signature's own honorific stays; only the missing country is filled.
        ("1.1 The Group elected Mr Ole-Kristian Ødegård (Kingdom of Norway) as ad hoc Chair.",
         "Dr Ole-Kristian Ødegård\nAd Hoc Chair, CWG-COP", ("Dr", "Kingdom of Norway", "NOR")),
        # Another person, or the same name in another role, fills nothing.
        ("1.1 The Group thanked Ms Ana Ruiz (Kingdom of Spain).",
         "Nguyễn Thị Lan\nChairman, CWG-COP", (None, None, None)),
        ("1.1 Ms Ana Ruiz (Kingdom of Spain), Deputy Secretary-General, opened the meeting.",
         "Ana Ruiz\nChairman, CWG-COP", (None, None, None)),
    ],
)  # fmt: skip
def test_the_chair_from_the_signature_takes_what_it_lacks_from_the_same_person(
    text: str, signature: str, filled: tuple[str | None, str | None, str | None]
) -> None:
    ctx = _signed(text, signature)
    chair, _ = extract_chair(ctx, extract_people(ctx), extract_signature(ctx))
    assert chair is not None and chair.field_rules["name"] == "signature.name"
    assert (chair.honorific, chair.country, chair.country_code) == filled
    # Each filled value stands at its span.
    for field in ("honorific", "country"):
        if getattr(chair, field) and field in chair.field_spans:
            span = chair.field_spans[field]
            assert ctx.text[span.start : span.end] in (getattr(chair, field), "Dr")


def test_no_chair_is_diagnosed() -> None:
    ctx = context("1.1 The Group met.")
    chair, diagnostics = extract_chair(ctx, extract_people(ctx), extract_signature(ctx))
    assert chair is None and [d.code for d in diagnostics] == ["chair-missing"]


def test_chair_and_signature_disagree() -> None:
    ctx = context("1.1 It was chaired by Dr Sherif Hashem.\n\nMr Ali Khan\nChairman, CWG-COP")
    _, diagnostics = extract_chair(ctx, extract_people(ctx), extract_signature(ctx))
    assert [d.code for d in diagnostics] == ["chair-signature-mismatch"]


def _signed(text: str, signature: str) -> ExtractContext:
    """A context whose segmentation cut ``signature`` (the last lines of ``text``) off."""
    ctx = context(f"{text}\n\n{signature}")
    start = ctx.text.rindex(signature)
    seg = dataclasses.replace(ctx.seg, signature=ctx.loc.span(start, len(ctx.text)))
    return dataclasses.replace(ctx, seg=seg)


def test_name_particles_come_from_the_lexicon_everywhere() -> None:
    """ "Mr Jan van der Berg (Netherlands)" gave no chair: two particle lists had drifted."""
    for sentence in (
        "1.1 Mr Jan van der Berg (Netherlands) chaired the meeting.",
        "1.1 The meeting was chaired by Mr Jan van der Berg (Netherlands).",
    ):
        ctx = context(sentence)
        chair, _ = extract_chair(ctx, extract_people(ctx), extract_signature(ctx))
        assert chair is not None
        assert (chair.name, chair.country_code) == ("Jan van der Berg", "NLD"), sentence
    ctx = _signed("1.1 The Group met.", "Mr Jan van der Berg (Netherlands)\nChair, CWG-COP")
    signature = extract_signature(ctx)
    assert signature is not None
    assert (signature.name, signature.country, signature.title) == (
        "Jan van der Berg", "Netherlands", "Chair, CWG-COP",
    )  # fmt: skip
    chair, _ = extract_chair(ctx, extract_people(ctx), signature)
    assert chair is not None and chair.name == "Jan van der Berg"
    assert chair.field_rules["name"] == "signature.name"


def test_regression_chair_name_ran_on_into_lower_case_words() -> None:
    for text, name in (
        ("1.1 The meeting was chaired by Dr Sherif Hashem who opened it.", "Sherif Hashem"),
        ("1.1 It was chaired by Mr Jan van der Berg with help from the Secretariat.",
         "Jan van der Berg"),
    ):  # fmt: skip
        ctx = context(text)
        chair, _ = extract_chair(ctx, extract_people(ctx), extract_signature(ctx))
        assert chair is not None and chair.name == name


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("2.1 Ms Doreen Martin, Director of the BDT, spoke.", "bdt director"),
        ("2.1 Mr Chaesub Lee, Director of TSB, spoke.", "tsb director"),
        ("2.1 Ms Ana Lopez, Vicechairman of the Group, spoke.", "vice-chair"),
        ("2.1 Mr Ali Khan, Chairwoman ad hoc, spoke.", "ad hoc chair"),
        ("2.1 Ms Lena Berg, Head of the Policy Unit, spoke.", "head of the policy unit"),
    ],
)
def test_regression_role_spellings_map_to_one_role(text: str, role: str) -> None:
    """ "Director of the BDT" was kept as "director of the bdt", "Vicechairman" as written."""
    assert [p.role for p in extract_people(context(text))] == [role]


def test_regression_an_ad_hoc_chair_signing_with_a_hyphen_is_ad_hoc() -> None:
    ctx = _signed("1.1 The Group met.", "Ms Ana Lopez (Republic of Chile)\nAd-Hoc Chair, CWG-COP")
    chair, _ = extract_chair(ctx, extract_people(ctx), extract_signature(ctx))
    assert chair is not None and chair.role == "ad hoc chair"


@pytest.mark.parametrize(
    ("text", "signature", "name", "rule"),
    [
        ("1.1 It was chaired by Dr Sherif Hashem. Dr Ali Khan, the Chairman, spoke.",
         "Mr Jan Berg\nChairman, CWG-COP", "Sherif Hashem", "chair.chaired_by"),
        ("1.1 Dr Ali Khan, the Chairman, spoke.", "Mr Jan Berg\nChairman, CWG-COP",
         "Jan Berg", "signature.name"),
        ("1.1 Dr Ali Khan, the Chairman, spoke.", "Mr Jan Berg\nSecretariat, CWG-COP",
         "Ali Khan", "people.mention"),
    ],
)  # fmt: skip
def test_the_chair_comes_from_the_sentence_then_the_signature_then_a_role(
    text: str, signature: str, name: str, rule: str
) -> None:
    ctx = _signed(text, signature)
    chair, _ = extract_chair(ctx, extract_people(ctx), extract_signature(ctx))
    assert chair is not None and (chair.name, chair.field_rules["name"]) == (name, rule)


def test_people_chair_and_signature_name_the_rules_that_read_them() -> None:
    ctx = _signed(
        "1.1 The meeting was chaired by the Vice-Chair, Mr Ali Khan (Pakistan).\n"
        "2.1 Mr. Malcolm Johnson, the Deputy Secretary-General of ITU, opened it.",
        "Ms Ana Lopez (Republic of Chile)\nVice-Chair, CWG-COP",
    )
    people = extract_people(ctx)
    signature = extract_signature(ctx)
    chair, _ = extract_chair(ctx, people, signature)
    assert chair is not None and signature is not None
    assert chair.field_rules == {
        "name": "chair.chaired_by", "honorific": "chair.chaired_by", "country": "chair.chaired_by",
        "country_code": "chair.chaired_by", "role": "chair.role.vice",
    }  # fmt: skip
    johnson = people[-1]
    assert johnson.field_rules == {
        "name": "people.mention", "honorific": "people.mention",
        "role": "people.role_after", "organization": "people.role_after",
    }  # fmt: skip
    assert signature.field_rules == {
        "name": "signature.name", "honorific": "signature.name", "country": "signature.name",
        "title": "signature.title",
    }  # fmt: skip
    items: list[Chair | Signature | Person] = [chair, signature, *with_chair(people, chair)]
    for item in items:
        assert set(item.field_rules) == set(item.field_spans), item


def test_people_with_roles_and_surname_mentions() -> None:
    text = (
        "2.1 Mr. Malcolm Johnson, the Deputy Secretary-General of ITU, opened the meeting and,"
        " apologizing for the absence of the Chair, Dr. Sherif Hashem, welcomed the Vice Chair,"
        " Ambassador Elayne Whyte Gomez. Mr Johnson thanked her.\n2.2 Ms Doreen Martin,"
        " Director of BDT, spoke."
    )
    people = extract_people(context(text))
    assert [(p.name, p.honorific, p.role, p.organization, p.absent) for p in people] == [
        ("Malcolm Johnson", "Mr", "deputy secretary-general", "ITU", False),
        ("Sherif Hashem", "Dr", "chair", None, True),
        ("Elayne Whyte Gomez", "Ambassador", "vice-chair", None, False),
        ("Doreen Martin", "Ms", "bdt director", None, False),
    ]
    assert len(people[0].mentions) == 2


def test_absent_is_read_before_the_name_and_right_after_it() -> None:
    text = (
        "1.2 The Vice-Chair, Ms María de la Cruz (Kingdom of Spain), was absent. Mr Ali Khan"
        " (Pakistan) could not attend. Dr Lena Berg noted the absence of the Secretariat's"
        " staff. Ms Ana Ruiz, who sent her apologies, will report in writing."
    )
    people = extract_people(context(text))
    assert [(p.name, p.absent) for p in people] == [
        ("María de la Cruz", True),
        ("Ali Khan", True),
        ("Lena Berg", False),  # the absence she noted is someone else's
        ("Ana Ruiz", True),
    ]


def test_regression_absence_said_after_one_name_is_not_said_of_the_next() -> None:
    # "was absent" after Ms Nasser stood within reach before Mr Ruiz and made him absent too.
    text = (
        "1.3 The Vice-Chair, Ms Leila Nasser (Lebanese Republic), was absent, and Mr Diego Ruiz"
        " (Argentine Republic) assisted the Chair. Mr Paul Okonkwo (Nigeria), Ms Jane Smith"
        " (Kenya) was absent, and Mr Lee Park (Republic of Korea) attended. In the absence of"
        " Dr Lena Berg, who sent her apologies, Mr Ali Khan spoke."
    )
    people = extract_people(context(text))
    assert [(p.name, p.absent) for p in people] == [
        ("Leila Nasser", True),
        ("Diego Ruiz", False),
        ("Paul Okonkwo", False),
        ("Jane Smith", True),
        ("Lee Park", False),
        ("Lena Berg", True),
        ("Ali Khan", False),
    ]


def test_regression_who_stands_in_for_an_absent_chair_is_not_absent() -> None:
    # Any absence word within reach before a name made its person absent: the Vice-Chair who
    # chaired "in the absence of the Chair" was recorded as absent.
    text = (
        "1.2 In the absence of the Chair, the Vice-Chair, Mr Ali Khan (Pakistan), chaired the"
        " meeting. Apologies were received from Mr Tom Berg."
    )
    people = extract_people(context(text))
    assert [(p.name, p.role, p.absent) for p in people] == [
        ("Ali Khan", "vice-chair", False),
        ("Tom Berg", None, True),
    ]


def test_absence_said_after_a_list_of_names_is_said_of_each() -> None:
    text = (
        "1.3 Mr Tomasz Nowak (Republic of Poland), Mr Ivo Horvat and Ms Grace Mwangi were"
        " absent. Mr Lee Park and Ms Eva Lind attended."
    )
    people = extract_people(context(text))
    assert [(p.name, p.absent) for p in people] == [
        ("Tomasz Nowak", True),
        ("Ivo Horvat", True),
        ("Grace Mwangi", True),
        ("Lee Park", False),
        ("Eva Lind", False),
    ]


def test_people_by_surname_initials_titles_and_particles_in_running_text() -> None:
    text = (
        "1.3 Mr. Okafor delivered the opening remarks. 1.4 Baroness Helen Ashworth (United"
        " Kingdom) and H.E. Mr Ahmed ibn Rashid (United Arab Emirates) spoke, and Dr John K."
        " Mensah thanked Lady Amara Whitfield. 1.5 Mr Okafor closed the session. Mr. K. agreed."
    )
    people = extract_people(context(text))
    assert [(p.name, p.honorific, p.country_code, len(p.mentions)) for p in people] == [
        ("Okafor", "Mr", None, 2),
        ("Helen Ashworth", "Baroness", "GBR", 1),
        ("Ahmed ibn Rashid", "H.E.", "ARE", 1),
        ("John K. Mensah", "Dr", None, 1),
        ("Amara Whitfield", "Lady", None, 1),
    ]


def test_a_surname_alone_joins_the_full_name_said_later() -> None:
    people = extract_people(context("1.1 Mr Okafor spoke. 1.2 Mr Emeka Okafor (Nigeria) replied."))
    assert [(p.name, p.country_code, len(p.mentions)) for p in people] == [
        ("Emeka Okafor", "NGA", 2)
    ]


@pytest.mark.parametrize(
    ("signature", "name", "honorific"),
    [
        ("Dr John K. Mensah (Republic of Ghana)\nChairman, CWG-COP", "John K. Mensah", "Dr"),
        ("Mr Okafor\nChairman, CWG-COP", "Okafor", "Mr"),
        ("H.E. Mr Ahmed ibn Rashid\nChair, CWG-COP", "Ahmed ibn Rashid", "H.E."),
        ("Lady Amara Whitfield\nChairperson, CWG-COP", "Amara Whitfield", "Lady"),
    ],
)
def test_signature_by_surname_initials_titles_and_particles(
    signature: str, name: str, honorific: str
) -> None:
    ctx = context(f"4 Outcomes\n4.1 The Group agreed.\n\n{signature}")
    found = extract_signature(ctx)
    assert found is not None and (found.name, found.honorific) == (name, honorific)


def test_names_are_kept_as_written() -> None:
    people = extract_people(context("2.1 Mr Malcom Johnson spoke. 2.2 Mr Malcolm Johnson replied."))
    assert [p.name for p in people] == ["Malcom Johnson", "Malcolm Johnson"]


# --- participants -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count", "qualifier", "modes", "groups"),
    [
        (
            "1.1 Approximately 100 participants, representing governments, private sector, civil"
            " society, academia, international and intergovernmental organizations, participated"
            " both physically and remotely in the meeting.",
            100, "approximately", ["in_person", "remote"],
            ["governments", "private sector", "civil society", "academia",
             "international organizations", "intergovernmental organizations"],
        ),
        (
            "1.1 Around 60 delegates, representing ITU Member States and Sector Members, attended.",
            60, "around", [], ["ITU Member States", "Sector Members"],
        ),
        (
            "1.1 Around 80 delegates, representing Member States, as well as individual experts,"
            " took part.",
            80, "around", [], ["Member States", "individual experts"],
        ),
        ("1.1 Approximately100 participants took part online.", 100, "approximately", ["remote"], []),
        ("1.1 Over 70 participants attended in person.", 70, "over", ["in_person"], []),
        ("1.1 Sixty delegates attended.", 60, "exact", [], []),
        ("1.1 The meeting was attended by 45 in-person participants.", 45, "exact",
         ["in_person"], []),
        ("1.1 Some 30 on-site delegates and 60 remote participants, representing governments and"
         " academia, took part.", 90, "some", ["in_person", "remote"], ["governments", "academia"]),
        ("1.1 Forty physical participants and twenty virtual participants attended.", 60, "exact",
         ["in_person", "remote"], []),
        # Two counts of one mode, or of no mode, are not added: the first is the count.
        ("1.1 30 on-site delegates and 60 on-site experts attended.", 30, "exact", ["in_person"],
         []),
        ("1.1 30 delegates and 60 remote participants attended.", 30, "exact", ["remote"], []),
    ],
)  # fmt: skip
def test_participants(
    text: str, count: int, qualifier: str, modes: list[str], groups: list[str]
) -> None:
    p = extract_participants(context(text))
    assert p is not None
    assert (p.count, p.qualifier, [m.value for m in p.modes], p.groups) == (
        count, qualifier, modes, groups,
    )  # fmt: skip
    assert all(isinstance(m, ParticipationMode) for m in p.modes)


def test_regression_online_in_the_groups_name_is_no_participation_mode() -> None:
    p = extract_participants(
        context(
            "1.1 Around 60 delegates of the Council Working Group on Child Online Protection"
            " attended in person."
        )
    )
    assert p is not None and p.modes == [ParticipationMode.IN_PERSON]
    p = extract_participants(
        context("1.1 Around 60 delegates attended the Child Online Protection meeting online.")
    )
    assert p is not None and p.modes == [ParticipationMode.REMOTE]
    # A removed line break glues the name to the word before: still the name, still no mode.
    p = extract_participants(
        context(
            "The seventh meeting of the Working Group onChild Online Protection (WG-CP) was held"
            " in Geneva.Around 70 delegates attended the meeting."
        )
    )
    assert p is not None and p.count == 70 and p.modes == []


@pytest.mark.parametrize(
    ("text", "modes"),
    [
        ("1.2 The meeting was held in a hybrid format.", ["in_person", "remote"]),
        ("1.2 Delegates attended both in the room and online.", ["in_person", "remote"]),
        ("1.2 Delegates who could not travel to Geneva participated remotely.", ["remote"]),
        # The next meeting's format says nothing of this one's.
        ("4.1 The Group agreed that its next meeting will be held in a hybrid format.", None),
        ("3.3 The Youth Online Consultation, in which young people took part, was presented.",
         None),
        ("1.2 Delegates of the Working Group on Child Online Protection attended.", None),
        # One-line text: the group's name is still no mode.
        ("1 Introduction 1.1 The nineteenth meeting of the Council Working Group on Child Online"
         " Protection was held on 14 March 2023. 1.2 Delegates attended the Council Working Group"
         " on Child Online Protection in person. 2 Agenda 2.1 Adopted.", ["in_person"]),
        # Line breaks removed with nothing in their place glue the name to the word before.
        ("The seventh meeting of the Working GroupChild Online Protection was held in Geneva."
         "Delegates attended the meeting ofChild Online Protection.", None),
        ("The meeting of the Working Group onChild Online Protection was held. Delegates"
         " attended the Working Group onChild Online Protection in person.", ["in_person"]),
    ],
)  # fmt: skip
def test_participation_modes_without_a_count(text: str, modes: list[str] | None) -> None:
    p = extract_participants(context(text))
    if modes is None:
        assert p is None
    else:
        assert p is not None
        assert (p.count, p.qualifier, [m.value for m in p.modes]) == (None, None, modes)


def test_a_count_for_each_mode_names_its_rule_and_spans_both_numbers() -> None:
    text = "1.1 Approximately 30 on-site delegates and 60 remote participants took part."
    ctx = context(text)
    p = extract_participants(ctx)
    assert p is not None and p.unit == "participants"
    assert p.field_rules["count"] == "attendance.count.by_mode"
    span = p.field_spans["count"]
    assert ctx.text[span.start : span.end] == "30 on-site delegates and 60"


def test_participants_name_the_rules_that_read_them() -> None:
    p = extract_participants(
        context("1.1 Around 80 delegates, representing Member States, as well as experts, met.")
    )
    assert p is not None
    assert p.field_rules == {
        "count": "attendance.count",
        "qualifier": "attendance.count",
        "groups": "attendance.groups",
    }
    assert set(p.field_rules) == set(p.field_spans)


def test_split_groups_shares_only_collective_heads() -> None:
    assert split_groups("academia and civil society") == ["academia", "civil society"]
    assert split_groups("public and private sectors") == ["public sectors", "private sectors"]


# --- resolutions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2009 ITU Council Resolution 1306", [("Council", "1306", None, 2009)]),
        ("Resolution 1306 (Council 2009)", [("Council", "1306", None, 2009)]),
        ("ITU 2010 Council Resolution 1306", [("Council", "1306", None, 2010)]),
        (
            "ITU Plenipotentiary Resolution 179 (Rev. Busan, 2014)",
            [("Plenipotentiary", "179", "Busan, 2014", 2014)],
        ),
        ("PP Resolution 179 (Rev. Dubai, 2018)", [("Plenipotentiary", "179", "Dubai, 2018", 2018)]),
        (
            "Resolution 179 (Rev. Dubai, 2018) and Resolution 1306; again Resolution 1306.",
            [("Plenipotentiary", "179", "Dubai, 2018", 2018), ("Council", "1306", None, None)],
        ),
        ("Resolution 45 of some other body", []),
        ("WTDC Resolution 67 (Rev. Kigali, 2022)", [("WTDC", "67", "Kigali, 2022", 2022)]),
        ("WTSA Resolution 2 (Rev. Geneva, 2022)", [("WTSA", "2", "Geneva, 2022", 2022)]),
        ("Resolution 2 (Rev. Geneva, 2022) of the WTSA", [("WTSA", "2", "Geneva, 2022", 2022)]),
        # A conference's year in two figures after its body gives the year, as a revision's
        # does; no revision (no place is written).
        ("WTDC-17 Resolution 67", [("WTDC", "67", None, 2017)]),
        ("PP-18 Resolution 179", [("Plenipotentiary", "179", None, 2018)]),
        ("WTDC-22 Resolution 37", [("WTDC", "37", None, 2022)]),
        (
            "PP-18 Resolution 179 and Resolution 179 (Rev. Dubai, 2018)",
            [("Plenipotentiary", "179", "Dubai, 2018", 2018)],
        ),
        (
            "Resolution 67 (Rev. Kigali, 2022) of the World Telecommunication Development"
            " Conference",
            [("WTDC", "67", "Kigali, 2022", 2022)],
        ),
        (
            "RA Resolution 69 and Resolution ITU-R 70 (Rev. Sharm el-Sheikh, 2019)",
            [
                ("Radiocommunication Assembly", "69", None, None),
                ("Radiocommunication Assembly", "70", "Sharm el-Sheikh, 2019", 2019),
            ],
        ),
        ("the para Resolution 45", []),  # "ra" inside a word is not the Radiocommunication Assembly
        ("Extra Resolution 45 and PPP Resolution 3", []),
    ],
)
def test_resolutions(text: str, expected: list[tuple[str, str, str | None, int | None]]) -> None:
    found = extract_resolutions(context(f"1.1 {text}"))
    assert [(r.body.value, r.number, r.revision, r.year) for r in found] == expected
    assert all(isinstance(r.body, ResolutionBody) for r in found)


def test_resolution_fields_name_the_rule_that_read_them() -> None:
    text = "1.1 PP Resolution 179 (Rev. Dubai, 2018), Resolution 1306 (Council 2009), 2010 Resolution 1306."
    pp, council = extract_resolutions(context(text))
    assert pp.field_rules == {
        "number": "resolution.citation", "body": "resolution.citation",
        "revision": "resolution.revision", "year": "resolution.revision",
    }  # fmt: skip
    assert council.field_rules == {
        "number": "resolution.citation",
        "year": "resolution.council_year",
    }
    for r in (pp, council):
        assert r.field_rules.keys() == r.field_spans.keys()


# --- agenda -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "adopted", "as_drafted", "amendments"),
    [
        ("3 Adoption of the agenda\n3.1 The Agenda was adopted as drafted.", True, True, []),
        ("2 Agenda\n2.1 The agenda was approved without changes.", True, True, []),
        (
            "2 Adoption of the agenda\n2.1 The agenda was adopted with the following amendments:\n"
            "- item 5 was moved to the end;\n- an item on youth was added.",
            True, False, ["item 5 was moved to the end;", "an item on youth was added."],
        ),
        (
            "2 Agenda\n2.1 Following the contribution received from the USA, one additional item"
            " was added to the agenda, which was then adopted.",
            True, False,
            ["Following the contribution received from the USA, one additional item was added to"
             " the agenda, which was then adopted."],
        ),
        ("2 Agenda\n2.1 The agenda was not adopted.", False, None, []),
        (
            "2 Agenda\n2.1 The draft agenda was adopted with the addition of an item on youth"
            " participation.",
            True, False, ["the addition of an item on youth participation"],
        ),
        (  # "as drafted" in the same sentence does not undo the addition
            "2 Agenda\n2.1 The draft agenda was adopted as drafted with the addition of an item"
            " on youth participation.",
            True, False, ["the addition of an item on youth participation"],
        ),
        (  # what future meetings' agendas should hold is neither adoption nor amendment
            "1.3 The Group agreed that the agenda of future meetings would include an additional"
            " item on youth participation.\n2 Agenda\n2.1 The agenda was adopted as presented.",
            True, True, [],
        ),
        (
            "4 Outcomes\n4.1 The Group agreed that the agenda of its next meeting should include"
            " an item on age assurance.",
            None, None, [],
        ),
        (
            "2 Adoption of the agenda\n2.1 The agenda was adopted as drafted.\n2.2 The Group"
            " agreed that the next meeting's agenda would include an additional item on games.",
            True, True, [],
        ),
        (  # in the agenda's section, a sentence on what future meetings would hold
            "2 Adoption of the agenda\n2.1 The agenda was adopted as drafted.\n2.2 The Group"
            " agreed that future meetings would include an additional item on games.",
            True, True, [],
        ),
        (  # ... but a change of this agenda that mentions the next meeting is one
            "2 Adoption of the agenda\n2.1 It was adopted with one additional item, on the"
            " preparation of the next meeting.",
            True, False,
            ["It was adopted with one additional item, on the preparation of the next meeting."],
        ),
        ("2 Discussions\n2.1 Nothing about it.", None, None, []),
    ],
)  # fmt: skip
def test_agenda(
    text: str, adopted: bool | None, as_drafted: bool | None, amendments: list[str]
) -> None:
    a, _ = extract_agenda(context(text))
    assert (a.adopted, a.as_drafted, a.amendments) == (adopted, as_drafted, amendments)


# A report with no numbered body: its cover block runs to the end, and its sentences are read.
_UNNUMBERED_HEAD = (
    "SUMMARY OF THE 5th MEETING OF THE WORKING GROUP ON CHILD ONLINE PROTECTION\n\n"
    "Document: WG-CP/5/9\nDate: 2nd May 2012\n\n"
    "The 5th meeting of the WG-CP took place in Geneva from 19 to 20 April 2012, chaired by"
    " Mr Omar Haddad (Kingdom of Morocco).\n\n"
)


@pytest.mark.parametrize(
    ("body", "adopted", "as_drafted"),
    [
        ("The draft agenda was adopted as drafted.\n", True, True),
        (  # the agenda's code in brackets: the sentence stays whole (no cover field opens there)
            "The agenda (Document WG-CP/5/1) was adopted. The Group recalled the report of its"
            " fourth meeting (Document WG-CP/4/11).\n",
            True, None,
        ),
        ("Around 40 delegates attended.\n", None, None),
        (
            "The Group agreed that the agenda of its next meeting should include an item on"
            " age assurance.\n",
            None, None,
        ),
    ],
)  # fmt: skip
def test_agenda_of_a_report_with_no_numbered_body(
    body: str, adopted: bool | None, as_drafted: bool | None
) -> None:
    ctx = context(_UNNUMBERED_HEAD + body)
    assert ctx.header_end == len(ctx.text)  # all cover block, as the segmenter sees it
    a, _ = extract_agenda(ctx)
    assert (a.adopted, a.as_drafted, a.amendments) == (adopted, as_drafted, [])
    if adopted:
        assert a.span is not None
        said = body.split(". The Group")[0].rstrip("\n.") + "."  # the adoption's sentence
        assert ctx.text[a.span.start : a.span.end] == said


def test_two_agendas_adopted_are_held_together_and_said_so() -> None:
    text = (
        "2 Eighth meeting\n2.1 The agenda was adopted as presented.\n"
        "3 Ninth meeting\n3.1 The agenda was adopted with the following amendment: the item on"
        " the online consultation was taken first.\n"
    )
    ctx = context(text)
    agenda, found = extract_agenda(ctx)
    assert (agenda.adopted, agenda.as_drafted) == (True, False)
    assert agenda.amendments == ["the item on the online consultation was taken first."]
    assert [d.code for d in found] == ["agenda-several"]
    assert found[0].span is not None
    assert ctx.text[found[0].span.start : found[0].span.end].startswith(
        "The agenda was adopted with"
    )
    # One section that says it twice is one adoption.
    _, once = extract_agenda(
        context("2 Agenda\n2.1 The agenda was adopted. It was adopted as drafted.\n")
    )
    assert once == []


# --- contributions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "code", "revision", "submitter", "kind", "title"),
    [
        ("· WG-CP/13/2: Contribution from RUSSIA: How to Make Internet Safer for Children",
         "WG-CP/13/2", None, "RUSSIA", "member_state", "How to Make Internet Safer for Children"),
        ("· WG-CP/13/3:\u00a0Contribution from\u00a0ONAT:\u00a0Regional initiative",
         "WG-CP/13/3", None, "ONAT", "organization", "Regional initiative"),
        ("· WG-CP/13/6\u00a0: Updates on the results of the Online Consultation",
         "WG-CP/13/6", None, None, "secretariat", "Updates on the results of the Online Consultation"),
        ("• CWG-COP/17/3(Rev.1): Contribution by the Secretariat: Work plan",
         "CWG-COP/17/3", 1, "Secretariat", "secretariat", "Work plan"),
        ("- WG-CP/1/16 Rev.1: Contribution from the Chairman: Draft report",
         "WG-CP/1/16", 1, "Chairman", "chair", "Draft report"),
        ("– WGCP/1/3: Contribution from Brazil", "WG-CP/1/3", None, "Brazil", "member_state", None),
        ("CWG-COP/14/2\tNorway\tOnline safety in primary education",
         "CWG-COP/14/2", None, "Norway", "member_state", "Online safety in primary education"),
        ("· WG-CP/2/4: Egypt: National strategy", "WG-CP/2/4", None, "Egypt", "member_state", "National strategy"),
        ("· WG-CP/2/5: National strategy (Egypt)", "WG-CP/2/5", None, "Egypt", "member_state", "National strategy"),
        ("· WG-CP/2/6: Contribution from Egypt and Saudi Arabia: Joint views",
         "WG-CP/2/6", None, "Egypt and Saudi Arabia", "member_state", "Joint views"),
        ("–\tCWG-COP/13/2, submitted by the Republic of Indonesia: Child online protection in"
         " rural schools", "CWG-COP/13/2", None, "Republic of Indonesia", "member_state",
         "Child online protection in rural schools"),
        ("–\tCWG-COP/13/3, submitted by Kaspersky Lab: Threat landscape for young users",
         "CWG-COP/13/3", None, "Kaspersky Lab", "organization", "Threat landscape for young users"),
        ("–\tCWG-COP/13/4, submitted by the Secretariat: Outcomes of WTDC-17",
         "CWG-COP/13/4", None, "Secretariat", "secretariat", "Outcomes of WTDC-17"),
        # A submitter the parser does not read, after a comma: not the Secretariat's.
        ("· CWG-COP/13/5: Threat landscape, submitted by Kaspersky Lab", "CWG-COP/13/5", None,
         None, "unknown", "Threat landscape, submitted by Kaspersky Lab"),
        ("· CWG-COP/13/6: Safer schools, from policy to practice", "CWG-COP/13/6", None,
         None, "secretariat", "Safer schools, from policy to practice"),
    ],
)  # fmt: skip
def test_listed_contributions(
    line: str, code: str, revision: int | None, submitter: str | None, kind: str, title: str | None
) -> None:
    found = extract_contributions(context(f"4 Contributions\n{line}"))
    assert len(found) == 1
    c = found[0]
    assert (c.code, c.revision, c.submitter, c.submitter_kind.value, c.title) == (
        code, revision, submitter, kind, title,
    )  # fmt: skip
    assert c.listed


@pytest.mark.parametrize(
    "line",
    [
        "3.1\tCWG-COP/18/2 (Kingdom of Saudi Arabia): Protecting children in online gaming",
        "3.1 CWG-COP/18/2 (Kingdom of Saudi Arabia): Protecting children in online gaming",
        "3.1.\tCWG-COP/18/2 (Kingdom of Saudi Arabia): Protecting children in online gaming",
        "3.1CWG-COP/18/2 (Kingdom of Saudi Arabia): Protecting children in online gaming",
    ],
)
def test_listed_item_carrying_a_paragraph_number(line: str) -> None:
    text = f"3 Documents\n{line}\n4 Discussion\n4.1 Saudi Arabia presented its contribution.\n"
    (c,) = extract_contributions(context(text))
    assert (c.listed, c.submitter, c.country_code, c.title, c.discussed_in) == (
        True, "Kingdom of Saudi Arabia", "SAU", "Protecting children in online gaming", ["4.1"],
    )  # fmt: skip


def test_an_abbreviations_full_stop_stays_a_sentences_goes() -> None:
    text = (
        "3 Contributions\n"
        "CWG-COP/17/2\tMeta Platforms, Inc.\tTeen accounts: one year on\n"
        "CWG-COP/17/3\tOrange S.A.\tConnected toys\n"
        "CWG-COP/17/4\teco e.V.\tHotlines in Germany.\n"
        "CWG-COP/17/5\tKingdom of Spain.\tSafer schools in Lincoln.\n"
        "CWG-COP/17/6: Contribution from Acme Telecom Ltd.: Annex A.\n"
        "4 Discussion\n4.1 Orange S.A. presented its contribution on connected toys.\n"
    )
    found = {c.code: c for c in extract_contributions(context(text))}
    assert [(c.submitter, c.title) for c in found.values()] == [
        ("Meta Platforms, Inc.", "Teen accounts: one year on"),
        ("Orange S.A.", "Connected toys"),
        ("eco e.V.", "Hotlines in Germany"),
        ("Kingdom of Spain", "Safer schools in Lincoln"),
        ("Acme Telecom Ltd.", "Annex A"),
    ]
    assert found["CWG-COP/17/3"].discussed_in == ["4.1"]
    for c in found.values():  # each value is what its span holds
        for key in ("submitter", "title"):
            span = c.field_spans[key]
            assert text[span.start : span.end] == getattr(c, key)


def test_document_lines_under_a_contributions_line_of_an_unnumbered_report() -> None:
    text = (
        "The agenda (Document WG-CP/7/1) was adopted. The Group recalled the report of its"
        " sixth meeting (Document WG-CP/6/15).\nContributions\n"
        "Document WG-CP/7/3 (Kingdom of Sweden): Parental controls in practice\n"
        "Document WG-CP/7/4 (Child Helpline International): Helplines and reporting\n"
        "Sweden presented Document WG-CP/7/3 and answered questions.\n"
    )
    found = {c.code: c for c in extract_contributions(context(text))}
    assert [(c.listed, c.submitter, c.title) for c in found.values() if c.listed] == [
        (True, "Kingdom of Sweden", "Parental controls in practice"),
        (True, "Child Helpline International", "Helplines and reporting"),
    ]


def test_a_paragraph_number_is_no_lead_in_running_text() -> None:
    text = "3 Documents\n3.1 Kenya noted CWG-COP/18/2 (Brazil): a plan.\n"
    (c,) = extract_contributions(context(text))
    assert not c.listed


def test_contributions_in_running_text_only() -> None:
    text = (
        "3 Discussions\n3.1 The delegation of the United States of America presented document"
        " WG-CP/11/2 on self-regulation.\n3.2 Document WG-CP/11/4 from the Secretariat was noted."
        "\n3.3 A stray colon: (WG-CP/11/5:) was mentioned."
    )
    found = extract_contributions(context(text))
    assert [(c.code, c.submitter, c.submitter_kind, c.listed, c.discussed_in) for c in found] == [
        ("WG-CP/11/2", "United States of America", SubmitterKind.MEMBER_STATE, False, ["3.1"]),
        ("WG-CP/11/4", "Secretariat", SubmitterKind.SECRETARIAT, False, ["3.2"]),
        ("WG-CP/11/5", None, SubmitterKind.UNKNOWN, False, ["3.3"]),
    ]


def test_a_paragraph_that_opens_with_its_code_and_a_verb_is_running_text() -> None:
    text = (
        "3 Contributions\n"
        '3.1 Document CWG-COP/12/2, submitted by Trend Micro, "Protecting children on social'
        ' networks", was presented by Ms Akiko Tanaka-Smith.\n'
        '3.2 Document CWG-COP/12/3, submitted by the State of Kuwait, "National COP strategy'
        ' 2016-2020", was presented by the delegation of Kuwait.\n'
        "3.3 CWG-COP/12/4, from the Secretariat, reported on the implementation of WTDC"
        " Resolution 67.\n"
        "3.4 CWG-COP/12/5 was noted.\n"
        # Not sentences: list items, whatever their submitter's slot.
        "3.5 CWG-COP/12/6, submitted by Kaspersky Lab: Threat landscape for young users\n"
        "3.6 CWG-COP/12/7 Submitted by the Secretariat: Annual report\n"
        "3.7 CWG-COP/12/8 – Acme Telecom – Parental tools\n"
    )
    found = {c.code: c for c in extract_contributions(context(text))}
    got = [(c.code, c.listed, c.submitter, c.submitter_kind.value, c.title) for c in found.values()]
    assert got == [
        ("CWG-COP/12/6", True, "Kaspersky Lab", "organization", "Threat landscape for young users"),
        ("CWG-COP/12/7", True, "Secretariat", "secretariat", "Annual report"),
        ("CWG-COP/12/8", True, "Acme Telecom", "organization", "Parental tools"),
        ("CWG-COP/12/2", False, "Trend Micro", "organization",
         "Protecting children on social networks"),
        ("CWG-COP/12/3", False, "State of Kuwait", "member_state", "National COP strategy 2016-2020"),
        ("CWG-COP/12/4", False, "Secretariat", "secretariat", None),
        ("CWG-COP/12/5", False, None, "unknown", None),
    ]  # fmt: skip
    assert found["CWG-COP/12/2"].discussed_in == ["3.1"]
    for c in found.values():  # each value is what its span holds
        for key in ("submitter", "title"):
            if getattr(c, key) is not None:
                span = c.field_spans[key]
                assert text[span.start : span.end] == getattr(c, key)


def test_running_text_code_with_its_submitter_after_a_comma_or_its_quoted_title() -> None:
    text = (
        "3 Discussion\n3.1 The delegation of the Federative Republic of Brazil presented Document"
        ' WG-CP/2/4, "Safer Internet Day in Latin America". Document WG-CP/2/5, from the GSM'
        " Association, on mobile alliances against child abuse content, was presented by its"
        ' author. Kenya noted WG-CP/2/6, "we must act", and WG-CP/2/7, from the last meeting.\n'
    )
    found = {c.code: (c.submitter, c.title) for c in extract_contributions(context(text))}
    assert found == {
        "WG-CP/2/4": ("Federative Republic of Brazil", "Safer Internet Day in Latin America"),
        "WG-CP/2/5": ("GSM Association", None),
        "WG-CP/2/6": (None, None),
        "WG-CP/2/7": (None, None),
    }


def test_submitters_listed_each_before_its_code_in_running_text() -> None:
    text = (
        "Contributions were received from the Republic of Colombia (WG-CP/6/3), Japan"
        " (WG-CP/6/4) and ECPAT International (WG-CP/6/5). A further contribution, WG-CP/6/6"
        " from the Secretariat, was introduced late. Documents were received from Chile"
        " (WG-CP/6/7) on safety and Peru (WG-CP/6/8). Input received from the online"
        " consultation (WG-CP/6/9) was noted.\n"
    )
    found = {
        c.code: (c.submitter, c.submitter_kind.value) for c in extract_contributions(context(text))
    }
    assert found == {
        "WG-CP/6/3": ("Republic of Colombia", "member_state"),
        "WG-CP/6/4": ("Japan", "member_state"),
        "WG-CP/6/5": ("ECPAT International", "organization"),
        "WG-CP/6/6": ("Secretariat", "secretariat"),
        "WG-CP/6/7": ("Chile", "member_state"),
        "WG-CP/6/8": (None, "unknown"),  # the list is broken by "on safety": not read
        "WG-CP/6/9": (None, "unknown"),
    }


_BRACKET_ITEMS = (
    "COUNCIL WORKING GROUP ON CHILD ONLINE PROTECTION (CWG-COP)\n"
    "Seventeenth meeting – held virtually, 22 September 2021\n\n"
    "Document CWG-COP/17/9\nDate: 4 October 2021\nOriginal: English\n\n"
    "SUMMARY OF THE SEVENTEENTH MEETING\n\n"
    "1. Opening\n"
    "1.1. As the Chair and both Vice-Chairs were unable to attend, the Group elected Mr"
    " Ole-Kristian Ødegård (Kingdom of Norway) as ad hoc Chair for the meeting.\n"
    "1.2. A total of 143 participants attended the meeting remotely.\n"
    "1.3. Mr. Ødegård recalled PP Resolution 179 (Rev. Dubai, 2018) and WTSA Resolution 72"
    " (Rev. Hammamet, 2016).\n\n"
    "2. Agenda\n"
    "2.1. The draft agenda (CWG-COP/17/1) was adopted as amended to include an item on the"
    " pandemic's effect on children's screen time.\n\n"
    "3. Documents submitted\n"
    "1) CWG-COP/17/2 – Canada – Protecting children in remote learning\n"
    "2) CWG-COP/17/3 – Family Online Safety Institute – Parental tools survey 2021\n"
    "3) CWG-COP/17/4 – BDT – Update on COP Guidelines implementation\n\n"
    "4. Discussion\n"
    "4.1. Canada introduced CWG-COP/17/2 and answered questions from several delegations.\n"
    "4.2. The Group thanked the Family Online Safety Institute for its survey.\n\n"
    "5. Agreed actions\n"
    "5.1. The Secretariat was requested to circulate a questionnaire on remote learning before"
    " the next meeting.\n\n"
    "Ole-Kristian Ødegård\nAd Hoc Chair, CWG-COP\n"
)


# On one line a title runs on into the next item's number ("... learning 2)"), which is not
# the title's; with every break removed the number is glued to the title's last word, and
# nothing tells them apart ("survey3)"): that layout is left out.
@pytest.mark.parametrize(
    "layout", [None, "a_spaces_for_breaks", "c_numbers_alone_wrapped", "d_numbers_glued"]
)
def test_contribution_items_numbered_with_a_bracket(layout: str | None) -> None:
    text = LAYOUTS[layout](_BRACKET_ITEMS) if layout else _BRACKET_ITEMS
    found = [c for c in parse_text(text).contributions if c.listed]
    assert [(c.code, c.submitter, c.title) for c in found] == [
        ("CWG-COP/17/2", "Canada", "Protecting children in remote learning"),
        ("CWG-COP/17/3", "Family Online Safety Institute", "Parental tools survey 2021"),
        ("CWG-COP/17/4", "BDT", "Update on COP Guidelines implementation"),
    ]
    assert found[0].discussed_in == ["4.1"]
    lettered = (
        "3 Contributions\n(a) CWG-COP/17/2 – Canada – A plan\nb) CWG-COP/17/3: Annual report\n"
    )
    assert [(c.listed, c.submitter, c.title) for c in extract_contributions(context(lettered))] == [
        (True, "Canada", "A plan"),
        (True, None, "Annual report"),
    ]


def test_a_bracketed_number_that_opens_a_titles_own_bracket_stays() -> None:
    text = "3 Contributions\n1) CWG-COP/17/2 – Canada – Guidelines (part 2)\n"
    (c,) = extract_contributions(context(text))
    assert (c.listed, c.title) == (True, "Guidelines (part 2)")
    # Not an item number: a paragraph that opens with a code's own number, "1.".
    running = "3 Contributions\n3.1 Kenya said 1) CWG-COP/17/2 was late.\n"
    (r,) = extract_contributions(context(running))
    assert not r.listed


def test_a_later_running_mention_fills_what_the_first_left_empty() -> None:
    text = (
        "3 Contributions\n"
        "3.1 Three contributions were considered: CWG-COP/30/2, CWG-COP/30/3 and CWG-COP/30/4.\n"
        "3.2 The Republic of Ghana presented CWG-COP/30/2 on child helplines in West Africa.\n"
        "3.3 The representative of UNICEF introduced CWG-COP/30/4, entitled \"Children's rights"
        ' in AI-enabled services".\n'
        "3.4 CWG-COP/30/3, from the Secretariat, reported on the implementation of WTDC"
        " Resolution 67.\n"
        "3.5 The delegation of Kenya presented CWG-COP/30/2 again.\n"
    )
    found = {c.code: c for c in extract_contributions(context(text))}
    assert {k: (c.submitter, c.submitter_kind.value, c.title) for k, c in found.items()} == {
        "CWG-COP/30/2": ("Republic of Ghana", "member_state", None),  # the first one read stays
        "CWG-COP/30/3": ("Secretariat", "secretariat", None),
        "CWG-COP/30/4": ("UNICEF", "organization", "Children's rights in AI-enabled services"),
    }
    assert found["CWG-COP/30/2"].field_rules["submitter"] == "contribution.submitter.subject"
    # A listed item is never overridden by running text: its missing submitter stays missing.
    listed = (
        "3 Contributions\n· CWG-COP/30/5: Annual report of the COP Initiative\n"
        "4 Discussion\n4.1 The delegation of Kenya presented CWG-COP/30/5.\n"
    )
    (c,) = extract_contributions(context(listed))
    assert (c.listed, c.submitter, c.submitter_kind.value) == (True, None, "secretariat")


def test_discussion_found_by_submitter_not_code() -> None:
    text = (
        "4 Contributions\n· WG-CP/13/2: Contribution from RUSSIA: Safer Internet\n"
        "· WG-CP/13/9: Contribution from Trend Micro: Guide for parents\n"
        "· WG-CP/13/6: Results of the online consultation\n"
        "5 Discussions\n5.1 The representative from Trend Micro presented the guide.\n"
        "5.2 The Russian contribution presented the actions taken.\n"
        "5.3 He thanked the Russian delegation.\n"
        "5.4 The results of the online consultation were presented by the Secretariat."
    )
    found = {c.code: c.discussed_in for c in extract_contributions(context(text))}
    assert found == {"WG-CP/13/2": ["5.2"], "WG-CP/13/9": ["5.1"], "WG-CP/13/6": ["5.4"]}


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("It was held at the Centre.Microsoft representatives spoke.",
         ["It was held at the Centre.", "Microsoft representatives spoke."]),
        ("Tools, e.g.Microsoft Family Safety, were shown.",
         ["Tools, e.g.Microsoft Family Safety, were shown."]),
        ("The U.S.Department of State spoke.", ["The U.S.Department of State spoke."]),
        ("See www.itu.int/cop for it.", ["See www.itu.int/cop for it."]),
        ("Mr.Johnson spoke.", ["Mr.Johnson spoke."]),
    ],
)  # fmt: skip
def test_sentences_glued_after_a_full_stop(text: str, parts: list[str]) -> None:
    assert [text[a:b] for a, b in sentences(text, 0, len(text))] == parts


_LISTED = "4 Contributions\n4.1 The Group considered the following contributions:\n· CWG-COP/24/3 "


@pytest.mark.parametrize(
    ("item", "sentence"),
    [
        # A Bureau of the Secretariat as the subject or the speaker, named as in the list.
        ("(BDT): Progress of the COP Initiative", "The BDT presented its progress report."),
        (
            "(ITU TSB): Standards relevant to child online protection",
            "The representative of ITU TSB presented the standards.",
        ),
        # Three parties, an article inside the list; and an article after "and".
        (
            "(Japan, Republic of Korea and China) – Regional cooperation",
            "Japan, the Republic of Korea and China shared their experience.",
        ),
        (
            "(Chile and Republic of Korea) – Regional cooperation",
            "Chile and the Republic of Korea shared their experience.",
        ),
        # The subject after a word that opens the sentence, or whom the speaker presents for.
        ("(BDT): Progress of the COP Initiative", "In addition, the BDT presented its report."),
        ("(Kenya): A national plan", "Subsequently, Kenya described its national plan."),
        (
            "(ITU Secretariat): Progress of the COP Initiative",
            "On behalf of the Secretariat, Ms Ana Lopes presented the progress of the Initiative.",
        ),
        # One Bureau under each of its names: TSB, ITU TSB, ITU-T, its Director.
        ("(ITU TSB): Standards for age assurance", "The TSB presented its standards."),
        ("(TSB): Standards for age assurance", "The TSB Director presented the standards."),
        ("(ITU-D): Progress of the COP Initiative", "The BDT presented its progress report."),
        ("(BR): Spectrum for helplines", "Then, the ITU BR presented its study."),
        # A sentence glued to the one before (a copy that lost its line breaks).
        (
            "(Microsoft): Tools for families",
            "It was held in the Centre.Microsoft representatives explained their tools.",
        ),
        # A name that opens with a digit.
        ("(5Rights Foundation): Age appropriate design", "The 5Rights Foundation presented it."),
        ("(5Rights Foundation): Age appropriate design", "5Rights Foundation presented it."),
        (
            "(5Rights Foundation): Age appropriate design",
            "The representative of the 5Rights Foundation presented its contribution.",
        ),
    ],
)
def test_discussion_naming_the_submitter_as_subject_or_speaker(item: str, sentence: str) -> None:
    found = extract_contributions(context(f"{_LISTED}{item}\n4.2 {sentence}"))
    assert [(c.code, c.discussed_in) for c in found] == [("CWG-COP/24/3", ["4.2"])]


@pytest.mark.parametrize(
    ("item", "sentence"),
    [
        # The Secretariat's documents are tied by their title's words, not by its name alone:
        # one sentence of the Secretariat's does not discuss every one of them.
        ("(ITU Secretariat): Progress of the COP Initiative", "The Secretariat presented a video."),
        # Another Bureau, or a Sector's study group, is not the one that submitted.
        ("(BDT): Progress of the COP Initiative", "The TSB presented its progress report."),
        ("(5Rights Foundation): Age appropriate design", "Rights Foundation presented it."),
        ("(TSB): Standards for age assurance", "The BR Director presented the standards."),
        # A sentence glued to the one before is not the name's end: "Kenya Child Helpline
        # Centre.Microsoft" names no Kenyan speaker.
        (
            "(Kenya): A national plan",
            "It was held with the Kenya Child Helpline Centre.Microsoft representatives"
            " explained their tools.",
        ),
        # Whom the speaker thanks on behalf of, is no presenter.
        ("(Kenya): A national plan", "On behalf of Kenya, Mr Otieno thanked the delegates."),
        (
            "(Japan, Republic of Korea and China) – Regional cooperation",
            "India, the Republic of Chad and Peru shared their experience.",
        ),
    ],
)
def test_discussion_naming_someone_else_is_not_the_submitters(item: str, sentence: str) -> None:
    found = extract_contributions(context(f"{_LISTED}{item}\n4.2 {sentence}"))
    assert [(c.code, c.discussed_in) for c in found] == [("CWG-COP/24/3", [])]


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("4 Contributions\nThere were nine contributions from different stakeholders.", 9),
        ("4 Contributions\n4.1 Four contributions were received:", 4),
        ("4 Contributions\n4.1 The Group considered 12 written contributions.", 12),
        ("4 Contributions\n4.1 The two contributions from Egypt were welcomed.", None),
        # A number word before an adjective; "had before it".
        ("4 Contributions\n4.1 The Group considered three written contributions:", 3),
        ("4 Contributions\n4.1 Three written contributions were received:", 3),
        ("4 Contributions\n4.1 The Group had before it five contributions:", 5),
        ("4 Contributions\n4.1 The Group considered twenty-one written contributions.", 21),
        ("4 Contributions\n4.1 The Group considered twenty one contributions.", 21),
    ],
)
def test_contributions_stated(text: str, stated: int | None) -> None:
    ctx = context(text)
    n, span = extract_contributions_stated(ctx)
    assert n == stated
    if span is not None:  # the span holds the number as written
        assert parse_number(ctx.text[span.start : span.end]) == n


def test_canonical_group_and_kinds() -> None:
    assert [canonical_group(g) for g in ("WGCP", "wg-cp", "CWG COP", "CWGCOP", "WG-COP")] == [
        "WG-CP", "WG-CP", "CWG-COP", "CWG-COP", "WG-COP",
    ]  # fmt: skip
    assert submitter_kind("ITU Secretariat") == (SubmitterKind.SECRETARIAT, [])
    assert submitter_kind("Child Helpline International") == (SubmitterKind.ORGANIZATION, [])
    assert submitter_kind("Canada and Australia") == (SubmitterKind.MEMBER_STATE, ["CAN", "AUS"])


@pytest.mark.parametrize(
    ("submitter", "codes"),
    [
        # Formal names: "United Mexican States" was no country, so the pair was an organization.
        ("the United Mexican States and the Republic of Korea", ["MEX", "KOR"]),
        # A country whose own name holds "and" is one country, not two names that are none.
        ("United Kingdom of Great Britain and Northern Ireland", ["GBR"]),
        ("Bosnia and Herzegovina, Kenya & Japan", ["BIH", "KEN", "JPN"]),
        ("Trinidad and Tobago and the Republic of Chile", ["TTO", "CHL"]),
        ("Brazil and Acme Telecom", []),
    ],
)
def test_joint_submitters_with_formal_names(submitter: str, codes: list[str]) -> None:
    kind = SubmitterKind.MEMBER_STATE if codes else SubmitterKind.ORGANIZATION
    assert submitter_kind(submitter) == (kind, codes)


def test_regression_joint_member_states_before_a_colon_are_the_submitters() -> None:
    # "CODE: Brazil and Chile: Title" gave no submitter, the names in the title, and the
    # Secretariat's kind; a long formal pair was over the head's word limit.
    for who, submitter, codes in [
        ("Brazil and Chile", "Brazil and Chile", ["BRA", "CHL"]),
        (
            "the United Mexican States and the Republic of Korea",
            "United Mexican States and the Republic of Korea",
            ["MEX", "KOR"],
        ),
    ]:
        text = (
            "2 Contributions\n2.1 The Group considered one contribution:\n"
            f"\u2022\tCWG-COP/27/5: {who}: Joint proposal\n"
        )
        (c,) = extract_contributions(context(text))
        assert (c.submitter, c.submitter_kind, c.country_codes, c.title) == (
            submitter, SubmitterKind.MEMBER_STATE, codes, "Joint proposal",
        )  # fmt: skip
    text = (
        "2 Contributions\n2.1 The Group considered one contribution:\n"
        "\u2022\tCWG-COP/27/5: Safer games for Kenya and Chile: Joint proposal\n"
    )
    (c,) = extract_contributions(context(text))
    assert c.submitter is None and c.title == "Safer games for Kenya and Chile: Joint proposal"


@pytest.mark.parametrize(
    ("submitter", "kind"),
    [
        ("the ITU BDT", SubmitterKind.SECRETARIAT),
        ("TSB (Mr Smith)", SubmitterKind.SECRETARIAT),
        ("Vice-Chairwoman", SubmitterKind.CHAIR),
        ("the Vice Chairman of CWG-COP", SubmitterKind.CHAIR),
        # The lexicon's hyphen also stands for nothing: "Vicechair" as people's roles read it.
        ("Vicechair", SubmitterKind.CHAIR),
        ("Chairs of the regional groups", SubmitterKind.ORGANIZATION),
        ("Secretariat of the Pacific Community", SubmitterKind.ORGANIZATION),
        # ITU itself spelt out, and its Sectors: the BDT is the Bureau of ITU-D, the TSB of
        # ITU-T, the BR of ITU-R, so a Sector as a submitter is ITU's own, like its Bureau.
        ("International Telecommunication Union Secretariat", SubmitterKind.SECRETARIAT),
        ("the International Telecommunication Union", SubmitterKind.SECRETARIAT),
        ("Telecommunication Development Bureau", SubmitterKind.SECRETARIAT),
        ("ITU-D", SubmitterKind.SECRETARIAT),
        ("ITU-T", SubmitterKind.SECRETARIAT),
        ("International Telecommunication Users Group", SubmitterKind.ORGANIZATION),
        ("ITU-D Study Group 2", SubmitterKind.ORGANIZATION),
    ],
)
def test_submitter_kinds_from_the_lexicon(submitter: str, kind: SubmitterKind) -> None:
    assert submitter_kind(submitter)[0] is kind


def test_every_contribution_field_names_the_rule_that_read_it() -> None:
    text = (
        "4 Contributions\n"
        "· WG-CP/13/2: Contribution from RUSSIA: Safer Internet\n"
        "· WG-CP/13/3 (Save the Children): Safer games\n"
        "· WG-CP/13/4 – Acme Telecom – Age assurance\n"
        "· WG-CP/13/5: National strategy (Egypt)\n"
        "· WG-CP/13/6: Results of the online consultation\n"
        "CWG-COP/13/7\tNorway\tOnline safety\n"
        "5 Discussions\n"
        '5.1 Peru presented Document WG-CP/13/11, entitled "Safer schools".\n'
        "5.2 Document WG-CP/13/12 from the Secretariat was noted."
    )
    found = {c.code: c for c in extract_contributions(context(text))}
    rules = {code: c.field_rules for code, c in found.items()}
    code = "contribution.code"
    assert rules == {
        "WG-CP/13/2": {"code": code, "submitter": "contribution.item.from",
                       "title": "contribution.item.separator"},
        "WG-CP/13/3": dict.fromkeys(("code", "submitter", "title"),
                                    "contribution.item.paren_submitter") | {"code": code},
        "WG-CP/13/4": dict.fromkeys(("code", "submitter", "title"),
                                    "contribution.item.dash_fields") | {"code": code},
        "WG-CP/13/5": {"code": code, "submitter": "contribution.submitter.trailing_paren",
                       "title": "contribution.item.title"},
        "WG-CP/13/6": {"code": code, "title": "contribution.item.title"},
        "CWG-COP/13/7": {"code": code, "submitter": "contribution.item.separator",
                         "title": "contribution.item.separator"},
        "WG-CP/13/11": {"code": code, "submitter": "contribution.submitter.subject",
                        "title": "contribution.title.entitled"},
        "WG-CP/13/12": {"code": code, "submitter": "contribution.submitter.after_code"},
    }  # fmt: skip
    for c in found.values():
        assert c.field_rules.keys() == c.field_spans.keys(), c.code


# --- outcomes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "actors"),
    [
        ("the Group agreed that the topic will be digital skills: the Secretariat will work on it.",
         ["Secretariat"]),
        ("It was encouraged to involve the Regional Offices.", []),
        ("Member States and Sector Members are invited to contribute.", ["Member States", "Sector Members"]),
        ("The Group agreed to publish the guidelines and requested the Secretariat to translate them.",
         ["Group", "Secretariat"]),
        ("The Chairman will report to Council 2017.", ["Chair"]),
        ("Sector Members and academia are encouraged to share their research.",
         ["Sector Members", "Academia"]),
        ("The United Mexican States and the Republic of Korea are invited to present a revised"
         " joint proposal.", ["United Mexican States", "Republic of Korea"]),
        ("The Secretariat, Kenya and Sector Members will report.",
         ["Secretariat", "Kenya", "Sector Members"]),
        ("The Group invited Japan to share its experience.", ["Japan"]),
        # A capitalised name that is no country and no actor of the lexicon is none.
        ("The COP Guidelines will be published.", []),
        ("The BDT Director will report.", ["Director"]),
    ],
)  # fmt: skip
def test_actors(sentence: str, actors: list[str]) -> None:
    assert find_actors(sentence) == actors


def test_a_vice_chairman_is_recorded_as_the_vice_chair() -> None:
    # The canonical names were looked up by exact spelling, so "Vice-Chairman" and "Vice
    # Chairperson" were kept as written, and "CWG COP" was no actor at all.
    assert find_actors("The Vice-Chairman will report.") == ["Vice-Chair"]
    assert find_actors("The Vice Chairperson will report.") == ["Vice-Chair"]
    assert find_actors("The CWG COP will meet again.") == ["Group"]


@pytest.mark.parametrize("title", ["Outcomes", "Conclusions", "Recommendations", "Next steps",
                                   "Outcomes of the thirteenth meeting of the CWG-COP",
                                   "Outcomes and next steps", "CONCLUSIONS", "The way forward"])  # fmt: skip
def test_outcome_sections_by_title(title: str) -> None:
    outcomes = extract_outcomes(context(f"5 {title}\n5.1 The Secretariat will act.\nAlso this."))
    assert [(o.number, o.actors) for o in outcomes] == [("5.1", ["Secretariat"]), (None, [])]


def test_no_outcome_section() -> None:
    assert extract_outcomes(context("5 Discussions\n5.1 The Secretariat will act.")) == []


@pytest.mark.parametrize("title", ["Discussion and recommendation", "Discussion and conclusions",
                                   "Review of the outcomes of WSIS"])  # fmt: skip
def test_a_title_that_merely_holds_an_outcome_word_makes_no_outcome_section(title: str) -> None:
    # Finding 10: under "Discussion and recommendation" every paragraph was an outcome, so
    # "Norway presented ..." was one; now only the group's decision is.
    text = (
        f"4 {title}\n4.1 Norway presented its review of age assurance methods.\n"
        "4.2 The Group recommended that the Council note the review.\n"
    )
    assert [(o.number, o.text) for o in extract_outcomes(context(text))] == [
        ("4.2", "The Group recommended that the Council note the review.")
    ]


def test_the_groups_decision_outside_an_outcome_section_is_an_outcome() -> None:
    # The finding's reproducer: no outcome section, so no outcome at all before.
    text = (
        "4 Discussion\n4.1 Kenya described its plan.\n"
        "4.2 The Group agreed to establish a correspondence group."
    )
    outcomes = extract_outcomes(context(text))
    assert [(o.number, o.text, o.actors) for o in outcomes] == [
        ("4.2", "The Group agreed to establish a correspondence group.", ["Group"])
    ]
    ctx = context(text)
    (o,) = extract_outcomes(ctx)
    assert ctx.text[o.span.start : o.span.end] == o.text


def test_a_decision_is_its_sentence_and_its_clause_after_a_semicolon() -> None:
    text = (
        "4 Discussion\n4.1 Kenya presented its plan. The Group encouraged Member States to"
        " share their strategies.\n4.2 The Secretariat presented the draft; the Group agreed"
        " to comment on it by 30 May 2016.\n5 Resolutions\n5.1 The Group agreed that future"
        " agendas should include an item on youth consultation."
    )
    assert [(o.number, o.text) for o in extract_outcomes(context(text))] == [
        ("4.1", "The Group encouraged Member States to share their strategies."),
        ("4.2", "the Group agreed to comment on it by 30 May 2016."),
        ("5.1", "The Group agreed that future agendas should include an item on youth"
                " consultation."),
    ]  # fmt: skip


def test_a_decision_in_an_outcome_section_is_read_once() -> None:
    text = "4 Discussion\n4.1 Text.\n5 Conclusions\n5.1 The Group agreed to meet again."
    assert [o.number for o in extract_outcomes(context(text))] == ["5.1"]


def test_an_unnumbered_report_is_read_whole_and_a_numbered_ones_summary_is_not() -> None:
    unnumbered = (
        "SUMMARY OF THE 7th MEETING OF THE WORKING GROUP ON CHILD ONLINE PROTECTION\n"
        "Sweden presented its contribution.\n"
        "The Group requested the Secretariat to compile the national strategies received.\n"
    )
    assert [(o.number, o.actors) for o in extract_outcomes(context(unnumbered))] == [
        (None, ["Secretariat"])
    ]
    numbered = (
        "Summary\nThe Group agreed to establish a correspondence group.\n1 Discussion\n"
        "1.1 The Group agreed to establish a correspondence group."
    )
    assert [o.number for o in extract_outcomes(context(numbered))] == ["1.1"]


@pytest.mark.parametrize(
    ("sentence", "start"),
    [
        ("The Group agreed to establish a correspondence group.", 0),
        ("It was agreed that the Secretariat would circulate the questionnaire.", 0),
        ("Members agreed to meet online.", 0),
        ("The CWG-COP decided not to revise the guidelines.", 0),
        ("In relation to the consultation, the Group agreed that the topic is digital skills.", 0),
        ("Kenya presented it; the Group agreed to comment.", 20),
        ('Peru presented "Safer schools".The Group requested Member States to reply.', 31),
        ("The Group invited Member States to share their national experience.", 0),
        ("The meeting endorsed the draft guidelines.", 0),
        ("The Group took note of the document and agreed to review it at its next meeting.", 0),
        ("The Group noted the report and Kenya agreed to share its plan.", None),
        ("The Group noted that Kenya had tested the tool and agreed to share it.", None),
        # What others did, and the group's reactions, are no decisions.
        ("Kenya agreed to share its national plan.", None),
        ("The Secretariat requested Member States to reply.", None),
        ("The Chair encouraged the Secretariat to continue this effort.", None),
        ("The Group welcomed the draft guidelines.", None),
        ("Several members agreed that the survey was useful.", None),
        # Decisions recalled from earlier meetings.
        ("The Chairperson recalled that the Group had agreed that the agenda of future meetings"
         " would include an additional item on youth participation.", None),
        ("The Chair recalled that, at its last meeting, the Group agreed to meet twice.", None),
        ("At its previous meeting, the Group agreed to meet twice a year.", None),
        # Conditions, questions and wishes.
        ("If, after all, the Group agreed to it, the Secretariat would draft a text.", None),
        ("The Chair asked whether, given the costs, the Group agreed to meet online.", None),
        ("So the Group agreed to meet online?", None),
        ("The Group hoped to hold its next meeting in person.", None),
        ("The Group expressed the wish that its next meeting be held in Nairobi.", None),
        ("The Group was invited to agree on the timetable.", None),
    ],
)  # fmt: skip
def test_find_decision(sentence: str, start: int | None) -> None:
    assert find_decision(sentence) == start


# --- header -----------------------------------------------------------------------------------


def test_council_document_header() -> None:
    text = (
        "Council 2020\nGeneva, 9-19 June 2020\nPL 1.5\nDocument C20/57-E\n3 March 2020\n"
        "Original: English\nReport by the Chairman of the Council Working Group\n"
        "OUTCOME OF THE FIFTEENTH MEETING\nSummary\nThe summary.\nAction required\n"
        "The Council is invited to note this Report.\nReferences\nPP Resolution 179; Council"
        " Resolution 1306\n1 Introduction\n1.1 Text."
    )
    doc, diagnostics = extract_document(context(text))
    assert (doc.symbol, doc.date, doc.title, doc.council_session, doc.agenda_item) == (
        "C20/57-E", D(2020, 3, 3), "OUTCOME OF THE FIFTEENTH MEETING", "Council 2020", "PL 1.5",
    )  # fmt: skip
    assert doc.summary == "The summary."
    assert doc.action_required == "The Council is invited to note this Report."
    assert doc.references == ["PP Resolution 179", "Council Resolution 1306"]
    assert doc.source_line == "Report by the Chairman of the Council Working Group"
    assert diagnostics == []


@pytest.mark.parametrize(
    ("text", "date", "rule"),
    [
        # "Document" at the end of a line that begins with another label; the date below.
        ("Council 2023\nGeneva, 11-21 July 2023\nAgenda item: PL 1.6 Document C23/45-E\n"
         "12 May 2023\nOriginal: English\n1 Introduction\n1.1 Text.", D(2023, 5, 12),
         "document.date.after_document"),
        # Glued between the other cover fields.
        ("Council 2023\nGeneva, 11-21 July 2023\nPL 1.6Document C23/45-E12 May 2023Original:"
         " English\n1 Introduction\n1.1 Text.", D(2023, 5, 12), "document.date.after_document"),
        # A cover table: the date cell in the row of the Council session, before "Document".
        ("Council 2024\nGeneva, 4-14 June 2024\t15 March 2024\nPL 1.6\tDocument C24/38-E\n"
         "\tOriginal: English\n1 Introduction\n1.1 Text.", D(2024, 3, 15), "document.date.cell"),
        # The same table in a copy that lost its line breaks.
        ("Council 2024Geneva, 4-14 June 2024\t15 March 2024PL 1.6\tDocument C24/38-E\tOriginal:"
         " English1 Introduction1.1 Text.", D(2024, 3, 15), "document.date.cell"),
        # The Council session's dates are never the document's.
        ("Council 2024\nGeneva, 4-14 June 2024\nPL 1.6\tDocument C24/38-E\n"
         "\tOriginal: English\n1 Introduction\n1.1 Text.", None, None),
        ("Council 2024\tGeneva, 4-14 June 2024\nPL 1.6\tDocument C24/38-E\n"
         "\tOriginal: English\n1 Introduction\n1.1 Text.", None, None),
    ],
)  # fmt: skip
def test_document_date_forms_of_the_cover(text: str, date: D | None, rule: str | None) -> None:
    doc, _ = extract_document(context(text))
    assert doc.date == date
    assert doc.field_rules.get("date") == rule


def test_glued_symbol_and_date_from_a_pdf() -> None:
    doc, _ = extract_document(context("Document C20/57-E3 March 2020\n1 Intro\n1.1 Text."))
    assert (doc.symbol, doc.date) == ("C20/57-E", D(2020, 3, 3))


def test_a_symbol_left_over_elsewhere_is_diagnosed() -> None:
    text = "Document C20/57-E\n1 Intro\n1.1 Text.\nC17/24-E"
    doc, diagnostics = extract_document(context(text))
    assert doc.symbol == "C20/57-E"
    assert [d.code for d in diagnostics] == ["document-symbol-conflict"]


def test_draft_marker_and_meeting_document_symbol() -> None:
    text = "Document WG-CP/1/16 Rev.1\nDate: 23 March 2010\nDRAFT\nOutcome of the 1st Meeting\n1 A\n1.1 B."
    doc, _ = extract_document(context(text))
    assert (doc.symbol, doc.date, doc.draft, doc.title) == (
        "WG-CP/1/16 Rev.1", D(2010, 3, 23), True, "Outcome of the 1st Meeting",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("as noted (WGCP/1/16 Rev.1) earlier", "WGCP/1/16 Rev.1"),
        ("see CWG-COP/17/3(Rev.1).", "CWG-COP/17/3(Rev.1)"),
        ("(see CWG-COP/17/3 (Rev. 2))", "CWG-COP/17/3 (Rev. 2)"),
        ("in CWG-COP/17/3 (Rev.1 and", "CWG-COP/17/3"),
    ],
)
def test_a_code_never_takes_in_the_sentences_closing_parenthesis(text: str, code: str) -> None:
    m = CODE_RE.search(text)
    assert m is not None and m.group() == code


def test_header_fields_name_the_rule_that_read_them() -> None:
    text = (
        "Council 2020\nPL 1.5\nDocument C20/57-E\n3 March 2020\nOriginal: English\n"
        "Summary\nThe summary.\nReferences\nCouncil Resolution 1306\n1 Introduction\n1.1 Text."
    )
    doc, _ = extract_document(context(text))
    assert doc.field_rules.keys() == doc.field_spans.keys()
    assert doc.field_rules == {
        "symbol": "document.symbol.label",
        "date": "document.date.after_document",
        "council_session": "document.council_session",
        "agenda_item": "document.agenda_item",
        "original_language": "document.original_language",
        "summary": "document.summary.label",
        "references": "document.references.label",
    }


def test_a_date_label_wins_over_the_date_after_the_document_cell() -> None:
    text = "Document WG-CP/1/16 Rev.1\n17 March 2010\nDate: 23 March 2010\n1 A\n1.1 B."
    doc, _ = extract_document(context(text))
    assert (doc.date, doc.field_rules["date"]) == (D(2010, 3, 23), "document.date.label")


def test_a_bare_council_symbol_is_the_symbol_when_no_label_gives_one() -> None:
    doc, _ = extract_document(context("Council 2017\nC17/24-E\n1 Intro\n1.1 Text."))
    assert (doc.symbol, doc.field_rules["symbol"]) == ("C17/24-E", "document.symbol.council")


def test_an_abstract_label_gives_the_summary() -> None:
    # The segmenter opens a section at "Abstract" as at "Summary"; the header used to read only
    # a section titled "Summary", so an abstract was lost.
    doc, _ = extract_document(context("Abstract\nWhat the report says.\n1 Intro\n1.1 Text."))
    assert (doc.summary, doc.field_rules["summary"]) == (
        "What the report says.", "document.summary.label",
    )  # fmt: skip


def test_a_flattened_table_gives_each_row_its_submitter_and_title() -> None:
    text = (
        "3 Contributions\nDoc.\nSource\nTitle\n"
        "CWG-COP/23/2\nSave the Children\nSafer games for young players\n"
        "CWG-COP/23/3\nKenya\nA national plan for child\nonline protection\n"
        "CWG-COP/23/4\n\nGuidelines for industry\n"
        "CWG-COP/23/5\nSecretariat\nAnnual report\n"
        "4 Discussions\n4.1 Kenya described its plan."
    )
    found = extract_contributions(context(text))
    assert [(c.code, c.submitter, c.submitter_kind, c.title) for c in found] == [
        ("CWG-COP/23/2", "Save the Children", SubmitterKind.ORGANIZATION,
         "Safer games for young players"),
        ("CWG-COP/23/3", "Kenya", SubmitterKind.MEMBER_STATE,
         "A national plan for child\nonline protection"),
        # An empty submitter cell is no submitter: the kind is unknown, not the Secretariat's.
        ("CWG-COP/23/4", None, SubmitterKind.UNKNOWN, "Guidelines for industry"),
        ("CWG-COP/23/5", "Secretariat", SubmitterKind.SECRETARIAT, "Annual report"),
    ]  # fmt: skip
    assert found[0].field_rules == {
        "code": "contribution.code",
        "submitter": "contribution.item.table_row",
        "title": "contribution.item.table_row",
    }
    assert found[1].discussed_in == ["4.1"]


_ONE_LINE_ROWS = (
    "3 Contributions\nDoc.\nSource\nTitle\n"
    "CWG-COP/24/2 Save the Children Safer games for young players\n"
    "CWG-COP/24/3 Republic of Korea A national plan for child online protection\n"
    "CWG-COP/24/4 Guidelines for industry on age assurance\n"
    "CWG-COP/24/5 the ITU Secretariat Annual report\n"
    "CWG-COP/24/6 Lumen Youth Network Peer support for young gamers\n"
    "CWG-COP/24/7 BrazilA glued row\n"
    "CWG-COP/24/8 BDTUpdate on the guidelines\n"
    "CWG-COP/24/9 Brazil and Norway's plan\n"
    "CWG-COP/24/10 Lumen Youth Peer support for young gamers\n"
    "4 Discussions\n4.1 Save the Children presented its guide."
)


def test_a_table_row_on_one_line_gives_the_longest_known_name_as_its_submitter() -> None:
    found = extract_contributions(context(_ONE_LINE_ROWS))
    assert [(c.code, c.submitter, c.submitter_kind, c.title) for c in found] == [
        # A name the discussion presents ("Save the Children presented ...").
        ("CWG-COP/24/2", "Save the Children", SubmitterKind.ORGANIZATION,
         "Safer games for young players"),
        # The longest member state's name, not "Republic".
        ("CWG-COP/24/3", "Republic of Korea", SubmitterKind.MEMBER_STATE,
         "A national plan for child online protection"),
        # No name opens it, and a capitalised word then a small one: the title alone.
        ("CWG-COP/24/4", None, SubmitterKind.UNKNOWN, "Guidelines for industry on age assurance"),
        ("CWG-COP/24/5", "the ITU Secretariat", SubmitterKind.SECRETARIAT, "Annual report"),
        # A name no list holds, ended by a noun that ends organisations' names.
        ("CWG-COP/24/6", "Lumen Youth Network", SubmitterKind.ORGANIZATION,
         "Peer support for young gamers"),
        # A copy whose line breaks were removed glues the cells: the capital after the name.
        ("CWG-COP/24/7", "Brazil", SubmitterKind.MEMBER_STATE, "A glued row"),
        # An acronym glued to the title's first word.
        ("CWG-COP/24/8", "BDT", SubmitterKind.SECRETARIAT, "Update on the guidelines"),
        # "Brazil and" is no name: a join with nothing after it (and "Norway's" is no state).
        ("CWG-COP/24/9", None, SubmitterKind.UNKNOWN, None),
        # A name the parser does not know, and no such noun: where it ends is not known, so
        # nothing is read.
        ("CWG-COP/24/10", None, SubmitterKind.UNKNOWN, None),
    ]  # fmt: skip
    assert found[0].field_rules == {
        "code": "contribution.code",
        "submitter": "contribution.item.table_row_line",
        "title": "contribution.item.table_row_line",
    }
    assert found[2].field_rules["title"] == "contribution.item.table_row_title"
    assert found[4].field_rules["submitter"] == "contribution.item.table_row_organization"
    assert set(found[8].field_rules) == {"code"}
    assert found[0].discussed_in == ["4.1"]


def test_a_name_the_discussion_does_not_present_opens_no_row() -> None:
    # The same row as above, but no paragraph presents Save the Children: it is not split.
    text = _ONE_LINE_ROWS.replace("Save the Children presented", "The Group noted")
    (first, *_) = extract_contributions(context(text))
    assert (first.submitter, first.title, first.submitter_kind) == (
        None,
        None,
        SubmitterKind.UNKNOWN,
    )


def test_a_code_line_without_a_table_header_is_no_table_row() -> None:
    # Without the header row, the line after a code is a paragraph of its own, as before.
    text = "3 Contributions\nCWG-COP/23/6: Annual report\nKenya\n4 Discussions\n4.1 Noted."
    (c,) = extract_contributions(context(text))
    assert (c.submitter, c.title, c.submitter_kind) == (
        None,
        "Annual report",
        SubmitterKind.SECRETARIAT,
    )


def test_a_row_that_cannot_be_split_says_so_and_an_empty_cell_says_its_own() -> None:
    from copparse.checks import check_contributions

    found = extract_contributions(context(_ONE_LINE_ROWS))
    by_code = {d.message.split()[0].rstrip(":"): d.code for d in check_contributions(
        found, None, None, []
    ) if d.code.startswith("contribution-s") or d.code == "contribution-row-unsplit"}  # fmt: skip
    assert by_code == {
        "CWG-COP/24/4": "contribution-submitter-missing",  # the title alone: the cell was empty
        "CWG-COP/24/9": "contribution-row-unsplit",
        "CWG-COP/24/10": "contribution-row-unsplit",
    }


_UNNUMBERED = (
    "REPORT OF THE FOURTH MEETING OF THE WG-CP\n\n{cover}"
    "The fourth meeting of the Working Group on Child Online Protection (WG-CP) was held in"
    " Geneva on 3 October 2011 and was chaired by Ms Ana Torres (Spain).\n\n"
    "The report of the previous meeting (Document WG-CP/3/12) was approved.\n\n"
    "Norway presented Document WG-CP/4/3 on parental controls.\n"
)


def test_an_unnumbered_reports_own_text_begins_at_its_first_sentence() -> None:
    ctx = context(_UNNUMBERED.format(cover="Document: WG-CP/4/9\nDate: 14 October 2011\n\n"))
    assert ctx.header_end == len(ctx.text)  # no numbered paragraph: all of it is preamble
    assert ctx.text[ctx.cover_end :].startswith("The fourth meeting of the Working Group")
    info, diagnostics = extract_document(ctx)
    # The codes of the report's own text are a document it cites and a contribution: no
    # symbol in conflict with the cover's.
    assert info.symbol == "WG-CP/4/9"
    assert not [d for d in diagnostics if d.code == "document-symbol-conflict"]
    found = {c.code: c.discussed_in for c in extract_contributions(ctx)}
    assert found["WG-CP/4/3"] == ["p+6"]


def test_an_unnumbered_report_takes_no_symbol_from_its_own_text() -> None:
    # Without a "Document:" field in the cover, a document the text names is not the report's.
    info, _ = extract_document(context(_UNNUMBERED.format(cover="")))
    assert info.symbol is None


def test_an_unnumbered_reports_signature_is_no_source_line_of_its_cover() -> None:
    signed = _UNNUMBERED + "\nAna Torres\nChairman, WG-CP\n"
    info, _ = extract_document(context(signed.format(cover="")))
    assert info.source_line is None  # the role under the signature, after the report's text
    cover = "Chairman, Council Working Group on COP\n\n"
    info, _ = extract_document(context(signed.format(cover=cover)))
    assert info.source_line == "Chairman, Council Working Group on COP"


@pytest.mark.parametrize(
    ("sentence", "submitter"),
    [
        # Was "Meta Platforms": a name cut at the comma before its legal form.
        ("Document CWG-COP/30/4, submitted by Meta Platforms, Inc., on age assurance,", "Meta Platforms, Inc."),
        ("Document CWG-COP/30/4, submitted by Acme Telecom, on age assurance,", "Acme Telecom"),
        ("Document CWG-COP/30/4, submitted by Kenya, Inclusive design was discussed,", "Kenya"),
    ],
)  # fmt: skip
def test_a_running_text_submitter_keeps_its_legal_form_after_a_comma(
    sentence: str, submitter: str
) -> None:
    text = f"1.1 The thirtieth meeting was held in Geneva on 3 February 2030.\n2.1 {sentence} was presented.\n"
    (found,) = extract_contributions(context(text))
    assert found.submitter == submitter
