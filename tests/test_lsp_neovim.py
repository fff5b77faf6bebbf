"""Neovim end to end: the README's Neovim configuration, in a real headless Neovim,
starts `malkoll lsp` for a plan of a copy of exempel/ale-2020; an edit that leaves a red
assessment without measures shows MK304 in Neovim's own diagnostics.

The README has two configurations: one for Neovim 0.11 and later (`vim.lsp.config` and
`vim.lsp.enable`) and one for 0.7–0.10 that picks `vim.lsp.start` (0.8–0.10) or
`vim.lsp.start_client` (0.7) by version. The end-to-end test runs the one the installed
Neovim takes (Debian's 0.7.2 here: the 0.7 branch). The branches the installed Neovim
cannot run are run against stand-ins that record their calls: that checks what they ask
for (the command, the file types, the root), not that a newer Neovim does it.
"""

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
STANDINS = TESTS / "editors" / "neovim" / "standins.lua"
PLAN = "2020/plan/un/nolskolan.yaml"
MEASURES = """          atgarder: >-
            Studiestöd inom skoldagen från höstterminen, en förstelärare i matematik
            med uppdrag att leda det kollegiala lärandet och ett närmare samarbete
            med elevhälsan kring frånvaro.
"""
needs_nvim = pytest.mark.skipif(NVIM is None, reason="Neovim (nvim) is not installed")


def readme_configs() -> tuple[str, str]:
    """The Lua blocks of the README's Neovim set-up, as a person copies them: the one for
    Neovim 0.11 and later, and the one for 0.7–0.10."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Editorn: malkoll lsp", 1)[1].split("\n## ", 1)[0]
    current = re.search(r"\*\*Neovim\*\* 0\.11 eller senare.*?```lua\n(.*?)```", section, re.S)
    older = re.search(r"\*\*Neovim 0\.7–0\.10\*\*.*?```lua\n(.*?)```", section, re.S)
    assert current is not None, "README: no configuration for Neovim 0.11 and later"
    assert older is not None, "README: no configuration for Neovim 0.7–0.10"
    return current.group(1), older.group(1)


def nvim_version() -> tuple[int, int]:
    assert NVIM is not None
    first = subprocess.run([NVIM, "--version"], capture_output=True, text=True, check=True)
    found = re.match(r"NVIM v(\d+)\.(\d+)", first.stdout)
    assert found is not None, first.stdout
    return int(found.group(1)), int(found.group(2))


def nvim(
    tmp_path: Path, config: str, before: list[str], after: list[str], **env: str
) -> subprocess.CompletedProcess[str]:
    """A headless Neovim with ``config`` as its init.lua, the arguments ``before`` it and
    ``after`` it (what runs once it is loaded)."""
    init = tmp_path / "init.lua"
    init.write_text(config, encoding="utf-8")
    environ = {
        **os.environ,
        # The README's `cmd = { "malkoll", "lsp" }`: the malkoll of this interpreter.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        **env,
    }
    assert NVIM is not None
    return subprocess.run(
        [NVIM, "--headless", "--clean", *before, "--cmd", f"luafile {init}", *after],
        env=environ,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def example(tmp_path: Path) -> Path:
    repo = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", repo, ignore=shutil.ignore_patterns(".malkoll-*"))
    return repo


@needs_nvim
def test_neovim_shows_mk304_from_malkoll_lsp(tmp_path):
    """The configuration the installed Neovim takes, as it is, with the real server."""
    current, older = readme_configs()
    config = current if nvim_version() >= (0, 11) else older
    repo = example(tmp_path)
    text = (repo / PLAN).read_text(encoding="utf-8")
    assert text.count(MEASURES) == 1
    edited = tmp_path / "edited.yaml"
    edited.write_text(text.replace(MEASURES, ""), encoding="utf-8")
    out = tmp_path / "diagnostics.json"
    done = nvim(
        tmp_path,
        config,
        [],
        ["-c", f"luafile {DRIVE}"],
        MALKOLL_PLAN=str(repo / PLAN),
        MALKOLL_EDITED=str(edited),
        MALKOLL_OUT=str(out),
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
    assert "deprecated" not in done.stderr.lower()


def record(tmp_path: Path, config: str, pretend: str, *files: Path) -> list[dict[str, object]]:
    """The calls ``config`` makes in a Neovim that answers has() as ``pretend`` and opens
    ``files``, against the stand-ins."""
    out = tmp_path / "calls.json"
    done = nvim(
        tmp_path,
        config,
        ["--cmd", f"luafile {STANDINS}"],
        ["-c", "lua MalkollRecord()"],
        MALKOLL_PRETEND=pretend,
        MALKOLL_OPEN="\n".join(str(f) for f in files),
        MALKOLL_OUT=str(out),
    )
    assert out.exists(), done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in result, result
    calls: list[dict[str, object]] = result["calls"]
    return calls


@needs_nvim
def test_the_configuration_for_neovim_0_11_names_the_server_its_files_and_its_root(tmp_path):
    current, _older = readme_configs()
    calls = record(tmp_path, current, "0.11")
    assert calls == [
        {
            "call": "config",
            "name": "malkoll",
            "config": {
                "cmd": ["malkoll", "lsp"],
                "filetypes": ["yaml"],
                "root_markers": ["malkoll.yaml"],
            },
        },
        {"call": "enable", "name": "malkoll"},
    ]


@needs_nvim
@pytest.mark.parametrize("pretend", ["0.8", "0.10"])
def test_the_configuration_for_neovim_0_8_starts_the_server_at_the_repositorys_root(
    tmp_path, pretend
):
    _current, older = readme_configs()
    repo = example(tmp_path)
    outside = tmp_path / "annat" / "compose.yaml"
    outside.parent.mkdir()
    outside.write_text("services: {}\n", encoding="utf-8")
    calls = record(tmp_path, older, pretend, repo / PLAN, outside)
    assert calls == [
        {
            "call": "start",
            "config": {"name": "malkoll", "cmd": ["malkoll", "lsp"], "root_dir": str(repo)},
            "file": str(repo / PLAN),
        }
    ]  # and nothing for the file outside a målrepo
