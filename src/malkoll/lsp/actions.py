"""The obvious mends of a finding, as edits of the text: the suggested key or value for a
misspelling ("menade du `x`?"), and the missing parts of an analysis (MK301, MK303,
MK304) as an empty skeleton at the right indentation.

A finding says where it is and, in its message, what was written and what was meant, in
backticks (`text.quote`); the edit replaces what was written with what was meant, where
it stands at or below the finding's place. The skeletons are worked out from the lines
and their indentation, so that they also fit a file that does not parse as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from malkoll.findings import Finding
from malkoll.model.settings import Installningar

_SUGGESTION = re.compile(r"Menade du `([^`]*)`\?")
_QUOTED = re.compile(r"`([^`]*)`")
_PART = re.compile(r"uppfoljning\.[^.\s]+\.analys\.(\w+)")
SEARCHED_LINES = 200
"""How far below a finding's line the misspelt value of a list is looked for."""


@dataclass(frozen=True)
class Mend:
    """Replace ``length`` code points at 0-based ``line`` and ``col`` with ``text``."""

    title: str
    line: int
    col: int
    length: int
    text: str
    preferred: bool = False


def mends(finding: Finding, lines: list[str], settings: Installningar) -> list[Mend]:
    """The mends of one finding in a file of ``lines``."""
    row = finding.line - 1
    if not 0 <= row < len(lines):
        return []
    out = []
    suggestion = _suggested(finding, lines)
    if suggestion is not None:
        out.append(suggestion)
    col = finding.col - 1
    if finding.code == "MK301" and finding.period:
        out.extend(_analysis(lines, row, col, finding.period, settings))
    elif finding.code == "MK303":
        parts = list(dict.fromkeys(_PART.findall(finding.hint)))
        out.extend(_add_keys(lines, row, col, parts, "Lägg till " + " och ".join(parts)))
    elif finding.code == "MK304":
        out.extend(_measures(lines, row, col))
    return out


def _suggested(finding: Finding, lines: list[str]) -> Mend | None:
    found = _SUGGESTION.findall(finding.message)
    if not found:
        return None
    meant = found[-1]
    head = _SUGGESTION.sub("", finding.message)
    written = [w for w in _QUOTED.findall(head) if w and w != meant]
    row, col = finding.line - 1, finding.col - 1
    for index in range(row, min(row + SEARCHED_LINES, len(lines))):
        line = lines[index]
        if index > row and _indent(line) <= col and line.strip():
            break
        for word in written:
            pattern = re.compile(r"(?<![\w.\-])" + re.escape(word) + r"(?![\w.\-])")
            hit = pattern.search(line, col if index == row else 0)
            if hit is not None:
                title = f"Ändra till `{meant}`"
                return Mend(title, index, hit.start(), len(word), meant, preferred=True)
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block(lines: list[str], row: int, col: int) -> tuple[int, int | None]:
    """The last line of the block below the key at ``row``, ``col`` and the indentation
    of its children (None when it has none)."""
    last, child = row, None
    for index in range(row + 1, len(lines)):
        line = lines[index]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if _indent(line) <= col:
            break
        if child is None:
            child = _indent(line)
        last = index
    return last, child


def _value_after_key(line: str, col: int) -> str:
    colon = line.find(":", col)
    return line[colon + 1 :].split(" #")[0].strip() if colon >= 0 else ""


def _add_keys(lines: list[str], row: int, col: int, keys: list[str], title: str) -> list[Mend]:
    """Empty ``keys`` added to the mapping under the key at ``row``, ``col``."""
    if not keys:
        return []
    line = lines[row]
    value = _value_after_key(line, col)
    if value.startswith("{"):
        close = line.rfind("}")
        if close < 0:
            return []
        inside = line[line.find("{", col) + 1 : close].strip()
        text = ("" if not inside else ", ") + ", ".join(f'{k}: ""' for k in keys)
        return [Mend(title, row, close, 0, text)]
    if value:
        return []
    last, child = _block(lines, row, col)
    indent = " " * (child if child is not None else col + 2)
    text = "".join(f"\n{indent}{k}: " for k in keys)
    return [Mend(title, last, len(lines[last]), 0, text)]


def _analysis(
    lines: list[str], row: int, col: int, period: str, settings: Installningar
) -> list[Mend]:
    """MK301: an analysis with the parts `analys.kravs` asks for, under the period (or a
    new period under `uppfoljning`)."""
    parts = list(settings.analys.kravs)
    line = lines[row]
    key = line[col:].split(":", 1)[0].strip().strip("\"'")
    named = settings.perioder.get(period)
    title = (
        f"Lägg till en analys för {named.namn} ({period})"
        if named
        else f"Lägg till en analys för {period}"
    )
    if key == period:
        value = _value_after_key(line, col)
        if value.startswith("{"):
            close = line.rfind("}")
            inner = ", ".join(f'{p}: ""' for p in parts)
            inside = line[line.find("{", col) + 1 : close].strip()
            sep = ", " if inside else ""
            return [Mend(title, row, close, 0, f"{sep}analys: {{{inner}}}")] if close > 0 else []
        if value:
            return []
        last, child = _block(lines, row, col)
        indent = child if child is not None else col + 2
        text = f"\n{' ' * indent}analys:" + "".join(f"\n{' ' * (indent + 2)}{p}: " for p in parts)
        return [Mend(title, last, len(lines[last]), 0, text)]
    if key == "uppfoljning" and not _value_after_key(line, col):
        last, child = _block(lines, row, col)
        indent = child if child is not None else col + 2
        text = f"\n{' ' * indent}{period}:\n{' ' * (indent + 2)}analys:" + "".join(
            f"\n{' ' * (indent + 4)}{p}: " for p in parts
        )
        return [Mend(title, last, len(lines[last]), 0, text)]
    return []


def _measures(lines: list[str], row: int, col: int) -> list[Mend]:
    """MK304: `atgarder` in the analysis beside the assessment at ``row``, ``col``."""
    title = "Lägg till åtgärder (atgarder) i analysen"
    analys = _sibling(lines, row, col, "analys")
    if analys is not None:
        return _add_keys(lines, analys[0], analys[1], ["atgarder"], title)
    text = f"\n{' ' * col}analys:\n{' ' * (col + 2)}atgarder: "
    last, _child = _block(lines, row, col)
    return [Mend(title, last, len(lines[last]), 0, text)]


def _sibling(lines: list[str], row: int, col: int, key: str) -> tuple[int, int] | None:
    """The line and column of ``key`` in the mapping whose key stands at ``row``, ``col``."""
    pattern = re.compile(r"(?:- +)*" + re.escape(key) + r"\s*:")
    for step in (-1, 1):
        index = row
        while 0 <= index < len(lines):
            line = lines[index]
            if index != row and line.strip() and not line.lstrip().startswith("#"):
                indent = _indent(line)
                lead = re.match(r" *(?:- +)*", line)
                at = lead.end() if lead else indent
                if at == col and pattern.match(line, indent):
                    return index, col
                if at < col or (at == col and "-" in line[indent:at]):
                    if step == -1 and at == col and pattern.match(line, indent):
                        return index, col
                    break
            index += step
    return None
