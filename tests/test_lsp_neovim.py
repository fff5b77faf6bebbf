"""Neovim end to end: the README's Neovim configuration, in a real headless Neovim,
starts `malkoll lsp` for a plan of a copy of exempel/ale-2020; an edit that leaves a red
assessment without measures shows MK304 in Neovim's own diagnostics."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXAMPLES, TESTS

pytest.importorskip("pygls")

NVIM = shutil.which("nvim")
README = TESTS.parent / "README.md"
DRIVE = TESTS / "editors" / "neovim" / "drive.lua"
PLAN = "2020/plan/un/nolskolan.yaml"
MEASURES = """          atgarder: >-
            Studiestöd inom skoldagen från höstterminen, en förstelärare i matematik
            med uppdrag att leda det kollegiala lärandet och ett närmare samarbete
            med elevhälsan kring frånvaro.
"""


def readme_config() -> str:
    """The Lua block of the README's Neovim set-up, as a person copies it."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Editorn: malkoll lsp", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"\*\*Neovim\*\*.*?```lua\n(.*?)```", section, re.DOTALL)
    assert found is not None, "README: no Neovim configuration under Editorn: malkoll lsp"
    return found.group(1)


@pytest.mark.skipif(NVIM is None, reason="Neovim (nvim) is not installed")
def test_neovim_shows_mk304_from_malkoll_lsp(tmp_path):
    repo = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", repo, ignore=shutil.ignore_patterns(".malkoll-*"))
    text = (repo / PLAN).read_text(encoding="utf-8")
    assert text.count(MEASURES) == 1
    edited = tmp_path / "edited.yaml"
    edited.write_text(text.replace(MEASURES, ""), encoding="utf-8")
    config = tmp_path / "init.lua"
    config.write_text(readme_config(), encoding="utf-8")
    out = tmp_path / "diagnostics.json"
    env = {
        **os.environ,
        # The README's `cmd = { "malkoll", "lsp" }`: the malkoll of this interpreter.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "MALKOLL_PLAN": str(repo / PLAN),
        "MALKOLL_EDITED": str(edited),
        "MALKOLL_OUT": str(out),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [NVIM, "--headless", "--clean", "--cmd", f"luafile {config}", "-c", f"luafile {DRIVE}"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.exists(), done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in result, result
    assert result["found"] is True
    (mk304,) = [d for d in result["diagnostics"] if d["code"] == "MK304"]
    assert (mk304["lnum"], mk304["col"]) == (86, 8)  # `bedomning: rod`, line 87 column 9
    assert mk304["source"] == "malkoll"
    assert mk304["severity"] == 1  # vim.diagnostic.severity.ERROR
    assert mk304["message"].startswith("Bedömningen är röd men analysen saknar åtgärder")
    assert "exit code" not in done.stderr  # the server left as the protocol says
