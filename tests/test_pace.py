"""Vägen till 2030 (`model.pace`): the pace needed and the pace of the last three years,
the year the target is reached, the category and the step of the scale, on series whose
answers are worked out by hand below."""

from __future__ import annotations

import pytest

from malkoll.model import files as m
from malkoll.model.pace import pace, scale_step, suggestion


def definition(malvarde: dict[int, float], riktning: str = "hogre") -> m.IndikatorDefinition:
    return m.IndikatorDefinition.model_validate(
        {"id": "X1", "namn": "Testindikator", "riktning": riktning, "malvarde": malvarde}
    )


def values(series: dict[int, float | None]) -> m.IndikatorVarden:
    return m.IndikatorVarden.model_validate(
        {"indikator": "X1", "utfall": {y: {"T": t} for y, t in series.items()}}
    )


def test_on_pace():
    """Target 100 in 2030; 70, 73, 76, 79 in 2017–2020. Needed (100 − 79) / (2030 − 2020)
    = 2.1 a year; recent (79 − 70) / (2020 − 2017) = 3.0; reached 2020 + ⌈21 / 3⌉ = 2027,
    before 2030: on pace, category 0."""
    p = pace(
        definition({2020: 80, 2030: 100}), values({2017: 70, 2018: 73, 2019: 76, 2020: 79}), 2020
    )
    assert p is not None
    assert (p.malar, p.malvarde, p.senaste_ar, p.senaste) == (2030, 100, 2020, 79)
    assert p.behovd_takt == pytest.approx(2.1)
    assert (p.fran_ar, p.fran, p.utfall_i_fonstret) == (2017, 70, 4)
    assert p.takt == pytest.approx(3.0)
    assert p.nas_ar == 2027
    assert (p.skal, p.kategori, p.har_data) == ("i takt", 0, True)


def test_too_slow():
    """70, 71, 72, 73: needed (100 − 73) / 10 = 2.7; recent (73 − 70) / 3 = 1.0; reached
    2020 + ⌈27 / 1⌉ = 2047, after 2030: too slow, category 1."""
    p = pace(definition({2030: 100}), values({2017: 70, 2018: 71, 2019: 72, 2020: 73}), 2020)
    assert p is not None
    assert p.behovd_takt == pytest.approx(2.7)
    assert p.takt == pytest.approx(1.0)
    assert p.nas_ar == 2047
    assert (p.skal, p.kategori) == ("för långsamt", 1)


def test_wrong_way():
    """80, 78, 77, 74: recent (74 − 80) / 3 = −2.0 a year while higher is better: wrong
    way, never reached at today's pace, category 2."""
    p = pace(definition({2030: 100}), values({2017: 80, 2018: 78, 2019: 77, 2020: 74}), 2020)
    assert p is not None
    assert p.behovd_takt == pytest.approx(2.6)
    assert p.takt == pytest.approx(-2.0)
    assert p.nas_ar is None
    assert (p.skal, p.kategori) == ("fel håll", 2)


def test_flat_is_the_wrong_way():
    """75, 76, 74, 75: recent (75 − 75) / 3 = 0: no change is not the better direction."""
    p = pace(definition({2030: 100}), values({2017: 75, 2018: 76, 2019: 74, 2020: 75}), 2020)
    assert p is not None
    assert p.takt == 0
    assert p.nas_ar is None
    assert (p.skal, p.kategori) == ("fel håll", 2)


def test_target_already_met():
    """101 in 2020 meets 100 (≥, higher is better), however the recent years went:
    reached in 2020, category 0; the needed pace is (100 − 101) / 10 = −0.1."""
    p = pace(definition({2030: 100}), values({2017: 103, 2018: 102, 2019: 102, 2020: 101}), 2020)
    assert p is not None
    assert p.behovd_takt == pytest.approx(-0.1)
    assert p.takt == pytest.approx(-2 / 3)
    assert p.nas_ar == 2020
    assert (p.skal, p.kategori) == ("nått", 0)


def test_exactly_on_target_is_met():
    p = pace(definition({2030: 100}), values({2019: 100, 2020: 100}), 2020)
    assert p is not None
    assert p.skal == "nått"


def test_too_few_years():
    """Two outcomes (2019: 70, 2020: 72) in the window 2017–2020: no recent pace, `inga
    data` (category 2), the needed pace (100 − 72) / 10 = 2.8 all the same."""
    p = pace(definition({2030: 100}), values({2019: 70, 2020: 72}), 2020)
    assert p is not None
    assert p.behovd_takt == pytest.approx(2.8)
    assert (p.takt, p.fran_ar, p.nas_ar, p.utfall_i_fonstret) == (None, None, None, 2)
    assert (p.skal, p.kategori, p.har_data, p.for_fa_ar) == ("inga data", 2, False, True)


def test_no_outcome_and_no_target():
    p = pace(definition({2030: 100}), None, 2020)
    assert p is not None
    assert (p.senaste, p.behovd_takt, p.takt, p.skal, p.for_fa_ar) == (
        None,
        None,
        None,
        "inga data",
        False,
    )
    empty = pace(definition({2030: 100}), values({2020: None}), 2020)
    assert empty is not None
    assert empty.skal == "inga data"
    assert empty.senaste is None
    assert pace(definition({}), values({2019: 1, 2020: 2}), 2020) is None


def test_lower_is_better_and_exact_years():
    """Lower is better, target 4 in 2030; 7.0, 6.7, 6.5, 6.1. Needed (4 − 6.1) / 10 =
    −0.21; recent (6.1 − 7.0) / 3 = −0.3 (the better way); reached 2020 + ⌈(4 − 6.1) /
    −0.3⌉ = 2020 + ⌈7⌉ = 2027. In floating point (4 − 6.1) · 3 / (6.1 − 7.0) is a hair
    above 7, which would give 2028: the years are computed on the figures as written."""
    p = pace(
        definition({2020: 6, 2030: 4}, "lagre"),
        values({2017: 7.0, 2018: 6.7, 2019: 6.5, 2020: 6.1}),
        2020,
    )
    assert p is not None
    assert p.behovd_takt == pytest.approx(-0.21)
    assert p.takt == pytest.approx(-0.3)
    assert p.nas_ar == 2027
    assert (p.skal, p.kategori) == ("i takt", 0)
    rising = pace(definition({2030: 4}, "lagre"), values({2018: 6.0, 2019: 6.2, 2020: 6.4}), 2020)
    assert rising is not None
    assert rising.skal == "fel håll"
    met = pace(definition({2030: 4}, "lagre"), values({2018: 3.0, 2019: 3.5, 2020: 4.0}), 2020)
    assert met is not None
    assert met.skal == "nått"


def test_target_year_passed():
    """Target 90 for 2018 (the latest year in malvarde), 86 in 2020: the target year is
    not after the latest outcome's and the target is not met. No needed pace; the recent
    pace (86 − 80) / 3 = 2 would reach it 2020 + ⌈4 / 2⌉ = 2022, after its year."""
    p = pace(
        definition({2015: 70, 2018: 90}), values({2017: 80, 2018: 82, 2019: 84, 2020: 86}), 2020
    )
    assert p is not None
    assert p.malar == 2018
    assert p.behovd_takt is None
    assert p.takt == pytest.approx(2.0)
    assert p.nas_ar == 2022
    assert (p.skal, p.kategori) == ("målåret har passerats", 2)
    reached = pace(definition({2018: 90}), values({2017: 80, 2019: 88, 2020: 91}), 2020)
    assert reached is not None
    assert reached.skal == "nått"
    same_year = pace(definition({2020: 90}), values({2018: 80, 2019: 84, 2020: 86}), 2020)
    assert same_year is not None
    assert same_year.skal == "målåret har passerats"


def test_missing_years_in_the_window():
    """2018 missing: 2017: 70, 2019: 74, 2020: 76 are three outcomes in the window, recent
    (76 − 70) / 3 = 2.0, reached 2020 + ⌈24 / 2⌉ = 2032: too slow. Without 2017 (2018: 70,
    2019: 72, 2020: 74) the earliest is 2018: (74 − 70) / 2 = 2.0. An outcome before the
    window (2015) does not count: 2015, 2019 and 2020 are too few."""
    gap = pace(definition({2030: 100}), values({2017: 70, 2019: 74, 2020: 76}), 2020)
    assert gap is not None
    assert (gap.fran_ar, gap.fran, gap.utfall_i_fonstret) == (2017, 70, 3)
    assert gap.takt == pytest.approx(2.0)
    assert gap.nas_ar == 2032
    assert gap.skal == "för långsamt"
    late = pace(definition({2030: 100}), values({2018: 70, 2019: 72, 2020: 74}), 2020)
    assert late is not None
    assert (late.fran_ar, late.takt, late.nas_ar) == (2018, pytest.approx(2.0), 2033)
    old = pace(definition({2030: 100}), values({2015: 50, 2019: 72, 2020: 74}), 2020)
    assert old is not None
    assert (old.utfall_i_fonstret, old.takt, old.skal) == (2, None, "inga data")


def test_the_latest_outcome_is_up_to_the_reports_year():
    """In 2019's report the 2020 outcome does not count: the latest is 2019's 76, the
    window 2016–2019 holds 70, 73, 76 (2017–2019), recent (76 − 70) / 2 = 3.0, needed
    (100 − 76) / (2030 − 2019) = 24 / 11, reached 2019 + ⌈24 / 3⌉ = 2027."""
    p = pace(definition({2030: 100}), values({2017: 70, 2018: 73, 2019: 76, 2020: 50}), 2019)
    assert p is not None
    assert (p.senaste_ar, p.senaste, p.fran_ar) == (2019, 76, 2017)
    assert p.takt == pytest.approx(3.0)
    assert p.behovd_takt == pytest.approx(24 / 11)
    assert p.nas_ar == 2027


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (1, [0, 0, 0]),  # the only step
        (2, [0, 1, 1]),  # too slow is not the best of two
        (3, [0, 1, 2]),  # grön, gul, röd
        (4, [0, 1, 3]),  # too slow: the second of four
        (5, [0, 2, 4]),  # too slow: the middle of five
    ],
)
def test_scale_mapping(steps: int, expected: list[int]):
    assert [scale_step(category, steps) for category in (0, 1, 2)] == expected


def _of(*reasons: str) -> list:
    """Paces with the given reasons (the rest of their figures do not matter here)."""
    series = {
        "i takt": {2017: 70, 2018: 73, 2019: 76, 2020: 79},
        "nått": {2018: 100, 2019: 100, 2020: 101},
        "för långsamt": {2017: 70, 2018: 71, 2019: 72, 2020: 73},
        "fel håll": {2017: 80, 2018: 78, 2019: 77, 2020: 74},
        "inga data": {2020: 70},
    }
    out = []
    for reason in reasons:
        p = pace(definition({2030: 100}), values(series[reason]), 2020)
        assert p is not None
        assert p.skal == reason
        out.append(p)
    return out


def test_the_median_of_the_indicators_with_data():
    """Categories 0, 2, 2 → 2; 0, 2 → 2 (the worse middle, as the summarised assessment
    of the nämnder); 0, 1, 2, 2 → 2 (sorted 0 1 2 2, the worse middle is 2); 0, 0, 1, 2 →
    1; an indicator without data does not count; none with data → None."""
    assert suggestion(_of("i takt", "fel håll", "fel håll")) == 2
    assert suggestion(_of("i takt", "fel håll")) == 2
    assert suggestion(_of("nått", "för långsamt", "fel håll", "fel håll")) == 2
    assert suggestion(_of("nått", "i takt", "för långsamt", "fel håll")) == 1
    assert suggestion(_of("nått", "i takt")) == 0
    assert suggestion(_of("för långsamt")) == 1
    assert suggestion(_of("inga data", "inga data", "i takt")) == 0
    assert suggestion(_of("inga data", "fel håll")) == 2
    assert suggestion(_of("inga data")) is None
    assert suggestion([]) is None
