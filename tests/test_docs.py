"""The README documents what malkoll does: every rule, every command, the first commands."""

from __future__ import annotations

from pathlib import Path

from helpers import run
from malkoll.findings import RULES
from malkoll.reading import (
    walk,  # noqa: F401 - importing defines its rules
)
from malkoll.rules import references  # noqa: F401 - importing defines their rules

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_rule_is_in_the_readme_with_its_severity():
    """Each defined rule has a row `| CODE | severity |` in the README's table."""
    for code, rule in RULES.items():
        assert f"| {code} | {rule.severity} |" in README, code


def test_every_rule_is_documented_in_swedish():
    """Each rule has a title and an explanation."""
    for rule in RULES.values():
        assert rule.title
        assert len(rule.explanation) > 40


def test_readme_starts_with_the_two_commands():
    """The first two code blocks install malkoll and build the example's annual report, and
    run the tests."""
    blocks = README.split("```sh\n")[1:3]
    assert "malkoll rapport 2020 -C exempel/ale-2020" in blocks[0]
    assert "pytest" in blocks[1]
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].split("\n")[0] in ci


def test_every_command_has_help():
    """`malkoll CMD --help` works and says something for each command."""
    for command in (
        "validera",
        "rapport",
        "regler",
        "init",
        "schema",
        "status",
        "nytt-ar",
        "kolada",
    ):
        status, out, _ = run(command, "--help")
        assert status == 0
        assert len(out) > 100


def test_rule_reference_is_generated_from_the_definitions():
    """docs/regler.md is exactly what `malkoll regler --markdown` prints (regenerate it with
    that command after changing a rule)."""
    docs = Path(__file__).parent.parent / "docs" / "regler.md"
    status, out, _ = run("regler", "--markdown")
    assert status == 0
    assert docs.read_text(encoding="utf-8") == out


def test_regler_lists_and_explains():
    """`malkoll regler` lists every rule; `malkoll regler mk304` explains one; an unknown
    code exits 2 with a suggestion."""
    status, out, _ = run("regler")
    assert status == 0
    assert all(code in out for code in RULES)
    status, out, _ = run("regler", "mk304")
    assert status == 0
    assert "Fel:" in out
    assert "Rätt:" in out
    assert "atgarder" in out
    status, _, err = run("regler", "MK999")
    assert status == 2
    assert "finns inte" in err
