"""The appendix of a draft (template block `bilaga`): what `validera` finds for the
period, organisation by organisation."""

from __future__ import annotations

from malkoll.findings import Finding
from malkoll.report.model import Bilagefynd, Bilagegrupp
from malkoll.report.view.source import Source

OTHER = "Övrigt"
"""The group of findings that concern no organisation; it comes last."""


def appendix(src: Source, findings: list[Finding]) -> list[Bilagegrupp]:
    """While a draft: what is missing, organisation by organisation."""
    groups: dict[str, list[Bilagefynd]] = {}
    for x in findings:
        name = src.name(x.organisation) if x.organisation else OTHER
        groups.setdefault(name, []).append(
            Bilagefynd(f"{x.path}:{x.line}", x.code, x.severity, x.message)
        )
    return [
        Bilagegrupp(k, v) for k, v in sorted(groups.items(), key=lambda kv: (kv[0] == OTHER, kv[0]))
    ]
