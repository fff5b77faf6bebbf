"""The language server's text work without a server: columns in the editor's units, the
YAML path at the cursor in a half-typed file, and the mends of a finding as edits."""

from __future__ import annotations

import pytest

from malkoll.findings import Finding
from malkoll.lsp import actions, place, yamlpath
from malkoll.lsp.yamlpath import ITEM
from malkoll.model.settings import Installningar

SETTINGS = Installningar(kommun="Ale kommun")


@pytest.mark.parametrize(
    ("encoding", "expected"), [("utf-16", [0, 1, 2, 4, 5]), ("utf-8", [0, 2, 3, 7, 8])]
)
def test_columns_in_code_units_and_back(encoding, expected):
    """å is one UTF-16 unit and two UTF-8 bytes; 🎉 two units and four bytes."""
    line = "å 🎉x"
    assert [place.units(line, col, encoding) for col in range(5)] == expected
    assert [place.code_points(line, units, encoding) for units in expected] == list(range(5))
    assert place.units(line, 3, "utf-32") == 3


def test_lines_break_as_the_protocol_counts():
    assert place.lines_of("a\r\nb\rc\nd") == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("    bedomning: rod", 4, 13),
        ('  - delmal: "1.1"', 12, 17),
        ("    matt: [N15505, N1550]", 19, 24),
        ("        kommentar: Text, med komma # och kommentar", 19, 34),
        ("  delar1: {status: pagr, kommentar: x}", 19, 23),
        ("x", 5, 5),
    ],
)
def test_a_range_covers_the_key_or_value(line, start, end):
    assert place.token_end(line, start) == end


DOC = place.lines_of("""organisation: nolskolan
ar: 2020
delmal:
  - delmal: "1.1"
    hur_vi_arbetar: >-
      Text: som ser ut som en nyckel
    aktiviteter:
      - id: x
        uppfoljning:
          delar1:
            sta
          helar: {status: pa, kommentar: {
    matt: [N15
    uppfoljning:
      helar:
        bedomning:
          r
  - del
""")


@pytest.mark.parametrize(
    ("row", "col", "path", "key", "prefix", "item"),
    [
        (10, 15, ("delmal", ITEM, "aktiviteter", ITEM, "uppfoljning", "delar1"), None, "sta", 0),
        (
            11,
            28,
            ("delmal", ITEM, "aktiviteter", ITEM, "uppfoljning", "helar", "status"),
            "status",
            "pa",
            0,
        ),
        (12, 14, ("delmal", ITEM, "matt"), "matt", "N15", 1),
        (16, 11, ("delmal", ITEM, "uppfoljning", "helar", "bedomning"), None, "r", 0),
        (17, 7, ("delmal", ITEM), None, "del", 1),
        (6, 6, ("delmal", ITEM), None, "ak", 0),
        (5, 10, ("delmal", ITEM, "hur_vi_arbetar"), None, "Text", 0),
    ],
)
def test_the_path_at_the_cursor_of_a_broken_file(row, col, path, key, prefix, item):
    """Lines and indentation give the path even where the file does not parse: an open
    flow mapping, a half-typed key, a list item begun; a block scalar's text is a value."""
    spot = yamlpath.spot(DOC, row, col)
    assert (spot.path, spot.key, spot.prefix, spot.item) == (path, key, prefix, bool(item))


def test_the_keys_already_written_are_known():
    spot = yamlpath.spot(DOC, 6, 6)
    assert spot.siblings == {"delmal", "hur_vi_arbetar", "matt", "uppfoljning"}
    assert yamlpath.spot(DOC, 1, 2).siblings == {"organisation", "delmal"}


def _mended(text: str, finding: Finding) -> list[str]:
    lines = place.lines_of(text)
    out = []
    for mend in actions.mends(finding, lines, SETTINGS):
        changed = list(lines)
        line = changed[mend.line]
        changed[mend.line] = line[: mend.col] + mend.text + line[mend.col + mend.length :]
        out.append("\n".join(changed))
    return out


def _finding(code: str, line: int, col: int, message: str = "", hint: str = "", period=None):
    return Finding("p.yaml", line, col, code, "fel", message, hint, None, period)


def test_a_misspelt_value_in_a_block_list_is_replaced_where_it_stands():
    text = "matt:\n  - N15505\n  - N1550\nar: 2020"
    found = _finding("MK204", 1, 1, "Indikatorn `N1550` är inte definierad. Menade du `N15505`?")
    assert _mended(text, found) == ["matt:\n  - N15505\n  - N15505\nar: 2020"]


def test_missing_analysis_parts_go_into_the_block_at_its_indentation():
    text = "helar:\n  analys:\n      resultat: Bra.\n  bedomning: gul\n"
    found = _finding(
        "MK303", 2, 3, "Analysen saknar orsaker (x).", "Skriv uppfoljning.helar.analys.orsaker; …"
    )
    assert _mended(text, found) == [
        "helar:\n  analys:\n      resultat: Bra.\n      orsaker: \n  bedomning: gul\n"
    ]


def test_missing_analysis_parts_in_a_flow_mapping():
    text = "helar:\n  analys: {resultat: Bra.}\n"
    found = _finding("MK303", 2, 3, "", "Skriv uppfoljning.helar.analys.orsaker.")
    assert _mended(text, found) == ['helar:\n  analys: {resultat: Bra., orsaker: ""}\n']


def test_a_missing_analysis_is_an_empty_skeleton_with_the_required_parts():
    text = "uppfoljning:\n  helar:\n    bedomning: gul\nar: 2020"
    assert _mended(text, _finding("MK301", 2, 3, period="helar")) == [
        "uppfoljning:\n  helar:\n    bedomning: gul\n    analys:\n      resultat: \n"
        "      orsaker: \nar: 2020"
    ]
    missing = "uppfoljning:\n  delar1:\n    bedomning: gul\nar: 2020"
    assert _mended(missing, _finding("MK301", 1, 1, period="helar")) == [
        "uppfoljning:\n  delar1:\n    bedomning: gul\n  helar:\n    analys:\n      resultat: \n"
        "      orsaker: \nar: 2020"
    ]
    (mend,) = actions.mends(_finding("MK301", 2, 3, period="helar"), place.lines_of(text), SETTINGS)
    assert mend.title == "Lägg till en analys för Årsredovisning (helar)"  # the period's name
    flow = "uppfoljning:\n  helar: {bedomning: gul}\n"
    assert _mended(flow, _finding("MK301", 2, 3, period="helar")) == [
        'uppfoljning:\n  helar: {bedomning: gul, analys: {resultat: "", orsaker: ""}}\n'
    ]


def test_measures_go_into_the_analysis_beside_the_assessment():
    text = "  - helar:\n      bedomning: rod\n      analys:\n        resultat: x\n  - y: 1"
    assert _mended(text, _finding("MK304", 2, 7)) == [
        "  - helar:\n      bedomning: rod\n      analys:\n        resultat: x\n"
        "        atgarder: \n  - y: 1"
    ]
    alone = "helar:\n  bedomning: rod\n"
    assert _mended(alone, _finding("MK304", 2, 3)) == [
        "helar:\n  bedomning: rod\n  analys:\n    atgarder: \n"
    ]


def test_a_key_begun_in_a_flow_mapping():
    """`{status: pagar, kom` is the mapping's key being written, `status` already there."""
    lines = ["uppfoljning:", "  helar: {status: pagar, kom"]
    spot = yamlpath.spot(lines, 1, len(lines[1]))
    assert (spot.path, spot.key, spot.prefix) == (("uppfoljning", "helar"), None, "kom")
    assert spot.siblings == {"status"}


def test_completion_without_a_repository_still_knows_the_model():
    """Keys and fixed choices come from the models alone (a repository that could not be
    read gives no ids, and no error)."""
    from malkoll.lsp.complete import choices

    spot = yamlpath.spot(["uppfoljning:", "  helar: {status: pagar, kom"], 1, 28)
    labels = [c.label for c in choices(None, "uppdrag", _item(spot))]
    assert labels == ["kommentar"]
    riktning = yamlpath.spot(["indikatorer:", "  - id: x", "    riktning: "], 2, 14)
    assert [c.label for c in choices(None, "mal", riktning)] == ["hogre", "lagre"]


def _item(spot):
    """The spot as inside the first item of a list at the top (uppdrag.yaml)."""
    return yamlpath.Spot((ITEM, *spot.path), spot.key, spot.prefix, spot.start, spot.siblings)


def test_hover_names_an_organisations_kind_as_a_reader_says_it():
    """A nämnd is shown as `nämnd`, not as its ASCII key `namnd`."""
    from helpers import EXAMPLES
    from malkoll.lsp import hover
    from malkoll.reading.load import load

    text = hover.explain_id(load(EXAMPLES / "ale-2020"), "un", "organisation")
    assert text is not None
    assert text.startswith("**Utbildningsnämnden** (`un`, nämnd)")
