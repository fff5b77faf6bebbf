"""`malkoll visa`: the preview server, against a copy of the draft example.

The server runs in a thread on a free port: pages are served with the reload script, a
changed file is seen on the page within seconds, a broken file shows its finding (MK101)
instead of ending the preview, and nothing outside the build folder is served. The
command itself runs as a process: it says where it serves, stops on Ctrl-C with a Swedish
line, and warns before listening beyond this computer.
"""

from __future__ import annotations

import errno
import http.client
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import EXAMPLES
from malkoll.site.serve import VERSION_PATH, Preview

DAY = "2020-09-20"


@pytest.fixture
def repo(tmp_path) -> Path:
    copy = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020-utkast", copy)
    return copy


@pytest.fixture
def preview(repo) -> Iterator[Preview]:
    import datetime as dt

    server = Preview(repo, 2020, port=0, today=dt.date.fromisoformat(DAY), cache=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()


def get(server: Preview, path: str) -> tuple[int, str]:
    """GET ``path`` exactly as written (no normalising of `..`)."""
    host, port = server.server.server_address[:2]
    conn = http.client.HTTPConnection(str(host), port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def until(check, seconds: float = 8.0) -> bool:
    """Whether ``check()`` becomes true within ``seconds``."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_serves_the_site_on_loopback_with_the_reload_script(preview):
    assert preview.server.server_address[0] == "127.0.0.1"
    status, page = get(preview, "/")
    assert status == 200
    assert 'lang="sv"' in page
    assert 'href="rapport-2020-delar2.html"' in page
    assert VERSION_PATH in page  # added when served
    status, report = get(preview, "/rapport-2020-delar2-un.html")
    assert status == 200
    assert "Utbildningsnämnden" in report
    assert VERSION_PATH in report
    built = (preview.folder / "index.html").read_text(encoding="utf-8")
    assert VERSION_PATH not in built  # the site itself has no script
    assert get(preview, VERSION_PATH) == (200, str(preview.version))


def test_a_changed_file_is_seen_on_the_page(preview, repo):
    before = get(preview, VERSION_PATH)[1]
    plan = repo / "2020/plan/un/un.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("Brist på behöriga lärare", "Ny text om lärarna", 1), "utf-8")
    assert until(lambda: "Ny text om lärarna" in get(preview, "/rapport-2020-delar1.html")[1])
    assert get(preview, VERSION_PATH)[1] != before


def test_a_broken_file_shows_its_finding(preview, repo):
    plan = repo / "2020/plan/un/un.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n  trasig: [\n", encoding="utf-8")
    assert until(lambda: "MK101" in get(preview, "/fynd.html")[1])
    status, page = get(preview, "/fynd.html")
    assert status == 200
    assert "2020/plan/un/un.yaml" in page
    assert get(preview, "/")[0] == 200  # the preview goes on


def test_a_site_that_cannot_be_built_is_a_page_saying_why(preview, repo):
    (repo / "malkoll.yaml").unlink()
    assert until(lambda: "kunde inte byggas" in get(preview, "/")[1])
    assert "malkoll.yaml" in get(preview, "/")[1]


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "//etc/passwd",
        "/etc/passwd",
        "/..\\..\\etc\\passwd",
        "/%252e%252e/etc/passwd",
        "/index.html%00.txt",
        "/lank.html",
        "/lankmapp/fil.html",
        "/finns-inte.html",
    ],
)
def test_nothing_outside_the_build_folder_is_served(preview, tmp_path, path):
    secret = tmp_path / "hemlig.html"
    secret.write_text("HEMLIGT", encoding="utf-8")
    (tmp_path / "mapp").mkdir()
    (tmp_path / "mapp/fil.html").write_text("HEMLIGT", encoding="utf-8")
    assert preview.folder is not None
    (preview.folder / "lank.html").symlink_to(secret)
    (preview.folder / "lankmapp").symlink_to(tmp_path / "mapp")
    status, page = get(preview, path)
    assert status == 404, page[:200]
    assert "HEMLIGT" not in page
    assert "root:" not in page


def _start(*args: str, cwd: Path, tmp: Path | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **({"TMPDIR": str(tmp)} if tmp else {})}
    return subprocess.Popen(
        [sys.executable, "-m", "malkoll", "visa", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_the_command_serves_and_stops_on_ctrl_c(repo, tmp_path, stop):
    """Ctrl-C and SIGTERM alike: one Swedish line, exit 0, the builds removed."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = _start("2020", "-C", str(repo), "--port", "0", "--idag", DAY, cwd=repo, tmp=tmp)
    try:
        line = ""
        end = time.monotonic() + 30
        while "Visar webbplatsen" not in line and time.monotonic() < end:
            line = proc.stdout.readline()
        assert "Visar webbplatsen på http://127.0.0.1:" in line
        assert "Ctrl-C" in line
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/fynd.html")
        assert conn.getresponse().status == 200
        conn.close()
        assert list(tmp.glob("malkoll-visa-*"))
        proc.send_signal(stop)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Avslutade förhandsvisningen." in out
    assert "Traceback" not in err
    assert not list(tmp.glob("malkoll-visa-*"))


def test_an_address_beyond_this_computer_is_warned_of_once_listening(repo):
    """A non-loopback address is taken only when given, with a warning in Swedish once
    the server listens on it."""
    proc = _start("-C", str(repo), "--adress", "0.0.0.0", "--port", "0", "--idag", DAY, cwd=repo)
    try:
        line = ""
        end = time.monotonic() + 30
        while "Visar webbplatsen" not in line and time.monotonic() < end:
            line = proc.stdout.readline()
        assert "Visar webbplatsen på http://0.0.0.0:" in line
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "varning: visa lyssnar på 0.0.0.0" in err
    assert proc.returncode == 0, err


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("192.0.2.1", "adressen 192.0.2.1 hör inte till den här datorn"),
        ("foo.invalid", "datorn känner inte till namnet foo.invalid"),
    ],
)
def test_an_address_that_cannot_be_listened_on_is_one_swedish_line(repo, address, said):
    """One line and exit 2, in Swedish, and no warning about listening (it does not)."""
    proc = _start("-C", str(repo), "--adress", address, "--port", "0", cwd=repo)
    _out, err = proc.communicate(timeout=60)
    assert f"Kunde inte lyssna på {address}:0: {said}" in err
    assert "varning" not in err
    assert proc.returncode == 2
    assert "Traceback" not in err
    assert err.count("\n") == 1, err


def test_permission_denied_on_a_low_port_is_told_in_swedish():
    from malkoll.site.serve import _bind_problem

    text = _bind_problem("127.0.0.1", 80, PermissionError(errno.EACCES, "Permission denied"))
    assert "åtkomst nekad (portar under 1024 kräver administratörsrättigheter)" in text
    assert "Permission" not in text
    other = _bind_problem("127.0.0.1", 8000, OSError(errno.ENETDOWN, "Network is down"))
    assert other == "Kunde inte lyssna på 127.0.0.1:8000: nätverket är nere."


def test_a_year_not_in_the_repository_is_refused_at_start(repo):
    proc = _start("1999", "-C", str(repo), "--port", "0", cwd=repo)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "Året 1999 finns inte i målrepot (årsmappar: 2020)." in err
    assert "Traceback" not in err


def test_a_site_that_cannot_be_built_is_said_with_single_punctuation(repo):
    import datetime as dt

    lines: list[str] = []
    server = Preview(repo, None, port=0, today=dt.date.fromisoformat(DAY), said=lines.append)
    try:
        (repo / "malkoll.yaml").unlink()
        server.rebuild()
    finally:
        server.close()
    assert "kunde inte byggas" in lines[-1]
    assert ".)." not in lines[-1]
    assert lines[-1].endswith(").")


def test_a_port_in_use_is_one_line(preview, repo):
    port = preview.server.server_address[1]
    proc = _start("-C", str(repo), "--port", str(port), cwd=repo)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert f"Porten {port} på 127.0.0.1 används redan" in err


def test_the_forms_are_served_under_admin_once_written(repo):
    """Forms that `malkoll formular` writes while the preview runs are served under
    /admin/, and linked from the index."""
    import datetime as dt

    from typer.testing import CliRunner

    from malkoll.cli.root import app
    from malkoll.forms.published import repository_forms

    server = Preview(
        repo, 2020, port=0, today=dt.date.fromisoformat(DAY), extra=lambda: repository_forms(repo)
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert get(server, "/admin/")[0] == 404
        result = CliRunner().invoke(app, ["formular", "2020", "-C", str(repo)])
        assert result.exit_code == 0, result.output
        assert until(lambda: get(server, "/admin/")[0] == 200)
        assert 'href="admin/index.html"' in get(server, "/")[1]
        assert get(server, "/admin/config.yml")[0] == 200
        host, port = server.server.server_address[:2]
        conn = http.client.HTTPConnection(str(host), port, timeout=10)
        conn.request("GET", "/admin/config.yml")
        assert conn.getresponse().getheader("Content-Type") == "text/yaml; charset=utf-8"
        conn.close()
    finally:
        server.stop()
        thread.join(timeout=10)
