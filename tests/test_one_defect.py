"""One defect, one finding: a value the schema reports as wrong (and cuts away) is not
reported again as missing by the completeness rules or the references."""

from __future__ import annotations

import pytest

from helpers import build_repo, check, places

LATE = "--idag 2021-03-01"
G = "2020/plan/sektor/grundskola.yaml"
E = "2020/ekonomi.yaml"
U = "2020/uppdrag.yaml"
IK = "2020/internkontroll/bun.yaml"


def _edited(tmp_path, rel: str, old: str, new: str):
    base = build_repo(tmp_path / "repo")
    path = base / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return check(base, LATE).findings


CASES = {
    "a wrong assessment is not also a missing one": (
        G,
        "bedomning: gul}",
        "bedomning: blå}",
        [f"{G}:6:139: fel MK105"],
    ),
    "a follow-up that is not a mapping is not also a missing analysis and assessment": (
        G,
        "delar1: {analys: {resultat: Meritvärdet 220., orsaker: Tidiga insatser., grupper: "
        "Pojkarna ligger efter., atgarder: Rektor i maj.}, bedomning: gul}",
        "delar1: klar",
        [f"{G}:6:7: fel MK105"],
    ),
    "a wrong activity status is not also a missing follow-up": (
        G,
        "delar1: {status: pagar}",
        "delar1: {status: klar}",
        [f"{G}:14:20: fel MK105"],
    ),
    "a budget with spaces is not also a nämnd missing from ekonomi.yaml": (
        E,
        "budget: 650000",
        "budget: 650 000",
        [f"{E}:3:5: fel MK105"],
    ),
    "a wrong forecast is not also a missing forecast": (
        E,
        "prognos: -2000}",
        "prognos: -2 000 kr}",
        [f"{E}:6:51: fel MK105"],
    ),
    "a wrong assignment status is not also a missing follow-up": (
        U,
        "delar1: {status: pagar,",
        "delar1: {status: igang,",
        [f"{U}:8:14: fel MK105"],
    ),
}


@pytest.mark.parametrize(("rel", "old", "new", "expected"), CASES.values(), ids=list(CASES))
def test_a_wrong_value_is_one_finding(tmp_path, rel, old, new, expected):
    """The schema's finding stands alone; nothing is reported as missing because of it."""
    assert places(_edited(tmp_path, rel, old, new)) == expected


def test_a_budget_with_spaces_says_how_to_write_it(tmp_path):
    """`650 000` is a number written the Swedish way: the hint gives it without spaces."""
    (found,) = _edited(tmp_path, E, "budget: 650000", "budget: 650 000")
    assert "Skriv talet utan mellanrum mellan siffrorna: 650000." in found.hint


def test_an_error_in_organisation_yaml_hides_unknown_organisations(tmp_path):
    """While organisation.yaml has errors, references to its ids are not called unknown."""
    base = build_repo(tmp_path / "repo")
    path = base / "organisation.yaml"
    text = path.read_text(encoding="utf-8")
    assert "typ: enhet" in text
    path.write_text(text.replace("typ: enhet", "typ: avdelning", 1), encoding="utf-8")
    codes = {x.code for x in check(base, "--idag 2020-01-01").findings}
    assert codes == {"MK105"}


def test_the_missing_assessment_is_still_reported_when_nothing_was_written(tmp_path):
    """The fix does not hide real gaps: an assessment left out is still MK302."""
    found = _edited(tmp_path, G, ", bedomning: gul}", "}")
    assert [x.code for x in found] == ["MK302"]
