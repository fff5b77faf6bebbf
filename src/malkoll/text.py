"""Small helpers for Swedish text: folding å/ä/ö, suggestions, lists."""

from __future__ import annotations

import difflib
import errno
import json
import math
import re
from collections.abc import Iterable
from typing import Any

_FOLD = str.maketrans(
    {"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O", "é": "e", "É": "E", "ü": "u"}
)


def fold(text: str) -> str:
    """The ASCII spelling of a Swedish word: `åtgärder` -> `atgarder`."""
    return text if text.isascii() else text.translate(_FOLD)


def fold_choice(text: str) -> str:
    """How a fixed choice is compared: `Pågår` -> `pagar`, `Ej påbörjad` -> `ej_paborjad`.

    Every status and assessment of a repository passes here, and they are few distinct
    words: the folded forms of short texts are kept."""
    known = _FOLDED_CHOICES.get(text)
    if known is not None:
        return known
    folded = fold(text).strip().lower().replace(" ", "_").replace("-", "_")
    if len(text) <= 40 and len(_FOLDED_CHOICES) < 10_000:
        _FOLDED_CHOICES[text] = folded
    return folded


_FOLDED_CHOICES: dict[str, str] = {}


def suggest(wrong: str, choices: Iterable[str]) -> str | None:
    """The nearest valid choice for a misspelling, or None when nothing is close."""
    options = list(choices)
    folded = {fold_choice(c): c for c in options}
    hit = folded.get(fold_choice(wrong))
    if hit is not None and hit != wrong:
        return hit
    close = difflib.get_close_matches(fold_choice(wrong), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


_LINE_BREAKS = re.compile(r"[ \t]*(?:\r\n|\r|\n)\s*")


def quote(text: object) -> str:
    """A value as it is shown in a message: `value`, on one line (a line break written in
    the value shows as a space, so that no message spans lines)."""
    return f"`{_LINE_BREAKS.sub(' ', str(text))}`"


def join_or(items: Iterable[str]) -> str:
    """`a`, `b` eller `c`."""
    quoted = [quote(i) for i in items]
    if not quoted:
        return "(inget)"
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " eller " + quoted[-1]


def did_you_mean(wrong: str, choices: Iterable[str]) -> str:
    """` Menade du `x`?` or an empty string."""
    hit = suggest(wrong, choices)
    return f" Menade du {quote(hit)}?" if hit else ""


def count(n: int, one: str, many: str) -> str:
    """`1 varning`, `3 varningar`: a number with the Swedish singular or plural."""
    return f"{n} {one if n == 1 else many}"


# Characters that must never reach a terminal, a report or a one-line finding as they are:
# C0 and C1 controls (ESC retitles and clears terminals, NUL truncates), DEL, the line
# separators that editors and git do not count as line breaks, and the bidirectional
# overrides that make text read differently from how it is stored.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_ALLOWED_IN_TEXT = frozenset("\n\t")
_UNPRINTABLE_IN_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
"""`_UNPRINTABLE` but newline and tab: what multi-line text may not hold."""


def printable(text: str, keep_lines: bool = False) -> str:
    """``text`` with every control character shown as its escape (`\\x1b`, `\\u2028`).

    With ``keep_lines`` newlines and tabs stay (multi-line text in a report); otherwise the
    result is one line, safe to print after a file name and a position.
    """
    if text.isprintable() and (keep_lines or "\n" not in text):
        return text
    if keep_lines:  # every analysis in a report: most have lines and nothing to escape
        if _UNPRINTABLE_IN_TEXT.search(text) is None:
            return text
        return _UNPRINTABLE_IN_TEXT.sub(_escape, text)
    return _UNPRINTABLE.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_text(doc: Any) -> str:
    """``doc`` as JSON with the real strings: every character that is not printable (C1
    controls, U+2028, bidirectional overrides, lone surrogates) as its `\\u` escape, so
    that the document is valid, can be written as UTF-8 and shows nothing raw on a
    terminal."""
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if text.replace("\n", "").isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == "\n" else json.dumps(ch)[1:-1] for ch in text)


def unprintable(text: str) -> str | None:
    """The first character of ``text`` that a person cannot see (tab and newline allowed)."""
    for m in _UNPRINTABLE.finditer(text):
        if m.group() not in _ALLOWED_IN_TEXT:
            return m.group()
    return None


# OS errors in Swedish, by errno name; the C library's own words are English.
_OS_ERRORS = {
    "ENOENT": "filen eller mappen finns inte",
    "EACCES": "behörighet saknas",
    "EPERM": "åtgärden är inte tillåten",
    "EISDIR": "det är en mapp, inte en fil",
    "ENOTDIR": "en del av sökvägen är inte en mapp",
    "EEXIST": "filen finns redan",
    "ENOSPC": "disken är full",
    "EDQUOT": "diskkvoten är slut",
    "EROFS": "filsystemet är skrivskyddat",
    "ELOOP": "för många symboliska länkar i rad",
    "ENAMETOOLONG": "namnet är för långt",
    "EIO": "in- eller utmatningsfel",
    "EMFILE": "för många öppna filer",
    "ECONNREFUSED": "anslutningen nekades",
    "ECONNRESET": "anslutningen bröts av servern",
    "ECONNABORTED": "anslutningen avbröts",
    "ETIMEDOUT": "tidsgränsen överskreds",
    "EHOSTUNREACH": "servern kan inte nås",
    "ENETUNREACH": "nätverket kan inte nås",
    "ENETDOWN": "nätverket är nere",
    "EPIPE": "anslutningen stängdes",
    "EAGAIN": "resursen är tillfälligt otillgänglig",
}


def os_error(err: OSError) -> str:
    """An OS error in Swedish, without the `[Errno N]` prefix: `anslutningen nekades`."""
    name = errno.errorcode.get(err.errno or -1, "")
    if name in _OS_ERRORS:
        return _OS_ERRORS[name]
    if isinstance(err, TimeoutError) or "timed out" in str(err):
        return "tidsgränsen överskreds"
    return f"systemfel {name or err.errno or type(err).__name__}"


# --- numbers, the Swedish way: one format for messages, reports, charts and the terminal ---

_GROUP = "\u00a0"
"""Thousands are grouped with a no-break space, so that a figure never breaks over lines."""
_MINUS = "\u2212"
"""A true minus sign, as in print."""


def tal(value: float | None, decimals: int | None = None) -> str:
    """A number as Swedes write it: `219,8`, `−9 000`, `1 000 000`; a dash for none.

    With ``decimals`` the number is rounded to that many; without, it is written as
    exactly as it is (`219,8`, `31 868`), at most six decimals. A value that is not a
    finite number is a dash too.
    """
    if value is None or not math.isfinite(value):
        return "–"
    text = f"{value:,.6f}".rstrip("0").rstrip(".") if decimals is None else f"{value:,.{decimals}f}"
    if text in ("-0", "-0,0") or set(text) <= set("-0.,"):
        text = text.lstrip("-")
    return text.replace(",", _GROUP).replace(".", ",").replace("-", _MINUS)


def belopp(value: float | None, unit: str) -> str:
    """An amount in whole units with its unit: `−9 000 tkr`."""
    return f"{tal(value, 0)} {unit}" if value is not None and math.isfinite(value) else "–"


def procent(share: float | None, decimals: int = 1) -> str:
    """A share (0.014) as per cent: `1,4 %`, `−1,4 %`; a dash for none."""
    if share is None or not math.isfinite(share):
        return "–"
    return f"{tal(share * 100, decimals)}{_GROUP}%"


UNIT_SIGNS: dict[str, str] = {
    "procent": "%",
    "%": "%",
    "kronor": "kr",
    "kr": "kr",
    "antal": "",
}
"""How a unit is written beside a number; `antal` is no unit (`12`, not `12 antal`), and
`antal personal` is `personal`."""


def unit_sign(unit: str | None) -> str:
    """How ``unit`` is written beside a number: `procent` → `%`, `kronor` → `kr`."""
    if unit is None:
        return ""
    text = " ".join(unit.split())
    if text.lower().startswith("antal "):  # `antal personal`: 12 personal
        text = text[len("antal ") :]
    return UNIT_SIGNS.get(text.lower(), text)


def decimals_of(values: Iterable[float | None], most: int = 2) -> int:
    """The decimals a column of figures needs to show each as written (at most ``most``):
    a table of whole numbers shows no `,0`."""
    needed = 0
    for v in values:
        if v is None or not math.isfinite(v):
            continue
        for d in range(needed, most + 1):
            if abs(v * 10**d - round(v * 10**d)) < 1e-6:
                needed = d
                break
        else:
            needed = most
    return needed


def yaml_key(text: str) -> str:
    """A YAML double-quoted string that reads back as ``text``: a quote and a backslash
    escaped, and every character that is not printable (or that YAML or a terminal take as
    a line break or a direction) as its escape."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable() and not printable(ch).startswith("\\"):
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'
