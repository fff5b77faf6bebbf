"""`malkoll regler` reads a generated table of the rules instead of the modules that define
them; the table must be exactly the rules' own definitions, and listing them must import
neither the model nor pydantic."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from malkoll.rules import catalog

TABLE = Path(catalog.__file__).resolve().parents[1] / "cli" / "rule_table.py"


def test_the_table_is_generated_from_the_rules():
    """`cli/rule_table.py` is what `catalog.table_source()` writes from the rules: it fails
    when a rule (code, severity, title, explanation, example) changes and the table was
    not rewritten (`MALKOLL_SKRIV_GOLDEN=1 pytest tests/test_rule_table.py` rewrites it)."""
    source = catalog.table_source()
    if os.environ.get("MALKOLL_SKRIV_GOLDEN"):
        TABLE.write_text(source, encoding="utf-8")
    assert TABLE.read_text(encoding="utf-8") == source, (
        "The rules have changed: rewrite the table with "
        "MALKOLL_SKRIV_GOLDEN=1 pytest tests/test_rule_table.py"
    )
    from malkoll.cli import rule_table

    assert rule_table.RULES == catalog.RULES
    assert list(rule_table.RULES) == list(catalog.RULES)


def test_the_generated_literals_read_back_exactly():
    """Every text survives the literal it is written as: quotes, backslashes, line breaks,
    control characters, a line separator, letters outside ASCII."""
    for text in ("", "kort", 'a "b" \\ c\nd\te\x00f\x7f\u2028 åäö – 𝔸'):
        assert ast.literal_eval(catalog._literal(text)) == text
    assert json.loads(catalog._literal("\x1b")) == "\x1b"


def test_regler_imports_neither_the_model_nor_pydantic():
    """Listing or explaining the rules imports no rule module, no model, no pydantic and
    no YAML reader: it costs little more than starting typer."""
    probe = (
        "import sys\n"
        "from malkoll.cli.root import app\n"
        "for args in (['regler'], ['regler', 'MK304'], ['regler', '--markdown']):\n"
        "    try:\n"
        "        app(args, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = ('pydantic', 'yaml', 'malkoll.model', 'malkoll.rules', 'malkoll.reading',\n"
        "         'jinja2', 'rich')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert "MK304" in done.stdout
    assert done.stderr.strip() == "[]"
