"""`text.printable`: nothing a reader cannot see gets through, and nothing else changes."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from malkoll.text import printable

HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
ALPHABET = "ab åäö\n\t\r\x00\x1b\x7f\x85\x9f\u2028\u2029\u200e\u202e\u2066\ufeff\xa0😀"


def expected(text: str, keep_lines: bool) -> str:
    """The escapes written out character by character, as the rule says."""
    out = []
    for ch in text:
        if HIDDEN.match(ch) and not (keep_lines and ch in "\n\t"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


@given(st.text(alphabet=ALPHABET, max_size=30), st.booleans())
def test_every_hidden_character_is_escaped_and_nothing_else_changes(text, keep_lines):
    assert printable(text, keep_lines=keep_lines) == expected(text, keep_lines)


@given(st.text(max_size=50), st.booleans())
def test_the_result_hides_nothing(text, keep_lines):
    shown = printable(text, keep_lines=keep_lines)
    left = HIDDEN.findall(shown)
    assert all(keep_lines and ch in "\n\t" for ch in left)
