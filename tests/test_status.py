"""`malkoll status`: the period now being written, the counts per organisation, the formats."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
import typer
from typer.testing import CliRunner

from helpers import EXAMPLES, check
from malkoll.cli import nytt_ar as cli_nytt_ar
from malkoll.cli import status as cli_status
from malkoll.errors import BadOption
from malkoll.reading.load import load
from malkoll.status.compute import Status, compute, status
from malkoll.status.layout import bar, deadline_words

DRAFT = EXAMPLES / "ale-2020-utkast"
COMPLETE = EXAMPLES / "ale-2020"
SEPT_5 = dt.date(2020, 9, 5)

app = typer.Typer()
app.command("status")(cli_status.status)
app.command("nytt-ar")(cli_nytt_ar.nytt_ar)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["status", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def draft() -> Status:
    return status(DRAFT, 2020, SEPT_5)


def org(s: Status, org_id: str):
    return next(o for n in s.namnder for o in n.organisationer if o.organisation == org_id)


def counts(s: Status, org_id: str) -> dict[str, tuple[int, int]]:
    return {p: (c.done, c.total) for p, c in org(s, org_id).delar.items() if c.total}


def test_the_period_now_being_written_is_delar2_six_days_before_its_deadline(draft):
    """On 2020-09-05 delår 2 is being written; its submission date is 2020-09-11."""
    assert draft.period.id == "delar2"
    assert draft.period.datum == dt.date(2020, 8, 31)
    assert draft.period.inlamning == dt.date(2020, 9, 11)
    assert draft.period.dagar_kvar == 6


def test_hemtjansten_counts_match_forvantat(draft):
    """Hemtjänsten: no analysis or assessment of 8.1, one of two activities, no outcome."""
    assert counts(draft, "hemtjansten") == {
        "analyser": (0, 1),
        "bedomningar": (0, 1),
        "aktiviteter": (1, 2),
        "verksamhetsmal": (0, 1),
    }
    assert org(draft, "hemtjansten").saknas == [
        "analys av delmål 8.1",
        "bedömning av delmål 8.1",
        "uppföljning av aktivitet sma-grupper",
        "utfall för verksamhetsmål vm-kontinuitet",
    ]


def test_arbetsmarknad_counts_a_delayed_activity_without_comment_as_not_done(draft):
    """Arbete och försörjning: MK306 and MK305 make two of its four activities not done."""
    assert counts(draft, "arbetsmarknad")["aktiviteter"] == (2, 4)
    assert org(draft, "arbetsmarknad").saknas == [
        "kommentar för aktivitet lokal-overenskommelse",
        "uppföljning av aktivitet digital-vagledning",
    ]


def test_analysis_parts_measures_and_the_nämnd_level(draft):
    """MK303, MK304, MK302 and the nämnd's uppdrag, control and economy gaps are counted."""
    assert counts(draft, "sektor-utbildning")["analyser"] == (2, 3)
    assert counts(draft, "sektor-oan")["atgarder"] == (2, 3)
    assert counts(draft, "sektor-service")["bedomningar"] == (1, 2)
    assert counts(draft, "un")["internkontroll"] == (0, 2)
    assert counts(draft, "kfn")["uppdrag"] == (0, 1)
    assert counts(draft, "sn")["uppdrag"] == (0, 1)
    assert counts(draft, "sn")["ekonomi"] == (0, 1)
    assert counts(draft, "sbn")["ekonomi"] == (0, 1)
    assert counts(draft, "ks")["ekonomi"] == (1, 1)


COUNTED = {"MK301", "MK302", "MK303", "MK304", "MK305", "MK306", "MK307"}
COUNTED |= {"MK501", "MK502", "MK503", "MK504", "MK507", "MK508"}
"""The rules whose requirements status counts in its parts."""


def with_rules(tmp_path, rules: dict[str, str]):
    """A copy of the draft with ``rules`` under `regler:` in malkoll.yaml."""
    root = shutil.copytree(DRAFT, tmp_path / "utkast", ignore=shutil.ignore_patterns("rapporter"))
    if rules:
        lines = "".join(f"  {code}: {value}\n" for code, value in rules.items())
        with (root / "malkoll.yaml").open("a", encoding="utf-8") as settings:
            settings.write(f"\nregler:\n{lines}")
    return root


@pytest.mark.parametrize(
    "rules",
    [
        {},
        {"MK301": "av"},
        {"MK303": "av"},
        {"MK305": "av"},
        {"MK503": "av", "MK507": "av"},
        {"MK302": "varning", "MK502": "av"},
    ],
    ids=lambda r: ",".join(f"{k}={v}" for k, v in r.items()) or "standard",
)
def test_what_is_missing_is_what_validera_finds_for_the_period(tmp_path, rules):
    """Each line status lists as missing is one finding validera reports for the period,
    organisation by organisation, whatever `regler:` turns off."""
    root = with_rules(tmp_path, rules)
    found = check(root, "--idag 2020-09-20 --ar 2020").findings
    expected: dict[str, int] = {}
    for x in found:
        if x.code in COUNTED and x.period == "delar2" and x.organisation:
            expected[x.organisation] = expected.get(x.organisation, 0) + 1
    s = status(root, 2020, SEPT_5)
    missing = {o.organisation: len(o.saknas) for n in s.namnder for o in n.organisationer}
    assert {k: v for k, v in missing.items() if v} == expected


def test_a_rule_turned_off_drops_only_its_own_requirements(tmp_path):
    """With MK301 off, a missing analysis counts for nothing, but an analysis written
    without its required parts still does (MK303, which validera still reports)."""
    s = status(with_rules(tmp_path, {"MK301": "av"}), 2020, SEPT_5)
    assert counts(s, "sektor-utbildning")["analyser"] == (2, 3)
    assert org(s, "sektor-utbildning").saknas == ["orsaker i analysen av delmål 1.3"]
    assert "analyser" not in counts(s, "hemtjansten")
    assert counts(s, "hemtjansten")["bedomningar"] == (0, 1)


def test_a_nämnd_under_kommunstyrelsen_has_its_own_place(tmp_path):
    """A nämnd nested under Kommunstyrelsen is shown as a nämnd of its own, with its
    organisations, and `--namnd` can choose it."""
    root = with_rules(tmp_path, {})
    tree = root / "organisation.yaml"
    text = tree.read_text(encoding="utf-8")
    nested = "    - id: valn\n      namn: Valnämnden\n      typ: namnd\n      delar:\n"
    nested += "        - {id: valkansliet, namn: Valkansliet, typ: verksamhet}\n"
    tree.write_text(
        text.replace("\n  delar:\n", "\n  delar:\n" + nested, 1),  # Kommunstyrelsen's
        encoding="utf-8",
    )
    plan = 'organisation: valkansliet\nar: 2020\ndelmal:\n  - delmal: "1.1"\n'
    (root / "2020/plan/valkansliet.yaml").write_text(plan, encoding="utf-8")
    s = status(root, 2020, SEPT_5)
    valn = next(n for n in s.namnder if n.organisation == "valn")
    assert valn.namn == "Valnämnden"
    assert [o.organisation for o in valn.organisationer] == ["valkansliet"]
    ks = next(n for n in s.namnder if n.organisation == "ks")
    assert "valkansliet" not in [o.organisation for o in ks.organisationer]
    only = status(root, 2020, SEPT_5, namnd="valn")
    assert [n.organisation for n in only.namnder] == ["valn"]


def test_the_furthest_behind_come_first(draft):
    """Nämnder, and organisations within each, are ordered by the share done, lowest first."""
    shares = [n.done / n.total for n in draft.namnder]
    assert shares == sorted(shares)
    assert draft.namnder[0].organisation == "kfn"
    oan = next(n for n in draft.namnder if n.organisation == "oan")
    assert oan.organisationer[0].organisation == "hemtjansten"


def test_the_complete_example_is_done_for_the_annual_report():
    """In exempel/ale-2020 everything the annual report asks for is done."""
    s = status(COMPLETE, 2020, dt.date(2021, 1, 10))
    assert s.period.id == "helar"
    assert s.total > 0
    assert s.done == s.total
    assert all(not o.saknas for n in s.namnder for o in n.organisationer)


@pytest.mark.parametrize(
    ("today", "period", "days"),
    [
        (dt.date(2020, 1, 15), "delar1", 90),
        (dt.date(2020, 4, 14), "delar1", 0),
        (dt.date(2020, 4, 15), "delar2", 149),
        (dt.date(2020, 9, 12), "helar", 132),
        (dt.date(2021, 2, 1), "helar", -10),
    ],
)
def test_the_period_is_the_first_whose_deadline_is_today_or_later(today, period, days):
    """The first period with a submission date today or later; all past: the last, late."""
    s = compute(load(DRAFT), 2020, today)
    assert (s.period.id, s.period.dagar_kvar) == (period, days)


def test_without_a_year_january_still_writes_the_year_before():
    """In January the annual report of the year before is being written."""
    assert compute(load(DRAFT), None, dt.date(2021, 1, 10)).ar == 2020


def test_an_unknown_year_or_nämnd_is_a_bad_option():
    """A year without a folder, or a nämnd that does not exist, is an expected error."""
    repo = load(DRAFT)
    with pytest.raises(BadOption, match="Året 2019 finns inte"):
        compute(repo, 2019, SEPT_5)
    with pytest.raises(BadOption, match="Menade du `un`"):
        compute(repo, 2020, SEPT_5, namnd="UN")


def test_text_shows_the_deadline_the_tables_and_what_is_missing():
    """`malkoll status 2020 --idag 2020-09-05`: the deadline, per nämnd, the gaps, the årshjul."""
    code, out, _ = run("2020", "-C", str(DRAFT), "--idag", "2020-09-05")
    assert code == 0
    assert "Delårsrapport 2 (delar2, t.o.m. 2020-08-31): inlämning 2020-09-11, om 6 dagar" in out
    assert out.index("Kultur- och fritidsnämnden: 15 av 20") < out.index("Utbildningsnämnden")
    assert "Hemtjänsten saknar:\n    – analys av delmål 8.1\n" in out
    assert "Sektor utbildning saknar:\n    – orsaker i analysen av delmål 1.3\n" in out
    assert "2020-09-30  Månadsuppföljning september" in out
    assert "\x1b[" not in out


def test_json_has_the_documented_shape():
    """`--format json`: format 1, the period, totals, nämnder with organisations, events."""
    code, out, _ = run("2020", "-C", str(DRAFT), "--idag", "2020-09-05", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == [
        "format", "malkoll", "rot", "ar", "idag", "namnd", "period", "klart", "totalt",
        "markerade_klara", "markerade_men_ofullstandiga", "namnder", "handelser",
    ]  # fmt: skip
    assert doc["format"] == 1
    assert doc["period"] == {
        "id": "delar2",
        "namn": "Delårsrapport 2",
        "datum": "2020-08-31",
        "inlamning": "2020-09-11",
        "dagar_kvar": 6,
    }
    assert doc["klart"] < doc["totalt"]
    first = doc["namnder"][0]
    assert set(first) == {"organisation", "namn", "klart", "totalt", "organisationer"}
    unit = first["organisationer"][0]
    assert set(unit) == {
        "organisation", "namn", "typ", "fil", "klart", "totalt", "delar", "saknas", "komplett",
        "klarmarkering",
    }  # fmt: skip
    assert set(unit["delar"]) == {
        "analyser", "bedomningar", "atgarder", "aktiviteter", "verksamhetsmal", "uppdrag",
        "internkontroll", "ekonomi",
    }  # fmt: skip
    assert doc["handelser"][0] == {
        "datum": "2020-09-30",
        "vad": "Månadsuppföljning september",
        "period": "sep",
        "inlamning": None,
        "organisation": None,
    }


def test_namnd_limits_the_organisations_and_events():
    """`--namnd oan`: only that nämnd's organisations, and only its own and common events."""
    _, out, _ = run(
        "2020", "-C", str(DRAFT), "--idag", "2020-09-05", "-f", "json", "--namnd", "oan"
    )
    doc = json.loads(out)
    assert [n["organisation"] for n in doc["namnder"]] == ["oan"]
    assert {o["organisation"] for o in doc["namnder"][0]["organisationer"]} == {
        "oan", "sektor-oan", "aldreomsorg", "hemtjansten", "vobo-alvangen", "arbetsmarknad",
    }  # fmt: skip
    assert {e["organisation"] for e in doc["handelser"]} <= {None, "oan"}


def test_a_bad_nämnd_exits_2_with_one_line():
    """An unknown nämnd is one Swedish line on stderr and exit 2."""
    code, _, err = run("2020", "-C", str(DRAFT), "--namnd", "xyz")
    assert code == 2
    assert err.startswith("malkoll: 'xyz' är ingen nämnd")


def test_the_bar_and_the_deadline_words():
    """The bar never looks full while something is missing; days read as Swedish words."""
    assert bar(0, 4, 10) == "░" * 10
    assert bar(99, 100, 10) == "█" * 9 + "░"
    assert bar(4, 4, 10) == "█" * 10
    assert [deadline_words(d) for d in (6, 1, 0, -1, -3)] == [
        "om 6 dagar", "i morgon", "i dag", "1 dag sen", "3 dagar sen",
    ]  # fmt: skip
