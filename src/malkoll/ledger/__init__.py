"""`malkoll ekonomi importera`: the ledger's outcome and budget into `ÅÅÅÅ/ekonomi.yaml`,
and the result lines below the nämnder into `ÅÅÅÅ/bokslut.yaml`.

The steps, in order, so that a failure leaves the repository exactly as it was: read the
repository and its mapping (`ekonomi.importera` in malkoll.yaml); read the ledger file
(SIE 4, `siefile`, or CSV, `csvfile`); put each row on an organisation (`mapping`): an
ansvar that cannot be placed, or a result line malkoll does not know, is an MK511
finding, and then nothing is written; sum up the tree (`aggregate`) and the result lines
(`posts`), and compare what was read with the file's own sums (`selfcheck`, MK517, a
warning); merge into the year's ekonomi.yaml (`write`) and bokslut.yaml (`write_posts`);
and only then write both, in one step, whole or not at all, never through a link.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from malkoll import atomic
from malkoll import findings as f
from malkoll.errors import MalkollError, UnreadableFile
from malkoll.ledger.aggregate import NamndFigures, aggregate
from malkoll.ledger.csvfile import read_csv
from malkoll.ledger.mapping import Mapping, place
from malkoll.ledger.posts import PostFigures, outcome_months, posts
from malkoll.ledger.rows import Ledger, LedgerError
from malkoll.ledger.selfcheck import duplicated, outside, selfcheck
from malkoll.ledger.siefile import read_sie_bytes
from malkoll.ledger.write import Merged, merge, period_keys
from malkoll.ledger.write_posts import merge_posts
from malkoll.model.index import Index
from malkoll.reading.load import load
from malkoll.reading.sie import MAX_BYTES
from malkoll.reading.walk import find_root
from malkoll.rules.ledger import own_posts, post_problems
from malkoll.text import os_error, printable

__all__ = ["Import", "LedgerError", "importera", "read_ledger", "relative_path"]

SIE_SUFFIXES = (".se", ".si", ".sie", ".sie4")


@dataclass
class Import:
    """What an import did; the CLI prints it."""

    root: Path
    source: str
    """The ledger file, relative to the root when it lies in the repository."""
    year: int = 0
    target: str = ""
    """The ekonomi.yaml written (or that would be), relative to the root."""
    rows: int = 0
    findings: list[f.Finding] = field(default_factory=list)
    figures: list[NamndFigures] = field(default_factory=list)
    merged: Merged | None = None
    posts: list[PostFigures] = field(default_factory=list)
    bokslut_target: str = ""
    """The bokslut.yaml with the result lines, relative to the root."""
    bokslut: Merged | None = None
    """None when the file has no amounts on a result line (bokslut.yaml is not read)."""
    written: bool = False
    balance_only: list[str] = field(default_factory=list)
    """The result lines' accounts the SIE file has as the year's balance (`#RES`) alone."""

    @property
    def changed_files(self) -> list[str]:
        """The files the import changes (or would, in a dry run), relative to the root."""
        return [
            target
            for target, merged in ((self.target, self.merged), (self.bokslut_target, self.bokslut))
            if merged is not None and merged.changed
        ]

    @property
    def errors(self) -> int:
        return sum(1 for x in self.findings if x.severity == "fel")


def importera(
    start: Path, fil: Path, ar: int | None = None, torrkorning: bool = False, cache: bool = True
) -> Import:
    """Import ``fil`` into the repository at or above ``start``; raises `MalkollError`
    (exit 2) when the file or the repository cannot be read. With findings that are errors
    nothing is written (`Import.findings`)."""
    root = find_root(start)
    repo = load(root, cache=cache)
    settings = repo.installningar
    if not settings.ekonomi.importera.ansvar:
        raise MalkollError(
            "malkoll.yaml har ingen mappning från ekonomisystemets ansvar till "
            "organisationerna. Lägg till `ekonomi: importera: ansvar:` med ansvarskod → "
            'organisationens id, t.ex. `"1000": ks`, och importera igen.'
        )
    index = Index.of(repo)
    mapping = Mapping(settings, index)
    result = Import(root, relative_path(fil, root))
    ledger = read_ledger(fil, result.source, mapping)
    year = ar or ledger.year or _latest(ledger)
    result.year, result.rows = year, len(ledger.rows)
    result.target = f"{year}/ekonomi.yaml"
    result.bokslut_target = f"{year}/bokslut.yaml"
    placed, problems = place(ledger, mapping)
    problems += selfcheck(ledger, settings.ekonomi.importera.belopp)
    problems += outside(ledger, mapping, year)
    problems += duplicated(ledger)
    result.balance_only = ledger.balance_only
    annual = repo.ar.get(year)
    named = own_posts(annual.bokslut.data if annual and annual.bokslut else None)
    problems += post_problems(settings.ekonomi.importera, named)
    result.findings = f.build(problems, settings.regler)
    if result.errors:
        return result
    result.figures = aggregate(placed, mapping, year, result.source)
    folder = root / str(year)
    if not folder.is_dir():
        raise MalkollError(
            f"Året {year} har ingen mapp i målrepot; skapa den med malkoll nytt-ar {year} "
            "och importera igen. Inget har ändrats."
        )
    keys = period_keys(settings, year)
    path = root / result.target
    existing = _existing(path, result.target)
    result.merged = merge(existing, result.target, result.figures, keys, mapping.unit)
    months = {m for n in result.figures for m in n.months} | outcome_months(ledger, mapping, year)
    last = max(months)
    result.posts = posts(ledger, mapping, year, last, keys)
    files = {path: result.merged.text} if result.merged.changed else {}
    if result.posts:
        bokslut = root / result.bokslut_target
        before = _existing(bokslut, result.bokslut_target)
        result.bokslut = merge_posts(
            before, result.bokslut_target, result.posts, keys, mapping.unit
        )
        if result.bokslut.changed:
            files[bokslut] = result.bokslut.text
    if files and not torrkorning:
        atomic.replace(files, root)  # both files, or neither
        result.written = True
    return result


def relative_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return printable(str(path))


def read_ledger(path: Path, rel: str, mapping: Mapping) -> Ledger:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise LedgerError(rel, "det är inte en vanlig fil (en mapp eller en enhet).")
        if info.st_size > MAX_BYTES:
            raise LedgerError(
                rel,
                f"filen är {info.st_size // 1_000_000} MB, större än gränsen "
                f"{MAX_BYTES // 1_000_000} MB; exportera en kortare period.",
            )
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as err:
        raise LedgerError(rel, f"filen kan inte läsas ({os_error(err)}).") from None
    if len(data) > MAX_BYTES:
        raise LedgerError(rel, "filen är större än gränsen; exportera en kortare period.")
    settings = mapping.settings
    if path.suffix.lower() in SIE_SUFFIXES or data.lstrip()[:1] == b"#":
        posts = mapping.read[len(mapping.konton) :]
        return read_sie_bytes(data, rel, settings.ansvar_dimension, mapping.konton, posts)
    return read_csv(data, rel, settings.csv)


def _latest(ledger: Ledger) -> int:
    years = [row.year for row in ledger.rows if row.kind == "utfall"]
    if not years:
        raise LedgerError(ledger.rel, "filen har inget utfall; ange året med --ar.")
    return max(years)


def _existing(path: Path, rel: str) -> str | None:
    """The text of the year's ekonomi.yaml (or bokslut.yaml), None when there is none; a
    link or anything but a regular file is refused (never read or written through)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as err:
        raise UnreadableFile(f"{rel} kan inte läsas: {os_error(err)}.") from None
    if not stat.S_ISREG(mode):
        raise UnreadableFile(
            f"{rel} är inte en vanlig fil (en symbolisk länk, en mapp eller en enhet); "
            "importen skriver inte genom den. Inget har ändrats."
        )
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(f"{rel} är inte UTF-8; spara om den som UTF-8.") from None
    except OSError as err:
        raise UnreadableFile(f"{rel} kan inte läsas: {os_error(err)}.") from None
