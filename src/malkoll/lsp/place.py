"""Where things stand in the editor: lines and columns in the units the client counts.

malkoll's findings have 1-based lines and columns counted in code points; the Language
Server Protocol counts 0-based lines and, by default, UTF-16 code units (`ü` is one,
an emoji two), or UTF-8 bytes or code points when client and server agree on it.
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def lines_of(text: str) -> list[str]:
    """The lines of a text as the protocol counts them: broken at `\\n`, `\\r\\n`, `\\r`."""
    return _LINE_BREAK.split(text)


def units(line: str, col: int, encoding: str) -> int:
    """The column ``col`` (0-based, in code points) of ``line`` in ``encoding``'s units."""
    head = line[:col]
    if encoding == UTF32:
        return len(head)
    if encoding == UTF8:
        return len(head.encode("utf-8", "surrogatepass"))
    return len(head.encode("utf-16-le", "surrogatepass")) // 2


def code_points(line: str, col: int, encoding: str) -> int:
    """A column in ``encoding``'s units as a 0-based column in code points."""
    if encoding == UTF32:
        return min(col, len(line))
    count = 0
    for index, char in enumerate(line):
        if encoding == UTF8:
            size = len(char.encode("utf-8", "surrogatepass"))
        else:
            size = 2 if ord(char) > 0xFFFF else 1
        if count + size > col:
            return index
        count += size
    return len(line)


_KEY_END = re.compile(r"[^\s:#,\[\]{}][^:#,\[\]{}]*?(?=\s*:(?:\s|$))")
_VALUE = re.compile(r"[^#]*?(?=\s+#|\s*$)")


def token_end(line: str, start: int) -> int:
    """Where the key or value that starts at ``start`` (0-based code points) ends: a
    quoted text at its closing quote, a key before its colon, a plain value before a
    comment or the end of the line, a value in a flow collection at its comma or bracket.
    Never before ``start + 1`` while the line goes on, so that a range is never empty."""
    if start >= len(line):
        return start
    first = line[start]
    if first in "\"'":
        close = line.find(first, start + 1)
        return close + 1 if close > start else len(line)
    key = _KEY_END.match(line, start)
    if key is not None and key.end() > start:
        return key.end()
    if first in "[{":
        return start + 1
    flow = re.compile(r"[^,\]}#]*?(?=\s*[,\]}]|\s+#|\s*$)")
    inside_flow = line.rfind("{", 0, start) > line.rfind("}", 0, start) or line.rfind(
        "[", 0, start
    ) > line.rfind("]", 0, start)
    found = (flow if inside_flow else _VALUE).match(line, start)
    end = found.end() if found is not None else len(line)
    return max(end, start + 1)
