"""The JSON-RPC layer as malkoll speaks it: a message from the editor that cannot be
read or handled is one Swedish line in the client's log and in the server's (stderr),
never pygls's English `window/showMessage` or a traceback, and the server goes on with
the next message. A request whose parameters do not fit the protocol is answered with an
error (the editor would otherwise wait for ever); errors sent to the editor say in
Swedish what went wrong and carry no traceback.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from lsprotocol import types as t
from pygls.exceptions import (
    FeatureNotificationError,
    FeatureRequestError,
    JsonRpcException,
    JsonRpcInternalError,
    JsonRpcInvalidParams,
    JsonRpcMethodNotFound,
    JsonRpcRequestCancelled,
)
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger("malkoll.lsp")

ANSWERS = {
    JsonRpcInvalidParams.CODE: "parametrarna stämmer inte med protokollet",
    JsonRpcMethodNotFound.CODE: "servern kan inte den metoden",
    JsonRpcRequestCancelled.CODE: "frågan avbröts",
    JsonRpcInternalError.CODE: "ett internt fel i servern",
}
"""The Swedish message of each error code the server answers a request with."""


class Protocol(LanguageServerProtocol):
    """pygls's protocol, answering what it would leave unanswered and in Swedish."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        if "jsonrpc" not in data:
            return data  # a value inside a message (the hook meets every object)
        method = data.get("method")
        if (
            isinstance(method, str)
            and "params" not in data
            and self.get_message_type(method) is None
        ):
            # JSON-RPC lets params out; pygls's stand-in for an unknown method needs them
            data = {**data, "params": None}
        try:
            return super().structure_message(data)
        except JsonRpcException:
            if "method" in data and isinstance(data.get("id"), int | str):
                error = JsonRpcInvalidParams().to_response_error()
                self._send_response(data["id"], None, error)
            raise

    def _send_response(
        self, msg_id: Any, result: Any | None = None, error: t.ResponseError | None = None
    ) -> None:
        if error is not None:
            message = ANSWERS.get(error.code, "frågan gick inte att besvara")
            error = t.ResponseError(error.code, f"malkoll lsp: {message}.")
        super()._send_response(msg_id, result, error)


def why(error: BaseException) -> str:
    """What was wrong with a message that could not be read, in a few Swedish words."""
    if isinstance(error, UnicodeDecodeError):
        return "texten är inte UTF-8"
    if isinstance(error, json.JSONDecodeError):
        return "inte giltig JSON"
    if isinstance(error, JsonRpcInvalidParams):
        return "parametrarna stämmer inte med protokollet"
    if isinstance(error, AttributeError | TypeError | KeyError):
        return "inte ett JSON-RPC-meddelande"
    return f"{type(error).__name__}"


def kind(error: Exception) -> str:
    """The kind of error, also of one pygls wrapped up (its message begins with it)."""
    if isinstance(error, JsonRpcInternalError) and error.message:
        return str(error.message).split(":", 1)[0].split("(", 1)[0].strip()
    return type(error).__name__


def report(server: LanguageServer, error: Exception, source: type[Exception]) -> None:
    """pygls's error report, in malkoll's words: a line to stderr and the client's log."""
    if source is FeatureRequestError:
        if isinstance(error, JsonRpcMethodNotFound):
            return  # answered as such; a client may ask what a server does not offer
        line = f"en fråga från editorn gick inte att besvara ({kind(error)})."
    elif source is FeatureNotificationError:
        line = f"ett meddelande från editorn gick inte att hantera ({kind(error)})."
    elif source is JsonRpcInternalError:
        line = f"ett svar till editorn gick inte att skicka ({kind(error)})."
    else:
        line = f"ett meddelande från editorn gick inte att läsa ({why(error)}) och hoppades över."
    log.warning(line)
    server.window_log_message(t.LogMessageParams(t.MessageType.Error, f"malkoll lsp: {line}"))


def quiet_pygls() -> None:
    """pygls logs in English, with tracebacks, what `report` says in Swedish: its log
    stays out of the server's stderr."""
    pygls = logging.getLogger("pygls")
    pygls.propagate = False
    pygls.addHandler(logging.NullHandler())
