"""One-line messages that name what they are about: the path that could not be written,
the command as it was run with its folder, the schema files that are missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXAMPLES, run
from malkoll.errors import RepoNotFound
from malkoll.model.kinds import KINDS
from malkoll.writers import jsonschema as editor

# --- the path that could not be written (item 4) ---------------------------------------------


def test_a_folder_that_cannot_be_made_is_named_not_dot(tmp_path):
    """`init` and `schema --ut` into a folder that cannot be made (below a file) name that
    folder, not `.`."""
    blocker = tmp_path / "fil"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "ny"
    status, _, err = run("init", str(target), "--kommun", "X")
    assert status == 2
    assert err.startswith(f"malkoll: Kunde inte skriva {target}: ")
    assert "skriva .:" not in err
    status, _, err = run("schema", "--ut", str(target))
    assert status == 2
    assert err.startswith(f"malkoll: Kunde inte skriva {target}: ")


# --- the command as it was run, with its folder (item 5) -------------------------------------


@pytest.mark.parametrize(
    ("args", "spelt"),
    [
        (["rapport", "2020"], "malkoll rapport 2020 -C MAPP"),
        (["rapport", "2020", "-f", "md", "--period", "delar2"], "malkoll rapport 2020 -C MAPP"),
        (["status", "2020"], "malkoll status 2020 -C MAPP"),
        (["status"], "malkoll status -C MAPP"),
        (["validera"], "malkoll validera -C MAPP"),
        (["kolada", "hamta"], "malkoll kolada hamta -C MAPP"),
        (["nytt-ar", "2021"], "malkoll nytt-ar 2021 -C MAPP"),
        (["schema"], "malkoll schema -C MAPP"),
    ],
)
def test_no_repository_hints_the_command_that_was_run(tmp_path, args, spelt):
    """Outside a repository each command says how it is run with its folder named."""
    status, _, err = run(*args, "-C", str(tmp_path))
    assert status == 2
    assert err == (
        f"malkoll: Hittade ingen malkoll.yaml i {tmp_path} eller någon mapp ovanför. Kör "
        f"malkoll i ett målrepo, eller ange mappen: {spelt}.\n"
    )


@pytest.mark.parametrize(
    ("args", "spelt"),
    [
        (["rapport", "2020"], "malkoll rapport 2020 -C MAPP"),
        (["validera"], "malkoll validera -C MAPP"),
        (["validera", "-ftext"], "malkoll validera -C MAPP"),  # through typer
    ],
)
def test_the_plain_path_hints_the_same(tmp_path, args, spelt):
    """The console entry point's plain path (no typer) says the same as typer."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MALKOLL_", "GITHUB_"))}
    done = subprocess.run(
        [sys.executable, "-m", "malkoll", *args, "-C", str(tmp_path)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.endswith(f"eller ange mappen: {spelt}.\n")
    assert "SÖKVÄG" not in done.stderr


def test_the_core_error_says_it_without_a_command(tmp_path):
    """Outside the CLI (a library caller) the message names -C, no command."""
    err = RepoNotFound("Hittade ingen malkoll.yaml i x.", searched=True)
    assert str(err).endswith("x. Kör malkoll i ett målrepo, eller ange mappen med -C MAPP.")
    assert err.told("malkoll status -C MAPP").endswith("ange mappen: malkoll status -C MAPP.")
    assert str(RepoNotFound("Mappen x finns inte.")) == "Mappen x finns inte."


# --- schema files missing, not stale (item 6) ------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", root, ignore=shutil.ignore_patterns(".malkoll*"))
    return root


def test_kontrollera_without_any_schema_says_they_are_missing(repo):
    """No schema files at all: they are missing (not "inaktuella"), with what to run."""
    target = repo / editor.SCHEMA_DIR
    status, out, _ = run("schema", "-C", str(repo), "--kontrollera")
    assert status == 1
    assert out == f"Schemana saknas i {target}: kör `malkoll schema` och checka in resultatet.\n"
    target.mkdir(parents=True)
    assert run("schema", "-C", str(repo), "--kontrollera")[1] == out


def test_kontrollera_tells_missing_from_stale(repo):
    """One file missing, one different: each named as what it is."""
    assert run("schema", "-C", str(repo))[0] == 0
    target = repo / editor.SCHEMA_DIR
    (target / editor.schema_file("plan")).unlink()
    (target / editor.schema_file("mal")).write_text("{}\n", encoding="utf-8")
    status, out, _ = run("schema", "-C", str(repo), "--kontrollera")
    assert status == 1
    assert out == (
        f"Schemana i {target}: saknas: plan.schema.json; inaktuella (skiljer sig från vad "
        "malkoll skriver för repot nu): mal.schema.json. Kör `malkoll schema` och checka in "
        "resultatet.\n"
    )
    for kind in KINDS:
        if kind.name not in ("plan", "mal"):
            assert editor.schema_file(kind.name) not in out
