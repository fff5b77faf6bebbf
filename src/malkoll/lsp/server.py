"""The language server over stdio (pygls): the open files checked as they are typed,
completion, hover and code actions.

A change is checked once the person has paused (`DEBOUNCE`): the session reads the
changed file only and runs every rule on the repository, and the server publishes the
findings of every file whose findings changed (an edit in one plan can cause or clear a
finding in another file) and clears those of files that have none left. Saving, closing
and changes on disk (`workspace/didChangeWatchedFiles`) put the disk's text back.

Nothing a file holds may stop the server: a handler that fails logs the error to the
client's log (never a traceback in the editor) and answers nothing. Nor may a message the
server cannot read: it is one Swedish line in both logs (`protocol`), and the next message
is served.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from malkoll import __version__
from malkoll.lsp import actions, complete, diagnostics, hover, place, protocol, yamlpath
from malkoll.lsp.workspace import Repositories
from malkoll.session import Session

DEBOUNCE = 0.25
"""Seconds without a keystroke before a change is checked."""
R = TypeVar("R")
log = logging.getLogger(__name__)


class MalkollServer(LanguageServer):
    """The server and what it holds: the repositories, the pending checks."""

    def __init__(self) -> None:
        super().__init__("malkoll", __version__, protocol_cls=protocol.Protocol)
        self.repos = Repositories()
        self.uris: dict[Path, str] = {}
        """The client's uri of each file it opened (the published uri must be the same)."""
        self.pending: dict[Path, set[str]] = {}
        self.timers: dict[Path, asyncio.TimerHandle] = {}
        self.shut_down = False

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or place.UTF16)

    def where(self, uri: str) -> tuple[Path, str, Session] | None:
        """The repository, the path in it and its session of a document; None outside."""
        fs = to_fs_path(uri) if uri.startswith("file:") else None
        if fs is None:
            return None
        found = self.repos.locate(Path(fs))
        if found is None:
            return None
        root, rel = found
        session, new = self.repos.session(root)
        self.uris.setdefault(root / rel, uri)
        if new:
            self.publish(root)
        return root, rel, session

    def text(self, uri: str) -> str | None:
        """The open document's text as the editor has it; None when it is not open."""
        doc = self.workspace.text_documents.get(uri)
        return doc.source if doc is not None else None

    def lines(self, root: Path, rel: str) -> list[str]:
        """The lines of a file: the editor's text when it is open, else the disk's."""
        uri = self.uris.get(root / rel)
        text = self.text(uri) if uri is not None else None
        if text is None:
            try:
                text = (root / rel).read_bytes()[:20_000_000].decode("utf-8", "replace")
            except OSError:
                text = ""
        return place.lines_of(text.removeprefix("\ufeff"))

    def publish(self, root: Path, opened: str | None = None) -> None:
        """Send the diagnostics of every file whose findings changed, and of the file
        ``opened`` just now (its findings, or none, so that nothing stale stays)."""
        changed = self.repos.changes(root)
        if opened is not None and opened not in changed:
            session = self.repos.sessions[root]
            changed[opened] = [x for x in session.findings() if x.path == opened]
        for rel, found in changed.items():
            lines = self.lines(root, rel)
            path = root / rel
            uri = self.uris.get(path) or from_fs_path(str(path)) or path.as_uri()
            shown = [diagnostics.diagnostic(x, lines, self.encoding) for x in found]
            self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri, shown))

    def now(self, uri: str, text: str | None) -> None:
        """Check a document again at once with ``text`` (None: the disk's), as it is
        opened, saved or closed; a file not yet known is looked for on the disk."""
        found = self.where(uri)
        if found is None:
            return
        root, rel, session = found
        self.pending.get(root, set()).discard(rel)
        disk = _disk(root / rel)
        if text is None or text != disk or not self.repos.known(session, rel):
            session.change(rel, None if text == disk else text)
        self.publish(root, rel)

    def typed(self, uri: str) -> None:
        """Check a document again once the typing pauses (`DEBOUNCE`); a file malkoll
        does not read (yet) waits until it is saved."""
        found = self.where(uri)
        if found is None:
            return
        root, rel, session = found
        if not self.repos.known(session, rel):
            return
        self.pending.setdefault(root, set()).add(rel)
        timer = self.timers.pop(root, None)
        if timer is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        self.timers[root] = loop.call_later(DEBOUNCE, self.settle, root)

    def settle(self, root: Path) -> None:
        """The pause after typing: check the pending changes of a repository."""
        self.timers.pop(root, None)
        session = self.repos.sessions.get(root)
        pending = self.pending.pop(root, set())
        if session is None:
            return
        try:
            for rel in sorted(pending):
                uri = self.uris.get(root / rel)
                session.change(rel, self.text(uri) if uri is not None else None)
            self.publish(root)
        except Exception:  # a bug must not end the server: the client's log says it
            self.report()

    def report(self) -> None:
        """A bug met while answering: its traceback to stderr (the server's log), one
        Swedish line to the client's log, never a traceback in the editor."""
        log.error(traceback.format_exc())
        kind = sys.exc_info()[0]
        name = kind.__name__ if kind is not None else "okänt"
        line = f"malkoll lsp: ett internt fel ({name}); se serverns logg."
        self.window_log_message(t.LogMessageParams(t.MessageType.Error, line))

    def report_server_error(self, error: Exception, source: Any) -> None:
        """pygls's report of a message it could not read or handle: in Swedish, to the
        client's log, never as a message box in English (pygls's default)."""
        protocol.report(self, error, source)

    def clear(self, root: Path) -> None:
        """Forget a repository whose `malkoll.yaml` is gone, and clear what it showed."""
        for rel in self.repos.drop(root):
            path = root / rel
            uri = self.uris.get(path) or path.as_uri()
            self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri, []))


def _disk(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def safe(handler: Callable[..., R]) -> Callable[..., R | None]:
    """A handler that answers nothing and logs the error instead of failing."""

    @functools.wraps(handler)
    def run(ls: MalkollServer, params: Any) -> R | None:
        try:
            return handler(ls, params)
        except Exception:
            ls.report()
            return None

    return run


def make() -> MalkollServer:
    """The server with its features."""
    server = MalkollServer()

    @server.feature(t.INITIALIZED)
    @safe
    def initialized(ls: MalkollServer, _params: t.InitializedParams) -> None:
        caps = ls.client_capabilities.workspace
        watched = caps.did_change_watched_files if caps is not None else None
        if watched is not None and watched.dynamic_registration:
            watchers = [t.FileSystemWatcher(glob_pattern="**/*.{yaml,yml}")]
            options = t.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
            registration = t.Registration(
                "malkoll-yaml", t.WORKSPACE_DID_CHANGE_WATCHED_FILES, options
            )
            ls.client_register_capability(t.RegistrationParams([registration]))

    @server.feature(t.SHUTDOWN)
    def shutdown(ls: MalkollServer, _params: None) -> None:
        ls.shut_down = True

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    @safe
    def did_open(ls: MalkollServer, params: t.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        ls.now(doc.uri, doc.text)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    @safe
    def did_change(ls: MalkollServer, params: t.DidChangeTextDocumentParams) -> None:
        ls.typed(params.text_document.uri)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    @safe
    def did_save(ls: MalkollServer, params: t.DidSaveTextDocumentParams) -> None:
        ls.now(params.text_document.uri, None)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    @safe
    def did_close(ls: MalkollServer, params: t.DidCloseTextDocumentParams) -> None:
        ls.now(params.text_document.uri, None)

    @server.feature(t.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @safe
    def watched(ls: MalkollServer, params: t.DidChangeWatchedFilesParams) -> None:
        for event in params.changes:
            if (
                event.uri.rsplit("/", 1)[-1] == "malkoll.yaml"
                and event.type != t.FileChangeType.Changed
            ):
                ls.repos.forget_roots()
                fs = to_fs_path(event.uri)
                if fs is not None and event.type == t.FileChangeType.Deleted:
                    ls.clear(Path(fs).resolve().parent)
                    continue
            if ls.text(event.uri) is None:  # an open file's text is the editor's
                found = ls.where(event.uri)
                if found is not None:
                    found[2].change(found[1], None)
                    ls.publish(found[0])

    @server.feature(
        t.TEXT_DOCUMENT_COMPLETION, t.CompletionOptions(trigger_characters=[":", " ", "-"])
    )
    @safe
    def completion(ls: MalkollServer, params: t.CompletionParams) -> t.CompletionList | None:
        return _complete(ls, params)

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    @safe
    def on_hover(ls: MalkollServer, params: t.HoverParams) -> t.Hover | None:
        return _hover(ls, params)

    @server.feature(
        t.TEXT_DOCUMENT_CODE_ACTION,
        t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix]),
    )
    @safe
    def code_action(ls: MalkollServer, params: t.CodeActionParams) -> list[t.CodeAction] | None:
        return _actions(ls, params)

    return server


def _cursor(ls: MalkollServer, uri: str, position: t.Position) -> tuple[list[str], int, int]:
    """The document's lines and the cursor's 0-based line and column in code points."""
    text = ls.text(uri) or ""
    lines = place.lines_of(text)
    row = min(position.line, max(len(lines) - 1, 0))
    line = lines[row] if lines else ""
    return lines, row, place.code_points(line, position.character, ls.encoding)


def _complete(ls: MalkollServer, params: t.CompletionParams) -> t.CompletionList | None:
    uri = params.text_document.uri
    found = ls.where(uri)
    if found is None:
        return None
    _root, rel, session = found
    kind = complete.kind_of(rel)
    if kind is None:
        return None
    lines, row, col = _cursor(ls, uri, params.position)
    spot = yamlpath.spot(lines, row, col)
    line = lines[row] if row < len(lines) else ""
    start = t.Position(row, place.units(line, spot.start, ls.encoding))
    edit_range = t.Range(start, params.position)
    kinds = {
        "key": t.CompletionItemKind.Property,
        "value": t.CompletionItemKind.Value,
        "period": t.CompletionItemKind.EnumMember,
    }
    items = [
        t.CompletionItem(
            label=c.label,
            kind=kinds[c.sort],
            detail=c.detail or None,
            documentation=t.MarkupContent(t.MarkupKind.Markdown, c.documentation)
            if c.documentation
            else None,
            text_edit=t.TextEdit(edit_range, c.text),
            sort_text=f"{n:04d}",
        )
        for n, c in enumerate(complete.choices(session.repository, kind, spot))
    ]
    return t.CompletionList(is_incomplete=False, items=items)


def _hover(ls: MalkollServer, params: t.HoverParams) -> t.Hover | None:
    uri = params.text_document.uri
    found = ls.where(uri)
    if found is None:
        return None
    _root, rel, session = found
    lines, row, col = _cursor(ls, uri, params.position)
    line = lines[row] if row < len(lines) else ""
    parts = []
    mine = [x for x in session.findings() if x.path == rel]
    explained = hover.explain_findings(diagnostics.at(mine, lines, row, col))
    word = hover.word_at(line, col)
    if word is not None and complete.kind_of(rel) is not None:  # elsewhere words are no ids
        spot = yamlpath.spot(lines, row, word[1] + len(word[0]))
        field = (
            spot.key
            if spot.key is not None
            else next((p for p in reversed(spot.path) if isinstance(p, str)), None)
        )
        about = hover.explain_id(session.repository, word[0], field)
        if about is not None:
            parts.append(about)
    if explained is not None:
        parts.append(explained)
    if not parts:
        return None
    return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, "\n\n---\n\n".join(parts)))


def _actions(ls: MalkollServer, params: t.CodeActionParams) -> list[t.CodeAction] | None:
    uri = params.text_document.uri
    found = ls.where(uri)
    if found is None:
        return None
    _root, rel, session = found
    text = ls.text(uri)
    if text is None:
        return None
    lines = place.lines_of(text)
    first, last = params.range.start.line, params.range.end.line
    mine = [x for x in session.findings() if x.path == rel and first <= x.line - 1 <= last]
    out = []
    for finding in mine:
        for mend in actions.mends(finding, lines, session.repository.installningar):
            row, col = mend.line, mend.col
            line = lines[row] if row < len(lines) else ""
            start = t.Position(row, place.units(line, col, ls.encoding))
            end = t.Position(row, place.units(line, col + mend.length, ls.encoding))
            edit = t.TextEdit(t.Range(start, end), mend.text)
            out.append(
                t.CodeAction(
                    title=mend.title,
                    kind=t.CodeActionKind.QuickFix,
                    diagnostics=[diagnostics.diagnostic(finding, lines, ls.encoding)],
                    edit=t.WorkspaceEdit(changes={uri: [edit]}),
                    is_preferred=mend.preferred,
                )
            )
    return out


def serve(idag: dt.date | None = None) -> int:
    """Serve over stdin and stdout until the client says exit; ``idag`` is the day the
    checks are made for (default today). The exit status: 0 after the client asked the
    server to shut down, 1 when it left without asking (the protocol's rule)."""
    logging.basicConfig(level=logging.WARNING, format="malkoll lsp: %(message)s")
    protocol.quiet_pygls()
    server = make()
    server.repos.idag = idag
    # The protocol has stdout to itself: a stray print goes to stderr, and pygls closing
    # its stream at exit leaves the command's own stdout open.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr
    try:
        server.start_io(sys.stdin.buffer, out)
    except Exception as error:  # the stream itself is broken (a length no memory holds)
        log.error(
            f"strömmen från editorn gick inte att läsa ({type(error).__name__}); servern slutar."
        )
        return 1
    finally:
        sys.stdout = sys.__stdout__
    return 0 if server.shut_down else 1
