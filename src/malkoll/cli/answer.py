"""What `malkoll validera` and `malkoll rapport` do once their options are parsed,
without typer.

The typer commands (`cli/validera.py`, `cli/rapport.py`) parse the options and call these;
so does the console entry point for a plain command line it has read itself
(`plain.read`), so that the commands run again and again in a hook or CI do not pay for
importing typer and click. Either way the same function prints the same output and gives
the same exit status.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from malkoll.cli import plain, replay
from malkoll.cli.progress import progress_bar, use_color
from malkoll.errors import MalkollError, RepoNotFound
from malkoll.text import printable


def said(err: MalkollError, usage: str | None = None) -> int:
    """An expected error as the one line every command gives (`malkoll: …` on stderr),
    and its exit status. ``usage``: the command as it is run with its folder named
    (`malkoll rapport 2020 -C MAPP`), for the hint of a folder without a repository."""
    message = err.told(usage) if isinstance(err, RepoNotFound) else str(err)
    sys.stderr.write(f"malkoll: {printable(message, keep_lines=True)}\n")
    sys.stderr.flush()
    return err.exit_status


def validera(
    start: Path,
    fmt: str | None,
    day: dt.date | None,
    period: str | None,
    ar: int | None,
    strikt: bool,
    utan_cache: bool,
    files: Sequence[str] = (),
    andrade: str | None = None,
) -> int:
    """Check the repository at or above ``start``, print the findings in ``fmt`` (None:
    text, or github where GITHUB_ACTIONS is set) and give the exit status. With ``files``
    (changed files, relative to the working directory) or ``andrade`` (a git ref, "" for
    the default branch), only what belongs to the change is reported (`malkoll.scope`)."""
    from malkoll.formats import FORMATS as WRITERS
    from malkoll.formats import step_summary

    chosen = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") else "text")
    planned = replay.active()  # the entry point's plan: read through the same cache
    cache = False if utan_cache else (planned.store if planned is not None else True)
    try:
        with progress_bar(chosen == "text") as progress:
            if files or andrade is not None:
                from malkoll.scope.narrow import validera as changes

                result = changes(
                    start,
                    files,
                    andrade,
                    idag=day,
                    period=period,
                    ar=ar,
                    progress=progress,
                    cache=cache,
                    known=planned.changes if planned is not None else None,
                )
            else:
                from malkoll.validate import validera as run

                result = run(start, idag=day, period=period, ar=ar, progress=progress, cache=cache)
    except MalkollError as err:
        return said(err, "malkoll validera -C MAPP")
    out, err_text = WRITERS[chosen](result, color=chosen == "text" and use_color(sys.stdout))
    notes = ""
    if files:  # a file named that is missing or outside the repository: said, not hidden
        from malkoll.scope.narrow import not_checked

        lines = not_checked(result.root, files, Path.cwd())
        notes = "".join(f"malkoll: {line}\n" for line in lines)
        sys.stderr.write(notes)
    sys.stdout.write(out)
    if err_text:
        sys.stderr.write(err_text)
    err_text = notes + err_text  # for the replay: the same lines on stderr
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    summary = step_summary(result) if chosen == "github" and summary_file else None
    if summary is not None:
        with Path(str(summary_file)).open("a", encoding="utf-8") as fh:
            fh.write(summary)
    status = result.exit_status(strict=strikt)
    replay.record(result.root, out, err_text, status, summary)
    return status


def rapport(
    katalog: Path,
    ar: int,
    *,
    period: str | None,
    namnd: str | None,
    fmt: str,
    out: Path | None,
    templates: Path | None,
    strikt: bool,
    today: dt.date | None,
    utan_cache: bool,
) -> int:
    """Build the report of ``ar`` in the formats ``fmt`` (`md,html`), say what was written
    and whether it is a draft, and give the exit status."""
    from malkoll.report import rapport as build
    from malkoll.text import count

    formats = tuple(f.strip() for f in fmt.split(",") if f.strip())
    try:
        with progress_bar(True) as progress:
            built = build(
                katalog,
                ar,
                period=period,
                namnd=namnd,
                formats=formats,
                out=out,
                templates=templates,
                strict=strikt,
                today=today,
                progress=progress,
                cache=not utan_cache,
            )
    except MalkollError as err:
        return said(err, f"malkoll rapport {ar} -C MAPP")
    for path in built.files:
        sys.stdout.write(f"Skrev {printable(str(path))}\n")
    if built.draft:
        result = built.result
        warnings = count(result.warnings, "varning", "varningar")
        sys.stdout.write(
            f"Rapporten är ett utkast: {result.errors} fel och {warnings} återstår (se bilagan "
            "i rapporten, eller malkoll validera).\n"
        )
    return 0


def run(fields: dict[str, object]) -> int:
    """Run the command a plain line was read for (`plain.read`) and give its exit status."""

    def text(name: str) -> str | None:
        value = fields.get(name)
        return value if isinstance(value, str) else None

    def path(name: str) -> Path | None:
        value = text(name)
        return Path(value) if value is not None else None

    day = fields.get("idag")
    today = day if isinstance(day, dt.date) else None
    year = fields.get("ar")
    ar = year if isinstance(year, int) else None
    strikt, utan_cache = bool(fields.get("strikt")), bool(fields.get("utan_cache"))
    if fields["command"] == "validera":
        folder = Path(plain.folder(fields))
        named = fields.get("filer")
        files = [str(x) for x in named] if isinstance(named, list) else []
        return validera(
            folder,
            text("format"),
            today,
            text("period"),
            ar,
            strikt,
            utan_cache,
            files,
            text("andrade"),
        )
    assert ar is not None  # ÅR is required: `read` gives no fields without it
    return rapport(
        path("katalog") or Path(),
        ar,
        period=text("period"),
        namnd=text("namnd"),
        fmt=text("format") or "md,html",
        out=path("ut"),
        templates=path("mallar"),
        strikt=strikt,
        today=today,
        utan_cache=utan_cache,
    )
