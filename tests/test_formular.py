"""`malkoll formular`: the forms' configuration from the repository, and the files the
content manager writes back validating as hand-written ones do.

The round trip runs Decap CMS's own YAML formatter in Node (tests/forms/roundtrip.mjs),
from the packages pinned in tests/forms/ (MALKOLL_FORMS names the folder `npm ci
--prefix` installed them in; .ci/run does it). Skipped, with the reason, without them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import EXAMPLES, TESTS, check, run
from malkoll.forms import MARKER, admin_files
from malkoll.forms.page import CDN_INTEGRITY, CDN_URL, DECAP_VERSION
from malkoll.model.index import Index
from malkoll.reading.load import load

UTKAST = EXAMPLES / "ale-2020-utkast"
KFN = "2020/plan/kfn/kfn.yaml"


def _forms_modules() -> Path | None:
    named = os.environ.get("MALKOLL_FORMS")
    for base in (Path(named) if named else None, TESTS / "forms"):
        if base is not None and (base / "node_modules/decap-cms-app").is_dir():
            return base / "node_modules"
    return None


NODE = shutil.which("node")
MODULES = _forms_modules()
needs_decap = pytest.mark.skipif(
    NODE is None or MODULES is None,
    reason="Node or Decap CMS is missing: `npm ci --prefix DIR` with tests/forms/package.json "
    "and set MALKOLL_FORMS=DIR (.ci/run does it)",
)


@pytest.fixture
def utkast(tmp_path: Path) -> Path:
    return Path(shutil.copytree(UTKAST, tmp_path / "utkast"))


def _config(root: Path, *args: str) -> dict[str, Any]:
    text = (root / "admin/config.yml").read_text(encoding="utf-8")
    assert text.startswith(MARKER)
    config: dict[str, Any] = yaml.safe_load(text[len(MARKER) :])
    return config


def _collection(config: dict[str, Any], folder: str) -> dict[str, Any]:
    return next(c for c in config["collections"] if c.get("folder") == folder)


def _field(fields: list[dict[str, Any]], *names: str) -> dict[str, Any]:
    """The field at ``names`` through objects and lists."""
    for name in names[:-1]:
        fields = next(f for f in fields if f["name"] == name)["fields"]
    return next(f for f in fields if f["name"] == names[-1])


# --- the configuration -----------------------------------------------------------------


def test_formular_writes_admin_with_a_collection_per_plan_folder(utkast: Path) -> None:
    code, out, _ = run("formular", "2020", "-C", str(utkast))
    assert code == 0
    assert "Skrev formulären för 2020" in out
    assert "22 planer" in out
    # Organisations without a plan file are named, not silently left out.
    assert "Utan planfil 2020" in out
    assert "Förskola (forskola)" in out
    config = _config(utkast)
    kfn = _collection(config, "2020/plan/kfn")
    assert kfn["label"] == "Planer 2020: Kultur- och fritidsnämnden"
    assert kfn["format"] == "yaml"
    assert kfn["create"] is False
    assert config["local_backend"] is True
    html = (utkast / "admin/index.html").read_text(encoding="utf-8")
    assert f'src="{CDN_URL}" integrity="{CDN_INTEGRITY}"' in html
    assert 'lang="sv"' in html
    # Run again: nothing to write.
    code, out, _ = run("formular", "2020", "-C", str(utkast))
    assert code == 0
    assert "redan aktuella" in out


def test_the_fields_follow_the_repositorys_periods_scale_and_requirements(utkast: Path) -> None:
    settings = utkast / "malkoll.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("kravs: [resultat, orsaker]", "kravs: [resultat, slutsatser]")
    text = text.replace("namn: Grön", "namn: Uppfyllt")
    settings.write_text(text, encoding="utf-8")
    assert run("formular", "2020", "-C", str(utkast))[0] == 0
    fields = _collection(_config(utkast), "2020/plan/kfn")["fields"]
    followup = _field(fields, "delmal", "uppfoljning")
    assert [f["name"] for f in followup["fields"]] == ["delar1", "delar2", "helar"]
    assert followup["fields"][1]["label"] == "Delårsrapport 2 (delar2)"
    bedomning = _field(fields, "delmal", "uppfoljning", "delar2", "bedomning")
    assert bedomning["widget"] == "select"
    assert bedomning["options"][0] == {"label": "Uppfyllt", "value": "gron"}
    analys = _field(fields, "delmal", "uppfoljning", "delar2", "analys")["fields"]
    need = {f["name"] for f in analys if "Krävs" in f.get("hint", "")}
    assert need == {"resultat", "slutsatser"}
    # An empty part stays out of the file: no part is `required` in the form (Decap would
    # then refuse to save a plan until every period's analysis is written).
    assert all(f["required"] is False for f in analys)
    assert _field(analys, "atgarder")["label"] == "Åtgärder"
    assert "Åtgärder som kan leda till förbättring." in _field(analys, "atgarder")["hint"]
    # How it went and what it led to: in the year's last period only.
    activity = _field(fields, "delmal", "aktiviteter", "uppfoljning")["fields"]
    assert [f["name"] for f in activity[1]["fields"]] == ["status", "kommentar"]
    assert [f["name"] for f in activity[2]["fields"]] == [
        "status",
        "hur_har_det_gatt",
        "vad_har_det_lett_till",
        "kommentar",
    ]
    assert activity[0]["fields"][0]["options"][1] == {"label": "Pågår", "value": "pagar"}
    klar = _field(fields, "klarmarkering", "delar2")["fields"]
    assert [(f["name"], f["widget"]) for f in klar] == [
        ("klar", "boolean"),
        ("av", "string"),
        ("datum", "datetime"),
    ]
    assert _field(klar, "datum")["format"] == "YYYY-MM-DD"
    assert _field(klar, "datum")["default"] == ""


def test_delmal_ids_are_offered_as_text(utkast: Path) -> None:
    goal = utkast / "mal/3-medskapande-samhalle.yaml"
    text = goal.read_text(encoding="utf-8")
    goal.write_text(text.replace('id: "3.2"', 'id: "3.10"'), encoding="utf-8")
    assert run("formular", "2020", "-C", str(utkast))[0] == 0
    fields = _collection(_config(utkast), "2020/plan/kfn")["fields"]
    options = _field(fields, "delmal", "delmal")["options"]
    assert "3.10" in [o["value"] for o in options]
    assert all(isinstance(o["value"], str) for o in options)


def test_the_controllers_files(utkast: Path) -> None:
    assert run("formular", "2020", "-C", str(utkast))[0] == 0
    config = _config(utkast)
    namnd = next(c for c in config["collections"] if c["name"] == "namnd-2020")
    files = {f["file"]: f for f in namnd["files"]}
    assert "2020/ekonomi.yaml" in files
    assert "2020/internkontroll/un.yaml" in files
    kontroll = _field(files["2020/internkontroll/un.yaml"]["fields"], "kontroller", "uppfoljning")
    assert [f["name"] for f in kontroll["fields"][1]["fields"]] == [
        "resultat",
        "avvikelser",
        "atgarder",
    ]


def test_gitlab_with_pkce_and_a_self_hosted_address(utkast: Path) -> None:
    code, out, _ = run(
        "formular",
        "2020",
        "-C",
        str(utkast),
        "--backend",
        "gitlab",
        "--repo",
        "ale/mal",
        "--app-id",
        "abc123",
        "--bas-url",
        "https://gitlab.ale.se/",
    )
    assert code == 0, out
    config = _config(utkast)
    assert config["backend"] == {
        "name": "gitlab",
        "repo": "ale/mal",
        "branch": "main",
        "auth_type": "pkce",
        "app_id": "abc123",
        "base_url": "https://gitlab.ale.se",
        "api_root": "https://gitlab.ale.se/api/v4",
        "auth_endpoint": "oauth/authorize",
    }
    assert config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config


def test_a_git_host_needs_the_repository(utkast: Path) -> None:
    code, _, err = run("formular", "-C", str(utkast), "--backend", "github")
    assert code == 2
    assert "--repo" in err
    assert not (utkast / "admin").exists()


def test_a_year_without_a_folder_is_refused_with_the_years_there_are(utkast: Path) -> None:
    code, out, err = run("formular", "1999", "-C", str(utkast))
    assert code == 2
    assert "Året 1999 finns inte i målrepot (årsmappar: 2020)." in out + err
    assert "0 planer" not in out
    assert not (utkast / "admin").exists()


@pytest.mark.parametrize(
    ("args", "option", "words"),
    [
        (["--backend", "gitlab", "--repo", "xy"], "--repo", "GRUPP/REPO"),
        (["--backend", "gitlab", "--repo", "ale/"], "--repo", "GRUPP/REPO"),
        (["--backend", "github", "--repo", "ale/sub/mal"], "--repo", "ÄGARE/REPO"),
        (
            ["--backend", "gitlab", "--repo", "ale/mal", "--bas-url", "ftp://foo"],
            "--bas-url",
            "http(s)-adress",
        ),
        (
            ["--backend", "gitlab", "--repo", "ale/mal", "--bas-url", "gitlab.ale.se"],
            "--bas-url",
            "http(s)-adress",
        ),
        (["--bas-url", "https://gitlab.ale.se"], "--bas-url", "--lokal-url"),
        (["--gren", ""], "--gren", "grennamn"),
        (["--gren", "min gren"], "--gren", "grennamn"),
        (["--gren", "a..b"], "--gren", "grennamn"),
        (["--gren", "-main"], "--gren", "grennamn"),
        (["--cms-url", "javascript:alert(1)"], "--cms-url", "relativ sökväg"),
        (["--cms-url", "data:text/javascript,1"], "--cms-url", "relativ sökväg"),
        (["--lokal-url", "notaurl"], "--lokal-url", "http(s)-adress"),
        (
            ["--backend", "gitlab", "--repo", "ale/mal", "--lokal-url", "http://localhost:1/"],
            "--lokal-url",
            "bara --backend lokal",
        ),
        (["--app-id", "abc123"], "--app-id", "bara --backend gitlab"),
        (
            ["--backend", "github", "--repo", "ale/mal", "--app-id", "abc"],
            "--app-id",
            "bara --backend gitlab",
        ),
    ],
)
def test_option_values_that_cannot_work_are_refused(
    utkast: Path, args: list[str], option: str, words: str
) -> None:
    code, _, err = run("formular", "-C", str(utkast), *args)
    assert code == 2
    assert f"'{option}'" in err
    assert words in err
    assert not (utkast / "admin").exists()


def test_option_values_that_work(utkast: Path) -> None:
    code, _, err = run(
        "formular",
        "-C",
        str(utkast),
        "--backend",
        "gitlab",
        "--repo",
        "ale/styrning/mal",
        "--gren",
        "uppfoljning",
        "--cms-url",
        "https://cms.ale.se/decap-cms.js",
    )
    assert code == 0, err
    assert _config(utkast)["backend"]["repo"] == "ale/styrning/mal"
    assert _config(utkast)["backend"]["branch"] == "uppfoljning"
    html = (utkast / "admin/index.html").read_text(encoding="utf-8")
    assert '<script src="https://cms.ale.se/decap-cms.js"></script>' in html
    shutil.rmtree(utkast / "admin")
    code, _, err = run("formular", "-C", str(utkast), "--lokal-url", "http://localhost:9000/api/v1")
    assert code == 0, err
    assert _config(utkast)["local_backend"] == {"url": "http://localhost:9000/api/v1"}


def test_github_without_an_oauth_server_is_warned_about(utkast: Path) -> None:
    code, out, _ = run("formular", "-C", str(utkast), "--backend", "github", "--repo", "ale/mal")
    assert code == 0
    assert "OAuth-server" in out
    assert "--bas-url" in out
    assert "Formulär i webbläsaren" in out
    shutil.rmtree(utkast / "admin")
    code, out, _ = run(
        "formular",
        "-C",
        str(utkast),
        "--backend",
        "github",
        "--repo",
        "ale/mal",
        "--bas-url",
        "https://oauth.ale.se",
    )
    assert code == 0
    assert "OAuth-server" not in out


def test_a_folder_malkoll_did_not_write_is_never_overwritten(utkast: Path) -> None:
    (utkast / "admin").mkdir()
    (utkast / "admin/config.yml").write_text("backend: {name: github}\n", encoding="utf-8")
    code, out, err = run("formular", "-C", str(utkast))
    assert code == 2
    assert "inte skriven av malkoll formular" in out + err
    assert (utkast / "admin/config.yml").read_text(encoding="utf-8") == "backend: {name: github}\n"
    assert not (utkast / "admin/index.html").exists()


def test_ut_and_a_self_hosted_bundle(utkast: Path, tmp_path: Path) -> None:
    site = tmp_path / "webbplats"
    code, _, _ = run(
        "formular", "-C", str(utkast), "--ut", str(site / "admin"), "--cms-url", "/decap/cms.js"
    )
    assert code == 0
    html = (site / "admin/index.html").read_text(encoding="utf-8")
    assert '<script src="/decap/cms.js"></script>' in html
    assert not (utkast / "admin").exists()


def test_admin_files_for_the_site_builder() -> None:
    files = admin_files(UTKAST, 2020)
    assert sorted(files) == ["config.yml", "index.html"]
    assert files["config.yml"].startswith(MARKER.encode("utf-8"))


def test_admin_does_not_change_what_validera_finds(utkast: Path) -> None:
    before = [x.head() for x in check(utkast, "--idag 2020-09-20").findings]
    assert run("formular", "-C", str(utkast))[0] == 0
    assert [x.head() for x in check(utkast, "--idag 2020-09-20").findings] == before


@pytest.mark.skipif(MODULES is None, reason="decap-cms is not installed (see needs_decap)")
def test_the_pinned_hash_is_the_installed_bundles() -> None:
    assert MODULES is not None
    installed = json.loads((MODULES / "decap-cms/package.json").read_text(encoding="utf-8"))
    assert installed["version"] == DECAP_VERSION
    digest = hashlib.sha384((MODULES / "decap-cms/dist/decap-cms.js").read_bytes()).digest()
    assert "sha384-" + base64.b64encode(digest).decode("ascii") == CDN_INTEGRITY


# --- the round trip through Decap's YAML formatter ---------------------------------------

PLAN_FIELDS = ["organisation", "ar", "delmal", "sammanfattning", "klarmarkering", "beslut"]


def _roundtrip(root: Path, rel: str, edits: list[tuple[list[str | int], Any]]) -> str:
    assert NODE is not None
    assert MODULES is not None
    path = root / rel
    edits_file = root.parent / "edits.json"
    edits_file.write_text(json.dumps(edits, ensure_ascii=False), encoding="utf-8")
    subprocess.run(
        [
            NODE,
            "--import",
            "./register.mjs",
            "roundtrip.mjs",
            str(MODULES),
            str(path),
            str(path),
            str(edits_file),
            *PLAN_FIELDS,
        ],
        cwd=TESTS / "forms",
        check=True,
        timeout=60,
    )
    return path.read_text(encoding="utf-8")


def _plan(root: Path, org: str) -> dict[str, Any]:
    doc = Index.of(load(root, cache=False)).plan(2020, org)
    assert doc is not None
    dumped: dict[str, Any] = doc.data.model_dump(mode="json")
    return dumped


@needs_decap
def test_a_written_analysis_validates_and_nothing_else_changes(utkast: Path) -> None:
    before = _plan(utkast, "kfn")
    found = check(utkast, "--idag 2020-09-20").findings
    ours = sorted((x.code, x.line) for x in found if x.path == KFN)
    assert ours == [("MK301", 5), ("MK301", 13), ("MK302", 5), ("MK302", 13)]
    analys = {
        "resultat": "Dialogen når fler i Älvängen.",
        "orsaker": 'Möten på fler platser; "1.10" är ett id, 2020-08-31 ett datum.',
        "atgarder": "Fritidschefen ordnar fler möten i Nödinge under hösten.",
    }
    edit = {"analys": analys, "bedomning": "gul"}
    text = _roundtrip(utkast, KFN, [(["delmal", 0, "uppfoljning", "delar2"], edit)])
    assert "Dialogen når fler i Älvängen." in text
    assert 'delmal: "3.1"' in text
    after_found = check(utkast, "--idag 2020-09-20").findings
    # 3.1's analysis and assessment are there; 3.2's are still missing; nothing else moved.
    left = [x for x in after_found if x.path == KFN]
    assert sorted(x.code for x in left) == ["MK301", "MK302"]
    assert all("3.2" in x.message for x in left)
    assert [x.head() for x in after_found if x.path != KFN] == [
        x.head() for x in found if x.path != KFN
    ]
    after = _plan(utkast, "kfn")
    written = after["delmal"][0]["uppfoljning"].pop("delar2")
    assert written["bedomning"] == "gul"
    assert {k: v for k, v in written["analys"].items() if v} == analys
    assert after == before


@needs_decap
def test_ids_dates_unknown_keys_and_swedish_letters_survive(utkast: Path) -> None:
    rel = "2020/plan/kfn/fritid.yaml"
    path = utkast / rel
    path.write_text(
        "# En kommentar som formuläret inte kan behålla.\n"
        "organisation: fritid\nar: 2020\ndelmal:\n"
        '  - delmal: "3.10"\n    matt: ["1.20", "010", "N15505"]\n'
        '    aktiviteter:\n      - id: "2.10"\n        namn: Öppna förskolan\n'
        "        start: 2020-01-15\n        slut: 2020-12-31\n"
        "        uppfoljning: {delar1: {status: pagar, kommentar: 'Åäö: \"citat\"'}}\n"
        "sammanfattning:\n  delar1: Värt att veta\n"
        "klarmarkering:\n  delar1: {klar: true, av: Åsa Öberg, datum: 2020-04-10}\n",
        encoding="utf-8",
    )
    goal = utkast / "mal/3-medskapande-samhalle.yaml"
    goal.write_text(
        goal.read_text(encoding="utf-8").replace('id: "3.2"', 'id: "3.10"'), encoding="utf-8"
    )
    before = _plan(utkast, "fritid")
    text = _roundtrip(utkast, rel, [(["sammanfattning", "delar2"], "Ny text: å ä ö")])
    assert 'delmal: "3.10"' in text
    assert 'id: "2.10"' in text
    assert '"010"' in text
    assert "start: 2020-01-15" in text
    assert "Öppna förskolan" in text
    assert "En kommentar" not in text  # Decap drops comments: the README says so
    after = _plan(utkast, "fritid")
    before["sammanfattning"]["delar2"] = "Ny text: å ä ö"
    assert after == before


def _all_fields(config: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def walk(fields: list[dict[str, Any]]) -> None:
        for f in fields:
            out.append(f)
            walk(f.get("fields", []))

    for collection in config["collections"]:
        walk(collection.get("fields", []))
        for entry in collection.get("files", []):
            walk(entry["fields"])
    return out


def test_hints_read_as_words_in_a_form(utkast: Path) -> None:
    from malkoll.model import files as m

    assert run("formular", "-C", str(utkast))[0] == 0
    fields = _all_fields(_config(utkast))
    raw = {"true", "false", "gron", "rod", "hogre", "lagre", "forsenad", "pagar"}
    for f in fields:
        hint = f.get("hint", "")
        words = set(hint.replace(",", " ").replace(".", " ").replace("/", " ").strip("`").split())
        # Beside a choice, no value the choice shows as a word of its own.
        shown = {o["value"] for o in f.get("options", []) if o["value"] != o["label"]}
        assert not words & (shown | raw), (f["name"], hint)
        assert "`" not in hint, (f["name"], hint)
        assert "_" not in hint, (f["name"], hint)
    delmal = _collection(_config(utkast), "2020/plan/kfn")["fields"]
    klar = _field(delmal, "klarmarkering", "delar1", "klar")
    assert klar["widget"] == "boolean"
    assert klar["hint"].startswith("Slå på när")
    status = _field(delmal, "delmal", "aktiviteter", "uppfoljning", "delar1", "status")
    assert status["hint"] == "Hur långt aktiviteten har kommit i perioden."
    # The models' descriptions, which the JSON Schema carries, are as they were.
    assert "ej_paborjad" in (m.AktivitetUppfoljning.model_fields["status"].description or "")
    assert "`true`" in (m.Klarmarkering.model_fields["klar"].description or "")


# --- config.yml as YAML a person reads --------------------------------------------------

TRICKY = {
    "ids": ["1.10", "1.1", "10", "0o17", "0x1F", "1e3", "+1", "-1", ".5", ".inf", ".nan"],
    "words": ["no", "No", "NO", "yes", "on", "off", "y", "n", "true", "False", "null", "~"],
    "dates": ["2020-03-31", "03-31", "2020-03-31T10:00:00", "12:30"],
    "signs": ["", " ", "<<", "- a", "a: b", "a #b", "#a", "{{fields.id}}", "[a]", "'a'", '"a"'],
    "text": ["Förskola & fritids", "Ålder: 1–5 år", "rad\nrad", "tab\there", "\u2028x"],
    "keep": {"true": True, "false": False, "int": 3, "float": 2.5, "none": None, "empty": []},
}


def _node_yaml(text: str) -> Any:
    """``text`` read as Decap CMS reads config.yml: decap-cms-core's `yaml` package with
    its options (actions/config.js parseConfig)."""
    assert NODE is not None
    assert MODULES is not None
    script = (
        "import { createRequire } from 'node:module'; import path from 'node:path';"
        "import fs from 'node:fs';"
        "const app = createRequire(path.join(process.argv[1], 'decap-cms-app', 'package.json'));"
        "const core = createRequire(app.resolve('decap-cms-core/package.json'));"
        "const yaml = core('yaml');"
        "const data = yaml.parse(fs.readFileSync(0, 'utf8'),"
        " { maxAliasCount: -1, prettyErrors: true, merge: true });"
        "process.stdout.write(JSON.stringify(data));"
    )
    done = subprocess.run(
        [NODE, "--input-type=module", "-e", script, str(MODULES)],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def test_config_yml_is_indented_yaml_with_the_marker_first(utkast: Path) -> None:
    from malkoll.forms import Backend, build
    from malkoll.forms import config_text as text_of

    assert run("formular", "-C", str(utkast))[0] == 0
    text = (utkast / "admin/config.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == MARKER.rstrip("\n")
    assert lines[1] == "backend:"
    assert "  name: git-gateway" in lines
    assert not any(line.startswith(("{", "[")) for line in lines)
    assert "&id" not in text  # no anchors: every collection is written out
    assert '    folder: "2020/plan/kfn"' in lines
    assert "Utbildningsnämnden" in text  # å, ä, ö as they are, not \u escapes
    # Read back, it is exactly the configuration built (ids text, booleans booleans).
    built = build(load(utkast), 2020, Backend(editorial_workflow=False)).config
    assert yaml.safe_load(text[len(MARKER) :]) == built
    assert text_of(build(load(utkast), 2020, Backend(editorial_workflow=False))) == text
    # load_config_file is an option of CMS.init, meaningless inside config.yml.
    assert "load_config_file" not in built


def test_config_yml_quotes_what_yaml_would_misread() -> None:
    from malkoll.forms import Forms, config_text

    text = config_text(Forms(config=TRICKY))
    assert text.startswith(MARKER)
    assert yaml.safe_load(text) == TRICKY
    assert '- "1.10"' in text
    assert '- "no"' in text
    assert '- "2020-03-31"' in text


@needs_decap
def test_decap_reads_config_yml_as_built(utkast: Path) -> None:
    from malkoll.forms import Backend, Forms, build, config_text

    assert _node_yaml(config_text(Forms(config=TRICKY))) == TRICKY
    assert run("formular", "-C", str(utkast))[0] == 0
    text = (utkast / "admin/config.yml").read_text(encoding="utf-8")
    assert _node_yaml(text) == build(load(utkast), 2020, Backend(editorial_workflow=False)).config
