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


PERIOD_MONTHS = {"delar1": 3, "delar2": 8, "helar": 12}
MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _series(
    periods: dict[str, dict[str, int]], name: str, last: int | None, fill: list[int] | None = None
) -> list[int]:
    """Twelve accumulated figures (tkr) of ``name`` from a nämnd's `perioder`: a month
    missing is ``fill``'s figure, or the mean of its neighbours; December without a figure
    is ``last``."""
    by_month: dict[int, int] = {}
    for key, values in periods.items():
        month = PERIOD_MONTHS.get(key) or MONTHS.index(key) + 1
        if isinstance(values, dict) and values.get(name) is not None:
            by_month[month] = int(values[name])
    if 12 not in by_month and last is not None:
        by_month[12] = last
    out = []
    for month in range(1, 13):
        if month in by_month:
            out.append(by_month[month])
        elif fill is not None:
            out.append(fill[month - 1])
        else:
            before = out[-1] if out else 0
            after = next((by_month[n] for n in range(month + 1, 13) if n in by_month), before)
            out.append((before + after) // 2)
    return out


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` as ``parts`` whole numbers that sum to it."""
    weights = [rng.random() + 0.1 for _ in range(parts)]
    shares = [int(total * w / sum(weights)) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


def _in_kronor(tkr: int, rng: random.Random) -> list[tuple[str, Decimal]]:
    """``tkr`` thousand kronor on the accounts, with öre: income negative, the last cost
    account taking what makes the sum exactly ``tkr`` × 1000."""
    total = Decimal(tkr * 1000)
    income = -Decimal(rng.randint(0, abs(tkr) * 25_000 + 100)) / 100
    costs = [Decimal(rng.randint(0, abs(tkr) * 40_000 + 100)) / 100 for _ in range(3)]
    rest = total - income - sum(costs)
    return [
        ("3110", income),
        ("4010", costs[0]),
        ("5010", costs[1]),
        ("6110", costs[2]),
        ("7010", rest),
    ]


def generate_like(organisation: Path, ekonomi: Path, year: int, seed: int = 1) -> Ledger:
    """A ledger whose nämnder have exactly the monthly outcome and budget of ``ekonomi``
    (a month's budget it lacks halfway between its neighbours, its outcome on budget),
    spread over every organisation of each nämnd with öre on the accounts, so that each
    ansvar's month is whole tkr."""
    rng = random.Random(seed)
    tree = yaml.safe_load(organisation.read_text(encoding="utf-8"))
    economy = yaml.safe_load(ekonomi.read_text(encoding="utf-8"))
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    amounts: list[Amount] = []
    by_namnd: dict[str, list[str]] = defaultdict(list)
    for org, name in _orgs(tree):
        code = str(1000 + 10 * len(codes))
        codes[code], names[code] = org, name
        by_namnd[_namnd_of(tree, org)].append(code)
    for entry in economy["namnder"]:
        own = by_namnd.get(entry["organisation"])
        if not own:
            continue  # a bolag
        periods = entry.get("perioder", {})
        budget = _series(periods, "periodbudget", int(entry["budget"]))
        series = {  # a month the file lacks: its outcome on budget, no deviation to analyse
            ("utfall", year): _series(periods, "utfall", None, fill=budget),
            ("budget", year): budget,
        }
        series[("utfall", year - 1)] = [
            f if f is not None else round(u * 0.97)
            for f, u in zip(_maybe(periods, "fjolar"), series[("utfall", year)], strict=True)
        ]
        for (kind, y), accumulated in series.items():
            for month in range(1, 13):
                moved = accumulated[month - 1] - (accumulated[month - 2] if month > 1 else 0)
                for code, part in zip(own, _split(moved, len(own), rng), strict=True):
                    for account, value in _in_kronor(part, rng):
                        amounts.append(Amount(kind, y, month, account, code, value))
    return Ledger(codes, names, amounts)


def _maybe(periods: dict[str, dict[str, int]], name: str) -> list[int | None]:
    written = any(isinstance(v, dict) and v.get(name) is not None for v in periods.values())
    return _series(periods, name, None) if written else [None] * 12  # type: ignore[return-value]


def _namnd_of(tree: list[dict[str, object]], org: str) -> str:
    def find(node: dict[str, object], namnd: str | None) -> str | None:
        namnd = str(node["id"]) if node.get("typ") == "namnd" else namnd
        if node["id"] == org:
            return namnd
        for part in node.get("delar", []) or []:  # type: ignore[attr-defined]
            found = find(part, namnd)
            if found:
                return found
        return None

    for node in tree:
        found = find(node, None)
        if found:
            return found
    raise KeyError(org)


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
