"""A period marked done (`klarmarkering`): MK311 when something is missing, MK205 for an
unknown period, and `malkoll status` showing the mark beside what is done."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from helpers import BASE, REPOS, build_repo, check, places
from malkoll import rules
from malkoll.cli.root import app
from malkoll.rules import klar
from malkoll.status.compute import status
from malkoll.status.layout import text

CASE = REPOS / "fel" / "mk311-klar-men-ofullstandig"
PLAN = "2020/plan/alafors-skola.yaml"
BASE_PLAN = (BASE / PLAN).read_text(encoding="utf-8")


def marked(marks: str, plan: str = BASE_PLAN) -> str:
    """The base's Alafors plan with ``marks`` as its klarmarkering."""
    return plan.replace("ar: 2020\n", f"ar: 2020\nklarmarkering:\n{marks}", 1)


def codes(root: Path, flags: str) -> list[str]:
    return [x.split(": ", 1)[1] for x in places(check(root, flags).findings)]


def test_a_complete_period_marked_done_is_clean(tmp_path):
    """The fix of the case: every period marked done, nothing missing, no finding."""
    marks = "  delar1: {klar: true}\n  delar2: {klar: true, av: Rektor}\n  helar: {klar: true}\n"
    root = build_repo(tmp_path / "r", files={PLAN: marked(marks)})
    assert places(check(root, "--idag 2021-03-01").findings) == []


def test_marked_done_is_an_error_already_within_the_grace_window(tmp_path):
    """Six days before delår 2's submission date the missing assessment is a warning, the
    mark that says nothing is missing an error."""
    root = build_repo(tmp_path / "r", CASE)
    assert codes(root, "--idag 2020-09-05") == ["fel MK311", "varning MK302"]


def test_a_period_not_yet_due_or_marked_false_is_not_checked(tmp_path):
    """Before delår 2's date its mark is not checked; `klar: false` is never a finding."""
    root = build_repo(tmp_path / "r", CASE)
    assert codes(root, "--idag 2020-08-01") == []
    plan = (root / PLAN).read_text(encoding="utf-8")
    (root / PLAN).write_text(plan.replace("delar2: {klar: true", "delar2: {klar: false"), "utf-8")
    assert codes(root, "--idag 2021-03-01") == ["fel MK302"]


def test_a_rule_turned_off_does_not_make_the_period_incomplete(tmp_path):
    """With MK302 off, a missing assessment is asked by nothing: the period is complete."""
    root = build_repo(tmp_path / "r", CASE)
    settings = (root / "malkoll.yaml").read_text(encoding="utf-8")
    (root / "malkoll.yaml").write_text(settings + "regler: {MK302: av}\n", encoding="utf-8")
    assert codes(root, "--idag 2021-03-01") == []


def test_the_message_names_what_is_missing_at_most_three(tmp_path):
    """Four pieces missing: three are named and the rest counted; the finding points at
    the mark's `klar`."""
    plan = marked("  helar: {klar: true}\n").replace(
        "            hur_har_det_gatt: Alla klasser har infört läsa-skriva-räkna-garantin.\n", ""
    )
    plan = plan.replace("          helar: {utfall: 86, kommentar: Pojkarna ligger efter.}\n", "")
    plan = plan.replace(
        "          orsaker: Hög personalomsättning.\n"
        "          grupper: Pojkarna har lägre resultat än flickorna.\n"
        "          atgarder: Rektor inför läsinsatser i åk 4–9 från vårterminen 2021.\n"
        "          underlag:",
        "          grupper: Pojkarna har lägre resultat än flickorna.\n          underlag:",
    )
    root = build_repo(tmp_path / "r", files={PLAN: plan})
    found = [x for x in check(root, "--idag 2021-03-01").findings if x.code == "MK311"]
    assert [(x.line, x.col, x.message) for x in found] == [
        (
            4,
            11,
            "Uppföljningen är markerad klar men 4 saker saknas (Alafors skola, Årsredovisning): "
            "orsaker i analysen av delmål 1.1, åtgärder för delmål 1.1 (gul), hur det har gått "
            "för aktivitet las-1-3 och 1 till.",
        )
    ]


def test_a_mark_for_an_unknown_period_is_mk205(tmp_path):
    """`klarmarkering: {delar3: ...}` names no period of the year: MK205 at the key."""
    root = build_repo(tmp_path / "r", files={PLAN: marked("  delar3: {klar: true}\n")})
    found = check(root, "--idag 2021-03-01").findings
    assert places(found) == [f"{PLAN}:4:3: fel MK205"]
    assert found[0].message == "`delar3` är inte en av årets perioder. Menade du `delar2`?"


def test_another_years_missing_pieces_do_not_count(tmp_path):
    """A 2019 plan missing everything does not make 2020's complete period incomplete."""
    files = {
        PLAN: marked("  delar2: {klar: true}\n"),
        "2019/plan/alafors-skola.yaml": "organisation: alafors-skola\nar: 2019\n"
        'klarmarkering:\n  helar: {klar: true}\ndelmal:\n  - delmal: "1.1"\n',
    }
    root = build_repo(tmp_path / "r", files=files)
    mk311 = [x for x in check(root, "--idag 2021-03-01").findings if x.code == "MK311"]
    assert [x.path for x in mk311] == ["2019/plan/alafors-skola.yaml"]


def test_the_modules_that_make_a_period_complete_are_the_runners():
    """MK311 asks the same modules as `status` counts."""
    assert klar.REQUIRING == rules.REQUIRING


def test_status_shows_the_mark_beside_what_is_done(tmp_path):
    """Delår 2 marked done with its assessment missing: `Märkt` shows `klar`, the list says
    so, the summary line counts it; JSON has `komplett` and the mark."""
    root = build_repo(tmp_path / "r", CASE)
    s = status(root, 2020, dt.date(2020, 9, 5))
    alafors = next(o for o in s.organisationer if o.organisation == "alafors-skola")
    assert alafors.markerad_klar
    assert not alafors.komplett
    assert (s.markerade, s.markerade_ofullstandiga) == (1, 1)
    out = text(s)
    assert "Markerade klara: 1 av 4 organisationer, 1 av dem är inte komplett (MK311)" in out
    assert "Alafors skola är markerad klar men saknar:" in out
    header = next(line for line in out.splitlines() if line.startswith("Organisation"))
    assert header.split()[-2:] == ["Märkt", "Klart"]
    row = next(line for line in out.splitlines() if line.startswith("Alafors skola "))
    assert "  klar  " in row
    result = CliRunner().invoke(
        app, ["status", "2020", "-C", str(root), "--idag", "2020-09-05", "--format", "json"]
    )
    doc = json.loads(result.stdout)
    orgs = {o["organisation"]: o for n in doc["namnder"] for o in n["organisationer"]}
    assert orgs["alafors-skola"]["klarmarkering"] == {
        "klar": True,
        "av": "Rektor",
        "datum": "2020-09-08",
    }
    assert orgs["alafors-skola"]["komplett"] is False
    assert orgs["grundskola"]["klarmarkering"] is None
    assert (doc["markerade_klara"], doc["markerade_men_ofullstandiga"]) == (1, 1)


def test_status_without_marks_has_no_mark_column(tmp_path):
    """A repository where no plan marks the period shows status as before."""
    out = text(status(BASE, 2020, dt.date(2020, 9, 5)))
    assert "Märkt" not in out
    assert "Markerade klara" not in out
