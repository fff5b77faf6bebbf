"""The editor schemas fitted to a repository: its scale, periods, months and ids.

`malkoll schema` reads malkoll.yaml, organisation.yaml and mal/ and writes schemas whose
choices are the repository's own: the scale (in every spelling malkoll accepts), the
period ids as the keys of every mapping per period, the months in the economy, and the
ids of organisations, delmål and indicators with their names. Checked through the core
and the CLI, and with check-jsonschema as an independent validator.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import regress

from helpers import EXAMPLES, build_repo, run
from malkoll.model.kinds import BY_NAME
from malkoll.writers import jsonschema as editor
from malkoll.writers.schema_facts import MAX_CHOICES, read_facts
from schema_helpers import PERIODS, SCALE, check_jsonschema, custom_repo, nodes


@pytest.fixture
def repo(tmp_path):
    return custom_repo(tmp_path / "repo")


def _schemas(root: Path) -> dict:
    return editor.schemas(read_facts(root))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the scale ---------------------------------------------------------------------------


def test_scale_is_the_choice_of_every_assessment(repo):
    """`bedomning` in a plan and `atgarder_vid` in malkoll.yaml offer the scale's ids,
    in its order, each with its name and text."""
    schemas = _schemas(repo)
    scale = schemas["plan"]["definitions"]["malkoll_bedomning"]
    offered = scale["anyOf"][0]
    assert offered["enum"] == SCALE
    assert offered["enumDescriptions"] == [
        "Helt uppfyllt: Målet är nått.",
        "På väg: Det går åt rätt håll men för långsamt.",
        "Ej uppfyllt: Målet är inte nått; åtgärder krävs.",
    ]
    assert "`helt`, `pa_vag` eller `ej_uppfyllt`" in offered["errorMessage"]
    field = schemas["plan"]["definitions"]["DelmalUppfoljning"]["properties"]["bedomning"]
    assert {"$ref": "#/definitions/malkoll_bedomning"} in field["anyOf"]
    settings = schemas["installningar"]
    items = settings["definitions"]["AnalysInstallningar"]["properties"]["atgarder_vid"]["items"]
    assert items == {"$ref": "#/definitions/malkoll_bedomning"}
    assert settings["definitions"]["malkoll_bedomning"] == scale


PLAN_WITH = 'organisation: grundskola\nar: 2020\ndelmal:\n  - delmal: "1.1"\n    uppfoljning:\n'


@pytest.mark.parametrize(
    ("written", "accepted"),
    [
        ("helt", True),
        ("Helt", True),
        ("HELT", True),
        ("På väg", True),
        ("pa-vag", True),
        ("PÅ_VÄG", True),
        (" ej uppfyllt ", True),
        ("gron", False),  # the default scale's, not this repository's
        ("blå", False),
        ("helt uppfyllt", False),  # the name, not the id
        ("hel", False),
    ],
)
def test_scale_spellings_as_malkoll_reads_them(repo, tmp_path, written, accepted):
    """Every spelling `fold_choice` makes a step of (any case, å/ä/ö, space or hyphen) is
    accepted by check-jsonschema, and nothing else; malkoll agrees."""
    editor.write_schemas(repo / editor.SCHEMA_DIR, repo, read_facts(repo))
    text = PLAN_WITH + f"      helar: {{bedomning: {json.dumps(written, ensure_ascii=False)}}}\n"
    plan = _write(repo / "2020/plan", "prov.yaml", text)
    done = check_jsonschema(repo / editor.SCHEMA_DIR / "plan.schema.json", plan)
    assert (done.returncode == 0) is accepted, done.stdout + done.stderr
    _, out, _ = run("validera", str(repo), "--idag", "2020-01-01", "--format", "json")
    found = [f for f in json.loads(out)["fynd"] if f["fil"] == "2020/plan/prov.yaml"]
    assert any(f["kod"] == "MK105" for f in found) is not accepted


def test_the_default_scale_when_the_repository_has_none(tmp_path):
    """A repository without a scale of its own gets the default one: gron, gul, rod."""
    root = build_repo(tmp_path / "bas")
    offered = _schemas(root)["plan"]["definitions"]["malkoll_bedomning"]["anyOf"][0]
    assert offered["enum"] == ["gron", "gul", "rod"]
    assert offered["enumDescriptions"][0] == "Grön: Vi ligger bra till för att uppfylla målet."


# --- periods and months ---------------------------------------------------------------------


def test_period_ids_are_the_keys_of_every_mapping_per_period(repo):
    """Every `uppfoljning`, `sammanfattning`, `klarmarkering` has the periods as its keys,
    each with its name, and no other key."""
    schemas = _schemas(repo)
    defs = schemas["plan"]["definitions"]
    mappings = [
        defs["PlanDelmal"]["properties"]["uppfoljning"],
        defs["Aktivitet"]["properties"]["uppfoljning"],
        defs["Verksamhetsmal"]["properties"]["uppfoljning"],
        schemas["plan"]["properties"]["sammanfattning"],
        schemas["plan"]["properties"]["klarmarkering"],
        schemas["uppdrag"]["definitions"]["Uppdrag"]["properties"]["uppfoljning"],
        schemas["internkontroll"]["definitions"]["Kontroll"]["properties"]["uppfoljning"],
    ]
    for mapping in mappings:
        assert list(mapping["properties"]) == PERIODS
        assert mapping["additionalProperties"] is False
        assert mapping["properties"]["tertial1"]["description"] == "Tertial 1, till och med 04-30"
        assert "`tertial1`, `tertial2` eller `helar`" in mapping["errorMessage"]
    rapporteras = defs_of(schemas, "internkontroll", "Kontroll")["rapporteras"]["items"]
    period = schemas["internkontroll"]["definitions"]["malkoll_period"]
    assert rapporteras == {"$ref": "#/definitions/malkoll_period"}
    assert period["enum"] == PERIODS


def defs_of(schemas: dict, kind: str, model: str) -> dict:
    return schemas[kind]["definitions"][model]["properties"]


def test_economy_takes_periods_and_months(repo):
    """ekonomi.yaml: the periods and the months as keys, the forecast months said so, the
    months' other spellings (`Mars`, `oktober`) accepted as malkoll reads them."""
    namnd = defs_of(_schemas(repo), "ekonomi", "EkonomiNamnd")
    perioder = namnd["perioder"]
    months = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    assert list(perioder["properties"]) == PERIODS + months
    assert perioder["properties"]["mar"]["description"].startswith("Mars: månad med helårsprognos")
    assert perioder["properties"]["feb"]["description"] == "Februari"
    assert perioder["additionalProperties"] is False
    (pattern,) = perioder["patternProperties"]
    assert regress.Regex(pattern).find("Oktober") is not None
    assert regress.Regex(pattern).find("tertial1") is None


def test_economy_files_fit_and_a_wrong_period_fails(tmp_path):
    """An economy with months in every spelling fits; a period of another repository does not."""
    root = custom_repo(tmp_path / "repo")
    editor.write_schemas(root / editor.SCHEMA_DIR, root, read_facts(root))
    schema = root / editor.SCHEMA_DIR / "ekonomi.schema.json"
    good = _write(
        tmp_path,
        "ekonomi.yaml",
        "namnder:\n  - organisation: bun\n    budget: 100\n    perioder:\n"
        "      Mars: {utfall: 20, periodbudget: 21, prognos: 0}\n"
        "      tertial1: {utfall: 30, periodbudget: 31}\n      oktober: {prognos: -1}\n",
    )
    bad = _write(tmp_path, "fel.yaml", good.read_text().replace("tertial1", "delar1"))
    assert check_jsonschema(schema, good).returncode == 0
    done = check_jsonschema(schema, bad)
    assert done.returncode == 1
    assert "delar1" in done.stdout


# --- ids --------------------------------------------------------------------------------


def test_ids_are_choices_with_their_names(repo):
    """Organisations, delmål and indicators are offered with their Swedish names."""
    schemas = _schemas(repo)
    plan = schemas["plan"]
    org = plan["definitions"]["malkoll_organisation"]
    assert org["enum"] == ["bun", "sektor-utb", "grundskola", "alafors-skola"]
    assert org["enumDescriptions"][0] == "Barn- och ungdomsnämnden"
    assert plan["properties"]["organisation"]["allOf"] == [
        {"$ref": "#/definitions/malkoll_organisation"}
    ]
    delmal = plan["definitions"]["malkoll_delmal"]
    listed = delmal["anyOf"][0]
    assert listed["enum"] == ["1.1", "1.10"]
    assert listed["enumDescriptions"][1] == "Fler barn i förskolan läser varje dag"
    # `delmal: 1.1` unquoted is the number 1.1 to an editor: accepted, never offered
    assert delmal["anyOf"][1] == {
        "type": "number",
        "not": {"not": {"enum": [1.1]}},
        "errorMessage": listed["errorMessage"],
    }
    ind = plan["definitions"]["malkoll_indikator"]
    assert ind["enum"] == ["N15505"]
    assert ind["enumDescriptions"] == ["Genomsnittligt meritvärde i årskurs 9 (poäng)"]
    for kind in ("uppdrag", "ekonomi", "internkontroll", "arshjul"):
        assert schemas[kind]["definitions"]["malkoll_organisation"] == org, kind
    assert schemas["indikator"]["definitions"]["malkoll_indikator"] == ind


def test_underlag_offers_indicators_and_takes_any_text(repo, tmp_path):
    """`underlag` may name other sources: the indicators are offered, nothing is refused."""
    editor.write_schemas(repo / editor.SCHEMA_DIR, repo, read_facts(repo))
    underlag = _schemas(repo)["plan"]["definitions"]["malkoll_underlag"]
    assert underlag["anyOf"][0]["enum"] == ["N15505"]
    text = PLAN_WITH + "      helar:\n        analys: {underlag: [N15505, Skolverket, 12]}\n"
    plan = _write(tmp_path, "p.yaml", text)
    done = check_jsonschema(repo / editor.SCHEMA_DIR / "plan.schema.json", plan)
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize(
    ("line", "wrong"),
    [
        ("organisation: grundskolan", "organisation"),
        ('delmal:\n  - delmal: "1.2"', "delmål"),
        ("delmal:\n  - delmal: 1.2", "delmål"),
        ('delmal:\n  - delmal: "1.1"\n    matt: [N99999]', "indikator"),
    ],
)
def test_unknown_ids_fail(repo, tmp_path, line, wrong):
    """An id the repository does not have fails check-jsonschema, as a number too."""
    editor.write_schemas(repo / editor.SCHEMA_DIR, repo, read_facts(repo))
    head = "organisation: grundskola\nar: 2020\n"
    text = (head + line + "\n") if not line.startswith("organisation") else line + "\nar: 2020\n"
    plan = _write(tmp_path, "p.yaml", text)
    done = check_jsonschema(repo / editor.SCHEMA_DIR / "plan.schema.json", plan)
    assert done.returncode == 1, (wrong, done.stdout)


# --- the command ------------------------------------------------------------------------------


def test_command_writes_the_repository_schemas(repo):
    """`malkoll schema` writes the fitted schemas; `--kontrollera` is then content."""
    status, out, _ = run("schema", "-C", str(repo))
    assert status == 0, out
    written = json.loads((repo / editor.SCHEMA_DIR / "plan.schema.json").read_text("utf-8"))
    assert written == _schemas(repo)["plan"]
    status, out, _ = run("schema", "-C", str(repo), "--kontrollera")
    assert status == 0
    assert "är aktuella" in out


def test_kontrollera_names_the_stale_files(repo):
    """After the scale changes, `--kontrollera` exits 1 naming the files that differ and
    saying what to run; it writes nothing. After `malkoll schema` it exits 0."""
    assert run("schema", "-C", str(repo))[0] == 0
    settings = repo / "malkoll.yaml"
    settings.write_text(settings.read_text("utf-8").replace("helt:", "fullt:"), "utf-8")
    before = (repo / editor.SCHEMA_DIR / "plan.schema.json").read_bytes()
    status, out, _ = run("schema", "-C", str(repo), "--kontrollera")
    assert status == 1
    assert "inaktuella" in out
    assert "installningar.schema.json" in out
    assert "plan.schema.json" in out
    assert "organisation.schema.json" not in out  # the scale is not in it
    assert "Kör `malkoll schema`" in out
    assert (repo / editor.SCHEMA_DIR / "plan.schema.json").read_bytes() == before
    assert run("schema", "-C", str(repo))[0] == 0
    assert run("schema", "-C", str(repo), "--kontrollera")[0] == 0


def test_kontrollera_without_schemas(repo):
    """No schemas written yet: they are missing (not stale), exit 1."""
    status, out, _ = run("schema", "-C", str(repo), "--kontrollera")
    assert status == 1
    assert "Schemana saknas i" in out
    assert "inaktuella" not in out
    assert "kör `malkoll schema` och checka in" in out


def test_kontrollera_with_ut_outside_a_repository(tmp_path):
    """`--ut` outside a repository: the generic schemas, checked there too."""
    folder = tmp_path / "ut"
    assert run("schema", "--ut", str(folder), "-C", str(tmp_path))[0] == 0
    written = json.loads((folder / "plan.schema.json").read_text("utf-8"))
    assert written == editor.schemas()["plan"]
    assert run("schema", "--ut", str(folder), "-C", str(tmp_path), "--kontrollera")[0] == 0
    (folder / "mal.schema.json").write_text("{}", "utf-8")
    status, out, _ = run("schema", "--ut", str(folder), "-C", str(tmp_path), "--kontrollera")
    assert status == 1
    assert "mal.schema.json" in out
    assert "plan.schema.json" not in out


_GENERATE = (
    "import sys; from pathlib import Path; from malkoll.writers import jsonschema as e; "
    "root = Path(sys.argv[1]); print(''.join(e.texts(Path('s'), e.repository_facts(root))"
    ".values()), end='')"
)


def test_output_is_deterministic(repo):
    """The same repository gives the same bytes in separate processes (whatever the hash
    seed): `--kontrollera` and git diffs see only real changes."""
    outputs = set()
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _GENERATE, str(repo)],
            capture_output=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert len(next(iter(outputs))) > 10_000


# --- broken and hostile repositories ----------------------------------------------------------


def test_a_broken_organisation_file_still_gives_schemas(repo):
    """A syntax error in organisation.yaml: the schemas are written, without a closed list
    of organisations (malkoll cannot judge the references either); the rest is fitted."""
    (repo / "organisation.yaml").write_text("- id: bun\n  namn: [oj\n", encoding="utf-8")
    status, out, err = run("schema", "-C", str(repo))
    assert status == 0, out + err
    assert "Traceback" not in out + err
    plan = json.loads((repo / editor.SCHEMA_DIR / "plan.schema.json").read_text("utf-8"))
    assert "malkoll_organisation" not in plan["definitions"]
    assert plan["properties"]["organisation"]["type"] == ["string", "number"]
    assert plan["definitions"]["malkoll_bedomning"]["anyOf"][0]["enum"] == SCALE


def test_an_organisation_cut_for_an_error_leaves_the_list_open(repo, tmp_path):
    """One organisation with an error (it is cut): the others are offered, any id accepted."""
    text = (repo / "organisation.yaml").read_text("utf-8")
    (repo / "organisation.yaml").write_text(text + "- {id: x, namn: X, typ: fel}\n", "utf-8")
    org = _schemas(repo)["plan"]["definitions"]["malkoll_organisation"]
    assert org["anyOf"][0]["enum"] == ["bun", "sektor-utb", "grundskola", "alafors-skola"]
    assert org["anyOf"][1] == {"type": ["string", "number"]}
    editor.write_schemas(repo / editor.SCHEMA_DIR, repo, read_facts(repo))
    plan = _write(tmp_path, "p.yaml", "organisation: x\nar: 2020\n")
    assert check_jsonschema(repo / editor.SCHEMA_DIR / "plan.schema.json", plan).returncode == 0


def test_a_broken_scale_falls_back_to_any_assessment(repo):
    """A scale malkoll cannot read (a list): bedomning stays plain text, the rest is fitted."""
    settings = repo / "malkoll.yaml"
    text = settings.read_text("utf-8")
    start = text.index("bedomning:")
    settings.write_text(text[:start] + "bedomning: [helt, delvis]\n", "utf-8")
    schemas = _schemas(repo)
    assert "malkoll_bedomning" not in schemas["plan"]["definitions"]
    field = schemas["plan"]["definitions"]["DelmalUppfoljning"]["properties"]["bedomning"]
    assert (
        field
        == editor.schemas()["plan"]["definitions"]["DelmalUppfoljning"]["properties"]["bedomning"]
    )
    assert list(schemas["plan"]["properties"]["sammanfattning"]["properties"]) == PERIODS


def test_an_unreadable_settings_file(repo):
    """malkoll.yaml that is not YAML: the generic scale and periods, ids still fitted."""
    (repo / "malkoll.yaml").write_text("kommun: [\n", "utf-8")
    status, out, err = run("schema", "-C", str(repo))
    assert status == 0, out + err
    plan = json.loads((repo / editor.SCHEMA_DIR / "plan.schema.json").read_text("utf-8"))
    assert "malkoll_bedomning" not in plan["definitions"]
    assert "properties" not in plan["properties"]["sammanfattning"]
    assert "malkoll_organisation" in plan["definitions"]


HOSTILE_ORGS = """\
- id: "<script>alert(1)</script>"
  namn: "**fet** [länk](javascript:alert(1)) <img src=x onerror=alert(1)>"
  typ: namnd
- id: "a|b(c)[d]{e}*+?.^$\\\\/"
  namn: "Radbrytning\\u2028och\\u001b[31mfärg\\u202e"
  typ: namnd
- id: "\\u0007klocka"
  namn: "x"
  typ: namnd
- id: "𝔘nicode"
  namn: "%s"
  typ: namnd
"""


def test_hostile_ids_and_names(repo, tmp_path):
    """Markup, regex characters and control characters in ids and names: the schemas are
    valid JSON and valid draft-07, every pattern compiles as ECMAScript, names are one
    line with control characters escaped, and the ids are exact."""
    (repo / "organisation.yaml").write_text(HOSTILE_ORGS, encoding="utf-8")
    settings = repo / "malkoll.yaml"
    hostile_scale = '\n  "a|b.*(": {text: "\\u001b[2J", namn: "<b>x</b>"}\n  "ø/ß": {text: y}\n'
    settings.write_text(settings.read_text("utf-8") + hostile_scale.lstrip("\n"), "utf-8")
    status, out, err = run("schema", "-C", str(repo))
    assert status == 0, out + err
    folder = repo / editor.SCHEMA_DIR
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--check-metaschema"]
        + [str(p) for p in sorted(folder.iterdir())],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    plan_text = (folder / "plan.schema.json").read_text("utf-8")
    assert "\x1b" not in plan_text
    assert "\u2028" not in plan_text
    assert "\u202e" not in plan_text
    plan = json.loads(plan_text)
    org = plan["definitions"]["malkoll_organisation"]
    assert org["enum"][:2] == ["<script>alert(1)</script>", "a|b(c)[d]{e}*+?.^$\\/"]
    assert org["enum"][2] == "\x07klocka"
    assert all("\n" not in name and "\x1b" not in name for name in org["enumDescriptions"])
    for node in nodes(plan):
        for pattern in [node.get("pattern"), *node.get("patternProperties", {})]:
            if isinstance(pattern, str):
                regress.Regex(pattern, "u")  # raises when ECMAScript cannot read it
    scale = plan["definitions"]["malkoll_bedomning"]
    assert scale["anyOf"][0]["enum"] == [*SCALE, "a|b.*(", "ø/ß"]
    spelled = regress.Regex(scale["anyOf"][1]["pattern"], "u")
    assert spelled.find("A|B.*(") is not None
    assert spelled.find("aXb") is None
    assert spelled.find("Ø/ß") is not None


def test_many_organisations(tmp_path):
    """A thousand organisations: listed once per schema file, the files stay small. Past
    `MAX_CHOICES` they are not listed and the command says so."""
    units = "".join(
        f"    - {{id: enhet-{i}, namn: Enhet nummer {i}, typ: enhet}}\n" for i in range(1000)
    )
    orgs = "- id: bun\n  namn: Barn- och ungdomsnämnden\n  typ: namnd\n  delar:\n" + units
    root = build_repo(tmp_path / "stor", files={"organisation.yaml": orgs})
    status, out, _ = run("schema", "-C", str(root))
    assert status == 0
    sizes = {p.name: p.stat().st_size for p in (root / editor.SCHEMA_DIR).iterdir()}
    assert max(sizes.values()) < 200_000, sizes
    plan = json.loads((root / editor.SCHEMA_DIR / "plan.schema.json").read_text("utf-8"))
    assert len(plan["definitions"]["malkoll_organisation"]["enum"]) == 1001
    many = "".join(f"    - {{id: e{i}, namn: E{i}, typ: enhet}}\n" for i in range(MAX_CHOICES + 1))
    (root / "organisation.yaml").write_text(orgs.replace(units, many), "utf-8")
    status, out, _ = run("schema", "-C", str(root))
    assert status == 0
    assert f"fler än {MAX_CHOICES}" in out
    plan = json.loads((root / editor.SCHEMA_DIR / "plan.schema.json").read_text("utf-8"))
    assert "malkoll_organisation" not in plan["definitions"]


@pytest.mark.parametrize("example", sorted(p.parent.name for p in EXAMPLES.glob("*/malkoll.yaml")))
def test_every_kind_of_the_examples_is_fitted(example):
    """Each example's schemas differ from the generic ones exactly where the repository
    knows something; the organisation tree itself is not restricted."""
    fitted = _schemas(EXAMPLES / example)
    generic = editor.schemas()
    assert fitted["organisation"] == generic["organisation"]
    for kind in BY_NAME:
        if kind != "organisation":
            assert fitted[kind] != generic[kind], kind


def test_readme_names_the_limit():
    """The README says how many ids a list holds at most."""
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert f"Fler än {MAX_CHOICES:,} id".replace(",", " ") in readme


def test_init_writes_schemas_that_pass_kontrollera(tmp_path):
    """`malkoll init` writes the schemas fitted to the new repository, so its CI's
    `malkoll schema --kontrollera` passes at once; a malkoll.yaml that was there (and is
    kept) gives them its own scale."""
    from schema_helpers import CUSTOM_SETTINGS

    plain = tmp_path / "ny"
    assert run("init", str(plain))[0] == 0
    assert run("schema", "-C", str(plain), "--kontrollera")[0] == 0
    own = tmp_path / "egen"
    own.mkdir()
    (own / "malkoll.yaml").write_text(CUSTOM_SETTINGS, encoding="utf-8")
    assert run("init", str(own))[0] == 0
    status, out, _ = run("schema", "-C", str(own), "--kontrollera")
    assert status == 0, out
    plan = json.loads((own / editor.SCHEMA_DIR / "plan.schema.json").read_text("utf-8"))
    assert plan["definitions"]["malkoll_bedomning"]["anyOf"][0]["enum"] == SCALE


@pytest.mark.parametrize(
    ("giver", "accepted"), [("KF", True), ("ks", True), ("bun", True), ("KFN", False), ("x", False)]
)
def test_givet_av_is_kf_ks_or_an_organisation(repo, tmp_path, giver, accepted):
    """`givet_av`: KF or KS in any case (as malkoll reads it) or an organisation's id; the
    organisations stand once in the file, not again for `givet_av`."""
    facts = read_facts(repo)
    editor.write_schemas(repo / editor.SCHEMA_DIR, repo, facts)
    schema = repo / editor.SCHEMA_DIR / "uppdrag.schema.json"
    assert schema.read_text("utf-8").count('"alafors-skola"') == 1
    text = f"- {{id: U1, namn: Uppdrag, givet_av: {giver}, organisation: bun}}\n"
    done = check_jsonschema(schema, _write(tmp_path, "uppdrag.yaml", text))
    assert (done.returncode == 0) is accepted, done.stdout


def test_the_annual_report_files_are_fitted(repo, tmp_path):
    """bokslut, hushallning, personal, bolag and malsattningar (issue 14): the periods as
    the keys of every mapping per period, the scale in a goal's own assessment, the goals,
    delmål and organisations as choices; a wrong period or goal fails check-jsonschema."""
    schemas = _schemas(repo)
    mappings = [
        defs_of(schemas, "bokslut", "Resultatpost")["perioder"],
        schemas["bokslut"]["properties"]["koncernresultat"],
        schemas["bokslut"]["properties"]["beslut"],
        defs_of(schemas, "hushallning", "FinansielltMal")["utfall"],
        schemas["hushallning"]["properties"]["kommun"],
        schemas["hushallning"]["properties"]["koncern"],
        schemas["personal"]["properties"]["sjukfranvaro"],
        defs_of(schemas, "personal", "Personalmatt")["varden"],
        schemas["bolag"]["properties"]["perioder"],
        defs_of(schemas, "bolag", "BolagMal")["utfall"],
        schemas["malsattning"]["properties"]["uppfoljning"],
        schemas["plan"]["properties"]["beslut"],
        schemas["internkontroll"]["properties"]["bedomning"],
    ]
    for mapping in mappings:
        assert list(mapping["properties"]) == PERIODS
        assert mapping["additionalProperties"] is False
    goal = schemas["malsattning"]
    assert goal["definitions"]["malkoll_malsattning"]["anyOf"][0]["enum"] == ["1"]
    period = goal["definitions"]["MalsattningPeriod"]["properties"]
    assert {"$ref": "#/definitions/malkoll_bedomning"} in period["bedomning"]["anyOf"]
    assert period["prognos"]["description"].startswith("I en delårsrapport:")
    assert "`helt`, `pa_vag` eller `ej_uppfyllt`" in period["prognos"]["description"]
    verksamhetsmal = schemas["hushallning"]["properties"]["verksamhetsmal"]["items"]
    assert verksamhetsmal == {"$ref": "#/definitions/malkoll_delmal"}
    assert "malkoll_organisation" in schemas["bolag"]["definitions"]
    editor.write_schemas(repo / editor.SCHEMA_DIR, repo, read_facts(repo))
    right = 'malsattning: "1"\nuppfoljning:\n  tertial1: {bedomning: På väg, prognos: helt}\n'
    for text, ok in (
        (right, True),
        (right.replace("tertial1", "delar1"), False),
        (right.replace('"1"', '"7"'), False),
        (right.replace("prognos: helt", "prognos: gron"), False),
    ):
        path = _write(tmp_path, "m.yaml", text)
        done = check_jsonschema(repo / editor.SCHEMA_DIR / "malsattning.schema.json", path)
        assert (done.returncode == 0) is ok, (text, done.stdout)
