"""The uppdrag (template block `uppdrag`): each assignment's latest status up to the
period, grouped by the nämnd it was given to."""

from __future__ import annotations

from malkoll.report.model import Uppdragsgrupp, Uppdragsrad
from malkoll.report.view.source import STATUS_NAMES, Source, latest

GIVERS = ("KF", "KS")
"""Who may give an uppdrag without being an organisation of the tree."""


def assignments(src: Source) -> list[Uppdragsgrupp]:
    """Uppdrag grouped by nämnd, each with its latest status up to the period."""
    doc = src.year.uppdrag
    groups: dict[str, list[Uppdragsrad]] = {}
    for u in doc.data.root if doc else []:
        if not src.in_scope(u.organisation):
            continue
        last = latest(u.uppfoljning, src)
        groups.setdefault(src.head(u.organisation), []).append(
            Uppdragsrad(
                u.id,
                u.namn,
                u.givet_av if u.givet_av.upper() in GIVERS else src.name(u.givet_av),
                u.beslut,
                u.klart,
                STATUS_NAMES.get(last.status) if last and last.status else None,
                last.status if last else None,
                last.kommentar if last else None,
            )
        )
    return [
        Uppdragsgrupp(org, src.name(org), rows)
        for org, rows in sorted(groups.items(), key=lambda kv: src.order(kv[0]))
    ]
