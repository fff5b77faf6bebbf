"""`malkoll status` as text, laid out by malkoll itself: the same columns as before
(rich's table), widths by display width, names wrapped or cut with `…`, figures never cut,
colours only as styles, and quick for a large repository."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from helpers import EXAMPLES
from malkoll.status.compute import Status, status
from malkoll.status.layout import _wrap, text

GOLDEN = Path(__file__).parent / "golden" / "status-ale-2020-utkast-2020-09-05.txt"
SGR = re.compile(r"\x1b\[([0-9;]*)m")


@pytest.fixture(scope="module")
def draft() -> Status:
    return status(EXAMPLES / "ale-2020-utkast", 2020, dt.date(2020, 9, 5))


NAMES = [
    "Ett mycket långt organisationsnamn som inte ryms i kolumnen alls",
    "東京都庁の組織名前テスト",
    "Emoji 🎉🎉 enhet",
    "Combining e\u0301e\u0301 enhet",
    "[bold]markup[/bold]",
    "Styr\x1b[31mtecken",
    "Zero\u200bwidth",
    "x" * 40,
]


def hostile(s: Status) -> Status:
    """``s`` with every organisation renamed to a name that is hard to lay out."""
    k = iter(range(10_000))
    namnder = [
        dataclasses.replace(
            n,
            organisationer=[
                dataclasses.replace(o, namn=NAMES[next(k) % len(NAMES)]) for o in n.organisationer
            ],
        )
        for n in s.namnder
    ]
    return dataclasses.replace(s, namnder=namnder)


def test_the_draft_at_100_columns_is_the_golden(draft):
    """The whole text view of the draft example, as a pipe gets it (100 columns, no
    colour): the same as rich laid it out, without its trailing spaces. Rewrite it on
    purpose with MALKOLL_SKRIV_GOLDEN=1, then read the diff."""
    shown = text(draft, color=False, width=100)
    if os.environ.get("MALKOLL_SKRIV_GOLDEN"):
        GOLDEN.write_text(shown, encoding="utf-8")
    assert shown == GOLDEN.read_text(encoding="utf-8")
    assert not any(line.endswith(" ") for line in shown.splitlines())


@pytest.mark.parametrize("width", [200, 100, 80, 60, 30])
def test_colour_is_only_styles(draft, width):
    """In colour the text is the same but for bold, dim, red, green and yellow."""
    for s in (draft, hostile(draft)):
        plain, coloured = text(s, color=False, width=width), text(s, color=True, width=width)
        assert SGR.sub("", coloured) == plain
        assert set(SGR.findall(coloured)) <= {"0", "1", "2", "1;31", "31", "32", "33"}
        assert "\x1b" not in plain


def _tables(shown: str) -> list[list[str]]:
    """Each table's row lines: the lines between its rule and the next blank or `saknar`."""
    out, rows = [], None
    for line in shown.splitlines():
        if line.startswith("─"):
            rows = []
            out.append(rows)
        elif rows is not None and line.strip() and "saknar:" not in line:
            rows.append(line)
        else:
            rows = None
    return out


def _edge(row: str) -> int:
    """Where a row's bar starts, or (no bar: the percentage right-aligned) where it ends."""
    bar = re.search("[█░]", row)
    return cell_len(row[: bar.start()]) if bar else cell_len(row)


@pytest.mark.parametrize("width", [200, 100, 80])
def test_columns_line_up_by_display_width(draft, width):
    """Wide letters, emoji, combining accents and zero-width spaces in names: every row's
    last column starts at the same display column, and the counts end together."""
    shown = text(hostile(draft), width=width)
    for rows in _tables(shown):
        edges = {_edge(row) for row in rows if re.search(r"\d\xa0%$", row)}
        assert len(edges) == 1, rows


def test_long_names_wrap_and_long_words_end_in_an_ellipsis(draft):
    """A name longer than the column wraps between words; a word longer than the column
    is cut with `…`; the figures beside it are whole."""
    shown = text(hostile(draft), width=100)
    assert "Ett mycket långt" in shown
    assert re.search(r"^x+… ", shown, re.M)
    assert "x" * 40 not in shown.split("saknar")[0]
    assert "東京都庁の組織名前テスト" in shown


@pytest.mark.parametrize("width", [80, 60, 40])
def test_a_narrow_terminal_loses_the_bar_never_a_figure(draft, width):
    """Where the bar does not fit, each organisation's percentage and every count are
    still shown whole (a table wider than the terminal wraps there, figures intact)."""
    shown = text(draft, width=width)
    for n in draft.namnder:
        for o in n.organisationer:
            for part, c in o.delar.items():
                if c.total:
                    assert f"{c.done}/{c.total}" in shown, part
    for rows in _tables(shown):
        assert all(re.search(r"(\d\xa0%|–)$", row) for row in rows if "/" in row)
    if width == 80:  # at 80 columns every table fits
        assert max(cell_len(line) for line in shown.splitlines()) <= 80


def test_a_large_status_is_laid_out_at_once(draft):
    """2,000 organisations take well under a second (rich's table engine took seconds)."""
    import time

    many = dataclasses.replace(
        draft,
        namnder=[
            dataclasses.replace(n, organisationer=n.organisationer * 100) for n in draft.namnder
        ],
    )
    started = time.perf_counter()
    shown = text(many, width=100)
    assert time.perf_counter() - started < 1.0
    assert shown.count("\n") > 2_000


@given(
    st.text(alphabet=st.sampled_from("ab c  東🎉\u0301\u200b-"), max_size=60),
    st.integers(1, 30),
    st.integers(1, 30),
)
def test_wrapping_keeps_every_letter_within_the_width(words, first, rest):
    """Every line within its width (a letter wider than the line alone on it), and every
    letter kept, in order."""
    lines = _wrap(words, first, rest)
    for i, line in enumerate(lines):
        limit = first if i == 0 else rest
        assert cell_len(line) <= limit or len(line.rstrip()) == 1
    assert "".join(lines).replace(" ", "") == words.replace(" ", "")
