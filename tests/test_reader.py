"""Reading bytes: encodings, line ends, syntax, sizes and aliases, and typing by schema."""

from __future__ import annotations

import codecs
from pathlib import Path

from helpers import BEFORE_ANY_PERIOD, build_repo, check, places
from malkoll.reading import parse as reader
from malkoll.reading import source

PLAN = "2020/plan/sektor/grundskola.yaml"
GOOD_PLAN = (
    "organisation: grundskola\n"
    "ar: 2020\n"
    "delmal:\n"
    '  - delmal: "1.10"\n'
    "    uppfoljning:\n"
    "      helar:\n"
    "        analys: {resultat: Läsningen ökar., orsaker: Nya rutiner.}\n"
    "        bedomning: gron\n"
)


def findings_for(tmp_path: Path, content: str | bytes, rel: str = PLAN) -> list[str]:
    return places(
        check(build_repo(tmp_path / "repo", files={rel: content}), BEFORE_ANY_PERIOD).findings
    )


def test_bom_is_accepted(tmp_path):
    """A UTF-8 file with a byte-order mark reads like one without."""
    content = codecs.BOM_UTF8 + GOOD_PLAN.encode()
    assert findings_for(tmp_path, content) == []


def test_crlf_is_accepted_and_lines_stay_right(tmp_path):
    """Windows line ends read fine, and findings still name the right line."""
    content = GOOD_PLAN.replace("bedomning: gron", "bedomning: blå").replace("\n", "\r\n")
    assert findings_for(tmp_path, content.encode()) == [f"{PLAN}:8:9: fel MK105"]


def test_latin1_file_is_mk102_at_line_1(tmp_path):
    """A file saved as Latin-1 is one MK102 finding at line 1 that names the bad byte."""
    result = check(
        build_repo(tmp_path / "repo", files={PLAN: GOOD_PLAN.encode("latin-1")}), BEFORE_ANY_PERIOD
    )
    assert places(result.findings) == [f"{PLAN}:1:1: fel MK102"]
    assert "0xE4 på rad 7" in result.findings[0].message


def test_utf16_file_is_mk102(tmp_path):
    """A UTF-16 file (with its BOM) is named as such."""
    result = check(
        build_repo(tmp_path / "repo", files={PLAN: GOOD_PLAN.encode("utf-16")}), BEFORE_ANY_PERIOD
    )
    assert places(result.findings) == [f"{PLAN}:1:1: fel MK102"]
    assert "UTF-16" in result.findings[0].message


def test_syntax_error_gives_the_parsers_line_and_description(tmp_path):
    """MK101 points where libyaml stopped and says what it saw, in Swedish only."""
    content = GOOD_PLAN.replace("ar: 2020", "ar: [2020")
    result = check(build_repo(tmp_path / "repo", files={PLAN: content}), BEFORE_ANY_PERIOD)
    assert [x.code for x in result.findings] == ["MK101"]
    assert result.findings[0].line >= 2
    assert result.findings[0].message == (
        "Ogiltig YAML: förväntade `,` eller `]` i en lista inom hakparenteser."
    )


def test_a_description_that_asks_ends_in_its_question_mark(tmp_path):
    """A file cut off inside a quoted value: the message ends with its question, not `?.`."""
    content = GOOD_PLAN + 'sammanfattning: {delar1: "Inte klar\n'
    result = check(build_repo(tmp_path / "repo", files={PLAN: content}), BEFORE_ANY_PERIOD)
    assert [x.code for x in result.findings] == ["MK101"]
    assert result.findings[0].message.endswith("en avslutande parentes?")


def test_tab_indentation_is_mk101_in_swedish(tmp_path):
    """A tab where indentation is expected gives a Swedish explanation."""
    content = GOOD_PLAN.replace("    uppfoljning:", "\tuppfoljning:")
    result = check(build_repo(tmp_path / "repo", files={PLAN: content}), BEFORE_ANY_PERIOD)
    assert [x.code for x in result.findings] == ["MK101"]
    assert result.findings[0].line == 5


def test_alias_bomb_is_refused_before_expansion(tmp_path):
    """The billion laughs: refused as MK108 at line 1, quickly, without expanding it."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    assert findings_for(tmp_path, "\n".join(lines) + "\n") == [f"{PLAN}:1:1: fel MK108"]


def test_a_few_aliases_are_fine(tmp_path):
    """Modest use of anchors and aliases is read normally."""
    content = GOOD_PLAN.replace("analys: {", "analys: &a {") + "sammanfattning:\n  helar: Bra.\n"
    assert findings_for(tmp_path, content) == []


def test_file_over_the_size_limit_is_mk108(tmp_path, monkeypatch):
    """A file over the limit is refused without being read."""
    monkeypatch.setattr(source, "MAX_BYTES", 3000)
    content = GOOD_PLAN + "sammanfattning:\n  helar: " + "x" * 4000 + "\n"
    assert findings_for(tmp_path, content) == [f"{PLAN}:1:1: fel MK108"]


def test_deep_flow_nesting_is_refused_without_crashing(tmp_path):
    """Nesting deep enough to overflow libyaml's stack is refused before composing."""
    content = "organisation: " + "[" * 200_000 + "]" * 200_000 + "\n"
    assert findings_for(tmp_path, content) == [f"{PLAN}:1:1: fel MK108"]


def test_deep_block_nesting_is_a_finding_not_a_traceback(tmp_path):
    """Block nesting beyond Python's recursion limit is MK108, not a crash."""
    content = "".join(" " * i + "a:\n" for i in range(3000)) + " " * 3000 + "a: 1\n"
    assert findings_for(tmp_path, content) == [f"{PLAN}:1:1: fel MK108"]
    result = check(build_repo(tmp_path / "repo2", files={PLAN: content}), BEFORE_ANY_PERIOD)
    assert "nästlad" in result.findings[0].message
    assert "maximum" not in result.findings[0].message


def test_empty_file_is_a_finding(tmp_path):
    """An empty plan says that the file is empty."""
    result = check(build_repo(tmp_path / "repo", files={PLAN: ""}), BEFORE_ANY_PERIOD)
    assert places(result.findings) == [f"{PLAN}:1:1: fel MK105"]
    assert "tom" in result.findings[0].message


def test_multiple_documents_are_mk101(tmp_path):
    """A second document (`---`) in a file is an error, not silently dropped."""
    assert [x.split()[-1] for x in findings_for(tmp_path, GOOD_PLAN + "---\na: 1\n")] == ["MK101"]


def test_scalars_are_typed_by_the_schema_not_by_yaml(tmp_path):
    """`1.10` stays "1.10", `0180` stays "0180", `no` is text, and dates are dates."""
    from malkoll.reading.load import load

    root = build_repo(
        tmp_path / "repo",
        files={
            "malkoll.yaml": "kommun: no\nkolada: 0180\n",
            PLAN: GOOD_PLAN.replace('"1.10"', "1.10").replace(
                "    uppfoljning:",
                "    aktiviteter:\n      - {id: 1.20, namn: yes, start: 2020-01-01}\n"
                "    uppfoljning:",
            ),
        },
    )
    repo = load(root)
    # Only the warnings that other YAML tools would read these ids as numbers (MK111).
    assert sorted((p.rule.code, p.message.split("`")[1]) for p in repo.problems) == [
        ("MK111", "0180"),
        ("MK111", "1.10"),
        ("MK111", "1.20"),
    ]
    assert repo.installningar.kommun == "no"
    assert repo.installningar.kolada == "0180"
    plan = next(p.data for p in repo.ar[2020].planer if p.data.organisation == "grundskola")
    assert plan.delmal[0].delmal == "1.10"
    activity = plan.delmal[0].aktiviteter[0]
    assert (activity.id, activity.namn, activity.start.isoformat()) == ("1.20", "yes", "2020-01-01")


def test_one_bad_file_does_not_hide_the_others(tmp_path):
    """A syntax error in one file, an unknown key in another: both are reported."""
    root = build_repo(
        tmp_path / "repo",
        files={
            PLAN: "organisation: [\n",
            "2020/uppdrag.yaml": "- {id: U1, namn: X, givet_av: KF, organisation: bun, x: 1}\n",
        },
    )
    found = places(check(root, BEFORE_ANY_PERIOD).findings)
    assert [x.split()[-1] for x in found] == ["MK101", "MK104"]


def test_a_bad_value_does_not_hide_the_rest_of_its_file(tmp_path):
    """After a schema error, the rest of the same file is still checked for references."""
    content = GOOD_PLAN.replace('"1.10"', '"9.9"').replace("bedomning: gron", "bedomning: blå")
    assert findings_for(tmp_path, content) == [
        f"{PLAN}:4:5: fel MK203",
        f"{PLAN}:8:9: fel MK105",
    ]


def test_positions_are_packed_as_positions_pack_says():
    """The reader's inlined packing and `positions.pack` agree, key by key."""
    from malkoll.model import positions

    data = reader.read_bytes(b"a: 1\nlista:\n  - x\n  - y\n", "f.yaml", frozenset()).data
    assert data["__pos__"][1]["a"] == positions.pack(1, 1)
    assert positions.item(data, "lista", 1) == positions.Where(4, 5)
    assert positions.unpack(positions.pack(70000, 300)) == (70000, 300)
