"""A generated municipality's ledger: CSV and SIE 4 exports for an organisation tree.

Every organisation of every nämnd's subtree (the nämnd itself too) gets an ansvar code;
each code has random amounts in kronor (with öre) per month on a few cost accounts
(4xxx–7xxx, positive) and income accounts (3xxx, negative), outcome for the year and the
year before and budget for the year; and, to be left out by the import, amounts on a
finance account (8xxx), a balance account (1xxx) and, in the SIE file, the account totals
(`{}`) and combinations with a project dimension that repeat the same money.

`python benchmarks/ledger_files.py MAPP` writes `huvudbok.csv` and `huvudbok.se` for
exempel/ale-2020 into MAPP; the tests call `generate` directly.
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

ACCOUNTS = {
    "3110": "Taxor och avgifter",
    "3510": "Statsbidrag, öronmärkta",
    "4010": "Köp av huvudverksamhet",
    "5010": "Löner, tillsvidareanställda",
    "6110": "Lokalhyror",
    "7010": "Övriga kostnader",
}
OUTSIDE = {"8110": "Skatteintäkter", "1930": "Bank"}
"""Accounts outside the nämnder's net cost (finansförvaltning, balance)."""


@dataclass(frozen=True)
class Amount:
    kind: str  # utfall or budget
    year: int
    month: int
    account: str
    ansvar: str
    value: Decimal


@dataclass
class Ledger:
    codes: dict[str, str]
    """Ansvar code → organisation id."""
    names: dict[str, str]
    """Ansvar code → the organisation's name."""
    amounts: list[Amount]


def _orgs(tree: list[dict[str, object]]) -> list[tuple[str, str]]:
    """(id, name) of every organisation under a nämnd, the nämnd included, in file order."""
    out: list[tuple[str, str]] = []

    def walk(node: dict[str, object], inside: bool) -> None:
        inside = inside or node.get("typ") == "namnd"
        if node.get("typ") == "bolag":
            return
        if inside:
            out.append((str(node["id"]), str(node["namn"])))
        for part in node.get("delar", []) or []:  # type: ignore[attr-defined]
            walk(part, inside)

    for node in tree:
        walk(node, False)
    return out


def generate(organisation: Path, year: int, seed: int = 1) -> Ledger:
    """A ledger for the organisations of ``organisation`` (organisation.yaml)."""
    rng = random.Random(seed)
    tree = yaml.safe_load(organisation.read_text(encoding="utf-8"))
    orgs = _orgs(tree)
    codes = {str(1000 + 10 * i): org for i, (org, _) in enumerate(orgs)}
    names = {str(1000 + 10 * i): name for i, (_, name) in enumerate(orgs)}
    amounts: list[Amount] = []
    for code in codes:
        scale = rng.choice([10_000, 100_000, 1_000_000])
        for kind, y in (("utfall", year), ("utfall", year - 1), ("budget", year)):
            for month in range(1, 13):
                for account in ACCOUNTS:
                    cents = rng.randint(0, scale * 100)
                    value = Decimal(cents) / 100
                    if account.startswith("3"):
                        value = -value / 4
                    amounts.append(Amount(kind, y, month, account, code, value))
    return Ledger(codes, names, amounts)


def _sie_amount(value: Decimal) -> str:
    return f"{value:.2f}"


def write_csv(ledger: Ledger, path: Path) -> None:
    """`Ansvar;Konto;Period;Belopp;Typ` with decimal commas, and rows to be left out."""
    lines = ["Ansvar;Konto;Period;Belopp;Typ;Text"]
    for a in ledger.amounts:
        amount = _sie_amount(a.value).replace(".", ",")
        kind = "Utfall" if a.kind == "utfall" else "Budget"
        period = f"{a.year}{a.month:02}" if a.month % 2 else f"{a.year}-{a.month:02}"
        lines.append(f'{a.ansvar};{a.account};{period};{amount};{kind};"Text; med semikolon"')
    first = next(iter(ledger.codes))
    for account in OUTSIDE:
        lines.append(f"{first};{account};{ledger.amounts[0].year}01;-123456,78;Utfall;")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_sie(ledger: Ledger, path: Path, year: int) -> None:
    """An SIE 4 file (PC8): #PSALDO and #PBUDGET per ansvar and month, year 0 and -1."""
    lines = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        '#PROGRAM "Raindance Ekonomi" 2.1',
        f"#GEN {year}1231",
        '#FNAMN "Ale kommun"',
        f"#RAR 0 {year}0101 {year}1231",
        f"#RAR -1 {year - 1}0101 {year - 1}1231",
    ]
    for account, name in {**ACCOUNTS, **OUTSIDE}.items():
        lines.append(f'#KONTO {account} "{name}"')
    lines += ["#DIM 1 Ansvar", "#DIM 6 Projekt", '#OBJEKT 6 P1 "Projekt ett"']
    for code, name in ledger.names.items():
        lines.append(f'#OBJEKT 1 "{code}" "{name}"')
    totals: dict[tuple[str, int, int, str], Decimal] = defaultdict(Decimal)
    for a in ledger.amounts:
        label = "#PSALDO" if a.kind == "utfall" else "#PBUDGET"
        index = a.year - year
        period = f"{a.year}{a.month:02}"
        lines.append(
            f'{label} {index} {period} {a.account} {{1 "{a.ansvar}"}} {_sie_amount(a.value)}'
        )
        totals[(label, index, a.month, a.account)] += a.value
    for (label, index, month, account), value in totals.items():
        period = f"{year + index}{month:02}"
        lines.append(f"{label} {index} {period} {account} {{}} {_sie_amount(value)}")
        if month == 3:  # a split on projects, repeating part of the money once more
            first = next(iter(ledger.codes))
            lines.append(f'{label} {index} {period} {account} {{1 "{first}" 6 "P1"}} 100.00')
    lines.append(f"#PSALDO 0 {year}01 8110 {{}} -99999999.00")
    lines.append("#RES 0 8110 -99999999.00")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp437"))


def mapping_yaml(ledger: Ledger) -> str:
    """`ekonomi.importera` for malkoll.yaml, indented under `ekonomi:`."""
    lines = ["  importera:", "    belopp: kr", "    ansvar:"]
    lines += [f'      "{code}": {org}' for code, org in ledger.codes.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parents[1] / "exempel" / "ale-2020"
    generated = generate(root / "organisation.yaml", 2020)
    write_csv(generated, out / "huvudbok.csv")
    write_sie(generated, out / "huvudbok.se", 2020)
    (out / "mappning.yaml").write_text(mapping_yaml(generated), encoding="utf-8")
