"""The completeness and plausibility rules: when a finding is a warning or an error, how
`regler:` changes it, and that every rule has its case.

Each rule's case is a folder under repos/fel (`mk301-analys-saknas`, …) checked with the
other folder cases in test_cases; its fix is the base repository, which is complete. The
tests here start from such a folder and vary the day, the period or malkoll.yaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import BASE, REPOS, build_repo, check, expected, places, run

LATE = "--idag 2021-03-01"  # every period of 2020 due and past its submission date
G = "2020/plan/sektor/grundskola.yaml"
CASES = REPOS / "fel"
TIMING = CASES / "mk301-analys-saknas"  # delår 2's analysis missing


def _replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _with_rules(root: Path, regler: str) -> None:
    """`regler: REGLER` added to malkoll.yaml."""
    _replace(root, "malkoll.yaml", 'kolada: "0180"', f'kolada: "0180"\nregler: {regler}')


def _severities(root: Path, flags: str) -> list[str]:
    return [x.split()[1] for x in places(check(root, flags).findings)]


def test_fixes_are_clean():
    """The fix of every case is the base repository itself, clean whenever it is checked."""
    for flags in ("", LATE, "--idag 2020-10-01", "--period helar", "--period delar1"):
        assert places(check(BASE, flags).findings) == [], flags


def test_chain_of_dialogue_points_at_the_parent_plan(tmp_path):
    """MK310: a parent that does not list a delmål its unit followed up; no plan at all
    points at the organisation in organisation.yaml."""
    root = build_repo(tmp_path / "repo")
    plan = root / G
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    plan.write_text("".join(lines[:3] + lines[8:]), encoding="utf-8")  # drop delmål 1.1
    found = places(check(root, LATE).findings)
    assert found == [f"{G}:3:1: varning MK310"] * 3  # delar1, delar2, helar
    (root / "2020/plan/bun.yaml").unlink()
    found = places(check(root, LATE).findings)
    assert "organisation.yaml:1:3: varning MK310" in found


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ("--idag 2020-08-31", []),  # the period's own day: not yet due
        ("--idag 2020-09-01", ["varning"]),  # due, within the submission window
        ("--idag 2020-09-11", ["varning"]),  # the submission date itself
        ("--idag 2020-09-12", ["fel"]),  # the day after: overdue
        ("--idag 2020-01-01 --period delar2", ["fel"]),  # one period, as if overdue
        ("--idag 2020-01-01 --period delar1", []),
        ("--idag 2021-03-01 --ar 2019", []),
        ("--idag 2021-03-01 --ar 2020", ["fel"]),
    ],
)
def test_when_a_missing_analysis_is_a_warning_or_an_error(tmp_path, flags, expected):
    """Not due, in the grace window, overdue; --period and --ar."""
    root = build_repo(tmp_path / "repo", TIMING)
    assert _severities(root, flags) == expected


def test_grace_without_a_submission_date_is_30_days(tmp_path):
    """Where the årshjul names no submission date, the grace window is 30 days."""
    root = build_repo(tmp_path / "repo", TIMING)
    _replace(root, "2020/arshjul.yaml", ", inlamning: 2020-09-11", "")
    assert _severities(root, "--idag 2020-09-30") == ["varning"]
    assert _severities(root, "--idag 2020-10-01") == ["fel"]


@pytest.mark.parametrize(
    ("regler", "expected"),
    [
        ("{MK301: varning}", ["varning MK301"]),
        ("{MK301: av}", []),
        ("{MK301: fel, MK206: av}", ["fel MK301"]),
    ],
)
def test_rule_severity_can_be_set_or_turned_off(tmp_path, regler, expected):
    """`regler:` in malkoll.yaml sets a rule's severity or turns it off."""
    root = build_repo(tmp_path / "repo", TIMING)
    _with_rules(root, regler)
    found = places(check(root, LATE).findings)
    assert [" ".join(x.split()[1:]) for x in found] == expected


def test_a_warning_can_become_an_error(tmp_path):
    """`MK308: fel` makes a missing activity an error."""
    root = build_repo(tmp_path / "repo", CASES / "mk308-delmal-utan-aktiviteter")
    _with_rules(root, "{MK308: fel}")
    assert [x.split()[1:] for x in places(check(root, LATE).findings)] == [["fel", "MK308"]]


def test_strict_makes_warnings_fail(tmp_path):
    """`--strikt`: exit 1 for warnings alone; without it exit 0."""
    root = build_repo(tmp_path / "repo", CASES / "mk402-battre-an-enheterna")
    assert run("validera", str(root), "--idag", "2021-03-01")[0] == 0
    assert run("validera", str(root), "--idag", "2021-03-01", "--strikt")[0] == 1


def test_bad_period_and_date_exit_2():
    """An unknown --period or a malformed --idag is a usage error."""
    status, _, err = run("validera", str(BASE), "--period", "delar3")
    assert status == 2
    assert "Menade du 'delar2'" in err or "Menade du `delar2`" in err
    assert run("validera", str(BASE), "--idag", "2020-13-01")[0] == 2


def test_every_rule_has_a_case_and_examples():
    """Every MK3xx–MK5xx rule has a folder case named after it that reports it, and a
    wrong and right example."""
    from malkoll.rules.catalog import all_rules

    codes = {"MK310"}  # its own test above: the chain needs two plans changed
    codes.add("MK517")  # the import's, not validera's: tests/test_ledger_selfcheck.py
    for case in CASES.iterdir():
        reported = {line.split()[2] for line in expected(case) if not line.startswith(" ")}
        if case.name.upper()[:5] in reported:
            codes.add(case.name.upper()[:5])
    for rule in all_rules():
        if rule.code[2] in "345":
            assert rule.code in codes, rule.code
            assert rule.wrong, rule.code
            assert rule.right, rule.code
