"""The output formats of `validera`: one function per format, chosen from `FORMATS`.

Each returns what goes to stdout and what goes to stderr. The JSON shape is a public
interface (documented in the README): keys are only ever added, never changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from . import __version__
from .validate import Result

JSON_FORMAT_VERSION = 1


def summary(result: Result) -> str:
    """`3 fel och 12 varningar i 5 av 41 filer.`"""
    files = len(result.files)
    of_files = f"{files} {'fil' if files == 1 else 'filer'}"
    if not result.findings:
        return f"Inga fel eller varningar i {of_files}."
    warnings = f"{result.warnings} {'varning' if result.warnings == 1 else 'varningar'}"
    return f"{result.errors} fel och {warnings} i {result.files_with_findings} av {of_files}."


def text(result: Result) -> tuple[str, str]:
    """`PATH:LINE:COL: SEVERITY CODE message`, the hint indented below, then the summary."""
    lines: list[str] = []
    for finding in result.findings:
        lines.append(finding.head())
        if finding.hint:
            lines.append("    " + " ".join(finding.hint.split()))
    if lines:
        lines.append("")
    lines.append(summary(result))
    return "\n".join(lines) + "\n", ""


def as_json(result: Result) -> tuple[str, str]:
    """The stable JSON shape for other tools; the summary goes to stderr."""
    doc = {
        "format": JSON_FORMAT_VERSION,
        "malkoll": __version__,
        "rot": str(result.root),
        "filer": len(result.files),
        "fel": result.errors,
        "varningar": result.warnings,
        "fynd": [
            {
                "fil": x.path,
                "rad": x.line,
                "kolumn": x.col,
                "kod": x.code,
                "allvarlighet": x.severity,
                "meddelande": x.message,
                "tips": x.hint,
                "organisation": x.organisation,
                "period": x.period,
            }
            for x in result.findings
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n", summary(result) + "\n"


FORMATS: dict[str, Callable[[Result], tuple[str, str]]] = {"text": text, "json": as_json}
