"""The summary (template block `sammanfattning`): the assessment matrix, delmål down and
organisations across (in a nämnd's report every organisation it answers for that follows
up a delmål, the enheter too), the counts of every assessment the matrix shows, the cells
where an assessment is expected but missing, and the changes since the previous period."""

from __future__ import annotations

from collections import Counter

from malkoll.model import files as m
from malkoll.report.goal_chart import goal_chart
from malkoll.report.model import Forandring, Malvy, Matris, Matrisrad, Steg
from malkoll.report.view.source import Source, assessment, slug, step


def matrix(
    src: Source,
    plans: dict[str, m.Plan],
    columns: list[tuple[str, str]],
    scale: dict[str, Steg],
    goals: list[Malvy] | None = None,
) -> Matris:
    """Delmål down, organisations across; counts per step; changes since the last period;
    with ``goals`` (the report's `Malvy`s) the chart of their delmål per step."""
    previous, previous_plans, previous_name = _previous(src, plans)
    rows: list[Matrisrad] = []
    changes: list[Forandring] = []
    counts: Counter[str] = Counter()
    missing = 0
    planned = {(org, e.delmal) for org, plan in plans.items() for e in plan.delmal}
    for doc in src.repo.mal:
        for dm in doc.data.delmal:
            cells = [step(assessment(plans.get(o), dm.id, src.period), scale) for o, _ in columns]
            if src.namnd is not None and not any((o, dm.id) in planned for o, _ in columns):
                continue
            lacking = [
                c is None and (o, dm.id) in planned
                for (o, _), c in zip(columns, cells, strict=True)
            ]
            rows.append(
                Matrisrad(doc.data.namn, dm.id, dm.namn, cells, f"delmal-{slug(dm.id)}", lacking)
            )
            for (org, name), cell in zip(columns, cells, strict=True):
                if cell is not None:
                    counts[cell.id] += 1
                elif (org, dm.id) in planned:
                    missing += 1
                if previous is None or cell is None:
                    continue
                before = step(assessment(previous_plans.get(org), dm.id, previous), scale)
                if before is None:
                    changes.append(Forandring(dm.id, name, None, cell, "ny"))
                elif before.rank != cell.rank:
                    better = cell.rank < before.rank
                    changes.append(
                        Forandring(dm.id, name, before, cell, "bättre" if better else "sämre")
                    )
    return Matris(
        kolumner=columns,
        rader=rows,
        antal=[(s, counts[key]) for key, s in scale.items()],
        saknas=missing,
        foregaende=previous_name,
        forandringar=changes,
        diagram=goal_chart(goals, list(scale.values())) if goals else "",
    )


def _previous(
    src: Source, plans: dict[str, m.Plan]
) -> tuple[str | None, dict[str, m.Plan], str | None]:
    """The period before the report's (the year before's last for the year's first), its
    plans and its name; None when the repository has no such period."""
    keys = list(src.settings.perioder)
    i = keys.index(src.period)
    if i > 0:
        return keys[i - 1], plans, src.settings.perioder[keys[i - 1]].namn
    earlier = src.plans(src.year.ar - 1)
    if not earlier:
        return None, {}, None
    last = keys[-1]
    return last, earlier, f"{src.settings.perioder[last].namn} {src.year.ar - 1}"
