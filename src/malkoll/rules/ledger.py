"""The mapping from the ledger to the organisation: MK511.

`ekonomi.importera.ansvar` in malkoll.yaml puts each ansvar code of the ledger on an
organisation of organisation.yaml, at any level; `malkoll ekonomi importera` sums the
amounts up the tree to the nämnd. `validera` checks the mapping itself: each organisation
it names must exist and belong to a nämnd (a bolag keeps its own books, outside the
municipality's ledger), and once there is a mapping, every nämnd should have an ansvar of
its own (else its figures cannot be imported; a warning). The import checks the file
against the mapping: an ansvar it finds that is neither mapped nor ignored stops it
(`ledger.mapping`, the same rule, at the file's line).
"""

from __future__ import annotations

from collections.abc import Iterator

from malkoll import findings as f
from malkoll.model import positions
from malkoll.model.index import Index
from malkoll.rules.context import Context
from malkoll.text import did_you_mean, quote

MK511 = f.rule(
    "MK511",
    "fel",
    "Konto eller ansvar utan mappning",
    "`malkoll ekonomi importera` lägger varje ansvar i ekonomisystemets fil på en "
    "organisation i organisation.yaml (`ekonomi.importera.ansvar` i malkoll.yaml) och "
    "summerar uppåt till nämnden. Ett ansvar i filen som varken är mappat eller står under "
    "`ignorera`, ett belopp utan ansvar, och en mappning till en organisation som inte finns "
    "eller inte hör till en nämnd är fel: importen skriver då ingenting. En nämnd som inget "
    "ansvar mappas till är en varning.",
    wrong='ekonomi:\n  importera:\n    ansvar:\n      "1000": ks\n      "2100": un-grund',
    right='ekonomi:\n  importera:\n    ansvar:\n      "1000": ks\n      "2100": grundskola\n'
    '    ignorera: ["9900"]',
)

RULES = (MK511,)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""

SETTINGS = "malkoll.yaml"


def why_not(index: Index, org_id: str) -> str | None:
    """Why amounts cannot be put on ``org_id`` (Swedish, to follow "mappas till X,"), or
    None when they can: it exists and a nämnd answers for it."""
    if index.org(org_id) is None:
        return "som inte finns i organisation.yaml"
    namnd = index.namnd_of(org_id)
    if namnd is None or index.typ(namnd) != "namnd":
        if namnd is not None and index.typ(namnd) == "bolag":
            return f"som hör till bolaget {namnd}; bolagen finns inte i kommunens ekonomisystem"
        return "som inte ligger under någon nämnd i organisation.yaml"
    return None


def check(ctx: Context) -> Iterator[f.Problem]:
    """MK511 for each mapping to an organisation that cannot take amounts, and (as a
    warning) for each nämnd no ansvar is mapped to, once there is a mapping."""
    settings = ctx.settings.ekonomi.importera
    mapping = settings.ansvar
    if not mapping:
        return
    index = ctx.index
    covered: set[str] = set()
    for code, org_id in mapping.items():
        reason = why_not(index, org_id)
        if reason is None:
            covered.add(index.namnd_of(org_id) or org_id)
            continue
        hint = "Ange en organisation i organisation.yaml under en nämnd, eller flytta "
        hint += f"koden till `ignorera`.{did_you_mean(org_id, index.orgs)}"
        yield f.Problem(
            MK511,
            SETTINGS,
            positions.key(mapping, code),
            f"Ansvaret {quote(code)} mappas till {quote(org_id)}, {reason}.",
            hint,
        )
    for namnd in index.namnder:
        if namnd in covered:
            continue
        yield f.Problem(
            MK511,
            SETTINGS,
            positions.key(settings, "ansvar"),
            f"Inget ansvar under `ekonomi.importera.ansvar` mappas till nämnden {namnd} "
            f"({index.name(namnd)}) eller något under den, så importen ger den inga siffror.",
            f'Lägg till nämndens ansvarskoder, t.ex. `"1234": {namnd}`.',
            namnd,
            grace=True,  # a warning: the nämnd may be followed up by hand for now
        )
