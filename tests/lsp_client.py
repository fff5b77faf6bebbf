"""A test client for `malkoll lsp`: pygls's LanguageClient driving the server over stdio,
as an editor does, with the diagnostics it publishes kept by uri and timed."""

from __future__ import annotations

import asyncio
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types as t
from pygls.lsp.client import LanguageClient

from helpers import EXAMPLES

TIMEOUT = 20.0


class Editor:
    """One server process and the documents open in it."""

    def __init__(self, root: Path, *args: str, encodings: list[str] | None = None) -> None:
        self.root = root
        self.args = args
        self.encodings = encodings
        self.client = LanguageClient("malkoll-test", "1")
        self.published: dict[str, list[t.Diagnostic]] = {}
        self.arrived: dict[str, float] = {}
        self.logs: list[str] = []
        self.versions: dict[str, int] = {}
        self.encoding = "utf-16"
        self.registrations: list[t.Registration] = []
        self.returncode: int | None = None
        client = self.client

        @client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: t.PublishDiagnosticsParams) -> None:
            self._published(params)

        @client.feature(t.WINDOW_LOG_MESSAGE)
        def logged(params: t.LogMessageParams) -> None:
            self.logs.append(params.message)

        @client.feature(t.WINDOW_SHOW_MESSAGE)
        def shown(params: t.ShowMessageParams) -> None:
            self.logs.append(params.message)

        @client.feature(t.CLIENT_REGISTER_CAPABILITY)
        def registered(params: t.RegistrationParams) -> None:
            self.registrations.extend(params.registrations)

    def _published(self, params: t.PublishDiagnosticsParams) -> None:
        self.published[params.uri] = params.diagnostics
        self.arrived[params.uri] = time.perf_counter()

    def uri(self, rel: str) -> str:
        return (self.root / rel).resolve().as_uri()

    async def __aenter__(self) -> Editor:
        await self.client.start_io(sys.executable, "-m", "malkoll", "lsp", *self.args)
        general = t.GeneralClientCapabilities(position_encodings=self.encodings)
        capabilities = t.ClientCapabilities(
            general=general if self.encodings else None,
            workspace=t.WorkspaceClientCapabilities(
                did_change_watched_files=t.DidChangeWatchedFilesClientCapabilities(
                    dynamic_registration=True
                )
            ),
        )
        result = await asyncio.wait_for(
            self.client.initialize_async(
                t.InitializeParams(capabilities=capabilities, root_uri=self.root.resolve().as_uri())
            ),
            TIMEOUT,
        )
        self.capabilities = result.capabilities
        self.encoding = str(result.capabilities.position_encoding or "utf-16")
        self.client.initialized(t.InitializedParams())
        return self

    async def __aexit__(self, *exc: Any) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
            self.client.exit(None)
        finally:
            await asyncio.wait_for(self.client.stop(), TIMEOUT)
            server = self.client._server
            self.returncode = server.returncode if server is not None else None

    def open(self, rel: str, text: str | None = None) -> None:
        if text is None:
            text = (self.root / rel).read_text(encoding="utf-8")
        self.versions[rel] = 1
        item = t.TextDocumentItem(self.uri(rel), "yaml", 1, text)
        self.client.text_document_did_open(t.DidOpenTextDocumentParams(item))

    def change(self, rel: str, text: str) -> float:
        """Send the whole new text; the time it was sent."""
        self.versions[rel] += 1
        doc = t.VersionedTextDocumentIdentifier(self.versions[rel], self.uri(rel))
        change = t.TextDocumentContentChangeWholeDocument(text)
        sent = time.perf_counter()
        self.client.text_document_did_change(t.DidChangeTextDocumentParams(doc, [change]))
        return sent

    def close(self, rel: str) -> None:
        doc = t.TextDocumentIdentifier(self.uri(rel))
        self.client.text_document_did_close(t.DidCloseTextDocumentParams(doc))

    def save(self, rel: str) -> None:
        doc = t.TextDocumentIdentifier(self.uri(rel))
        self.client.text_document_did_save(t.DidSaveTextDocumentParams(doc))

    def on_disk(self, rel: str, kind: t.FileChangeType = t.FileChangeType.Changed) -> None:
        """Tell the server a file changed on disk, as the editor's file watcher does."""
        event = t.FileEvent(self.uri(rel), kind)
        self.client.workspace_did_change_watched_files(t.DidChangeWatchedFilesParams([event]))

    def codes(self, rel: str) -> list[str]:
        return [str(d.code) for d in self.published.get(self.uri(rel), [])]

    async def until(self, test: Callable[[], bool], timeout: float = TIMEOUT) -> None:
        """Wait until ``test`` holds (the server's messages arrive meanwhile)."""
        end = time.perf_counter() + timeout
        while not test():
            if time.perf_counter() > end:
                raise AssertionError(f"timed out; published {self.published}, logs {self.logs}")
            await asyncio.sleep(0.01)

    async def complete(self, rel: str, line: int, character: int) -> list[t.CompletionItem]:
        params = t.CompletionParams(
            t.TextDocumentIdentifier(self.uri(rel)), t.Position(line, character)
        )
        result = await asyncio.wait_for(self.client.text_document_completion_async(params), TIMEOUT)
        if result is None:
            return []
        return result.items if isinstance(result, t.CompletionList) else list(result)

    async def hover(self, rel: str, line: int, character: int) -> str | None:
        params = t.HoverParams(t.TextDocumentIdentifier(self.uri(rel)), t.Position(line, character))
        result = await asyncio.wait_for(self.client.text_document_hover_async(params), TIMEOUT)
        if result is None:
            return None
        contents = result.contents
        return contents.value if isinstance(contents, t.MarkupContent) else str(contents)

    async def actions(self, rel: str, diagnostic: t.Diagnostic) -> list[t.CodeAction]:
        params = t.CodeActionParams(
            t.TextDocumentIdentifier(self.uri(rel)),
            diagnostic.range,
            t.CodeActionContext([diagnostic]),
        )
        result = await asyncio.wait_for(
            self.client.text_document_code_action_async(params), TIMEOUT
        )
        return [a for a in result or [] if isinstance(a, t.CodeAction)]


def apply(text: str, edits: list[t.TextEdit]) -> str:
    """The text with ``edits`` applied (positions in UTF-16, as the default encoding)."""
    lines = text.split("\n")
    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        start, end = edit.range.start, edit.range.end
        head = _offset(lines, start.line, start.character)
        tail = _offset(lines, end.line, end.character)
        text = "\n".join(lines)
        text = text[:head] + edit.new_text + text[tail:]
        lines = text.split("\n")
    return "\n".join(lines)


def _offset(lines: list[str], line: int, units: int) -> int:
    before = sum(len(x) + 1 for x in lines[:line])
    current = lines[line] if line < len(lines) else ""
    count = 0
    for index, char in enumerate(current):
        if count >= units:
            return before + index
        count += 2 if ord(char) > 0xFFFF else 1
    return before + len(current)


PLAN = "2020/plan/un/nolskolan.yaml"
"""The example's plan with a red assessment and its measures (Nolskolan, matematik)."""
DAY = "2021-03-01"


def example_copy(tmp_path: Path) -> Path:
    """A copy of exempel/ale-2020 to edit, without any cache."""
    target = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", target, ignore=shutil.ignore_patterns(".malkoll-*"))
    return target


def run(scenario) -> None:
    """Run one editor scenario, with a deadline so a hung server fails the test."""
    asyncio.run(asyncio.wait_for(scenario, 120))
