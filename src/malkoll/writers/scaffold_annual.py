"""The starter files of the annual report for `malkoll init` (issue 14): what a new
repository's `bokslut.yaml` and förvaltningsberättelse hold.

The result lines are the ones every municipality has; their example figures are written
only for the periods that have passed when the repository is made, so that it validates
clean on that day and `validera` asks for the rest when it is due. The chapters a person
writes (`KAPITEL_KRAVS`) have only their R15 heading, so that MK601 says a chapter is
empty when the annual report is due; only a year already over gets example text.
"""

from __future__ import annotations

from typing import Any

from malkoll.model.annual import KAPITEL, KAPITEL_KRAVS

EXEMPELBUDGET: dict[str, int] = {
    "finansforvaltning": -20000,
    "skatteintakter": 1000000,
    "generella_statsbidrag": 250000,
    "finansnetto": -5000,
}
"""The result lines of the starter `bokslut.yaml` (the ones every municipality has, as
`model.annual.RESULTATPOSTER` names them) and the example budget, in tkr, written once a
period has passed (for the result forecast the interim reports need)."""

_KAPITELTEXT = {
    "oversikt": "Kommunen har följt sin plan under året, och alla nämnder har följt upp sina mål.",
    "viktiga-forhallanden": "Skatteintäkterna ökade som budgeterat, och nämndernas "
    "kostnader låg i nivå med budgeten.",
    "handelser": "Inga händelser av väsentlig betydelse har inträffat under året.",
    "styrning": "Nämnderna följer upp sina mål och sin ekonomi i varje delårsrapport och "
    "i årsredovisningen, i dialog med enheterna.",
    "forvantad-utveckling": "Befolkningen väntas öka något, och arbetet med bemötandet "
    "fortsätter nästa år.",
}
"""Example text of the chapters a person writes, for a year whose annual report is due
already when the repository is made; otherwise a chapter has only its heading."""


KAPITEL_TEMPLATE = "kapitel.md.j2"


def chapters(ar: int, last: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The chapters a person writes for the annual report (`KAPITEL_KRAVS`), in the last
    period's folder: the R15 heading alone, so that `validera` asks for the text once the
    report is due; with example text when it is due already."""
    return {
        f"{ar}/forvaltningsberattelse/{last['id']}/{chapter}.md": {
            "rubrik": KAPITEL[chapter],
            "text": _KAPITELTEXT[chapter] if last["passerad"] else "",
        }
        for chapter in KAPITEL_KRAVS
    }


def result_lines(perioder: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The starter result lines: without figures until a period has passed; then the
    example budget, and for each passed period the outcome so far (the budget's share of
    the months gone) and, in an interim period, a forecast deviation of 0."""
    passed = [p for p in perioder if p["passerad"]]
    out = []
    for post, budget in EXEMPELBUDGET.items():
        months = int(perioder[0]["per"].split("-")[0])
        row: dict[str, Any] = {
            "id": post,
            "budget": budget if passed else None,
            "exempel": budget,
            "exempel_utfall": round(budget * months / 12),
            "perioder": [],
        }
        for p in passed:
            share = int(p["per"].split("-")[0]) / 12
            row["perioder"].append(
                {
                    "id": p["id"],
                    "utfall": budget if p["sista"] else round(budget * share),
                    "prognos": None if p["sista"] else 0,
                }
            )
        out.append(row)
    return out
