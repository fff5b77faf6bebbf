"""What every value passes on its way into a report, whatever the format.

Two things are the same for HTML and Markdown, so they live here once: how a value is
made printable (control characters, line separators, bidi overrides and lone surrogates
shown as escapes, never written as they are), and which links a user's Markdown may
contain (http, https and mailto, and links within the report).
"""

from __future__ import annotations

import html
import re

from malkoll.text import printable

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
"""The only URL schemes a link in a report may have; anything else is shown as text."""

_SURROGATE = re.compile("[\ud800-\udfff]")
_PATH_END = re.compile(r"[/?#]")


def clean(text: str) -> str:
    """``text`` with nothing a reader cannot see: control characters, U+2028/2029 and
    bidi overrides as escapes (`\\x1b`), and a lone surrogate (a file name that is not
    UTF-8, or a `\\udcff` written in YAML) as the byte or code point it stands for.
    Newlines and tabs stay."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub(_surrogate, text)
    return printable(text, keep_lines=True)


def one_line(text: str) -> str:
    """A message for the terminal: like `clean`, on one line (a line break as `\\x0a`)."""
    return printable(_SURROGATE.sub(_surrogate, text))


def _surrogate(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def safe_link(url: str) -> bool:
    """Whether a link may point at ``url``: an http, https or mailto URL, or one without
    a scheme (an anchor or a relative path). Deny by default: whatever stands before the
    first colon of the URL's first segment, after entities are decoded and the invisible
    characters browsers skip are dropped, must be one of `SAFE_SCHEMES`, so that
    `JaVaScRiPt:`, ` javascript:`, `java&#x09;script:` and `data:text/html` all fail."""
    visible = "".join(ch for ch in html.unescape(url) if ch.isprintable() and not ch.isspace())
    head = _PATH_END.split(visible, maxsplit=1)[0]
    if ":" not in head:
        return True
    return head.split(":", 1)[0].lower() in SAFE_SCHEMES
