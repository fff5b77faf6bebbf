"""`malkoll validera` answered from the cache (`cli/replay.py`): never a different answer
from a full check. Run as a new process, as a person, a pre-commit hook or CI runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXAMPLES
from malkoll.cli import plain
from malkoll.cli.validera import validera as command

PLAN = "2020/plan/un/nolskolan.yaml"
pytestmark = pytest.mark.skipif(
    os.environ.get("MALKOLL_TEST_CACHE") == "av", reason="the cache is off in this run"
)


@pytest.fixture
def repo(tmp_path):
    target = tmp_path / "utkast"  # a follow-up half written: many findings
    shutil.copytree(
        EXAMPLES / "ale-2020-utkast", target, ignore=shutil.ignore_patterns(".malkoll-*")
    )
    return target


def run(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MALKOLL_", "GITHUB_"))}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "malkoll", "validera", str(repo), "--idag", "2021-03-01", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def results(repo: Path) -> list[Path]:
    return sorted((repo / ".malkoll-cache" / "resultat").glob("*"))


def same(a: subprocess.CompletedProcess, b: subprocess.CompletedProcess) -> bool:
    return (a.stdout, a.stderr, a.returncode) == (b.stdout, b.stderr, b.returncode)


def test_an_unchanged_repository_is_answered_from_the_cache(repo):
    first = run(repo)
    reads = repo / ".malkoll-cache" / "lasningar.bin"
    written = reads.stat().st_mtime_ns
    second = run(repo)
    assert same(first, second)
    assert first.returncode == 1
    assert "MK301" in first.stdout
    assert len(results(repo)) == 1
    assert reads.stat().st_mtime_ns == written  # the second run read nothing: a replay


def test_a_changed_file_is_checked_again_even_with_its_old_size_and_time(repo):
    run(repo)
    plan = repo / PLAN
    before = plan.stat()
    text = plan.read_text(encoding="utf-8")
    changed = text.replace("bedomning: gul", "bedomning: blå", 1)  # å: one byte longer
    changed = changed.replace("bedomning: rod", "bedomning: ro", 1)  # one shorter
    assert len(changed.encode()) == len(text.encode())
    assert changed != text
    plan.write_text(changed, encoding="utf-8")
    os.utime(plan, ns=(before.st_atime_ns, before.st_mtime_ns))  # as if never touched
    after = run(repo)
    assert "blå" in after.stdout
    fresh = run(repo, env={"MALKOLL_UTAN_CACHE": "1"})
    assert same(after, fresh)


def test_options_and_formats_are_answered_each_for_themselves(repo):
    text, json, strict = run(repo), run(repo, "--format", "json"), run(repo, "--strikt")
    assert text.stdout != json.stdout
    assert json.stdout.lstrip().startswith("{")
    again = [run(repo), run(repo, "--format", "json"), run(repo, "--strikt")]
    assert all(same(a, b) for a, b in zip([text, json, strict], again, strict=True))
    other_day = run(repo, "--idag", "2020-01-15")  # the last --idag wins
    assert not same(other_day, text)


def test_a_new_file_and_a_link_out_are_seen(repo, tmp_path):
    run(repo)
    (repo / "2020" / "planer").mkdir()
    (repo / "2020" / "planer" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    assert "MK107" in run(repo).stdout
    outside = tmp_path / "hemlig.yaml"
    outside.write_text("organisation: ks\n", encoding="utf-8")
    (repo / "2020" / "plan" / "ks" / "lank.yaml").symlink_to(outside)
    assert "MK110" in run(repo).stdout


def test_a_damaged_or_forged_entry_is_ignored(repo):
    first = run(repo)
    (entry,) = results(repo)
    blob = entry.read_bytes()
    entry.write_bytes(blob[:-10] + b"x" * 10)
    assert same(run(repo), first)
    (entry,) = results(repo)
    entry.write_bytes(blob[:4] + bytes(32) + blob[36:])  # a checksum made without the key
    assert same(run(repo), first)


def test_the_github_summary_is_written_on_a_replay_too(repo, tmp_path):
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    first = run(repo, env=env)
    once = summary.read_text(encoding="utf-8")
    second = run(repo, env=env)
    assert same(first, second)
    assert "::error" in first.stdout
    assert summary.read_text(encoding="utf-8") == once * 2


@pytest.mark.parametrize("name", sorted(plain.SPECS))
def test_the_plain_reader_knows_every_option_of_the_command(name):
    """The plain reader must know which options take a value, or it would take a value for
    the folder or the year; an option it does not know goes to typer."""
    import typer.main

    from malkoll.cli import rapport as rapport_command

    callback = {"validera": command, "rapport": rapport_command.rapport}[name]
    params = typer.main.get_command_from_info(
        typer.models.CommandInfo(callback=callback),
        pretty_exceptions_short=False,
        rich_markup_mode=None,
    ).params
    options = [p for p in params if any(o.startswith("-") for o in p.opts)]
    takes_value = {o for p in options if not getattr(p, "is_flag", False) for o in p.opts}
    flags = {o for p in options if getattr(p, "is_flag", False) for o in p.opts}
    spec = plain.SPECS[name]
    assert takes_value == set(spec.values)
    assert flags - {"--help"} == set(spec.flags)
    (argument,) = [p for p in params if not any(o.startswith("-") for o in p.opts)]
    assert argument.required == spec.required


def test_the_plain_reader_knows_the_formats_and_years():
    from malkoll.cli import common
    from malkoll.cli.validera import Format

    assert tuple(f.value for f in Format) == plain.FORMATS
    assert (plain.FIRST_YEAR, plain.LAST_YEAR) == (common.FIRST_YEAR, common.LAST_YEAR)


@pytest.mark.parametrize(
    ("argv", "folder"),
    [
        (["x"], "x"),
        (["--format", "json", "x"], "x"),
        (["--format=json", "x", "--strikt"], "x"),
        (["-C", "y"], "y"),
        (["--katalog=y"], "y"),
        ([], "."),
        (["--", "-x"], "-x"),
        (["--utan-cache"], "."),
        (["--format", "xml"], None),
        (["--idag", "2021-02-30"], None),
        (["--ar", "20x0"], None),
        (["--ar", "1899"], None),
        (["--period", "-x"], None),
        (["--help"], None),
        (["x", "y"], "."),  # files changed: the repository here, or at the first file's
        (["--andrade"], "."),
        (["--andrade", "main", "x"], "x"),
        (["x", "--andrade", "--strikt"], "x"),
        (["--period"], None),
        (["-fjson"], None),
    ],
)
def test_the_plan_reads_only_plain_command_lines(argv, folder):
    given = plain.read(["validera", *argv])
    assert (plain.folder(given) if given is not None else None) == folder


@pytest.mark.parametrize(
    ("plain", "through_typer"),
    [
        (("--strikt",), ("--strikt", "-ftext")),
        (("--format", "json"), ("-fjson",)),
        (("--format=sarif",), ("-fsarif",)),
        (("--period", "delar2"), ("--period=delar2", "-fjson", "-ftext")),
        (("--ar", "2020", "--strikt"), ("--ar=2020", "--strikt", "-ftext")),
        (("--utan-cache", "--period", "nope"), ("--utan-cache", "--period=nope", "-ftext")),
    ],
)
def test_a_plain_command_line_gives_what_typer_gives(repo, plain, through_typer):
    """A plain `validera` runs without typer (`cli/answer.py`); one typer must read (`-fjson`
    is not plain) gives the same output and status, with the cache off for both."""
    off = {"MALKOLL_UTAN_CACHE": "1"}
    assert same(run(repo, *plain, env=off), run(repo, *through_typer, env=off))


def report(repo: Path, out: Path, *args: str, env: dict[str, str] | None = None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MALKOLL_", "GITHUB_"))}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "malkoll", "rapport", *args, "--idag=2021-03-01", f"--ut={out}"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
        cwd=repo,
    )


@pytest.mark.parametrize(
    ("plain_line", "through_typer"),
    [
        (("2020",), ("2020", "-fmd,html")),
        (("2020", "--period", "delar2"), ("2020", "--period=delar2", "-fmd,html")),
        (("2020", "--strikt"), ("2020", "--strikt", "-fmd,html")),
        (("2020", "--namnd", "un", "-f", "md"), ("2020", "--namnd=un", "-fmd")),
        (("1899",), ("1899", "-fmd")),
    ],
)
def test_a_plain_report_line_gives_what_typer_gives(repo, tmp_path, plain_line, through_typer):
    """`malkoll rapport` from a plain line (without typer) and from one typer must read:
    the same output, status and report files."""
    a, b = tmp_path / "a", tmp_path / "b"
    first, second = report(repo, a, *plain_line), report(repo, b, *through_typer)
    assert first.returncode == second.returncode
    assert first.stderr == second.stderr
    assert first.stdout.replace(str(a), "OUT") == second.stdout.replace(str(b), "OUT")
    written = sorted(p.name for p in a.glob("*")) if a.exists() else []
    assert written == (sorted(p.name for p in b.glob("*")) if b.exists() else [])
    for name in written:
        assert (a / name).read_bytes() == (b / name).read_bytes()
