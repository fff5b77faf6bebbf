"""The internal control (template block `internkontroll`): per nämnd, control by
control, the risk value and the period's result, deviations and measures, and the
nämnd's overall judgement of its internal control for the period."""

from __future__ import annotations

from malkoll.report.model import Internkontrollvy, Kontrollrad
from malkoll.report.view.source import Source


def internal_control(src: Source) -> list[Internkontrollvy]:
    """Per nämnd, control by control: risk value, and the period's result if reported."""
    out = []
    for doc in sorted(src.year.internkontroll, key=lambda d: src.order(d.data.organisation)):
        ik = doc.data
        if not src.in_scope(ik.organisation):
            continue
        rows = []
        for k in ik.kontroller:
            fu = k.uppfoljning.get(src.period)
            rows.append(
                Kontrollrad(
                    k.id,
                    k.process,
                    k.risk,
                    k.sannolikhet,
                    k.konsekvens,
                    k.sannolikhet * k.konsekvens,
                    k.kontrollmoment,
                    src.period in k.rapporteras,
                    fu.resultat if fu else None,
                    fu.avvikelser if fu else None,
                    fu.atgarder if fu else None,
                )
            )
        out.append(
            Internkontrollvy(
                ik.organisation,
                src.name(ik.organisation),
                ik.antagen,
                rows,
                ik.bedomning.get(src.period),
            )
        )
    return out
