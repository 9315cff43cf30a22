"""People: who chaired, who else is named with a role, and who signed.

Every pattern is a rule built from the lexicon's ``people`` section. Vocabulary (roles,
honorifics, the chair's phrases) is matched case-insensitively; a name is matched as written,
capitals and all, so a chair's name never runs on into the lower-case words after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import regex

from copparse import patterncache
from copparse.extract import ExtractContext, needs
from copparse.extract.lexicon import (
    HONORIFIC_RE,
    NAME_RE,
    country_code,
    demonym_country,
    is_honorific,
    normalize_honorific,
)
from copparse.extract.places import fewest_words
from copparse.lang import alternation, lexicon
from copparse.models import Chair, Diagnostic, Person, Severity, Signature, Span
from copparse.rules import Candidate, resolve, rule

__all__ = ["extract_chair", "extract_people", "extract_signature", "find_people", "with_chair"]

_LEX = lexicon("en")
_P = _LEX.people
_ROLES = _P.chair_roles


def _ci(phrases: Iterable[str]) -> str:
    """A case-insensitive alternation of lexicon phrases, inside a case-sensitive pattern."""
    return f"(?i:{alternation(phrases)})"


_CAPITALISED = r"\p{Lu}[\w-]*"
# "Deputy Secretary-General", "Director of the BDT", "Chair ad hoc", "Head of the Policy Unit".
_ROLE = (
    rf"(?:{_ci(s for spellings in _P.roles.values() for s in spellings)}"
    rf"|{_ci(_P.head_of)}\s+{_CAPITALISED}(?:\s+{_CAPITALISED}){{0,4}})"
)
# "of ITU", "of the Group", "of the Telecommunication Development Bureau".
_OF_ORG = (
    rf"\s+{_ci(_P.role_of)}\s+(?P<org>{_ci(_P.organizations)}"
    rf"|{_CAPITALISED}(?:\s+{_CAPITALISED}){{0,3}})"
)
_COUNTRY = r"(?:\s*\((?P<country>[^()\n]{2,60})\))"
# "H.E. Mr Ahmed ibn Rashid": a second honorific after the first is read as the first's.
_HONORIFIC = rf"(?P<hon>{HONORIFIC_RE})(?:\s*{HONORIFIC_RE})?"

_MENTION = rule(
    "people.mention",
    "people.name",
    rf"{_HONORIFIC}\s*(?P<name>{NAME_RE}){_COUNTRY}?",
    "A person named with an honorific, and the country in brackets after the name.",
    examples=[
        ("Mr. Malcolm Johnson, the Deputy Secretary-General of ITU", "Malcolm Johnson"),
        ("Ms Eugenia Devincenzi (Republic of Argentina)", "Eugenia Devincenzi"),
        ("Mr Jan van der Berg (Netherlands) spoke", "Jan van der Berg"),
        ("Baroness Joanna Shields opened", "Joanna Shields"),
        ("Mr. Okafor delivered the opening remarks", "Okafor"),
        ("chaired by Dr John K. Mensah (Republic of Ghana).", "John K. Mensah"),
        ("H.E. Mr Ahmed ibn Rashid (United Arab Emirates) shared", "Ahmed ibn Rashid"),
        ("Lord Hartwell delivered a keynote address", "Hartwell"),
        ("Lady Amara Whitfield spoke", "Amara Whitfield"),
        ("Lady Fiona McKay (Australia)", "Fiona McKay"),
        ("Ms Siobhan O'Neill (Ireland), Vice-Chair", "Siobhan O'Neill"),
        ("Mr Ewan MacDonald, the Deputy Secretary-General", "Ewan MacDonald"),
        ("Dr DeVries and Ms D'Souza answered", "DeVries"),
        ("Mr Mackenzie spoke", "Mackenzie"),
        ("Mr Ahmed RashidChair, CWG-COP", "Ahmed Rashid"),
    ],
    counter_examples=["the Chairman opened the meeting", "Mr. and then"],
    group="name",
)
# Right before a mention: "the Vice Chair, Dr X", "the Russian Ambassador X".
_ROLE_BEFORE = rule(
    "people.role_before",
    "people.role",
    rf"(?:(?P<demonym>\p{{Lu}}\p{{Ll}}+)\s+)??(?P<role>{_ROLE})(?:{_OF_ORG})?\s*,?\s*$",
    "The role written right before a name (read up to the name).",
    examples=[
        ("welcomed the Vice Chair, ", "Vice Chair"),
        ("opened by the Deputy Secretary-General of ITU, ", "Deputy Secretary-General"),
        ("the Russian Ambassador ", "Ambassador"),
    ],
    counter_examples=["welcomed the delegates and ", "the Chair spoke about "],
    group="role",
)
# Right after a mention: ", the Deputy Secretary-General of ITU", ", newly elected as Chair".
_ROLE_AFTER = rule(
    "people.role_after",
    "people.role",
    rf"\s*,\s*(?:{_ci(_P.role_after)}\s+)?(?P<role>{_ROLE})(?:{_OF_ORG})?",
    "The role written right after a name, after a comma.",
    examples=[
        (", the Deputy Secretary-General of ITU, opened", "Deputy Secretary-General"),
        (", Director of BDT, spoke", "Director of BDT"),
        (", newly elected as Chair", "Chair"),
        (", Head of the Policy Unit", "Head of the Policy Unit"),
    ],
    counter_examples=[" spoke", ", who thanked the Group"],
    group="role",
)
_CHAIRED_BY = rule(
    "chair.chaired_by",
    "chair",
    rf"{_ci(_P.chaired_by)}\s+(?:(?P<pre>{_ROLE})(?:\s+{_ci(_P.role_of)}\s+\w+)?\s*,?\s+)?"
    rf"(?:{_HONORIFIC}\s*)?(?P<name>{NAME_RE}){_COUNTRY}?"
    rf"|{_ci(_P.chaired_under)}\s+(?:{_HONORIFIC}\s*)?(?P<name>{NAME_RE}){_COUNTRY}?",
    "Whoever the text says chaired: 'chaired by [the Vice-Chair,] Dr Name (Country)'.",
    examples=[
        ("The meeting was chaired by Dr. Sherif Hashem (Arab Republic of Egypt).", "Sherif Hashem"),
        ("chaired by the Vice-Chair, Mr Ali Khan (Pakistan), in the", "Ali Khan"),
        ("met under the chairmanship of Ambassador Lena Berg (Sweden).", "Lena Berg"),
        ("chaired by Mr Jan van der Berg (Netherlands)", "Jan van der Berg"),
        ("chaired by Dr Sherif Hashem who opened it", "Sherif Hashem"),
        ("chaired by Dr John K. Mensah (Republic of Ghana).", "John K. Mensah"),
        ("chaired by Mr. Okafor (Nigeria).", "Okafor"),
        ("chaired by H.E. Mr Ahmed ibn Rashid (United Arab Emirates)", "Ahmed ibn Rashid"),
        ("under the chairmanship of Baroness Helen Ashworth", "Helen Ashworth"),
        ("The meeting was chaired by Lady Fiona McKay (Australia).", "Fiona McKay"),
    ],
    counter_examples=["the Chairman opened the meeting", "chaired by the delegates"],
    needs=fewest_words(needs((*_P.chaired_by, *_P.chaired_under))),
    group="name",
)
# "Mr Jan van der Berg (Netherlands) chaired the meeting": the chair as the subject.
_CHAIRED_SUBJECT = rule(
    "chair.chaired_subject",
    "chair",
    rf"{_HONORIFIC}\s*(?P<name>{NAME_RE}){_COUNTRY}?"
    rf"(?:\s*,\s*(?:{_ci(_P.role_after)}\s+)?(?P<pre>{_ROLE})(?:{_OF_ORG})?\s*,)?"
    rf"\s+{_ci(_P.chaired)}\s+{_ci(_LEX.meetings.nouns)}",
    "A person who chaired the meeting, named as the sentence's subject.",
    examples=[
        ("1.1 Mr Jan van der Berg (Netherlands) chaired the meeting.", "Jan van der Berg"),
        ("Ms Ana Lopez, the Vice-Chair, chaired the session", "Ana Lopez"),
        ("Dr Sherif Hashem presided over the meeting", "Sherif Hashem"),
    ],
    counter_examples=["Mr Jan Berg chaired a working party", "the Chair chaired the meeting"],
    needs=fewest_words(needs(_P.chaired)),
    group="name",
)
_AD_HOC = rule(
    "chair.role.ad_hoc",
    "chair.role",
    _ci(_P.ad_hoc),
    "The chair was ad hoc: said in the chair's sentence or the signature.",
    examples=[("nominated Chair ad Hoc for the meeting", "ad Hoc"), ("Ad-Hoc Chair", "Ad-Hoc")],
    counter_examples=["a chair for the meeting", "the hoc"],
    needs=fewest_words(needs(_P.ad_hoc)),
)
_VICE = rule(
    "chair.role.vice",
    "chair.role",
    _ci(_P.vice),
    "A vice-chair chaired: said in the chair's sentence or the signature.",
    examples=[
        ("chaired by the Vice-Chair, Mr Ali Khan", "Vice-Chair"),
        ("Vice Chairman", "Vice Chairman"),
    ],
    counter_examples=["chaired by the Chair", "vice versa"],
    needs=fewest_words(needs(_P.vice)),
)
# The signature's capacity names a chair: "Ad Hoc Chair, CWG-COP", "Chairman, Council ...".
_SIGNED_AS_CHAIR = rule(
    "chair.signature",
    "chair",
    _ci(_P.chair_words),
    "The chair is who signed the report as its chair (when no sentence says who chaired).",
    examples=[
        ("Ad Hoc Chair, CWG-COP", "Chair"),
        ("Chairman, Council Working Group on COP", "Chairman"),
    ],
    counter_examples=["Secretariat, CWG-COP", "Secretary of the Group"],
    needs=fewest_words(_P.chair_words),
)
# A person the text gives the chair's role ("Dr X, the Chairman"); their role was read by
# people.role_before or people.role_after, which field_rules name.
_BY_ROLE = "chair.person_role"
_CHAIR_ORDER = (_CHAIRED_BY.name, _CHAIRED_SUBJECT.name, _SIGNED_AS_CHAIR.name, _BY_ROLE)

_SIGNATURE_NAME = rule(
    "signature.name",
    "signature.name",
    rf"(?:{_HONORIFIC}\s*)?(?P<name>{NAME_RE}){_COUNTRY}?",
    "The signature's first line: the signer's name, with honorific and country if given.",
    examples=[
        ("Ms Eugenia Devincenzi (Republic of Argentina)", "Eugenia Devincenzi"),
        ("Mr Jan van der Berg (Netherlands)", "Jan van der Berg"),
        ("Dr John K. Mensah (Republic of Ghana)", "John K. Mensah"),
        ("Mr Okafor", "Okafor"),
        ("H.E. Mr Ahmed ibn Rashid", "Ahmed ibn Rashid"),
        ("Fiona McKay", "Fiona McKay"),
        ("Ms Siobhan O'Neill (Ireland)", "Siobhan O'Neill"),
    ],
    counter_examples=["ad hoc chair, cwg-cop"],
    group="name",
)
_SIGNATURE_TITLE = rule(
    "signature.title",
    "signature.title",
    r"\S(?s:.*)\S|\S",
    "The signature's lines under the name: the signer's capacity, as written.",
    examples=[("\nAd Hoc Chair, CWG-COP\n", "Ad Hoc Chair, CWG-COP")],
    counter_examples=["\n \n"],
)
_ORG_ARTICLE = patterncache.compile(rf"^{alternation(_P.organization_article)}\s+")
_NOT_NAME = frozenset(_P.not_name)
_ROLE_WINDOW = 90  # how far before or after a name its role may stand
_ABSENT_AFTER = rule(
    "people.absent_after",
    "people.absent",
    # Opens only where a run of spaces does: a search over a long run stays linear.
    rf"(?<![\s,])\s*(?:,\s*)?(?i:{alternation(_P.absent_after)})",
    "Said right after a name that its person was not there: 'Ms X (Spain), was absent'.",
    examples=[
        (", was absent.", ", was absent"),
        (" could not attend the meeting", " could not attend"),
        (", who sent her apologies.", ", who sent her apologies"),
    ],
    counter_examples=[" noted the absence of Mr Y", " thanked the Group"],
    needs=fewest_words(needs(_P.absent_after)),
)
# "Mr A (Kenya), Ms B and Mr C were absent": the names after this one, then a phrase said of
# them all; at most six more names, so a search stays linear.
_ABSENT_AFTER_LIST = rule(
    "people.absent_after_list",
    "people.absent",
    rf"(?<![\s,])(?>(?:\s*,\s*(?:{_ci(_P.name_joins)}\s+)?|\s+{_ci(_P.name_joins)}\s+)"
    rf"{_HONORIFIC}\s*{NAME_RE}{_COUNTRY}?)"
    rf"{{0,6}}\s*+,?\s*+(?i:{alternation(_P.absent_after_list)})",
    "Said after a list of names that their people were not there: 'Mr A and Ms B were absent'.",
    examples=[
        (" and Ms Jane Smith were absent.", " and Ms Jane Smith were absent"),
        (", Ms B (Chile) and Dr C could not attend", ", Ms B (Chile) and Dr C could not attend"),
        (" were absent", " were absent"),
    ],
    counter_examples=[" and Ms Jane Smith attended.", ", the Chair, was absent"],
    needs=fewest_words(needs(_P.absent_after_list)),
)
_ABSENT_WINDOW = 80  # how far before a name "in the absence of" may stand
# Right before a name: the absence word with the name as its object, or a role the name stands
# beside ("in the absence of the Chair, Dr X"); nothing else between ("In the absence of the
# Chair, the Vice-Chair, Mr Y chaired" says nothing of Mr Y).
_ABSENT_BEFORE = rule(
    "people.absent_before",
    "people.absent",
    rf"(?<!\w){_ci(_P.absent)}(?:\s+\p{{Ll}}+){{0,3}}?\s+{_ci(_P.absent_of)}\s+"
    rf"(?:(?P<role>{_ROLE})\s*,\s*)?$",
    "Said right before a name that its person was not there: 'in the absence of the Chair, '.",
    examples=[
        (
            "by apologizing for the absence of the Chair, ",
            "apologizing for the absence of the Chair, ",
        ),
        ("In the absence of ", "absence of "),
        ("Apologies were received from ", "Apologies were received from "),
    ],
    counter_examples=[
        "In the absence of the Chair, the Vice-Chair, ",
        "Ms X (Lebanese Republic), was absent, and ",
        "noted the absence of the Secretariat's staff. ",
    ],
    needs=fewest_words(needs(_P.absent)),
)

# Canonical role -> a pattern of its spellings ("Vice Chairman" -> "vice-chair").
_CANONICAL_ROLES = tuple(
    (canonical, patterncache.compile(alternation(spellings), regex.IGNORECASE))
    for canonical, spellings in _P.roles.items()
)


def _canonical_role(role: str) -> str:
    for canonical, spellings in _CANONICAL_ROLES:
        if spellings.fullmatch(role):
            return canonical
    return " ".join(role.lower().split())  # "head of the policy unit"


def _clean_name(name: str) -> str:
    words = name.split()
    for i, w in enumerate(words):
        if w.rstrip(".,") in _NOT_NAME and i > 0:
            words = words[:i]
            break
    return " ".join(words).rstrip(".,")


@dataclass
class _PersonBuilder:
    name: str
    honorific: str | None
    span: tuple[int, int]
    role: str | None = None
    organization: str | None = None
    country: str | None = None
    code: str | None = None
    absent: bool = False
    mentions: list[tuple[int, int]] = field(default_factory=list)
    field_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    field_rules: dict[str, str] = field(default_factory=dict)


def _take_role(person: _PersonBuilder, by: str, rm: regex.Match[str]) -> None:
    person.role = _canonical_role(rm.group("role"))
    person.field_spans["role"] = rm.span("role")
    person.field_rules["role"] = by
    if rm.group("org"):
        person.organization = _ORG_ARTICLE.sub("", rm.group("org")).strip()
        person.field_spans["organization"] = rm.span("org")
        person.field_rules["organization"] = by


def _note(
    ctx: ExtractContext,
    people: dict[str, _PersonBuilder],
    m: regex.Match[str],
    name: str,
    floor: int,
) -> None:
    """Record one mention of ``name`` (the person's role, country and absence around it)."""
    text = ctx.text
    name_span = (m.start("name"), m.start("name") + len(name))
    key = name.lower()
    person = people.get(key)
    if person is None:
        person = _PersonBuilder(
            name, normalize_honorific(m.group("hon")), (m.start(), name_span[1])
        )
        person.field_spans["name"] = name_span
        person.field_spans["honorific"] = m.span("hon")
        person.field_rules["name"] = person.field_rules["honorific"] = _MENTION.name
        people[key] = person
    person.mentions.append((m.start(), name_span[1]))
    sentence = ctx.sentence_at(m.start())
    # A role or country the person already has is kept: the words around a later mention are
    # read only for what is still missing (the role before, then after; the demonym before).
    before = (
        _ROLE_BEFORE.search(text, max(sentence[0], m.start() - _ROLE_WINDOW), m.start())
        if person.role is None or person.code is None
        else None
    )
    if before and person.role is None:
        _take_role(person, _ROLE_BEFORE.name, before)
    if person.role is None:
        end = min(sentence[1], m.end() + _ROLE_WINDOW)
        after = _ROLE_AFTER.pattern.match(text, m.end(), end)
        if after:
            _take_role(person, _ROLE_AFTER.name, after)
    if before and before.group("demonym") and person.code is None:
        person.code = demonym_country(before.group("demonym"))
    if m.group("country") and person.country is None:
        code = country_code(m.group("country"))
        if code:
            person.country, person.code = m.group("country").strip(), code
            person.field_spans["country"] = m.span("country")
            person.field_rules["country"] = _MENTION.name
    window_start = max(sentence[0], m.start() - _ABSENT_WINDOW, floor)
    if not person.absent and (  # once absent, always: a later mention adds nothing
        _absent_before(ctx, window_start, m.start())
        or _ABSENT_AFTER.pattern.match(text, m.end(), sentence[1])
        or (
            _ABSENT_AFTER_LIST.could_match(ctx.folded, m.end(), sentence[1])
            and _ABSENT_AFTER_LIST.pattern.match(text, m.end(), sentence[1])
        )
    ):
        person.absent = True


def _absent_before(ctx: ExtractContext, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, right before a name, says its person was not there.

    "in the absence of Dr X" and "in the absence of the Chair, Dr X" do; "Ms Y (Lebanese
    Republic), was absent, and Mr Z" does not say it of Mr Z (the words say it of the name
    before them, people.absent_after), nor "In the absence of the Chair, the Vice-Chair, Mr Z"
    (the absent one is the Chair).
    """
    return _ABSENT_BEFORE.could_match(ctx.folded, start, end) and (
        _ABSENT_BEFORE.search(ctx.text, start, end) is not None
    )


def _by_surname(people: Iterable[_PersonBuilder], surname: str) -> _PersonBuilder | None:
    """The person of several words whose last word is ``surname``."""
    low = surname.lower()
    return next((p for p in people if " " in p.name and p.name.split()[-1].lower() == low), None)


def find_people(ctx: ExtractContext) -> list[_PersonBuilder]:
    """Every person named with an honorific, merged by name.

    A surname alone ("Mr. Okafor") is a mention of the person of that surname named in full
    anywhere in the text; where nobody is, it is a person of its own, named as written.
    """
    text = ctx.text
    people: dict[str, _PersonBuilder] = {}
    alone: list[tuple[regex.Match[str], str, int]] = []
    sig = ctx.seg.signature
    last_mention_end = 0
    for m in _MENTION.finditer(text, ctx.header_end if ctx.header_end < len(text) else 0):
        name = _clean_name(m.group("name"))
        if not name or (sig and sig.start <= m.start() < sig.end):
            continue
        if " " not in name:
            alone.append((m, name, last_mention_end))
            continue
        _note(ctx, people, m, name, last_mention_end)
        last_mention_end = m.end()
    for m, name, floor in alone:
        match = _by_surname(people.values(), name)
        if match:
            match.mentions.append((m.start(), m.start("name") + len(name)))
        elif len(name) > 1 and name not in _NOT_NAME:  # never an initial alone ("Mr. K.")
            _note(ctx, people, m, name, floor)
    return sorted(people.values(), key=lambda p: p.span[0])


def extract_people(ctx: ExtractContext) -> list[Person]:
    """Everyone the body names with an honorific, with the role the text gives them.

    Example: ``"Mr. Malcolm Johnson, the Deputy Secretary-General of ITU"`` gives Malcolm
    Johnson, "Mr", role "deputy secretary-general", organization "ITU".
    """
    loc = ctx.loc
    out = []
    for p in find_people(ctx):
        span = loc.span(*p.span)
        out.append(
            Person(
                name=p.name,
                honorific=p.honorific,
                role=p.role,
                organization=p.organization,
                country=p.country,
                country_code=p.code,
                absent=p.absent,
                span=span,
                mentions=[loc.span(*s) for s in p.mentions],
                field_spans={k: loc.span(*v) for k, v in p.field_spans.items()},
                field_rules=p.field_rules,
            )
        )
    return out


def extract_signature(ctx: ExtractContext) -> Signature | None:
    r"""The closing block: ``"Ms Eugenia Devincenzi (Republic of Argentina)\nAd Hoc Chair"``."""
    sig = ctx.seg.signature
    if sig is None:
        return None
    text, loc = ctx.text, ctx.loc
    first_end = text.find("\n", sig.start, sig.end)
    first_end = sig.end if first_end < 0 else first_end
    spans: dict[str, Span] = {}
    rules: dict[str, str] = {}
    m = _SIGNATURE_NAME.pattern.fullmatch(text, sig.start, first_end)
    name = hon = country = None
    if m:
        name = _clean_name(m.group("name"))
        spans["name"] = loc.span(m.start("name"), m.start("name") + len(name))
        if m.group("hon"):
            hon = normalize_honorific(m.group("hon"))
            spans["honorific"] = loc.span(*m.span("hon"))
        if m.group("country"):
            country = m.group("country").strip()
            spans["country"] = loc.span(*m.span("country"))
        rules = dict.fromkeys(spans, _SIGNATURE_NAME.name)
    title = None
    t = _SIGNATURE_TITLE.search(text, first_end, sig.end)
    if t:
        title = " ".join(t.group(0).split())
        spans["title"] = loc.span(*t.span())
        rules["title"] = _SIGNATURE_TITLE.name
    return Signature(
        name=name,
        honorific=hon,
        country=country,
        title=title,
        span=sig,
        field_spans=spans,
        field_rules=rules,
    )


def _chair_role(said: str, pre: str | None) -> tuple[str, str | None, tuple[int, int] | None]:
    """The chair's role from what the text says of it, the rule that read it, and where in
    ``said`` the words stand (``None``: the plain chair, said by the sentence as a whole, or
    read from ``pre``).
    """  # noqa: D205
    if m := _AD_HOC.search(said):
        return _ROLES.ad_hoc, _AD_HOC.name, m.span()
    if pre and _VICE.search(pre):
        return _ROLES.vice, _VICE.name, None
    if m := _VICE.search(said):
        return _ROLES.vice, _VICE.name, m.span()
    return _ROLES.chair, None, None


def _chair_from_sentence(
    ctx: ExtractContext, m: regex.Match[str], by: str, people: list[Person]
) -> Chair | None:
    """The chair a "chaired by" sentence names.

    A name of one word is a chair only after an honorific ("chaired by Mr. Okafor"), and is
    the full name of the person of that surname where the text names one.
    """
    name = _clean_name(m.group("name"))
    hon, country = m.group("hon"), m.group("country")
    hon_at = m.span("hon") if hon else None
    pre = m.group("pre")
    if (
        not hon
        and pre
        and is_honorific(pre)
        and not ctx.text[m.end("pre") : m.start("name")].strip()
    ):
        # "chaired by Ambassador Elena Petrova": a role word that is also an honorific, with
        # no comma before the name, is the name's honorific.
        hon, hon_at = pre, m.span("pre")
    if " " not in name:
        if not hon or len(name) < 2 or name in _NOT_NAME:
            return None
        low = name.lower()
        full = next(
            (p for p in people if " " in p.name and p.name.split()[-1].lower() == low), None
        )
        if full is not None:  # named in full elsewhere: the chair is that person
            return _chair_from_named(
                ctx, m, by, full.name, (hon, hon_at), country, full.field_spans["name"]
            )
    return _chair_from_named(ctx, m, by, name, (hon, hon_at), country, None)


def _chair_from_named(
    ctx: ExtractContext,
    m: regex.Match[str],
    by: str,
    name: str,
    honorific: tuple[str | None, tuple[int, int] | None],
    country: str | None,
    name_span: Span | None,
) -> Chair:
    """The chair of a "chaired by" match, named as written or where ``name_span`` is."""
    loc = ctx.loc
    hon, hon_at = honorific
    sa, sb = ctx.sentence_at(m.start())
    role, role_rule, said = _chair_role(ctx.text[sa:sb], m.group("pre"))
    if said is not None:
        role_at = (sa + said[0], sa + said[1])
    elif m.group("pre") and role_rule:
        role_at = m.span("pre")
    else:
        role_at = (sa, sb)
    spans = {
        "name": name_span or loc.span(m.start("name"), m.start("name") + len(name)),
        "role": loc.span(*role_at),
    }
    rules = {"name": by, "role": role_rule or by}
    if hon and hon_at:
        spans["honorific"] = loc.span(*hon_at)
        rules["honorific"] = by
    code = None
    if country:
        code = country_code(country)
        if code:
            spans["country"] = spans["country_code"] = loc.span(*m.span("country"))
            rules["country"] = rules["country_code"] = by
        else:
            country = None
    span = loc.span(m.start(), m.end())
    return Chair(
        name=name,
        honorific=normalize_honorific(hon) if hon else None,
        country=country.strip() if country else None,
        country_code=code,
        role=role,
        span=span,
        field_spans=spans,
        field_rules=rules,
    )


def _chair_from_signature(signature: Signature) -> Chair | None:
    """The signer, where the signature's capacity names a chair."""
    if not (signature.name and signature.title and _SIGNED_AS_CHAIR.search(signature.title)):
        return None
    role, role_rule, _ = _chair_role(signature.title, None)
    keep = ("name", "honorific")
    spans = {k: v for k, v in signature.field_spans.items() if k in keep}
    rules = {k: v for k, v in signature.field_rules.items() if k in keep}
    spans["role"] = signature.field_spans["title"]
    rules["role"] = role_rule or _SIGNED_AS_CHAIR.name
    code = country_code(signature.country) if signature.country else None
    if signature.country and code:
        spans["country"] = spans["country_code"] = signature.field_spans["country"]
        rules["country"] = rules["country_code"] = signature.field_rules["country"]
    return Chair(
        name=signature.name,
        honorific=signature.honorific,
        country=signature.country if code else None,
        country_code=code,
        role=role,
        span=signature.span,
        field_spans=spans,
        field_rules=rules,
    )


def _chair_from_person(p: Person) -> Chair:
    keep = ("name", "honorific", "role", "country")
    spans = {k: v for k, v in p.field_spans.items() if k in keep}
    rules = {k: v for k, v in p.field_rules.items() if k in keep}
    if p.country_code and "country" in spans:
        spans["country_code"], rules["country_code"] = spans["country"], rules["country"]
    return Chair(
        name=p.name,
        honorific=p.honorific,
        country=p.country,
        country_code=p.country_code,
        role=_ROLES.chair,
        span=p.span,
        field_spans=spans,
        field_rules=rules,
    )


def _chair_candidates(
    ctx: ExtractContext, people: list[Person], signature: Signature | None
) -> list[Candidate]:
    """One candidate per source of the chair: the first each source gives.

    A sentence of a lower-ranked shape cannot win once one of a higher rank was found, so it
    is not searched for.
    """
    out: list[Candidate] = []
    for r in (_CHAIRED_BY, _CHAIRED_SUBJECT):
        if out or not r.could_match(ctx.folded):
            continue
        for m in r.finditer(ctx.text):
            chair = _chair_from_sentence(ctx, m, r.name, people)
            if chair is not None:
                out.append(Candidate("chair", chair, m.start(), m.end(), r.name))
                break
    if signature is not None and (chair := _chair_from_signature(signature)) is not None:
        out.append(
            Candidate(
                "chair", chair, signature.span.start, signature.span.end, _SIGNED_AS_CHAIR.name
            )
        )
    for p in people:
        if p.role == _ROLES.chair and not p.absent:
            out.append(
                Candidate("chair", _chair_from_person(p), p.span.start, p.span.end, _BY_ROLE)
            )
            break
    return out


def _filled_from_person(chair: Chair, people: list[Person]) -> Chair:
    """``chair`` with the honorific and country it lacks taken from the same person.

    The same person is the one of the same name that the text gives a chair's role or no
    role: "opened by the Chairman, Ambassador Nguyễn Thị Lan (Socialist Republic of Viet
    Nam)" gives the chair read from the signature "Nguyễn Thị Lan / Chairman, CWG-COP" its
    honorific and country, each with the span and rule it was read by. A person of another
    role ("the Secretary, Ms X") fills nothing.
    """
    if chair.honorific and chair.country:
        return chair
    roles = {None, _ROLES.chair, _ROLES.ad_hoc, _ROLES.vice}
    key = chair.name.casefold()
    same = next((p for p in people if p.name.casefold() == key and p.role in roles), None)
    if same is None:
        return chair
    update: dict[str, object] = {}
    spans, rules = dict(chair.field_spans), dict(chair.field_rules)
    if not chair.honorific and same.honorific and "honorific" in same.field_spans:
        update["honorific"] = same.honorific
        spans["honorific"] = same.field_spans["honorific"]
        rules["honorific"] = same.field_rules["honorific"]
    if not chair.country and same.country and same.country_code and "country" in same.field_spans:
        update |= {"country": same.country, "country_code": same.country_code}
        spans["country"] = spans["country_code"] = same.field_spans["country"]
        rules["country"] = rules["country_code"] = same.field_rules["country"]
    if not update:
        return chair
    return chair.model_copy(update={**update, "field_spans": spans, "field_rules": rules})


def extract_chair(
    ctx: ExtractContext, people: list[Person], signature: Signature | None
) -> tuple[Chair | None, list[Diagnostic]]:
    """Whoever chaired the meeting, from the first source that names one, in this order.

    1. A sentence: "chaired by Dr X (Country)", "under the chairmanship of ...", "Mr X chaired
       the meeting";
    2. the signature, where its capacity names a chair ("Ad Hoc Chair, CWG-COP");
    3. a person the text gives the chair's role ("Dr X, the Chairman").

    An honorific or country the winning source lacks is the same person's, where the text
    gives them elsewhere (``_filled_from_person``).
    """
    diagnostics: list[Diagnostic] = []
    best = resolve(_chair_candidates(ctx, people, signature), _CHAIR_ORDER)
    if best is None:
        diagnostics.append(
            Diagnostic(
                code="chair-missing",
                severity=Severity.WARNING,
                message="no chair found (no 'chaired by', no signature by a chair)",
            )
        )
        return None, diagnostics
    assert isinstance(best.value, Chair)
    chair = _filled_from_person(best.value, people)
    said = best.rule in (_CHAIRED_BY.name, _CHAIRED_SUBJECT.name)
    if said and signature and signature.name and signature.name.lower() != chair.name.lower():
        diagnostics.append(
            Diagnostic(
                code="chair-signature-mismatch",
                severity=Severity.WARNING,
                message=f"the meeting was chaired by {chair.name}, but the report is signed by"
                f" {signature.name}",
                span=signature.span,
            )
        )
    return chair, diagnostics


def with_chair(people: list[Person], chair: Chair | None) -> list[Person]:
    """``people`` with the chair in it, given the chair's role where the text gave none."""
    if chair is None:
        return people
    out = []
    found = False
    for p in people:
        if p.name.lower() == chair.name.lower():
            found = True
            if p.role is None:
                p = p.model_copy(update={"role": chair.role})
        out.append(p)
    if not found:
        keep = ("name", "honorific")
        out.append(
            Person(
                name=chair.name,
                honorific=chair.honorific,
                role=chair.role,
                country=chair.country,
                country_code=chair.country_code,
                span=chair.span,
                mentions=[chair.field_spans.get("name", chair.span)],
                field_spans={k: v for k, v in chair.field_spans.items() if k in keep},
                field_rules={k: v for k, v in chair.field_rules.items() if k in keep},
            )
        )
        out.sort(key=lambda p: p.span.start)
    return out
