"""Generate a synthetic goal repository of a large Swedish municipality (seeded, valid).

    python benchmarks/generate.py                      # B: 1,000 units in benchmarks/data/B-1000
    python benchmarks/generate.py --sort kort          # A: 1,000 units in benchmarks/data/A-1000
    python benchmarks/generate.py --enheter 100 --ut benchmarks/data/B-100

The corpus follows `format.md`: settings, organisation, goals, indicator values, and for
2020 the årshjul, uppdrag, ekonomi, internkontroll and one plan file per organisational
unit. Two sorts: `lang` (corpus B, the default) writes long follow-up texts, ~32 KB per
plan file; `kort` (corpus A) writes a grown municipality where the units write a line
or two: ~5.5 KB and ~200 YAML nodes per plan file, 1–3 delmål per unit and one indicator
per delmål. Every reference resolves and every due part is written, so `malkoll validera`
takes the happy path over all of it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ordforrad as O
from yamlskrivare import Block, Flow, Quoted, dumps

HERE = Path(__file__).resolve().parent
MARKER = ".benchmark.json"
SORTS = {"lang": "B", "kort": "A"}  # the sort of corpus -> its letter in benchmarks/data/
YEAR = 2020
YEARS = tuple(range(2016, YEAR + 1))
PERIODS = ("delar1", "delar2", "helar")
PERIOD_DATE = {
    "delar1": dt.date(YEAR, 3, 31),
    "delar2": dt.date(YEAR, 8, 31),
    "helar": dt.date(YEAR, 12, 31),
}
SCALE = ("gron", "gul", "rod")
SCALE_WRITTEN = {"gron": "Grön", "gul": "Gul", "rod": "Röd"}
GAP_LIMIT = 0.08  # a K/M gap beyond this share of T gets a `grupper` text (MK309 is at 10 %)
VARIANT_RATE = 0.03  # how often a key or value is written with å/ä/ö, as format.md allows


# --- the model of the generated municipality ------------------------------------------


@dataclass
class Indikator:
    id: str
    spec: O.IndikatorSpec
    kolada: bool
    varden: dict[int, tuple[float, float | None, float | None]]  # year -> T, K, M
    malvarde: dict[int, float]

    @property
    def gap(self) -> bool:
        t, k, m = self.varden[YEAR]
        return k is not None and m is not None and abs(k - m) > GAP_LIMIT * abs(t)


@dataclass
class Delmal:
    id: str
    spec: O.DelmalSpec
    indikatorer: list[Indikator]


@dataclass
class Enhet:
    id: str
    namn: str
    typ: str
    sektor: str
    chef: str | None = None
    barn: list[Enhet] = field(default_factory=list)
    delmal: list[str] = field(default_factory=list)
    # delmål id -> period -> assessment, filled bottom-up
    bedomning: dict[str, dict[str, str]] = field(default_factory=dict)

    def walk(self) -> Iterator[Enhet]:
        yield self
        for child in self.barn:
            yield from child.walk()


@dataclass
class Kommun:
    mal: list[tuple[O.MalSpec, list[Delmal]]]
    delmal: dict[str, Delmal]
    namnder: list[tuple[O.NamndSpec, Enhet]]
    short: bool = False  # corpus A: short values, one indicator per delmål

    def enheter(self) -> Iterator[Enhet]:
        for _, namnd in self.namnder:
            yield from namnd.walk()


# --- text -----------------------------------------------------------------------------


class Slots(dict):
    """The values of a sentence template's slots, drawn when a template asks for them."""

    def __init__(self, rng: random.Random, level: str, period: str, delmal: Delmal | None) -> None:
        super().__init__()
        self.rng = rng
        self.level = level
        self.period = period
        self.teman = delmal.spec.teman if delmal else ("verksamhetens kvalitet", "bemanningen")
        self.ind = [i.spec.namn.lower() for i in delmal.indikatorer] if delmal else ["nyckeltalen"]

    def __missing__(self, key: str) -> str:
        r = self.rng
        pools: dict[str, Sequence[str]] = {
            "tema": self.teman,
            "tema2": self.teman,
            "indikator": self.ind,
            "tid": O.TID[self.period],
            "subj": O.SUBJEKT[self.level],
            "partner": O.PARTNER,
            "grupp": O.GRUPPER,
            "atgard": O.ATGARDER,
            "yrke": O.YRKEN,
            "ort": O.ORTER,
            "ort2": O.ORTER,
            "deltagare": O.DELTAGARE,
            "ekpost": O.EKONOMIPOSTER,
            "manad": ("september", "oktober", "januari", "höstterminen", "vårterminen"),
            "position": ("något bättre till", "i nivå med snittet", "sämre till", "bland de bästa"),
        }
        if key in pools:
            return r.choice(pools[key])
        if key == "pct":
            return str(r.randint(55, 96))
        if key == "liten":
            return str(r.randint(1, 7))
        if key == "antal":
            return str(r.randint(2, 14))
        raise KeyError(key)


def sentences(slots: Slots, pool: Sequence[str], count: int) -> list[str]:
    """`count` sentences from `pool`, without repeats while the pool lasts."""
    rng = slots.rng
    picked = rng.sample(pool, min(count, len(pool)))
    picked += rng.choices(pool, k=count - len(picked))
    return [t.format_map(slots) for t in picked]


def how_many(rng: random.Random, low: int, high: int, mode: float) -> int:
    return round(rng.triangular(low, high, mode))


def prose(slots: Slots, pool: Sequence[str], low: int = 1, high: int = 6, mode: float = 2) -> Any:
    """Free text of varying length, written as people do: mostly one line, some blocks."""
    rng = slots.rng
    parts = sentences(slots, pool, how_many(rng, low, high, mode))
    text = " ".join(parts)
    roll = rng.random()
    if len(parts) >= 3 and roll < 0.10:
        cut = rng.randint(1, len(parts) - 1)
        return Block(" ".join(parts[:cut]) + "\n\n" + " ".join(parts[cut:]), "|")
    if len(parts) >= 3 and roll < 0.14:
        return Block(parts[0] + "\n\n" + "\n".join(f"- {p}" for p in parts[1:]), "|")
    if len(text) > 150 and roll < 0.32:
        return Block(text, ">")
    return text


def person(rng: random.Random) -> str:
    return f"{rng.choice(O.FORNAMN)} {rng.choice(O.EFTERNAMN)}"


def slug(text: str) -> str:
    folded = text.lower().translate(str.maketrans("åäöéü", "aaoeu"))
    return "-".join("".join(c if c.isalnum() else " " for c in folded).split())


def key(rng: random.Random, ascii_key: str, variant: str) -> str:
    """A key as people write it: now and then with å/ä/ö, which format.md accepts."""
    return variant if rng.random() < VARIANT_RATE else ascii_key


def assessment(rng: random.Random, value: str) -> str:
    return SCALE_WRITTEN[value] if rng.random() < VARIANT_RATE else value


# --- what makes an analysis say something (MK312–MK316) ------------------------------

WHO = {
    "enhet": ("Rektor", "Enhetschefen", "Arbetslaget med rektor"),
    "verksamhet": ("Verksamhetschefen", "Enhetscheferna", "Verksamhetens ledningsgrupp"),
    "sektor": ("Sektorchefen", "Sektorns ledningsgrupp", "Kvalitetsstrategen"),
    "namnd": ("Nämnden", "Förvaltningen", "Nämndens presidium"),
}
"""Who answers for the measures, per level: a role MK314 recognises."""

WHEN = (
    "i oktober",
    "under hösten",
    "till årsskiftet",
    "senast i mars 2021",
    "från vårterminen 2021",
    "under första kvartalet 2021",
    "varje månad",
    "före sommaren 2021",
)
"""When the measures are done: a time MK314 recognises."""

COPIED_PARTS = {
    "resultat": O.RESULTAT,
    "orsaker": O.ORSAKER,
    "avvikelser": O.AVVIKELSER,
    "grupper": O.GRUPPTEXT,
    "slutsatser": O.SLUTSATSER,
}
"""The parts MK312 compares with the period before, and the phrases they are drawn from."""


def plain(value: Any) -> str:
    return value.text if isinstance(value, Block) else str(value)


def appended(value: Any, sentence: str) -> Any:
    """``value`` (a line or a block) with ``sentence`` after it."""
    if isinstance(value, Block):
        return Block(value.text + " " + sentence, value.style)
    return f"{value} {sentence}"


def latest_figure(dm: Delmal, period: str) -> str:
    """The delmål's first indicator's latest outcome as a result names it (MK313): last
    year's for an interim period, the year's own for the annual report."""
    ind = dm.indikatorer[0]
    year = YEAR if period == "helar" else YEAR - 1
    value = f"{ind.varden[year][0]:.1f}".replace(".", ",").removesuffix(",0").replace("-", "−")
    return f"Utfallet för {ind.spec.namn.lower()} var {value} år {year}."


def owned(rng: random.Random, level: str) -> str:
    """Who answers for the measures and when they are done (MK314)."""
    return f"{rng.choice(WHO.get(level, WHO['enhet']))} ansvarar, {rng.choice(WHEN)}."


def same(a: Any, b: Any) -> bool:
    return " ".join(plain(a).split()).casefold() == " ".join(plain(b).split()).casefold()


def unlike_before(
    rng: random.Random, slots: Slots, dm: Delmal, before: dict, now: dict, level: str
) -> None:
    """Re-draw the parts of ``now`` that copy those of the period ``before`` (MK312), and
    measures that repeat (MK315), a few times at most."""
    for part, pool in COPIED_PARTS.items():
        for _ in range(5):
            if part not in now or part not in before or not same(now[part], before[part]):
                break
            drawn = line(slots, pool)
            now[part] = (
                appended(drawn, latest_figure(dm, slots.period)) if part == "resultat" else drawn
            )
    measures = next((k for k in ("atgarder", "åtgärder") if k in now), None)
    earlier = next((before[k] for k in ("atgarder", "åtgärder") if k in before), None)
    for _ in range(5):
        if measures is None or earlier is None or not same(now[measures], earlier):
            break
        now[measures] = appended(line(slots, O.KORT_ATGARDER), owned(rng, level))


# --- goals and indicators -------------------------------------------------------------


def indicator_values(rng: random.Random, spec: O.IndikatorSpec) -> dict[int, tuple]:
    """T (and K, M) per year: improving in the better direction, the last year always."""
    sign = 1 if spec.riktning == "hogre" else -1
    step = abs(spec.bas) * rng.uniform(0.006, 0.025) + 0.05
    gap = rng.uniform(-0.16, 0.16) if spec.kon else 0.0
    digits = 0 if abs(spec.bas) >= 1000 else 1
    values: dict[int, tuple] = {}
    t = spec.bas
    for year in YEARS:
        if year > YEARS[0]:
            # The last three years move the better way, so the pace to 2030 (MK405) agrees
            # with the assessments the units draw; earlier years may dip.
            wobble = rng.uniform(-0.6, 1.4) if year < YEAR - 2 else rng.uniform(0.4, 1.4)
            t += sign * step * wobble
        k = round(t * (1 + gap / 2), digits) if spec.kon else None
        m = round(t * (1 - gap / 2), digits) if spec.kon else None
        values[year] = (round(t, digits), k, m)
    return values


def build_goals(
    rng: random.Random, short: bool = False
) -> tuple[list[tuple[O.MalSpec, list[Delmal]]], dict[str, Delmal]]:
    used: set[str] = set()
    goals: list[tuple[O.MalSpec, list[Delmal]]] = []
    by_id: dict[str, Delmal] = {}
    for g, mal in enumerate(O.MAL, start=1):
        delmal = []
        for d, spec in enumerate(mal.delmal, start=1):
            inds = []
            specs = spec.indikatorer[:1] if short else spec.indikatorer
            for n, ispec in enumerate(specs, start=1):
                kolada = rng.random() < 0.8
                while kolada:
                    ind_id = f"{rng.choice('NNNU')}{rng.randint(10000, 99999)}"
                    if ind_id not in used:
                        break
                if not kolada:
                    ind_id = f"ALE-{g}{d}{n}"
                used.add(ind_id)
                values = indicator_values(rng, ispec)
                sign = 1 if ispec.riktning == "hogre" else -1
                t2020 = values[YEAR][0]
                target = {YEAR: round(t2020 + sign * abs(t2020) * rng.uniform(-0.03, 0.04), 1)}
                target[2030] = round(t2020 + sign * abs(t2020) * rng.uniform(0.08, 0.2), 1)
                inds.append(Indikator(ind_id, ispec, kolada, values, target))
            dm = Delmal(f"{g}.{d}", spec, inds)
            delmal.append(dm)
            by_id[dm.id] = dm
        goals.append((mal, delmal))
    return goals, by_id


# --- organisation ---------------------------------------------------------------------


def spread(rng: random.Random, total: int, weights: Sequence[float]) -> list[int]:
    """`total` split by `weights` (largest remainders), deterministic."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - counts[i], rng.random()), reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


class Names:
    """Unique ids and names across the organisation."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.names: set[str] = set()

    def take(self, name: str) -> tuple[str, str]:
        base, n = name, 1
        while name in self.names or slug(name) in self.ids:
            n += 1
            name = f"{base} {n}"
        self.names.add(name)
        self.ids.add(slug(name))
        return slug(name), name


def unit_name(rng: random.Random, patterns: Sequence[str], names: Names) -> str:
    """A fresh name from the patterns; a number is added only when they are used up."""
    for _ in range(20):
        name = rng.choice(patterns).format(ort=rng.choice(O.ORTER), namn=rng.choice(O.NAMN))
        if name not in names.names:
            return name
    return name


def build_organisation(rng: random.Random, total: int) -> list[tuple[O.NamndSpec, Enhet]]:
    n_namnd = len(O.NAMNDER)
    n_verks = max(n_namnd, round(total / 20))
    n_enheter = total - 2 * n_namnd - n_verks
    if n_enheter < 0:
        raise SystemExit(f"--enheter måste vara minst {3 * n_namnd}")
    names = Names()
    verks_per = spread(rng, n_verks - n_namnd, [s.vikt for s in O.NAMNDER])
    out = []
    verksamheter: list[tuple[Enhet, O.VerksamhetSpec]] = []
    for spec, extra in zip(O.NAMNDER, verks_per, strict=True):
        names.ids.update({spec.id, spec.sektor_id})
        names.names.update({spec.namn, spec.sektor_namn})
        namnd = Enhet(spec.id, spec.namn, "namnd", spec.sektor_id, chef=None)
        sektor = Enhet(spec.sektor_id, spec.sektor_namn, "sektor", spec.sektor_id, chef=person(rng))
        namnd.barn.append(sektor)
        for i in range(1 + extra):
            vspec = spec.verksamheter[i % len(spec.verksamheter)]
            vid, vnamn = names.take(vspec.namn)
            verks = Enhet(vid, vnamn, "verksamhet", spec.sektor_id, chef=person(rng))
            sektor.barn.append(verks)
            verksamheter.append((verks, vspec))
        out.append((spec, namnd))
    weights = [rng.uniform(0.4, 1.6) for _ in verksamheter]
    for (verks, vspec), count in zip(verksamheter, spread(rng, n_enheter, weights), strict=True):
        for _ in range(count):
            eid, enamn = names.take(unit_name(rng, vspec.enheter, names))
            chef = person(rng) if rng.random() < 0.6 else None
            verks.barn.append(Enhet(eid, enamn, "enhet", verks.sektor, chef=chef))
    return out


def assign_goals(rng: random.Random, kommun: Kommun) -> None:
    """Which delmål each unit works with; a parent follows up what its units do."""
    for spec, namnd in kommun.namnder:
        for verks in namnd.barn[0].barn:
            verks.delmal = rng.sample(spec.fokus, min(len(spec.fokus), rng.randint(3, 5)))
            for enhet in verks.barn:
                if kommun.short:  # corpus A: fewer delmål per unit, fewer nodes per plan
                    many = rng.randint(1, 3)
                else:
                    many = rng.randint(2, min(4, len(verks.delmal)))
                enhet.delmal = rng.sample(verks.delmal, many)
        _union_up(namnd)
        for unit in namnd.walk():
            unit.delmal.sort(key=lambda d: tuple(int(x) for x in d.split(".")))
        _assess(rng, namnd)


def _union_up(unit: Enhet) -> list[str]:
    for child in unit.barn:
        for dm in _union_up(child):
            if dm not in unit.delmal:
                unit.delmal.append(dm)
    return unit.delmal


def _assess(rng: random.Random, unit: Enhet) -> None:
    """Assessments bottom-up: a parent never judges better than every unit below (MK402)."""
    for child in unit.barn:
        _assess(rng, child)
    for dm in unit.delmal:
        below = [c.bedomning[dm] for c in unit.barn if dm in c.bedomning]
        per: dict[str, str] = {}
        for period in PERIODS:
            if below:
                ranked = sorted((b[period] for b in below), key=SCALE.index)
                per[period] = ranked[len(ranked) // 2]
            else:
                per[period] = rng.choices(SCALE, weights=(45, 40, 15))[0]
        unit.bedomning[dm] = per


# --- file contents --------------------------------------------------------------------


def settings() -> dict:
    return {
        "kommun": "Ale kommun (syntetiska testdata)",
        "kolada": Quoted("1440"),
        "perioder": {
            "delar1": Flow(namn="Delårsrapport 1", per=Quoted("03-31")),
            "delar2": Flow(namn="Delårsrapport 2", per=Quoted("08-31")),
            "helar": Flow(namn="Årsredovisning", per=Quoted("12-31")),
        },
        "prognoser": ["feb", "maj"],
        "bedomning": {
            "gron": Flow(
                namn="Grön", text="Vi ligger bra till för att uppfylla målet.", farg="#1a7f37"
            ),
            "gul": Flow(
                namn="Gul", text="Vi är på rätt väg, men det går för långsamt.", farg="#9a6700"
            ),
            "rod": Flow(
                namn="Röd",
                text="Ännu inga åtgärder, eller fel håll. Åtgärder krävs.",
                farg="#cf222e",
            ),
        },
        "analys": {
            "kravs": ["resultat", "orsaker"],
            "atgarder_vid": ["gul", "rod"],
            "konsskillnad_procent": 10,
        },
        "ekonomi": {"enhet": "tkr", "avvikelse_procent": 1.0},
        "regler": {},
    }


def organisation_entry(rng: random.Random, unit: Enhet) -> dict:
    entry: dict[str, Any] = {"id": unit.id, "namn": unit.namn, "typ": unit.typ}
    if unit.chef:
        entry["chef"] = unit.chef
    if unit.barn:
        entry["delar"] = [organisation_entry(rng, c) for c in unit.barn]
    elif rng.random() < 0.7:
        return Flow(entry)
    return entry


def goal_file(rng: random.Random, number: int, mal: O.MalSpec, delmal: list[Delmal]) -> dict:
    data: dict[str, Any] = {
        "id": Quoted(str(number)),
        "namn": mal.namn,
        "omrade": mal.omrade,
        "ansvarig": mal.ansvarig,
        "agenda2030": list(mal.agenda2030),
        "framgangsfaktorer": [
            {"id": f"ff{number}-{i}", "namn": n} for i, n in enumerate(mal.framgangsfaktorer, 1)
        ],
        "delmal": [],
        "indikatorer": [],
    }
    for dm in delmal:
        entry = {
            "id": Quoted(dm.id),
            "namn": dm.spec.namn,
            "agenda2030": [Quoted(a) for a in dm.spec.agenda2030],
            "indikatorer": [i.id for i in dm.indikatorer],
        }
        if rng.random() < 0.5:
            entry["beskrivning"] = prose(Slots(rng, "namnd", "helar", dm), O.SLUTSATSER, 1, 3, 1)
        data["delmal"].append(entry)
        for ind in dm.indikatorer:
            definition: dict[str, Any] = {"id": ind.id, "namn": ind.spec.namn}
            if ind.kolada:
                definition["kolada"] = ind.id
            definition |= {"enhet": ind.spec.enhet, "riktning": ind.spec.riktning}
            definition["malvarde"] = Flow(ind.malvarde)
            data["indikatorer"].append(definition)
    return data


def indicator_file(rng: random.Random, ind: Indikator) -> dict:
    utfall = {}
    for year, (t, k, m) in ind.varden.items():
        utfall[year] = Flow(T=t, K=k, M=m) if k is not None else Flow(T=t)
    t2020 = ind.varden[YEAR][0]
    digits = 0 if abs(t2020) >= 1000 else 1

    def near(f: float) -> float:
        return round(t2020 * f, digits)

    return {
        "indikator": ind.id,
        "kalla": "Kolada" if ind.kolada else "Egen mätning",
        "hamtad": dt.date(YEAR + 1, 2, 15),
        "utfall": utfall,
        "jamforelse": {
            "riket": Flow({y: near(rng.uniform(0.9, 1.1)) for y in (2018, 2019, YEAR)}),
            "liknande_kommuner": Flow({YEAR: near(rng.uniform(0.92, 1.08))}),
        },
    }


# --- plans ----------------------------------------------------------------------------


def activity_status(start: dt.date, slut: dt.date, final: str, period: str) -> str:
    day = PERIOD_DATE[period]
    if start > day:
        return "ej_paborjad"
    if slut <= day or (final == "avbruten" and period == "helar"):
        return final
    return "pagar"


def activity_dates(rng: random.Random) -> tuple[dt.date, dt.date, str]:
    """An activity's start, end and the status it ends the year with."""
    start = dt.date(YEAR, rng.choice((1, 1, 1, 2, 3, 4, 6, 8)), 1)
    slut = rng.choice(
        (
            dt.date(YEAR, 6, 30),
            dt.date(YEAR, 12, 31),
            dt.date(YEAR, 12, 31),
            dt.date(YEAR + 1, 6, 30),
        )
    )
    slut = max(slut, dt.date(YEAR, 12, 31)) if slut < start else slut
    final = rng.choices(("genomford", "forsenad", "avbruten"), weights=(82, 12, 6))[0]
    return start, slut, final


def activity(
    rng: random.Random, level: str, dm: Delmal, number: int, taken: set[str], rich: float
) -> dict:
    slots = Slots(rng, level, "helar", dm)
    namn = rng.choice(O.AKTIVITETSNAMN).format_map(slots)
    namn = namn[0].upper() + namn[1:]
    base = slug(namn.split()[0])[:10]
    act_id = f"{base}-{dm.id.replace('.', '-')}-{number}"
    while act_id in taken:
        act_id += "b"
    taken.add(act_id)
    start, slut, final = activity_dates(rng)
    entry: dict[str, Any] = {"id": act_id, "namn": namn}
    if rng.random() < 0.3:
        entry["beskrivning"] = prose(slots, O.HUR_VI_ARBETAR, 1, 3, 1)
    if rng.random() < 0.8:
        entry["ansvarig"] = rng.choice(
            ("Rektorerna", "Enhetschefen", "Verksamhetschefen", person(rng))
        )
    entry |= {"start": start, "slut": slut, "uppfoljning": {}}
    for period in PERIODS:
        status = activity_status(start, slut, final, period)
        entry["uppfoljning"][period] = activity_followup(
            Slots(rng, level, period, dm), status, period, rich
        )
    return entry


def activity_followup(slots: Slots, status: str, period: str, rich: float) -> Any:
    rng = slots.rng
    if status == "ej_paborjad":
        return Flow(status=status)
    needs_comment = status in ("forsenad", "avbruten")
    if period != "helar" and not needs_comment and rng.random() < 0.35:
        return Flow(status=status, kommentar=rng.choice(O.KOMMENTAR_PAGAR))
    entry: dict[str, Any] = {"status": status}
    entry["hur_har_det_gatt"] = prose(slots, O.HUR_GATT, 1, round(6 * rich), 2 * rich)
    if period == "helar" or rng.random() < 0.6:
        entry["vad_har_det_lett_till"] = prose(slots, O.LETT_TILL, 1, round(5 * rich), 2 * rich)
    if needs_comment:
        pool = O.KOMMENTAR_FORSENAD if status == "forsenad" else O.KOMMENTAR_AVBRUTEN
        entry["kommentar"] = rng.choice(pool).format_map(slots)
    return entry


def operational_goal(
    rng: random.Random, dm: Delmal, number: int, comments: Sequence[str] = O.RESULTAT
) -> dict:
    ind = rng.choice(dm.indikatorer)
    spec = ind.spec
    t = ind.varden[YEAR][0]
    target = round(ind.malvarde[YEAR], 1)
    word = "minst" if spec.riktning == "hogre" else "högst"
    entry: dict[str, Any] = {
        "id": f"vm-{dm.id.replace('.', '-')}-{number}",
        "namn": f"{spec.namn} ska vara {word} {target:g} ({spec.enhet})",
        "enhet": spec.enhet,
        "riktning": spec.riktning,
        "malvarde": target,
        "uppfoljning": {},
    }
    for period in PERIODS:
        value = round(t * rng.uniform(0.94, 1.06), 1)
        if rng.random() < 0.5:
            entry["uppfoljning"][period] = Flow(utfall=value)
        else:
            comment = " ".join(sentences(Slots(rng, "enhet", period, dm), comments, 1))
            entry["uppfoljning"][period] = {"utfall": value, "kommentar": comment}
    return entry


def analysis(
    rng: random.Random, unit: Enhet, dm: Delmal, period: str, grade: str, gap: bool, rich: float
) -> dict:
    slots = Slots(rng, unit.typ, period, dm)
    top = max(2, round(6 * rich))
    result = prose(slots, O.RESULTAT, 1, top, 2 * rich)
    if unit.barn:
        below = [c.bedomning[dm.id][period] for c in unit.barn if dm.id in c.bedomning]
        if below:
            g, y, r = (below.count(s) for s in SCALE)
            lead = (
                f"Av de {len(below)} enheter under oss som arbetar med delmålet bedömer {g} att de "
                f"ligger bra till, {y} att det går för långsamt och {r} att åtgärder krävs."
            )
            result = lead + " " + (result.text if isinstance(result, Block) else result)
    result = appended(result, latest_figure(dm, period))
    out: dict[str, Any] = {"resultat": result, "orsaker": prose(slots, O.ORSAKER, 1, top, 2 * rich)}
    if rng.random() < 0.8:
        out["avvikelser"] = prose(slots, O.AVVIKELSER, 1, top - 1, 1.5)
    if gap or rng.random() < 0.6:
        out["grupper"] = prose(slots, O.GRUPPTEXT, 1, top - 1, 1.5)
    if rng.random() < 0.75:
        out["slutsatser"] = prose(slots, O.SLUTSATSER, 1, top - 1, 1.5)
    if grade in ("gul", "rod") or rng.random() < 0.5:
        measures = prose(slots, O.ATGARDTEXT, 1, top, 2)
        out[key(rng, "atgarder", "åtgärder")] = appended(measures, owned(rng, unit.typ))
    if rng.random() < 0.65:
        ids = [i.id for i in rng.sample(dm.indikatorer, rng.randint(1, len(dm.indikatorer)))]
        out["underlag"] = ids + rng.sample(O.KALLOR, rng.randint(0, 2))
    return out


def plan_delmal(rng: random.Random, unit: Enhet, dm: Delmal, taken: set[str], rich: float) -> dict:
    level = unit.typ
    entry: dict[str, Any] = {"delmal": Quoted(dm.id)}
    slots = Slots(rng, level, "delar1", dm)
    if rng.random() < 0.9:
        entry["hur_vi_arbetar"] = prose(slots, O.HUR_VI_ARBETAR, 1, 4, 1.5)
    matt = rng.sample(dm.indikatorer, rng.randint(0, len(dm.indikatorer)))
    if matt:
        entry["matt"] = [i.id for i in matt]
    gap = any(i.gap for i in dm.indikatorer)
    low, high = {"enhet": (1, 4), "verksamhet": (1, 3)}.get(level, (0, 2))
    acts = [activity(rng, level, dm, n, taken, rich) for n in range(1, rng.randint(low, high) + 1)]
    if acts:
        entry["aktiviteter"] = acts
    if level in ("enhet", "verksamhet") and rng.random() < 0.45:
        entry["verksamhetsmal"] = [
            operational_goal(rng, dm, n) for n in range(1, rng.randint(1, 2) + 1)
        ]
    entry["uppfoljning"] = {}
    before: dict[str, Any] = {}
    for period in PERIODS:
        grade = unit.bedomning[dm.id][period]
        now = analysis(rng, unit, dm, period, grade, gap, rich)
        unlike_before(rng, Slots(rng, level, period, dm), dm, before, now, level)
        entry["uppfoljning"][period] = {
            "analys": now,
            key(rng, "bedomning", "bedömning"): assessment(rng, grade),
        }
        before = now
    return entry


RICHNESS = {"enhet": 1.45, "verksamhet": 1.25, "sektor": 1.1, "namnd": 1.1}


def plan_file(rng: random.Random, kommun: Kommun, unit: Enhet) -> dict:
    taken: set[str] = set()
    rich = RICHNESS[unit.typ] * rng.uniform(0.75, 1.25)
    data: dict[str, Any] = {"organisation": unit.id, "ar": YEAR, "delmal": []}
    for dm_id in unit.delmal:
        data["delmal"].append(plan_delmal(rng, unit, kommun.delmal[dm_id], taken, rich))
    if unit.barn or rng.random() < 0.8:
        data["sammanfattning"] = {
            p: prose(Slots(rng, unit.typ, p, None), O.SAMMANFATTNING, 1, 5, 2) for p in PERIODS
        }
    return data


# --- short plans (corpus A) -----------------------------------------------------------


def line(slots: Slots, pool: Sequence[str]) -> str:
    """One short phrase from `pool`."""
    return slots.rng.choice(pool).format_map(slots)


def short_activity(rng: random.Random, level: str, dm: Delmal, number: int) -> dict:
    slots = Slots(rng, level, "helar", dm)
    namn = line(slots, O.KORT_AKTIVITETSNAMN)
    entry: dict[str, Any] = {"id": f"a{dm.id.replace('.', '-')}-{number}", "namn": namn}
    start, slut, final = activity_dates(rng)
    if rng.random() < 0.7:
        entry["ansvarig"] = rng.choice(("Rektor", "Enhetschef", "Verksamhetschef"))
    entry |= {"start": start, "slut": slut, "uppfoljning": {}}
    for period in PERIODS:
        status = activity_status(start, slut, final, period)
        slots = Slots(rng, level, period, dm)
        followup: dict[str, Any] = {"status": status}
        if status != "ej_paborjad":
            if period == "helar":
                followup["hur_har_det_gatt"] = line(slots, O.HUR_GATT)
                followup["vad_har_det_lett_till"] = line(slots, O.LETT_TILL)
            if status in ("forsenad", "avbruten"):
                pool = O.KORT_FORSENAD if status == "forsenad" else O.KORT_AVBRUTEN
                followup["kommentar"] = line(slots, pool)
            elif period != "helar" and rng.random() < 0.5:
                followup["kommentar"] = line(slots, O.KORT_KOMMENTAR)
        entry["uppfoljning"][period] = followup if len(followup) > 2 else Flow(followup)
    return entry


def short_analysis(
    rng: random.Random, unit: Enhet, dm: Delmal, period: str, grade: str, gap: bool
) -> dict:
    slots = Slots(rng, unit.typ, period, dm)
    out: dict[str, Any] = {
        "resultat": appended(prose(slots, O.RESULTAT, 1, 3, 1), latest_figure(dm, period)),
        "orsaker": prose(slots, O.ORSAKER, 1, 3, 1),
    }
    if rng.random() < 0.15:
        out["avvikelser"] = line(slots, O.AVVIKELSER)
    if gap or rng.random() < 0.1:
        out["grupper"] = line(slots, O.GRUPPTEXT)
    if rng.random() < 0.15:
        out["slutsatser"] = line(slots, O.SLUTSATSER)
    if grade in ("gul", "rod") or rng.random() < 0.1:
        measures = line(slots, O.KORT_ATGARDER)
        out[key(rng, "atgarder", "åtgärder")] = appended(measures, owned(rng, unit.typ))
    return out


def short_delmal(rng: random.Random, unit: Enhet, dm: Delmal) -> dict:
    level = unit.typ
    entry: dict[str, Any] = {"delmal": Quoted(dm.id)}
    slots = Slots(rng, level, "delar1", dm)
    if rng.random() < 0.5:
        entry["hur_vi_arbetar"] = line(slots, O.HUR_VI_ARBETAR)
    if rng.random() < 0.5:
        entry["matt"] = [i.id for i in dm.indikatorer]
    count = 2 if level == "enhet" and rng.random() < 0.25 else 1
    entry["aktiviteter"] = [short_activity(rng, level, dm, n) for n in range(1, count + 1)]
    if level in ("enhet", "verksamhet") and rng.random() < 0.15:
        entry["verksamhetsmal"] = [operational_goal(rng, dm, 1, O.KORT_RESULTAT)]
    gap = any(i.gap for i in dm.indikatorer)
    entry["uppfoljning"] = {}
    before: dict[str, Any] = {}
    for period in PERIODS:
        grade = unit.bedomning[dm.id][period]
        now = short_analysis(rng, unit, dm, period, grade, gap)
        unlike_before(rng, Slots(rng, level, period, dm), dm, before, now, level)
        entry["uppfoljning"][period] = {
            "analys": now,
            key(rng, "bedomning", "bedömning"): assessment(rng, grade),
        }
        before = now
    return entry


def short_plan_file(rng: random.Random, kommun: Kommun, unit: Enhet) -> dict:
    data: dict[str, Any] = {"organisation": unit.id, "ar": YEAR, "delmal": []}
    for dm_id in unit.delmal:
        data["delmal"].append(short_delmal(rng, unit, kommun.delmal[dm_id]))
    if unit.barn or rng.random() < 0.5:
        data["sammanfattning"] = {
            p: line(Slots(rng, unit.typ, p, None), O.SAMMANFATTNING) for p in PERIODS
        }
    return data


# --- the year's common files ----------------------------------------------------------


def calendar(namnder: list[tuple[O.NamndSpec, Enhet]]) -> list:
    d = dt.date
    events: list[Any] = [
        Flow(datum=d(YEAR, 1, 31), vad="Månadsuppföljning januari", period="jan"),
        Flow(datum=d(YEAR, 2, 29), vad="Budgetuppföljning med helårsprognos", period="feb"),
        Flow(
            datum=d(YEAR, 3, 31), vad="Delårsbokslut 1", period="delar1", inlamning=d(YEAR, 4, 14)
        ),
        Flow(datum=d(YEAR, 5, 31), vad="Budgetuppföljning med helårsprognos", period="maj"),
        Flow(
            datum=d(YEAR, 8, 31), vad="Delårsrapport 2", period="delar2", inlamning=d(YEAR, 9, 11)
        ),
        Flow(
            datum=d(YEAR, 12, 31),
            vad="Årsredovisning",
            period="helar",
            inlamning=d(YEAR + 1, 1, 29),
        ),
        Flow(datum=d(YEAR, 12, 15), vad="Nämndernas internkontrollplaner för 2021 antas"),
    ]
    for i, (spec, _) in enumerate(namnder):
        events.append(
            {
                "datum": d(YEAR, 10, 5 + 3 * i),
                "vad": f"Dialog KSAU och {spec.namn.lower()}s arbetsutskott",
                "organisation": spec.id,
            }
        )
    return events


def economy_entry(rng: random.Random, spec: O.NamndSpec) -> dict:
    budget = spec.budget
    drift = rng.uniform(-0.025, 0.015)  # the year's deviation as a share of budget
    months = {
        1: "jan",
        2: "feb",
        3: "delar1",
        4: "apr",
        5: "maj",
        6: "jun",
        7: "jul",
        8: "delar2",
        9: "sep",
        10: "okt",
        11: "nov",
    }
    forecasts = {"feb", "delar1", "maj", "delar2", "okt"}
    perioder: dict[str, Any] = {}
    deviations: dict[str, float] = {}  # period -> worst relative deviation
    for m, name in months.items():
        periodbudget = round(budget * m / 12 * rng.uniform(0.97, 1.03))
        share = drift * m / 12 + rng.uniform(-0.004, 0.004)
        utfall = round(periodbudget * (1 - share))
        entry: dict[str, Any] = {"utfall": utfall, "periodbudget": periodbudget}
        worst = (periodbudget - utfall) / periodbudget
        if name in forecasts:
            prognos = round(budget * (drift + rng.uniform(-0.004, 0.004)))
            entry["prognos"] = prognos
            worst = min(worst, prognos / budget) if prognos < 0 else max(worst, prognos / budget)
        perioder[name] = Flow(entry)
        deviations[name] = worst
    utfall = round(budget * (1 - drift))
    perioder["helar"] = Flow(utfall=utfall)
    deviations["helar"] = (budget - utfall) / budget
    slots = Slots(rng, "namnd", "helar", None)
    analys: dict[str, Any] = {}
    atgarder: dict[str, Any] = {}
    for name, share in deviations.items():
        if abs(share) > 0.009 or rng.random() < 0.1:
            analys[name] = prose(slots, O.EKONOMI_ANALYS, 1, 3, 1)
        if share < -0.009 or (share < 0 and rng.random() < 0.3):
            atgarder[name] = prose(slots, O.EKONOMI_ATGARD, 1, 3, 1)
    return {
        "organisation": spec.id,
        "budget": budget,
        "perioder": perioder,
        "analys": analys,
        "atgarder": atgarder,
    }


def investments(rng: random.Random, count: int) -> list[dict]:
    out = []
    owners = [s.id for s in O.NAMNDER]
    for n in range(1, count + 1):
        slots = Slots(rng, "namnd", "helar", None)
        budget = rng.randrange(500, 60000, 100)
        entry: dict[str, Any] = {
            "id": f"I-{YEAR}-{n:02d}",
            "namn": rng.choice(O.INVESTERINGAR).format_map(slots),
            "organisation": rng.choices(owners, weights=(1, 3, 2, 1, 4, 1))[0],
            "budget": budget,
            "utfall": Flow(
                delar2=round(budget * rng.uniform(0.2, 0.7)),
                helar=round(budget * rng.uniform(0.8, 1.1)),
            ),
        }
        if rng.random() < 0.6:
            entry["prognos"] = Flow(delar1=budget, delar2=round(budget * rng.uniform(0.9, 1.1)))
        if rng.random() < 0.7:
            entry["kommentar"] = rng.choice(
                ("Klar i oktober.", "Slutbesiktigad i december.", "Fortsätter 2021.")
            )
        out.append(entry)
    return out


def decision(rng: random.Random, body: str) -> str:
    """A reference to a decision, like `KF 2019-06-17 § 94`."""
    day = dt.date(YEAR - 1, rng.randint(1, 11), rng.randint(1, 28))
    return f"{body.upper()} {day.isoformat()} § {rng.randint(10, 200)}"


def assignments(rng: random.Random, count: int) -> list[dict]:
    out = []
    owners = [s.id for s in O.NAMNDER]
    for n in range(1, count + 1):
        slots = Slots(rng, "namnd", "helar", None)
        org = rng.choice(owners)
        klart = rng.choice((dt.date(YEAR, 6, 30), dt.date(YEAR, 12, 31), dt.date(YEAR + 1, 6, 30)))
        done_at = rng.choice((1, 2, 2, 3, 3, 4))  # the period reported done; 4: not yet
        givet = rng.choice(("KF", "KF", "KS", org))
        entry: dict[str, Any] = {
            "id": f"U{YEAR}-{n:02d}",
            "namn": rng.choice(O.UPPDRAG).format_map(slots),
            "givet_av": givet,
            "beslut": decision(rng, givet),
            "organisation": org,
            "klart": klart,
            "uppfoljning": {},
        }
        for i, period in enumerate(PERIODS, start=1):
            late = klart < PERIOD_DATE[period]
            status = "genomford" if i == done_at else ("forsenad" if late else "pagar")
            comment = prose(Slots(rng, "namnd", period, None), O.HUR_GATT, 1, 2, 1)
            if isinstance(comment, str) and len(comment) < 90:
                entry["uppfoljning"][period] = Flow(status=status, kommentar=comment)
            else:
                entry["uppfoljning"][period] = {"status": status, "kommentar": comment}
            if status == "genomford":
                break
        out.append(entry)
    return out


def internal_control(rng: random.Random, spec: O.NamndSpec) -> dict:
    controls = []
    for n, (process, risk, moment, method) in enumerate(
        rng.sample(O.KONTROLLER, rng.randint(5, 9)), 1
    ):
        reported = ["delar2", "helar"] if rng.random() < 0.7 else ["helar"]
        entry: dict[str, Any] = {
            "id": f"IK{n}",
            "process": process,
            "risk": risk,
            "sannolikhet": rng.randint(1, 4),
            "konsekvens": rng.randint(1, 4),
            "kontrollmoment": moment,
            "metod": method,
            "frekvens": rng.choice(("två gånger per år", "en gång per år", "varje tertial")),
            "ansvarig": rng.choice(("Ekonomichef", "HR-chef", "Sektorchef", "Nämndsekreterare")),
            "rapporteras": reported,
            "uppfoljning": {},
        }
        for period in reported:
            count = rng.randint(10, 40)
            if rng.random() < 0.3:
                entry["uppfoljning"][period] = {
                    "resultat": f"{count} poster granskade.",
                    "avvikelser": f"{rng.randint(1, 4)} av {count} poster hade brister.",
                    "atgarder": rng.choice(
                        (
                            "Utbildning för beställare.",
                            "Rutinen har förtydligats.",
                            "Påminnelse till alla chefer.",
                        )
                    ),
                }
            else:
                entry["uppfoljning"][period] = Flow(
                    resultat=f"{count} poster granskade, inga avvikelser."
                )
        controls.append(entry)
    return {
        "organisation": spec.id,
        "antagen": dt.date(YEAR - 1, 12, rng.randint(1, 17)),
        "kontroller": controls,
        "bedomning": {
            period: rng.choice(
                (
                    "Nämnden bedömer att den interna kontrollen är tillräcklig.",
                    "Kontrollerna visar brister som åtgärdas; kontrollen bedöms i huvudsak "
                    "tillräcklig.",
                )
            )
            for period in ("delar2", "helar")
        },
    }


# --- the annual report's files (issue 14) ----------------------------------------------

CHAPTERS = {
    "oversikt": "Översikt över utvecklingen av verksamheten",
    "viktiga-forhallanden": "Viktiga förhållanden för resultat och ekonomisk ställning",
    "handelser": "Händelser av väsentlig betydelse",
    "styrning": "Styrning och uppföljning av den kommunala verksamheten",
    "forvantad-utveckling": "Förväntad utveckling",
}


def bokslut(rng: random.Random, economy: dict) -> dict:
    """The result lines below the nämnder, sized so that the year's result is positive."""
    net = sum(n["budget"] for n in economy["namnder"])
    lines = {
        "finansforvaltning": -round(net * 0.04),
        "skatteintakter": round(net * 0.82),
        "generella_statsbidrag": round(net * 0.25),
        "finansnetto": -round(net * 0.006),
    }
    poster = []
    for post, budget in lines.items():
        perioder: dict[str, Any] = {}
        for share, period in ((0.25, "delar1"), (0.66, "delar2")):
            perioder[period] = Flow(
                utfall=round(budget * share), prognos=rng.randint(-20, 20) * 100
            )
        perioder["helar"] = Flow(utfall=round(budget * rng.uniform(0.98, 1.02)))
        poster.append({"post": post, "budget": budget, "perioder": perioder})
    return {
        "poster": poster,
        "balanskrav": {"realisationsvinster": rng.randint(0, 30) * 100},
    }


def hushallning(rng: random.Random) -> dict:
    return {
        "finansiella_mal": [
            {
                "id": "resultat",
                "namn": "Årets resultat ska vara minst 2 % av skatter och statsbidrag",
                "enhet": "procent",
                "malvarde": 2,
                "utfall": Flow({p: round(rng.uniform(0.5, 4), 1) for p in PERIODS}),
                "prognos": Flow({p: round(rng.uniform(0.5, 4), 1) for p in PERIODS[:-1]}),
            }
        ],
        "kommun": {
            p: {"bedomning": rng.choice(("uppfylld", "delvis")), "text": "Se de finansiella målen."}
            for p in PERIODS
        },
    }


def personal(rng: random.Random) -> dict:
    def figures() -> Flow:
        keys = ("totalt", "kvinnor", "man", "alder_29", "alder_30_49", "alder_50", "langtid")
        return Flow({k: round(rng.uniform(3, 12 if k != "langtid" else 50), 1) for k in keys})

    return {"sjukfranvaro": {p: figures() for p in PERIODS}}


def goal_followup(rng: random.Random, number: int, mal: O.MalSpec) -> dict:
    steps = ("gron", "gul", "rod")
    periods: dict[str, Any] = {}
    for period in PERIODS:
        entry: dict[str, Any] = {"bedomning": rng.choice(steps), "text": "Se delmålen."}
        if period != PERIODS[-1]:
            entry["prognos"] = rng.choice(steps)
        else:
            entry["framgangsfaktorer"] = {
                f"ff{number}-{i}": Flow(bedomning=rng.choice(steps), text="Arbetet pågår.")
                for i, _ in enumerate(mal.framgangsfaktorer, 1)
            }
        periods[period] = entry
    return {"malsattning": Quoted(str(number)), "ansvarig": mal.ansvarig, "uppfoljning": periods}


# --- writing --------------------------------------------------------------------------


def source_hash() -> str:
    """A fingerprint of the generator, so a changed generator means a new corpus."""
    digest = hashlib.sha256()
    for name in ("generate.py", "ordforrad.py", "yamlskrivare.py"):
        digest.update((HERE / name).read_bytes())
    return digest.hexdigest()[:16]


def prepare(out: Path) -> None:
    """An empty output folder; only a folder this generator wrote is ever emptied."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise SystemExit(f"{out} finns och är inte en genererad korpus; välj en annan --ut")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def build(total: int, seed: int, sort: str = "lang") -> Kommun:
    short = sort == "kort"
    rng = random.Random(f"{seed}-kommun")
    goals, by_id = build_goals(rng, short)
    kommun = Kommun(goals, by_id, build_organisation(rng, total), short)
    assign_goals(rng, kommun)
    return kommun


def files(kommun: Kommun, total: int, seed: int) -> Iterator[tuple[str, Any, str]]:
    """(relative path, data, header comment) for every file of the corpus; a chapter of the
    förvaltningsberättelse is its Markdown text."""
    rng = random.Random(f"{seed}-filer")
    yield "malkoll.yaml", settings(), "Inställningar för malkoll (syntetisk benchmark-korpus)."
    yield "organisation.yaml", [organisation_entry(rng, n) for _, n in kommun.namnder], ""
    for number, (mal, delmal) in enumerate(kommun.mal, start=1):
        yield f"mal/{number}-{mal.slug}.yaml", goal_file(rng, number, mal, delmal), ""
        for dm in delmal:
            for ind in dm.indikatorer:
                yield f"indikatorer/{ind.id}.yaml", indicator_file(rng, ind), ""
    yield f"{YEAR}/arshjul.yaml", calendar(kommun.namnder), f"Politikens årshjul {YEAR}"
    yield f"{YEAR}/uppdrag.yaml", assignments(rng, max(10, total // 20)), ""
    economy = {
        "namnder": [economy_entry(rng, spec) for spec, _ in kommun.namnder],
        "investeringar": investments(rng, max(6, total // 30)),
    }
    yield f"{YEAR}/ekonomi.yaml", economy, ""
    for spec, _ in kommun.namnder:
        yield f"{YEAR}/internkontroll/{spec.id}.yaml", internal_control(rng, spec), ""
    yield f"{YEAR}/bokslut.yaml", bokslut(rng, economy), ""
    yield f"{YEAR}/hushallning.yaml", hushallning(rng), ""
    yield f"{YEAR}/personal.yaml", personal(rng), ""
    for number, (mal, _delmal) in enumerate(kommun.mal, start=1):
        yield f"{YEAR}/malsattningar/{number}.yaml", goal_followup(rng, number, mal), ""
    for chapter, title in CHAPTERS.items():
        text = (
            f"# {title}\n\n"
            + " ".join(sentences(Slots(rng, "namnd", "helar", None), O.SLUTSATSER, 4))
            + "\n"
        )
        yield f"{YEAR}/forvaltningsberattelse/helar/{chapter}.md", text, ""
    for unit in kommun.enheter():
        unit_rng = random.Random(f"{seed}-{unit.id}")
        header = f"{unit.namn}: plan och uppföljning {YEAR}"
        plan = (short_plan_file if kommun.short else plan_file)(unit_rng, kommun, unit)
        yield f"{YEAR}/plan/{unit.sektor}/{unit.id}.yaml", plan, header


def default_out(sort: str, total: int) -> Path:
    """benchmarks/data/A-1000, B-3000, ...: the corpus's letter and its number of units."""
    return HERE / "data" / f"{SORTS[sort]}-{total}"


def generate(out: Path, total: int = 1000, seed: int = 1440, sort: str = "lang") -> tuple[int, int]:
    """Write the corpus; returns the number of files and of bytes."""
    if sort not in SORTS:
        raise ValueError(f"okänd sort {sort!r}; välj {' eller '.join(SORTS)}")
    prepare(out)
    kommun = build(total, seed, sort)
    count = size = 0
    for rel, data, header in files(kommun, total, seed):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = (data if isinstance(data, str) else dumps(data, header)).encode("utf-8")
        path.write_bytes(raw)
        count += 1
        size += len(raw)
    stamp = {
        "sort": sort,
        "enheter": total,
        "seed": seed,
        "generator": source_hash(),
        "filer": count,
        "byte": size,
    }
    (out / MARKER).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    return count, size


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--ut",
        type=Path,
        help="mappen att skriva, töms först (standard: benchmarks/data/B-1000 och liknande)",
    )
    parser.add_argument(
        "--sort",
        choices=tuple(SORTS),
        default="lang",
        help="lang: långa texter (korpus B, standard); kort: korta värden, många noder (A)",
    )
    parser.add_argument(
        "--enheter", type=int, default=1000, help="antal organisationsenheter (planfiler)"
    )
    parser.add_argument("--seed", type=int, default=1440, help="slumpfrö")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    out = args.ut or default_out(args.sort, args.enheter)
    count, size = generate(out, args.enheter, args.seed, args.sort)
    seconds = time.perf_counter() - started
    print(f"{count} filer, {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB) i {out} på {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
