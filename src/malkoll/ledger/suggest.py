"""`malkoll ekonomi mappning`: a draft of `ekonomi.importera.ansvar` from the ledger file.

The file is read as the import reads it (`ledger.read_ledger`: SIE 4 or CSV); each ansvar with
amounts on the nämnder's accounts (`konton`) is listed once, with its name in the file
(SIE `#OBJEKT`, the CSV column `kolumner.ansvarsnamn`). Codes already mapped, ignored or
a result line's (`ansvar_poster`) are kept as malkoll.yaml has them. For each of the
others the organisation whose name matches best is proposed, among those that can take
amounts (`rules.ledger.why_not`: under a nämnd, never a bolag):

1. the one organisation whose normalised name (`normalise`) is the file's;
2. else the one most alike by `difflib`'s ratio, when that is at least `RATIO`;
3. else the one organisation whose name, as whole words, holds the file's name or is
   held by it, unless another organisation is more alike by ratio (a "Sektorsledning
   kommunstyrelsen" holds "Kommunstyrelsen", but is more like "Sektor kommunstyrelsen").

Two equally good candidates give no proposal: a draft that guesses would be reviewed as
if it knew. Nothing is written; the CLI prints the draft.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal

from malkoll.ledger import read_ledger, relative_path
from malkoll.ledger.mapping import Mapping
from malkoll.model.index import Index
from malkoll.reading.load import load
from malkoll.reading.walk import find_root
from malkoll.rules.ledger import why_not

RATIO = 0.85
"""The least `difflib.SequenceMatcher.ratio` of two names that is a proposal by itself."""

MAX_NAME = 200
"""The longest normalised name compared; a longer one is no organisation's name."""

Status = Literal["mappad", "ignorerad", "resultatpost", "forslag", "inget"]


@dataclass(frozen=True)
class Entry:
    """One ansvar of the draft: its code, its name in the file (None where the file has
    none), what malkoll.yaml already says of it or what is proposed, and why (Swedish)."""

    code: str
    name: str | None
    status: Status
    org: str | None = None
    """The organisation it is mapped to (`mappad`), the result line (`resultatpost`), or
    the proposal (`forslag`)."""
    note: str = ""
    """`inget`: why there is no proposal; `mappad`: what is wrong with the mapping."""
    in_file: bool = True
    """False for a code malkoll.yaml maps or ignores that the file does not have."""


@dataclass
class Draft:
    """The draft mapping of one ledger file; the CLI prints it as YAML."""

    source: str
    entries: list[Entry] = field(default_factory=list)
    """Mapped, proposed and unproposed codes and those of `ansvar_poster`, in code order."""
    ignored: list[Entry] = field(default_factory=list)
    """The codes under `ignorera`, in code order."""

    def number(self, status: Status) -> int:
        pool = self.ignored if status == "ignorerad" else self.entries
        return sum(1 for e in pool if e.status == status)


def mappning(start: Path, fil: Path, cache: bool = True) -> Draft:
    """The draft for the ledger ``fil`` in the repository at or above ``start``; raises
    `MalkollError` (exit 2) when the file or the repository cannot be read."""
    root = find_root(start)
    repo = load(root, cache=cache)
    settings = repo.installningar
    index = Index.of(repo)
    mapping = Mapping(settings, index)
    source = relative_path(fil, root)
    ledger = read_ledger(fil, source, mapping)
    codes = {r.ansvar for r in ledger.rows if r.ansvar is not None and mapping.counts(r.account)}
    own = settings.ekonomi.importera
    draft = Draft(source)
    matcher = Matcher(index)
    for code in sorted(codes | set(own.ansvar), key=code_order):
        name = ledger.names.get(code)
        mapped = own.ansvar.get(code)
        if code in own.ansvar_poster and code in codes:
            draft.entries.append(Entry(code, name, "resultatpost", own.ansvar_poster[code]))
        elif mapped is not None:
            reason = why_not(index, mapped)
            note = f"till en organisation {reason}" if reason else ""
            draft.entries.append(Entry(code, name, "mappad", mapped, note, code in codes))
        elif code not in own.ignorera:
            org, note = matcher.propose(name)
            status: Status = "forslag" if org is not None else "inget"
            draft.entries.append(Entry(code, name, status, org, note))
    for code in sorted(dict.fromkeys(own.ignorera), key=code_order):
        draft.ignored.append(
            Entry(code, ledger.names.get(code), "ignorerad", in_file=code in codes)
        )
    return draft


def code_order(code: str) -> tuple[int, int, str]:
    """Codes of digits by their number, then the others by their text."""
    return (0, int(code), code) if code.isdigit() and len(code) < 30 else (1, 0, code)


_PUNCTUATION = re.compile(r"[^\w\s]|_")


def normalise(name: str) -> str:
    """``name`` for comparing: casefolded (å, ä and ö kept), each punctuation mark a
    space, and runs of spaces one."""
    folded = unicodedata.normalize("NFC", name).casefold()
    return " ".join(_PUNCTUATION.sub(" ", folded).split())


class Matcher:
    """The organisations of organisation.yaml by their normalised names: those that can
    take amounts (`why_not` is None) are proposed, the others only named in the reason
    why there is no proposal."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.able: list[tuple[str, str]] = []
        self.unable: list[tuple[str, str]] = []
        for org_id in index.orgs:
            name = normalise(index.name(org_id))
            if name and len(name) <= MAX_NAME:
                (self.able if why_not(index, org_id) is None else self.unable).append(
                    (org_id, name)
                )

    def propose(self, name: str | None) -> tuple[str | None, str]:
        """The organisation proposed for an ansvar named ``name``, or None and why."""
        wanted = normalise(name or "")
        if not wanted:
            return None, "filen har inget namn för ansvaret"
        if len(wanted) > MAX_NAME:
            return None, "namnet är för långt för att vara en organisations"
        org, note = _best(wanted, self.able)
        if org is not None or note:
            return org, note
        other, _ = _best(wanted, self.unable)
        if other is not None:
            reason = why_not(self.index, other) or ""
            return None, f"liknar {other}, {reason}"
        return None, "ingen organisation med liknande namn"


def _best(wanted: str, candidates: list[tuple[str, str]]) -> tuple[str | None, str]:
    """The candidate for ``wanted`` by the module's three steps, or None and, for a tie,
    the Swedish reason (empty when nothing is alike at all)."""
    exact = [org for org, name in candidates if name == wanted]
    if len(exact) == 1:
        return exact[0], ""
    if exact:
        return None, f"flera organisationer heter så: {', '.join(exact)}"
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)  # the file's name is compared with each organisation's
    ratios: dict[str, float] = {}
    for org, name in candidates:
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() >= RATIO and matcher.quick_ratio() >= RATIO:
            ratios[org] = matcher.ratio()
    top = max(ratios.values(), default=0.0)
    if top >= RATIO:
        best = [org for org, r in ratios.items() if r == top]
        if len(best) == 1:
            return best[0], ""
        return None, f"lika lika flera organisationer: {', '.join(best)}"
    prefixed = _prefixed(wanted, candidates)
    if len(prefixed) == 1:
        return prefixed[0], ""
    if prefixed:
        return None, f"flera organisationer passar: {', '.join(prefixed)}"
    padded = f" {wanted} "
    held = [org for org, name in candidates if f" {name} " in padded or padded in f" {name} "]
    if len(held) > 1:
        return None, f"flera organisationer passar: {', '.join(held)}"
    if held:
        (org,) = held
        closer = _closer(matcher, org, candidates)
        if closer is None:
            return org, ""
        return None, f"både {org} och {closer} liknar namnet"
    return None, ""


def _prefixed(wanted: str, candidates: list[tuple[str, str]]) -> list[str]:
    """The candidates of two words or more whose every word begins a word of ``wanted``,
    in order ("Sektor utbildning" in "Sektorsledning utbildning"), those with the most
    words only: a compound's first part is the unit's kind, as Swedish writes it."""
    words = wanted.split()
    found: dict[str, int] = {}
    for org, name in candidates:
        parts = name.split()
        if len(parts) < 2 or len(parts) > len(words):
            continue
        at = 0
        for part in parts:
            while at < len(words) and not words[at].startswith(part):
                at += 1
            if at == len(words):
                break
            at += 1
        else:
            found[org] = len(parts)
    most = max(found.values(), default=0)
    return [org for org, n in found.items() if n == most]


def _closer(
    matcher: SequenceMatcher[str], held: str, candidates: list[tuple[str, str]]
) -> str | None:
    """Another candidate more alike than ``held`` by ratio (the matcher has the file's
    name as its second sequence), or None."""
    names = dict(candidates)
    matcher.set_seq1(names[held])
    mine = matcher.ratio()
    for org, name in candidates:
        if org == held:
            continue
        matcher.set_seq1(name)
        quick = matcher.real_quick_ratio() > mine and matcher.quick_ratio() > mine
        if quick and matcher.ratio() > mine:
            return org
    return None
