"""The JSON Schemas for editors: generated from the models, checked by an independent validator.

check-jsonschema validates every example file against its kind's schema and rejects
what malkoll rejects; the schemas carry the Swedish descriptions and accept what malkoll's
reader accepts (å/ä/ö in keys, any case in choices, numbers in text and id fields).
"""

from __future__ import annotations

import collections
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from pydantic import BaseModel
from typer.testing import CliRunner

from malkoll.cli import init as cli_init
from malkoll.cli import schema as cli_schema
from malkoll.model import files as m
from malkoll.model import kinds
from malkoll.model.positions import POS_KEY
from malkoll.reading.parse import read_bytes
from malkoll.reading.schema import validate
from malkoll.reading.walk import discover
from malkoll.writers import jsonschema as editor
from malkoll.writers.schema_facts import read_facts
from schema_helpers import nodes

EXAMPLES = Path(__file__).resolve().parents[1] / "exempel"
ROOTS = sorted(p.parent for p in EXAMPLES.glob("*/malkoll.yaml"))


def _app() -> typer.Typer:
    app = typer.Typer()
    app.callback()(lambda: None)
    app.command("init")(cli_init.init)
    app.command("schema")(cli_schema.schema)
    return app


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def schema_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("schema")
    editor.write_schemas(folder)
    return folder


@pytest.mark.parametrize("fitted", [False, True], ids=["generic", "fitted"])
@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_examples_validate_against_their_schemas(schema_dir, tmp_path, root, fitted):
    """Every file of every example repository fits its kind's schema (check-jsonschema):
    the generic one, and the one `malkoll schema` writes for the example itself."""
    if fitted:
        schema_dir = tmp_path / "schema"
        editor.write_schemas(schema_dir, tmp_path, read_facts(root))
    by_kind = collections.defaultdict(list)
    for source in discover(root)[0]:
        by_kind[source.kind].append(root / source.rel)
    assert set(by_kind) == set(kinds.BY_NAME)
    for kind, files in by_kind.items():
        done = check_jsonschema(schema_dir / editor.schema_file(kind), *files)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("wrong", ["bedomning: blå", "bedomning: gron", "delar3:"])
def test_an_example_plan_outside_the_repository_fails(tmp_path, wrong):
    """An example's plan with an assessment outside its scale (`blå`; `gron` where the
    scale has no such step) or a period it does not have fails the fitted schema, and only
    the fitted one."""
    root = EXAMPLES / "ale-2020"
    fitted = tmp_path / "schema"
    editor.write_schemas(fitted, tmp_path, read_facts(root))
    plan = next(root.glob("2020/plan/**/*.yaml"))
    text = plan.read_text(encoding="utf-8")
    facts = read_facts(root)
    assert facts.scale is not None
    if wrong == "bedomning: gron" and "gron" in facts.scale.values:
        wrong = "bedomning: lila"
    if wrong == "delar3:":
        changed = re.sub(r"^(\s+)(delar1|helar):", r"\1delar3:", text, count=1, flags=re.M)
    else:
        changed = re.sub(r"bedomning: \w+", wrong, text, count=1)
    assert changed != text
    path = tmp_path / plan.name
    path.write_text(changed, encoding="utf-8")
    assert check_jsonschema(fitted / "plan.schema.json", path).returncode == 1
    generic = tmp_path / "generic"
    editor.write_schemas(generic)
    assert check_jsonschema(generic / "plan.schema.json", path).returncode == 0


def test_schemas_are_valid_draft_07(schema_dir):
    """Each written schema is a valid JSON Schema under its metaschema (draft-07)."""
    files = sorted(schema_dir.glob("*.schema.json"))
    assert len(files) == len(kinds.KINDS)
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--check-metaschema", *map(str, files)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for schema in editor.schemas().values():
        assert schema["$schema"] == editor.DRAFT
        assert "$defs" not in json.dumps(schema)


PLAN = 'organisation: bun\nar: 2020\ndelmal:\n  - delmal: "1.1"\n'

ACCEPTED = {
    "swedish-keys": "organisation: bun\når: 2020\ndelmål:\n  - delmal: 1.10\n"
    "    uppföljning:\n      helar:\n        analys: {resultat: x, åtgärder: y}\n"
    "        bedömning: Grön\n",
    "choices-any-case": PLAN + "    aktiviteter:\n      - id: 7\n        namn: 1.5\n"
    "        start: 2020-01-01\n        uppfoljning:\n"
    "          delar1: {status: Pågår}\n          helar: {status: Ej påbörjad}\n",
    "numbers-as-text": "organisation: 0180\nar: 2020\ndelmal:\n  - delmal: 1.10\n"
    "    matt: [N15505, 12]\n",
}

REJECTED = {
    "misspelt-key": PLAN + "    uppfoljning:\n      helar:\n        analys: {atgader: y}\n",
    "unknown-top-key": PLAN + "sammanfatning: {helar: x}\n",
    "wrong-choice": PLAN + "    aktiviteter:\n      - {id: a, namn: A, uppfoljning: "
    "{helar: {status: klar}}}\n",
    "bad-date": PLAN + "    aktiviteter:\n      - {id: a, namn: A, start: 1 januari}\n",
    "missing-required": "ar: 2020\n",
    "list-for-text": PLAN + "    hur_vi_arbetar: [a, b]\n",
    "wrong-type": "organisation: bun\nar: tjugotjugo\n",
    "same-key-twice": PLAN + "    uppfoljning:\n      helar: {bedomning: gron, bedömning: gul}\n",
}


def _malkoll_reading(text: str) -> list[str]:
    """The reading and schema findings malkoll itself makes for a plan."""
    read = read_bytes(text.encode(), "plan.yaml", kinds.field_names())
    _typed, problems = validate(m.Plan, read.data, "plan.yaml", {"bedomning": ["gron", "gul"]})
    return [p.code for p in read.problems + problems]


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_schema_accepts_what_malkoll_accepts(schema_dir, tmp_path, name):
    """å/ä/ö in keys, any case in choices and numbers in id fields pass both malkoll and schema."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(ACCEPTED[name], encoding="utf-8")
    assert _malkoll_reading(ACCEPTED[name]) == []
    done = check_jsonschema(schema_dir / "plan.schema.json", path)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_schema_rejects_what_malkoll_rejects(schema_dir, tmp_path, name):
    """A misspelt key, a wrong choice, a bad date, a missing key fail both malkoll and schema."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(REJECTED[name], encoding="utf-8")
    assert _malkoll_reading(REJECTED[name]) != []
    done = check_jsonschema(schema_dir / "plan.schema.json", path)
    assert done.returncode == 1, done.stdout + done.stderr


def _descriptions(model: type, seen: set[type]) -> set[str]:
    if model in seen:
        return set()
    seen.add(model)
    found: set[str] = set()
    for info in model.model_fields.values():
        if info.description:
            found.add(info.description)
        for arg in _models_in(info.annotation):
            found |= _descriptions(arg, seen)
    return found


def _models_in(annotation: object) -> list[type]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [x for a in getattr(annotation, "__args__", ()) or () for x in _models_in(a)]


@pytest.mark.parametrize("kind", sorted(kinds.BY_NAME))
def test_schemas_carry_the_swedish_descriptions(kind):
    """Every field description of a kind's models is in its schema; the title is Swedish."""
    schema = editor.schemas()[kind]
    text = json.dumps(schema, ensure_ascii=False)
    model = kinds.BY_NAME[kind].model
    for description in _descriptions(model, set()):
        assert json.dumps(description, ensure_ascii=False) in text
    assert schema["description"] == kinds.BY_NAME[kind].description


def test_schema_shape_for_editors():
    """No position key; ASCII keys for completion; text accepts numbers; dates have a pattern;
    `$ref` stands alone (draft-07 ignores its siblings)."""
    for schema in editor.schemas().values():
        for node in nodes(schema):
            props = node.get("properties", {})
            if props:
                assert "pos" not in props
                assert POS_KEY not in props
                assert all(name.isascii() for name in props)
            if "$ref" in node:
                assert set(node) == {"$ref"}
            if node.get("type") == "string" and "pattern" not in node:
                pytest.fail(f"a string without a pattern: {node}")
    plan = editor.schemas()["plan"]
    aktivitet = plan["definitions"]["Aktivitet"]["properties"]
    assert aktivitet["id"]["type"] == ["string", "number"]
    assert aktivitet["start"]["anyOf"][0]["pattern"] == r"^\d{4}-\d{2}-\d{2}$"
    status = plan["definitions"]["AktivitetUppfoljning"]["properties"]["status"]["anyOf"][0]
    assert status["anyOf"][0] == {"enum": list(m.STATUSAR)}


def test_key_patterns_mirror_the_reader():
    """A key's pattern accepts exactly the other spellings the reader folds to it."""
    pattern = re.compile(
        next(k for k in editor.schemas()["plan"]["patternProperties"] if "lm" in k)
    )
    assert pattern.fullmatch("delmål")
    assert not pattern.fullmatch("delmal")  # the ASCII key is in `properties`
    assert not pattern.fullmatch("Delmål")  # keys are not case-folded


def _glob(pattern: str) -> re.Pattern[str]:
    """A glob as the YAML language server reads it: `**/` any folders, `*` within one."""
    out = re.escape(pattern).replace(r"\*\*/", "(?:[^/]+/)*").replace(r"\*", "[^/]*")
    return re.compile(out)


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_kind_globs_match_discover(root):
    """Each file malkoll reads matches the globs of its own kind and of no other kind."""
    for source in discover(root)[0]:
        matching = [
            kind
            for kind, globs in ((k.name, k.globs()) for k in kinds.KINDS)
            if any(_glob(g).fullmatch(source.rel) for g in globs)
        ]
        assert matching == [source.kind], source.rel


def test_schema_command_writes_into_the_repository(tmp_path):
    """`malkoll schema -C REPO` writes one schema per kind to REPO/.malkoll/schema/."""
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "ale-2020", root)
    result = CliRunner().invoke(_app(), ["schema", "-C", str(root / "2020")])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (root / ".malkoll/schema").iterdir())
    assert written == sorted(editor.schema_file(k) for k in kinds.BY_NAME)
    assert result.output.count("Skrev ") == len(kinds.KINDS)
    text = (root / ".malkoll/schema/plan.schema.json").read_text(encoding="utf-8")
    assert json.loads(text) == editor.schemas(read_facts(root))["plan"]


def test_schema_command_with_ut(tmp_path):
    """`malkoll schema --ut MAPP` writes there, also outside a goal repository."""
    result = CliRunner().invoke(_app(), ["schema", "--ut", str(tmp_path / "ut")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ut/ekonomi.schema.json").is_file()


def test_schema_command_outside_a_repository(tmp_path):
    """Without --ut and outside a goal repository: one line and exit status 2."""
    result = CliRunner().invoke(_app(), ["schema", "-C", str(tmp_path)])
    assert result.exit_code == 2
    assert "Hittade ingen malkoll.yaml" in result.output
