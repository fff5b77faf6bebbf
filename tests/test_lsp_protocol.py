"""`malkoll lsp` fed bytes no editor should send, over its real stdin: each unreadable
message is one Swedish line in the server's log (stderr) and in the client's, never a
traceback nor pygls's English message box, and the server answers the next valid one."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

pytest.importorskip("pygls")

from lsp_client import example_copy


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def message(**fields: Any) -> bytes:
    return frame(json.dumps({"jsonrpc": "2.0", **fields}).encode("utf-8"))


def frames(out: bytes) -> list[dict[str, Any]]:
    """The messages the server wrote, in order."""
    found = []
    while out:
        head, _, rest = out.partition(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.startswith(b"Content-Length")
        )
        found.append(json.loads(rest[:length]))
        out = rest[length:]
    return found


def serve(stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "malkoll", "lsp"],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_the_trials_garbage_is_one_swedish_line_and_no_message_box():
    """The trial's own input: `printf 'Content-Length: 5\\r\\n\\r\\nhello' | malkoll lsp`."""
    done = serve(b"Content-Length: 5\r\n\r\nhello")
    stderr = done.stderr.decode("utf-8")
    assert stderr == (
        "malkoll lsp: ett meddelande från editorn gick inte att läsa (inte giltig JSON) "
        "och hoppades över.\n"
    )
    (logged,) = frames(done.stdout)
    assert logged["method"] == "window/logMessage"  # the client's log, not a message box
    assert logged["params"]["message"] == "malkoll lsp: " + stderr.split(": ", 1)[1].strip()


def test_after_garbage_the_next_valid_requests_are_answered(tmp_path):
    repo = example_copy(tmp_path)
    plan = (repo / "2020/plan/un/nolskolan.yaml").resolve().as_uri()
    garbage = [
        frame(b"hello"),  # not JSON
        frame(b'{"a": "\xe5"}'),  # not UTF-8 (Latin-1 å)
        frame(b"[1, 2]"),  # JSON, but no message
        frame(b"{}"),  # an object without jsonrpc
    ]
    valid = [
        message(id=1, method="initialize", params={"capabilities": {}, "rootUri": repo.as_uri()}),
        message(method="initialized", params={}),
    ]
    later = [
        frame(b'{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {'),
        # a request whose parameters do not fit: answered with an error, in Swedish
        message(id=3, method="textDocument/hover", params={"textDocument": {"uri": plan}}),
        message(
            id=4,
            method="textDocument/hover",
            params={"textDocument": {"uri": plan}, "position": {"line": 0, "character": 0}},
        ),
        message(id=6, method="malkoll/finnsInte"),  # a method the server does not offer
        message(id=5, method="shutdown"),
        message(method="exit"),
    ]
    done = serve(b"".join(garbage + valid + later))
    sent = frames(done.stdout)
    answers = {m["id"]: m for m in sent if "id" in m and "method" not in m}
    assert "capabilities" in answers[1]["result"]  # initialize, after four bad messages
    assert answers[3]["error"]["code"] == -32602  # invalid params
    assert answers[3]["error"]["message"] == (
        "malkoll lsp: parametrarna stämmer inte med protokollet."
    )
    assert "data" not in answers[3]["error"]  # no traceback for the editor
    assert answers[4]["result"] is None  # a valid hover over nothing in particular
    assert answers[6]["error"] == {
        "code": -32601,
        "message": "malkoll lsp: servern kan inte den metoden.",
    }
    assert answers[5]["result"] is None
    assert 2 not in answers  # its text never ended: nothing to answer
    assert done.returncode == 0  # shut down as the protocol says

    assert not [m for m in sent if m.get("method") == "window/showMessage"]
    logs = [m["params"]["message"] for m in sent if m.get("method") == "window/logMessage"]
    reasons = [
        "inte giltig JSON",
        "texten är inte UTF-8",
        "inte ett JSON-RPC-meddelande",
        "inte ett JSON-RPC-meddelande",
        "inte giltig JSON",
        "parametrarna stämmer inte med protokollet",
    ]
    expected = [
        f"malkoll lsp: ett meddelande från editorn gick inte att läsa ({why}) och hoppades över."
        for why in reasons
    ]
    assert logs == expected
    stderr = done.stderr.decode("utf-8")
    assert "Traceback" not in stderr
    assert stderr.splitlines() == expected


def test_a_length_no_memory_holds_ends_the_server_with_one_line():
    done = serve(b"Content-Length: 100000000000000\r\n\r\nhello")
    assert done.returncode == 1
    assert done.stderr.decode("utf-8") == (
        "malkoll lsp: strömmen från editorn gick inte att läsa (MemoryError); servern slutar.\n"
    )


def test_a_change_to_a_document_never_opened_is_one_line_and_the_server_goes_on():
    """pygls's own handler fails on it (the document is unknown): reported in Swedish."""
    change = {
        "textDocument": {"uri": "file:///aldrig/oppnad.yaml", "version": 2},
        "contentChanges": [
            {
                "range": {"start": {"line": 5, "character": 0}, "end": {"line": 9, "character": 3}},
                "text": "x",
            }
        ],
    }
    done = serve(
        message(id=1, method="initialize", params={"capabilities": {}})
        + message(method="initialized", params={})
        + message(method="textDocument/didChange", params=change)
        + message(id=2, method="shutdown")
        + message(method="exit")
    )
    line = "malkoll lsp: ett meddelande från editorn gick inte att hantera (KeyError)."
    assert done.stderr.decode("utf-8").splitlines() == [line]
    sent = frames(done.stdout)
    assert [m["params"]["message"] for m in sent if m.get("method") == "window/logMessage"] == [
        line
    ]
    assert not [m for m in sent if m.get("method") == "window/showMessage"]
    assert {"id": 2, "jsonrpc": "2.0", "result": None} in sent
    assert done.returncode == 0
