"""Identity and references in the files of the report fullmäktige adopts: MK201–MK205 for
`bokslut.yaml`, `hushallning.yaml`, `personal.yaml`, `bolag/` and `malsattningar/` and
the förvaltningsberättelse's chapters, and MK612 for a result line of the municipality's
own without a name.

Every per-period mapping names a period of malkoll.yaml (MK205); a bolag file names an
organisation of typ bolag (MK202); a goal's follow-up names a målsättning and its
framgångsfaktorer in mal/, and god ekonomisk hushållning names delmål (MK203); an id is
given once (MK201: a financial goal, a bolag's goal, a result line, one bolag file per
bolag and one follow-up file per målsättning, one chapter file per chapter). A reference
into a file kind that could not be read is not reported: its absence says nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from malkoll import findings as f
from malkoll.findings import START
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.annual import RESULTATPOSTER, MalsattningPeriod, Resultatpost
from malkoll.model.repository import Ar, Doc
from malkoll.rules.context import Context, blank
from malkoll.rules.ids import MK201, Seen
from malkoll.rules.references import MK202, MK203, unknown_period
from malkoll.text import did_you_mean, join_or, quote

MK612 = f.rule(
    "MK612",
    "fel",
    "Egen resultatpost utan namn",
    "En rad i `bokslut.yaml` under `poster` är en av finansforvaltning, jamforelsestorande, "
    "skatteintakter, generella_statsbidrag, finansnetto och extraordinara, som malkoll "
    "känner namnen på, eller en rad med ett eget id: den ska ha `namn`, som rapporten visar.",
    wrong="poster:\n  - post: exploatering\n    budget: 5000",
    right="poster:\n  - post: exploatering\n    namn: Exploateringsvinster\n    budget: 5000",
)

RULES = (MK612,)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK201–MK205 and MK612 finding of the annual report's files."""
    refs = _Refs(ctx)
    for year in ctx.repo.ar.values():
        if year.bokslut is not None:
            yield from refs.bokslut(year.bokslut)
        if year.hushallning is not None:
            yield from refs.hushallning(year.hushallning)
        if year.personal is not None:
            yield from refs.personal(year.personal)
        yield from refs.bolag(year)
        yield from refs.malsattningar(year)
        yield from _chapters(year)


class _Refs:
    def __init__(self, ctx: Context) -> None:
        repo = ctx.repo
        self.ctx = ctx
        self.perioder = tuple(repo.installningar.perioder)
        self.orgs_known = repo.organisation is not None and "organisation" not in repo.incomplete
        self.goals_known = "mal" not in repo.incomplete
        self.goals: dict[str, Doc[m.Malsattning]] = {}
        for doc in repo.mal:
            self.goals.setdefault(doc.data.id, doc)

    def periods(self, path: str, org: str | None, *keyed: Mapping[str, Any]) -> Iterator[f.Problem]:
        """MK205 for each key of each of ``keyed`` that is not a period."""
        for one in keyed:
            for key in one:
                if key not in self.perioder:
                    where = positions.key(one, key)
                    yield unknown_period(path, where, key, self.perioder, org)

    def bokslut(self, doc: Doc[m.Bokslut]) -> Iterator[f.Problem]:
        b, path = doc.data, doc.path
        lines = Seen()
        for post in b.poster:
            yield from lines.again(
                post.post, path, post, "Resultatposten", key="post", hint="Samla raden i en post."
            )
            yield from self.periods(path, None, post.perioder)
            unnamed = post.post not in RESULTATPOSTER and blank(post.namn)
            if unnamed and not positions.cut(post, "namn"):
                yield _unnamed(path, post)
        yield from self.periods(path, None, b.koncernresultat, b.beslut)

    def hushallning(self, doc: Doc[m.Hushallning]) -> Iterator[f.Problem]:
        h, path = doc.data, doc.path
        goals = Seen()
        for goal in h.finansiella_mal:
            yield from goals.again(goal.id, path, goal, "Det finansiella målet")
            yield from self.periods(path, None, goal.utfall, goal.prognos, goal.kommentar)
        yield from self.periods(path, None, h.kommun, h.koncern)
        if not self.goals_known:
            return
        known = self.ctx.index.delmal
        for i, dm in enumerate(h.verksamhetsmal):
            if dm not in known:
                yield f.Problem(
                    MK203,
                    path,
                    positions.item(h, "verksamhetsmal", i),
                    f"Delmålet {quote(dm)} finns inte i mal/." + did_you_mean(dm, known),
                    'Ange delmålens id:n som i mal/, som text (`"1.1"`).',
                )

    def personal(self, doc: Doc[m.Personal]) -> Iterator[f.Problem]:
        p, path = doc.data, doc.path
        yield from self.periods(path, None, p.sjukfranvaro, p.kommentar)
        for measure in p.matt:
            yield from self.periods(path, None, measure.varden)

    def bolag(self, year: Ar) -> Iterator[f.Problem]:
        files = Seen()
        index = self.ctx.index
        for doc in year.bolag:
            b, path = doc.data, doc.path
            org = b.organisation
            yield from files.again(
                org,
                path,
                b,
                "Uppföljningen av bolaget",
                org,
                key="organisation",
                hint="En fil per bolag och år: slå ihop filerna.",
            )
            if self.orgs_known and index.typ(org) != "bolag":
                yield _not_bolag(self.ctx, path, b)
            goals = Seen()
            for goal in b.mal:
                yield from goals.again(goal.id, path, goal, "Bolagets mål", org)
                yield from self.periods(path, org, goal.utfall, goal.kommentar)
            yield from self.periods(path, org, b.perioder)

    def malsattningar(self, year: Ar) -> Iterator[f.Problem]:
        files = Seen()
        for doc in year.malsattningar:
            ms, path = doc.data, doc.path
            yield from files.again(
                ms.malsattning,
                path,
                ms,
                "Uppföljningen av målsättningen",
                key="malsattning",
                hint="En fil per målsättning och år: slå ihop filerna.",
            )
            yield from self.periods(path, None, ms.uppfoljning)
            if not self.goals_known:
                continue
            goal = self.goals.get(ms.malsattning)
            if goal is None:
                yield f.Problem(
                    MK203,
                    path,
                    positions.key(ms, "malsattning"),
                    f"Målsättningen {quote(ms.malsattning)} finns inte i mal/."
                    + did_you_mean(ms.malsattning, self.goals),
                    f"Målsättningarnas id:n är {join_or(self.goals)}.",
                )
                continue
            factors = [ff.id for ff in goal.data.framgangsfaktorer]
            for period in ms.uppfoljning.values():
                for ff in period.framgangsfaktorer:
                    if ff not in factors:
                        yield _unknown_factor(path, period, ff, goal, factors)


def _unnamed(path: str, post: Resultatpost) -> f.Problem:
    return f.Problem(
        MK612,
        path,
        positions.key(post, "post"),
        f"Resultatposten {quote(post.post)} är ingen av raderna malkoll känner och har inget "
        "namn." + did_you_mean(post.post, RESULTATPOSTER),
        f"Ange namn för en egen rad, eller en av {join_or(RESULTATPOSTER)}.",
    )


def _not_bolag(ctx: Context, path: str, b: m.Bolag) -> f.Problem:
    org = b.organisation
    typ = ctx.index.typ(org)
    bolag = [i for i, o in ctx.index.orgs.items() if o.typ == "bolag"]
    if typ is None:
        message = f"{quote(org)} är inte en organisation i organisation.yaml." + did_you_mean(
            org, bolag or ctx.index.orgs
        )
    else:
        message = f"{quote(org)} är inte ett bolag i organisation.yaml (typ {typ})."
    return f.Problem(
        MK202,
        path,
        positions.key(b, "organisation"),
        message,
        "Ange ett bolags id (typ bolag i organisation.yaml), eller rätta organisation.yaml.",
        org,
    )


def _unknown_factor(
    path: str,
    period: MalsattningPeriod,
    ff: str,
    goal: Doc[m.Malsattning],
    factors: list[str],
) -> f.Problem:
    return f.Problem(
        MK203,
        path,
        positions.key(period.framgangsfaktorer, ff),
        f"Framgångsfaktorn {quote(ff)} finns inte i målsättningen {quote(goal.data.id)} "
        f"({goal.path})." + did_you_mean(ff, factors),
        f"Målsättningens framgångsfaktorer är {join_or(factors)}."
        if factors
        else f"Definiera framgångsfaktorn under framgangsfaktorer i {goal.path}.",
    )


def _chapters(year: Ar) -> Iterator[f.Problem]:
    """MK201 for two files of one chapter in a period's folder (`Översikt.md` and
    `oversikt.md`): the second in path order, naming the first."""
    first: dict[tuple[str, str], str] = {}
    for ch in year.forvaltningsberattelse:
        known = first.setdefault((ch.period, ch.id), ch.path)
        if known != ch.path:
            yield f.Problem(
                MK201,
                ch.path,
                START,
                f"Kapitlet {quote(ch.id)} finns redan ({known}).",
                "Ett kapitel per fil och period: slå ihop filerna.",
                period=ch.period,
            )
