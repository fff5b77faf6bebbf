"""The forms for the annual report's files of the year (issue 14): one for each strategic
goal's own follow-up, for its målsättningsansvarig, and one collection for the bolag's
files, for each company's contact.

A goal's form is its own file entry (`ÅÅÅÅ/malsattningar/<id>.yaml`), because its
framgångsfaktorer are its own: per period the ansvarig's assessment from the
municipality's scale, in an interim period the forecast for the year's end, the text, who
assessed, and each framgångsfaktor's assessment and text. The bolag share one folder
collection (`ÅÅÅÅ/bolag/`): per period the result, forecast, turnover, solidity and
summary, and the owner's goals with their outcomes.
"""

from __future__ import annotations

from typing import Any

from malkoll.forms import fields as w
from malkoll.forms.fields import Field
from malkoll.model import files as m
from malkoll.model.annual import (
    BolagMal,
    BolagPeriod,
    FaktorUppfoljning,
    MalsattningPeriod,
    MalsattningUppfoljning,
)
from malkoll.model.index import Index
from malkoll.model.repository import Repository

Periods = list[tuple[str, m.Period]]


def slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text.lower())


def period_label(period_id: str, period: m.Period) -> str:
    return f"{period.namn} ({period_id})"


def collections(repo: Repository, year: int, index: Index, periods: Periods) -> list[Any]:
    """The year's collections for the goals' and the bolag's files that exist."""
    ar = repo.ar.get(year)
    if ar is None:
        return []
    out: list[dict[str, Any]] = []
    scale = [
        (step_id, step.namn or step_id) for step_id, step in repo.installningar.bedomning.items()
    ]
    goals = {doc.data.id: doc.data for doc in repo.mal}
    entries = []
    for doc in sorted(ar.malsattningar, key=lambda d: d.path):
        goal_id = doc.data.malsattning
        goal = goals.get(goal_id)
        name = f"Målsättning {goal_id}: {goal.namn}" if goal else f"Målsättning {goal_id}"
        factors = [(ff.id, ff.namn) for ff in goal.framgangsfaktorer] if goal else []
        entries.append(
            {
                "name": slug(f"malsattning-{doc.path.rsplit('/', 1)[1].removesuffix('.yaml')}"),
                "label": name,
                "file": doc.path,
                "fields": _goal_fields(periods, scale, factors),
            }
        )
    if entries:
        out.append(
            {
                "name": slug(f"malsattningar-{year}"),
                "label": f"Målsättningarnas uppföljning {year}",
                "label_singular": "Målsättning",
                "description": "För målsättningsansvariga: bedömningen av målsättningen "
                "per period, tillsammans med teamet, och uppföljningen av "
                "framgångsfaktorerna. Rapporten visar den som målsättningens bedömning, med "
                "delmålens median bredvid som stöd.",
                "delete": False,
                "editor": {"preview": False},
                "files": entries,
            }
        )
    if ar.bolag:
        names = ", ".join(
            f"{index.name(doc.data.organisation)} ({doc.data.organisation})" for doc in ar.bolag
        )
        folder = f"{year}/bolag"
        out.append(
            {
                "name": slug(f"bolag-{year}"),
                "label": f"Bolagen {year}",
                "label_singular": "Bolag",
                "description": f"För bolagens kontaktpersoner, i {folder}/: {names}. Skriv "
                "periodens resultat, prognos och sammanfattning och ägardirektivets mål med "
                "utfall; malkoll validera visar vad som saknas.",
                "folder": folder,
                "extension": "yaml",
                "format": "yaml",
                "create": False,
                "delete": False,
                "identifier_field": "organisation",
                "summary": "{{organisation}}",
                "sortable_fields": [],
                "editor": {"preview": False},
                "fields": _bolag_fields(periods),
            }
        )
    return out


def _goal_fields(
    periods: Periods, scale: list[tuple[str, str]], factors: list[tuple[str, str]]
) -> list[Field]:
    last = periods[-1][0] if periods else None

    def period_fields(pid: str) -> list[Field]:
        out = [w.select(MalsattningPeriod, "bedomning", scale)]
        if pid != last:
            out.append(w.select(MalsattningPeriod, "prognos", scale))
        out += [
            w.text(MalsattningPeriod, "text"),
            w.string(MalsattningPeriod, "av", label="Bedömd av"),
        ]
        if factors:
            out.append(
                w.obj(
                    MalsattningPeriod,
                    "framgangsfaktorer",
                    [
                        w.obj(
                            None,
                            ff_id,
                            [
                                w.select(FaktorUppfoljning, "bedomning", scale),
                                w.text(FaktorUppfoljning, "text"),
                            ],
                            label=f"{ff_name} ({ff_id})",
                        )
                        for ff_id, ff_name in factors
                    ],
                )
            )
        return out

    return [
        w.hidden("malsattning"),
        w.string(MalsattningUppfoljning, "ansvarig"),
        w.strings(MalsattningUppfoljning, "team"),
        w.obj(
            MalsattningUppfoljning,
            "uppfoljning",
            [
                w.obj(None, pid, period_fields(pid), label=period_label(pid, period))
                for pid, period in periods
            ],
        ),
    ]


def _bolag_fields(periods: Periods) -> list[Field]:
    last = periods[-1][0] if periods else None

    def period_fields(pid: str) -> list[Field]:
        out = [w.number(BolagPeriod, "resultat")]
        if pid != last:
            out.append(w.number(BolagPeriod, "prognos"))
        out += [
            w.number(BolagPeriod, "omsattning"),
            w.number(BolagPeriod, "soliditet"),
            w.text(BolagPeriod, "sammanfattning"),
        ]
        return out

    goal = [
        w.string(BolagMal, "id", required=True),
        w.string(BolagMal, "namn", required=True),
        w.string(BolagMal, "enhet"),
        w.select(BolagMal, "riktning", list(w.RIKTNING_LABELS.items())),
        w.number(BolagMal, "malvarde"),
        w.obj(
            BolagMal,
            "utfall",
            [w.number(None, pid, label=period_label(pid, p)) for pid, p in periods],
        ),
        w.obj(
            BolagMal,
            "kommentar",
            [w.text(None, pid, label=period_label(pid, p)) for pid, p in periods],
        ),
    ]
    return [
        w.hidden("organisation"),
        w.number(m.Bolag, "agarandel", min=0, max=100),
        w.text(m.Bolag, "uppdrag"),
        w.items(m.Bolag, "mal", goal, summary="{{fields.id}}: {{fields.namn}}"),
        w.obj(
            m.Bolag,
            "perioder",
            [
                w.obj(None, pid, period_fields(pid), label=period_label(pid, p))
                for pid, p in periods
            ],
        ),
    ]
