"""Hostile input and a new user's first steps: every word Swedish, the folder option the
same everywhere, years bounded, writers that never replace or follow a path, output that
a value cannot forge or take over, and a summary that adds up."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from helpers import build_repo
from malkoll.cli import app

DAY = "2026-05-10"

ENGLISH = re.compile(
    r"\b(Usage|Error|Show|Try|Missing|Invalid|Got|Did you mean|Possible|No such|"
    r"requires|unexpected|option|options|argument|arguments|integer|valid|Input should|"
    r"Value error|not one of|COMMAND|ARGS|OPTIONS|path|str|int|bool|help\.|exit|message)\b"
)
"""English that click, typer or pydantic would write. Case matters: `Argument:` is the
Swedish heading, `argument` would be click's `Missing argument`."""


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def english_in(text: str) -> list[str]:
    # Flags, commands and values the user typed are not words of the message.
    plain = re.sub(r"(?<![\w-])--?[\w-]+|'[^']*'|`[^`]*`", "", text)
    return ENGLISH.findall(plain)


# --- 1. every word Swedish -----------------------------------------------------------------

USAGE_ERRORS = [
    ["validera", "--x"],
    ["validera", "--ar", "x"],
    ["validera", "--ar", "1.5"],
    ["validera", "--formt", "json"],
    ["validera", "--format", "x"],
    ["validera", "--format"],
    ["validera", "--idag", "igår"],
    ["validera", "a", "b"],
    ["validera", "--strikt=1"],
    ["rapport"],
    ["rapport", "2020", "extra"],
    ["rapport", "tjugo"],
    ["regler", "--markdown=ja"],
    ["status", "-f", "x"],
    ["status", "--nope"],
    ["nytt-ar"],
    ["init", "--kommun"],
    ["init", "--ar", "x"],
    ["schema", "--ut"],
    ["kolada", "x"],
    ["kolada", "hamt"],
    ["kolada", "hamta", "--ar", "x"],
    ["kolada", "sok"],
    ["valider"],
    ["--versio"],
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=" ".join)
def test_usage_errors_are_swedish(args):
    """click's `Usage:`, `Try ... for help.`, `Error: No such option`, `Missing argument`,
    `Got unexpected extra argument`, `Did you mean` and pydantic's `Input should be a valid
    integer` are all Swedish, and still exit 2."""
    status, out, err = cli(*args)
    assert status == 2
    assert "Fel: " in err, err
    assert english_in(out + err) == [], out + err


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        *(
            [command, "--help"]
            for command in ("validera", "rapport", "regler", "init", "schema", "status")
        ),
        ["nytt-ar", "--help"],
        ["kolada", "--help"],
        ["kolada", "hamta", "--help"],
        ["kolada", "sok", "--help"],
    ],
    ids=" ".join,
)
def test_help_is_swedish(args):
    """The usage line, the headings, the metavars and `--help` itself."""
    status, out, _ = cli(*args)
    assert status == 0
    assert out.startswith("Användning: malkoll")
    assert "[FLAGGOR]" in out
    assert "Visa den här hjälpen och avsluta." in out
    assert english_in(out) == [], out


def test_no_arguments_show_the_help_in_swedish():
    _, out, err = cli()
    assert "Användning: malkoll [FLAGGOR] KOMMANDO [ARGUMENT]..." in out + err
    assert english_in(out + err) == []


def test_a_wrong_choice_names_the_choices_and_suggests():
    _, _, err = cli("validera", "--formt", "json")
    assert "Fel: Flaggan --formt finns inte. Menade du --format?" in err
    _, _, err = cli("valider")
    assert "Menade du 'validera'?" in err
    _, _, err = cli("validera", "--ar", "x")
    assert "Fel: Ogiltigt värde för '--ar': 'x' är inte ett heltal." in err


def test_an_empty_file_is_described_in_swedish(tmp_path):
    """The hint for an empty file was a model's English docstring, also in JSON."""
    from malkoll import models, schema

    for model in models.FILE_MODELS.values():
        hint = schema._root_hint(model)
        assert hint[:1].isupper()
        assert hint.endswith(".")
        assert english_in(hint) == []
        assert " the " not in hint
    root = build_repo(tmp_path / "r", files={"2020/plan/tom.yaml": ""})
    _, out, _ = cli("validera", str(root), "--format", "json", "--idag", "2020-01-01")
    found = [x for x in json.loads(out)["fynd"] if x["fil"] == "2020/plan/tom.yaml"]
    assert found[0]["meddelande"] == "Filen är tom."
    assert found[0]["tips"] == "En organisations plan och uppföljning för ett år."


# --- 2. the folder: an argument where there is one, and -C everywhere ---------------------


def test_validera_and_init_take_the_folder_either_way(tmp_path):
    root = build_repo(tmp_path / "r")
    by_argument = cli("validera", str(root), "--idag", "2020-01-01")
    by_option = cli("validera", "-C", str(root), "--idag", "2020-01-01")
    by_long = cli("validera", "--katalog", str(root), "--idag", "2020-01-01")
    assert by_argument == by_option == by_long
    assert by_argument[0] == 0
    same = cli("validera", str(root), "-C", str(root), "--idag", "2020-01-01")
    assert same == by_argument

    status, out, _ = cli("init", "-C", str(tmp_path / "ny"), "--idag", DAY)
    assert status == 0, out
    assert (tmp_path / "ny" / "malkoll.yaml").is_file()
    assert cli("validera", "-C", str(tmp_path / "ny"), "--idag", DAY)[0] == 0


@pytest.mark.parametrize("command", ["validera", "init"])
def test_two_different_folders_are_one_usage_error(tmp_path, command):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    status, _, err = cli(command, str(tmp_path / "a"), "-C", str(tmp_path / "b"))
    assert status == 2
    assert err.count("Fel: ") == 1
    assert "Mappen anges två gånger" in err
    assert english_in(err) == []
    assert list((tmp_path / "a").iterdir()) == list((tmp_path / "b").iterdir()) == []


@pytest.mark.parametrize(
    "command", ["validera", "rapport 2020", "status", "nytt-ar 2021", "schema", "kolada hamta"]
)
def test_every_repository_command_takes_minus_c(command):
    status, out, _ = cli(*command.split(), "--help")
    assert status == 0
    assert "-C, --katalog MAPP" in out


# --- 3. singular and plural ----------------------------------------------------------------


def test_one_file_is_one_fil(tmp_path):
    """`1 filer skapade`: nytt-ar that has a single file left to make."""
    root = build_repo(tmp_path / "r")
    status, out, _ = cli("nytt-ar", "2021", "-C", str(root))
    assert status == 0, out
    (root / "2021" / "arshjul.yaml").unlink()
    status, out, _ = cli("nytt-ar", "2021", "-C", str(root))
    assert status == 0
    assert "1 fil skapad för 2021." in out
    assert not re.search(r"\b1 (filer|varningar|kontroller|fynd|organisationer)\b", out)


def test_a_draft_report_counts_one_warning_as_one(tmp_path, monkeypatch):
    class Result:
        errors, warnings = 0, 1

    class Built:
        files = ()
        draft = True
        result = Result()

    monkeypatch.setattr("malkoll.report.rapport", lambda *a, **k: Built())
    status, out, _ = cli("rapport", "2020", "-C", str(build_repo(tmp_path / "r")))
    assert status == 0
    assert "0 fel och 1 varning återstår" in out


# --- 4a. years ------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["0", "-1", "1899", "2201", "99999"])
def test_a_year_out_of_range_is_a_usage_error_and_writes_nothing(tmp_path, year):
    target = tmp_path / "ny"
    for args in (
        ["init", str(target), "--ar", year],
        ["nytt-ar", "--", year, "-C", str(tmp_path)] if year.startswith("-") else [],
        ["nytt-ar", year, "-C", str(tmp_path)],
        ["rapport", year, "-C", str(tmp_path)],
        ["status", year, "-C", str(tmp_path)],
        ["validera", str(tmp_path), f"--ar={year}"],
    ):
        if not args:
            continue
        status, out, err = cli(*args)
        assert status == 2, (args, out, err)
        assert "Fel: " in err
        assert "Traceback" not in out + err
        assert english_in(err) == [], err
        assert not target.exists()
    _, _, err = cli("init", str(target), "--ar", year)
    if year.lstrip("-").isdigit() and not year.startswith("-"):
        assert f"{year} är inte ett år mellan 1900 och 2200." in err


def test_the_cli_knows_the_same_years_as_the_models():
    from malkoll import cli_common, repo

    assert (cli_common.FIRST_YEAR, cli_common.LAST_YEAR) == (repo.FIRST_YEAR, repo.LAST_YEAR)
    from malkoll.models import Plan

    field = Plan.model_fields["ar"]
    bounds = {type(m).__name__: m for m in field.metadata}
    assert bounds["Ge"].ge == cli_common.FIRST_YEAR
    assert bounds["Le"].le == cli_common.LAST_YEAR


def test_the_edges_of_the_range_are_years(tmp_path):
    for year in ("1900", "2200"):
        target = tmp_path / year
        status, out, _ = cli("init", str(target), "--ar", year, "--idag", f"{year}-06-01")
        assert status == 0, out
        assert cli("validera", str(target), "--idag", f"{year}-06-01")[0] == 0
