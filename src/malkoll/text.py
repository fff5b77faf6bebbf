"""Small helpers for Swedish text: folding å/ä/ö, suggestions, lists."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

_FOLD = str.maketrans(
    {"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O", "é": "e", "É": "E", "ü": "u"}
)


def fold(text: str) -> str:
    """The ASCII spelling of a Swedish word: `åtgärder` -> `atgarder`."""
    return text if text.isascii() else text.translate(_FOLD)


def fold_choice(text: str) -> str:
    """How a fixed choice is compared: `Pågår` -> `pagar`, `Ej påbörjad` -> `ej_paborjad`."""
    return fold(text).strip().lower().replace(" ", "_").replace("-", "_")


def suggest(wrong: str, choices: Iterable[str]) -> str | None:
    """The nearest valid choice for a misspelling, or None when nothing is close."""
    options = list(choices)
    folded = {fold_choice(c): c for c in options}
    hit = folded.get(fold_choice(wrong))
    if hit is not None and hit != wrong:
        return hit
    close = difflib.get_close_matches(fold_choice(wrong), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def quote(text: object) -> str:
    """A value as it is shown in a message: `value`."""
    return f"`{text}`"


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
