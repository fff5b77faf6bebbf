"""`malkoll validera`'s file arguments and `--andrade` as a new user writes them: a
misspelt file, a file outside the repository, a file where a ref belongs. Each through
the typer command and through the console entry point's plain path (which must agree).

The repository is the one of `test_andrade`: Ale's example in git, Nolskolan late on
`main`, Grundskola's complete change on the branch `grundskola`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLES
from malkoll.cli import plain
from test_andrade import DAY, LATE, OWN, ale_in_git, cli, git, malkoll

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
OFF = {"MALKOLL_UTAN_CACHE": "1"}
DELETED = "nonexist.yaml finns inte; den räknas som borttagen"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return ale_in_git(tmp_path)


def both(repo: Path, *args: str) -> tuple[int, str, str]:
    """The real command, plain and through typer (`-ftext` is not plain): they agree."""
    fast = malkoll(repo, "validera", DAY, *args, env=OFF)
    slow = malkoll(repo, "validera", "-ftext", DAY, *args, env=OFF)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        slow.returncode,
        slow.stdout,
        slow.stderr,
    ), args
    return fast.returncode, fast.stdout, fast.stderr


# --- a file that does not exist (item 1) -----------------------------------------------------


def test_a_missing_yaml_file_alone_is_a_missing_file_not_a_folder(repo, monkeypatch):
    """One argument that names nothing and ends in .yaml is a file: said on stderr and
    counted as deleted, not `Mappen … finns inte`; a name without the ending is still the
    folder."""
    assert plain.split(["nonexist.yaml"]) == (None, ["nonexist.yaml"])
    for status, out, err in (
        cli(repo, "nonexist.yaml", monkeypatch=monkeypatch),
        both(repo, "nonexist.yaml"),
    ):
        assert status == 0
        assert err == f"malkoll: {DELETED} (är namnet rätt stavat?).\n"
        assert "Mappen" not in err
        assert out.startswith("Ändringen rör inga filer som malkoll läser.")
    status, _, err = both(repo, "nonexist")
    assert status == 2
    assert "Mappen" in err
    assert "nonexist finns inte" in err


def test_a_misspelt_file_among_files_is_said_and_the_check_goes_on(repo, monkeypatch):
    """pre-commit passes only files that exist, so a missing one is most likely a typo:
    one line per path on stderr; the exit status still follows the findings."""
    for status, out, err in (
        cli(repo, OWN, "nonexist.yaml", "./saknas.yml", monkeypatch=monkeypatch),
        both(repo, OWN, "nonexist.yaml", "./saknas.yml"),
    ):
        assert status == 0
        assert err.splitlines() == [
            f"malkoll: {DELETED} (är namnet rätt stavat?).",
            "malkoll: saknas.yml finns inte; den räknas som borttagen (är namnet rätt stavat?).",
        ]
        assert "Inga fel eller varningar i din ändring (1 fil)" in out
    status, out, err = both(repo, LATE, "nonexist.yaml")
    assert status == 1
    assert "MK307" in out
    assert DELETED in err


def test_the_replayed_answer_says_it_too(repo):
    """The cache's second answer (the console entry point's replay) has the same lines."""
    first = malkoll(repo, "validera", DAY, OWN, "nonexist.yaml")
    again = malkoll(repo, "validera", DAY, OWN, "nonexist.yaml")
    assert list((repo / ".malkoll-cache" / "resultat").glob("*"))
    assert DELETED in first.stderr
    assert (again.stdout, again.stderr, again.returncode) == (
        first.stdout,
        first.stderr,
        first.returncode,
    )


# --- a file outside the repository (item 2) --------------------------------------------------


def test_a_file_outside_the_repository_is_said(repo, tmp_path, monkeypatch):
    """A file outside any repository and a file of another one: a line each, saying it is
    not checked (and in which repository the other one lies)."""
    stray = tmp_path / "passwd"
    stray.write_text("root:x:0:0\n", encoding="utf-8")
    other = tmp_path / "annat"
    shutil.copytree(EXAMPLES / "ale-2020", other, ignore=shutil.ignore_patterns(".malkoll-*"))
    theirs = f"../annat/{LATE}"
    for status, out, err in (
        cli(repo, str(stray), theirs, OWN, monkeypatch=monkeypatch),
        both(repo, str(stray), theirs, OWN),
    ):
        assert status == 0
        assert err.splitlines() == [
            f"malkoll: {stray} ligger utanför målrepot {repo} och kontrolleras inte.",
            f"malkoll: {theirs} ligger utanför målrepot {repo} (i målrepot {other}) och "
            "kontrolleras inte.",
        ]
        assert "Inga fel eller varningar i din ändring (1 fil)" in out
    status, out, err = both(repo, str(stray))
    assert status == 0
    assert "Ändringen rör inga filer som malkoll läser." in out
    assert "ligger utanför målrepot" in err


def test_files_malkoll_does_not_read_inside_the_repository_stay_silent(repo):
    """A README or a CI file in the repository is passed by hooks every day: no line."""
    status, _, err = both(repo, OWN, "README.md")
    assert status == 0
    assert err == ""


# --- a file where a ref belongs (item 3) -----------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--andrade", LATE],
        ["--andrade", "--", LATE],
        ["--andrade=", LATE],
        [LATE, "--andrade"],
    ],
)
def test_andrade_before_files_compares_with_the_default_branch(repo, monkeypatch, args):
    """A file right after --andrade is a changed file, as `--andrade -- FIL` and
    `--andrade= FIL` say explicitly (a pre-commit hook with `args: [--andrade]` runs
    `malkoll validera --andrade FIL...`): the change since main and the file."""
    status, out, err = cli(repo, "-f", "json", *args, monkeypatch=monkeypatch)
    assert status == 1, err
    scope = json.loads(out)["andring"]
    assert scope["jamfort_med"]["ref"] == "main"
    assert set(scope["filer"]) == {OWN, LATE}
    status, out, _ = both(repo, *args)
    assert status == 1
    assert "MK307" in out


def test_a_missing_yaml_name_after_andrade_is_a_file(repo):
    """A YAML name after --andrade that names nothing is a misspelt file, said as such."""
    status, out, err = both(repo, "--andrade", "nonexist.yaml")
    assert status == 0
    assert DELETED in err
    assert "Inga fel eller varningar i din ändring (1 fil)" in out


def test_a_file_or_folder_given_as_the_ref_names_the_right_form(repo, monkeypatch):
    """`--andrade=FIL` names the ref explicitly: the line says it is a file and how files
    are given; a folder after --andrade is no ref either; a YAML name git does not know
    says files are arguments."""
    status, _, err = cli(repo, f"--andrade={LATE}", monkeypatch=monkeypatch)
    assert status == 2
    assert f"'{LATE}' är en fil, inte en git-ref" in err
    assert f"malkoll validera --andrade -- {LATE}" in err
    assert f"malkoll validera {LATE} (bara filen)" in err
    assert both(repo, f"--andrade={LATE}")[2] == err
    status, _, err = both(repo, "--andrade", "2020")
    assert status == 2
    assert "'2020' är en mapp, inte en git-ref" in err
    assert "malkoll validera --andrade -C 2020" in err
    status, _, err = both(repo, "--andrade=nonexist.yaml")
    assert status == 2
    assert "ingen fil heter så" in err
    assert "malkoll validera --andrade -- FIL" in err
    status, _, err = both(repo, "--andrade", "finns-inte")
    assert status == 2
    assert "git känner inte till 'finns-inte'. Ange en gren" in err


def test_a_ref_is_still_a_ref(repo):
    """A branch after --andrade, then files: the branch is the ref."""
    git(repo, "branch", "bas", "main")
    status, out, _ = both(repo, "--andrade", "bas", LATE)
    assert status == 1
    assert "MK307" in out
    assert plain.optional_values(["--andrade", "bas", LATE]) == ["--andrade", "bas", LATE]
    assert plain.optional_values(["--andrade", LATE]) == ["--andrade=", LATE]
