"""`malkoll nytt-ar`: a new year from the one before, that validates, written once."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from helpers import EXAMPLES, check
from malkoll.cli import nytt_ar as cli_nytt_ar
from malkoll.cli import status as cli_status
from malkoll.errors import BadOption
from malkoll.writers.rollover import next_year, nytt_ar
from malkoll.writers.yamlwrite import dump

app = typer.Typer()
app.command("status")(cli_status.status)
app.command("nytt-ar")(cli_nytt_ar.nytt_ar)

SURTE = """\
organisation: surteskolan
ar: 2020
delmal:
  - delmal: "1.1"
    hur_vi_arbetar: Läsning först.
    matt: [N15505]
    aktiviteter:
      - id: klar
        namn: Genomförd i helåret
        start: 2020-01-08
        slut: 2020-06-30
        uppfoljning:
          delar1: {status: pagar}
          helar: {status: genomford, hur_har_det_gatt: Bra., vad_har_det_lett_till: Mer.}
      - id: avbruten-tidigt
        namn: Avbruten i delår 2
        uppfoljning:
          delar1: {status: pagar}
          delar2: {status: avbruten, kommentar: Pandemin.}
      - id: pagar-vidare
        namn: Pågår in i nästa år
        ansvarig: Rektor
        beskrivning: Fortsätter.
        start: 2020-03-01
        slut: 2020-12-18
        uppfoljning:
          delar1: {status: pagar}
          helar: {status: pagar, hur_har_det_gatt: Halvvägs., vad_har_det_lett_till: Lite.}
      - id: "2021"
        namn: Börjar nästa år
        start: 2021-01-10
        slut: 2021-06-30
    verksamhetsmal:
      - id: vm-1
        namn: Fler läser
        malvarde: 90
        uppfoljning:
          helar: {utfall: 86}
    uppfoljning:
      helar:
        analys: {resultat: Bättre., orsaker: Läsning.}
        bedomning: gron
sammanfattning:
  helar: Ett bra år.
"""


def nytt(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["nytt-ar", *args, "-C", str(root)], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", root, ignore=shutil.ignore_patterns("rapporter"))
    (root / "2020/plan/un/surteskolan.yaml").write_text(SURTE, encoding="utf-8")
    return root


def read(root: Path, rel: str):
    return yaml.safe_load((root / rel).read_text(encoding="utf-8"))


def test_creates_every_plan_the_arshjul_internal_control_and_uppdrag(repo):
    """Each plan at the same path, the årshjul, a control plan per nämnd, open uppdrag."""
    code, out, _ = nytt(repo, "2021")
    assert code == 0
    old_plans = sorted(p.relative_to(repo / "2020").as_posix() for p in (repo / "2020").rglob("*"))
    new_plans = sorted(p.relative_to(repo / "2021").as_posix() for p in (repo / "2021").rglob("*"))
    plans = [p for p in old_plans if p.startswith("plan/") and p.endswith(".yaml")]
    assert set(plans) <= set(new_plans)
    for name in ("ks", "un", "oan", "sbn", "kfn", "sn"):
        assert f"internkontroll/{name}.yaml" in new_plans
    assert "arshjul.yaml" in new_plans
    assert "uppdrag.yaml" in new_plans
    assert "ekonomi.yaml" not in new_plans
    assert "Skapade 2021/plan/un/surteskolan.yaml" in out
    assert "2021/ekonomi.yaml skapas inte" in out
    assert out.rstrip().endswith("Kontrollera med: malkoll validera --ar 2021")


def test_a_plan_keeps_unfinished_activities_without_follow_up(repo):
    """Finished and cancelled activities are dropped; the rest keep their plan, no follow-up."""
    nytt_ar(repo, 2021)
    plan = read(repo, "2021/plan/un/surteskolan.yaml")
    assert plan["ar"] == 2021
    assert "sammanfattning" not in plan
    (entry,) = plan["delmal"]
    assert entry["delmal"] == "1.1"
    assert entry["hur_vi_arbetar"] == "Läsning först."
    assert entry["matt"] == ["N15505"]
    assert "uppfoljning" not in entry
    assert entry["aktiviteter"] == [
        {
            "id": "pagar-vidare",
            "namn": "Pågår in i nästa år",
            "beskrivning": "Fortsätter.",
            "ansvarig": "Rektor",
            "start": dt.date(2020, 3, 1),
        },
        {"id": "2021", "namn": "Börjar nästa år", "start": dt.date(2021, 1, 10),
         "slut": dt.date(2021, 6, 30)},
    ]  # fmt: skip
    assert entry["verksamhetsmal"] == [{"id": "vm-1", "namn": "Fler läser", "malvarde": 90}]


def test_the_written_yaml_reads_like_a_person_wrote_it(repo):
    """Block style, ids that look like numbers quoted, dates plain, Swedish as is."""
    nytt_ar(repo, 2021)
    text = (repo / "2021/plan/un/surteskolan.yaml").read_text(encoding="utf-8")
    assert '  - delmal: "1.1"\n' in text
    assert '      - id: "2021"\n' in text
    assert "        start: 2021-01-10\n" in text
    assert "matt: [N15505]" in text
    assert "Pågår in i nästa år" in text
    assert "{" not in text


def test_yaml_writer_quotes_what_yaml_would_misread():
    """Strings YAML would read as numbers, dates, booleans or null are double-quoted."""
    text = dump({"a": "1.10", "b": "no", "c": "2020-01-01", "d": "null", "e": "text", "f": 2.0})
    assert text == 'a: "1.10"\nb: "no"\nc: "2020-01-01"\nd: "null"\ne: text\nf: 2\n'
    assert dump({"t": "rad ett\nrad två\n"}) == "t: |\n  rad ett\n  rad två\n"


def test_the_arshjul_moves_a_year_on(repo):
    """Every date and submission date a year on; February's last day stays its last day."""
    nytt_ar(repo, 2021)
    events = read(repo, "2021/arshjul.yaml")
    feb = next(e for e in events if e.get("period") == "feb")
    assert feb["datum"] == dt.date(2021, 2, 28)
    assert feb["inlamning"] == dt.date(2021, 3, 9)
    helar = next(e for e in events if e.get("period") == "helar")
    assert (helar["datum"], helar["inlamning"]) == (dt.date(2021, 12, 31), dt.date(2022, 1, 22))
    assert any(e["vad"] == "KF antar verksamhetsplan med budget 2022" for e in events)
    assert len(events) == len(read(repo, "2020/arshjul.yaml"))


@pytest.mark.parametrize(
    ("day", "moved"),
    [
        (dt.date(2020, 2, 29), dt.date(2021, 2, 28)),
        (dt.date(2019, 2, 28), dt.date(2020, 2, 29)),
        (dt.date(2020, 2, 28), dt.date(2021, 2, 28)),
        (dt.date(2020, 10, 15), dt.date(2021, 10, 15)),
    ],
)
def test_next_year(day, moved):
    """29 February becomes 28 February; the last day of February stays the last day."""
    assert next_year(day) == moved


def test_internal_control_plans_carry_the_controls_without_results(repo):
    """A control plan per nämnd: last year's controls, no results, antagen left to fill in."""
    nytt_ar(repo, 2021)
    plan = read(repo, "2021/internkontroll/un.yaml")
    assert plan["organisation"] == "un"
    assert "antagen" not in plan
    assert "# antagen: ÅÅÅÅ-MM-DD" in (repo / "2021/internkontroll/un.yaml").read_text("utf-8")
    old = read(repo, "2020/internkontroll/un.yaml")
    assert [k["id"] for k in plan["kontroller"]] == [k["id"] for k in old["kontroller"]]
    assert all("uppfoljning" not in k for k in plan["kontroller"])


def test_only_unfinished_uppdrag_are_carried_over(repo):
    """Uppdrag reported done or cancelled stay behind; the others come without follow-up."""
    nytt_ar(repo, 2021)
    carried = read(repo, "2021/uppdrag.yaml")
    old = {u["id"]: u for u in read(repo, "2020/uppdrag.yaml")}
    for u in carried:
        assert "uppfoljning" not in u
        last = list(old[u["id"]]["uppfoljning"].values())[-1]["status"]
        assert last not in ("genomford", "avbruten")
    assert len(carried) < len(old)


def test_the_new_year_validates_without_errors(repo):
    """`malkoll validera --ar 2021 --idag 2021-01-01` on the new year: no findings at all."""
    nytt_ar(repo, 2021)
    result = check(repo, "--ar 2021 --idag 2021-01-01")
    assert [x for x in result.findings if x.path.startswith("2021/")] == []
    assert result.errors == 0


def test_a_second_run_creates_nothing_and_says_so(repo):
    """Run twice: the second run changes no file and says there was nothing to create."""
    nytt(repo, "2021")
    before = {p: p.read_bytes() for p in (repo / "2021").rglob("*.yaml")}
    code, out, _ = nytt(repo, "2021")
    assert code == 0
    assert "Skapade" not in out
    assert out.rstrip().endswith("Inget att skapa: allt för 2021 finns redan.")
    assert {p: p.read_bytes() for p in (repo / "2021").rglob("*.yaml")} == before


def test_an_existing_file_is_never_overwritten(repo):
    """A file the year already has is left as it is and reported; the rest is created."""
    (repo / "2021").mkdir()
    (repo / "2021/arshjul.yaml").write_text("# eget\n[]\n", encoding="utf-8")
    code, out, _ = nytt(repo, "2021")
    assert code == 0
    assert (repo / "2021/arshjul.yaml").read_text(encoding="utf-8") == "# eget\n[]\n"
    assert "Fanns redan: 2021/arshjul.yaml (filen finns)" in out
    assert (repo / "2021/plan/un/un.yaml").exists()


def test_an_organisation_with_a_plan_elsewhere_gets_no_second_plan(repo):
    """A unit that already has a plan for the year (at another path) gets no second one."""
    target = repo / "2021/plan/egen/un-2021.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("organisation: un\nar: 2021\n", encoding="utf-8")
    done = nytt_ar(repo, 2021)
    assert not (repo / "2021/plan/un/un.yaml").exists()
    assert ("2021/plan/un/un.yaml", "un har redan en plan: 2021/plan/egen/un-2021.yaml") in (
        done.skipped
    )
    assert check(repo, "--ar 2021 --idag 2021-01-01").errors == 0


def test_without_the_year_before_it_exits_2(repo):
    """`nytt-ar 2023` when 2022 does not exist: one line, exit 2, nothing written."""
    code, _, err = nytt(repo, "2023")
    assert code == 2
    assert err.startswith("malkoll: Året 2022 finns inte")
    assert not (repo / "2023").exists()


def test_a_year_before_with_unreadable_files_is_refused(repo):
    """A plan of the year before that cannot be read would be lost: nothing is written."""
    (repo / "2020/plan/un/un.yaml").write_text("organisation: un\nar: [\n", encoding="utf-8")
    with pytest.raises(BadOption, match="Rätta dem först"):
        nytt_ar(repo, 2021)
    assert not (repo / "2021").exists()


def test_a_nämnd_under_kommunstyrelsen_gets_its_own_internal_control_plan(repo):
    """A nämnd nested under KS is a nämnd: nytt-ar writes its control plan too, and the new
    year then validates without MK505 for it."""
    org = repo / "organisation.yaml"
    text = org.read_text(encoding="utf-8")
    nested = "  delar:\n    - {id: valn, namn: Valnämnden, typ: namnd}\n"
    org.write_text(text.replace("  delar:\n", nested, 1), "utf-8")  # the first nämnd's, KS
    settings = repo / "malkoll.yaml"  # its ansvar in the ledger, as every nämnd has (MK511)
    mapped = settings.read_text(encoding="utf-8").replace(
        "    ansvar:\n", '    ansvar:\n      "1900": valn\n', 1
    )
    settings.write_text(mapped, encoding="utf-8")
    assert check(repo, "--ar 2020 --idag 2020-01-01").findings[0].code == "MK505"
    nytt_ar(repo, 2021)
    plan = read(repo, "2021/internkontroll/valn.yaml")
    assert plan == {"organisation": "valn", "kontroller": []}
    assert check(repo, "--ar 2021 --idag 2021-01-01").findings == []
