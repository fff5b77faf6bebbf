"""Hostile input and a new user's first steps: every word Swedish, the folder option the
same everywhere, years bounded, writers that never replace or follow a path, output that
a value cannot forge or take over, and a summary that adds up."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from helpers import EXAMPLES, build_repo
from malkoll.cli.root import app
from malkoll.model import kinds

DAY = "2026-05-10"
_NO_FIFO = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")

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
    ["validera", "a", "-C"],
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
    assert "Menade du 'validera'" in err  # the nearest first ('kalender' may follow)
    _, _, err = cli("validera", "--ar", "x")
    assert "Fel: Ogiltigt värde för '--ar': 'x' är inte ett heltal." in err


def test_an_empty_file_is_described_in_swedish(tmp_path):
    """The hint for an empty file was a model's English docstring, also in JSON."""
    from malkoll.reading import schema

    for model in (k.model for k in kinds.KINDS):
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
    from malkoll.cli import common as cli_common
    from malkoll.model import repository as repo

    assert (cli_common.FIRST_YEAR, cli_common.LAST_YEAR) == (repo.FIRST_YEAR, repo.LAST_YEAR)
    from malkoll.model.files import Plan

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


# --- 4b. writers: YAML that reads back, and never over anything ----------------------------

HOSTILE_NAMES = [
    'Sankt "Olof"',
    "Ale: kommun",
    "Ale #1",
    "{Ale}",
    "[Ale]",
    "-Ale",
    "- Ale",
    "*Ale",
    "&Ale",
    "!Ale",
    "%Ale",
    "@Ale",
    "`Ale`",
    "|",
    ">",
    "? Ale",
    "Ale, Lilla Edet",
    "null",
    "yes",
    "No",
    "on",
    "~",
    "2020",
    "1e3",
    "2020-01-01",
    " Ale ",
    "Ale\\n",
    "O'Neil",
    "Ale kommun",
    "Upplands-Bro",
    "Åre",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_kommun_reads_back_as_written(tmp_path, name):
    from malkoll.reading.load import load

    root = tmp_path / "ny"
    status, out, _ = cli("init", str(root), "--kommun", name, "--idag", DAY)
    assert status == 0, out
    assert yaml.safe_load((root / "malkoll.yaml").read_text(encoding="utf-8"))["kommun"] == name
    assert load(root).installningar.kommun == name
    status, out, _ = cli("validera", str(root), "--idag", DAY)
    assert (status, out.splitlines()[-1]) == (0, f"Inga fel eller varningar i {_files(root)}.")


def _files(root: Path) -> str:
    from malkoll.reading.walk import discover

    return f"{len(discover(root)[0])} filer"


@pytest.mark.parametrize(
    "name",
    ["Ale\u2028kommun", "Ale\x1b]0;x\x07", "Ale\x85", "Ale\nkommun", "Ale\tx", "\u202eelA", ""],
)
def test_an_unreadable_kommun_is_refused_in_swedish(tmp_path, name):
    root = tmp_path / "ny"
    status, _, err = cli("init", str(root), "--kommun", name)
    assert status == 2
    assert err.startswith("malkoll: Kommunens namn (--kommun) ")
    assert "\x1b" not in err
    assert "\u2028" not in err
    assert not root.exists()


@given(st.text())
def test_yaml_quote_reads_back_as_the_same_text(text):
    from malkoll.writers.yamlwrite import dump, quote

    assert "\n" not in quote(text)
    assert yaml.safe_load(f"a: {quote(text)}") == {"a": text}
    assert yaml.safe_load(f"{{a: {quote(text)}, b: [{quote(text)}]}}") == {"a": text, "b": [text]}
    assert yaml.safe_load(dump({"a": text, "b": [text]}, header=text)) == {"a": text, "b": [text]}


def _taken(path: Path, kind: str, outside: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "dangling":
        path.symlink_to(outside / "nowhere.yaml")
    elif kind == "link":
        (outside / "theirs.yaml").write_text("their own\n", encoding="utf-8")
        path.symlink_to(outside / "theirs.yaml")
    elif kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)


def _state(path: Path) -> tuple[int, str | None]:
    mode = path.lstat().st_mode
    return mode, str(path.readlink()) if path.is_symlink() else None


TAKEN = ["dangling", "link", "folder", pytest.param("fifo", marks=_NO_FIFO)]


@pytest.mark.parametrize("kind", TAKEN)
def test_nytt_ar_never_replaces_what_is_there(tmp_path, kind):
    """A dangling link a person made where next year's årshjul goes stays as it is."""
    root = build_repo(tmp_path / "r")
    outside = tmp_path / "outside"
    outside.mkdir()
    target = root / "2021" / "arshjul.yaml"
    _taken(target, kind, outside)
    before = _state(target)
    status, out, _ = cli("nytt-ar", "2021", "-C", str(root))
    assert status == 0, out
    assert "Fanns redan: 2021/arshjul.yaml (filen finns)" in out
    assert _state(target) == before
    assert sorted(p.name for p in outside.iterdir()) == (["theirs.yaml"] if kind == "link" else [])
    if kind == "link":
        assert (outside / "theirs.yaml").read_text(encoding="utf-8") == "their own\n"


@pytest.mark.parametrize("kind", TAKEN)
def test_init_never_replaces_what_is_there(tmp_path, kind):
    root = tmp_path / "ny"
    outside = tmp_path / "outside"
    outside.mkdir()
    target = root / "organisation.yaml"
    _taken(target, kind, outside)
    before = _state(target)
    status, out, _ = cli("init", str(root), "--idag", DAY)
    assert status == 0, out
    assert "  organisation.yaml" in out.split("orörda:")[1]
    assert _state(target) == before
    assert sorted(p.name for p in outside.iterdir()) == (["theirs.yaml"] if kind == "link" else [])


@pytest.mark.parametrize("command", ["init", "nytt-ar"])
def test_writers_never_write_through_a_linked_folder(tmp_path, command):
    outside = tmp_path / "outside"
    outside.mkdir()
    if command == "init":
        root = tmp_path / "ny"
        root.mkdir()
        (root / ".github").symlink_to(outside, target_is_directory=True)
        args = ["init", str(root), "--idag", DAY]
    else:
        root = build_repo(tmp_path / "r")
        (root / "2021").symlink_to(outside, target_is_directory=True)
        args = ["nytt-ar", "2021", "-C", str(root)]
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    status, _, err = cli(*args)
    assert status == 2
    assert "är en symbolisk länk, inte en mapp" in err
    assert list(outside.iterdir()) == []
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before  # all or nothing


def test_the_create_primitive_is_all_or_nothing(tmp_path):
    from malkoll import atomic

    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "c.yaml").symlink_to(tmp_path / "nowhere")
    files = {tmp_path / "a.yaml": "a\n", tmp_path / "b" / "c.yaml": "c\n", tmp_path / "d/e": "e"}
    with pytest.raises(atomic.WriteRefused, match="där finns redan en symbolisk länk"):
        atomic.create(files, tmp_path)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["b", "c.yaml"]
    assert (tmp_path / "b" / "c.yaml").is_symlink()


def test_schema_replaces_its_own_files_and_nothing_else(tmp_path):
    from malkoll.writers.jsonschema import schema_file

    root = build_repo(tmp_path / "r")
    assert cli("schema", "-C", str(root))[0] == 0
    folder = root / ".malkoll" / "schema"
    plan = folder / schema_file("plan")
    plan.write_text("old\n", encoding="utf-8")
    assert cli("schema", "-C", str(root))[0] == 0
    assert plan.read_text(encoding="utf-8").startswith("{")
    theirs = tmp_path / "theirs.json"
    theirs.write_text("theirs\n", encoding="utf-8")
    plan.unlink()
    plan.symlink_to(theirs)
    status, _, err = cli("schema", "-C", str(root))
    assert status == 2
    assert "där finns redan en symbolisk länk" in err
    assert theirs.read_text(encoding="utf-8") == "theirs\n"


# --- 5. output: shown, never obeyed ---------------------------------------------------------

TAKEOVER = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u2028\u202e[bold]fet[/bold]"
"""Retitles the terminal, clears the screen, starts a C1 sequence, breaks a line where git
does not, reverses the text, and would be rich markup."""


def _hostile_result(tmp_path: Path):
    from malkoll.findings import Finding
    from malkoll.validate import Result

    forged = "x.yaml:1:1: fel MK999 Allt är fel"
    findings = [
        Finding(
            f"2020/plan/a\n{forged}.yaml",
            3,
            5,
            "MK105",
            "fel",
            f"Värdet {TAKEOVER} är fel: 50%, a:b\r\nc",
            f"Tips {TAKEOVER}",
            f"org{TAKEOVER}",
            "helar",
        ),
        Finding(f"\x1b[2J{TAKEOVER}.yaml", 1, 1, "MK110", "varning", "Fel\udcff.", "", None, None),
    ]
    return Result(tmp_path, findings, [f.path for f in findings]), findings


RAW = ("\x1b", "\x07", "\x9b", "\u2028", "\u202e", "\r", "\udcff")


@pytest.mark.parametrize("color", [False, True])
def test_text_output_escapes_what_a_value_would_do(tmp_path, color):
    from malkoll.formats import text

    result, _ = _hostile_result(tmp_path)
    out, _ = text(result, color=color)
    painted = re.sub(r"\x1b\[[0-9;]*m", "", out) if color else out
    for ch in RAW:
        assert ch not in painted, repr(ch)
    assert "[bold]fet[/bold]" in painted
    lines = painted.splitlines()
    assert len(lines) == 6  # head, hint; blank; head; blank; summary
    assert not any(line.startswith("x.yaml:1:1:") for line in lines)
    assert lines[0].startswith("2020/plan/a\\x0ax.yaml:1:1: fel MK999 Allt är fel.yaml:3:5: fel")
    out.encode("utf-8")


def test_github_output_escapes_values_and_workflow_command_properties(tmp_path):
    from malkoll.formats import github

    result, _ = _hostile_result(tmp_path)
    out, _ = github(result, prefix="")
    lines = out.splitlines()
    assert len(lines) == 2
    for ch in RAW:
        assert ch not in out, repr(ch)
    first = lines[0]
    props, message = first.split("::")[1], first.split("::", 2)[2]
    assert props.startswith("error file=2020/plan/a\\x0ax.yaml%3A1%3A1%3A fel MK999 Allt är fel")
    assert ",line=3,col=5,title=MK105 Fel typ eller värde" in props
    assert props.count(",") == 3
    assert "50%25" in message
    assert "%0ATips " in message  # the hint on a line of its own
    assert "\\x0d" in message  # a CR in the value is shown, not obeyed
    out.encode("utf-8")


@pytest.mark.parametrize("name", ["json", "gitlab", "sarif"])
def test_machine_formats_keep_the_real_strings_as_valid_json(tmp_path, name):
    from malkoll.formats import FORMATS

    result, findings = _hostile_result(tmp_path)
    out, _ = FORMATS[name](result)
    out.encode("utf-8")  # a lone surrogate is written as its escape
    for ch in RAW:
        assert ch not in out, repr(ch)
    doc = json.loads(out)
    if name == "json":
        assert sorted(x["fil"] for x in doc["fynd"]) == sorted(f.path for f in findings)
        first = next(x for x in doc["fynd"] if x["kod"] == "MK105")
        assert first["meddelande"] == findings[0].message
        assert first["tips"] == findings[0].hint
        assert first["organisation"] == findings[0].organisation
    elif name == "gitlab":
        assert {x["location"]["path"] for x in doc} == {f.path for f in findings}
    else:
        texts = {r["message"]["text"] for r in doc["runs"][0]["results"]}
        assert f"{findings[0].message}\n{findings[0].hint}" in texts


def test_validera_shows_a_hostile_file_name_and_value_as_escapes(tmp_path):
    root = build_repo(
        tmp_path / "r",
        files={
            "2020/plan/ny\nrad.yaml": "organisation: ingen\nar: 2020\n",
            "2020/plan/\x1b]0;titel\x07.yaml": "organisation: ingen2\nar: 2020\n",
        },
    )
    status, out, _ = cli("validera", str(root), "--idag", "2020-01-01")
    assert status == 1
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "2020/plan/ny\\x0arad.yaml:" in out
    assert not any(line.startswith("rad.yaml") for line in out.splitlines())
    assert "2020/plan/\\x1b]0;titel\\x07.yaml:" in out


def test_status_shows_markup_in_names_as_written(tmp_path):
    from malkoll.status.compute import status
    from malkoll.status.layout import text

    root = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", root, ignore=shutil.ignore_patterns("rapporter"))
    settings = root / "malkoll.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "kommun: Ale kommun", 'kommun: "[red]Ale[/red] [link=https://x.example]kommun"'
        ),
        encoding="utf-8",
    )
    organisation = root / "organisation.yaml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8").replace(
            "namn: Kommunstyrelsen", 'namn: "[bold]Kommunstyrelsen[/bold]"'
        ),
        encoding="utf-8",
    )
    shown = text(status(root, 2020, idag=dt.date(2020, 9, 20)), color=True, width=200)
    assert "[red]Ale[/red] [link=https://x.example]kommun 2020" in shown
    assert "[bold]Kommunstyrelsen[/bold]" in shown
    assert "\x1b]8;" not in shown  # no hyperlink made from a name


# --- 6. the summary adds up -----------------------------------------------------------------


def test_the_summary_never_has_more_files_with_findings_than_files(tmp_path):
    """Findings in files that were not read (strays, unreadable files) are counted among
    the files, so that `4 fel i 4 av 1 fil` cannot happen."""
    root = tmp_path / "r"
    root.mkdir()
    (root / "malkoll.yaml").write_text("kommun: Ale kommun\n", encoding="utf-8")
    for rel in ("2020/planer/x.yaml", "2020/planer/y.yaml", "2020/x.yaml"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x: 1\n", encoding="utf-8")
    _, out, _ = cli("validera", str(root), "--idag", "2020-01-01", "-f", "json")
    doc = json.loads(out)
    with_findings = {x["fil"] for x in doc["fynd"]}
    assert len(with_findings) >= 4
    assert doc["filer"] >= len(with_findings)
    _, out, _ = cli("validera", str(root), "--idag", "2020-01-01")
    match = re.search(r"i (\d+) av (\d+) (fil|filer)\.$", out.strip())
    assert match is not None, out
    assert int(match[1]) == len(with_findings)
    assert int(match[2]) == doc["filer"] == len(with_findings | {"malkoll.yaml"})
    assert match[3] == "filer"


def test_one_file_is_counted_as_one_fil(tmp_path):
    from malkoll.findings import Finding
    from malkoll.formats import summary
    from malkoll.validate import Result

    one = Finding("a.yaml", 1, 1, "MK105", "varning", "x")
    assert summary(Result(tmp_path, [one], [])) == "0 fel och 1 varning i 1 av 1 fil."
    assert summary(Result(tmp_path, [], ["a.yaml"])) == "Inga fel eller varningar i 1 fil."


def test_every_value_in_the_new_repositorys_yaml_goes_through_the_quoting_filter():
    """A value interpolated into a YAML template is `| q`, unless it is a number or a date
    malkoll computes (`ar`, a period's dates)."""
    from importlib import resources

    computed = re.compile(
        r"^(ar|ar - 1|h\.datum|h\.inlamning|\" \{\}\" if not passerade else \"\")$"
    )
    folder = resources.files("malkoll").joinpath("writers", "nytt_repo")
    seen = 0
    for template in folder.iterdir():
        if not template.name.endswith((".yaml.j2", ".yml.j2")):
            continue
        # What a raw block holds is written as it stands (GitHub's own `${{ … }}`).
        text = re.sub(r"\{% raw %\}.*?\{% endraw %\}", "", template.read_text("utf-8"), flags=re.S)
        for line in text.splitlines():
            if line.lstrip().startswith(("#", "{%")):
                continue
            for expr in re.findall(r"\{\{(.*?)\}\}", line.split(" #")[0]):
                expr = expr.strip()
                seen += 1
                assert expr.endswith("| q") or computed.match(expr), (template.name, line)
    assert seen > 20
