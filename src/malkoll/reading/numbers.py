"""Which plain scalars a YAML 1.2 core-schema reader takes for numbers (or booleans) and may
write back changed: the reader's quick test for MK111 (see `reading.plain`)."""

from __future__ import annotations

import re

_NUMBER_START = frozenset("0123456789+-.tTfF")
_CORE = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[Tt]rue|TRUE|[Ff]alse|FALSE"
)
_AS_PRINTED = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?|\.inf|-\.inf|\.nan|true|false")
_TINY = re.compile(r"-?0\.0{6}")


def changes_as_number(text: str) -> bool:
    """Whether a plain scalar is one a YAML 1.2 core-schema reader takes for a number or
    a boolean and whose text may come back changed when such a reader writes it again
    (`3.10`, `010`, `1e3`, `0x1A`, `True`); plain `12`, `3.5` and `true` come back as they
    are. The same test as the compiled part's `changes_as_number`; `reading.plain`
    decides exactly, for the values that are ids."""
    if not text or text[0] not in _NUMBER_START or not _CORE.fullmatch(text):
        return False
    if not _AS_PRINTED.fullmatch(text) or text == "-0" or _TINY.match(text):
        return True
    digits = text.lstrip("-").replace(".", "").lstrip("0")
    return len(digits) > 15
