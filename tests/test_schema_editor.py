"""The generated schemas in a real editor engine: Red Hat's YAML language server.

The server (npm package `yaml-language-server`, the engine of VS Code's YAML extension,
and of Neovim's, Helix's and Emacs's YAML set-ups) is driven over stdio by pygls's
language client, configured as `.vscode/settings.json` from `malkoll init` configures VS
Code: `yaml.schemas` maps each `./.malkoll/schema/<kind>.schema.json` to its files, read
relative to the workspace folder. In a repository with a scale of its own it must flag an
assessment outside the scale, complete the scale's values, the delmål ids and the period
keys, and find nothing wrong in the examples.

Skipped, with the reason, where node or the server is missing: `.ci/run` installs the
server pinned in `tests/editors/yaml-ls/` outside the repository and names it in
MALKOLL_YAML_LS.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types as t

from helpers import EXAMPLES, TESTS, build_repo, run
from malkoll.writers.jsonschema import vscode_settings
from schema_helpers import SCALE, custom_repo

NODE = shutil.which("node")


def _server() -> Path | None:
    """The server's start script: MALKOLL_YAML_LS, or an `npm ci` in tests/editors/yaml-ls/."""
    named = os.environ.get("MALKOLL_YAML_LS")
    local = TESTS / "editors/yaml-ls/node_modules/yaml-language-server/bin/yaml-language-server"
    for path in (Path(named) if named else None, local):
        if path is not None and path.is_file():
            return path
    return None


SERVER = _server()
pytestmark = pytest.mark.skipif(
    NODE is None or SERVER is None,
    reason="node or yaml-language-server is missing: set MALKOLL_YAML_LS to its "
    "bin/yaml-language-server, or `npm ci --prefix tests/editors/yaml-ls` (.ci/run does it)",
)

WAIT = 30.0
"""Seconds to wait for the server's answer (it starts in about one)."""


class Editor:
    """One language server session on a repository, as an editor holds it."""

    def __init__(self, root: Path) -> None:
        from pygls.lsp.client import LanguageClient

        self.root = root
        self.client = LanguageClient("malkoll-test", "1")
        self.diagnostics: dict[str, list[t.Diagnostic]] = {}
        self.changed = asyncio.Event()
        self.configured = asyncio.Event()
        self.settings = {
            "schemas": vscode_settings()["yaml.schemas"],
            "schemaStore": {"enable": False},  # no catalogue from the network
            "validate": True,
            "completion": True,
            "hover": True,
        }

        @self.client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(params: t.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = list(params.diagnostics)
            self.changed.set()

        @self.client.feature(t.WORKSPACE_CONFIGURATION)
        def _configuration(params: t.ConfigurationParams) -> list[Any]:
            self.configured.set()
            return [self.settings if item.section == "yaml" else None for item in params.items]

    async def start(self) -> None:
        assert NODE is not None
        assert SERVER is not None
        await self.client.start_io(NODE, str(SERVER), "--stdio")
        uri = self.root.as_uri()
        completion = t.CompletionClientCapabilities(
            completion_item=t.ClientCompletionItemOptions(
                snippet_support=True, documentation_format=[t.MarkupKind.PlainText]
            )
        )
        capabilities = t.ClientCapabilities(
            workspace=t.WorkspaceClientCapabilities(
                configuration=True,
                did_change_configuration=t.DidChangeConfigurationClientCapabilities(
                    dynamic_registration=True
                ),
                workspace_folders=True,
            ),
            text_document=t.TextDocumentClientCapabilities(
                completion=completion,
                publish_diagnostics=t.PublishDiagnosticsClientCapabilities(),
            ),
        )
        await self.client.initialize_async(
            t.InitializeParams(
                process_id=os.getpid(),
                root_uri=uri,
                workspace_folders=[t.WorkspaceFolder(uri=uri, name=self.root.name)],
                capabilities=capabilities,
            )
        )
        self.client.initialized(t.InitializedParams())
        self.client.workspace_did_change_configuration(
            t.DidChangeConfigurationParams(settings={"yaml": self.settings})
        )
        await asyncio.wait_for(self.configured.wait(), WAIT)

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    def open(self, rel: str, text: str) -> str:
        uri = (self.root / rel).as_uri()
        item = t.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        self.client.text_document_did_open(t.DidOpenTextDocumentParams(item))
        return uri

    async def diagnostics_until(
        self, uri: str, done: Callable[[list[t.Diagnostic]], bool]
    ) -> list[t.Diagnostic]:
        """The document's diagnostics once ``done`` holds for them (the server publishes
        again when its settings arrive; the last publication counts)."""

        async def wait() -> list[t.Diagnostic]:
            while not done(self.diagnostics.get(uri, [])):
                self.changed.clear()
                await self.changed.wait()
            return self.diagnostics[uri]

        return await asyncio.wait_for(wait(), WAIT)

    async def diagnostics_after(
        self, uri: str, old: list[t.Diagnostic] | None = None
    ) -> list[t.Diagnostic]:
        """The document's diagnostics at its first publication (after `diagnostics.pop`),
        passing over a late one of its earlier text (``old``)."""

        async def wait() -> list[t.Diagnostic]:
            while self.diagnostics.get(uri, old) == old:
                self.changed.clear()
                await self.changed.wait()
            return self.diagnostics[uri]

        return await asyncio.wait_for(wait(), WAIT)

    async def complete(self, uri: str, line: int, character: int) -> dict[str, str]:
        """The completion labels at a place, each with its documentation as text."""
        params = t.CompletionParams(t.TextDocumentIdentifier(uri), t.Position(line, character))
        result = await asyncio.wait_for(self.client.text_document_completion_async(params), WAIT)
        items = result.items if isinstance(result, t.CompletionList) else result or []
        return {item.label: _text(item.documentation) for item in items}


def _text(documentation: str | t.MarkupContent | None) -> str:
    if isinstance(documentation, t.MarkupContent):
        return documentation.value
    return documentation or ""


def session(root: Path, body: Callable[[Editor], Any]) -> Any:
    async def main() -> Any:
        editor = Editor(root)
        await editor.start()
        try:
            return await body(editor)
        finally:
            await editor.stop()

    return asyncio.run(main())


@pytest.fixture
def repo(tmp_path):
    """The custom-scale repository with the schemas `malkoll schema` writes for it."""
    root = custom_repo(tmp_path / "repo")
    status, out, _ = run("schema", "-C", str(root))
    assert status == 0, out
    return root


PLAN = """\
organisation: grundskola
ar: 2020
delmal:
  - delmal: "1.1"
    uppfoljning:
      tertial1:
        bedomning: På väg
      helar:
        bedomning: blå
  - delmal: "1.10"
    uppfoljning:
      tertial2: {bedomning: EJ UPPFYLLT}
"""


def _on_line(diagnostics: list[t.Diagnostic], line: int) -> list[t.Diagnostic]:
    return [d for d in diagnostics if d.range.start.line == line]


def test_an_assessment_outside_the_scale_is_flagged(repo):
    """`bedomning: blå` gets the Swedish message naming the scale; `På väg` and
    `EJ UPPFYLLT` (the scale in other spellings) get nothing."""

    async def body(editor: Editor) -> list[t.Diagnostic]:
        uri = editor.open("2020/plan/prov.yaml", PLAN)
        return await editor.diagnostics_until(uri, lambda found: bool(_on_line(found, 8)))

    found = session(repo, body)
    (blue,) = _on_line(found, 8)
    assert blue.message == (
        "Bedömningen ska vara ett steg i skalan i malkoll.yaml: `helt`, `pa_vag` eller "
        "`ej_uppfyllt`."
    )
    assert blue.range.start.character == len("        bedomning: ")
    assert found == [blue], [d.message for d in found]


def test_completion_offers_the_scale_delmal_and_periods(repo):
    """Completion after `bedomning: ` offers the repository's scale with names (not the
    default gron/gul/rod), after `delmal: ` its delmål ids, and under `uppfoljning:`
    its periods."""
    text = (
        "organisation: grundskola\nar: 2020\ndelmal:\n  - delmal: \n"
        '  - delmal: "1.1"\n    uppfoljning:\n      \n      helar:\n        bedomning: \n'
    )

    async def body(editor: Editor) -> tuple[dict[str, str], ...]:
        uri = editor.open("2020/plan/prov.yaml", text)
        scale = await editor.complete(uri, 8, len("        bedomning: "))
        delmal = await editor.complete(uri, 3, len("  - delmal: "))
        periods = await editor.complete(uri, 6, 6)
        return scale, delmal, periods

    scale, delmal, periods = session(repo, body)
    assert set(SCALE) <= set(scale)
    assert scale["helt"] == "Helt uppfyllt: Målet är nått."
    assert scale["pa_vag"] == "På väg: Det går åt rätt håll men för långsamt."
    assert "gron" not in scale
    assert {'"1.1"', '"1.10"'} <= set(delmal)
    assert delmal['"1.10"'] == "Fler barn i förskolan läser varje dag"
    assert {"tertial1", "tertial2"} <= set(periods)
    assert "delar1" not in periods
    assert periods["tertial1"] == "Tertial 1, till och med 04-30"


def test_completion_offers_organisations(repo):
    """`organisation: ` completes the ids of organisation.yaml, each with its name."""

    async def body(editor: Editor) -> dict[str, str]:
        uri = editor.open("2020/plan/prov.yaml", "organisation: \nar: 2020\n")
        return await editor.complete(uri, 0, len("organisation: "))

    offered = session(repo, body)
    assert offered["bun"] == "Barn- och ungdomsnämnden"
    assert {"sektor-utb", "grundskola", "alafors-skola"} <= set(offered)


SENTINELS = {
    "installningar": "kommun: x\nanalys: {atgarder_vid: [lila]}\n",
    "organisation": "- {id: x, namn: x, typ: lila}\n",
    "mal": 'id: "9"\nnamn: x\ndelmal:\n  - {id: "9.1", namn: x, indikatorer: [FINNS-INTE]}\n',
    "indikator": "indikator: FINNS-INTE\n",
    "arshjul": "- {datum: 2020-01-01, vad: x, organisation: finns-inte}\n",
    "uppdrag": "- {id: U, namn: U, givet_av: KF, organisation: finns-inte}\n",
    "ekonomi": "namnder:\n  - {organisation: finns-inte, budget: 1}\n",
    "internkontroll": "organisation: finns-inte\n",
    "plan": "organisation: finns-inte\nar: 2020\n",
    "bokslut": "poster:\n  - {post: finansnetto, perioder: {finns-inte: {}}}\n",
    "hushallning": "verksamhetsmal: [FINNS-INTE]\n",
    "personal": "sjukfranvaro: {finns-inte: {totalt: 1}}\n",
    "bolag": "organisation: finns-inte\n",
    "malsattning": "malsattning: finns-inte\n",
}
"""Per kind, a text its fitted schema flags: seeing the flag shows the schema is in use."""


@pytest.mark.parametrize("example", ["ale-2020", "ale-2020-utkast"])
def test_the_examples_files_are_clean_in_the_editor(tmp_path, example):
    """Every file of an example, with the example's own schemas: the server finds nothing.

    Each file is first opened with a text of its kind that the schema flags, and only
    when the flag is there changed to its real text, so that the silence after is the
    schema's, not that of a schema not yet loaded."""
    from malkoll.reading.walk import discover

    root = tmp_path / example
    shutil.copytree(EXAMPLES / example, root)
    assert run("schema", "-C", str(root))[0] == 0
    sources = discover(root)[0]
    assert {s.kind for s in sources} == set(SENTINELS)

    async def body(editor: Editor) -> dict[str, list[str]]:
        uris = {source.rel: editor.open(source.rel, SENTINELS[source.kind]) for source in sources}
        flagged = {}
        for rel, uri in uris.items():
            flagged[rel] = await editor.diagnostics_until(uri, bool)
        for rel, uri in uris.items():
            editor.diagnostics.pop(uri)
            change = t.TextDocumentContentChangeWholeDocument(
                text=(root / rel).read_text(encoding="utf-8")
            )
            editor.client.text_document_did_change(
                t.DidChangeTextDocumentParams(
                    t.VersionedTextDocumentIdentifier(uri=uri, version=2), [change]
                )
            )
        out = {}
        for rel, uri in uris.items():
            found = await editor.diagnostics_after(uri, flagged[rel])
            out[rel] = [f"{d.range.start.line + 1}: {d.message}" for d in found]
        return out

    found = session(root, body)
    assert len(found) == len(sources)
    assert {rel: messages for rel, messages in found.items() if messages} == {}


_FOUND = re.compile(r"^(\S+):(\d+):\d+: fel (MK\d+) ")
SCHEMA_LEVEL = ("MK101", "MK103", "MK104", "MK105", "MK106", "MK202", "MK203", "MK204", "MK205")
"""The findings a schema can show: reading and typing (MK1xx but the file's place, MK107,
and the rule overrides, MK109) and references to what the repository defines."""
UNSEEN = {("mk203-okant-delmal", "2020/plan/sektor/grundskola.yaml", 5)}
"""`delmal: 1.100` unquoted: to the editor the number 1.1, the same as the existing
delmål `1.10` unquoted, so the schema must accept it (malkoll reads the text `1.100`)."""


def _schema_level(case: Path) -> list[tuple[str, int, str]]:
    out = []
    for line in (case / "forvantat.txt").read_text(encoding="utf-8").splitlines():
        m = _FOUND.match(line)
        if m and m[3] in SCHEMA_LEVEL:
            out.append((m[1], int(m[2]), m[3]))
    return out


FEL_CASES = sorted(
    c
    for c in (TESTS / "repos/fel").iterdir()
    if (c / "forvantat.txt").is_file() and _schema_level(c)
)


@pytest.mark.parametrize("case", FEL_CASES, ids=lambda c: c.name)
def test_the_editor_shows_the_schema_level_findings_of_the_fixtures(tmp_path, case):
    """Each fixture's schema-level finding (`forvantat.txt`) has a diagnostic of the
    editor on its line, with the schemas `malkoll schema` writes for the fixture's
    repository. (With the schemas the same for every repository, 10 of the 33 MK1xx
    findings and none of the 12 MK202–MK205 showed.)"""
    root = build_repo(tmp_path / case.name, case)
    assert run("schema", "-C", str(root))[0] == 0
    wanted = _schema_level(case)
    rels = sorted({rel for rel, _, _ in wanted})

    async def body(editor: Editor) -> dict[str, list[t.Diagnostic]]:
        sentinel = editor.open("2020/plan/zz-prov.yaml", SENTINELS["plan"])
        await editor.diagnostics_until(sentinel, bool)  # the schemas are in use from here
        uris = {
            rel: editor.open(rel, (root / rel).read_text(encoding="utf-8", errors="replace"))
            for rel in rels
        }
        return {rel: await editor.diagnostics_after(uri) for rel, uri in uris.items()}

    found = session(root, body)
    for rel, line, code in wanted:
        shown = any(d.range.start.line + 1 <= line <= d.range.end.line + 1 for d in found[rel])
        expected = (case.name, rel, line) not in UNSEEN
        assert shown is expected, (rel, line, code, [d.message for d in found[rel]])
