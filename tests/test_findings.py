"""One way a finding is made: checks yield problems, one builder stamps them, and the
catalogue lists the modules that define the rules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from malkoll import findings as f
from malkoll.rules import catalog

SRC = Path(__file__).parent.parent / "src"
ERROR = f.rule("MK999", "fel", "Ett fel", "Ett fel i en test.")
WARNING = f.rule("MK998", "varning", "En varning", "En varning i en test.")


def built(problem: f.Problem, overrides: dict[str, str] | None = None) -> list[str]:
    return [x.head() for x in f.build([problem], overrides or {})]


def test_the_builder_stamps_the_rules_severity():
    """A problem becomes a finding with its rule's severity, code and place."""
    problem = f.Problem(ERROR, "a.yaml", f.Where(3, 5), "Fel här.", "Gör så.", "bun", "delar1")
    (finding,) = f.build([problem], {})
    assert finding == f.Finding("a.yaml", 3, 5, "MK999", "fel", "Fel här.", "Gör så.")
    assert (finding.severity, finding.hint, finding.organisation, finding.period) == (
        "fel",
        "Gör så.",
        "bun",
        "delar1",
    )


@pytest.mark.parametrize(
    ("rule", "grace", "overrides", "severity"),
    [
        (ERROR, False, {}, "fel"),
        (ERROR, True, {}, "varning"),
        (WARNING, True, {}, "varning"),
        (ERROR, False, {"MK999": "varning"}, "varning"),
        (WARNING, False, {"MK998": "fel"}, "fel"),
        (WARNING, True, {"MK998": "fel"}, "varning"),
        (ERROR, False, {"MK999": "av"}, None),
        (ERROR, True, {"MK998": "av"}, "varning"),
    ],
)
def test_regler_and_the_grace_window_are_applied_once_by_the_builder(
    rule, grace, overrides, severity
):
    """`regler:` sets the severity or turns the rule off; in a grace window an error is a
    warning."""
    problem = f.Problem(rule, "a.yaml", f.START, "Något.", grace=grace)
    found = f.build([problem], overrides)
    assert [x.severity for x in found] == ([severity] if severity else [])


def _definitions() -> dict[str, set[str]]:
    """The rules each module defines (`MKxxx = f.rule(...)`), read from its source."""
    found: dict[str, set[str]] = {}
    for path in (SRC / "malkoll").rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and ast.unparse(node.value.func) in ("f.rule", "rule")
            ):
                found.setdefault(name, set()).update(ast.unparse(t) for t in node.targets)
    return found


def test_the_catalogue_lists_every_module_that_defines_rules():
    """Every module that defines a rule is in the catalogue's explicit list, and lists each
    rule it defines in its `RULES`; no code is defined twice."""
    defined = _definitions()
    assert {module.__name__ for module in catalog.MODULES} == set(defined)
    for module in catalog.MODULES:
        assert {r.code for r in module.RULES} == defined[module.__name__], module.__name__
    assert list(catalog.RULES) == sorted(catalog.RULES)
    assert len(catalog.RULES) == sum(len(codes) for codes in defined.values())


def test_no_check_builds_a_finding_by_hand():
    """Only the builder in `findings` makes a `Finding`."""
    for path in (SRC / "malkoll").rglob("*.py"):
        if path.name == "findings.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        assert not [n for n in calls if ast.unparse(n.func).endswith("Finding")], path
