"""A goal repository with a scale, periods and forecast months of its own, for the tests of
the schemas fitted to a repository (test_schema_repo, test_schema_editor)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import build_repo

CUSTOM_SETTINGS = """\
kommun: Testkommun
perioder:
  tertial1: {namn: Tertial 1, per: "04-30"}
  tertial2: {namn: Tertial 2, per: "08-31"}
  helar: {namn: Årsredovisning, per: "12-31"}
prognoser: [mar, okt]
bedomning:
  helt: {namn: Helt uppfyllt, text: Målet är nått.}
  på väg: {namn: På väg, text: Det går åt rätt håll men för långsamt.}
  Ej uppfyllt: {text: Målet är inte nått; åtgärder krävs.}
"""
"""A three-step scale written as a person would: `på väg` and `Ej uppfyllt` are the ids
`pa_vag` and `ej_uppfyllt`; the last step has no name of its own."""

SCALE = ["helt", "pa_vag", "ej_uppfyllt"]
PERIODS = ["tertial1", "tertial2", "helar"]

CUSTOM_PLAN = """\
organisation: grundskola
ar: 2020
delmal:
  - delmal: "1.1"
    matt: [N15505]
    uppfoljning:
      tertial1:
        analys: {resultat: Bättre., orsaker: Läsning., atgarder: Mer läsning.}
        bedomning: På väg
      helar:
        analys: {resultat: Bättre., orsaker: Läsning.}
        bedomning: HELT
"""


def custom_repo(target: Path) -> Path:
    """The test base repository with the custom settings and one plan that follows them
    (the base's other plans use the default scale and periods)."""
    root = build_repo(target, files={"malkoll.yaml": CUSTOM_SETTINGS})
    for plan in (root / "2020/plan").rglob("*.yaml"):
        plan.unlink()
    (root / "2020/plan/grundskola.yaml").write_text(CUSTOM_PLAN, encoding="utf-8")
    for kind in ("ekonomi", "uppdrag", "arshjul"):
        (root / f"2020/{kind}.yaml").unlink()
    for ik in (root / "2020/internkontroll").glob("*.yaml"):
        ik.unlink()
    return root


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema on ``files`` (its default regex engine reads patterns as ECMAScript
    does, as the editor does)."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
    )


def nodes(node: object):
    """Every mapping in a JSON Schema, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from nodes(value)
