"""`malkoll nytt-ar` for the files of the annual report (issue 14).

What a new year takes from the year before, and what it leaves behind:

- **hushallning.yaml**: the financial goals (name, level, unit, direction, target) and the
  verksamhetsmål of importance for god ekonomisk hushållning; no outcome, forecast or
  comment, and no assessment for the kommun or the koncern.
- **bolag/*.yaml**: each company's file at the same name, with its organisation, the
  municipality's share, its uppdrag and the owner's goals without outcome or comment;
  no results per period. A bolag in organisation.yaml without a file the year before
  gets one with its organisation only.
- **malsattningar/*.yaml**: each goal's file with its målsättningsansvarig and team,
  without follow-up. Where the year before had such files, a goal in mal/ without one
  gets one with its id (and the ansvarig that mal/ names).
- **bokslut.yaml**: the result lines by id (and own name), without budget or outcome: the
  budget is the new year's, entered when it is adopted. From the balanskrav, only what
  goes on: the deficits still to restore (`underskott`), as `model.bokslut_calc` computes
  them from the year's result (a positive balanskravsresultat restores the oldest first;
  a negative one is a deficit of its own year), the plan to restore them while one is
  left, and the resultatutjämningsreserv's closing balance as the new opening one
  (opening + till − från). When the year's result cannot be computed, the earlier
  deficits go on as they were and the account says that the year's own must be entered
  by hand. The five-year overview keeps its rows with the last four years' values; the
  koncern's result and the decisions stay behind.
- **personal.yaml**: the sick leave of the year's last period becomes `foregaende_ar`, and
  each other measure keeps its name and unit with the last period's value as
  `foregaende_ar`; no values per period, no comment.
- **förvaltningsberättelse**: nothing: a chapter is written for its report, and an empty
  file would only be noise until then. The account says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from malkoll.model import files as m
from malkoll.model.annual import Balanskrav, Nyckeltal
from malkoll.model.bokslut_calc import balanskrav, result_line
from malkoll.model.index import Index
from malkoll.model.repository import Ar, Doc, Repository
from malkoll.text import belopp, printable
from malkoll.writers.yamlwrite import dump

Offer = Callable[[str, str], bool]
"""`offer(rel, text)`: create the file unless something is at its path (then False)."""

FEMAR = 4
"""How many of the latest years' values the five-year overview keeps: with the new year's
own, five."""


def annual_files(
    repo: Repository,
    old: Ar,
    new: Ar,
    ar: int,
    offer: Offer,
    skipped: list[tuple[str, str]],
    notes: list[str],
) -> None:
    """Offer the annual report's files of year ``ar`` made from ``old``; what is left
    because the year has it already goes to ``skipped``, what a person must do to
    ``notes``."""
    index = Index.of(repo)
    last = next(reversed(repo.installningar.perioder))
    if old.hushallning is not None:
        offer(f"{ar}/hushallning.yaml", _hushallning_text(old.hushallning.data, ar))
    _bolag(index, old, new, ar, offer, skipped)
    _malsattningar(repo, old, new, ar, offer, skipped)
    if old.bokslut is not None:
        said: list[str] = []
        if offer(f"{ar}/bokslut.yaml", _bokslut_text(repo, index, old, ar, last, said)):
            notes.extend(said)
    if old.personal is not None:
        said = []
        if offer(f"{ar}/personal.yaml", _personal_text(old.personal.data, ar, last, said)):
            notes.extend(said)
    if old.forvaltningsberattelse and not new.forvaltningsberattelse:
        notes.append(
            f"Förvaltningsberättelsens kapitel förs inte över: skriv kapitlen för {ar} i "
            f"{ar}/forvaltningsberattelse/{last}/ när årsredovisningen skrivs (malkoll "
            "validera säger vilka som krävs)."
        )


def _set(node: m.Node, *drop: str) -> dict[str, Any]:
    """The keys the user wrote, in the model's order, without ``drop``."""
    written = node.model_dump(exclude_unset=True, exclude_none=True)
    return {k: v for k, v in written.items() if k not in drop}


def _name(doc: Doc[Any]) -> str:
    return doc.path.rsplit("/", 1)[1]


# --- hushallning.yaml -----------------------------------------------------------------------


def _hushallning_text(h: m.Hushallning, ar: int) -> str:
    data = _set(h, "finansiella_mal", "kommun", "koncern", "verksamhetsmal")
    goals = [_set(g, "utfall", "prognos", "kommentar") for g in h.finansiella_mal]
    if goals:
        data["finansiella_mal"] = goals
    if h.verksamhetsmal:
        data["verksamhetsmal"] = list(h.verksamhetsmal)
    header = (
        f"God ekonomisk hushållning {ar}, förd över från {ar - 1} av malkoll nytt-ar: de "
        "finansiella målen och verksamhetsmålen av betydelse för god ekonomisk hushållning, "
        "utan utfall och bedömning. Se över målen och målvärdena mot fullmäktiges beslut "
        f"för {ar}."
    )
    return dump(data, header)


# --- bolag/*.yaml and malsattningar/*.yaml --------------------------------------------------


def _bolag(
    index: Index, old: Ar, new: Ar, ar: int, offer: Offer, skipped: list[tuple[str, str]]
) -> None:
    already = {doc.data.organisation: doc.path for doc in new.bolag}
    made: dict[str, str] = {}
    for doc in old.bolag:
        org = doc.data.organisation
        rel = f"{ar}/bolag/{_name(doc)}"
        other = made.get(org) or already.get(org)
        if other is not None and other != rel:
            skipped.append((rel, f"{org} har redan en fil: {other}"))
            continue
        made[org] = rel
        data = _set(doc.data, "mal", "perioder")
        goals = [_set(g, "utfall", "kommentar") for g in doc.data.mal]
        if goals:
            data["mal"] = goals
        header = (
            f"{index.name(org)} {ar}, fört över från {ar - 1} av malkoll nytt-ar: ägarandel, "
            "uppdrag och ägardirektivets mål utan utfall. Se över målen och fyll i resultaten "
            "per period."
        )
        offer(rel, dump(data, header))
    for org_id, entry in index.orgs.items():
        if entry.typ != "bolag" or org_id in made or org_id in already:
            continue
        text = dump(
            {"organisation": org_id},
            f"{entry.namn} {ar}: bolagets mål och resultat, skapad av malkoll nytt-ar. Fyll i "
            "ägarandel, uppdrag, ägardirektivets mål och resultaten per period.",
        )
        offer(f"{ar}/bolag/{org_id}.yaml", text)


def _malsattningar(
    repo: Repository, old: Ar, new: Ar, ar: int, offer: Offer, skipped: list[tuple[str, str]]
) -> None:
    if not old.malsattningar:
        return
    already = {doc.data.malsattning: doc.path for doc in new.malsattningar}
    made: dict[str, str] = {}
    header = (
        f"Målsättningens uppföljning {ar}, förd över från {ar - 1} av malkoll nytt-ar: "
        "målsättningsansvarig och teamet, utan uppföljning. Se över vem som är ansvarig i år."
    )
    for doc in old.malsattningar:
        goal = doc.data.malsattning
        rel = f"{ar}/malsattningar/{_name(doc)}"
        other = made.get(goal) or already.get(goal)
        if other is not None and other != rel:
            skipped.append((rel, f"målsättning {goal} har redan en fil: {other}"))
            continue
        made[goal] = rel
        offer(rel, dump(_set(doc.data, "uppfoljning"), header))
    for goal_doc in repo.mal:
        mal = goal_doc.data
        if mal.id in made or mal.id in already:
            continue
        data: dict[str, Any] = {"malsattning": mal.id}
        if mal.ansvarig:
            data["ansvarig"] = mal.ansvarig
        if mal.team:
            data["team"] = list(mal.team)
        text = dump(
            data,
            f"Målsättning {mal.id}, {mal.namn}: målsättningsansvarigs uppföljning {ar}, "
            "skapad av malkoll nytt-ar.",
        )
        offer(f"{ar}/malsattningar/{_file_name(mal.id)}.yaml", text)


def _file_name(goal_id: str) -> str:
    """A goal's id as a file name: letters, digits, `.`, `-` and `_` as they are."""
    return "".join(ch if ch.isalnum() or ch in ".-_" else "-" for ch in goal_id) or "mal"


# --- bokslut.yaml ---------------------------------------------------------------------------


def _bokslut_text(
    repo: Repository, index: Index, old: Ar, ar: int, last: str, notes: list[str]
) -> str:
    assert old.bokslut is not None
    b = old.bokslut.data
    data: dict[str, Any] = {}
    if b.poster:
        data["poster"] = [_set(p, "budget", "perioder") for p in b.poster]
    if b.balanskrav is not None:
        data["balanskrav"] = _carried(repo, index, old, ar, last, b.balanskrav, notes)
    rows = [_five_years(row, ar) for row in b.femarsoversikt]
    if rows:
        data["femarsoversikt"] = rows
    notes.append(
        f"{ar}/bokslut.yaml har resultatposterna utan budget: för in budgeten för {ar} när "
        "den är beslutad."
    )
    header = (
        f"Kommunens resultat under nämnderna {ar}, fört över från {ar - 1} av malkoll "
        "nytt-ar: resultatposterna utan budget och utfall, balanskravets underskott som "
        "återstår att återställa, resultatutjämningsreserven vid årets början och "
        "femårsöversikten. Belopp i tkr, med tecken som i resultaträkningen."
    )
    return dump(data, header)


def _five_years(row: Nyckeltal, ar: int) -> dict[str, Any]:
    data = _set(row, "varden")
    years = sorted(y for y in row.varden if y < ar)[-FEMAR:]
    if years:
        data["varden"] = {y: row.varden[y] for y in years}
    return data


def _carried(
    repo: Repository,
    index: Index,
    old: Ar,
    ar: int,
    last: str,
    model: Balanskrav,
    notes: list[str],
) -> dict[str, Any]:
    """The balanskrav of the new year: what is left to restore, and the reserve."""
    unit = repo.installningar.ekonomi.enhet
    assert old.bokslut is not None
    bolag = [o for o, org in index.orgs.items() if org.typ == "bolag"]
    ekonomi = old.ekonomi.data if old.ekonomi is not None else None
    line = result_line(ekonomi, old.bokslut.data, last, bolag)
    earlier = {y: a for y, a in sorted(model.underskott.items()) if a > 0}
    left: dict[int, float] = {}
    if line.utfall is None:
        left = dict(earlier)
        lacking = ", ".join(printable(x) for x in line.saknas.get("utfall", ()))
        notes.append(
            f"Balanskravsresultatet för {ar - 1} kunde inte räknas ut (utfallet saknas för: "
            f"{lacking}), så {ar}/bokslut.yaml har underskotten från tidigare år som de var. "
            f"Blev balanskravsresultatet {ar - 1} negativt, för in underskottet för hand "
            f"under balanskrav.underskott ({ar - 1}: belopp); återställde det tidigare "
            "underskott, minska dem."
        )
    else:
        found = balanskrav(line.utfall, model)
        restoring = found.aterstallt
        for year, amount in earlier.items():  # the oldest deficit is restored first
            taken = min(amount, restoring)
            restoring -= taken
            if amount - taken > 0:
                left[year] = amount - taken
        if found.balanskravsresultat < 0:
            left[ar - 1] = left.get(ar - 1, 0.0) - found.balanskravsresultat
        if left:
            notes.append(
                f"Balanskravsresultatet {ar - 1} blev {belopp(found.balanskravsresultat, unit)}: "
                f"{belopp(sum(left.values()), unit)} återstår att återställa och förs över "
                f"till {ar}/bokslut.yaml under balanskrav.underskott."
            )
    for year in left:
        if year + 3 < ar:
            notes.append(
                f"Underskottet från {year} skulle ha återställts senast {year + 3} enligt "
                "kommunallagen: se över åtgärdsplanen."
            )
    out: dict[str, Any] = {}
    if left:
        out["underskott"] = left
        if model.atgardsplan:
            out["atgardsplan"] = model.atgardsplan
            notes.append(
                f"Åtgärdsplanen för underskottet förs över till {ar}: se över den mot "
                "fullmäktiges beslut."
            )
    opening = model.resultatutjamningsreserv
    moved = model.till_resultatutjamningsreserv - model.fran_resultatutjamningsreserv
    if opening is not None and opening + moved >= 0:
        out["resultatutjamningsreserv"] = opening + moved
    elif opening is not None:
        notes.append(
            f"Resultatutjämningsreserven {ar - 1} räcker inte till de medel som används "
            f"från den ({belopp(opening, unit)} + {belopp(moved, unit)}): för in reserven "
            f"vid början av {ar} för hand."
        )
    elif moved:
        notes.append(
            f"Resultatutjämningsreservens storlek vid början av {ar - 1} saknas, så den vid "
            f"början av {ar} kan inte räknas ut: för in den för hand under "
            "balanskrav.resultatutjamningsreserv."
        )
    return out


# --- personal.yaml --------------------------------------------------------------------------


def _personal_text(p: m.Personal, ar: int, last: str, notes: list[str]) -> str:
    data: dict[str, Any] = {}
    figures = p.sjukfranvaro.get(last)
    if figures is not None:
        data["foregaende_ar"] = _set(figures)
    else:
        notes.append(
            f"Sjukfrånvaron för {ar - 1} ({last}) saknas i {ar - 1}/personal.yaml: för in "
            f"den under foregaende_ar i {ar}/personal.yaml för hand."
        )
    measures = []
    for measure in p.matt:
        row = _set(measure, "varden", "foregaende_ar")
        if last in measure.varden:
            row["foregaende_ar"] = measure.varden[last]
        measures.append(row)
    if measures:
        data["matt"] = measures
    header = (
        f"Personalförhållanden {ar}, förda över från {ar - 1} av malkoll nytt-ar: "
        f"sjukfrånvaron och måtten för {ar - 1} som föregående år. Fyll i sjukfrånvaron "
        "per period."
    )
    return dump(data, header)
