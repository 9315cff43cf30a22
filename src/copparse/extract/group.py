"""The working group's names, its contribution codes and the symbols of its documents.

Built once from the lexicon's ``group`` and ``cover`` sections; every module that recognises the
group (the report gate, the segmenter's code items, the header, the contribution list) uses
these patterns instead of spelling the group's name or code again.
"""

from __future__ import annotations

import functools

import regex

from copparse.extract import finditer_opening, opening_words
from copparse.extract.places import fewest_words
from copparse.lang import alternation, lexicon
from copparse.rules import rule

__all__ = [
    "CODE_RE",
    "CODE_RULE",
    "COUNCIL_SYMBOL_RE",
    "COUNCIL_SYMBOL_RULE",
    "GROUP_CODE",
    "GROUP_NAME_RE",
    "GROUP_SUBJECT_RE",
    "MEETING_SYMBOL",
    "REVISION",
    "canonical_group",
    "find_group_names",
]

_LEX = lexicon("en")
_GROUP = _LEX.group
_COVER = _LEX.cover
_LETTERS = _GROUP.code_letters
_C, _WG, _CH, _ON, _PR = (
    regex.escape(letters)
    for letters in (
        _LETTERS["council"], _LETTERS["working_group"], _LETTERS["child"], _LETTERS["online"],
        _LETTERS["protection"],
    )
)  # fmt: skip

# The group part of a code: C? WG [- ]? then COP, OP or CP ("WG-CP", "CWG-COP", "WGCP",
# "CWG COP"); to be matched case-insensitively.
GROUP_CODE = rf"(?:{_C}?{_WG}[- ]?(?:{_CH}?{_ON}{_PR}|{_CH}{_PR}))"
# The word of a revision, without its full stop: "Rev.1", "Rev 1", "(Rev.1)".
REVISION = alternation([r.rstrip(".") for r in _GROUP.revision], bounded=False)

# "WG-CP/13/2", "CWG-COP/17/3(Rev.1)", "WG-CP/1/16 Rev.1", "WGCP/1/16", "CWG COP/2/1".
CODE_RULE = rule(
    "contribution.code",
    "contributions.code",
    rf"(?<![\w-])(?P<group>{GROUP_CODE})\s?/\s?(?P<meeting>\d{{1,2}})\s?/\s?"
    # A revision in parentheses takes its own ")", never the sentence's: "(WGCP/1/16 Rev.1)".
    rf"(?P<num>\d{{1,3}})(?!\d)(?:\s?\(\s?{REVISION}\.?\s?(?P<rev>\d{{1,2}})\s?\)"
    rf"|\s?{REVISION}\.?\s?(?P<rev>\d{{1,2}}))?",
    "A contribution code: the group, the meeting, the number and any revision.",
    examples=[
        ("· WG-CP/13/2: Contribution from RUSSIA", "WG-CP/13/2"),
        ("• CWG-COP/17/3(Rev.1): Work plan", "CWG-COP/17/3(Rev.1)"),
        ("- WG-CP/1/16 Rev.1: Draft report", "WG-CP/1/16 Rev.1"),
        ("– WGCP/1/3: Contribution from Brazil", "WGCP/1/3"),
        ("a stray colon: (WG-CP/1/1:) was", "WG-CP/1/1"),
        ("CWG COP/2/1", "CWG COP/2/1"),
        ("as noted (WGCP/1/16 Rev.1) earlier", "WGCP/1/16 Rev.1"),
        ("document cwg-cop/9/11, entitled", "cwg-cop/9/11"),
    ],
    counter_examples=["C20/57-E", "WG-COP/13", "XWG-CP/13/2", "WG-CP/13/2345", "WGP/1/2"],
    flags=regex.IGNORECASE,
)
CODE_RE = CODE_RULE.pattern

# The group's names and abbreviations as a report writes them; an abbreviation that starts a
# code ("WG-CP/13/2") or a symbol ("CWG-COP-14/3-E") is not a name.
GROUP_NAME_RE = rule(
    "document.group_names",
    "document.group_names",
    rf"{alternation(_GROUP.names)}|{alternation(_GROUP.abbreviations)}(?![-/]\d|/)",
    "A name or an abbreviation of the group.",
    examples=[
        ("of the Council Working Group on Child Online Protection (CWG-CP)",
         "Council Working Group on Child Online Protection"),
        ("Chairman, Council Working Group on COP", "Council Working Group on COP"),
        ("Report of the CWG COP", "CWG COP"),
        ("Ad Hoc Chair, CWG-COP", "CWG-COP"),
        ("the wg-cp agreed", "wg-cp"),
    ],
    counter_examples=["WG-CP/13/2", "CWG-COP-14/3-E", "the CWG-COPs", "Working Group on Spectrum"],
    flags=regex.IGNORECASE,
).pattern  # fmt: skip
# The words every name and abbreviation opens with (find_group_names looks there only).
_GROUP_NAME_OPENS = opening_words((*_GROUP.names, *_GROUP.abbreviations))

# The subject's words, which name the group without its abbreviation.
GROUP_SUBJECT_RE = rule(
    "document.group_subject",
    "document.group_names",
    alternation(_GROUP.subject, bounded=False),
    "The group's subject, which marks a text as the group's (the report gate).",
    examples=[("guidelines on child online protection for", "child online protection")],
    counter_examples=["online child safety", "data protection"],
    needs=fewest_words([w.split()[0] for w in _GROUP.subject]),
    flags=regex.IGNORECASE,
).pattern

_LANGUAGE = alternation(_COVER.symbol_languages, bounded=False)
# "C17/24-E", "C11/45(Rev.1)-E", "C20/57-E" (the language letter may be glued to a date).
COUNCIL_SYMBOL_RULE = rule(
    "document.symbol.council",
    "document.symbol",
    rf"(?<![\w/]){_C}\d{{2}}/\d{{1,3}}(?:\s?\({REVISION}\.\s?\d+\))?-{_LANGUAGE}(?![a-z])",
    'A Council document symbol, read where no "Document" label gives one.',
    examples=[
        ("Council 2020 C20/57-E Original", "C20/57-E"),
        ("C11/45(Rev.1)-E", "C11/45(Rev.1)-E"),
        ("Document C20/57-E3 March 2020", "C20/57-E"),
    ],
    counter_examples=["WG-CP/13/2", "C20/57-Eng", "AC20/57-E", "C2020/57-E"],
)
COUNCIL_SYMBOL_RE = COUNCIL_SYMBOL_RULE.pattern
# "WG-CP/1/16 Rev.1", "WG-COP/13", "CWG-COP-14/3-E": the symbol of a meeting document.
MEETING_SYMBOL = (
    rf"{GROUP_CODE}(?:[-/]\d{{1,2}})?/\d{{1,3}}(?:\s?\(?{REVISION}\.\s?\d+\)?)?"
    rf"(?:-{_LANGUAGE}(?![a-z]))?"
)


@functools.lru_cache(maxsize=64)
def canonical_group(group: str) -> str:
    """``"WGCP"`` -> ``"WG-CP"``, ``"cwg cop"`` -> ``"CWG-COP"``: the group part of a code."""
    council, working_group = _LETTERS["council"], _LETTERS["working_group"]
    bare = group.upper().replace("-", "").replace(" ", "")
    head = council * bare.startswith(council)
    return f"{head}{working_group}-" + bare.removeprefix(council).removeprefix(working_group)


def find_group_names(
    text: str, end: int | None = None, low: str | None = None
) -> list[tuple[str, int, int]]:
    """Each distinct name or abbreviation of the group, as written, with its first place.

    ``low``, the text's :func:`copparse.extract.folded`, lets the search go only to where a
    name's first word stands.
    """
    seen: dict[str, tuple[str, int, int]] = {}
    for m in finditer_opening(GROUP_NAME_RE, text, low, _GROUP_NAME_OPENS, endpos=end):
        name = " ".join(m.group(0).split())
        seen.setdefault(name, (name, m.start(), m.end()))
    return list(seen.values())
