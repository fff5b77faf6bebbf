"""A unit's own figures (`organisationer` in `indikatorer/<id>.yaml`): the rules judge a
unit with its own series for an indicator on that series (`Context.series`), the
municipality's `utfall` otherwise. On a copy of exempel/ale-2020, where Nolskolan has
N15505 2019 T 197,2 and 2020 T 198,5, K 211,0, M 186,4 (the municipality 214,6, K 229,9,
M 200,3; target 218 for 2020, 235 for 2030)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLES, check, edit_file

FLAGS = "--idag 2021-03-01"
NOL = "2020/plan/un/nolskolan.yaml"
VALUES = "indikatorer/N15505.yaml"
OWN = "nolskolan: {2019: {T: 197.2}, 2020: {T: 198.5, K: 211.0, M: 186.4}}"
HELAR_GRUPPER = """\
          grupper: >-
            Skillnaden mellan flickor och pojkar är 25 poäng. Bland elever som
            bor i Nol norra är andelen behöriga lägre än bland elever från övriga
            upptagningsområdet.
"""


@pytest.fixture
def ale(tmp_path: Path) -> Path:
    root = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", root)
    return root


def found(root: Path, code: str) -> list[str]:
    return [
        f"{x.message} | {x.hint}"
        for x in check(root, FLAGS).findings
        if x.code == code and x.path == NOL
    ]


def test_the_example_is_clean_and_nolskolan_has_its_own_series(ale):
    assert OWN in (ale / VALUES).read_text(encoding="utf-8")
    assert HELAR_GRUPPER in (ale / NOL).read_text(encoding="utf-8")
    assert [x.head() for x in check(ale, FLAGS).findings] == []


def test_mk309_judges_a_unit_on_its_own_women_and_men(ale):
    """Nolskolan's own K 211,0 − M 186,4 = 24,6, 12,39 % of its T 198,5 (> 10 %): the
    finding cites its figures, not the municipality's 229,9 and 200,3."""
    edit_file(ale, NOL, HELAR_GRUPPER, "")
    [message] = found(ale, "MK309")
    assert (
        "Indikatorn N15505 visar för Nolskolan (enhetens egna utfall) 2020 en skillnad på "
        "24,6 (12,4 % av totalen, gränsen är 10 %) mellan kvinnor (211) och män (186,4), "
        "men analysen beskriver inte grupper (Nolskolan, delmål 1.1, Årsredovisning)."
    ) in message
    assert "229,9" not in message


def test_mk309_leaves_the_municipalitys_groupings_to_a_unit_with_its_own_series(ale):
    """Without its own K and M Nolskolan has no gap of its own; the municipality's
    kommundel gap (Älvängen 221,3 − Nol och Alafors 198,5 = 22,8 > 21,46) is not its."""
    edit_file(ale, NOL, HELAR_GRUPPER, "")
    edit_file(ale, VALUES, "2020: {T: 198.5, K: 211.0, M: 186.4}", "2020: {T: 198.5}")
    assert found(ale, "MK309") == []
    edit_file(ale, VALUES, OWN.replace(", K: 211.0, M: 186.4", ""), "")  # no own series
    [message] = found(ale, "MK309")  # the municipality's: 229,9 − 200,3 = 29,6, 13,79 %
    assert "en skillnad på 29,6 (13,8 % av totalen, gränsen är 10 %) mellan kvinnor (229,9)" in (
        message
    )
    assert message.startswith("Indikatorn N15505 visar 2020 en skillnad")  # the municipality's


def test_mk313_hints_a_unit_its_own_latest_outcome(ale):
    edit_file(
        ale,
        NOL,
        "Nolskolans meritvärde 2020 blev 198,5 poäng, lägst i kommunen och långt\n"
        "            under målvärdet 218, och",
        "Nolskolans meritvärde blev lägst i kommunen, och",
    )
    [message] = found(ale, "MK313")
    assert "N15505 var 198,5 år 2020 (enhetens egna utfall), målvärdet är 218 för 2020." in message
    assert "214,6" not in message


def test_mk316_compares_a_units_own_outcome_with_the_target(ale):
    edit_file(
        ale,
        NOL,
        "Skolan behöver stabil bemanning",
        "Målet är nått. Skolan behöver stabil bemanning",
    )
    [message] = found(ale, "MK316")
    assert (
        "indikatorn N15505 (198,5 år 2020, enhetens egna utfall) missar målvärdet 218 för 2020"
        in message
    )


def test_mk401_looks_at_a_units_own_way(ale):
    """The municipality's N15505 rose (211,0 → 214,6); Nolskolan's own fell when its 2020
    is 196,0 (< 197,2) and misses 218: a green assessment is questioned on N15505."""
    edit_file(ale, VALUES, "2020: {T: 198.5, K: 211.0, M: 186.4}", "2020: {T: 196.0}")
    edit_file(
        ale, NOL, "      helar:\n        bedomning: rod", "      helar:\n        bedomning: gron"
    )
    messages = " ".join(found(ale, "MK401"))
    assert (
        "indikatorn N15505 (196 år 2020, enhetens egna utfall) missar målvärdet 218 för 2020 "
        "och har gått åt fel håll sedan 2019 (197,2)"
    ) in messages


def test_mk405_gives_a_unit_its_own_pace(ale):
    """Nolskolan's own N15505 205,0, 203,0, 200,0, 198,5 in 2017–2020: recent
    (198,5 − 205,0) / 3 < 0, wrong way (2); N15436 (no own series) too slow (1): the
    worse middle is 2, röd, and grön is two steps better. On the municipality's figures
    (N15505 on pace, 0) the suggestion would be gul, one step: no finding."""
    edit_file(
        ale, NOL, "      helar:\n        bedomning: rod", "      helar:\n        bedomning: gron"
    )
    assert found(ale, "MK405") == []
    edit_file(
        ale,
        VALUES,
        OWN,
        "nolskolan: {2017: {T: 205.0}, 2018: {T: 203.0}, 2019: {T: 200.0}, "
        "2020: {T: 198.5, K: 211.0, M: 186.4}}",
    )
    [message] = found(ale, "MK405")
    assert "föreslår röd" in message
    assert "N15505 (enhetens egna utfall) senaste utfall 198,5 (2020), målvärde 235 år 2030" in (
        message
    )
