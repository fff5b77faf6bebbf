"""`malkoll rapport`: read and check the repository, build the view model, render, write."""

from __future__ import annotations

import datetime as dt
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from malkoll import atomic
from malkoll.errors import BadOption, RefusedWhileErrors
from malkoll.findings import Finding
from malkoll.model.index import Index
from malkoll.model.repository import Repository
from malkoll.model.timing import period_date
from malkoll.reading.load import Progress, load, paused_gc
from malkoll.reading.walk import find_root
from malkoll.report import view
from malkoll.report.converted import convert as convert
from malkoll.report.render import FORMATS, render
from malkoll.report.safe import one_line
from malkoll.rules import annual, annual_periods
from malkoll.text import did_you_mean
from malkoll.validate import Result, check


@dataclass(frozen=True)
class Built:
    """What `rapport` wrote, and what `validera` found for the period."""

    files: list[Path]
    result: Result
    draft: bool


def rapport(
    start: Path,
    year: int,
    *,
    period: str | None = None,
    namnd: str | None = None,
    formats: tuple[str, ...] = ("md", "html"),
    out: Path | None = None,
    templates: Path | None = None,
    strict: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
    cache: bool = True,
) -> Built:
    """Build the report for ``period`` of ``year`` and write it in each of ``formats``."""
    root = find_root(start)
    known = (*FORMATS, *CONVERTED)
    if not formats:
        raise BadOption(f"Inget format angivet; välj bland {', '.join(known)}.")
    for fmt in formats:
        if fmt not in known:
            raise BadOption(f"Okänt format {fmt!r}; välj bland {', '.join(known)}.")
    formats = tuple(dict.fromkeys(formats))  # md,md is one file
    if templates is not None and not templates.is_dir():
        raise BadOption(one_line(f"Mallmappen {templates} finns inte."))
    # git answers in a process of its own while the repository is read (its wait lets the
    # reading go on): the commit, whether anything changed since (the report's foot) and
    # the commit's day (the title page's, when no decision gives it).
    asked: list[Version] = []
    git = threading.Thread(target=lambda: asked.append(git_commit(root)), daemon=True)
    git.start()
    with paused_gc():
        repo = load(root, progress, cache=cache)
        period = _period(repo, year, period)
        _check_namnd(repo, namnd)
        result = for_namnd(period_findings(repo, year, period, today), repo, year, namnd)
        if strict and result.errors:
            raise RefusedWhileErrors(
                f"Rapporten byggdes inte: {result.errors} fel återstår (--strikt). "
                f"Kör malkoll validera --period {period} för att se dem."
            )
        git.join()
        version = asked[0] if asked else Version(None, False, None)
        model = view.build(
            repo,
            year,
            period,
            namnd=namnd,
            findings=result.findings,
            today=today,
            commit=version.commit,
            changed=version.changed,
            committed=version.date,
        )
        own = [templates] if templates else []
        if (root / "mallar").is_dir():
            own.append(root / "mallar")
        # The templates are compiled once, like Python's own .pyc, with or without the
        # cache of the repository's files.
        rendered = {f for f in formats if f in FORMATS} | {
            CONVERTED[f] for f in formats if f in CONVERTED
        }
        texts = {fmt: render(model, fmt, own, cache_root=root) for fmt in sorted(rendered)}
        out_texts: dict[str, str | bytes] = {}
        for fmt in formats:
            out_texts[fmt] = (
                convert(fmt, texts[CONVERTED[fmt]], draft=model.utkast, base=root, cache=cache)
                if fmt in CONVERTED
                else texts[fmt]
            )
    folder = out if out is not None else root / "rapporter"
    stem = _slug(f"rapport-{year}-{period}" + (f"-{namnd}" if namnd else ""))
    files = {folder / f"{stem}.{fmt}": out_texts[fmt] for fmt in formats}
    atomic.replace(files, folder)  # whole or not at all; never through a link
    return Built(list(files), result, model.utkast)


CONVERTED = {"pdf": "html", "docx": "html"}
"""The formats made from another format's text, not from a template: the PDF and the Word
document from the report's own HTML, so that all four say the same."""


def period_findings(repo: Repository, year: int, period: str, today: dt.date | None) -> Result:
    """What `validera` finds for the report's period: the period checked as past its
    deadline, and each forecast month (`prognoser`) up to the period's end, whose
    forecast the report shows in its own column (a missing one is an MK500 of the month,
    which a check of the period alone does not ask for). Only this year's findings."""
    found = check(repo, today, period=period, ar=year)
    until = period_date(repo.installningar, year, period)
    months = [
        k
        for k in repo.installningar.prognoser
        if k not in repo.installningar.perioder
        and until is not None
        and (d := period_date(repo.installningar, year, k)) is not None
        and d <= until
    ]
    extra = [
        x
        for month in months
        for x in check(repo, today, period=month, ar=year).findings
        if x.period == month
    ]
    if extra:
        unique = {(x.path, x.line, x.col, x.code, x.message, x.period): x for x in found.findings}
        for x in extra:
            unique.setdefault((x.path, x.line, x.col, x.code, x.message, x.period), x)
        found = Result(found.root, sorted(unique.values()), found.files)
    return this_year(_without_setup(found), year)


SETUP_RULES = frozenset({"MK511"})
"""Rules about malkoll's own setup (the ledger import's mapping), not about the report's
content: they neither make a report a draft nor fill its appendix."""


def _without_setup(result: Result) -> Result:
    kept = [x for x in result.findings if x.code not in SETUP_RULES]
    return Result(result.root, kept, result.files)


SHARED_FILES = ("malkoll.yaml", "organisation.yaml", "mal/", "indikatorer/")
SHARED_YEAR_FILES = ("ekonomi.yaml", "uppdrag.yaml", "arshjul.yaml")
"""The files every report is built from: their findings concern a nämnd's report too."""

MUNICIPALITY_RULES = frozenset(r.code for r in (*annual.RULES, *annual_periods.RULES))
"""The rules of the report fullmäktige adopts (MK6xx): without an organisation, their
findings are about the municipality's own report, even one placed in malkoll.yaml (a
missing chapter of the förvaltningsberättelse is told at the municipality's name)."""


def for_namnd(result: Result, repo: Repository, year: int, namnd: str | None) -> Result:
    """The findings that concern one nämnd's report: those about its own organisations,
    and those without an organisation in the files every report is built from. Another
    nämnd's gaps, and the municipality's own (the bokslut, the förvaltningsberättelse),
    neither make it a draft nor fill its appendix."""
    if namnd is None:
        return result
    index = Index.of(repo)
    shared = (*SHARED_FILES, *(f"{year}/{name}" for name in SHARED_YEAR_FILES))
    named = _organisations_of_files(repo, year)

    def concerns(x: Finding) -> bool:
        org = x.organisation or named.get(x.path)
        if org is None and _per_organisation(x.path, year):
            org = _owner_of_unread(index, x.path, year)
            if org is None:
                return True  # a file that could not be read: it may be the nämnd's own
        if org is not None:
            return (index.namnd_of(org) or org) == namnd
        return x.code not in MUNICIPALITY_RULES and x.path.startswith(shared)

    return Result(result.root, [x for x in result.findings if concerns(x)], result.files)


PER_ORGANISATION = ("plan", "internkontroll")
"""The year's folders whose files are each one organisation's."""


def _organisations_of_files(repo: Repository, year: int) -> dict[str, str]:
    """The year's plans and internal-control plans that could be read: path → the
    organisation each names."""
    ar = repo.ar.get(year)
    if ar is None:
        return {}
    named = {doc.path: doc.data.organisation for doc in ar.planer}
    named.update({doc.path: doc.data.organisation for doc in ar.internkontroll})
    return named


def _per_organisation(path: str, year: int) -> bool:
    return path.startswith(tuple(f"{year}/{folder}/" for folder in PER_ORGANISATION))


def _owner_of_unread(index: Index, path: str, year: int) -> str | None:
    """Whose a plan or control plan that could not be read is: the nämnd of the other
    plans in its folder when they all answer to one (as the site's findings page places
    it), else the organisation its file is named after; None when neither tells."""
    folder = path.rsplit("/", 1)[0]
    tops = {
        index.namnd_of(org)
        for org, doc in index.plans(year).items()
        if doc.path.rsplit("/", 1)[0] == folder and doc.path != path
    }
    if len(tops) == 1 and (top := tops.pop()) is not None:
        return top
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem if index.org(stem) is not None else None


def this_year(result: Result, year: int) -> Result:
    """The findings that concern the report: not those in another year's folder."""

    def elsewhere(path: str) -> bool:
        top = path.split("/", 1)[0]
        return top.isdigit() and len(top) == 4 and top != str(year)

    kept = [x for x in result.findings if not elsewhere(x.path)]
    return Result(result.root, kept, result.files)


def _period(repo: Repository, year: int, period: str | None) -> str:
    if year not in repo.ar:
        years = ", ".join(str(y) for y in sorted(repo.ar)) or "inga"
        raise BadOption(f"Året {year} finns inte i målrepot (årsmappar: {years}).")
    periods = list(repo.installningar.perioder)
    if period is None:
        return periods[-1]
    if period not in periods:
        raise BadOption(
            f"Perioden {period!r} finns inte.{did_you_mean(period, periods)} "
            f"Perioderna är {', '.join(periods)}."
        )
    return period


def _check_namnd(repo: Repository, namnd: str | None) -> None:
    """A nämnd's report is for a nämnd or bolag wherever it sits in the tree, or for an
    organisation at its top."""
    if namnd is None:
        return
    index = Index.of(repo)
    ids = [o for o in index.orgs if index.namnd_of(o) == o]
    if namnd not in ids:
        raise BadOption(
            f"{namnd!r} är ingen nämnd eller bolag i organisation.yaml.{did_you_mean(namnd, ids)}"
        )


class Version(NamedTuple):
    """The git version a report is built from."""

    commit: str | None
    """The commit, shortened to 12 characters; None outside a git checkout."""
    changed: bool
    """Whether files in the repository have changed since the commit."""
    date: dt.date | None
    """The day of the commit (its committer date)."""


def git_commit(root: Path) -> Version:
    """The commit the data came from, whether files in the repository have changed since,
    and the commit's day; (None, False, None) when the repository is not a git checkout."""
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--abbrev=12", "--format=%h %cs", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.split()
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return Version(None, False, None)
    changed = any(not line.endswith(("rapporter/", ".html", ".md")) for line in status.splitlines())
    commit = head[0] if head else None
    try:
        day = dt.date.fromisoformat(head[1]) if len(head) > 1 else None
    except ValueError:
        day = None
    return Version(commit, changed, day)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text.lower())
