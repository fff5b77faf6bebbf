"""MK405: an assessment more than one step better than the suggestion of its indicators'
pace towards the 2030 target (`model.pace`), on the base repository with series of the
meritvärde (N15505, target 240 for 2030) whose answers are worked out by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import build_repo, check, edit_file
from malkoll.model.pace import Takt
from malkoll.rules import catalog
from malkoll.rules import pace as rule
from malkoll.rules.pace import describe, signed

DAY = "--idag 2021-03-01"
BUN = "2020/plan/bun.yaml"


def assess(root: Path, period: str, value: str, rel: str = BUN) -> None:
    """Set the assessment of delmål 1.1 (the plan's first entry) in ``period``, written
    as the base writes it, on one line: `delar2: {analys: {...}, bedomning: gul}`."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{period}:"))
    assert "bedomning: " in lines[at], lines[at]
    lines[at] = re.sub(r"bedomning: \w+", f"bedomning: {value}", lines[at])
    path.write_text("\n".join(lines), encoding="utf-8")


WRONG_WAY = {2017: 225.0, 2018: 222.0, 2019: 218.0, 2020: 215.2}
"""Needed (240 − 215,2) / 10 = 2,48 a year; recent (215,2 − 225) / 3 = −3,27: wrong way,
the suggestion is röd."""
TOO_SLOW = {2017: 212.0, 2018: 213.0, 2019: 214.0, 2020: 215.0}
"""Needed (240 − 215) / 10 = 2,5 a year; recent (215 − 212) / 3 = 1,0, reached 2020 + 25 =
2045: too slow, the suggestion is gul."""


def repo(tmp_path: Path, series: dict[int, float] | None, delar2: str | None = None) -> Path:
    """The base repository with N15505's outcomes ``series`` (None: as in the base, 2019
    and 2020 only) and Barn- och ungdomsnämnden's delar2 assessment of 1.1 ``delar2``."""
    root = build_repo(tmp_path / "r")
    if series is not None:
        rows = "".join(f"  {y}: {{T: {t}}}\n" for y, t in series.items())
        (root / "indikatorer/N15505.yaml").write_text(
            f"indikator: N15505\nkalla: Kolada\nutfall:\n{rows}", encoding="utf-8"
        )
    if delar2 is not None:
        assess(root, "delar2", delar2)
    return root


def mk405(root: Path) -> list:
    """The nämnd's MK405 findings (the base's units below it assess 1.1 gul throughout)."""
    return [x for x in check(root, DAY).findings if x.code == "MK405" and x.path == BUN]


def test_green_against_a_red_suggestion_is_warned(tmp_path):
    """Grön (rank 0) against the suggested röd (rank 2): 0 + 1 < 2."""
    root = repo(tmp_path, WRONG_WAY, "gron")
    (found,) = mk405(root)
    assert found.severity == "varning"
    assert (found.path, found.organisation, found.period) == (BUN, "bun", "delar2")
    line = (root / BUN).read_text(encoding="utf-8").splitlines()[found.line - 1]
    assert line[found.col - 1 :].startswith("bedomning: gron")  # at the assessment
    assert found.message == (
        "Bedömningen är grön, men indikatorernas takt mot målet föreslår röd: N15505 "
        "senaste utfall 215,2 (2020), målvärde 240 år 2030, behövs +2,48 per år, senaste "
        "tre åren −3,27 per år (sedan 2017), nås inte i dagens takt (fel håll) "
        "(Barn- och ungdomsnämnden, delmål 1.1, Delårsrapport 2)."
    )
    assert "förklara i analysen varför siffrorna inte berättar hela historien" in found.hint


def test_the_fix_one_step_from_the_suggestion_is_quiet(tmp_path):
    """The failing example's fix: gul (rank 1) against röd: 1 + 1 is not below 2."""
    assert mk405(repo(tmp_path, WRONG_WAY, "gul")) == []


def test_green_against_a_yellow_suggestion_is_one_step(tmp_path):
    """Too slow suggests gul (rank 1): grön is one step better, 0 + 1 is not below 1."""
    assert mk405(repo(tmp_path, TOO_SLOW, "gron")) == []


def test_silent_without_data(tmp_path):
    """The base has N15505 for 2019 and 2020 only: too few years, no suggestion, no
    warning even for grön."""
    assert mk405(repo(tmp_path, None, "gron")) == []


def test_every_due_period(tmp_path):
    """Grön in delar1 and delar2 against röd: one finding per period."""
    root = repo(tmp_path, WRONG_WAY, "gron")
    assess(root, "delar1", "gron")
    assert sorted(x.period for x in mk405(root)) == ["delar1", "delar2"]


FOUR_STEPS = """
bedomning:
  gron: {text: I takt.}
  gul: {text: Rätt håll men långsamt.}
  orange: {text: Stillastående.}
  rod: {text: Fel håll.}
"""


@pytest.mark.parametrize(
    ("assessed", "warned"), [("gron", True), ("gul", True), ("orange", False), ("rod", False)]
)
def test_a_scale_of_four_steps(tmp_path, assessed, warned):
    """On a four-step scale wrong way is the fourth step (rod, rank 3): gul (rank 1) is
    two steps better and warned, orange (rank 2) one step and not."""
    root = repo(tmp_path, WRONG_WAY, assessed)
    with (root / "malkoll.yaml").open("a", encoding="utf-8") as f:
        f.write(FOUR_STEPS)
    found = [x for x in mk405(root) if x.period == "delar2"]  # delar1 and helar are gul
    assert bool(found) is warned
    if warned:
        assert "takt mot målet föreslår rod:" in found[0].message


def test_too_slow_on_a_four_step_scale_is_the_second_step(tmp_path):
    """Too slow on four steps is gul (rank 1): grön is one step better, not warned."""
    root = repo(tmp_path, TOO_SLOW, "gron")
    with (root / "malkoll.yaml").open("a", encoding="utf-8") as f:
        f.write(FOUR_STEPS)
    assert mk405(root) == []


def test_turned_off_in_malkoll_yaml(tmp_path):
    root = repo(tmp_path, WRONG_WAY, "gron")
    with (root / "malkoll.yaml").open("a", encoding="utf-8") as f:
        f.write("regler: {MK405: av}\n")
    assert mk405(root) == []


def test_the_rule_in_the_catalogue():
    rule = catalog.RULES["MK405"]
    assert rule.severity == "varning"
    assert "medianen" in rule.explanation
    assert "de tre åren före" in rule.explanation
    assert "Utan data för någon av delmålets indikatorer säger regeln inget" in rule.explanation


def test_describe_too_slow_and_a_passed_target_year():
    slow = Takt("X", "hogre", 2030, 60, 2020, 33, 2.7, 2017, 29, 4, 4 / 3, 2041, "för långsamt")
    assert describe(slow) == (
        "X senaste utfall 33 (2020), målvärde 60 år 2030, behövs +2,7 per år, senaste tre "
        "åren +1,33 per år (sedan 2017), nås 2041 i dagens takt (för långsamt)"
    )
    passed = Takt(
        "X", "hogre", 2018, 90, 2020, 86, None, 2017, 80, 4, 2.0, 2022, "målåret har passerats"
    )
    assert describe(passed) == (
        "X senaste utfall 86 (2020), målvärde 90 år 2018, senaste tre åren +2 per år "
        "(sedan 2017), målåret har passerats utan att målvärdet nåtts"
    )
    assert (signed(-0.004), signed(0.0), signed(1 / 3)) == ("0", "0", "+0,33")


def test_a_units_own_indicators_count(tmp_path):
    """Delmål 1.10 has no indicator in mal/; the nämnd's `matt: [N15505]` gives it one."""
    root = repo(tmp_path, WRONG_WAY)
    edit_file(root, BUN, '  - delmal: "1.10"\n', '  - delmal: "1.10"\n    matt: [N15505]\n')
    found = [x for x in mk405(root) if "delmål 1.10" in x.message]  # grön in every period
    assert sorted(x.period for x in found) == ["delar1", "delar2", "helar"]
    assert "N15505 senaste utfall 215,2 (2020)" in found[0].message


def test_each_indicators_pace_is_computed_once(tmp_path, monkeypatch):
    """Four plans follow up 1.1 in three periods: N15505's pace in 2020 is computed once."""
    calls: list[str] = []

    def counted(definition, outcomes, year):
        calls.append(definition.id)
        return original(definition, outcomes, year)

    original = rule.pace_in
    monkeypatch.setattr(rule, "pace_in", counted)
    root = repo(tmp_path, WRONG_WAY, "gron")
    assert len(mk405(root)) == 1
    assert calls == ["N15505"]
