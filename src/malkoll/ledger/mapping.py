"""Where each row of the ledger goes: its account (part of the nämnder's net cost, and
cost or income) and its ansvar (an organisation, the nämnd that answers for it, and the
unit directly under the nämnd whose figures it joins).

An ansvar that is neither mapped, nor ignored, nor a result line's (`ansvar_poster`), one
mapped to an organisation that cannot take amounts, and an amount without ansvar are MK511
problems at the row's line in the ledger file, one per ansvar (or account), at its first
row. The result lines' amounts (`post_of`) are summed by `posts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from malkoll import findings as f
from malkoll.errors import BadOption
from malkoll.ledger.rows import Ledger, Row
from malkoll.model import files as m
from malkoll.model.index import Index
from malkoll.rules.ledger import MK511, why_not
from malkoll.text import printable, quote, tal, yaml_key

SHOWN = 10
"""At most this many ansvar or accounts are named one by one; the rest in one finding."""

UNITS = {"kr": Decimal(1), "tkr": Decimal(1000), "mnkr": Decimal(1_000_000)}
"""The units a ledger's amounts and `ekonomi.enhet` may be in, in kronor."""


@dataclass(frozen=True)
class Target:
    """Where an ansvar's amounts go: the organisation, its nämnd, and the `enheter` entry:
    the organisation below the nämnd's `split_level` that holds it, or the nämnd itself
    for what is booked on the nämnd or on the single organisations between it and that
    level (a sektor's own management)."""

    org: str
    namnd: str
    enhet: str


class Mapping:
    """The mapping of `ekonomi.importera` over the organisation tree."""

    def __init__(self, settings: m.Installningar, index: Index) -> None:
        self._counts: dict[str, bool] = {}
        self._income: dict[str, bool] = {}
        # a ledger has few accounts and many rows: each account's answers are kept
        self.settings = settings.ekonomi.importera
        self.index = index
        self.konton = tuple(self.settings.konton)
        self.intakter = tuple(self.settings.intakter)
        self.ignored = frozenset(self.settings.ignorera)
        self.poster = dict(self.settings.poster)
        """Account prefix → result line, for accounts outside `konton`."""
        self.ansvar_poster = dict(self.settings.ansvar_poster)
        """Ansvar → result line, for its amounts on `konton`."""
        self.read = self.konton + tuple(p for p in self.poster if not self.counts(p))
        """The accounts a ledger's rows are read for: the nämnder's and the result lines'."""
        unit = settings.ekonomi.enhet.strip().lower()
        if unit not in UNITS:
            raise BadOption(
                f"`ekonomi.enhet` i malkoll.yaml är {quote(settings.ekonomi.enhet)}; importen "
                "kan räkna om till kr, tkr eller mnkr. Ange en av dem."
            )
        self.unit = unit
        self.factor = UNITS[self.settings.belopp] / UNITS[unit]
        """What one of the file's amounts is in the repository's unit."""
        self._targets: dict[str, Target | str] = {}

    def counts(self, account: str) -> bool:
        """Whether the account is part of the nämnder's net cost."""
        known = self._counts.get(account)
        if known is None:
            known = self._counts[account] = account.startswith(self.konton)
        return known

    def income(self, account: str) -> bool:
        known = self._income.get(account)
        if known is None:
            known = self._income[account] = account.startswith(self.intakter)
        return known

    def post_of(self, row: Row) -> str | None:
        """The result line (`bokslut.yaml` `poster`) a row's amount belongs to, if any: by
        its ansvar (`ansvar_poster`) on an account of `konton`, else by the longest prefix
        of `poster` its account starts with, whatever its ansvar."""
        if self.counts(row.account):
            return self.ansvar_poster.get(row.ansvar) if row.ansvar is not None else None
        prefixes = [p for p in self.poster if row.account.startswith(p)]
        return self.poster[max(prefixes, key=len)] if prefixes else None

    def target(self, code: str) -> Target | str | None:
        """The ansvar's target; None when it is ignored; a Swedish reason when it cannot
        be placed (not mapped, or mapped to an organisation that cannot take amounts)."""
        if code in self.ignored or code in self.ansvar_poster:
            return None  # not a nämnd's: ignored, or a result line's (`posts`)
        known = self._targets.get(code)
        if known is not None:
            return known
        org = self.settings.ansvar.get(code)
        found: Target | str
        if org is None:
            found = "unmapped"
        else:
            reason = why_not(self.index, org)
            found = f"mappas till {quote(org)}, {reason}" if reason else self._place(org)
        self._targets[code] = found
        return found

    def _place(self, org: str) -> Target:
        namnd = self.index.namnd_of(org) or org
        split = split_level(self.index, namnd)
        enhet = org
        while enhet != namnd and self.index.parent(enhet) != split:
            enhet = self.index.parent(enhet) or namnd
        if enhet != namnd and self.index.parent(enhet) != split:
            enhet = namnd
        return Target(org, namnd, enhet)


def split_level(index: Index, namnd: str) -> str:
    """The organisation whose children a nämnd's figures are split on: the nämnd, or, where
    the nämnd has a single organisation below it (a sektor), the first one down that has
    more than one (the sektor's verksamheter), so that the split says something."""
    level = namnd
    while len(children := index.children(level)) == 1 and index.typ(children[0]) != "namnd":
        level = children[0]
    return level


def place(ledger: Ledger, mapping: Mapping) -> tuple[list[tuple[Row, Target]], list[f.Problem]]:
    """The rows that count, each with its target, and the MK511 problems of the rest."""
    placed: list[tuple[Row, Target]] = []
    problems: list[f.Problem] = []
    reported: set[tuple[str, str]] = set()
    unmapped: list[f.Problem] = []  # the first SHOWN named, the rest counted
    counts = mapping.counts
    targets: dict[str, Target | str | None] = {}
    for row in [*ledger.rows, *ledger.without_ansvar]:
        if not counts(row.account):
            continue
        if row.ansvar is None:
            if ("konto", row.account) not in reported:
                reported.add(("konto", row.account))
                problems.append(_without_ansvar(ledger.rel, row, mapping))
            continue
        if row.ansvar in targets:
            target = targets[row.ansvar]
        else:
            target = targets[row.ansvar] = mapping.target(row.ansvar)
        if target is None:
            continue
        if isinstance(target, Target):
            placed.append((row, target))
        elif ("ansvar", row.ansvar) not in reported:
            reported.add(("ansvar", row.ansvar))
            (unmapped if target == "unmapped" else problems).append(_unplaced(ledger, row, target))
    return placed, problems + capped(
        unmapped,
        "Ytterligare {} ansvar i filen har ingen mappning i malkoll.yaml.",
        "`malkoll ekonomi mappning FIL` skriver ut ett utkast till hela mappningen ur "
        "ansvarens namn i filen.",
    )


def capped(problems: list[f.Problem], more: str, hint: str) -> list[f.Problem]:
    """``problems``, the first SHOWN of them and then one that counts the rest (``more``
    with the count put in), at the first left out, with the same rule and severity."""
    if len(problems) <= SHOWN:
        return problems
    first = problems[SHOWN]
    rest = f.Problem(
        first.rule,
        first.path,
        first.where,
        more.format(tal(len(problems) - SHOWN)),
        hint,
        grace=first.grace,
    )
    return [*problems[:SHOWN], rest]


def _unplaced(ledger: Ledger, row: Row, reason: str) -> f.Problem:
    code = row.ansvar or ""
    name = ledger.names.get(code)
    named = f"{quote(code)} ({printable(name)})" if name else quote(code)
    if reason == "unmapped":
        message = f"Ansvaret {named} i filen har ingen mappning i malkoll.yaml."
        hint = (
            f"Lägg till det under `ekonomi.importera.ansvar` i malkoll.yaml, t.ex. "
            f"`{yaml_key(code)}: <organisationens id>`, eller under "
            "`ekonomi.importera.ignorera` om det inte hör till nämnderna."
        )
    else:
        message = f"Ansvaret {named} i filen {reason}."
        hint = "Rätta mappningen under `ekonomi.importera.ansvar` i malkoll.yaml."
    return f.Problem(MK511, ledger.rel, f.Where(row.line, row.column), message, hint)


def _without_ansvar(rel: str, row: Row, mapping: Mapping) -> f.Problem:
    dim = mapping.settings.ansvar_dimension
    return f.Problem(
        MK511,
        rel,
        f.Where(row.line, row.column),
        f"Beloppet på konto {quote(row.account)} har inget ansvar, så det kan inte läggas "
        "på någon nämnd.",
        f"Exportera beloppen per ansvar (SIE: objekt i dimension {dim}, som anges med "
        "`ekonomi.importera.ansvar_dimension`; CSV: kolumnen för ansvar).",
    )
