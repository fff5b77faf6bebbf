"""Shared helpers for the tests: building repositories and running the CLI."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from typer.testing import CliRunner

from malkoll.cli.root import app
from malkoll.findings import Finding
from malkoll.validate import Result, validera

TESTS = Path(__file__).parent
REPOS = TESTS / "repos"
BASE = REPOS / "bas"
EXAMPLES = TESTS.parent / "exempel"


def build_repo(target: Path, *overlays: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """The base repository copied to ``target``, with folders and files laid over it."""
    shutil.copytree(BASE, target)
    for overlay in overlays:
        shutil.copytree(overlay, target, dirs_exist_ok=True, ignore=_expected_file)
        _remove_listed(overlay, target)
    for rel, content in (files or {}).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return target


def _expected_file(_folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n in ("forvantat.txt", "flaggor.txt", "borttagna.txt")]


def _remove_listed(overlay: Path, target: Path) -> None:
    """An overlay's `borttagna.txt` names files of the base (one a line) that the case
    removes, such as a plan that is missing."""
    listed = overlay / "borttagna.txt"
    if listed.exists():
        for line in listed.read_text(encoding="utf-8").splitlines():
            if line.strip():
                (target / line.strip()).unlink()


BEFORE_ANY_PERIOD = "--idag 2020-01-01"
"""Folder cases are checked on this day unless their `flaggor.txt` says otherwise: before
any period of 2020 is due, so that they show reading and reference findings alone."""


def check(root: Path, flags: str = "") -> Result:
    """`validera` with options written as on the command line (`--idag`, `--period`, `--ar`)."""
    words = flags.split()
    options = dict(zip(words[::2], words[1::2], strict=True))
    return validera(
        root,
        idag=dt.date.fromisoformat(options["--idag"]) if "--idag" in options else None,
        period=options.get("--period"),
        ar=int(options["--ar"]) if "--ar" in options else None,
    )


def case_flags(case: Path) -> str:
    flags = case / "flaggor.txt"
    return flags.read_text(encoding="utf-8").strip() if flags.exists() else BEFORE_ANY_PERIOD


def places(findings: list[Finding]) -> list[str]:
    """Findings as `path:line:col: severity code`: place and code, not the wording."""
    return [f"{x.path}:{x.line}:{x.col}: {x.severity} {x.code}" for x in findings]


def printed(findings: list[Finding]) -> list[str]:
    """Findings as `malkoll validera` prints them, the form of `forvantat.txt`: the whole
    first line (`path:line:col: severity code message`) and the hint indented below it."""
    out = []
    for x in findings:
        out.append(x.head())
        if x.hint:
            out.append("    " + " ".join(x.hint.split()))
    return out


def expected(case: Path) -> list[str]:
    """The lines of a case's `forvantat.txt`, blank lines (between files) left out."""
    text = (case / "forvantat.txt").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line.strip()]


def run(*args: str) -> tuple[int, str, str]:
    """`malkoll ARGS`: exit status, stdout and stderr."""
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def edit_file(root: Path, rel: str, old: str, new: str) -> None:
    """Replace the first ``old`` in a file of the repository at ``root`` with ``new`` (the
    test fails when ``old`` is not there)."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def at_text(root: Path, finding: Finding) -> str:
    """A finding's first line, after checking that it points at text in a file that
    exists (not at a blank, not past the line's end)."""
    path = root / finding.path
    assert path.is_file(), finding.head()
    line = path.read_text(encoding="utf-8").splitlines()[finding.line - 1]
    assert line[finding.col - 1 :][:1].strip(), f"{finding.head()}: {line!r}"
    return finding.head()


def heads_at_text(root: Path, flags: str) -> list[str]:
    """The findings' first lines, `path:line:col: severity code message`; each points at
    text in a file that exists."""
    return [at_text(root, x) for x in check(root, flags).findings]


def without_ledger_mapping(settings: str) -> str:
    """exempel/ale-2020's malkoll.yaml without its `ekonomi.importera` block (from its
    comment to its last indented line), for a test that writes a mapping of its own."""
    start = settings.index("  # `malkoll ekonomi importera")
    end = settings.index("  importera:\n", start) + len("  importera:\n")
    while settings.startswith("    ", end):
        end = settings.index("\n", end) + 1
    return settings[:start] + settings[end:]


def ale_with_mapping(tmp_path: Path, mapping: str) -> Path:
    """A copy of exempel/ale-2020 whose `ekonomi:` holds ``mapping`` (an `importera:`
    block, indented under `ekonomi:`) instead of the example's own."""
    root = tmp_path / "ale"
    shutil.copytree(
        EXAMPLES / "ale-2020", root, ignore=shutil.ignore_patterns(".malkoll-cache", "rapporter")
    )
    settings = root / "malkoll.yaml"
    text = without_ledger_mapping(settings.read_text(encoding="utf-8"))
    marker = "  avvikelse_procent: 1.0\n"
    settings.write_text(text.replace(marker, marker + mapping), encoding="utf-8")
    return root
