"""The README documents what malkoll does: every rule, every command of the app (read from
the app itself, never listed here), the first commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.main import get_command

from helpers import run
from malkoll.cli.root import app
from malkoll.rules.catalog import RULES

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


def _commands(group, path: tuple[str, ...] = (), groups: bool = False) -> list[tuple[str, ...]]:
    """Every command the app registers, sub-commands as `("kolada", "hamta")`; a group
    (`kolada`) only with ``groups``."""
    out = []
    for name, command in group.commands.items():
        if command.hidden:
            continue
        if hasattr(command, "commands"):  # a group (of typer's own click copy)
            out += [(*path, name)] if groups else []
            out += _commands(command, (*path, name), groups)
        else:
            out.append((*path, name))
    return out


COMMANDS = _commands(get_command(app))
"""The commands a person runs, read from the app."""


def _table() -> list[tuple[str, ...]]:
    """The commands named in the rows of the README's table of commands (`malkoll init
    [MAPP]`), each as the words that lead to it in the app, arguments left out."""
    start = README.index("| kommando | vad |")
    rows = README[start:].split("\n\n")[0].splitlines()[2:]
    named = []
    for row in rows:
        words = row.split("`")[1].split()
        assert words[0] == "malkoll", row
        node, path = get_command(app), ()
        for word in words[1:]:
            if word not in getattr(node, "commands", {}):
                break
            node, path = node.commands[word], (*path, word)
        assert path, f"not a command of the app: {row}"
        assert not hasattr(node, "commands"), f"a group, not a command: {row}"
        named.append(path)
    return named


def test_the_command_table_lists_every_command_of_the_app():
    """Each command the app registers has its row in the README's table of commands, and
    every row names a command the app has: the list is read from the app, not written
    here."""
    table = _table()
    assert len(COMMANDS) >= 9
    assert [" ".join(x) for x in COMMANDS if x not in table] == [], "missing in the README"
    assert sorted(table) == sorted(COMMANDS)  # and none twice


@pytest.mark.parametrize("command", _commands(get_command(app), groups=True), ids=" ".join)
def test_every_command_has_help(command):
    """`malkoll CMD --help` works and says something for each command and group of the
    app."""
    status, out, _ = run(*command, "--help")
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
