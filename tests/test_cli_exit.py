"""The `malkoll` process: it leaves without tearing the interpreter down (`os._exit`) once
its output is flushed, with the exit status a command chose, all of its output, and no
warning when the reader of a pipe stops early."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import BASE, EXAMPLES
from malkoll.cli import root
from malkoll.cli.regler import as_markdown
from malkoll.cli.rule_table import RULES


def malkoll(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "malkoll", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["validera", str(BASE), "--idag", "2020-01-01"], 0),
        (["validera", str(EXAMPLES / "ale-2020-utkast"), "--idag", "2021-03-01"], 1),
        (["validera", str(BASE), "--idag", "2020-01-01", "--strikt"], 0),
        (["validera", "/finns/inte"], 2),
        (["--finns-inte"], 2),
        (["regler", "MK999"], 2),
        (["--version"], 0),
        ([], 2),
    ],
)
def test_the_exit_status_is_the_commands(args, status):
    """0, 1 and 2 as the command chose them, through `typer.Exit`, usage errors and
    malkoll's own errors."""
    assert malkoll(*args).returncode == status


def test_everything_written_reaches_a_pipe():
    """Output larger than a pipe's buffer arrives whole before the process leaves."""
    done = malkoll("regler", "--markdown")
    assert done.returncode == 0
    assert done.stdout == as_markdown(RULES)
    assert len(done.stdout.encode()) > 16_000
    big = malkoll("status", "2020", "-C", str(EXAMPLES / "ale-2020-utkast"), "-f", "json")
    assert big.returncode == 0
    assert big.stdout.rstrip().endswith("}")


def test_a_reader_that_stops_early_gives_status_1_and_no_warning():
    """`malkoll regler --markdown | true`: the closed pipe is status 1, as click makes it,
    without Python's `Exception ignored … BrokenPipeError`."""
    with subprocess.Popen(
        [sys.executable, "-m", "malkoll", "regler", "--markdown"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()  # the reader is gone before anything is written
        err = process.stderr.read()
        status = process.wait(timeout=120)
    assert status == 1
    assert b"BrokenPipe" not in err
    assert b"Traceback" not in err


def test_the_status_of_sys_exit(capsys):
    """`sys.exit` with nothing, a number or a message, as the interpreter would end."""
    assert root._exit_status(None) == 0
    assert root._exit_status(2) == 2
    assert root._exit_status(256 + 1) == 1
    assert root._exit_status("malkoll: trasigt") == 1
    assert capsys.readouterr().err == "malkoll: trasigt\n"


def test_main_flushes_then_leaves_with_the_status(monkeypatch, capsys):
    """`main` runs the app, flushes, and hands the status to `os._exit`."""
    left: list[int] = []
    monkeypatch.setattr(root.os, "_exit", left.append)
    monkeypatch.setattr(sys, "argv", ["malkoll", "regler", "MK304"])
    root.main()
    assert left == [0]
    assert capsys.readouterr().out.startswith("MK304 (fel)")
    monkeypatch.setattr(sys, "argv", ["malkoll", "regler", "MK999"])
    root.main()
    assert left == [0, 2]
