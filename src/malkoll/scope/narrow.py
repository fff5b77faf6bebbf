"""What belongs to a change: check the whole repository, keep the change's findings (the
rules are in the package's docstring, `malkoll.scope`)."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from pathlib import Path

from malkoll.cache import Cache
from malkoll.errors import BadOption, RepoNotFound
from malkoll.findings import Finding
from malkoll.model.repository import Repository
from malkoll.reading.load import Progress, load, paused_gc
from malkoll.reading.walk import ROOT_FILES, TOP_DIRS, find_root
from malkoll.scope import git
from malkoll.text import printable
from malkoll.validate import Result, Scope, check

OWN_FOLLOW_UP = ("MK3", "MK4", "MK5")
"""The rule groups about an organisation's own follow-up: reported for the organisations
whose files changed, wherever the finding points."""
ABOUT_THE_ORGANISATION = frozenset({"MK207"})
"""Rules of other groups reported for those organisations too: two plans of theirs."""
ABOUT_THE_MUNICIPALITY = ("MK6",)
"""The rule group about the municipality's own files for the annual report."""
MUNICIPAL_FILES = frozenset(
    f"{stem}{suffix}"
    for stem in ("bokslut", "hushallning", "personal")
    for suffix in (".yaml", ".yml")
)
SHARED_YEAR_FILES = frozenset({"arshjul"})
"""A year's files that concern everyone: the årshjul's submission dates decide what is a
warning and what an error."""
SUFFIXES = (".yaml", ".yml")
_YEAR = re.compile(r"[0-9]{4}")


def validera(
    start: Path,
    files: Iterable[str] = (),
    andrade: str | None = None,
    *,
    cwd: Path | None = None,
    idag: dt.date | None = None,
    period: str | None = None,
    ar: int | None = None,
    progress: Progress | None = None,
    cache: bool | Cache = True,
    known: git.Changes | None = None,
) -> Result:
    """Check the repository at or above ``start`` and report what belongs to a change: the
    ``files`` named (relative to ``cwd``, default the working directory), and with
    ``andrade`` (a git ref, or "" for the default branch) the files changed since it, as
    git says, or as ``known`` (what git said for the key of the answer's replay)."""
    root = find_root(start)
    changed = named(root, files, cwd or Path.cwd())
    base = None
    if andrade is not None:
        base, more = known or git.changed_files(root, andrade or None)
        changed |= more
    with paused_gc():
        repo = load(root, progress, cache=cache)
        return narrow(check(repo, idag, period, ar), repo, changed, base)


def named(root: Path, files: Iterable[str], cwd: Path) -> set[str]:
    """The files named, relative to ``root`` (which is resolved), with `/`; those outside
    it are left out. A file that does not exist is a file deleted; a folder is refused."""
    return {rel for _name, rel, _exists in _placed(root, files, cwd) if rel is not None}


def not_checked(root: Path, files: Iterable[str], cwd: Path) -> list[str]:
    """A Swedish line for each file named that does not exist (most likely a typo, since
    pre-commit passes only files that exist: it still counts as deleted) or that lies
    outside the repository at ``root`` (another repository's, or none: it is not checked)."""
    lines = []
    where = printable(str(root))
    for name, rel, exists in _placed(root, files, cwd):
        shown = printable(str(Path(name)))  # as typer's argument gives it, and the plain path
        if rel is not None and not exists:
            lines.append(f"{shown} finns inte; den räknas som borttagen (är namnet rätt stavat?).")
        elif rel is None and not exists:
            lines.append(
                f"{shown} finns inte och ligger utanför målrepot {where}; den kontrolleras inte."
            )
        elif rel is None:
            other = _repository_of(cwd / name)
            also = f" (i målrepot {printable(str(other))})" if other is not None else ""
            lines.append(f"{shown} ligger utanför målrepot {where}{also} och kontrolleras inte.")
    return lines


def _repository_of(path: Path) -> Path | None:
    """The repository another file named is in, if any."""
    try:
        return find_root(path.parent)
    except RepoNotFound:
        return None


def _placed(root: Path, files: Iterable[str], cwd: Path) -> list[tuple[str, str | None, bool]]:
    """Each file named: as named, relative to ``root`` (None outside it), and whether it
    exists; a folder among them is refused."""
    out = []
    for name in files:
        path = cwd / name
        if path.is_dir():
            raise BadOption(
                f"{name} är en mapp. Ange antingen målrepots mapp eller de ändrade filerna, "
                "inte båda."
            )
        out.append((name, _inside(root, path), os.path.lexists(path)))
    return out


def _inside(root: Path, path: Path) -> str | None:
    # abspath: `..` taken away without resolving links (the file itself may be one)
    for candidate in (Path(os.path.abspath(path)), _resolved_folder(path)):  # noqa: PTH100
        if candidate is None:
            continue
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            continue
    return None


def _resolved_folder(path: Path) -> Path | None:
    """``path`` with its folder's links resolved (the file itself may be a link)."""
    try:
        return path.parent.resolve() / path.name
    except (OSError, RuntimeError):
        return None


def narrow(
    result: Result, repo: Repository, changed: set[str], base: tuple[str, str] | None
) -> Result:
    """``result`` with only the findings that belong to the ``changed`` files (relative
    to the root), and a `Scope` that says what was kept and what left out."""
    chapters = {c.path for year in repo.ar.values() for c in year.forvaltningsberattelse}
    read = set(repo.files) | chapters | {x.path for x in result.findings}
    mine = tuple(sorted(p for p in changed if p in read))
    shared = tuple(sorted(p for p in changed if is_shared(p)))
    organisations = tuple(sorted(organisations_of(repo, changed)))
    if shared:
        scope = Scope(mine, organisations, shared, base, len(mine))
        return Result(result.root, result.findings, result.files, scope)
    kept: list[Finding] = []
    left: list[Finding] = []
    for x in result.findings:
        (kept if belongs(x, changed, organisations) else left).append(x)
    files = len(set(mine) | {x.path for x in kept})
    left_out = (
        sum(1 for x in left if x.severity == "fel"),
        sum(1 for x in left if x.severity == "varning"),
        len({x.path for x in left}),
    )
    scope = Scope(mine, organisations, (), base, files, left_out)
    return Result(result.root, kept, result.files, scope)


def belongs(finding: Finding, changed: set[str], organisations: Iterable[str]) -> bool:
    """Whether a finding is the change's: in a changed file, or about the own follow-up of
    an organisation whose plan or internal-control plan changed."""
    if finding.path in changed:
        return True
    if finding.path == "malkoll.yaml" and finding.code.startswith(ABOUT_THE_MUNICIPALITY):
        # a file of the municipality's that is missing points at `kommun:` (MK601, MK603,
        # MK605, MK608, MK610): a change to those files (deleting one) sees it
        return any(_municipal(p) for p in changed)
    if finding.organisation is None or finding.organisation not in organisations:
        return False
    return finding.code.startswith(OWN_FOLLOW_UP) or finding.code in ABOUT_THE_ORGANISATION


def _municipal(path: str) -> bool:
    """Whether a file is one of the municipality's own for the annual report: a year's
    `bokslut.yaml`, `hushallning.yaml`, `personal.yaml` or a chapter of its
    förvaltningsberättelse."""
    parts = path.split("/")
    if len(parts) < 2 or _YEAR.fullmatch(parts[0]) is None:
        return False
    return parts[1] in MUNICIPAL_FILES or (len(parts) > 2 and parts[1] == "forvaltningsberattelse")


def is_shared(path: str) -> bool:
    """Whether a file (relative to the root, with `/`) concerns everyone: the settings,
    the organisation tree, a goal, an indicator's values, a year's årshjul."""
    parts = path.split("/")
    name = parts[-1]
    if not name.lower().endswith(SUFFIXES):
        return False
    stem = name.rsplit(".", 1)[0]
    if len(parts) == 1:
        return stem in ROOT_FILES
    if len(parts) == 2 and parts[0] in TOP_DIRS:
        return True
    return len(parts) == 2 and _YEAR.fullmatch(parts[0]) is not None and stem in SHARED_YEAR_FILES


def organisations_of(repo: Repository, changed: set[str]) -> set[str]:
    """The organisations whose plan or internal-control plan is among ``changed``."""
    found: set[str] = set()
    for year in repo.ar.values():
        for plan in year.planer:
            if plan.path in changed and plan.data.organisation:
                found.add(plan.data.organisation)
        for control in year.internkontroll:
            if control.path in changed and control.data.organisation:
                found.add(control.data.organisation)
    return found
