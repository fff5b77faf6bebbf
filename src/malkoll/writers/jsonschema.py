"""Editor support: a JSON Schema for every file kind, and which files each one is for.

The schemas are generated from the models (`model_json_schema()`) and then fitted to how
malkoll reads YAML, so that an editor never flags what malkoll accepts:

- keys may be written with å, ä, ö (and é, ü) where the reader folds them to a known
  key: `properties` lists the ASCII names, for completion, and `patternProperties`
  accepts the other spellings;
- fixed choices list their ASCII values in an `enum`, for completion, and accept any
  case and å/ä/ö through a pattern;
- text and ids accept YAML numbers too (malkoll reads `1.10` as the text "1.10", but
  an editor types it as a number); dates are strings with a date pattern;
- draft-07, which the YAML language server supports best: `definitions`, and `$ref`
  without siblings.

The descriptions are the models' Swedish field descriptions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from malkoll.model import files as m
from malkoll.model.kinds import BY_NAME, KINDS
from malkoll.model.positions import POS_KEY
from malkoll.text import json_text
from malkoll.writers.schema_facts import Facts
from malkoll.writers.schema_fit import VARIANTS as _VARIANTS
from malkoll.writers.schema_fit import Fitter, spellings

SCHEMA_DIR = Path(".malkoll") / "schema"
"""Where the schemas go in a goal repository (hidden: malkoll does not read it)."""

DRAFT = "http://json-schema.org/draft-07/schema#"

_TEXT_TYPES = ["string", "number"]
_SUBSCHEMAS = frozenset(
    {"additionalProperties", "items", "anyOf", "allOf", "oneOf", "not", "propertyNames"}
)
"""The keywords whose values are schemas (or lists of them) in what pydantic generates."""
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_EXTRA: dict[tuple[str, str], dict[str, Any]] = {("Period", "per"): {"pattern": r"^\d{2}-\d{2}$"}}
"""Constraints a model checks in a validator, where the generated schema cannot see them."""
_ONE_OR_MANY = frozenset({("Organisation", "git"), ("Installningar", "git")})
"""Lists where the model takes a single item as a list of one (`git: "@anna"`)."""


def schema_file(kind: str) -> str:
    """The file name of a kind's schema: `plan.schema.json`."""
    return f"{kind}.schema.json"


def schemas(facts: Facts | None = None) -> dict[str, dict[str, Any]]:
    """The JSON Schema of every file kind; with ``facts``, fitted to that repository (its
    scale, periods and ids, see `schema_fit`), else the same for every repository."""
    return {k.name: _schema(k.name, k.model, Fitter(facts)) for k in KINDS}


def repository_facts(root: Path | None) -> Facts | None:
    """What the repository at ``root`` tells its schemas; None without a repository."""
    if root is None:
        return None
    from malkoll.writers.schema_facts import read_facts

    return read_facts(root)


def texts(folder: Path, facts: Facts | None = None) -> dict[Path, str]:
    """Each kind's schema file in ``folder`` and the text it should have."""
    return {folder / schema_file(kind): dump(schema) for kind, schema in schemas(facts).items()}


def write_schemas(folder: Path, root: Path | None = None, facts: Facts | None = None) -> list[Path]:
    """Write every kind's schema to ``folder`` (created if needed); the paths written.

    A schema file that is there is replaced (they are malkoll's own); anything else at its
    path, or a symbolic link among the folders from ``root`` (default: ``folder``), is
    refused."""
    from malkoll.atomic import replace

    files = texts(folder, facts)
    replace(files, root if root is not None else folder)
    return list(files)


def stale(folder: Path, facts: Facts | None = None) -> list[Path]:
    """The schema files in ``folder`` that are missing or differ from what would be
    written now, in the order of the kinds."""
    out = []
    for path, text in texts(folder, facts).items():
        try:
            same = path.read_bytes() == text.encode("utf-8")
        except (OSError, ValueError):
            same = False
        if not same:
            out.append(path)
    return out


def dump(schema: dict[str, Any]) -> str:
    """A schema as the text of its file: keys in the order they were made (the same for
    the same repository), anything unprintable in a name escaped."""
    return json_text(schema)


def vscode_settings(schema_dir: str = SCHEMA_DIR.as_posix()) -> dict[str, Any]:
    """`.vscode/settings.json` for a goal repository: each kind's files tied to its schema."""
    return {
        "yaml.schemas": {f"./{schema_dir}/{schema_file(k.name)}": k.globs() for k in KINDS},
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2},
        "files.encoding": "utf8",
    }


# --- post-processing ----------------------------------------------------------------


def _schema(kind: str, model: type[Any], fitter: Fitter) -> dict[str, Any]:
    raw = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = raw.pop("$defs", {})
    title, description = BY_NAME[kind].shown, BY_NAME[kind].description
    out: dict[str, Any] = {
        "$schema": DRAFT,
        "title": f"malkoll: {title}",
        "description": description,
    }
    raw.pop("title", None)
    raw.pop("description", None)
    out.update(_tidy(raw, model.__name__, fitter))
    tidied = {name: _tidy(d, name, fitter) for name, d in definitions.items()}
    tidied.update(fitter.definitions())
    if tidied:
        out["definitions"] = tidied
    return out


def _tidy(node: Any, owner: str | None, fitter: Fitter) -> Any:
    """One schema node fitted to malkoll's reading; ``owner`` names the model it is of."""
    if isinstance(node, list):
        return [_tidy(x, owner, fitter) for x in node]
    if not isinstance(node, dict):
        return node
    node = {
        k: _tidy(v, None, fitter) if k in _SUBSCHEMAS else v
        for k, v in node.items()
        if k != "title"
    }
    if "properties" in node:
        node = _object(node, owner, fitter)
    if "enum" in node:
        node = _choice(node)
    elif node.get("type") == "string":
        node = _string(node)
    if "$ref" in node and len(node) > 1:
        ref = node.pop("$ref")
        node = {"allOf": [{"$ref": ref}], **node}
    return node


def _object(node: dict[str, Any], owner: str | None, fitter: Fitter) -> dict[str, Any]:
    props: dict[str, Any] = {}
    patterns: dict[str, Any] = {}
    for name, sub in node["properties"].items():
        if name in ("pos", POS_KEY):
            continue
        tidy = _tidy(sub, None, fitter)
        tidy.update(_EXTRA.get((owner or "", name), {}))
        if (owner, name) in _ONE_OR_MANY and "items" in tidy:
            tidy = _one_or_many(tidy)
        tidy = fitter.field(owner, name, tidy)
        props[name] = tidy
        if _has_variants(name):
            patterns[_key_pattern(name)] = tidy
    out = {k: v for k, v in node.items() if k not in ("properties", "required")}
    out["properties"] = props
    if patterns:
        out["patternProperties"] = patterns
        out["dependencies"] = {name: _not_twice(name) for name in props if _has_variants(name)}
    required = [r for r in node.get("required", []) if r in props]
    plain = [r for r in required if not _has_variants(r)]
    if plain:
        out["required"] = plain
    spelled = [r for r in required if _has_variants(r)]
    if spelled:
        out["allOf"] = [_required_spelled(r) for r in spelled]
    return out


def _not_twice(name: str) -> dict[str, Any]:
    """Beside the ASCII key, no other spelling of it (`bedomning` and `bedömning` are the
    same key twice, MK103): every key must fail the pattern of the other spellings."""
    others = _key_pattern(name).removeprefix("^")
    return {
        "propertyNames": {
            "pattern": f"^(?!{others})",
            "errorMessage": f"Samma nyckel som `{name}` finns redan i mappningen, stavad "
            "utan å/ä/ö; det här värdet används inte.",
        }
    }


def _one_or_many(node: dict[str, Any]) -> dict[str, Any]:
    keep: dict[str, Any] = {k: node[k] for k in ("description", "default") if k in node}
    rest = {k: v for k, v in node.items() if k not in keep}
    return {"anyOf": [node["items"], rest], **keep}


def _required_spelled(name: str) -> dict[str, Any]:
    """A required key that may be written with å/ä/ö: the ASCII key, or a key of its
    pattern (in draft-07: not every key fails the pattern)."""
    some_key = {"not": {"propertyNames": {"not": {"pattern": _key_pattern(name)}}}}
    return {"anyOf": [{"required": [name]}, some_key]}


def _string(node: dict[str, Any]) -> dict[str, Any]:
    if node.get("format") == "date":
        return {**node, "pattern": _DATE}
    return {**node, "type": _TEXT_TYPES}


def _choice(node: dict[str, Any]) -> dict[str, Any]:
    """A fixed choice: its values for completion, any case and spelling accepted."""
    values = [v for v in node["enum"] if isinstance(v, str)]
    written = dict.fromkeys(values)
    if set(values) <= set(m.MANADER):
        written.update(dict.fromkeys(name for name, short in m.MONTH_OF.items() if short in values))
    pattern = spellings(list(written))
    rest = {k: v for k, v in node.items() if k not in ("enum", "type")}
    return {"anyOf": [{"enum": values}, {"type": "string", "pattern": pattern}], **rest}


def _has_variants(name: str) -> bool:
    return any(ch in _VARIANTS for ch in name)


def _key_pattern(name: str) -> str:
    """The other spellings of a key that the reader folds to ``name`` (``name`` itself is
    in `properties`): `^(?!atgarder$)[aåä]tg[aåä]rd[eé]r$`."""
    letters = "".join(f"[{ch}{_VARIANTS[ch]}]" if ch in _VARIANTS else re.escape(ch) for ch in name)
    return f"^(?!{re.escape(name)}$){letters}$"
