"""The registry of extraction rules: each pattern with its name, its field and its examples.

An extractor never compiles a vocabulary pattern of its own: it declares a :class:`Rule`
(built from the lexicon) with :func:`rule`, and the registry keeps it. The registry is what the
tests walk: every example must give its value and every counter-example must not match
(``tests/test_rules.py``), every pattern must stay linear on hostile input
(``tests/test_reliability.py``), and the field reference in docs/formats.md is generated from it.

Values an extractor reads are :class:`Candidate` s tagged with the rule that produced them;
:func:`resolve` picks one per field in the order the extractor states, and the winning rule's
name goes into the item's ``field_rules``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import os
import pickle
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from copparse import patterncache

__all__ = [
    "Candidate",
    "Rule",
    "all_rules",
    "compile_all",
    "resolve",
    "rule",
    "rules_markdown",
]

_REGISTRY: dict[str, Rule] = {}

# The modules that declare rules; importing them fills the registry.
_RULE_MODULES = (
    "copparse.reflow",
    "copparse.segment",
    "copparse.extract",
    "copparse.extract.lexicon",
    "copparse.extract.group",
    "copparse.extract.header",
    "copparse.extract.meetings",
    "copparse.extract.people",
    "copparse.extract.participants",
    "copparse.extract.resolutions",
    "copparse.extract.agenda",
    "copparse.extract.contributions",
    "copparse.extract.documents",
    "copparse.extract.outcomes",
    "copparse.extract.report",
    "copparse.checks",
)


@dataclass(frozen=True)
class Rule:
    """One named pattern that reads one field.

    Attributes:
        name: Unique, dotted: ``"<field family>.<how>"`` (``"meeting.number.ordinal"``).
        field: The model field it reads (``"meetings.number"``), or the structure it finds.
        source: The pattern (built from the lexicon), as written or compiled.
        pattern: ``source`` compiled, on first use.
        description: One line for the field reference.
        examples: ``(text, value)``: a search of ``text`` finds ``value`` in ``group``.
        counter_examples: Texts the pattern must not match at all.
        needs: Lower-case words of which a text must hold one for the pattern to match: a
            substring test on them skips text at a fraction of a search's cost.
        group: The group whose text is the value (0: the whole match).
        flags: The flags ``source`` is compiled with.
    """

    name: str
    field: str
    source: str | regex.Pattern[str]
    description: str
    examples: tuple[tuple[str, str], ...] = ()
    counter_examples: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    group: int | str = 0
    flags: int = 0
    # Compiled on first use (see __getattr__), then an attribute like any other: a rule a
    # text never reaches (a rare cover, a press release) costs nothing at start-up.
    pattern: regex.Pattern[str] = dataclasses.field(init=False, repr=False, compare=False)

    def __getattr__(self, name: str) -> Any:
        # Called only for an attribute not set: ``pattern`` before its first use.
        if name != "pattern":
            raise AttributeError(name)
        src = self.source
        compiled = src if isinstance(src, regex.Pattern) else patterncache.compile(src, self.flags)
        object.__setattr__(self, "pattern", compiled)
        return compiled

    def could_match(self, folded: str | None, start: int = 0, end: int | None = None) -> bool:
        """Whether the lower-cased text (see ``extract.folded``) may hold a match in range."""
        if not self.needs or folded is None:
            return True
        stop = len(folded) if end is None else end
        return any(folded.find(word, start, stop) >= 0 for word in self.needs)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        """The first match in ``text[pos:endpos]``."""
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[regex.Match[str]]:
        """Every match in ``text[pos:endpos]``."""
        return self.pattern.finditer(text, pos, len(text) if endpos is None else endpos)

    def value(self, text: str) -> str | None:
        """The value the first match in ``text`` reads, or ``None``."""
        m = self.pattern.search(text)
        return None if m is None else m.group(self.group)

    def failures(self) -> list[str]:
        """What is wrong with this rule's examples: empty when every one holds."""
        out = []
        for text, want in self.examples:
            got = self.value(text)
            if got != want:
                out.append(f"{self.name}: {text!r} gave {got!r}, not {want!r}")
            low = text.lower()
            if self.needs and not any(w in low for w in self.needs):
                out.append(f"{self.name}: example {text!r} holds none of the words it needs")
        for text in self.counter_examples:
            m = self.pattern.search(text)
            if m is not None:
                out.append(f"{self.name}: counter-example {text!r} matched {m.group(0)!r}")
        return out


def rule(
    name: str,
    field: str,
    pattern: str | regex.Pattern[str],
    description: str,
    *,
    examples: Iterable[tuple[str, str]] = (),
    counter_examples: Iterable[str] = (),
    needs: Iterable[str] = (),
    group: int | str = 0,
    flags: int = 0,
) -> Rule:
    """Declare and register a rule; a name can be declared once only."""
    if name in _REGISTRY:
        raise ValueError(f"rule {name!r} is declared twice")
    made = Rule(
        name=name,
        field=field,
        source=pattern,
        description=description,
        examples=tuple(examples),
        counter_examples=tuple(counter_examples),
        needs=tuple(w.lower() for w in needs),
        group=group,
        flags=flags,
    )
    _REGISTRY[name] = made
    return made


def all_rules() -> list[Rule]:
    """Every rule of every extraction module, sorted by name."""
    for module in _RULE_MODULES:
        importlib.import_module(module)
    return sorted(_REGISTRY.values(), key=lambda r: r.name)


# Below this many uncompiled patterns (some 20 ms of compiling) a fork costs what it saves.
_HELPER_MINIMUM = 20


def compile_all(*, helper: bool = False) -> None:
    """Compile every rule's pattern now, which :attr:`Rule.pattern` otherwise does on first
    use: a process that forks a child per document does it once, before the first fork, so
    that no child compiles a pattern its document is the first to reach.

    With ``helper`` (for a process of copparse's own, which has a core to spare: ``convert``'s
    forkserver), a forked child compiles about half of them at the same time.
    """  # noqa: D205
    todo = [r for r in all_rules() if isinstance(r.source, str) and "pattern" not in vars(r)]
    # What the pattern cache holds loads in microseconds: no helper is worth forking for it.
    held = [r for r in todo if patterncache.cached(str(r.source), r.flags)]
    for r in held:
        assert r.pattern is not None
    todo = [r for r in todo if "pattern" not in vars(r)]
    if helper and len(todo) >= _HELPER_MINIMUM:
        todo = _compile_with_helper(todo)
    for r in todo:
        assert r.pattern is not None


def _compile_with_helper(todo: list[Rule]) -> list[Rule]:
    """Compile ``todo`` here and in a forked child, half each; the rules left to compile.

    A compiled ``regex`` pattern pickles as its compiled form (what the C engine is built
    from) and loads without compiling again, so the child's half costs this process about
    20 us a pattern: the same objects as compiled here, in half the time on two cores. If the
    child fails in any way, what it did not send is compiled here.
    """
    if not hasattr(os, "fork") or threading.active_count() != 1 or len(todo) < 2:
        return todo
    mine: list[Rule] = []
    theirs: list[Rule] = []
    load = [0, 0]  # the length of a pattern's source as a guess at its cost
    for r in sorted(todo, key=lambda r: -len(str(r.source))):
        side = 0 if load[0] <= load[1] else 1
        (mine, theirs)[side].append(r)
        load[side] += len(str(r.source))
    readable, writable = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(readable)
        os.close(writable)
        return todo
    if pid == 0:  # the helper: compile, send, leave without running any exit handler
        code = 1
        try:
            os.close(readable)
            compiled = [(r.name, r.pattern) for r in theirs]
            with os.fdopen(writable, "wb") as f:
                f.write(pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL))
            code = 0
        finally:
            os._exit(code)
    os.close(writable)
    try:
        for r in mine:
            assert r.pattern is not None
        with os.fdopen(readable, "rb") as f:
            data = f.read()
    finally:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    with contextlib.suppress(Exception):  # a short or broken message: compiled here instead
        for name, pattern in pickle.loads(data):
            r = _REGISTRY[name]
            if (
                isinstance(pattern, regex.Pattern)
                and pattern.pattern == r.source
                and "pattern" not in vars(r)
            ):
                object.__setattr__(r, "pattern", pattern)
                patterncache.remember(pattern.pattern, r.flags, pattern)
    return [r for r in theirs if "pattern" not in vars(r)]


@dataclass(frozen=True)
class Candidate:
    """A value one rule read for one field, and where."""

    field: str
    value: object
    start: int
    end: int
    rule: str
    extra: dict[str, object] = dataclasses.field(default_factory=dict)


def resolve(candidates: Iterable[Candidate], order: Sequence[str]) -> Candidate | None:
    """The candidate of the rule that comes first in ``order``; the earliest of its kind.

    A candidate of a rule missing from ``order`` never wins: the order is the whole policy.
    """
    rank = {name: i for i, name in enumerate(order)}
    ranked = [c for c in candidates if c.rule in rank]
    return min(ranked, key=lambda c: (rank[c.rule], c.start), default=None)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "\\n")


def rules_markdown() -> str:
    """The field reference: every rule, its field, what it reads, and one example."""
    lines = [
        "| field | rule | reads | example | value |",
        "|---|---|---|---|---|",
    ]
    for r in sorted(all_rules(), key=lambda r: (r.field, r.name)):
        text, value = r.examples[0] if r.examples else ("", "")
        example = f"`{_cell(text)}`" if text else ""
        lines.append(
            f"| {r.field} | `{r.name}` | {_cell(r.description)} | {example} |"
            f" {f'`{_cell(value)}`' if value else ''} |"
        )
    return "\n".join(lines) + "\n"
