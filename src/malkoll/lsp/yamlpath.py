"""The YAML path at the cursor, read from lines and indentation, never from a parser.

A person completing a key is in the middle of typing it: the file is seldom valid YAML
at that moment. So the path is worked out the way a person reads it: the cursor's line
says whether a key or a value is being written (and in a flow collection, `{status: pa`
or `[N15`, which); each line above that is indented less is a parent key, and a `- `
on the way is a list item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ITEM = -1
"""A list item in a path (`delmal`, ITEM, `uppfoljning` is `delmal[*].uppfoljning`)."""

Path = tuple[str | int, ...]

_LEAD = re.compile(r"(?P<indent> *)(?P<dashes>(?:-(?: +|$))*)")
_KEY = re.compile(
    r"""(?P<key>"[^"]*"|'[^']*'|[^\s:#\[\]{},'"&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?)\s*:(?=\s|$)"""
)


@dataclass(frozen=True)
class Spot:
    """What is being written at the cursor."""

    path: Path
    """The path of the mapping (key position) or of the key whose value is written."""
    key: str | None
    """The key whose value is at the cursor; None when a key (or a bare value on its own
    line, such as a list item or a value below its key) is being written."""
    prefix: str
    """What is typed of the word up to the cursor."""
    start: int
    """The 0-based column (code points) where that word starts."""
    siblings: frozenset[str]
    """The keys the mapping already has (not offered again)."""
    item: bool = False
    """Whether the word is a list item (after `- `, or in `[...]`)."""


@dataclass(frozen=True)
class _Line:
    dashes: tuple[int, ...]
    key: str | None
    col: int
    """The column of the key (or of the value, for a line without a key)."""
    value: str


def _unquote(key: str) -> str:
    return key[1:-1] if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'" else key


def _parse(line: str) -> _Line | None:
    """A line's dashes, key and value; None for a blank line or a comment."""
    lead = _LEAD.match(line)
    assert lead is not None  # the pattern matches every text
    rest = line[lead.end() :]
    if not rest.strip() and not lead["dashes"]:
        return None
    if rest.startswith("#") or rest.startswith("---") or rest.startswith("..."):
        return None
    start = len(lead["indent"])
    dashes = tuple(start + i for i, ch in enumerate(lead["dashes"]) if ch == "-")
    col = lead.end()
    found = _KEY.match(rest)
    if found is None:
        return _Line(dashes, None, col, rest)
    return _Line(dashes, _unquote(found["key"]), col, rest[found.end() + 1 :].strip())


def parents(lines: list[str], row: int, col: int, dashes: tuple[int, ...] = ()) -> Path:
    """The path of the mapping whose keys stand at column ``col`` on line ``row`` (the
    line's own dashes before that column are given by the caller)."""
    path: list[str | int] = [ITEM for d in dashes if d < col]
    current = min([col, *dashes])
    for index in range(row - 1, -1, -1):
        if current == 0:
            break
        parsed = _parse(lines[index])
        if parsed is None:
            continue
        marks: list[tuple[int, str | int]] = [(d, ITEM) for d in parsed.dashes]
        if parsed.key is not None:
            marks.append((parsed.col, parsed.key))
        elif not parsed.dashes and parsed.col >= current:
            continue  # the text of a block scalar, or a value on its own line
        for where, mark in reversed(marks):
            if where < current:
                path.insert(0, mark)
                current = where
    return tuple(path)


def siblings(lines: list[str], row: int, col: int, starts_item: bool) -> frozenset[str]:
    """The keys at column ``col`` of the mapping that line ``row`` is in (a line that
    starts a list item starts its mapping: nothing above it belongs to it)."""
    found: set[str] = set()
    index = row - 1
    while not starts_item and index >= 0:
        parsed = _parse(lines[index])
        index -= 1
        if parsed is None or parsed.col > col:
            continue
        if parsed.col < col:
            break
        if parsed.key is not None:
            found.add(parsed.key)
        if parsed.dashes:
            break
    for index in range(row + 1, len(lines)):
        parsed = _parse(lines[index])
        if parsed is None:
            continue
        if parsed.col < col or any(d < col for d in parsed.dashes):
            break
        if parsed.col == col and parsed.key is not None:
            found.add(parsed.key)
    return frozenset(found)


def spot(text_lines: list[str], row: int, col: int) -> Spot:
    """What is being written at line ``row``, column ``col`` (0-based, code points)."""
    line = text_lines[row] if row < len(text_lines) else ""
    before = line[:col]
    lead = _LEAD.match(before)
    assert lead is not None
    start = len(lead["indent"])
    dashes = tuple(start + i for i, ch in enumerate(lead["dashes"]) if ch == "-")
    key_col = lead.end()
    rest = before[key_col:]
    found = _KEY.match(rest)
    if found is None:
        path = parents(text_lines, row, key_col, dashes)
        word = _word(rest)
        return Spot(
            path,
            None,
            word,
            col - len(word),
            siblings(text_lines, row, key_col, bool(dashes)),
            bool(dashes),
        )
    key = _unquote(found["key"])
    path = parents(text_lines, row, key_col, dashes)
    value = rest[found.end() + 1 :] if len(rest) > found.end() else ""
    return _in_value(path, key, value, col)


def _word(text: str) -> str:
    match = re.search(r"[^\s\[\]{},:\"']*$", text)
    return match.group(0) if match else ""


def _in_value(path: Path, key: str, value: str, col: int) -> Spot:
    """The spot inside a value: plain, or within `{...}` and `[...]` on the line."""
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(value):
        if char in "[{":
            stack.append((char, index))
        elif char in "]}" and stack:
            stack.pop()
    word = _word(value)
    if not stack:
        return Spot((*path, key), key, word, col - len(word), frozenset())
    # Each open collection but the innermost is a value of a key in the one around it.
    full: list[str | int] = [*path, key]
    owner = key
    for depth, (opener, at) in enumerate(stack):
        end = stack[depth + 1][1] if depth + 1 < len(stack) else len(value)
        segment = value[at + 1 : end]
        part = re.split(r",", segment)[-1]
        if opener == "[":
            if depth + 1 < len(stack):
                full.append(ITEM)
            continue
        if ":" in part:
            owner = _unquote(part.split(":", 1)[0].strip())
            full.append(owner)
        elif depth + 1 == len(stack):
            keys = frozenset(
                _unquote(p.split(":", 1)[0].strip()) for p in segment.split(",") if ":" in p
            )
            return Spot(tuple(full), None, word, col - len(word), keys)
    innermost = stack[-1][0]
    return Spot(tuple(full), owner, word, col - len(word), frozenset(), innermost == "[")
