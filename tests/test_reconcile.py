"""MK512–MK514: the economy's figures said twice agree, and an ombudgetering has a reason
and moves no more than the year left unspent. The failing examples are the folder cases
tests/repos/fel/mk512-*, mk513-*, mk514-*; their fix is the base repository."""

from __future__ import annotations

from helpers import BASE, EXAMPLES, build_repo, check, edit_file

LINE = "      delar2: {utfall: 431000, periodbudget: 433000, prognos: -9000}"


def codes(root, flags="--idag 2021-03-01"):
    found = check(root, flags).findings
    return [x.code for x in found if x.code in {"MK512", "MK513", "MK514", "MK515"}]


def test_example_reconciles():
    """exempel/ale-2020 gives costs and income, last year and an ombudgetering: all agree."""
    assert codes(EXAMPLES / "ale-2020") == []


def test_costs_less_income_within_half_a_unit(tmp_path):
    """440 000 − 9 000,4 = 430 999,6: within half a unit of 431 000, the import's rounding."""
    root = build_repo(tmp_path / "r", BASE)
    edit_file(
        root,
        "2020/ekonomi.yaml",
        LINE,
        LINE[:-1] + ", kostnader: 440000, intakter: 9000.4}",
    )
    assert codes(root) == []
    edit_file(root, "2020/ekonomi.yaml", "intakter: 9000.4", "intakter: 8999")
    assert codes(root) == ["MK512"]


def test_units_that_sum_to_the_namnd(tmp_path):
    """bun's own ansvar and sektor-utb (directly under it) sum to bun's budget and outcome."""
    root = build_repo(tmp_path / "r", BASE)
    edit_file(
        root,
        "2020/ekonomi.yaml",
        "investeringar:",
        "    enheter:\n"
        "      - {organisation: bun, budget: 50000, perioder: {helar: {utfall: 53000}}}\n"
        "      - {organisation: sektor-utb, budget: 600000, perioder: {helar: {utfall: 605000}}}\n"
        "investeringar:",
    )
    assert codes(root) == []
    edit_file(root, "2020/ekonomi.yaml", "budget: 600000", "budget: 601000")
    found = [x for x in check(root, "--idag 2021-03-01").findings if x.code == "MK512"]
    assert [x.message for x in found] == [
        "Enheternas budget är tillsammans 651\xa0000 tkr, men nämndens är 650\xa0000 tkr "
        "(Barn- och ungdomsnämnden)."
    ]


def test_ombudgetering_with_a_reason_within_what_is_left(tmp_path):
    """45 000 − 41 800 = 3 200 is left: asking 3 200 with a reason is fine, 3 201 is not."""
    root = build_repo(tmp_path / "r", BASE)
    edit_file(
        root,
        "2020/ekonomi.yaml",
        "    kommentar: Klar i oktober.",
        "    ombudgetering: {belopp: 3200, motivering: Utemiljön anläggs 2021.}\n"
        "    kommentar: Klar i oktober.",
    )
    assert codes(root) == []
    edit_file(root, "2020/ekonomi.yaml", "belopp: 3200", "belopp: 3201")
    assert codes(root) == ["MK514"]
    edit_file(root, "2020/ekonomi.yaml", ", motivering: Utemiljön anläggs 2021.", "")
    assert codes(root) == ["MK513", "MK514"]


def test_before_the_annual_report_the_forecast_says_what_is_left(tmp_path):
    """Before the year's outcome, the latest forecast (46 000) leaves −1 000: nothing to move."""
    root = build_repo(tmp_path / "r", BASE)
    edit_file(
        root,
        "2020/ekonomi.yaml",
        "    utfall: {helar: 41800}",
        "    prognos: {delar2: 46000}\n    ombudgetering: {belopp: 500, motivering: Försenad.}",
    )
    assert codes(root, "--idag 2020-10-01") == ["MK514"]


def test_the_five_year_overview_says_the_years_result(tmp_path):
    """Ale 2020: −1 671 620 + 1 372 400 + 453 600 − 59 480 − 10 900 = 84 000 tkr, which
    the overview writes 84,0 mnkr. Raise a nämnd's outcome by 500 tkr (as a new import
    would) and the result is 83 500 tkr: 84,0 is then a warning until it reads 83,5."""
    root = build_repo(tmp_path / "r", EXAMPLES / "ale-2020")
    assert codes(root) == []
    edit_file(
        root,
        "2020/ekonomi.yaml",
        "helar:  {utfall: 115600,",
        "helar:  {utfall: 116100,",
    )
    found = [x for x in check(root, "--idag 2021-03-01").findings if x.code == "MK515"]
    assert [x.message for x in found] == [
        "Femårsöversikten säger att årets resultat 2020 är 84,0 mnkr, men resultatet är "
        "83\xa0500 tkr (nämnderna i ekonomi.yaml och raderna i bokslut.yaml)."
    ]
    assert found[0].path == "2020/bokslut.yaml"
    edit_file(root, "2020/bokslut.yaml", "2020: 84.0}", "2020: 83.5}")
    assert "MK515" not in [x.code for x in check(root, "--idag 2021-03-01").findings]


def test_a_five_year_row_with_matt_is_its_measure(tmp_path):
    """Ale 2020's Nettokostnadsandel row has `matt: nettokostnadsandel_finansnetto`:
    (1 671 620 + 59 480 + 10 900) / (1 372 400 + 453 600) = 1 742 000 / 1 826 000 = 95,40 %,
    as written. 12 000 tkr more on a nämnd (a new import) makes it 1 754 000 / 1 826 000 =
    96,06 %: 95,4 is then a warning at the year's value until it reads 96.1."""
    root = build_repo(tmp_path / "r", EXAMPLES / "ale-2020")
    edit_file(root, "2020/ekonomi.yaml", "helar:  {utfall: 115600,", "helar:  {utfall: 127600,")
    found = [x for x in check(root, "--idag 2021-03-01").findings if x.code == "MK515"]
    share = next(x for x in found if "Nettokostnadsandel" in x.message)
    assert share.message == (
        "Femårsöversikten säger att Nettokostnadsandel 2020 är 95,4 %, men malkoll räknar "
        "fram 96,06 % (verksamhetens nettokostnad och finansnettot i procent av "
        "skatteintäkter och generella statsbidrag)."
    )
    assert share.hint.startswith("Skriv 96.1 under varden.2020")
    assert (share.path, share.line) == ("2020/bokslut.yaml", 60)
    edit_file(root, "2020/bokslut.yaml", "2019: 98.1, 2020: 95.4}", "2019: 98.1, 2020: 96.1}")
    found = [x for x in check(root, "--idag 2021-03-01").findings if x.code == "MK515"]
    assert not [x for x in found if "Nettokostnadsandel" in x.message]
