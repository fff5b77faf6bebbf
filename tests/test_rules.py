"""Each completeness and plausibility rule fires on its case, on the right line, and its
fix (the base repository, which is complete) does not.

A case is a small edit of the base: `(file, old text, new text)`; the expected findings
are `(file, line, text at the column, severity, code)`, the column being where that text
starts on that line of the edited file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from helpers import BASE, build_repo, check, places, run

LATE = "--idag 2021-03-01"  # every period of 2020 due and past its submission date
G = "2020/plan/sektor/grundskola.yaml"
A = "2020/plan/alafors-skola.yaml"
E = "2020/ekonomi.yaml"
U = "2020/uppdrag.yaml"
IK = "2020/internkontroll/bun.yaml"
IND = "indikatorer/N15505.yaml"

G_110_DELAR2 = (
    "      delar2: {analys: {resultat: Läsningen ökar., orsaker: Nya rutiner.}, bedomning: gron}"
)
G_11_DELAR2 = (
    "      delar2: {analys: {resultat: Meritvärdet ökar., orsaker: Tidiga insatser., "
    "grupper: Pojkarna ligger efter., atgarder: Läsinsatser.}, bedomning: gul}"
)
G_11_HELAR = G_11_DELAR2.replace("delar2:", "helar:")


@dataclass
class Case:
    edits: list[tuple[str, str, str]]
    expected: list[tuple[str, int, str, str, str]]
    flags: str = LATE
    remove: list[str] = field(default_factory=list)


CASES = {
    "MK301": Case(
        [(G, G_110_DELAR2, "      delar2: {bedomning: gron}")],
        [(G, 19, "delar2", "fel", "MK301")],
    ),
    "MK302": Case(
        [(G, G_110_DELAR2, G_110_DELAR2.replace(", bedomning: gron", ""))],
        [(G, 19, "delar2", "fel", "MK302")],
    ),
    "MK303": Case(
        [(G, G_110_DELAR2, G_110_DELAR2.replace(", orsaker: Nya rutiner.", ""))],
        [(G, 19, "analys", "fel", "MK303")],
    ),
    "MK304": Case(
        [(G, G_11_DELAR2, G_11_DELAR2.replace(", atgarder: Läsinsatser.", ""))],
        [(G, 7, "bedomning", "fel", "MK304")],
    ),
    "MK305": Case(
        [(G, "          delar2: {status: pagar}\n", "")],
        [(G, 13, "uppfoljning", "fel", "MK305")],
    ),
    "MK305-helar": Case(
        [(G, ", hur_har_det_gatt: Bra., vad_har_det_lett_till: Fler läser.", "")],
        [(G, 16, "helar", "fel", "MK305")],
    ),
    "MK306": Case(
        [(G, "          delar2: {status: pagar}", "          delar2: {status: forsenad}")],
        [(G, 15, "status", "fel", "MK306")],
    ),
    "MK307": Case(
        [(A, "          delar2: {utfall: 85}\n", "")],
        [(A, 26, "uppfoljning", "fel", "MK307")],
    ),
    "MK308": Case(
        [
            (
                G,
                "    aktiviteter:\n      - id: lasning\n        namn: Läsning varje dag\n"
                "        uppfoljning:\n          delar1: {status: pagar}\n"
                "          delar2: {status: pagar}\n          helar: {status: genomford, "
                "hur_har_det_gatt: Bra., vad_har_det_lett_till: Fler läser.}\n",
                "",
            )
        ],
        [(G, 9, "delmal", "varning", "MK308")],
    ),
    "MK309": Case(
        [(G, G_11_HELAR, G_11_HELAR.replace(" grupper: Pojkarna ligger efter.,", ""))],
        [(G, 8, "analys", "varning", "MK309")],
    ),
    "MK401": Case(
        [
            (IND, "2020: {T: 219.8, K: 231.5, M: 208.0}", "2020: {T: 210.0, K: 221.0, M: 199.0}"),
            (G, G_11_HELAR, G_11_HELAR.replace("bedomning: gul", "bedomning: gron")),
        ],
        [(G, 8, "bedomning", "varning", "MK401"), (G, 8, "bedomning", "varning", "MK402")],
    ),
    "MK402": Case(
        [(G, G_11_HELAR, G_11_HELAR.replace("bedomning: gul", "bedomning: gron"))],
        [(G, 8, "bedomning", "varning", "MK402")],
    ),
    "MK403": Case(
        [(IND, "  2020: {T: 219.8, K: 231.5, M: 208.0}\n", "")],
        [("mal/1-utbildning.yaml", 14, "id", "varning", "MK403")],
    ),
    "MK404": Case(
        [(A, "        slut: 2020-12-31", "        slut: 2020-06-30")],
        [(A, 15, "status", "varning", "MK404")],
        flags="--idag 2020-10-01",
    ),
    # The end date counts as passed on the period's own date (delår 2 is 2020-08-31).
    "MK404 on the period's date": Case(
        [(A, "        slut: 2020-12-31", "        slut: 2020-08-31")],
        [(A, 15, "status", "varning", "MK404")],
        flags="--idag 2020-10-01",
    ),
    "MK500": Case(
        [(E, "maj: {prognos: -4000}", "maj: {utfall: 270000, periodbudget: 270000}")],
        [(E, 8, "maj", "fel", "MK500")],
    ),
    "MK501": Case(
        [
            (
                E,
                "jan: {utfall: 53800, periodbudget: 54000}",
                "jan: {utfall: 53000, periodbudget: 54000}",
            )
        ],
        [(E, 5, "jan", "fel", "MK501")],
    ),
    "MK502": Case(
        [(E, "      delar2: Översyn av skolskjutsorganisationen.\n", "")],
        [(E, 9, "delar2", "fel", "MK502")],
    ),
    "MK503": Case(
        [(U, "    delar2: {status: pagar, kommentar: Förstudie klar.}\n", "")],
        [(U, 7, "uppfoljning", "fel", "MK503")],
    ),
    "MK504": Case(
        [
            (U, "klart: 2020-12-31", "klart: 2020-06-30"),
            (U, "delar2: {status: pagar, kommentar: Förstudie klar.}", "delar2: {status: pagar}"),
        ],
        [(U, 9, "status", "fel", "MK504")],
    ),
    "MK505": Case([], [("organisation.yaml", 1, "id", "fel", "MK505")], remove=[IK]),
    "MK506": Case(
        [(IK, "antagen: 2019-12-10", "antagen: 2020-01-15")], [(IK, 2, "antagen", "fel", "MK506")]
    ),
    "MK507": Case(
        [(IK, '      helar: {resultat: "20 fakturor granskade, inga avvikelser."}\n', "")],
        [(IK, 14, "uppfoljning", "fel", "MK507")],
    ),
    "MK508": Case(
        [(IK, "        atgarder: Utbildning för beställare.\n", "")],
        [(IK, 17, "avvikelser", "fel", "MK508")],
    ),
    "MK509": Case(
        [(E, "utfall: {helar: 41800}", "utfall: {delar2: 20000}")],
        [(E, 22, "utfall", "fel", "MK509")],
    ),
    "MK109": Case(
        [("malkoll.yaml", 'kolada: "0180"', 'kolada: "0180"\nregler: {MK3O8: av}')],
        [("malkoll.yaml", 3, "MK3O8", "fel", "MK109")],
    ),
}


def _edit(root: Path, case: Case) -> None:
    for rel, old, new in case.edits:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{rel}: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for rel in case.remove:
        (root / rel).unlink()


def _expected(root: Path, case: Case) -> list[str]:
    out = []
    for rel, line, needle, severity, code in case.expected:
        text = (root / rel).read_text(encoding="utf-8").splitlines()[line - 1]
        assert needle in text, f"{rel}:{line}: {needle!r} not in {text!r}"
        out.append(f"{rel}:{line}:{text.index(needle) + 1}: {severity} {code}")
    return out


def findings(tmp_path: Path, case: Case, flags: str | None = None) -> tuple[Path, list[str]]:
    root = build_repo(tmp_path / "repo")
    _edit(root, case)
    return root, places(check(root, case.flags if flags is None else flags).findings)


@pytest.mark.parametrize("name", list(CASES))
def test_rule_fires_on_its_case(name, tmp_path):
    """The edit gives exactly the rule's findings, at the line a person must edit."""
    case = CASES[name]
    root, found = findings(tmp_path, case)
    assert found == _expected(root, case)


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


TIMING = CASES["MK301"]


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
    _, found = findings(tmp_path, TIMING, flags)
    assert [x.split()[1] for x in found] == expected


def test_grace_without_a_submission_date_is_30_days(tmp_path):
    """Where the årshjul names no submission date, the grace window is 30 days."""
    case = Case([*TIMING.edits, ("2020/arshjul.yaml", ", inlamning: 2020-09-11", "")], [])
    _, found = findings(tmp_path, case, "--idag 2020-09-30")
    assert [x.split()[1] for x in found] == ["varning"]
    root2 = tmp_path / "b"
    root2.mkdir()
    _, found = findings(root2, case, "--idag 2020-10-01")
    assert [x.split()[1] for x in found] == ["fel"]


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
    case = Case(
        [*TIMING.edits, ("malkoll.yaml", 'kolada: "0180"', f'kolada: "0180"\nregler: {regler}')],
        [],
    )
    _, found = findings(tmp_path, case)
    assert [" ".join(x.split()[1:]) for x in found] == expected


def test_a_warning_can_become_an_error(tmp_path):
    """`MK308: fel` makes a missing activity an error."""
    case = CASES["MK308"]
    edits = [
        *case.edits,
        ("malkoll.yaml", 'kolada: "0180"', 'kolada: "0180"\nregler: {MK308: fel}'),
    ]
    _, found = findings(tmp_path, Case(edits, []))
    assert [x.split()[1:] for x in found] == [["fel", "MK308"]]


def test_strict_makes_warnings_fail(tmp_path):
    """`--strikt`: exit 1 for warnings alone; without it exit 0."""
    root = build_repo(tmp_path / "repo")
    _edit(root, CASES["MK402"])
    assert run("validera", str(root), "--idag", "2021-03-01")[0] == 0
    assert run("validera", str(root), "--idag", "2021-03-01", "--strikt")[0] == 1


def test_bad_period_and_date_exit_2():
    """An unknown --period or a malformed --idag is a usage error."""
    status, _, err = run("validera", str(BASE), "--period", "delar3")
    assert status == 2
    assert "Menade du 'delar2'" in err or "Menade du `delar2`" in err
    assert run("validera", str(BASE), "--idag", "2020-13-01")[0] == 2


def test_every_rule_has_a_case_and_examples():
    """Every MK3xx–MK5xx rule has a case here, and a wrong and right example."""
    from malkoll.rules.catalog import all_rules

    codes = {name.split("-")[0] for name in CASES} | {"MK310"}  # MK310: its own test above
    for rule in all_rules():
        if rule.code[2] in "345":
            assert rule.code in codes, rule.code
            assert rule.wrong, rule.code
            assert rule.right, rule.code
