"""The output formats of `validera`: one function per format, chosen from `FORMATS`.

Each format is called as ``FORMATS[name](result, color=...)`` and returns what goes to
stdout and what goes to stderr. `text` writes everything to stdout; the machine formats
(json, github, gitlab, sarif) write only their document to stdout and the summary line
to stderr. The JSON shape is a public interface (documented in the README): keys are
only ever added, never changed.

The CI formats (github, gitlab, sarif) name files relative to the git checkout, not to
the malkoll repository: `checkout_prefix` finds the repository's folder relative to the
working directory, so `malkoll validera exempel/ale-2020` run at the checkout's top
names `exempel/ale-2020/2020/plan/x.yaml`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from malkoll import __version__
from malkoll.findings import Finding, Rule, Severity
from malkoll.rules.catalog import RULES, all_rules
from malkoll.text import count, fold, json_text, printable
from malkoll.validate import Result

JSON_FORMAT_VERSION = 1

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"

STEP_SUMMARY_ROWS = 500
"""How many findings the GitHub step summary lists at most."""


class Format(Protocol):
    """A format: the result in, (stdout, stderr) out."""

    def __call__(self, result: Result, color: bool = False) -> tuple[str, str]: ...


def summary(result: Result) -> str:
    """`3 fel och 12 varningar i 5 av 41 filer.`: the files with findings among every file
    checked (`Result.checked_files`); for a check of a change, `Scope.summary`."""
    of_files = count(result.checked_files, "fil", "filer")
    warnings = count(result.warnings, "varning", "varningar")
    whole = f"{result.errors} fel och {warnings} i {result.files_with_findings} av {of_files}."
    if not result.findings:
        whole = f"Inga fel eller varningar i {of_files}."
    if result.scope is None:
        return whole
    return result.scope.summary(result.errors, result.warnings, result.files_with_findings, whole)


# --- what a value may not do -------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile("[ \t\r\n]+")


def shown(text: str | None, keep_lines: bool = False) -> str:
    """A value as a terminal or a CI log shows it: every control character as its escape
    (`text.printable`; one line unless ``keep_lines``), and a lone surrogate (a file name
    that is not UTF-8) as `\\udc85`, so that a value can neither move the cursor, retitle
    the terminal, forge a line of its own nor make the output unwritable."""
    if not text:
        return ""
    out = printable(text, keep_lines=keep_lines)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", out)


def _line(text: str | None) -> str:
    """A message or hint on one line: runs of whitespace as one space, then `shown`."""
    return shown(_SPACES.sub(" ", text or "").strip())


# --- text -----------------------------------------------------------------------------

_SEVERITY_STYLE: dict[str, str] = {"fel": "bold red", "varning": "bold yellow"}


def _paint(text: str, style: str, color: bool) -> str:
    """``text`` in ANSI colours (the 16 standard ones) when ``color``; else as it is."""
    if not color or not text:
        return text
    from rich.color import ColorSystem  # only where a terminal wants colour
    from rich.style import Style

    return Style.parse(style).render(text, color_system=ColorSystem.STANDARD)


def _head(finding: Finding, color: bool) -> str:
    """`PATH:LINE:COL: SEVERITY CODE message` on one line (as `Finding.head`, with the path
    and message `shown`), the place dimmed and the severity coloured when ``color``."""
    place = f"{shown(finding.path)}:{finding.line}:{finding.col}:"
    rest = f"{shown(finding.code)} {_line(finding.message)}"
    if not color:
        return f"{place} {finding.severity} {rest}"
    style = _SEVERITY_STYLE.get(finding.severity, "bold")
    return f"{_paint(place, 'dim', color)} {_paint(finding.severity, style, color)} {rest}"


def text(result: Result, color: bool = False) -> tuple[str, str]:
    """`PATH:LINE:COL: SEVERITY CODE message`, the hint indented below, then the summary.

    Findings are grouped by file, with a blank line between files.

    Lines are never wrapped. With ``color`` the severity is red (fel) or yellow
    (varning), the place dimmed and the summary bold; without the ANSI codes the text is
    the same as without ``color``.
    """
    lines: list[str] = []
    previous = None
    for finding in result.findings:
        if previous is not None and finding.path != previous:
            lines.append("")  # grouped by file
        previous = finding.path
        lines.append(_head(finding, color))
        if finding.hint:
            lines.append("    " + _line(finding.hint))
    if lines:
        lines.append("")
    style = "bold red" if result.errors else "bold yellow" if result.warnings else "bold green"
    lines.append(_paint(summary(result), style, color))
    return "\n".join(lines) + "\n", ""


# --- json -----------------------------------------------------------------------------


def as_json(result: Result, color: bool = False) -> tuple[str, str]:
    """The stable JSON shape for other tools; the summary goes to stderr."""
    doc = {
        "format": JSON_FORMAT_VERSION,
        "malkoll": __version__,
        "rot": str(result.root),
        "filer": result.checked_files,
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
    if result.scope is not None:  # a check of a change: what it kept and left out
        doc["andring"] = result.scope.as_json()
    return json_text(doc), summary(result) + "\n"


# --- paths relative to the git checkout -------------------------------------------------


def checkout_prefix(root: Path, cwd: Path | None = None) -> str:
    """The repository's folder relative to the top of its git checkout.

    `"exempel/ale-2020/"` for a repository in that folder of a checkout, `""` when the
    repository is the checkout's top. Outside a git checkout, relative to ``cwd``
    (default: the working directory), or `""` when the repository is not inside it.
    """
    try:
        root = root.resolve()
        top = next((d for d in (root, *root.parents) if (d / ".git").exists()), None)
        here = top or (cwd if cwd is not None else Path.cwd()).resolve()
        rel = root.relative_to(here)
    except (OSError, RuntimeError, ValueError):
        return ""
    return "" if rel == Path() else rel.as_posix() + "/"


def _prefix(result: Result, prefix: str | None) -> str:
    """``prefix``, or when it is None, the result's `checkout_prefix`."""
    return checkout_prefix(result.root) if prefix is None else prefix


def checkout_path(finding: Finding, prefix: str) -> str:
    """The finding's file as the checkout names it: ``prefix`` + its path, with `/`."""
    return prefix + finding.path.replace("\\", "/")


# --- rules ------------------------------------------------------------------------------


def _title(code: str) -> str:
    """`MK104 Okänd nyckel`: the code and its rule's title (just the code if unknown)."""
    known = RULES.get(code)
    return f"{code} {known.title}" if known else code


def _message_and_hint(finding: Finding) -> str:
    """The message, and the hint on a line of its own."""
    return f"{finding.message}\n{finding.hint}" if finding.hint else finding.message


def _message_and_hint_shown(finding: Finding) -> str:
    """`_message_and_hint` for a log: each `shown`, line breaks kept."""
    message = shown(finding.message, keep_lines=True)
    return f"{message}\n{shown(finding.hint, keep_lines=True)}" if finding.hint else message


# --- github -----------------------------------------------------------------------------

_GITHUB_LEVEL: dict[str, str] = {"fel": "error", "varning": "warning"}


def github_data(value: str) -> str:
    """Escape a workflow command's message: `%`, CR and LF (the workflow-command rules)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(value: str) -> str:
    """Escape a workflow command's property: as the message, and also `:` and `,`."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")


def github(result: Result, color: bool = False, *, prefix: str | None = None) -> tuple[str, str]:
    """GitHub Actions workflow commands, one annotation per finding; summary to stderr.

    `::error file=P,line=L,col=C,title=MK104 Okänd nyckel::message%0Ahint` (`::warning`
    for a varning). ``prefix`` is put before each path; by default `checkout_prefix`.
    """
    prefix = _prefix(result, prefix)
    lines = []
    for x in result.findings:
        level = _GITHUB_LEVEL.get(x.severity, "error")
        props = ",".join(
            f"{key}={github_property(value)}"
            for key, value in (
                ("file", shown(checkout_path(x, prefix))),
                ("line", str(x.line)),
                ("col", str(x.col)),
                ("title", shown(_title(x.code))),
            )
        )
        lines.append(f"::{level} {props}::{github_data(_message_and_hint_shown(x))}")
    out = "".join(line + "\n" for line in lines)
    return out, summary(result) + "\n"


def _cell(value: str | None) -> str:
    """A Markdown table cell: one line, pipes escaped."""
    if not value:
        return ""
    return _line(value).replace("|", "\\|")


def step_summary(
    result: Result, *, prefix: str | None = None, limit: int = STEP_SUMMARY_ROWS
) -> str:
    """Markdown for `$GITHUB_STEP_SUMMARY`: a heading, the summary and a table of findings.

    The table lists at most ``limit`` findings and says how many it left out.
    """
    prefix = _prefix(result, prefix)
    parts = ["## malkoll validera", "", summary(result), ""]
    if result.findings:
        parts += [
            "| Fil | Kod | Allvarlighet | Organisation | Period | Meddelande |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for x in result.findings[:limit]:
            cells = [
                f"{checkout_path(x, prefix)}:{x.line}",
                x.code,
                x.severity,
                x.organisation,
                x.period,
                x.message,
            ]
            parts.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        parts.append("")
        left_out = len(result.findings) - limit
        if left_out > 0:
            parts += [
                f"Tabellen visar de första {limit} av {len(result.findings)} fynden; "
                f"{left_out} visas inte här (se loggen).",
                "",
            ]
    return "\n".join(parts)


# --- gitlab -----------------------------------------------------------------------------

_GITLAB_SEVERITY: dict[str, str] = {"fel": "major", "varning": "minor"}


def fingerprint(finding: Finding, path: str) -> str:
    """A stable SHA-256 of what the finding says and where it belongs: its code, file,
    organisation, period and message, not its line and column, so that a finding stays the
    same finding when a line above it moves (GitLab and code scanning then show it as old,
    not as new and fixed)."""
    parts = (finding.code, path, finding.organisation or "", finding.period or "")
    key = "\0".join((*parts, finding.message))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def fingerprints(result: Result, prefix: str) -> list[str]:
    """Each finding's fingerprint, in order; findings that say the same thing in the same
    file are numbered in the order they stand, so each keeps one of its own."""
    out: list[str] = []
    seen: set[str] = set()
    for x in result.findings:
        base = fingerprint(x, checkout_path(x, prefix))
        fp, n = base, 1
        while fp in seen:
            n += 1
            fp = hashlib.sha256(f"{base}\0{n}".encode()).hexdigest()
        seen.add(fp)
        out.append(fp)
    return out


def gitlab(result: Result, color: bool = False, *, prefix: str | None = None) -> tuple[str, str]:
    """A GitLab Code Quality report (a JSON array of issues); summary to stderr."""
    prefix = _prefix(result, prefix)
    issues: list[dict[str, Any]] = []
    for x, fp in zip(result.findings, fingerprints(result, prefix), strict=True):
        path = checkout_path(x, prefix)
        issues.append(
            {
                "description": " ".join(x.message.split()),
                "check_name": x.code,
                "fingerprint": fp,
                "severity": _GITLAB_SEVERITY.get(x.severity, "major"),
                "location": {"path": path, "lines": {"begin": x.line}},
            }
        )
    return json_text(issues), summary(result) + "\n"


# --- sarif ------------------------------------------------------------------------------

_SARIF_LEVEL: dict[Severity, str] = {"fel": "error", "varning": "warning"}
INFORMATION_URI = "https://github.com/malkoll/malkoll"
"""Where malkoll is described, for tools that link to the tool behind a finding."""


def _fence(code: str) -> str:
    """A Markdown code fence longer than any run of backticks in ``code``."""
    longest, run = 0, 0
    for char in code:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def _sarif_rule(r: Rule) -> dict[str, Any]:
    text_parts, markdown_parts = [r.explanation], [r.explanation]
    for label, example in (("Fel", r.wrong), ("Rätt", r.right)):
        if example:
            fence = _fence(example)
            text_parts.append(f"{label}:\n{example}")
            markdown_parts.append(f"**{label}:**\n\n{fence}yaml\n{example}\n{fence}")
    return {
        "id": r.code,
        "name": rule_name(r),
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.explanation},
        "defaultConfiguration": {"level": _SARIF_LEVEL.get(r.severity, "error")},
        "help": {"text": "\n\n".join(text_parts), "markdown": "\n\n".join(markdown_parts)},
    }


def rule_name(r: Rule) -> str:
    """A rule's name for tools that show one beside its id: its title as one word
    (`Analys saknas` -> `AnalysSaknas`), in ASCII."""
    words = re.findall(r"[A-Za-z0-9]+", fold(r.title))
    return "".join(w[:1].upper() + w[1:] for w in words) or r.code


def sarif_uri(path: str) -> str:
    """A relative path as a SARIF URI reference: `/` kept, anything else unsafe escaped."""
    return quote(path.replace("\\", "/"), safe="/", errors="surrogateescape")


def sarif(result: Result, color: bool = False, *, prefix: str | None = None) -> tuple[str, str]:
    """A SARIF 2.1.0 log (for GitHub code scanning and other tools); summary to stderr."""
    prefix = _prefix(result, prefix)
    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for x, fp in zip(result.findings, fingerprints(result, prefix), strict=True):
        item: dict[str, Any] = {"ruleId": x.code}
        if x.code in index:
            item["ruleIndex"] = index[x.code]
        item["level"] = _SARIF_LEVEL.get(x.severity, "error")
        item["message"] = {"text": _message_and_hint(x)}
        item["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": sarif_uri(checkout_path(x, prefix))},
                    "region": {"startLine": max(1, x.line), "startColumn": max(1, x.col)},
                }
            }
        ]
        item["partialFingerprints"] = {"malkollFinding/v1": fp}
        properties = {
            key: value
            for key, value in (("organisation", x.organisation), ("period", x.period))
            if value is not None
        }
        if properties:
            item["properties"] = properties
        results.append(item)
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "malkoll",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_sarif_rule(r) for r in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json_text(doc), summary(result) + "\n"


FORMATS: dict[str, Format] = {
    "text": text,
    "json": as_json,
    "github": github,
    "gitlab": gitlab,
    "sarif": sarif,
}
"""The formats by `--format` name; each is called as ``FORMATS[name](result, color=...)``."""
