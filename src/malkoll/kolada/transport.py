"""The mechanics of one GET for the Kolada client: a deadline, a size limit, no redirects.

urllib's own `urlopen` waits `timeout` seconds for each read, however many reads an
answer takes (a server that sends one byte a second is waited on for ever), reads an
answer whole however large it is, and follows redirects to any host. The opener here:

- keeps every read from the socket, from the status line to the last byte, to one
  deadline on the monotonic clock (`Deadline`);
- reads the body in chunks and stops at a size limit (`read_body`);
- follows no redirects: a 3xx answer is an `urllib.error.HTTPError` like a 4xx.

What to do when something goes wrong is the client's business (`client._request`);
`describe` gives it the Swedish words for what went wrong.
"""

from __future__ import annotations

import http.client
import io
import socket
import ssl
import time
import urllib.error
import urllib.request
from typing import Any

from malkoll.text import os_error

CHUNK = 64 * 1024
"""Bytes read at a time, so that the size limit and the deadline are checked as we go."""


class DeadlinePassed(TimeoutError):
    """The request's deadline passed before the answer was complete."""


class TooLarge(Exception):
    """The answer is larger than the limit."""


class Incomplete(Exception):
    """The connection closed before the body that `Content-Length` promised had come."""


class _DeadlineReader(io.RawIOBase):
    """The socket's bytes, each read waiting at most until the deadline (and `timeout`)."""

    def __init__(self, sock: socket.socket, deadline: float, timeout: float) -> None:
        super().__init__()
        self._sock = sock
        self._raw = sock.makefile("rb", buffering=0)  # keeps the socket open until closed
        self._deadline = deadline
        self._timeout = timeout

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise DeadlinePassed
        self._sock.settimeout(min(self._timeout, left))
        return self._raw.readinto(buffer)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def _response_class(deadline: float, timeout: float) -> type[http.client.HTTPResponse]:
    class Response(http.client.HTTPResponse):
        def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
            super().__init__(sock, *args, **kwargs)
            self.fp.close()
            self.fp = io.BufferedReader(_DeadlineReader(sock, deadline, timeout))

    return Response


class _Deadlined:
    """A handler mixin: the connections it opens read their answers within the deadline."""

    def __init__(self, deadline: float, timeout: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._deadline = deadline
        self._timeout = timeout

    def do_open(
        self, http_class: type[http.client.HTTPConnection], req: Any, **kwargs: Any
    ) -> http.client.HTTPResponse:
        response_class = _response_class(self._deadline, self._timeout)

        class Connection(http_class):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **kw: Any) -> None:
                super().__init__(*args, **kw)
                self.response_class = response_class

        opened: http.client.HTTPResponse = super().do_open(  # type: ignore[misc]
            Connection, req, **kwargs
        )
        return opened


class _HTTPHandler(_Deadlined, urllib.request.HTTPHandler):  # type: ignore[misc]
    pass


class _HTTPSHandler(_Deadlined, urllib.request.HTTPSHandler):  # type: ignore[misc]
    pass


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Every 3xx answer stays an error: Kolada needs no redirects, and none is followed."""

    def http_error_302(self, *args: Any, **kwargs: Any) -> None:
        return None

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def open_url(
    request: urllib.request.Request, timeout: float, deadline: float
) -> http.client.HTTPResponse:
    """The answer's status and headers, read within ``deadline`` (monotonic seconds)."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlinePassed
    opener = urllib.request.build_opener(
        _NoRedirects(), _HTTPHandler(deadline, timeout), _HTTPSHandler(deadline, timeout)
    )
    response = opener.open(request, timeout=min(timeout, left))
    if not isinstance(response, http.client.HTTPResponse):  # only http(s) URLs are asked for
        response.close()
        raise urllib.error.URLError("inte en HTTP-adress")
    return response


def read_body(response: http.client.HTTPResponse, limit: int, deadline: float) -> bytes:
    """The whole body in chunks; `TooLarge` beyond ``limit`` bytes, `Incomplete` if short."""
    if response.length is not None and response.length > limit:
        raise TooLarge
    parts: list[bytes] = []
    total = 0
    while chunk := response.read(CHUNK):
        total += len(chunk)
        if total > limit:
            raise TooLarge
        if time.monotonic() > deadline:
            raise DeadlinePassed
        parts.append(chunk)
    if response.length:  # http.client returns b"" when the body ends early, without a word
        raise Incomplete
    return b"".join(parts)


def describe(err: BaseException) -> str:
    """What went wrong, in Swedish: a broken HTTP answer or an OS error."""
    if isinstance(err, urllib.error.URLError) and not isinstance(err.reason, str):
        err = err.reason
    if isinstance(err, http.client.RemoteDisconnected):
        return "servern stängde anslutningen utan att svara"
    if isinstance(err, http.client.LineTooLong):
        return "en rad i svaret är orimligt lång"
    if isinstance(err, http.client.IncompleteRead | Incomplete):
        return "svaret tog slut innan det var komplett"
    if isinstance(err, http.client.BadStatusLine):
        return "svaret börjar inte som ett HTTP-svar"
    if isinstance(err, http.client.HTTPException):
        if "headers" in str(err):
            return "svaret har för många rader i huvudet"
        return "svaret följer inte HTTP"
    if isinstance(err, socket.gaierror):
        return "servernamnet hittades inte"
    if isinstance(err, ssl.SSLCertVerificationError):
        return "serverns certifikat kunde inte verifieras"
    if isinstance(err, ssl.SSLError):
        return "den krypterade anslutningen misslyckades"
    if isinstance(err, OSError):
        return os_error(err)
    if isinstance(err, urllib.error.URLError):
        return "adressen kan inte användas"
    return "svaret följer inte HTTP"  # a ValueError from a broken chunked body
