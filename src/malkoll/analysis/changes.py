"""What changed between two periods of the plans, for politicians (`malkoll andringar`).

Between a period ``before`` and a period ``after`` (each a year and a period id, so the
year's first period can be compared with the year before's last), per organisation in
the order of `organisation.yaml` and per delmål: the assessment that moved on the scale
(`settings.bedomning`, best first), the measures (`analys.atgarder`) added or dropped,
each analysis part's text that is new, removed or changed (with a word-level diff), and
the activities whose status changed; and a nämnd's forecast of the year's economic
deviation. An organisation or delmål where nothing changed is left out.

Everything here is keys and text as the files hold them (step ids, status ids, part
names); the report gives them their Swedish names.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from malkoll.model import files as m
from malkoll.model.index import Index
from malkoll.model.repository import Repository

PARTS = ("resultat", "orsaker", "avvikelser", "grupper", "slutsatser", "atgarder")
"""The analysis parts compared, in the order a follow-up writes them."""

EQUAL, DELETED, INSERTED = "=", "-", "+"
"""A word diff's segment kinds: words kept, words removed, words added."""

Segment = tuple[str, str]
"""One run of a word diff: its kind (`EQUAL`, `DELETED`, `INSERTED`) and its words."""


@dataclass(frozen=True)
class Tidpunkt:
    """A period of a year: `(2020, "delar1")`."""

    ar: int
    period: str


@dataclass(frozen=True)
class Bedomningsandring:
    fran: str | None
    till: str | None
    riktning: str
    """`bättre`, `sämre`, `ny`, `borttagen`, or `ändrad` for a step not on the scale."""


@dataclass(frozen=True)
class Textandring:
    del_: str
    """The analysis part: `resultat`, `orsaker`, ... (`PARTS`)."""
    slag: str
    """`ny`, `borttagen` or `ändrad`."""
    fore: str | None
    efter: str | None
    segment: list[Segment]
    """The word diff: kept, removed and added runs in order (all added for a new text)."""


@dataclass(frozen=True)
class Aktivitetsandring:
    id: str
    namn: str
    fran: str | None
    till: str | None
    """The status ids before and after (None: not followed up)."""


@dataclass(frozen=True)
class Delmalsandring:
    delmal: str
    namn: str
    bedomning: Bedomningsandring | None
    nya_atgarder: list[str]
    borttagna_atgarder: list[str]
    texter: list[Textandring]
    aktiviteter: list[Aktivitetsandring]

    @property
    def delar(self) -> list[str]:
        """The analysis parts whose text changed, in `PARTS` order."""
        return [t.del_ for t in self.texter]


@dataclass(frozen=True)
class Prognosandring:
    """A nämnd's latest forecast of the year's deviation up to each period."""

    fran: float | None
    till: float | None

    @property
    def skillnad(self) -> float | None:
        return self.till - self.fran if self.fran is not None and self.till is not None else None


@dataclass(frozen=True)
class Organisationsandring:
    organisation: str
    namn: str
    typ: str | None
    delmal: list[Delmalsandring]
    prognos: Prognosandring | None = None


@dataclass(frozen=True)
class Andringar:
    fore: Tidpunkt
    efter: Tidpunkt
    organisationer: list[Organisationsandring] = field(default_factory=list)

    @property
    def antal(self) -> int:
        """How many delmål changed, over every organisation."""
        return sum(len(o.delmal) for o in self.organisationer)


def changes(
    repo: Repository,
    before: Tidpunkt,
    after: Tidpunkt,
    *,
    namnd: str | None = None,
    kinds: Iterable[str] | None = None,
) -> Andringar:
    """What changed from ``before`` to ``after``: with ``namnd`` only that nämnd and the
    organisations it answers for; with ``kinds`` only organisations of those types (the
    municipality's report: `namnd` and `bolag`)."""
    index = Index.of(repo)
    wanted = set(kinds) if kinds is not None else None
    plans_before = {o: d.data for o, d in index.plans(before.ar).items()}
    plans_after = {o: d.data for o, d in index.plans(after.ar).items()}
    known = list(index.orgs)
    unknown = sorted((set(plans_before) | set(plans_after)) - set(known))
    out = []
    for org in [*known, *unknown]:
        if namnd is not None and (index.namnd_of(org) or org) != namnd:
            continue
        if wanted is not None and index.typ(org) not in wanted:
            continue
        goals = _delmal(
            repo, index, plans_before.get(org), plans_after.get(org), before.period, after.period
        )
        forecast = _forecast(repo, org, before, after)
        if goals or forecast is not None:
            out.append(Organisationsandring(org, index.name(org), index.typ(org), goals, forecast))
    return Andringar(before, after, out)


def _delmal(
    repo: Repository,
    index: Index,
    plan_before: m.Plan | None,
    plan_after: m.Plan | None,
    p1: str,
    p2: str,
) -> list[Delmalsandring]:
    entries_before = {e.delmal: e for e in plan_before.delmal} if plan_before else {}
    entries_after = {e.delmal: e for e in plan_after.delmal} if plan_after else {}
    order = list(index.delmal)
    ids = list(dict.fromkeys([*entries_after, *entries_before]))
    ids.sort(key=lambda d: order.index(d) if d in order else len(order))
    ranks = {key: rank for rank, key in enumerate(repo.installningar.bedomning)}
    out = []
    for dm in ids:
        eb, ea = entries_before.get(dm), entries_after.get(dm)
        fb = eb.uppfoljning.get(p1) if eb else None
        fa = ea.uppfoljning.get(p2) if ea else None
        ab = fb.analys if fb and fb.analys else None
        aa = fa.analys if fa and fa.analys else None
        moved = assessment_change(fb.bedomning if fb else None, fa.bedomning if fa else None, ranks)
        added, dropped = measure_changes(_part(ab, "atgarder"), _part(aa, "atgarder"))
        texts = [t for p in PARTS if (t := text_change(p, _part(ab, p), _part(aa, p)))]
        acts = activity_changes(eb, ea, p1, p2)
        if moved or added or dropped or texts or acts:
            defined = index.delmal.get(dm)
            name = defined.namn if defined else dm
            out.append(Delmalsandring(dm, name, moved, added, dropped, texts, acts))
    return out


def _part(analys: m.Analys | None, name: str) -> str | None:
    value = getattr(analys, name, None) if analys is not None else None
    return value if isinstance(value, str) and value.strip() else None


def assessment_change(
    before: str | None, after: str | None, ranks: dict[str, int]
) -> Bedomningsandring | None:
    """How an assessment moved on the scale (``ranks``: each step's place, best first)."""
    if before == after:
        return None
    if before is None:
        return Bedomningsandring(None, after, "ny")
    if after is None:
        return Bedomningsandring(before, None, "borttagen")
    rb, ra = ranks.get(before), ranks.get(after)
    if rb is None or ra is None:
        return Bedomningsandring(before, after, "ändrad")
    return Bedomningsandring(before, after, "bättre" if ra < rb else "sämre")


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖÉ0-9\"'(])")
_SPACES = re.compile(r"\s+")


def measures(text: str | None) -> list[str]:
    """The measures of an `atgarder` text: its Markdown list items when it has any (a
    line that continues an item belongs to it), else its sentences."""
    if text is None or not text.strip():
        return []
    lines = text.splitlines()
    if any(_LIST_ITEM.match(line) for line in lines):
        items: list[str] = []
        for line in lines:
            found = _LIST_ITEM.match(line)
            if found:
                items.append(found.group(1))
            elif line.strip() and items:
                items[-1] += " " + line.strip()
        return [" ".join(i.split()) for i in items if i.strip()]
    flat = " ".join(text.split())
    return [s for s in _SENTENCE_END.split(flat) if s.strip()]


def normalised(text: str) -> str:
    """A measure as it is compared: case, spacing and the closing punctuation ignored."""
    return _SPACES.sub(" ", text).strip().rstrip(".!?;:, ").casefold()


def measure_changes(before: str | None, after: str | None) -> tuple[list[str], list[str]]:
    """The measures added (in ``after``'s order) and dropped (in ``before``'s)."""
    old, new = measures(before), measures(after)
    old_keys, new_keys = {normalised(x) for x in old}, {normalised(x) for x in new}
    added = [x for x in new if normalised(x) not in old_keys]
    dropped = [x for x in old if normalised(x) not in new_keys]
    return added, dropped


def text_change(part: str, before: str | None, after: str | None) -> Textandring | None:
    """An analysis part's change: None when the words are the same (line breaks and
    spacing do not count)."""
    if before is None and after is None:
        return None
    if before is None:
        return Textandring(part, "ny", None, after, [(INSERTED, " ".join(str(after).split()))])
    if after is None:
        return Textandring(part, "borttagen", before, None, [(DELETED, " ".join(before.split()))])
    if before.split() == after.split():
        return None
    return Textandring(part, "ändrad", before, after, word_diff(before, after))


def word_diff(before: str, after: str) -> list[Segment]:
    """The word-level diff of two texts (difflib): runs of kept, removed and added words;
    where words were replaced, the removed run comes before the added one."""
    old, new = before.split(), after.split()
    out: list[Segment] = []

    def put(kind: str, words: list[str]) -> None:
        if not words:
            return
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + " " + " ".join(words))
        else:
            out.append((kind, " ".join(words)))

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            put(EQUAL, old[i1:i2])
        else:
            put(DELETED, old[i1:i2])
            put(INSERTED, new[j1:j2])
    return out


def activity_changes(
    before: m.PlanDelmal | None, after: m.PlanDelmal | None, p1: str, p2: str
) -> list[Aktivitetsandring]:
    """The activities whose status differs between the periods, in the plan's order (the
    later plan's activities first, then those only the earlier one has)."""
    acts_before = {a.id: a for a in before.aktiviteter} if before else {}
    acts_after = {a.id: a for a in after.aktiviteter} if after else {}
    out = []
    for act_id in dict.fromkeys([*acts_after, *acts_before]):
        ab, aa = acts_before.get(act_id), acts_after.get(act_id)
        sb = _status(ab, p1)
        sa = _status(aa, p2)
        if sb != sa:
            name = aa.namn if aa is not None else ab.namn if ab is not None else act_id
            out.append(Aktivitetsandring(act_id, name, sb, sa))
    return out


def _status(act: m.Aktivitet | None, period: str) -> str | None:
    fu = act.uppfoljning.get(period) if act is not None else None
    return fu.status if fu is not None else None


def _forecast(
    repo: Repository, org: str, before: Tidpunkt, after: Tidpunkt
) -> Prognosandring | None:
    """The nämnd's forecast of the year's deviation at each period (the period's own
    figure in ekonomi.yaml), when both periods have one and it moved; None across years
    (two years' deviations) and at the year's end, where the outcome takes its place."""
    if before.ar != after.ar:
        return None
    b, a = _forecast_at(repo, org, before), _forecast_at(repo, org, after)
    return None if a is None or b is None or a == b else Prognosandring(b, a)


def _forecast_at(repo: Repository, org: str, when: Tidpunkt) -> float | None:
    year = repo.ar.get(when.ar)
    doc = year.ekonomi if year is not None else None
    for n in doc.data.namnder if doc is not None else []:
        if n.organisation == org:
            figures = n.perioder.get(when.period)
            return figures.prognos if figures is not None else None
    return None
