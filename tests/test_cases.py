"""Repositories as folders: valid ones give no findings, each invalid one exactly its own.

A case under repos/fel is a folder laid over the base repository (repos/bas, which is
the fix of every case): the files it edits, `borttagna.txt` naming files of the base it
removes, `flaggor.txt` with the options of `validera` (`--idag 2021-03-01`), and
`forvantat.txt` with the findings as `validera` prints them, the Swedish wording
included. Rewrite `forvantat.txt` on purpose with repos/skriv_forvantat.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import (
    BASE,
    BEFORE_ANY_PERIOD,
    EXAMPLES,
    REPOS,
    build_repo,
    case_flags,
    check,
    expected,
    places,
    printed,
)

INVALID = sorted(p for p in (REPOS / "fel").iterdir() if p.is_dir())
VALID = sorted(p for p in (REPOS / "giltiga").iterdir() if p.is_dir())


def test_base_repository_is_clean():
    """The base that every case starts from gives no findings, also with every period due."""
    assert places(check(BASE).findings) == []
    assert places(check(BASE, BEFORE_ANY_PERIOD).findings) == []


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_repository_gives_no_findings(case: Path, tmp_path: Path):
    """Each folder under repos/giltiga is a variant of the base that is still clean."""
    root = build_repo(tmp_path / "repo", case)
    assert places(check(root, case_flags(case)).findings) == []


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_case_gives_exactly_its_findings(case: Path, tmp_path: Path):
    """Each folder under repos/fel lays files over the base and lists its findings as
    `validera` prints them, Swedish wording and hints included."""
    root = build_repo(tmp_path / "repo", case)
    assert printed(check(root, case_flags(case)).findings) == expected(case)


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_each_finding_points_at_text(case: Path, tmp_path: Path):
    """The column of each expected finding is on its line and at a character a person
    edits, not at indentation or past the end."""
    root = build_repo(tmp_path / "repo", case)
    for finding in check(root, case_flags(case)).findings:
        line = (root / finding.path).read_text(encoding="utf-8").splitlines()[finding.line - 1]
        assert line[finding.col - 1 :][:1].strip(), f"{finding.head()}: {line!r}"


def test_every_mk1_and_mk2_code_has_an_invalid_case():
    """The folder cases together (with the generated cases in test_reader) cover every code."""
    codes = set()
    for case in INVALID:
        codes |= {line.split()[2] for line in expected(case) if not line.startswith(" ")}
    generated = {"MK102", "MK108"}  # bytes and sizes that do not belong in a folder: test_reader
    # MK110 (links, devices, names that are not UTF-8): test_hostile_input
    wanted = {f"MK10{i}" for i in range(1, 10)} | {f"MK20{i}" for i in range(1, 9)}
    assert wanted - generated <= codes


def test_bundled_example_is_clean():
    """exempel/ale-2020 validates without findings when the annual report is due."""
    result = check(EXAMPLES / "ale-2020", "--idag 2021-03-01")
    assert places(result.findings) == []
    assert len(result.files) > 20
