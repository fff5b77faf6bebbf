"""What changed between two periods of the plans, for politicians (`malkoll andringar`).

Between a period ``before`` and a period ``after`` (each a year and a period id, so the
year's first period can be compared with the year before's last), per organisation in
the order of `organisation.yaml` and per delmål: the assessment that moved on the scale
(`settings.bedomning`, best first), the measures (`analys.atgarder`) added or dropped,
each analysis part's text that is new, removed or changed (with a word-level diff), and
the activities whose status changed; and a nämnd's forecast of the year's economic
deviation. An organisation or delmål where nothing changed is left out.

A delmål with no follow-up for ``after`` (no entry, or one with neither an assessment
nor any analysis text) is not yet filled in: it is listed as such (`ej_ifyllda`), never
as removals. A delmål with no follow-up for ``before`` did not exist then: only its
assessment is shown, as new (`saknades`), not its texts word by word. When no
organisation in scope has any follow-up for a period at all (while some plan in scope
has delmål), `Andringar` says so (`efter_ifylld`, `fore_ifylld`) and lists nothing.

Text diffs are by token: a word, or a number with its thousands separators (space,
no-break or thin space) and its unit (%, kr, tkr ...) as one. When less than half of a
text is kept (difflib's ratio below `WHOLE_BELOW`), the diff is not shown word by word:
`Textandring.helt` says to show the old and the new text whole. When measures were added
or dropped, the `atgarder` part's diff is left out (the measures say it); it is shown
only when the same measures were reworded.

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
    helt: bool = False
    """Most of the text changed (`WHOLE_BELOW`): show `fore` and `efter` whole."""


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
    saknades: bool = False
    """No follow-up for the earlier period: only the assessment (new) is compared."""

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
    ej_ifyllda: list[tuple[str, str]] = field(default_factory=list)
    """The delmål (id, name) followed up before but not yet for the later period."""


@dataclass(frozen=True)
class Andringar:
    fore: Tidpunkt
    efter: Tidpunkt
    organisationer: list[Organisationsandring] = field(default_factory=list)
    fore_ifylld: bool = True
    """Whether any organisation in scope has a follow-up for the earlier period."""
    efter_ifylld: bool = True
    """Whether any organisation in scope has a follow-up for the later period."""

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
    filled_before = filled_after = planned = False
    for org in [*known, *unknown]:
        if namnd is not None and (index.namnd_of(org) or org) != namnd:
            continue
        if wanted is not None and index.typ(org) not in wanted:
            continue
        pb, pa = plans_before.get(org), plans_after.get(org)
        planned = planned or any(p is not None and p.delmal for p in (pb, pa))
        filled_before = filled_before or _any_filled(pb, before.period)
        filled_after = filled_after or _any_filled(pa, after.period)
        goals, unfilled = _delmal(repo, index, pb, pa, before.period, after.period)
        forecast = _forecast(repo, org, before, after)
        if goals or unfilled or forecast is not None:
            out.append(
                Organisationsandring(
                    org, index.name(org), index.typ(org), goals, forecast, unfilled
                )
            )
    # Without any delmål planned in scope (a bolag) there is nothing to fill in.
    filled_before, filled_after = filled_before or not planned, filled_after or not planned
    if not filled_before or not filled_after:
        out = []
    return Andringar(before, after, out, filled_before, filled_after)


def filled(fu: m.DelmalUppfoljning | None) -> bool:
    """Whether a delmål's follow-up of a period is written: an assessment or any
    analysis part with text."""
    if fu is None:
        return False
    return fu.bedomning is not None or any(_part(fu.analys, p) for p in PARTS)


def _any_filled(plan: m.Plan | None, period: str) -> bool:
    return plan is not None and any(filled(e.uppfoljning.get(period)) for e in plan.delmal)


def _delmal(
    repo: Repository,
    index: Index,
    plan_before: m.Plan | None,
    plan_after: m.Plan | None,
    p1: str,
    p2: str,
) -> tuple[list[Delmalsandring], list[tuple[str, str]]]:
    """The delmål that changed, and those (id, name) not yet filled in for ``p2``."""
    entries_before = {e.delmal: e for e in plan_before.delmal} if plan_before else {}
    entries_after = {e.delmal: e for e in plan_after.delmal} if plan_after else {}
    order = list(index.delmal)
    ids = list(dict.fromkeys([*entries_after, *entries_before]))
    ids.sort(key=lambda d: order.index(d) if d in order else len(order))
    ranks = {key: rank for rank, key in enumerate(repo.installningar.bedomning)}
    out = []
    unfilled = []
    for dm in ids:
        eb, ea = entries_before.get(dm), entries_after.get(dm)
        fb = eb.uppfoljning.get(p1) if eb else None
        fa = ea.uppfoljning.get(p2) if ea else None
        defined = index.delmal.get(dm)
        name = defined.namn if defined else dm
        if not filled(fa):
            if filled(fb):
                unfilled.append((dm, name))
            continue
        assert fa is not None
        if not filled(fb):
            moved = assessment_change(None, fa.bedomning, ranks)
            out.append(Delmalsandring(dm, name, moved, [], [], [], [], saknades=True))
            continue
        assert fb is not None
        ab = fb.analys if fb.analys else None
        aa = fa.analys if fa.analys else None
        moved = assessment_change(fb.bedomning, fa.bedomning, ranks)
        added, dropped = measure_changes(_part(ab, "atgarder"), _part(aa, "atgarder"))
        texts = [t for p in PARTS if (t := text_change(p, _part(ab, p), _part(aa, p)))]
        if added or dropped:
            texts = [t for t in texts if t.del_ != "atgarder"]
        acts = activity_changes(eb, ea, p1, p2)
        if moved or added or dropped or texts or acts:
            out.append(Delmalsandring(dm, name, moved, added, dropped, texts, acts))
    return out, unfilled


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


WHOLE_BELOW = 0.5
"""When difflib's ratio of two texts' tokens (2 × kept / all) is below this, more than
half of the text is new: it is shown whole, old and new, not as a diff."""

_SEP = "[ \u00a0\u202f\u2009]"
_NUMBER = (
    rf"[-−+]?(?:\d{{1,3}}(?:{_SEP}\d{{3}})+(?![\d])|\d+)(?:[.,]\d+)?"
    rf"(?:{_SEP}?[%‰]|{_SEP}(?:procentenheter|procent|kronor|mdkr|mnkr|mkr|tkr|kr|st)"
    r"(?![\wåäöÅÄÖ]))?"
)
_TOKEN = re.compile(rf"(?<![\w,.])[(\[«\"']?{_NUMBER}\S*|\S+")


def tokens(text: str) -> list[str]:
    """A text's tokens for a diff: its words, but a number with its thousands separators
    and its unit is one token (`31 402`, `18,5 %`, `601 300 tkr`)."""
    return _TOKEN.findall(text)


def _key(token: str) -> str:
    """A token as it is compared: any of the separators as a plain space."""
    return re.sub(_SEP, " ", token)


def similarity(before: str, after: str) -> float:
    """difflib's ratio of the two texts' tokens: 1 the same, 0 nothing in common."""
    old, new = [_key(t) for t in tokens(before)], [_key(t) for t in tokens(after)]
    return difflib.SequenceMatcher(None, old, new, autojunk=False).ratio()


def text_change(part: str, before: str | None, after: str | None) -> Textandring | None:
    """An analysis part's change: None when the words are the same (line breaks and
    spacing do not count); `helt` when less than half of it is kept (`WHOLE_BELOW`)."""
    if before is None and after is None:
        return None
    if before is None:
        return Textandring(part, "ny", None, after, [(INSERTED, " ".join(str(after).split()))])
    if after is None:
        return Textandring(part, "borttagen", before, None, [(DELETED, " ".join(before.split()))])
    if before.split() == after.split():
        return None
    whole = similarity(before, after) < WHOLE_BELOW
    return Textandring(part, "ändrad", before, after, word_diff(before, after), whole)


def word_diff(before: str, after: str) -> list[Segment]:
    """The word-level diff of two texts (difflib, on `tokens`): runs of kept, removed and
    added tokens; where words were replaced, the removed run comes before the added one.
    Kept tokens are shown as the later text writes them."""
    old, new = tokens(before), tokens(after)
    out: list[Segment] = []

    def put(kind: str, words: list[str]) -> None:
        if not words:
            return
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + " " + " ".join(words))
        else:
            out.append((kind, " ".join(words)))

    keys_old, keys_new = [_key(t) for t in old], [_key(t) for t in new]
    matcher = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            put(EQUAL, new[j1:j2])
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
