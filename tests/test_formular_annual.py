"""`malkoll formular` for the annual report's files (issue 14): a form per strategic goal
for its målsättningsansvarig, one collection for the bolag's contacts, a nämnd's decision
in the plan and internal control's overall judgement; what the forms write validates as a
hand-written file does (the round trip runs Decap CMS's own YAML formatter in Node, see
test_formular)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import EXAMPLES, TESTS, build_repo, check, run
from malkoll.forms import MARKER
from malkoll.reading.load import load
from test_browser import CHROMIUM, CHROMIUM_FLAGS
from test_formular import MODULES, NODE, needs_decap
from test_formular_browser import served  # noqa: F401  (the fixture: decap-server on the draft)

UTKAST = EXAMPLES / "ale-2020-utkast"
GOAL_FIELDS = ["malsattning", "ansvarig", "team", "uppfoljning"]
BOLAG_FIELDS = ["organisation", "agarandel", "uppdrag", "mal", "perioder"]


@pytest.fixture
def utkast(tmp_path: Path) -> Path:
    return Path(shutil.copytree(UTKAST, tmp_path / "utkast"))


def _config(root: Path) -> dict[str, Any]:
    assert run("formular", "2020", "-C", str(root))[0] == 0
    text = (root / "admin/config.yml").read_text(encoding="utf-8")
    config: dict[str, Any] = yaml.safe_load(text[len(MARKER) :])
    return config


def _named(config: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in config["collections"] if c["name"] == name)


def _field(fields: list[dict[str, Any]], *names: str) -> dict[str, Any]:
    for name in names[:-1]:
        fields = next(f for f in fields if f["name"] == name)["fields"]
    return next(f for f in fields if f["name"] == names[-1])


def _names(fields: list[dict[str, Any]]) -> list[str]:
    return [f["name"] for f in fields]


def test_a_form_per_goal_with_its_own_framgangsfaktorer(utkast: Path) -> None:
    settings = utkast / "malkoll.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "namn: Grön" in text
    settings.write_text(text.replace("namn: Grön", "namn: Uppfyllt"), encoding="utf-8")
    config = _config(utkast)
    goals = _named(config, "malsattningar-2020")
    assert goals["label"] == "Målsättningarnas uppföljning 2020"
    files = {f["file"]: f for f in goals["files"]}
    assert sorted(files) == sorted(
        f"2020/malsattningar/{p.name}" for p in (utkast / "2020/malsattningar").iterdir()
    )
    one = files["2020/malsattningar/1.yaml"]
    assert one["label"] == "Målsättning 1: God utbildning för alla"
    fields = one["fields"]
    assert _names(fields) == GOAL_FIELDS
    assert _field(fields, "malsattning")["widget"] == "hidden"
    assert _field(fields, "team")["field"]["widget"] == "string"
    followup = _field(fields, "uppfoljning")
    assert _names(followup["fields"]) == ["delar1", "delar2", "helar"]
    # The forecast for the year's end belongs to the interim periods only.
    assert _names(_field(fields, "uppfoljning", "delar2")["fields"]) == [
        "bedomning",
        "prognos",
        "text",
        "av",
        "framgangsfaktorer",
    ]
    assert "prognos" not in _names(_field(fields, "uppfoljning", "helar")["fields"])
    bedomning = _field(fields, "uppfoljning", "delar2", "bedomning")
    assert bedomning["widget"] == "select"
    assert bedomning["options"][0] == {"label": "Uppfyllt", "value": "gron"}
    assert _field(fields, "uppfoljning", "delar2", "av")["label"] == "Bedömd av"
    factors = _field(fields, "uppfoljning", "helar", "framgangsfaktorer")["fields"]
    goal = yaml.safe_load((utkast / "mal/1-god-utbildning.yaml").read_text(encoding="utf-8"))
    assert _names(factors) == [ff["id"] for ff in goal["framgangsfaktorer"]]
    assert factors[0]["label"] == f"{goal['framgangsfaktorer'][0]['namn']} (ff1-1)"
    assert _names(factors[0]["fields"]) == ["bedomning", "text"]
    assert all(f["required"] is False for f in _all(fields) if "required" in f)


def test_the_bolag_share_a_folder_collection(utkast: Path) -> None:
    bolag = _named(_config(utkast), "bolag-2020")
    assert bolag["folder"] == "2020/bolag"
    assert (bolag["create"], bolag["delete"], bolag["format"]) == (False, False, "yaml")
    assert bolag["identifier_field"] == "organisation"
    assert "AB Alebyggen (alebyggen)" in bolag["description"]
    fields = bolag["fields"]
    assert _names(fields) == BOLAG_FIELDS
    assert _names(_field(fields, "perioder", "delar2")["fields"]) == [
        "resultat",
        "prognos",
        "omsattning",
        "soliditet",
        "sammanfattning",
    ]
    assert "prognos" not in _names(_field(fields, "perioder", "helar")["fields"])
    assert _field(fields, "perioder", "delar2", "resultat")["widget"] == "number"
    utfall = _field(fields, "mal", "utfall")
    assert _names(utfall["fields"]) == ["delar1", "delar2", "helar"]
    assert _field(fields, "mal", "riktning")["options"][0] == {
        "label": "Högre är bättre",
        "value": "hogre",
    }


def test_a_plans_decision_and_internal_controls_judgement(utkast: Path) -> None:
    config = _config(utkast)
    plans = next(c for c in config["collections"] if c.get("folder") == "2020/plan/kfn")
    beslut = _field(plans["fields"], "beslut", "helar")
    assert _names(beslut["fields"]) == ["organ", "datum", "paragraf", "diarienummer"]
    assert _field(beslut["fields"], "datum")["format"] == "YYYY-MM-DD"
    assert "`" not in _field(beslut["fields"], "paragraf")["hint"]
    namnd = _named(config, "namnd-2020")
    control = next(f for f in namnd["files"] if f["file"] == "2020/internkontroll/un.yaml")
    judgement = _field(control["fields"], "bedomning")
    assert _names(judgement["fields"]) == ["delar1", "delar2", "helar"]
    assert judgement["fields"][0]["widget"] == "text"


def test_without_the_files_there_are_no_such_forms(tmp_path: Path) -> None:
    """A year without goal or bolag files has no collections for them: the forms edit
    files that exist (malkoll init and nytt-ar make them). The base has a goal's file and
    no bolag: without that file, neither."""
    root = build_repo(tmp_path / "bas")
    names = [c["name"] for c in _config(root)["collections"]]
    assert [n for n in names if n.startswith(("malsattningar-", "bolag-"))] == [
        "malsattningar-2020"
    ]
    shutil.rmtree(root / "2020/malsattningar")
    names = [c["name"] for c in _config(root)["collections"]]
    assert not [n for n in names if n.startswith(("malsattningar-", "bolag-"))]


def _all(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for f in fields:
        out.append(f)
        out += _all(f.get("fields", []))
    return out


# --- the round trip through Decap's YAML formatter ---------------------------------------


def _roundtrip(root: Path, rel: str, fields: list[str], edits: list[tuple[list[Any], Any]]) -> str:
    assert NODE is not None
    assert MODULES is not None
    path = root / rel
    edits_file = root.parent / "edits.json"
    edits_file.write_text(json.dumps(edits, ensure_ascii=False), encoding="utf-8")
    subprocess.run(
        [NODE, "--import", "./register.mjs", "roundtrip.mjs", str(MODULES), str(path),
         str(path), str(edits_file), *fields],
        cwd=TESTS / "forms",
        check=True,
        timeout=60,
    )  # fmt: skip
    return path.read_text(encoding="utf-8")


def _dumped(root: Path, kind: str, rel: str) -> dict[str, Any]:
    docs = getattr(load(root, cache=False).ar[2020], kind)
    doc = next(d for d in docs if d.path == rel)
    dumped: dict[str, Any] = doc.data.model_dump(mode="json")
    return dumped


@needs_decap
def test_a_goals_assessment_written_in_the_form_validates(utkast: Path) -> None:
    rel = "2020/malsattningar/3.yaml"
    found = check(utkast, "--idag 2020-09-20").findings
    assert [x.code for x in found if x.path == rel] == ["MK607"]
    before = _dumped(utkast, "malsattningar", rel)
    edit = {
        "bedomning": "gul",
        "prognos": "gul",
        "text": 'Fler deltar i dialogerna; "3.10" och 2020-08-31 är bara text här.',
        "av": "Kommundirektör, med teamet",
    }
    text = _roundtrip(utkast, rel, GOAL_FIELDS, [(["uppfoljning", "delar2"], edit)])
    assert 'malsattning: "3"' in text
    after_found = check(utkast, "--idag 2020-09-20").findings
    assert [x for x in after_found if x.path == rel] == []
    assert [x.head() for x in after_found if x.path != rel] == [
        x.head() for x in found if x.path != rel
    ]
    after = _dumped(utkast, "malsattningar", rel)
    assert after["uppfoljning"].pop("delar2") == {**edit, "framgangsfaktorer": {}}
    before["uppfoljning"].pop("delar2", None)
    assert after == before


@needs_decap
def test_a_bolags_period_written_in_the_form_validates(utkast: Path) -> None:
    rel = "2020/bolag/alebyggen.yaml"
    found = check(utkast, "--idag 2020-09-20").findings
    assert [x.code for x in found if x.path == rel] == ["MK606"]
    before = _dumped(utkast, "bolag", rel)
    edit = {
        "resultat": 9800,
        "prognos": 10500,
        "omsattning": 130900,
        "soliditet": 13.9,
        "sammanfattning": "Byggstarten i Nödinge skedde i juni.",
    }
    text = _roundtrip(utkast, rel, BOLAG_FIELDS, [(["perioder", "delar2"], edit)])
    assert "organisation: alebyggen" in text
    after_found = check(utkast, "--idag 2020-09-20").findings
    assert [x for x in after_found if x.path == rel] == []
    assert [x.head() for x in after_found if x.path != rel] == [
        x.head() for x in found if x.path != rel
    ]
    after = _dumped(utkast, "bolag", rel)
    assert after["perioder"].pop("delar2") == edit
    assert after == before


# --- in a real browser ---------------------------------------------------------------------


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
@needs_decap
def test_a_goals_assessment_written_in_the_browser(
    served: tuple[Path, str],  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    """The målsättningsansvarig's delår 2 assessment, forecast and text written in Decap
    CMS's form in headless Chromium, saved by decap-server (see test_formular_browser):
    the file then validates, and nothing else changed."""
    assert NODE is not None
    assert MODULES is not None
    assert CHROMIUM
    root, url = served
    rel = "2020/malsattningar/3.yaml"
    found = check(root, "--idag 2020-09-20").findings
    assert [x.code for x in found if x.path == rel] == ["MK607"]
    before = _dumped(root, "malsattningar", rel)
    text = "Fler deltar i dialogerna om kulturhuset; arbetet med e-tjänsterna är försenat."
    task = {
        "url": url,
        "chromium": CHROMIUM,
        "flags": list(CHROMIUM_FLAGS),
        "entry": "malsattningar-2020/entries/malsattning-3",
        "expand": ["Uppföljning", "Delårsrapport 2 (delar2)"],
        "selects": {"Bedömning": "Gul", "Prognos": "Gul"},
        "texts": {"Text": text, "Bedömd av": "Kommundirektör, med teamet"},
        "shots": str(tmp_path),
    }
    (tmp_path / "task.json").write_text(json.dumps(task, ensure_ascii=False), "utf-8")
    done = subprocess.run(
        [NODE, str(TESTS / "forms/fill_entry.mjs"), str(MODULES), str(tmp_path / "task.json")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report.get("published"), report["errors"]
    after_found = check(root, "--idag 2020-09-20").findings
    assert [x for x in after_found if x.path == rel] == []
    assert [x.head() for x in after_found if x.path != rel] == [
        x.head() for x in found if x.path != rel
    ]
    after = _dumped(root, "malsattningar", rel)
    written = after["uppfoljning"].pop("delar2")
    assert (written["bedomning"], written["prognos"], written["text"]) == ("gul", "gul", text)
    assert written["av"] == "Kommundirektör, med teamet"
    before["uppfoljning"].pop("delar2", None)
    assert after == before
    assert 'malsattning: "3"' in (root / rel).read_text(encoding="utf-8")
