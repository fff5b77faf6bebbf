"""`malkoll lsp` over stdio: completion of keys, choices, ids and period keys, hover over
ids and findings, and the code actions that mend a misspelling or add what is missing."""

from __future__ import annotations

import pytest

pytest.importorskip("pygls")

from lsp_client import DAY, PLAN, Editor, apply, example_copy, run


@pytest.fixture
def repo(tmp_path):
    return example_copy(tmp_path)


def _labels(items):
    return [i.label for i in items]


CURSOR = "§"


async def _completion(editor, text):
    """Change the plan to ``text`` without its `§` and complete where the `§` was."""
    assert text.count(CURSOR) == 1
    before = text[: text.index(CURSOR)]
    editor.change(PLAN, text.replace(CURSOR, ""))
    line = before.count("\n")
    col = len(before.rsplit("\n", 1)[-1].encode("utf-16-le")) // 2
    return await editor.complete(PLAN, line, col)


def test_completion_of_keys_choices_ids_and_periods(repo):
    """Keys of the mapping at the cursor (those already written left out), the fixed
    choices of `status`, the repository's delmål, organisations, indicators and periods,
    also in a half-typed file that does not parse."""
    text = (repo / PLAN).read_text(encoding="utf-8")
    followup = "fått extra läsinsatser.\n"
    sammanfattning = "sammanfattning:\n"
    assert text.count(followup) == 1
    assert text.count(sammanfattning) == 1

    def typed(old, new):
        assert old in text
        return text.replace(old, new, 1)

    async def scenario():
        async with Editor(repo, "--idag", DAY) as editor:
            editor.open(PLAN)
            await editor.until(lambda: editor.uri(PLAN) in editor.arrived)
            keys = await _completion(editor, typed(followup, followup + "            §\n"))
            assert _labels(keys) == ["hur_har_det_gatt", "vad_har_det_lett_till"]
            assert keys[0].text_edit.new_text == "hur_har_det_gatt: "
            status = await _completion(editor, typed("status: pagar", "status: pa§"))
            assert _labels(status) == ["pagar"]
            every = await _completion(editor, typed("status: pagar", "status: §"))
            assert _labels(every) == ["ej_paborjad", "pagar", "genomford", "forsenad", "avbruten"]
            broken = typed('  - delmal: "1.1"', "  - delmal: §") + "\n  - [oavslutad\n"
            delmal = await _completion(editor, broken)
            assert "1.1" in _labels(delmal)
            assert "5.2" in _labels(delmal)
            first = next(i for i in delmal if i.label == "1.1")
            assert first.detail.startswith("Alla elever")
            org = await _completion(editor, typed("organisation: nolskolan", "organisation: nol§"))
            assert _labels(org) == ["nolskolan"]
            assert org[0].detail == "Nolskolan"
            matt = await _completion(editor, typed("matt: [N15505]", "matt: [N15505, N15§"))
            assert "N15436" in _labels(matt)
            periods = await _completion(
                editor, typed("        uppfoljning:\n", "        uppfoljning:\n          §\n")
            )
            assert _labels(periods) == []  # delar1, delar2 and helar are all written
            summary = await _completion(editor, typed(sammanfattning, sammanfattning + "  §\n"))
            assert _labels(summary) == []  # the same: all three are there
            bare = text.split(sammanfattning)[0] + sammanfattning + "  delar2: x\n  §"
            summary = await _completion(editor, bare)
            assert _labels(summary) == ["delar1", "helar"]
            assert summary[1].detail == "Årsredovisning"
            flow = await _completion(editor, text + "klarmarkering: {helar: {klar: §")
            assert _labels(flow) == ["true", "false"]
            assert not editor.logs

    run(scenario())


def test_completion_follows_the_repositorys_own_scale(repo):
    """An assessment completes to the scale of malkoll.yaml, not a built-in one."""
    settings = repo / "malkoll.yaml"
    own = settings.read_text(encoding="utf-8").split("bedomning:")[0] + (
        "bedomning:\n  helt: {text: Målet är uppfyllt.}\n  delvis: {text: Delvis uppfyllt.}\n"
        "  ej: {text: Inte uppfyllt.}\n"
    )
    settings.write_text(own, encoding="utf-8")
    text = (repo / PLAN).read_text(encoding="utf-8")

    async def scenario():
        async with Editor(repo, "--idag", DAY) as editor:
            editor.open(PLAN)
            await editor.until(lambda: editor.uri(PLAN) in editor.arrived)
            items = await _completion(editor, text.replace("bedomning: rod", "bedomning: §", 1))
            assert _labels(items) == ["helt", "delvis", "ej"]
            assert items[0].documentation.value == "Målet är uppfyllt."

    run(scenario())


def test_hover_over_ids_and_findings(repo):
    """A delmål, an organisation and an indicator show their name and text; a finding
    shows its rule's explanation."""
    text = (repo / PLAN).read_text(encoding="utf-8")
    red = text.replace("        bedomning: rod\n", "        bedomning: rdo\n", 1)

    async def scenario():
        async with Editor(repo, "--idag", DAY) as editor:
            editor.open(PLAN)
            await editor.until(lambda: editor.uri(PLAN) in editor.arrived)
            delmal = await editor.hover(PLAN, 3, 14)
            assert delmal.startswith("**Delmål 1.1**: Alla elever")
            assert "N15505" in delmal
            org = await editor.hover(PLAN, 0, 17)
            assert org.startswith("**Nolskolan** (`nolskolan`, enhet)")
            assert "Under:" in org
            ind = await editor.hover(PLAN, 7, 12)
            assert ind.startswith("**N15505**: ")
            assert await editor.hover(PLAN, 1, 0) is None  # `ar`: no id, no finding
            editor.change(PLAN, red)
            await editor.until(lambda: "MK105" in editor.codes(PLAN), timeout=5)
            finding = next(d for d in editor.published[editor.uri(PLAN)] if d.code == "MK105")
            line = finding.range.start.line
            about = await editor.hover(PLAN, line, finding.range.start.character + 1)
            assert "**MK105** (fel)" in about
            assert "Fel typ eller värde" in about
            assert "```yaml" in about

    run(scenario())


MEASURES = """          atgarder: >-
            Studiestöd inom skoldagen från höstterminen, en förstelärare i matematik
            med uppdrag att leda det kollegiala lärandet och ett närmare samarbete
            med elevhälsan kring frånvaro.
"""


def test_code_actions_mend_a_misspelling_and_add_the_missing_measures(repo):
    """The suggested key replaces the misspelt one; MK304's action adds an empty
    `atgarder` to the analysis at its indentation, and typing the measures there clears
    the finding."""
    text = (repo / PLAN).read_text(encoding="utf-8")
    misspelt = text.replace("status: pagar", "statsu: pagar", 1)

    async def scenario():
        async with Editor(repo, "--idag", DAY) as editor:
            editor.open(PLAN, misspelt)
            await editor.until(lambda: "MK104" in editor.codes(PLAN), timeout=10)
            found = next(d for d in editor.published[editor.uri(PLAN)] if d.code == "MK104")
            (action,) = await editor.actions(PLAN, found)
            assert action.title == "Ändra till `status`"
            assert apply(misspelt, action.edit.changes[editor.uri(PLAN)]) == text
            without = text.replace(MEASURES, "")
            editor.change(PLAN, without)
            await editor.until(lambda: editor.codes(PLAN) == ["MK304"], timeout=5)
            found = editor.published[editor.uri(PLAN)][0]
            (action,) = await editor.actions(PLAN, found)
            mended = apply(without, action.edit.changes[editor.uri(PLAN)])
            assert "\n          atgarder: \n      helar:" in mended
            editor.change(
                PLAN,
                mended.replace(
                    "atgarder: \n", "atgarder: Rektor startar läsinsatser i oktober.\n", 1
                ),
            )
            await editor.until(lambda: editor.codes(PLAN) == [], timeout=5)

    run(scenario())
