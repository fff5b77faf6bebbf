"""`malkoll visa`: the site served from a temporary folder, rebuilt when a file changes.

The site is built as `malkoll webbplats` builds it, into a folder of its own under a
temporary folder; a thread looks at the repository's files (the YAML files malkoll reads
or finds astray, and the templates in `mallar/`) every half second, and builds the site
again into a new folder when one has changed, been added or removed. The pages a browser
gets from this server carry a small script that asks for the build's number
(`/__malkoll/version`) and reloads the page when it has changed; the site written by
`malkoll webbplats` has no such script.

A broken file is a finding like any other (the findings page shows it); a report that
cannot be built is a page saying why, and a site that cannot be built at all (no
`malkoll.yaml` any more) is one page saying why, until the next change. Only files inside
the current build's folder are served: a path with `..`, encoded or not, a link out of
the folder, or anything not a regular file is answered 404.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import ipaddress
import mimetypes
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markupsafe import escape

from malkoll.errors import MalkollError
from malkoll.reading.walk import discover
from malkoll.report.safe import one_line
from malkoll.site import build, folder
from malkoll.text import os_error

VERSION_PATH = "/__malkoll/version"
WATCHED = ("malkoll.yaml", "admin/config.yml", "admin/index.html")
"""Files watched besides those malkoll reads: the settings (also when missing or broken)
and the forms `malkoll formular` writes."""
INTERVAL = 0.5
"""Seconds between two looks at the repository's files."""

RELOAD = (
    '<script>(function(){var v="%d";function f(){fetch("%s",{cache:"no-store"})'
    ".then(function(r){return r.text()}).then(function(t){if(t!==v){location.reload()}"
    "else{setTimeout(f,700)}}).catch(function(){setTimeout(f,1500)})}setTimeout(f,700)})();"
    "</script>"
)
"""What `visa` adds to a served HTML page: reload when the build's number changes."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is only reachable from this computer."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def problem_page(message: str) -> bytes:
    """The one page shown while the site cannot be built at all."""
    text = escape(one_line(message))
    return (
        '<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        "<title>Webbplatsen kunde inte byggas</title>\n</head>\n<body>\n<main>\n"
        "<h1>Webbplatsen kunde inte byggas</h1>\n"
        f"<p>{text}</p>\n<p>Sidan laddas om när en fil ändras.</p>\n</main>\n</body>\n</html>\n"
    ).encode()


class Preview:
    """The preview of one repository's site: its builds, its server and its watcher."""

    def __init__(
        self,
        root: Path,
        year: int | None,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        today: dt.date | None = None,
        templates: Path | None = None,
        extra: Mapping[str, bytes] | Callable[[], Mapping[str, bytes]] | None = None,
        cache: bool = True,
        said: Callable[[str], None] = lambda line: None,
    ) -> None:
        self.root, self.year, self.today = root, year, today
        self.templates, self.extra, self.cache, self.said = templates, extra or {}, cache, said
        self.version = 0
        self.folder: Path | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        if year is not None:
            build.check_year(root, year, today or dt.date.today(), cache)
        self._work = Path(tempfile.mkdtemp(prefix="malkoll-visa-"))
        try:
            self.server = ThreadingHTTPServer((host, port), _handler(self))
        except OSError as err:
            shutil.rmtree(self._work, ignore_errors=True)
            raise MalkollError(_bind_problem(host, port, err)) from None
        self.server.daemon_threads = True
        self._seen = self._snapshot()
        self.rebuild()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        name = host.decode() if isinstance(host, bytes | bytearray) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"

    def rebuild(self) -> None:
        """Build the site into a new folder and serve it; never raises for bad input."""
        started = time.monotonic()
        try:
            site = build.build(
                self.root,
                self.year,
                today=self.today,
                templates=self.templates,
                extra=self.extra() if callable(self.extra) else self.extra,
                cache=self.cache,
            )
            files = site.files
            note = f"{len(site.result.findings)} fynd"
        except MalkollError as err:
            why = str(err).rstrip(".")
            files, note = {build.INDEX: problem_page(str(err))}, f"kunde inte byggas: {why}"
        except Exception as err:  # a bug must not end the preview: it is shown and said
            message = f"ett oväntat fel ({type(err).__name__}: {err})"
            files, note = {build.INDEX: problem_page(message)}, f"kunde inte byggas: {message}"
        with self._lock:
            number = self.version + 1
        target = self._work / f"bygge-{number}"
        try:
            folder.write(files, target)
        except MalkollError as err:
            self.said(f"Webbplatsen kunde inte skrivas: {err}")
            return
        with self._lock:
            before, self.folder, self.version = self.folder, target, number
        if before is not None:  # the one before stays until the next, for pages half-sent
            for old in self._work.glob("bygge-*"):
                if old not in (before, target):
                    shutil.rmtree(old, ignore_errors=True)
        seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
        self.said(one_line(f"Byggde webbplatsen ({seconds} s, {note})."))

    def _snapshot(self) -> frozenset[tuple[str, int, int]]:
        """Each file the site is built from, with its time and size."""
        try:
            found, stray = discover(self.root)
        except (OSError, MalkollError):
            found, stray = [], []
        names = {s.rel for s in found} | {p.path for p in stray} | set(WATCHED)
        for own in (self.root / "mallar", self.templates):
            if own is not None and own.is_dir():
                names.update(p.relative_to(self.root).as_posix() for p in own.rglob("*.j2")
                             if p.is_relative_to(self.root))  # fmt: skip
        out = set()
        for rel in names:
            try:
                st = (self.root / rel).stat()
            except OSError:
                continue
            out.add((rel, st.st_mtime_ns, st.st_size))
        return frozenset(out)

    def watch(self) -> None:
        """Look for changes until `close`; rebuild on each."""
        while not self._stop.wait(INTERVAL):
            now = self._snapshot()
            if now != self._seen:
                self._seen = now
                self.rebuild()

    def serve_forever(self) -> None:
        """Serve and watch until `close` (or Ctrl-C in the thread that runs this)."""
        watcher = threading.Thread(target=self.watch, name="malkoll-visa-bevakning", daemon=True)
        watcher.start()
        try:
            self.server.serve_forever(poll_interval=0.2)
        finally:
            self._stop.set()

    def close(self) -> None:
        """Stop serving and watching, and remove the builds."""
        self._stop.set()
        with contextlib.suppress(OSError):
            self.server.server_close()
        shutil.rmtree(self._work, ignore_errors=True)

    def stop(self) -> None:
        """Stop `serve_forever` from another thread, then close."""
        self.server.shutdown()
        self.close()

    def file(self, url_path: str) -> Path | None:
        """The file of the current build that ``url_path`` names, or None: never one
        outside the build's folder, through `..`, an encoded `%2e%2e`, a link or a
        backslash."""
        with self._lock:
            base = self.folder
        if base is None:
            return None
        raw = unquote(url_path, errors="strict") if "%" in url_path else url_path
        if "\x00" in raw or "\\" in raw:
            return None
        parts = [p for p in raw.split("/") if p]
        if any(p in (".", "..") for p in parts):
            return None
        path = base.joinpath(*parts)
        if raw.endswith("/") or not parts or path.is_dir():
            path = path / "index.html"
        current = base
        for part in path.relative_to(base).parts:  # no link on the way, none at the end
            current = current / part
            if current.is_symlink():
                return None
        real, inside = os.path.realpath(path), os.path.realpath(base)
        if not real.startswith(inside + os.sep) or not path.is_file():
            return None
        return path


def _bind_problem(host: str, port: int, err: OSError) -> str:
    """Why the server could not listen, in Swedish, with what to do."""
    where = f"{host}:{port}"
    if isinstance(err, socket.gaierror):
        return (
            f"Kunde inte lyssna på {where}: datorn känner inte till namnet {host}. "
            "Ange en adress den här datorn har, till exempel 127.0.0.1 eller 0.0.0.0."
        )
    name = errno.errorcode.get(err.errno or -1, "")
    if name == "EADDRINUSE" or err.errno == 10048:  # 10048: Windows
        return f"Porten {port} på {host} används redan; välj en annan med --port."
    if name == "EADDRNOTAVAIL" or err.errno == 10049:
        return (
            f"Kunde inte lyssna på {where}: adressen {host} hör inte till den här datorn. "
            "Ange en av datorns egna adresser, 127.0.0.1 eller 0.0.0.0 (alla)."
        )
    if name in ("EACCES", "EPERM") or err.errno == 10013:
        low = " (portar under 1024 kräver administratörsrättigheter)" if 0 < port < 1024 else ""
        return (
            f"Kunde inte lyssna på {where}: åtkomst nekad{low}; välj en annan port med --port, "
            "till exempel 8000."
        )
    return f"Kunde inte lyssna på {where}: {os_error(err)}."


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "malkoll-visa"

        def log_message(self, format: str, *args: object) -> None:
            pass  # the terminal shows the builds, not every request

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def do_GET(self) -> None:
            self._answer(body=True)

        def _answer(self, body: bool) -> None:
            path = urlsplit(self.path).path
            if path == VERSION_PATH:
                self._send(
                    HTTPStatus.OK, "text/plain; charset=utf-8", str(preview.version).encode(), body
                )
                return
            try:
                found = preview.file(path)
            except UnicodeDecodeError:
                found = None
            if found is None:
                page = problem_page("Sidan finns inte på webbplatsen.").replace(
                    b"Webbplatsen kunde inte byggas", b"Sidan finns inte"
                )
                self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", page, body)
                return
            try:
                data = found.read_bytes()
            except OSError:
                self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"", body)
                return
            kind = _kind(found.name)
            if kind == "text/html":
                kind = "text/html; charset=utf-8"
                data = _with_reload(data, preview.version)
            self._send(HTTPStatus.OK, kind, data, body)

        def _send(self, status: HTTPStatus, kind: str, data: bytes, body: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if body:
                with contextlib.suppress(OSError):
                    self.wfile.write(data)

    return Handler


def _kind(name: str) -> str:
    """The Content-Type of a served file; YAML as text (Decap's config.yml), not bytes."""
    if name.endswith((".yml", ".yaml")):
        return "text/yaml; charset=utf-8"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _with_reload(page: bytes, version: int) -> bytes:
    """The page with the reload script before its last `</body>` (or at its end)."""
    script = (RELOAD % (version, VERSION_PATH)).encode()
    at = page.rfind(b"</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script
