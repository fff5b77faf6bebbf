"""The repository's frame: what malkoll.yaml names must exist, and organisation.yaml must
be there.

`analys.atgarder_vid` names steps of the scale (MK105 when one is not), `regler:` names
rules (MK109 when one does not exist), and without organisation.yaml no organisation can
be checked (MK106).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from malkoll import findings as f
from malkoll.model import positions
from malkoll.model.positions import START
from malkoll.reading.schema import MK105, MK106
from malkoll.rules.context import Context
from malkoll.text import did_you_mean, join_or, quote

MK109 = f.rule(
    "MK109",
    "fel",
    "Okänd regel i malkoll.yaml",
    "`regler:` i malkoll.yaml ändrar en regels allvarlighet (`fel`, `varning`) eller stänger "
    "av den (`av`). Koden måste vara en regel som finns; `malkoll regler` listar dem.",
    wrong="regler:\n  MK3O8: av",
    right="regler:\n  MK308: av",
)

RULES = (MK109,)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""


def check(ctx: Context) -> Iterator[f.Problem]:
    """MK105 for a step of `analys.atgarder_vid` not in the scale; MK106 without
    organisation.yaml."""
    s = ctx.settings
    for i, value in enumerate(s.analys.atgarder_vid):
        if value not in s.bedomning:
            yield f.Problem(
                MK105,
                "malkoll.yaml",
                positions.item(s.analys, "atgarder_vid", i),
                f"`analys.atgarder_vid` nämner bedömningen {quote(value)}, som inte finns "
                f"i skalan ({join_or(s.bedomning)}).{did_you_mean(value, s.bedomning)}",
                "Ange de bedömningar i er skala som kräver åtgärder, eller ta bort raden.",
            )
    if ctx.repo.organisation is None and "organisation.yaml" not in ctx.repo.files:
        yield f.Problem(
            MK106,
            "malkoll.yaml",
            START,
            "Filen organisation.yaml saknas; utan den kan inga organisationer kontrolleras.",
            "Skapa organisation.yaml i roten med organisationsträdet.",
        )


def unknown_rules(ctx: Context, known: Collection[str]) -> Iterator[f.Problem]:
    """MK109 for each code under `regler:` that is not one of the ``known`` rules."""
    regler = ctx.settings.regler
    for code in regler:
        if code not in known:
            suggestion = did_you_mean(code.upper().replace("O", "0"), known) or did_you_mean(
                code, known
            )
            yield f.Problem(
                MK109,
                "malkoll.yaml",
                positions.key(regler, code),
                f"Regeln {code} finns inte.{suggestion}",
                "Kör malkoll regler för att se alla regler.",
            )
