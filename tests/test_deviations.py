"""`malkoll avvikelser` and the nämnd report's "Avvikelser att börja analysen med": what
stands out per nämnd and delmål, each kind firing and not, in the seed's order, with the
thresholds of malkoll.yaml; the figures checked against hand calculations."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import EXAMPLES, build_repo
from malkoll.analysis.deviations import (
    SLAG,
    Avvikelse,
    Namndavvikelser,
    deviations,
    largest,
)
from malkoll.analysis.periods import default_period, default_year
from malkoll.cli.root import app
from malkoll.errors import BadOption
from malkoll.findings import Finding
from malkoll.model.repository import Repository
from malkoll.reading.load import load
from malkoll.report import view
from malkoll.report.render import render
from malkoll.site import build as site

ALE = EXAMPLES / "ale-2020"

BASE_VALUES = """indikator: N15505
kalla: Kolada
utfall:
  2019: {T: 215.2, K: 228.1, M: 203.4}
  2020: {T: 219.8, K: 231.5, M: 208.0}
jamforelse:
  riket: {2020: 231.1}
"""
"""The base repository's N15505 (target 225 for 2020, higher is better)."""


def repo_of(tmp_path: Path, files: dict[str, str] | None = None) -> Repository:
    return load(build_repo(tmp_path / "repo", files=files), cache=False)


def texts(found: list[Namndavvikelser], delmal: str = "1.1") -> list[tuple[str, str]]:
    return [
        (a.slag, a.text)
        for n in found
        for d in n.delmal
        if d.delmal == delmal
        for a in d.avvikelser
    ]


def kinds(found: list[Namndavvikelser]) -> list[str]:
    return [a.slag for n in found for d in n.delmal for a in d.avvikelser]


@pytest.fixture(scope="module")
def ale() -> Repository:
    return load(ALE, cache=False)


# --- the base repository: each kind fires, and does not ------------------------------------


def test_the_base_misses_its_target_its_own_goal_and_shows_a_gender_gap(tmp_path):
    """N15505 219,8 against the target 225: 225 − 219,8 = 5,2 (5,2 / 225 = 0,0231); Alafors
    skola's verksamhetsmål 86 against 90: 4 (4 / 90 = 0,0444); women 231,5, men 208,0:
    23,5 > 10 % × 219,8 = 21,98 (23,5 / 219,8 = 10,7 %). Riket 231,1 is 11,3 / 231,1 =
    4,9 % away: within the default 5 %. 1.10 has no figures and is left out."""
    found = deviations(repo_of(tmp_path), 2020, "helar")
    assert [(n.organisation, [d.delmal for d in n.delmal]) for n in found] == [("bun", ["1.1"])]
    items = found[0].delmal[0].avvikelser
    assert [(a.slag, a.indikator, a.organisation) for a in items] == [
        ("malvarde", "N15505", None),
        ("malvarde", None, "alafors-skola"),
        ("grupp", "N15505", None),
    ]
    assert [a.text for a in items] == [
        "Genomsnittligt meritvärde i årskurs 9 (Kolada N15505): 219,8\u00a0poäng år 2020, "
        "målvärdet 225,0\u00a0poäng missas med 5,2\u00a0poäng.",
        "Alafors skola, verksamhetsmålet Minst 90 % av eleverna i åk 3 klarar nationella "
        "proven i svenska: 86\u00a0% i årsredovisningen, målvärdet 90\u00a0% missas med "
        "4\u00a0procentenheter.",
        "Genomsnittligt meritvärde i årskurs 9 (Kolada N15505): kvinnor 231,5\u00a0poäng och "
        "män 208,0\u00a0poäng år 2020, en skillnad på 23,5\u00a0poäng (10,7\u00a0% av "
        "totalen 219,8\u00a0poäng).",
    ]
    assert [round(a.storlek, 4) for a in items] == [0.0231, 0.0444, 0.1069]


def test_a_target_met_and_a_goal_met_are_not_deviations(tmp_path):
    """Target 219 ≤ 219,8 and a verksamhetsmål of 86 against 85: nothing about targets."""
    files = {
        "mal/1-utbildning.yaml": (build_repo_text("mal/1-utbildning.yaml")).replace(
            "malvarde: {2020: 225", "malvarde: {2020: 219"
        ),
        "2020/plan/alafors-skola.yaml": build_repo_text("2020/plan/alafors-skola.yaml").replace(
            "malvarde: 90", "malvarde: 85"
        ),
    }
    found = deviations(repo_of(tmp_path, files), 2020, "helar")
    assert "malvarde" not in kinds(found)


def test_a_lower_is_better_goal_misses_when_its_outcome_is_above(tmp_path):
    """riktning lagre, målvärde 80, outcome 86: 86 − 80 = 6 over (6 / 80 = 0,075)."""
    plan = build_repo_text("2020/plan/alafors-skola.yaml").replace(
        "riktning: hogre\n        malvarde: 90", "riktning: lagre\n        malvarde: 80"
    )
    found = deviations(repo_of(tmp_path, {"2020/plan/alafors-skola.yaml": plan}), 2020, "helar")
    own = [a for a in found[0].delmal[0].avvikelser if a.organisation == "alafors-skola"]
    assert [a.text.split(": ", 1)[1] for a in own] == [
        "86\u00a0% i årsredovisningen, målvärdet 80\u00a0% missas med 6\u00a0procentenheter."
    ]
    assert own[0].storlek == pytest.approx(6 / 80)


def test_the_verksamhetsmal_outcome_is_the_periods(tmp_path):
    """Delår 1: 84 against 90 misses by 6."""
    found = deviations(repo_of(tmp_path), 2020, "delar1")
    own = [t for s, t in texts(found) if "verksamhetsmålet" in t]
    assert own == [
        "Alafors skola, verksamhetsmålet Minst 90 % av eleverna i åk 3 klarar nationella "
        "proven i svenska: 84\u00a0% i delårsrapport 1, målvärdet 90\u00a0% missas med "
        "6\u00a0procentenheter."
    ]


def test_a_year_worse_than_the_one_before(tmp_path):
    """2019 215,2, 2020 212,0: 3,2 worse (3,2 / 215,2 = 0,0149)."""
    values = BASE_VALUES.replace("2020: {T: 219.8", "2020: {T: 212.0")
    found = deviations(repo_of(tmp_path, {"indikatorer/N15505.yaml": values}), 2020, "helar")
    worse = [a for a in found[0].delmal[0].avvikelser if a.slag == "utveckling"]
    assert [a.text for a in worse] == [
        "Genomsnittligt meritvärde i årskurs 9 (Kolada N15505): 212,0\u00a0poäng år 2020, "
        "sämre än 215,2\u00a0poäng år 2019 (\u22123,2\u00a0poäng)."
    ]
    assert worse[0].storlek == pytest.approx(3.2 / 215.2)


SERIES = """indikator: N15505
utfall:
  2017: {T: %s}
  2018: {T: %s}
  2019: {T: %s}
  2020: {T: %s}
"""


@pytest.mark.parametrize(
    ("series", "expected"),
    [
        # 230 → 226 → 222 fell twice, then rose by 1 to 223: a break to the better
        (
            (230, 226, 222, 223),
            "trendbrott till det bättre, efter två års minskning (230 poäng år 2017, 226 poäng "
            "år 2018, 222 poäng år 2019) ökade värdet till 223 poäng år 2020.",
        ),
        # rose twice, then fell by 2: a break to the worse (instead of the plain worse)
        (
            (210, 215, 220, 218),
            "trendbrott till det sämre, efter två års ökning (210 poäng år 2017, 215 poäng år "
            "2018, 220 poäng år 2019) minskade värdet till 218 poäng år 2020.",
        ),
        ((210, 215, 220, 226), None),  # still rising: no break, nothing worse
        (
            (210, 215, 215, 214),
            "214 poäng år 2020, sämre än 215 poäng år 2019 (\u22121 poäng).",
        ),  # a flat year: no break
    ],
)
def test_a_break_in_the_trend(tmp_path, series, expected):
    """Four consecutive years; the latest change against the two before it."""
    files = {"indikatorer/N15505.yaml": SERIES % series}
    found = deviations(repo_of(tmp_path, files), 2020, "helar")
    development = [t for s, t in texts(found) if s == "utveckling"]
    prefix = "Genomsnittligt meritvärde i årskurs 9 (Kolada N15505): "
    expected = expected.replace(" poäng", "\u00a0poäng") if expected else None
    assert development == ([prefix + expected] if expected else [])


def test_a_comparison_beyond_the_threshold_of_malkoll_yaml(tmp_path):
    """219,8 against riket 231,1: 11,3 lower, 11,3 / 231,1 = 4,9 %: not beyond the default
    5 %, beyond `analys.jamforelse_procent: 4`."""
    assert "jamforelse" not in kinds(deviations(repo_of(tmp_path / "a"), 2020, "helar"))
    settings = build_repo_text("malkoll.yaml") + "analys:\n  jamforelse_procent: 4\n"
    found = deviations(repo_of(tmp_path / "b", {"malkoll.yaml": settings}), 2020, "helar")
    assert [t for s, t in texts(found) if s == "jamforelse"] == [
        "Genomsnittligt meritvärde i årskurs 9 (Kolada N15505): 219,8\u00a0poäng år 2020, "
        "11,3\u00a0poäng lägre än riket (231,1\u00a0poäng), 4,9\u00a0% sämre."
    ]


def test_the_gender_gap_threshold_of_malkoll_yaml(tmp_path):
    """23,5 is 10,7 % of 219,8: beyond 10, not beyond `konsskillnad_procent: 11`."""
    settings = build_repo_text("malkoll.yaml") + "analys:\n  konsskillnad_procent: 11\n"
    found = deviations(repo_of(tmp_path, {"malkoll.yaml": settings}), 2020, "helar")
    assert "grupp" not in kinds(found)


GROUPS = (
    BASE_VALUES.replace("K: 231.5, M: 208.0", "K: 220.0, M: 219.0")
    + """grupper:
  kommundel:
    Alafors: {2019: 200.0, 2020: 201.0}
    Nol: {2019: 230.0, 2020: 226.0}
    Ensam: {2021: 300.0}
organisationer:
  alafors-skola: {2020: {T: 205.0}}
  grundskola: {2020: {T: 231.0}}
"""
)


def test_a_groupings_spread_and_the_units_spread(tmp_path):
    """Kommundel 2020: Nol 226, Alafors 201: 25 > 10 % × 219,8 (25 / 219,8 = 11,4 %); the
    2021 group is after the year. The units: grundskola 231, Alafors skola 205: 26
    (26 / 219,8 = 11,8 %); a spread across units is about both, so no `organisation`.
    Women and men 1 apart: no gap."""
    found = deviations(repo_of(tmp_path, {"indikatorer/N15505.yaml": GROUPS}), 2020, "helar")
    groups = [a for a in found[0].delmal[0].avvikelser if a.slag == "grupp"]
    assert [(a.text, a.organisation) for a in groups] == [
        (
            "Genomsnittligt meritvärde i årskurs 9 (Kolada N15505) per kommundel år 2020: "
            "högst Nol (226,0\u00a0poäng), lägst Alafors (201,0\u00a0poäng), en skillnad på "
            "25,0\u00a0poäng (11,4\u00a0% av totalen).",
            None,
        ),
        (
            "Genomsnittligt meritvärde i årskurs 9 (Kolada N15505) per enhet år 2020: högst "
            "Grundskola (231,0\u00a0poäng), lägst Alafors skola (205,0\u00a0poäng), en skillnad "
            "på 26,0\u00a0poäng (11,8\u00a0% av totalen).",
            None,
        ),
    ]
    assert [round(a.storlek, 4) for a in groups] == [round(25 / 219.8, 4), round(26 / 219.8, 4)]


def test_a_spread_within_the_threshold_is_not_a_deviation(tmp_path):
    """`gruppskillnad_procent: 12`: 11,4 % and 11,8 % are within it."""
    settings = build_repo_text("malkoll.yaml") + "analys:\n  gruppskillnad_procent: 12\n"
    files = {"indikatorer/N15505.yaml": GROUPS, "malkoll.yaml": settings}
    assert "grupp" not in kinds(deviations(repo_of(tmp_path, files), 2020, "helar"))


# --- the example -------------------------------------------------------------------------


def test_utbildningsnamnden_in_the_example(ale):
    """Utbildningsnämnden's 1.1 in the annual report, in the seed's order. By hand:
    N15505 214,6 against 218 (3,4); N15436 81,5 against 85 (3,5); Nolskolan 80 against 85
    (5); N15436 82,3 → 81,5 (−0,8); N15505 against riket 229,8: 15,2 / 229,8 = 6,6 %
    (liknande kommuner 222,7: 3,6 %, within 5 %); women 229,9, men 200,3: 29,6 / 214,6 =
    13,8 %; kommundel Älvängen 221,3 − Nol och Alafors 198,5 = 22,8 (10,6 %); the schools
    Aroseniusskolan 222,4 − Nolskolan 198,5 = 23,9 (11,1 %)."""
    (un,) = deviations(ale, 2020, "helar", namnd="un")
    assert (un.organisation, un.namn) == ("un", "Utbildningsnämnden")
    assert [d.delmal for d in un.delmal] == ["1.1"]
    name5, name6 = (
        "Elever i åk 9, genomsnittligt meritvärde, kommunala skolor (Kolada N15505)",
        "Elever i åk 9 som är behöriga till yrkesprogram, kommunala skolor, andel (%) (Kolada "
        "N15436)",
    )
    p, pe = "\u00a0poäng", "\u00a0procentenheter"
    assert texts([un]) == [
        ("malvarde", f"{name5}: 214,6{p} år 2020, målvärdet 218,0{p} missas med 3,4{p}."),
        (
            "malvarde",
            f"{name6}: 81,5\u00a0% år 2020, målvärdet 85,0\u00a0% missas med 3,5{pe}.",
        ),
        (
            "malvarde",
            "Nolskolan, verksamhetsmålet Minst 85 % av eleverna i årskurs 6 ska nå lägst "
            f"betyget E i svenska: 80\u00a0% i årsredovisningen, målvärdet 85\u00a0% missas "
            f"med 5{pe}.",
        ),
        (
            "utveckling",
            f"{name6}: 81,5\u00a0% år 2020, sämre än 82,3\u00a0% år 2019 (\u22120,8{pe}).",
        ),
        (
            "jamforelse",
            f"{name5}: 214,6{p} år 2020, 15,2{p} lägre än riket (229,8{p}), 6,6\u00a0% sämre.",
        ),
        (
            "grupp",
            f"{name5}: kvinnor 229,9{p} och män 200,3{p} år 2020, en skillnad på 29,6{p} "
            f"(13,8\u00a0% av totalen 214,6{p}).",
        ),
        (
            "grupp",
            f"{name5} per kommundel år 2020: högst Älvängen (221,3{p}), lägst Nol och Alafors "
            f"(198,5{p}), en skillnad på 22,8{p} (10,6\u00a0% av totalen).",
        ),
        (
            "grupp",
            f"{name5} per enhet år 2020: högst Aroseniusskolan (222,4{p}), lägst Nolskolan "
            f"(198,5{p}), en skillnad på 23,9{p} (11,1\u00a0% av totalen).",
        ),
    ]


def test_every_namnd_in_file_order_and_the_kinds_in_the_seeds_order(ale):
    """The six nämnder of organisation.yaml (not the bolag); within each delmål the kinds
    never go back in `SLAG`; the delmål in the order of mal/."""
    found = deviations(ale, 2020, "helar")
    assert [n.organisation for n in found] == ["ks", "un", "oan", "sbn", "kfn", "sn"]
    for n in found:
        for d in n.delmal:
            order = [SLAG.index(a.slag) for a in d.avvikelser]
            assert order == sorted(order), (n.organisation, d.delmal)
    assert [d.delmal for d in found[2].delmal] == ["2.1", "2.2", "8.1"]


def test_the_example_has_a_break_in_the_trend(ale):
    """ALE-SYS-01 (lower is better): 5,6 → 5,1 → 4,9, then 6,8 in 2020."""
    (oan,) = deviations(ale, 2020, "helar", namnd="oan")
    breaks = [a.text for d in oan.delmal for a in d.avvikelser if "trendbrott" in a.text]
    assert breaks[0].endswith(
        "trendbrott till det sämre, efter två års minskning (5,6\u00a0% år 2017, 5,1\u00a0% år "
        "2018, 4,9\u00a0% år 2019) ökade värdet till 6,8\u00a0% år 2020."
    )


def test_a_comparison_better_than_riket_is_named_better(ale):
    """ALE-SYS-01, lower is better: 6,8 % against riket 8,8 % is 2 procentenheter lower
    (2,0: its figures have one decimal), 2 / 8,8 = 22,7 % better; against liknande kommuner
    7,1 only 4,2 %: within 5 %."""
    (oan,) = deviations(ale, 2020, "helar", namnd="oan")
    compared = [a.text for a in oan.delmal[0].avvikelser if a.slag == "jamforelse"]
    assert [t.split(": ", 1)[1] for t in compared] == [
        "6,8\u00a0% år 2020, 2,0\u00a0procentenheter lägre än riket (8,8\u00a0%), 22,7\u00a0% "
        "bättre."
    ]


def test_no_break_without_four_consecutive_years(tmp_path):
    """2017, 2018 and 2020 (2019 missing): no break, and no year before 2020 to be worse
    than."""
    values = "indikator: N15505\nutfall:\n  2017: {T: 230}\n  2018: {T: 226}\n  2020: {T: 223}\n"
    found = deviations(repo_of(tmp_path, {"indikatorer/N15505.yaml": values}), 2020, "helar")
    assert "utveckling" not in kinds(found)


def test_largest_ranks_by_size(ale):
    """Omsorgs- och arbetsmarknadsnämnden, annual report: targets missed first, by size:
    ALE-SYS-01's miss 2,3 / 4,5 = 0,511, the verksamhetsmål 41 / 180 = 0,228, ALE-SYS-02's
    9 / 45 = 0,2. ALE-SYS-01's break (1,9 / 4,9 = 0,388) is the same indicator as its miss,
    and its 22,7 % better than riket is favourable."""
    (oan,) = deviations(ale, 2020, "helar", namnd="oan")
    top = largest(oan)
    assert [(a.slag, a.indikator, a.organisation, round(a.storlek, 3)) for a in top] == [
        ("malvarde", "ALE-SYS-01", None, 0.511),
        ("malvarde", None, "arbetsmarknad", 0.228),
        ("malvarde", "ALE-SYS-02", None, 0.2),
    ]
    assert largest(oan, 0) == []
    # every indicator and goal once: ALE-SYS-01, ALE-SYS-02 and the two verksamhetsmål
    assert len(largest(oan, 100)) == 4


def test_the_dialogues_three_for_utbildningsnamnden_at_delar2(ale):
    """Delår 2 (indicators up to 2020): Nolskolan's 79 against 85 (6 / 85 = 0,071),
    N15436's 81,5 against 85 (3,5 / 85 = 0,041), N15505's 214,6 against 218 (3,4 / 218 =
    0,016; Aroseniusskolan's 1 / 90 = 0,011 is smaller): the targets missed, not the group
    gaps (N15505's 13,8 % between women and men is larger but a gap, and the same
    indicator as its miss)."""
    (un,) = deviations(ale, 2020, "delar2", namnd="un")
    assert [(a.indikator, a.organisation, round(a.storlek, 4)) for a in largest(un)] == [
        (None, "nolskolan", round(6 / 85, 4)),
        ("N15436", None, round(3.5 / 85, 4)),
        ("N15505", None, round(3.4 / 218, 4)),
    ]
    assert largest(un)[0].text == (
        "Nolskolan, verksamhetsmålet Minst 85 % av eleverna i årskurs 6 ska nå lägst betyget "
        "E i svenska: 79\u00a0% i delårsrapport 2, målvärdet 85\u00a0% missas med "
        "6\u00a0procentenheter."
    )


def test_the_dialogue_leaves_out_what_is_better_and_repeats_no_indicator(ale):
    """Servicenämnden, annual report: ALE-KLI-01's 24,2 % and 13,9 % better than the
    comparisons are favourable; ALE-KLI-02 misses 40 with 33 (7 / 40 = 0,175), and its
    break, 15,4 % below riket and 8,3 % below liknande kommuner are the same indicator:
    one item. Kommunstyrelsen: ALE-EKO-02's miss 2,2 / 7 = 0,314 stands for its four items;
    ALE-EKO-01 11,5 % below riket (0,6 / 5,2 = 0,115) is the other."""
    (sn,) = deviations(ale, 2020, "helar", namnd="sn")
    better = [a for d in sn.delmal for a in d.avvikelser if a.gynnsam]
    assert [(a.indikator, a.text.rsplit(", ", 1)[1]) for a in better] == [
        ("ALE-KLI-01", "13,9\u00a0% bättre."),
        ("ALE-KLI-01", "24,2\u00a0% bättre."),
    ]
    assert [(a.slag, a.indikator, round(a.storlek, 3)) for a in largest(sn)] == [
        ("malvarde", "ALE-KLI-02", 0.175)
    ]
    (ks,) = deviations(ale, 2020, "helar", namnd="ks")
    assert [(a.slag, a.indikator, round(a.storlek, 3)) for a in largest(ks)] == [
        ("malvarde", "ALE-EKO-02", 0.314),
        ("jamforelse", "ALE-EKO-01", 0.115),
    ]


def test_largest_in_kind_order_one_per_indicator_or_goal():
    """A large gap comes after a small miss; the second item of an indicator is skipped;
    two verksamhetsmål of one unit are two goals; a favourable item never counts."""
    items = [
        Avvikelse("grupp", "1", "A", None, "gap A", 0.9),
        Avvikelse("jamforelse", "1", "B", None, "better B", 0.8, gynnsam=True),
        Avvikelse("utveckling", "1", "A", None, "worse A", 0.5),
        Avvikelse("malvarde", "1", None, "u", "goal 1 of u", 0.1),
        Avvikelse("malvarde", "1", None, "u", "goal 2 of u", 0.2),
        Avvikelse("jamforelse", "1", "B", None, "worse B", 0.3),
    ]
    found = Namndavvikelser("x", "X", [view_delmal(items)])
    assert [a.text for a in largest(found, 10)] == [
        "goal 2 of u",
        "goal 1 of u",
        "worse A",
        "worse B",
    ]
    assert [a.text for a in largest(found, 2)] == ["goal 2 of u", "goal 1 of u"]


def test_favourable_items_are_marked(tmp_path, ale):
    """ALE-SYS-01 22,7 % better than riket; a break to the better (230 → 226 → 222 → 223,
    higher is better); a break to the worse and the missed target are not."""
    (oan,) = deviations(ale, 2020, "helar", namnd="oan")
    marked = [(a.slag, a.gynnsam) for a in oan.delmal[0].avvikelser]
    assert marked == [
        ("malvarde", False),
        ("malvarde", False),
        ("utveckling", False),
        ("jamforelse", True),
        ("grupp", False),
    ]
    files = {"indikatorer/N15505.yaml": SERIES % (230, 226, 222, 223)}
    found = deviations(repo_of(tmp_path, files), 2020, "helar")
    assert [(a.slag, a.gynnsam) for a in found[0].delmal[0].avvikelser][-1:] == [
        ("utveckling", True)
    ]


def test_largest_keeps_the_first_of_equals():
    """Equal sizes keep their listed order."""
    items = [Avvikelse("grupp", "1", None, None, t, 0.5) for t in "abc"]
    found = Namndavvikelser("x", "X", [view_delmal(items)])
    assert [a.text for a in largest(found, 2)] == ["a", "b"]


def view_delmal(items: list[Avvikelse]):
    from malkoll.analysis.deviations import Delmalavvikelser

    return Delmalavvikelser("1", "Ett", items)


def test_unknown_namnd_period_and_year_are_bad_options(ale):
    with pytest.raises(
        BadOption,
        match=re.escape("'bun' är ingen nämnd eller bolag i organisation.yaml. Menade du `un`"),
    ):
        deviations(ale, 2020, "helar", namnd="bun")
    with pytest.raises(BadOption, match=re.escape("Perioden 'helr' finns inte. Menade du `helar`")):
        deviations(ale, 2020, "helr")
    with pytest.raises(BadOption, match=r"Året 2021 finns inte i målrepot \(årsmappar: 2020\)"):
        deviations(ale, 2021, "helar")


def test_the_default_period_is_the_latest_passed(ale):
    """On 2020-09-05 delår 2 (08-31) has passed; on its own day it has not; before 03-31
    the year's first."""
    settings = ale.installningar
    assert default_period(settings, 2020, dt.date(2020, 9, 5)) == "delar2"
    assert default_period(settings, 2020, dt.date(2020, 8, 31)) == "delar1"
    assert default_period(settings, 2020, dt.date(2020, 2, 1)) == "delar1"
    assert default_period(settings, 2020, dt.date(2021, 1, 1)) == "helar"


# --- the command ---------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["avvikelser", *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_command_prints_a_namnds_list_numbered_per_delmal():
    """`malkoll avvikelser 2020 --namnd sbn --idag 2021-03-01`: the annual report's period;
    ALE-TRY-01 71 against 72 (1; 1 / 72 = 1,4 %), women 62 and men 80: 18 / 71 = 25,4 %."""
    code, out, _ = run("2020", "-C", str(ALE), "--namnd", "sbn", "--idag", "2021-03-01")
    assert code == 0
    name = "Invånare som känner sig trygga utomhus i sitt område kvällstid, andel (%) (ALE-TRY-01)"
    assert out == (
        "Avvikelser 2020 (Årsredovisning)\n"
        "\n"
        "Samhällsbyggnadsnämnden\n"
        "  Delmål 4.1 Ale ska vara en trygg kommun att bo och vistas i\n"
        f"    1. {name}: 71\u00a0% år 2020, målvärdet 72\u00a0% missas med 1\u00a0procentenhet.\n"
        f"    2. {name}: kvinnor 62\u00a0% och män 80\u00a0% år 2020, en skillnad på "
        "18\u00a0procentenheter (25,4\u00a0% av totalen 71\u00a0%).\n"
    )


def test_the_command_as_markdown_and_its_default_period():
    """`--format md` on 2020-09-05: delår 2, Nolskolan's 79 against 85 (6)."""
    code, out, _ = run("2020", "-C", str(ALE), "--namnd", "un", "-f", "md", "--idag", "2020-09-05")
    assert code == 0
    assert out.startswith(
        "# Avvikelser 2020 (Delårsrapport 2)\n\n## Utbildningsnämnden\n\n### Delmål 1.1 "
    )
    assert (
        "3. Nolskolan, verksamhetsmålet Minst 85 % av eleverna i årskurs 6 ska nå lägst betyget "
        "E i svenska: 79\u00a0% i delårsrapport 2, målvärdet 85\u00a0% missas med "
        "6\u00a0procentenheter.\n"
    ) in out


def test_without_a_year_the_idag_year_or_the_latest_in_the_repository():
    """The example has only 2020: on 2026-12-01 its latest year, 2020, and the period of
    that year passed last, helar; on 2020-09-05 the year of the day and delår 2."""
    code, out, err = run("-C", str(ALE), "--namnd", "sbn", "--idag", "2026-12-01")
    assert (code, err) == (0, "")
    assert out.startswith("Avvikelser 2020 (Årsredovisning)\n")
    code, out, _ = run("-C", str(ALE), "--namnd", "sbn", "--idag", "2020-09-05")
    assert (code, out.splitlines()[0]) == (0, "Avvikelser 2020 (Delårsrapport 2)")


def test_the_default_year(ale):
    assert default_year(ale, dt.date(2026, 12, 1)) == 2020
    assert default_year(ale, dt.date(2020, 5, 1)) == 2020
    assert default_year(ale, dt.date(2019, 5, 1)) == 2020


def test_a_unit_is_pointed_to_its_namnd():
    """grundskola is a unit under un: the message says which nämnd to write."""
    code, out, err = run("2020", "-C", str(ALE), "--namnd", "grundskola")
    assert (code, out) == (2, "")
    assert err == "malkoll: grundskola hör till un: skriv --namnd un.\n"


def test_an_interim_period_looks_at_the_latest_outcome_up_to_the_year(ale):
    """Utbildningsnämnden at delår 2: the indicators' latest outcome up to 2020, as the
    report's tables and the rules read them (what the file holds was known when it was
    written), the verksamhetsmål's delår 2. By hand: N15505 214,6 against 218 (3,4; the
    figures have one decimal: 218,0); N15436 81,5 against 85 (3,5 procentenheter);
    Nolskolan 79 % against 85 % (6), Aroseniusskolan 89 % against 90 % (1 procentenhet);
    N15436 82,3 → 81,5: −0,8; N15505 against riket 229,8: 15,2 / 229,8 = 6,6 %; women
    229,9, men 200,3: 29,6 / 214,6 = 13,8 %; kommundel 221,3 − 198,5 = 22,8 (10,6 %);
    the schools 222,4 − 198,5 = 23,9 (11,1 %)."""
    (un,) = deviations(ale, 2020, "delar2", namnd="un")
    name5, name6 = (
        "Elever i åk 9, genomsnittligt meritvärde, kommunala skolor (Kolada N15505)",
        "Elever i åk 9 som är behöriga till yrkesprogram, kommunala skolor, andel (%) (Kolada "
        "N15436)",
    )
    p, pe = "\u00a0poäng", "\u00a0procentenheter"
    assert texts([un]) == [
        ("malvarde", f"{name5}: 214,6{p} år 2020, målvärdet 218,0{p} missas med 3,4{p}."),
        (
            "malvarde",
            f"{name6}: 81,5\u00a0% år 2020, målvärdet 85,0\u00a0% missas med 3,5{pe}.",
        ),
        (
            "malvarde",
            "Nolskolan, verksamhetsmålet Minst 85 % av eleverna i årskurs 6 ska nå lägst "
            f"betyget E i svenska: 79\u00a0% i delårsrapport 2, målvärdet 85\u00a0% missas med "
            f"6{pe}.",
        ),
        (
            "malvarde",
            "Aroseniusskolan, verksamhetsmålet Minst 90 % av eleverna i årskurs 9 ska nå "
            "lägst betyget E i matematik: 89\u00a0% i delårsrapport 2, målvärdet 90\u00a0% "
            "missas med 1\u00a0procentenhet.",
        ),
        (
            "utveckling",
            f"{name6}: 81,5\u00a0% år 2020, sämre än 82,3\u00a0% år 2019 (\u22120,8{pe}).",
        ),
        (
            "jamforelse",
            f"{name5}: 214,6{p} år 2020, 15,2{p} lägre än riket (229,8{p}), 6,6\u00a0% sämre.",
        ),
        (
            "grupp",
            f"{name5}: kvinnor 229,9{p} och män 200,3{p} år 2020, en skillnad på 29,6{p} "
            f"(13,8\u00a0% av totalen 214,6{p}).",
        ),
        (
            "grupp",
            f"{name5} per kommundel år 2020: högst Älvängen (221,3{p}), lägst Nol och Alafors "
            f"(198,5{p}), en skillnad på 22,8{p} (10,6\u00a0% av totalen).",
        ),
        (
            "grupp",
            f"{name5} per enhet år 2020: högst Aroseniusskolan (222,4{p}), lägst Nolskolan "
            f"(198,5{p}), en skillnad på 23,9{p} (11,1\u00a0% av totalen).",
        ),
    ]


def test_the_interim_list_and_the_reports_tables_show_the_same_year(ale):
    """The nämnd report at delår 2 shows N15505's 214,6 for 2020 in its table; the list
    in the same report says 214,6 år 2020, not 2019's 211."""
    page = render(view.build(ale, 2020, "delar2", namnd="un", findings=DRAFT), "md", [])
    assert "| 2020 | 214,6 |" in page
    assert "214,6\u00a0poäng år 2020, målvärdet 218,0\u00a0poäng" in page
    assert "år 2019, målvärdet" not in page


def test_the_base_in_delar1_looks_at_2020_like_the_year_end(tmp_path):
    """2020's 219,8 against 225: 5,2 in delår 1 as at the year's end (no unit in the base
    repository: the figures as they are, one decimal)."""
    early = texts(deviations(repo_of(tmp_path / "a"), 2020, "delar1"))
    assert next(t for _, t in early if "N15505" in t) == (
        "Genomsnittligt meritvärde i årskurs 9 (Kolada N15505): 219,8\u00a0poäng år 2020, "
        "målvärdet 225,0\u00a0poäng missas med 5,2\u00a0poäng."
    )
    late = texts(deviations(repo_of(tmp_path / "b"), 2020, "helar"))
    assert [t for _, t in early if "N15505" in t] == [t for _, t in late if "N15505" in t]


def test_a_namnd_with_nothing_standing_out_says_so(tmp_path):
    """Targets met, no gap: `Inget sticker ut.` Delår 2 looks at 2020's 219,8 (target
    215 met)."""
    values = BASE_VALUES.replace("K: 231.5, M: 208.0", "K: 220.0, M: 219.0").replace(
        "K: 228.1, M: 203.4", "K: 216.0, M: 215.0"
    )
    root = build_repo(
        tmp_path / "r",
        files={
            "indikatorer/N15505.yaml": values,
            "mal/1-utbildning.yaml": build_repo_text("mal/1-utbildning.yaml").replace(
                "{2020: 225", "{2020: 215"
            ),
        },
    )
    code, out, _ = run("2020", "-C", str(root), "--period", "delar2")
    assert code == 0
    assert "Alafors skola, verksamhetsmålet" in out  # 85 against 90
    plan = root / "2020/plan/alafors-skola.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("malvarde: 90", "malvarde: 80"), encoding="utf-8"
    )
    code, out, _ = run("2020", "-C", str(root), "--period", "delar2", "--utan-cache")
    assert (code, out) == (
        0,
        "Avvikelser 2020 (Delårsrapport 2)\n\nBarn- och ungdomsnämnden\n  Inget sticker ut.\n",
    )


def test_the_command_refuses_an_unknown_namnd_or_period_in_swedish():
    code, out, err = run("2020", "-C", str(ALE), "--namnd", "bun")
    assert (code, out) == (2, "")
    assert err == "malkoll: 'bun' är ingen nämnd eller bolag i organisation.yaml. Menade du `un`?\n"
    code, _, err = run("2020", "-C", str(ALE), "--period", "helr")
    assert code == 2
    assert "Perioden 'helr' finns inte. Menade du `helar`?" in err


def test_the_command_outside_a_repository_is_one_line(tmp_path):
    code, _, err = run("2020", "-C", str(tmp_path))
    assert code == 2
    assert err.startswith("malkoll: ")
    assert err.count("\n") <= 2


def test_absurd_and_hostile_values_give_no_traceback(tmp_path):
    """1e300 is cut away as MK105 when read; a name with markup is escaped in the report."""
    values = BASE_VALUES.replace("2020: {T: 219.8", "2020: {T: 1e300")
    mal = build_repo_text("mal/1-utbildning.yaml").replace(
        "namn: Genomsnittligt meritvärde i årskurs 9", 'namn: "<script>x</script> | *m*"'
    )
    root = build_repo(
        tmp_path / "r", files={"indikatorer/N15505.yaml": values, "mal/1-utbildning.yaml": mal}
    )
    code, out, _ = run("2020", "-C", str(root), "-f", "md")
    assert code == 0
    assert "inf" not in out
    assert "nan" not in out
    repo = load(root, cache=False)
    model = view.build(repo, 2020, "helar", namnd="bun")
    assert "<script>" not in render(model, "html", [])
    assert "<script>" not in render(model, "md", [])


# --- the report and the site -------------------------------------------------------------


DRAFT = [Finding("2020/plan/un.yaml", 1, 1, "MK201", "fel", "Saknas.", organisation="un")]
"""A finding left: the report is a draft (`Rapport.utkast`)."""


def test_a_namnds_draft_starts_its_analysis_with_the_deviations(ale):
    """In Utbildningsnämnden's report while it is a draft, under the nämnd; not in the
    municipality's."""
    own = view.build(ale, 2020, "helar", namnd="un", findings=DRAFT)
    assert own.utkast
    (un,) = own.namnder
    assert [d.delmal for d in un.avvikelser] == ["1.1"]
    assert un.avvikelser == deviations(ale, 2020, "helar", namnd="un")[0].delmal
    md = render(own, "md", [])
    section = md.split("#### Avvikelser att börja analysen med", 1)[1]
    assert section.startswith(
        "\n\nSkrivarens startlista: vad som sticker ut i siffrorna, per delmål: målvärden som "
        "missas, utvecklingen, jämförelser med andra och skillnader mellan grupper. "
        "Indikatorerna med sitt senaste utfall till och med året, som i rapportens tabeller; "
        "verksamhetsmålen med periodens utfall. Listan visas bara medan "
        "rapporten är ett utkast och försvinner när rapporten är klar.\n"
    )
    assert "**Delmål 1.1 Alla elever ska lämna grundskolan med behörighet" in section
    assert (
        "\n1. Elever i åk 9, genomsnittligt meritvärde, kommunala skolor (Kolada N15505): "
        "214,6\u00a0poäng år 2020, målvärdet 218,0\u00a0poäng missas med 3,4\u00a0poäng.\n"
        in section
    )
    assert "\n8. Elever i åk 9, genomsnittligt meritvärde" in section
    html = render(own, "html", [])
    assert '<h4 id="namnd-un-avvikelser">Avvikelser att börja analysen med</h4>' in html
    assert "<li>Nolskolan, verksamhetsmålet Minst 85 % av eleverna" in html
    assert "försvinner när rapporten är klar.</p>" in html
    whole = view.build(ale, 2020, "helar", findings=DRAFT)
    assert all(not n.avvikelser for n in whole.namnder)
    assert "Avvikelser att börja analysen med" not in render(whole, "html", [])


def test_a_namnds_complete_report_has_no_checklist(ale):
    """Without findings the report is the one the nämnd decides on: no writer's list."""
    done = view.build(ale, 2020, "helar", namnd="un")
    assert not done.utkast
    assert [n.avvikelser for n in done.namnder] == [[]]
    assert "Avvikelser att börja analysen med" not in render(done, "md", [])
    assert "Avvikelser att börja analysen med" not in render(done, "html", [])


def test_the_sites_namnd_reports_show_the_deviations_while_drafts():
    """The site builds a nämnd's report through the same view: in the draft example's
    delår 2 (findings remain) the list is there; in the complete example it is not."""
    draft = site.build(EXAMPLES / "ale-2020-utkast", 2020, today=dt.date(2020, 9, 20), cache=False)
    page = draft.files["rapport-2020-delar2-oan.html"].decode("utf-8")
    assert "(utkast)" in page
    assert "Avvikelser att börja analysen med" in page
    assert "Avvikelser att börja analysen med" not in draft.files[
        "rapport-2020-delar2.html"
    ].decode("utf-8")
    done = site.build(ALE, 2020, today=dt.date(2021, 3, 1), cache=False)
    for name in ("rapport-2020-helar-oan.html", "rapport-2020-helar.html"):
        assert "Avvikelser att börja analysen med" not in done.files[name].decode("utf-8")


def build_repo_text(rel: str) -> str:
    """A file of the base repository as it stands."""
    from helpers import BASE

    return (BASE / rel).read_text(encoding="utf-8")


# --- a bolag's owner directive -------------------------------------------------------------


def test_a_bolags_missed_owner_directive_goal_is_a_deviation():
    """AB Alebyggen 2020: nybyggnation 24 against at least 40 lägenheter (enhet antal: no
    unit), 16 short (16 / 40 = 0,4); soliditet 14,2 ≥ 12, resultatandel 5,8 ≥ 4 and
    uthyrningsgrad 99,3 ≥ 98 are met, as the report's table of the bolag says."""
    code, out, err = run("2020", "-C", str(ALE), "--namnd", "alebyggen", "--period", "helar")
    assert (code, err) == (0, "")
    assert out == (
        "Avvikelser 2020 (Årsredovisning)\n"
        "\n"
        "AB Alebyggen\n"
        "  Ägardirektivet\n"
        "    1. AB Alebyggen, ägardirektivets mål Bolaget ska påbörja minst 40 nya lägenheter "
        "under året: 24 i årsredovisningen, målvärdet 40 missas med 16.\n"
    )


def test_the_owner_directive_goal_is_unfavourable_and_picked_for_the_dialogue(ale):
    """Delår 1: nybyggnation 0 against 40 (40 / 40 = 1); the one item `largest` picks."""
    (bolag,) = deviations(ale, 2020, "delar1", namnd="alebyggen")
    assert [(d.delmal, d.namn, d.rubrik) for d in bolag.delmal] == [
        ("ägardirektiv", "Ägardirektivet", "Ägardirektivet")
    ]
    (item,) = largest(bolag)
    assert (item.slag, item.delmal, item.organisation, item.gynnsam, item.storlek) == (
        "malvarde",
        "ägardirektiv",
        "alebyggen",
        False,
        1.0,
    )
    assert item.text.endswith(": 0 i delårsrapport 1, målvärdet 40 missas med 40.")


def test_a_lower_is_better_owner_directive_goal_and_a_unit(tmp_path):
    """A copy of the example where soliditet must be at most 12 % (lagre): 14,2 % misses by
    2,2 procentenheter (2,2 / 12 = 0,183), its figures with one decimal (12,0 %)."""
    root = tmp_path / "ale"
    shutil.copytree(ALE, root, ignore=shutil.ignore_patterns(".malkoll-cache"))
    path = root / "2020/bolag/alebyggen.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("riktning: hogre\n    malvarde: 12", "riktning: lagre\n    malvarde: 12", 1),
        encoding="utf-8",
    )
    (bolag,) = deviations(load(root, cache=False), 2020, "helar", namnd="alebyggen")
    items = bolag.delmal[0].avvikelser
    assert items[0].text == (
        "AB Alebyggen, ägardirektivets mål Soliditeten ska vara minst 12 %: 14,2\u00a0% i "
        "årsredovisningen, målvärdet 12,0\u00a0% missas med 2,2\u00a0procentenheter."
    )
    assert items[0].storlek == pytest.approx(2.2 / 12)
    assert len(items) == 2
