"""Building the site: every page as bytes, from a repository read once.

The pages are the year's reports for every period that has been followed up (the whole
municipality's and each nämnd's, rendered by `malkoll.report` through a page of the site
that adds its links), the findings page and the index. Every link between them is
relative, so the folder works under any path (GitLab and GitHub Pages put a project's
site under `/projekt/`). A report that cannot be built (a broken template) becomes a
page that says why; everything from the repository passes the report's escaping.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from malkoll.errors import BadOption, MalkollError
from malkoll.model.index import Index
from malkoll.model.repository import Ar, Repository
from malkoll.reading.load import load, paused_gc
from malkoll.reading.walk import find_root
from malkoll.report import convert, for_namnd, git_commit, period_findings, this_year, view
from malkoll.report.render import TemplateProblem, _template_of, render
from malkoll.report.safe import one_line
from malkoll.site.findings import Fyndsida, page
from malkoll.status.compute import Status, compute, default_year
from malkoll.text import tal
from malkoll.validate import Result, check

INDEX, FINDINGS = "index.html", "fynd.html"
NEUTRAL = "Målrepot"
"""The site's name when malkoll.yaml gives no municipality (broken, or without `kommun`)."""
ADMIN = "admin/index.html"
"""The form manager's page, when the site is given one (`extra`)."""
Progress = Callable[[int, int, str], None]
"""Told (done, total, the report's title) as each report's downloads are made."""
DOWNLOADS = {"pdf": "PDF", "docx": "Word"}
"""The formats a report can also be downloaded as, and their names on the pages."""


def size(count: int) -> str:
    """A file's size as a download link gives it: `850 kB`, `1,2 MB`."""
    if count < 1_000_000:
        return f"{tal(max(1, round(count / 1000)))} kB"
    return f"{tal(count / 1_000_000, 1)} MB"


def available(fmt: str) -> None:
    """`BadOption` saying how to install the extra ``fmt`` needs, when it is missing."""
    if fmt == "pdf":
        from malkoll.report.pdf import weasyprint

        weasyprint()
    else:
        from malkoll.report.docx import require_word

        require_word()


@dataclass(frozen=True)
class Sida:
    """One report page of the site: its file, its title, and whether it is a draft."""

    fil: str
    titel: str
    period: str
    namnd: str | None
    utkast: bool
    fel: str | None = None
    """Why the report could not be built (then the page says it), or None."""
    filer: tuple[tuple[str, str, str], ...] = ()
    """The report to download, as (the format's name, its file, its size): PDF and Word."""
    bolag: bool = False
    """Whether it is a municipal company's report, not a nämnd's."""


@dataclass(frozen=True)
class Period:
    """A followed-up period: the whole municipality's report and each nämnd's."""

    id: str
    namn: str
    rapport: Sida
    namnder: list[Sida]


@dataclass
class Site:
    """The site as files, and what went into it."""

    root: Path
    kommun: str
    ar: int
    perioder: list[Period]
    fynd: Fyndsida
    result: Result
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def failed(self) -> list[Sida]:
        """The reports that could not be built."""
        return [s for p in self.perioder for s in (p.rapport, *p.namnder) if s.fel]


def build(
    start: Path,
    year: int | None = None,
    *,
    today: dt.date | None = None,
    templates: Path | None = None,
    extra: Mapping[str, bytes] | None = None,
    cache: bool = True,
    downloads: tuple[str, ...] = (),
    progress: Progress | None = None,
) -> Site:
    """Read the repository at or above ``start`` and build its site for ``year`` (default:
    the year being followed up, as for `status`). ``extra``: more files for the site by
    their relative path (the form manager under `admin/`). ``downloads``: `pdf` and
    `docx`, each report also as that file, linked from its page and the index;
    ``progress`` is told of each report before its files are made (they take seconds)."""
    root = find_root(start)
    if templates is not None and not templates.is_dir():
        raise BadOption(one_line(f"Mallmappen {templates} finns inte."))
    for fmt in downloads:
        if fmt not in DOWNLOADS:
            raise BadOption(f"Okänt format {fmt!r} att ladda ner; välj bland pdf och docx.")
        available(fmt)  # the extra is installed, before anything is built
    day = today or dt.date.today()
    with paused_gc():
        repo = load(root, cache=cache)
        chosen = tuple(dict.fromkeys(downloads))
        return site(repo, year, day, templates, extra or {}, chosen, progress, cache)


def site(
    repo: Repository,
    year: int | None,
    today: dt.date,
    templates: Path | None,
    extra: Mapping[str, bytes],
    downloads: tuple[str, ...] = (),
    progress: Progress | None = None,
    cache: bool = True,
) -> Site:
    """The site of a repository that has been read; ``cache``: a PDF or Word file made
    before from the same HTML is taken from the repository's cache."""
    chosen = _year(repo, year, today)
    own = [templates] if templates else []
    if (repo.root / "mallar").is_dir():
        own.append(repo.root / "mallar")
    commit, changed, committed = git_commit(repo.root)
    index = Index.of(repo)
    namnder = [o for o in index.orgs if index.namnd_of(o) == o]
    whole = this_year(check(repo, today, ar=chosen), chosen)
    settings = repo.installningar
    periods = followed_up(repo.ar[chosen], list(settings.perioder))
    try:  # what is missing: for the period `malkoll status` shows for the day
        now: Status | None = compute(repo, chosen, today)
    except MalkollError:
        now = None
    fynd = page(index, now, whole.findings, today)
    kommun = settings.kommun.strip() or NEUTRAL  # malkoll.yaml broken or without a name
    out = Site(repo.root, kommun, chosen, [], fynd, whole)
    pages: dict[str, str] = {}
    binary: dict[str, bytes] = {}
    total, done = len(periods) * (1 + len(namnder)), 0
    for key in periods:
        result = period_findings(repo, chosen, key, today)
        made = []
        for namnd in (None, *namnder):
            name = f"{settings.perioder[key].namn} {chosen}"
            title = f"{name} – {index.name(namnd)}" if namnd else name
            fil = _slug(f"rapport-{chosen}-{key}" + (f"-{namnd}" if namnd else "")) + ".html"
            try:
                model = view.build(
                    repo,
                    chosen,
                    key,
                    namnd=namnd,
                    findings=for_namnd(result, repo, chosen, namnd).findings,
                    today=today,
                    commit=commit,
                    changed=changed,
                    committed=committed,
                )
                filer: list[tuple[str, str, str]] = []
                if downloads:  # from the report's own HTML, as malkoll rapport makes them
                    done += 1
                    if progress is not None:
                        progress(done, total, title)
                    report = render(model, "html", own, repo.root)
                    for fmt in downloads:
                        name = f"{fil.removesuffix('.html')}.{fmt}"
                        binary[name] = convert(
                            fmt, report, draft=model.utkast, base=repo.root, cache=cache
                        )
                        filer.append((DOWNLOADS[fmt], name, size(len(binary[name]))))
                pages[fil] = render(
                    model,
                    "html",
                    own,
                    repo.root,
                    "webbplats/rapport.html.j2",
                    sajt=_links(extra),
                    filer=filer,
                )
                bolag = namnd is not None and index.typ(namnd) == "bolag"
                made.append(Sida(fil, title, key, namnd, model.utkast, None, tuple(filer), bolag))
            except TemplateProblem as err:
                made.append(Sida(fil, title, key, namnd, False, why(err, repo.root)))
        out.perioder.append(Period(key, settings.perioder[key].namn, made[0], made[1:]))
    for p in out.perioder:
        for s in (p.rapport, *p.namnder):
            if s.fel:
                pages[s.fil] = _page(own, repo.root, "webbplats/fel.html.j2", out, extra, sida=s)
    pages[FINDINGS] = _page(own, repo.root, "webbplats/fynd.html.j2", out, extra, f=out.fynd)
    pages[INDEX] = _page(own, repo.root, "webbplats/index.html.j2", out, extra)
    out.files = {**dict(extra), **binary, **{k: v.encode("utf-8") for k, v in pages.items()}}
    return out


def why(err: TemplateProblem, root: Path) -> str:
    """Why a report could not be built, in Swedish: the template file and line first,
    Jinja's or Python's own words (English) after it in parentheses."""
    cause = err.__context__  # what render() turned into the problem (`from None`)
    if isinstance(cause, jinja2.TemplateSyntaxError):
        where: str | None = f"{cause.filename or cause.name}:{cause.lineno}"
    elif isinstance(cause, Exception) and not isinstance(cause, jinja2.TemplateNotFound):
        where = _template_of(cause.__traceback__, line=True)
    else:
        where = None
    if cause is None or where is None or isinstance(cause, RecursionError):
        return str(err)
    path, _, line = where.rpartition(":")
    with contextlib.suppress(ValueError):  # a template outside the repository: as given
        path = Path(path).resolve().relative_to(root.resolve()).as_posix()
    if isinstance(cause, jinja2.TemplateSyntaxError):
        what = "är felskriven"
    elif isinstance(cause, jinja2.UndefinedError):
        what = "använder något som inte finns"
    elif isinstance(cause, ZeroDivisionError):
        what = "delar med noll"
    else:
        what = "gick inte att använda"
    detail = cause.message if isinstance(cause, jinja2.TemplateError) else str(cause)
    return one_line(f"Mallen {path}, rad {line}, {what} ({detail or type(cause).__name__}).")


def _links(extra: Mapping[str, bytes]) -> dict[str, str | None]:
    """The site's own links, as every page shows them."""
    return {"start": INDEX, "fynd": FINDINGS, "admin": ADMIN if ADMIN in extra else None}


def _page(
    own: list[Path],
    root: Path,
    template: str,
    site: Site,
    extra: Mapping[str, bytes],
    **values: object,
) -> str:
    return render(site, "html", own, root, template, sajt=_links(extra), **values)


def check_year(root: Path, year: int, today: dt.date, cache: bool = True) -> None:
    """Refuse (BadOption) a ``year`` the repository at ``root`` has no folder for, as
    `build` would; a repository that cannot be read at all is left to `build` to tell."""
    try:
        with paused_gc():
            repo = load(root, cache=cache)
    except MalkollError:
        return
    _year(repo, year, today)


def _year(repo: Repository, year: int | None, today: dt.date) -> int:
    """``year``, or the year being followed up (as for `status`), or the latest before it."""
    if year is None:
        year = default_year(repo, today)
        earlier = [y for y in repo.ar if y <= year]
        if year not in repo.ar and repo.ar:
            year = max(earlier) if earlier else min(repo.ar)
    if year not in repo.ar:
        years = ", ".join(str(y) for y in sorted(repo.ar)) or "inga"
        raise BadOption(f"Året {year} finns inte i målrepot (årsmappar: {years}).")
    return year


def followed_up(year: Ar, periods: list[str]) -> list[str]:
    """The periods of ``year`` that something has been followed up for (a delmål, an
    activity, a verksamhetsmål, an uppdrag or a control), in the settings' order."""
    seen: set[str] = set()
    for doc in year.planer:
        for entry in doc.data.delmal:
            seen.update(entry.uppfoljning)
            for a in entry.aktiviteter:
                seen.update(a.uppfoljning)
            for g in entry.verksamhetsmal:
                seen.update(g.uppfoljning)
    for u in year.uppdrag.data.root if year.uppdrag else ():
        seen.update(u.uppfoljning)
    for ik in year.internkontroll:
        for k in ik.data.kontroller:
            seen.update(k.uppfoljning)
    return [p for p in periods if p in seen]


def _slug(text: str) -> str:
    """A file name that needs no escaping in a link: ASCII letters, digits, - and _."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in text.lower())
