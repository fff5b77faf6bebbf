"""What `malkoll validera` does once its options are parsed, without typer.

The typer command (`cli/validera.py`) parses the options and calls `validera`; so does the
console entry point for a plain command line it has parsed itself (`replay.options`), so
that the commonest command, `malkoll validera` in a hook or CI, does not pay for
importing typer and click. Either way the same function prints the same output and gives
the same exit status.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from malkoll.cli import replay
from malkoll.cli.progress import progress_bar, use_color
from malkoll.errors import MalkollError
from malkoll.text import printable


def validera(
    start: Path,
    fmt: str | None,
    day: dt.date | None,
    period: str | None,
    ar: int | None,
    strikt: bool,
    utan_cache: bool,
) -> int:
    """Check the repository at or above ``start``, print the findings in ``fmt`` (None:
    text, or github where GITHUB_ACTIONS is set) and give the exit status."""
    from malkoll.formats import FORMATS as WRITERS
    from malkoll.formats import step_summary
    from malkoll.validate import validera as run

    chosen = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") else "text")
    planned = replay.active()  # the entry point's plan: read through the same cache
    cache = False if utan_cache else (planned.store if planned is not None else True)
    try:
        with progress_bar(chosen == "text") as progress:
            result = run(start, idag=day, period=period, ar=ar, progress=progress, cache=cache)
    except MalkollError as err:
        sys.stderr.write(f"malkoll: {printable(str(err), keep_lines=True)}\n")
        return err.exit_status
    out, err_text = WRITERS[chosen](result, color=chosen == "text" and use_color(sys.stdout))
    sys.stdout.write(out)
    if err_text:
        sys.stderr.write(err_text)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    summary = step_summary(result) if chosen == "github" and summary_file else None
    if summary is not None:
        with Path(str(summary_file)).open("a", encoding="utf-8") as fh:
            fh.write(summary)
    status = result.exit_status(strict=strikt)
    replay.record(result.root, out, err_text, status, summary)
    return status
