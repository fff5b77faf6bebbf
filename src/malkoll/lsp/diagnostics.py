"""Findings as the editor shows them: an LSP diagnostic with its range in the client's
units, the rule's code, the Swedish message with its hint, the severity of the finding."""

from __future__ import annotations

from lsprotocol import types as t

from malkoll.findings import Finding
from malkoll.lsp.place import token_end, units

SOURCE = "malkoll"
INFORMATION_URI = "https://github.com/malkoll/malkoll/blob/main/docs/regler.md"
SEVERITY = {"fel": t.DiagnosticSeverity.Error, "varning": t.DiagnosticSeverity.Warning}


def span(finding: Finding, lines: list[str]) -> tuple[int, int, int]:
    """The finding's 0-based line and its start and end column in code points: the key or
    value it points at (a finding beyond the text, at the text's end)."""
    row = max(finding.line - 1, 0)
    if row >= len(lines):
        row = max(len(lines) - 1, 0)
        last = lines[row] if lines else ""
        return row, len(last), len(last)
    line = lines[row]
    start = min(max(finding.col - 1, 0), len(line))
    if finding.line == 1 and finding.col == 1 and not line.strip():
        return row, 0, 0
    return row, start, token_end(line, start)


def to_range(finding: Finding, lines: list[str], encoding: str) -> t.Range:
    row, start, end = span(finding, lines)
    line = lines[row] if row < len(lines) else ""
    return t.Range(
        t.Position(row, units(line, start, encoding)), t.Position(row, units(line, end, encoding))
    )


def diagnostic(finding: Finding, lines: list[str], encoding: str) -> t.Diagnostic:
    """The finding as an LSP diagnostic."""
    message = finding.message + (f"\n{finding.hint}" if finding.hint else "")
    return t.Diagnostic(
        range=to_range(finding, lines, encoding),
        message=message,
        severity=SEVERITY[finding.severity],
        code=finding.code,
        code_description=t.CodeDescription(href=f"{INFORMATION_URI}#{finding.code.lower()}"),
        source=SOURCE,
    )


def at(found: list[Finding], lines: list[str], row: int, col: int) -> list[Finding]:
    """The findings whose range holds the 0-based ``row`` and ``col`` (code points)."""
    out = []
    for finding in found:
        line, start, end = span(finding, lines)
        if line == row and start <= col <= max(end, start + 1):
            out.append(finding)
    return out
