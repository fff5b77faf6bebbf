"""A generated municipality's ledger: CSV and SIE 4 exports for an organisation tree.

Every organisation of every nämnd's subtree (the nämnd itself too) gets an ansvar code;
each code has random amounts in kronor (with öre) per month on a few cost accounts
(4xxx–7xxx, positive) and income accounts (3xxx, negative), outcome for the year and the
year before and budget for the year; and, to be left out by the import, amounts on a
finance account (8xxx), a balance account (1xxx) and, in the SIE file, the account totals
(`{}`) and combinations with a project dimension that repeat the same money.

`python benchmarks/ledger_files.py MAPP` writes `huvudbok.csv` and `huvudbok.se` for
exempel/ale-2020 into MAPP; the tests call `generate` directly.
`python benchmarks/ledger_files.py --exempel` writes the example's own ledger
(exempel/ale-2020/ekonomisystem, `example_ledger`).
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

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
    lines += _results(ledger, year)
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


# The bundled example's own ledger: exempel/ale-2020/ekonomisystem/huvudbok-2020.se and
# .csv, with exactly the figures of exempel/ale-2020/2020/ekonomi.yaml, for the ansvar
# codes that the example's malkoll.yaml maps (`ekonomi.importera.ansvar`).

EXAMPLE_NAMES = {
    "1000": "Kommunstyrelsen, politisk verksamhet",
    "1010": "Sektorsledning kommunstyrelsen",
    "1100": "Ekonomi",
    "1200": "HR",
    "1300": "Samhällsutveckling och näringsliv",
    "1400": "Kommunikation och kontaktcenter",
    "2000": "Utbildningsnämnden, politisk verksamhet",
    "2010": "Sektorsledning utbildning",
    "2020": "Skolskjuts",
    "2100": "Förskola",
    "2200": "Grundskola, gemensamt",
    "2210": "Nolskolan",
    "2220": "Aroseniusskolan",
    "2230": "Surteskolan",
    "2240": "Himlaskolan",
    "2300": "Ale gymnasium och vuxenutbildning",
    "3010": "Sektorsledning omsorg och arbetsmarknad",
    "3100": "Äldreomsorg, gemensamt",
    "3110": "Hemtjänsten",
    "3120": "Vård- och omsorgsboendet i Älvängen",
    "3200": "Funktionsstöd",
    "3300": "Individ- och familjeomsorg",
    "3400": "Arbete och försörjning",
    "4010": "Sektorsledning samhällsbyggnad",
    "4100": "Teknik, gemensamt",
    "4110": "Gata och park",
    "4120": "Vatten och avlopp",
    "4200": "Plan och bygg",
    "5010": "Sektorsledning kultur och fritid",
    "5100": "Fritid och folkhälsa",
    "5110": "Fritidsgårdarna",
    "5200": "Bibliotek och kultur",
    "6010": "Sektorsledning service",
    "6100": "Måltid",
    "6200": "Lokalvård",
    "6300": "Fastighet och fordon",
    "9900": "Finansförvaltning",
}
EXAMPLE_ACCOUNTS = {
    "3210": "Taxor och avgifter",
    "3410": "Statsbidrag och EU-bidrag",
    "4610": "Köp av huvudverksamhet",
    "5110": "Löner, månadsavlönade",
    "5610": "Sociala avgifter enligt lag och avtal",
    "6310": "Lokal- och markhyror",
    "7010": "Bidrag och transfereringar",
    "7990": "Pensionskostnader och PO-pålägg, gemensamt",
    "8010": "Kommunalskatt",
    "8210": "Generella statsbidrag och utjämning",
    "8410": "Ränteintäkter",
    "8510": "Räntekostnader",
}
EXAMPLE_FOURTH = {"2020": "4610", "2300": "4610", "3200": "4610", "3300": "4610"}
"""Codes with a fourth cost account: bought services (skolskjuts, interkommunala
ersättningar, köpta platser)."""
EXAMPLE_GRANTS = ("2", "3")
"""Codes whose income is partly statsbidrag (utbildning, omsorg)."""
FIELDS_SPLIT = ("utfall", "periodbudget", "intakter", "fjolar")
EXAMPLE_POSTS = {
    "finansforvaltning": ("9900", "7990"),
    "skatteintakter": ("9900", "8010"),
    "generella_statsbidrag": ("", "8210"),
    "finansnetto": ("9900", "8510"),
}
"""The ansvar and account of each result line of the example's bokslut.yaml: the
finansförvaltning's central costs on its ansvar (`ansvar_poster`), the class-8 accounts
(`poster`) on it too, except the statsbidrag, booked without ansvar; the finansnetto
also has interest income on 8410."""


def _filled(anchors: dict[int, int]) -> list[int]:
    """Twelve figures: the anchors, and between them a straight line (rounded down)."""
    out = []
    for month in range(1, 13):
        if month in anchors:
            out.append(anchors[month])
            continue
        before = max((n for n in anchors if n < month), default=None)
        after = min((n for n in anchors if n > month), default=None)
        if before is None or after is None:
            out.append(anchors[after if before is None else before])  # type: ignore[index]
        else:
            step = (anchors[after] - anchors[before]) * (month - before) // (after - before)
            out.append(anchors[before] + step)
    return out


def _anchors(periods: dict[str, Any], name: str) -> dict[int, int]:
    found = {}
    for key, values in periods.items():
        month = PERIOD_MONTHS.get(key) or MONTHS.index(key) + 1
        if isinstance(values, dict) and values.get(name) is not None:
            found[month] = int(values[name])
    return found


def _namnd_series(entry: dict[str, Any]) -> dict[str, list[int]]:
    """A nämnd's twelve accumulated figures of each field: those of ekonomi.yaml, and for a
    month it lacks (July) the budget halfway and the deviation halfway (at most 1 %, the
    limit above which the deviation needs an analysis); income and last
    year's outcome in the proportion to the outcome of the nearest periods that have them."""
    periods = entry.get("perioder", {})
    budget = _filled({**_anchors(periods, "periodbudget"), 12: int(entry["budget"])})
    given = _anchors(periods, "utfall")
    deviation = _filled({m: v - budget[m - 1] for m, v in given.items()})
    # a month without a figure has no analysis either, so its deviation stays within 1 %
    limit = [b * 99 // 10_000 for b in budget]
    deviation = [max(-c, min(c, d)) for c, d in zip(limit, deviation, strict=True)]
    utfall = [given.get(m, budget[m - 1] + deviation[m - 1]) for m in range(1, 13)]
    out = {"utfall": utfall, "periodbudget": budget}
    for name in ("intakter", "fjolar"):
        known = _anchors(periods, name)
        ratio = _filled({m: v * 1_000_000 // utfall[m - 1] for m, v in known.items()})
        out[name] = [known.get(m, utfall[m - 1] * ratio[m - 1] // 1_000_000) for m in range(1, 13)]
    return out


def _split_month(total: int, weights: list[float]) -> list[int]:
    shares = [int(total * w / sum(weights)) for w in weights]
    largest = max(range(len(shares)), key=lambda i: weights[i])
    shares[largest] += total - sum(shares)
    return shares


def _entry_series(
    entry: dict[str, Any], parts: list[str], rng: random.Random
) -> dict[str, dict[str, list[int]]]:
    """Each `enheter` entry's twelve figures of each field: those ekonomi.yaml has for the
    entry, else the nämnd's split in the entry's share (written shares interpolated)."""
    whole = _namnd_series(entry)
    written = {str(e["organisation"]): e for e in entry.get("enheter") or []}
    fixed = [rng.uniform(0.8, 2.5) if p != entry["organisation"] else 0.25 for p in parts]
    out: dict[str, dict[str, list[int]]] = {p: {} for p in parts}
    for name in FIELDS_SPLIT:
        share_of = "periodbudget" if name == "periodbudget" else "utfall"
        weights: list[list[float]] = []
        for i, part in enumerate(parts):
            own = written.get(part)
            if own is None:
                weights.append([fixed[i]] * 12)
                continue
            anchors = _anchors(own.get("perioder", {}), share_of)
            if share_of == "periodbudget":
                anchors[12] = int(own["budget"])
            totals = whole[share_of]
            ratio = _filled({m: v * 1_000_000 // totals[m - 1] for m, v in anchors.items()})
            weights.append([float(r) for r in ratio])
        for month in range(12):
            exact = [
                _anchors(written[p].get("perioder", {}), name).get(month + 1)
                if p in written
                else None
                for p in parts
            ]
            if name == "periodbudget" and month == 11:
                exact = [int(written[p]["budget"]) if p in written else None for p in parts]
            if all(x is not None for x in exact):
                values = [int(x) for x in exact]  # type: ignore[arg-type]
            else:
                values = _split_month(whole[name][month], [w[month] for w in weights])
            for part, value in zip(parts, values, strict=True):
                out[part].setdefault(name, []).append(value)
    return out


def _pieces(total: Decimal, slots: int, rng: random.Random) -> list[Decimal]:
    """``total`` kronor in ``slots`` amounts with öre that sum to it exactly."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(slots)]
    out = [(total * Decimal(w / sum(weights))).quantize(Decimal("0.01")) for w in weights]
    out[-1] += total - sum(out)
    return out


def _entry_of(org: str, parents: dict[str, str], namnd: str, split: str) -> str:
    while org != namnd and parents.get(org) != split:
        org = parents[org]
    return org


def _moved(accumulated: list[int], month: int) -> Decimal:
    """The month's movement of twelve accumulated tkr figures, in kronor."""
    before = accumulated[month - 2] if month > 1 else 0
    return Decimal(accumulated[month - 1] - before) * 1000


def example_ledger(root: Path, year: int, seed: int = 2020) -> Ledger:
    """The ledger of exempel/ale-2020 (``root``): its mapping's ansvar codes with amounts
    in kronor and öre that the import sums to exactly the figures of ``year``/ekonomi.yaml.
    Costs on 5110, 5610 and 6310 (and 4610 for bought services), income on 3210 (and
    3410 for statsbidrag), budget and last year's outcome on 5110 and 3210; and the result
    lines of ``year``/bokslut.yaml (`_example_posts`), which the import writes there."""
    rng = random.Random(seed)
    settings = yaml.safe_load((root / "malkoll.yaml").read_text(encoding="utf-8"))
    mapped: dict[str, str] = settings["ekonomi"]["importera"]["ansvar"]
    tree = yaml.safe_load((root / "organisation.yaml").read_text(encoding="utf-8"))
    economy = yaml.safe_load((root / str(year) / "ekonomi.yaml").read_text(encoding="utf-8"))
    parents: dict[str, str] = {}

    def walk(node: dict[str, Any]) -> None:
        for part in node.get("delar", []) or []:
            parents[str(part["id"])] = str(node["id"])
            walk(part)

    for node in tree:
        walk(node)
    codes = dict(mapped)
    names = {code: EXAMPLE_NAMES[code] for code in codes}
    amounts: list[Amount] = []
    for entry in economy["namnder"]:
        namnd = str(entry["organisation"])
        split = next(o for o, p in parents.items() if p == namnd)  # the sektor
        parts = [namnd] + [o for o, p in parents.items() if p == split]
        by_part: dict[str, list[str]] = defaultdict(list)
        for code, org in codes.items():
            if _namnd_of(tree, org) == namnd:
                by_part[_entry_of(org, parents, namnd, split)].append(code)
        series = _entry_series(entry, parts, rng)
        for part in parts:
            s = series[part]
            costs = [u + i for u, i in zip(s["utfall"], s["intakter"], strict=True)]
            ratio = Decimal(s["intakter"][11]) / Decimal(s["utfall"][11])
            for month in range(1, 13):
                rows = [
                    ("utfall", year, _moved(costs, month), _moved(s["intakter"], month)),
                    ("budget", year, None, _moved(s["periodbudget"], month)),
                    ("utfall", year - 1, None, _moved(s["fjolar"], month)),
                ]
                for kind, y, cost, net in rows:
                    own = by_part[part]
                    if cost is None:  # a net figure: its income in the year's proportion
                        income = (net / 1000 * ratio).quantize(Decimal(1)) * 1000
                        cost = net + income
                        for code, value in zip(own, _pieces(cost, len(own), rng), strict=True):
                            amounts.append(Amount(kind, y, month, "5110", code, value))
                        for code, value in zip(own, _pieces(income, len(own), rng), strict=True):
                            amounts.append(Amount(kind, y, month, "3210", code, -value))
                        continue
                    income = net
                    slots = [
                        (code, account)
                        for code in own
                        for account in ("5110", "5610", "6310", EXAMPLE_FOURTH.get(code))
                        if account
                    ]
                    for (code, account), value in zip(
                        slots, _pieces(cost, len(slots), rng), strict=True
                    ):
                        amounts.append(Amount(kind, y, month, account, code, value))
                    slots = [
                        (code, account)
                        for code in own
                        for account in ("3210", "3410" if code.startswith(EXAMPLE_GRANTS) else "")
                        if account
                    ]
                    for (code, account), value in zip(
                        slots, _pieces(income, len(slots), rng), strict=True
                    ):
                        amounts.append(Amount(kind, y, month, account, code, -value))
    importera = settings["ekonomi"]["importera"]
    names.update({code: EXAMPLE_NAMES[code] for code in importera.get("ansvar_poster", {})})
    names.update({code: EXAMPLE_NAMES[code] for code in importera.get("ignorera", [])})
    amounts += _example_posts(root / str(year) / "bokslut.yaml", year, rng)
    amounts.sort(key=lambda a: (a.kind != "utfall", -a.year, a.account, a.month, a.ansvar))
    return Ledger(codes, names, amounts)


def _example_posts(bokslut: Path, year: int, rng: random.Random) -> list[Amount]:
    """The result lines of ``bokslut`` (bokslut.yaml) as the ledger books them: the
    accumulated `utfall` of each follow-up period exactly, the months between on a
    straight line from January, the year's `budget` in twelve whole-tkr months; the
    ledger's signs (income negative), so each figure turned."""
    amounts: list[Amount] = []
    for post in yaml.safe_load(bokslut.read_text(encoding="utf-8"))["poster"]:
        ansvar, account = EXAMPLE_POSTS[post["post"]]
        anchors = {PERIOD_MONTHS[k]: -int(v["utfall"]) for k, v in post["perioder"].items()}
        outcome = _filled({0: 0, **anchors})
        budget = _filled({0: 0, 12: -int(post["budget"])})
        for month in range(1, 13):
            moved = _moved(outcome, month)
            if account == "8510":  # interest paid and interest received
                income = -Decimal(rng.randint(20_000_000, 40_000_000)) / 100
                amounts.append(Amount("utfall", year, month, "8410", ansvar, income))
                moved -= income
            for value in _pieces(moved, 2, rng):
                amounts.append(Amount("utfall", year, month, account, ansvar, value))
            amounts.append(Amount("budget", year, month, account, ansvar, _moved(budget, month)))
    return amounts


def _results(ledger: Ledger, year: int) -> list[str]:
    """`#RES` per account and year: the sum of its outcome, where the spec puts it (before
    the period records); the import checks what it reads against these (MK517)."""
    sums: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for a in ledger.amounts:
        if a.kind == "utfall":
            sums[(a.year - year, a.account)] += a.value
    return [
        f"#RES {index} {account} {_sie_amount(value)}"
        for (index, account), value in sorted(sums.items(), key=lambda k: (-k[0][0], k[0][1]))
    ]


def write_example_sie(ledger: Ledger, path: Path, year: int) -> None:
    """The example's SIE 4 file (PC8), with the header records of a Raindance export."""
    lines = [
        "#FLAGGA 0",
        '#PROGRAM "Raindance Ekonomi" 2020.2',
        "#FORMAT PC8",
        f"#GEN {year + 1}0115",
        "#SIETYP 4",
        '#FNAMN "Ale kommun"',
        "#ORGNR 212000-1421",
        f"#RAR 0 {year}0101 {year}1231",
        f"#RAR -1 {year - 1}0101 {year - 1}1231",
        '#DIM 1 "Ansvar"',
    ]
    lines += [f'#OBJEKT 1 "{code}" "{name}"' for code, name in sorted(ledger.names.items())]
    lines += [f'#KONTO {account} "{name}"' for account, name in EXAMPLE_ACCOUNTS.items()]
    lines += _results(ledger, year)
    records: dict[tuple[str, int, int, str, str], Decimal] = defaultdict(Decimal)
    for a in ledger.amounts:  # one record per key, as an export has (the CSV has the pieces)
        records[(a.kind, a.year, a.month, a.account, a.ansvar)] += a.value
    for (kind, at, month, account, ansvar), value in records.items():
        label = "#PSALDO" if kind == "utfall" else "#PBUDGET"
        objects = f'1 "{ansvar}"' if ansvar else ""
        lines.append(f"{label} {at - year} {at}{month:02} {account} {{{objects}}} {value:.2f}")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp437"))


def write_example_csv(ledger: Ledger, path: Path) -> None:
    """The same amounts as a CSV export: `;`, decimal commas, UTF-8."""
    lines = ["Ansvar;Ansvarsnamn;Konto;Period;Typ;Belopp"]
    for a in ledger.amounts:
        kind = "Utfall" if a.kind == "utfall" else "Budget"
        amount = f"{a.value:.2f}".replace(".", ",")
        name = ledger.names.get(a.ansvar, "")
        lines.append(f"{a.ansvar};{name};{a.account};{a.year}{a.month:02};{kind};{amount}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--exempel"]:
    ale = Path(__file__).resolve().parents[1] / "exempel" / "ale-2020"
    folder = ale / "ekonomisystem"
    example = example_ledger(ale, 2020)
    write_example_sie(example, folder / "huvudbok-2020.se", 2020)
    write_example_csv(example, folder / "huvudbok-2020.csv")
elif __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parents[1] / "exempel" / "ale-2020"
    generated = generate(root / "organisation.yaml", 2020)
    write_csv(generated, out / "huvudbok.csv")
    write_sie(generated, out / "huvudbok.se", 2020)
    (out / "mappning.yaml").write_text(mapping_yaml(generated), encoding="utf-8")
