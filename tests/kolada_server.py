"""A small stand-in for Kolada's API, version 3, on 127.0.0.1 for the tests.

It answers `/v3/data/kpi/{kpis}/municipality/{ids}/year/{years}` and `/v3/kpi?title=`
in Kolada's shape, a few rows per page so that paging is exercised, `period` as a number
for even years and as text for odd ones, and after each real row a deleted row with a
wrong value. `script` queues answers for the next requests (429, 500, a 404, a body that
is not JSON); `always` gives the same answer to every request. `HostileServer` is a raw
socket server for answers no real server gives. Only loopback traffic.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import time
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Values = dict[tuple[str, str], dict[int, dict[str, float | None]]]

MALFORMED = "trasig"
NOT_FOUND = 404


class KoladaServer:
    """Kolada on localhost: data, KPI metadata, a request log and scripted failures."""

    def __init__(self, data: Values, kpis: list[dict[str, Any]], page_size: int = 3) -> None:
        self.data = data
        self.kpis = kpis
        self.page_size = page_size
        self.script: list[int | str | None] = []
        self.always: int | str | None = None
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v3"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def data_requests(self) -> list[str]:
        return [r for r in self.requests if r.startswith("/v3/data/")]

    def _next_failure(self) -> int | str | None:
        with self._lock:
            return self.script.pop(0) if self.script else self.always

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet test output
                pass

            def do_GET(self) -> None:
                with server._lock:
                    server.requests.append(self.path)
                failure = server._next_failure()
                if failure == 429:
                    self._send(429, b"{}", {"Retry-After": "3"})
                elif isinstance(failure, int):
                    self._send(failure, b'{"error": "fel"}')
                elif failure == MALFORMED:
                    self._send(200, b'{"values": [{"kpi": "N1')
                else:
                    self._answer()

            def _answer(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(parts.query))
                segments = parts.path.strip("/").split("/")
                if segments[:2] == ["v3", "kpi"]:
                    title = query.get("title", "").lower()
                    rows = [k for k in server.kpis if title in k["title"].lower()]
                    link = "next_page"
                elif len(segments) == 8 and segments[1:3] == ["data", "kpi"]:
                    kpis, ids, years = (segments[i].split(",") for i in (3, 5, 7))
                    if max(len(kpis), len(ids), len(years)) > 25:
                        self._send(400, b'{"error": "max 25"}')
                        return
                    rows = server.rows(kpis, ids, [int(y) for y in years])
                    link = "next_url"
                else:
                    self._send(404, b'{"error": "not found"}')
                    return
                page = int(query.get("page", "1"))
                size = min(server.page_size, int(query.get("per_page", "5000")))
                chunk = rows[(page - 1) * size : page * size]
                body: dict[str, Any] = {"count": len(chunk), "values": chunk}
                if page * size < len(rows):
                    query["page"] = str(page + 1)
                    # Kolada's links name its own host; the client must keep to the base URL's.
                    body[link] = "http://api.kolada.example" + urllib.parse.urlunsplit(
                        ("", "", parts.path, urllib.parse.urlencode(query), "")
                    )
                self._send(200, json.dumps(body).encode())

            def _send(
                self, status: int, body: bytes, headers: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def rows(self, kpis: list[str], ids: list[str], years: list[int]) -> list[dict[str, Any]]:
        rows = []
        for kpi in kpis:
            for mid in ids:
                for year in years:
                    values = self.data.get((kpi, mid), {}).get(year)
                    if values is None:
                        continue
                    period: int | str = year if year % 2 == 0 else str(year)
                    rows.append(_row(kpi, mid, period, values, deleted=False))
                    wrong = dict.fromkeys(values, 999.9)
                    rows.append(_row(kpi, mid, period, wrong, deleted=True))
        return rows


def _row(
    kpi: str, mid: str, period: int | str, values: dict[str, float | None], deleted: bool
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "kpi": kpi,
        "municipality": mid,
        "period": period,
        "values": [
            {"gender": g, "value": v, "count": 1, "status": "" if v is not None else "Saknas"}
            for g, v in values.items()
        ],
    }
    if deleted:
        row["isdeleted"] = True
    return row


def closed_port_url() -> str:
    """A base URL on 127.0.0.1 where nothing listens: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v3"


Answer = Callable[["HostileServer", socket.socket], None]
"""What the hostile server does with one connection once it has read the request."""


class HostileServer:
    """A raw socket server on 127.0.0.1 that answers as badly as it is told to.

    Each connection gets the next of `answers` (the last one repeats). It serves one
    connection at a time, at most `MAX_CONNECTIONS`, and stops by itself after `lifetime`
    seconds; every loop in it is bounded. It never connects anywhere.
    """

    MAX_CONNECTIONS = 50

    def __init__(self, *answers: Answer, lifetime: float = 15.0) -> None:
        self.answers = list(answers)
        self.requests: list[str] = []
        self._stop = threading.Event()
        self._end = time.monotonic() + lifetime
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.05)
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def port(self) -> int:
        return int(self._sock.getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v3"

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self._sock.close()

    def running(self) -> bool:
        return not self._stop.is_set() and time.monotonic() < self._end

    def _serve(self) -> None:
        served = 0
        while self.running() and served < self.MAX_CONNECTIONS:
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            served += 1
            with conn, contextlib.suppress(OSError):  # the client gave up: as tested
                self._handle(conn)

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(2.0)
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 65536:
            part = conn.recv(4096)
            if not part:
                return
            head += part
        self.requests.append(head.split(b"\r\n", 1)[0].decode("latin-1"))
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        answer(self, conn)


def raw(data: bytes) -> Answer:
    """Send exactly ``data`` and close."""
    return lambda _server, conn: conn.sendall(data)


def http(body: bytes, status: str = "200 OK", headers: str = "") -> Answer:
    """A well-formed answer with ``body`` and its length."""
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{headers}"
    return raw(f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body)


def drip(data: bytes, every: float) -> Answer:
    """Send ``data`` one byte at a time, ``every`` seconds apart, while the server runs."""

    def answer(server: HostileServer, conn: socket.socket) -> None:
        for i in range(len(data)):
            if not server.running():
                return
            conn.sendall(data[i : i + 1])
            time.sleep(every)

    return answer


def endless_chunks(limit: int = 20_000_000) -> Answer:
    """A chunked body of spaces that goes on (up to ``limit`` bytes) while the client reads."""

    def answer(server: HostileServer, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b" " * 65536
        sent = 0
        while sent < limit and server.running():
            conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)

    return answer


def reset_after(data: bytes) -> Answer:
    """Send ``data``, then reset the connection (RST) instead of closing it."""

    def answer(_server: HostileServer, conn: socket.socket) -> None:
        conn.sendall(data)
        time.sleep(0.05)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    return answer
