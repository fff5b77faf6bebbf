"""The VS Code extension (editors/vscode/): a manifest VS Code can load, and an
`activate` that starts `malkoll lsp` over stdio for the YAML files (run in Node with
stand-ins for the `vscode` and `vscode-languageclient` modules, which only VS Code has)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from helpers import TESTS

EXTENSION = TESTS.parent / "editors" / "vscode"
NODE = shutil.which("node")

VSCODE = """
module.exports = {
  workspace: {
    getConfiguration: (section) => ({ get: (key) => undefined }),
    createFileSystemWatcher: (glob) => ({ glob }),
  },
};
"""
CLIENT = """
const started = [];
class LanguageClient {
  constructor(id, name, server, client) { started.push({ id, name, server, client }); }
  start() { return Promise.resolve(); }
  stop() { return Promise.resolve(); }
}
module.exports = { LanguageClient, TransportKind: { stdio: 0 }, started };
"""
RUN = """
const extension = require(process.argv[1]);
const context = { subscriptions: [] };
extension.activate(context).then(() => {
  const { started } = require("vscode-languageclient/node");
  console.log(JSON.stringify({ started, subscriptions: context.subscriptions.length }));
});
"""


def test_the_manifest_names_its_entry_point_and_the_language_client():
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    assert (EXTENSION / manifest["main"]).is_file()
    assert "vscode-languageclient" in manifest["dependencies"]
    assert manifest["activationEvents"] == ["workspaceContains:**/malkoll.yaml"]
    assert manifest["engines"]["vscode"].startswith("^1.")
    assert "malkoll.kommando" in manifest["contributes"]["configuration"]["properties"]


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_activate_starts_malkoll_lsp_over_stdio_for_yaml(tmp_path):
    modules = tmp_path / "node_modules"
    (modules / "vscode").mkdir(parents=True)
    (modules / "vscode" / "index.js").write_text(VSCODE, encoding="utf-8")
    (modules / "vscode-languageclient").mkdir()
    (modules / "vscode-languageclient" / "node.js").write_text(CLIENT, encoding="utf-8")
    shutil.copy(EXTENSION / "extension.js", tmp_path / "extension.js")
    done = subprocess.run(
        [NODE, "-e", RUN, str(tmp_path / "extension.js")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    (started,) = json.loads(done.stdout)["started"]
    assert started["server"] == {"command": "malkoll", "args": ["lsp"], "transport": 0}
    selector = started["client"]["documentSelector"]
    assert {"scheme": "file", "language": "yaml"} in selector
    assert started["client"]["synchronize"]["fileEvents"] == {"glob": "**/*.{yaml,yml}"}
