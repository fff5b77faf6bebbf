"""`malkoll kolada` against a hostile server on 127.0.0.1: whatever it answers, one Swedish
line and exit 1 (or the bad values left out), never a traceback, never a changed file
that was not asked for, and no waiting without end."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from helpers import EXAMPLES, run
from kolada_server import (
    HostileServer,
    closed_port_url,
    drip,
    endless_chunks,
    http,
    raw,
    reset_after,
)
from malkoll.cli import kolada as cli_kolada
from malkoll.kolada import client
from malkoll.kolada.merge import Fetched, UnreadableFile, merge

ENGLISH = re.compile(
    r"Traceback|Errno|Error|error|Exception|Connection|refused|timed out|Found|Moved|"
    r"Internal|Server|reset by peer|Not |got more|Remote"
)
"""Words from Python's, the C library's or the server's own English."""

GOOD = json.dumps(
    {
        "values": [
            {
                "kpi": "N15505",
                "municipality": "1440",
                "period": 2020,
                "values": [{"gender": "T", "value": 300.5}],
            }
        ]
    }
).encode()


@pytest.fixture(autouse=True)
def _fast(monkeypatch):
    """Loopback only, small limits, and no real waiting between attempts."""
    monkeypatch.setenv(client.ENV_URL, closed_port_url())
    monkeypatch.setattr(client, "sleep", lambda _seconds: None)
    monkeypatch.setattr(client, "TIMEOUT", 2.0)
    monkeypatch.setattr(client, "REQUEST_DEADLINE", 0.5)
    monkeypatch.setattr(client, "FETCH_DEADLINE", 5.0)
    monkeypatch.setattr(client, "RETRIES", 0)
    monkeypatch.setattr(client, "MAX_BODY", 100_000)


@pytest.fixture
def serve(monkeypatch):
    """Start a hostile server with the given answers; MALKOLL_KOLADA_URL points at it."""
    servers: list[HostileServer] = []

    def start(*answers, **kwargs) -> HostileServer:
        server = HostileServer(*answers, **kwargs).start()
        servers.append(server)
        monkeypatch.setenv(client.ENV_URL, server.url)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def ale(tmp_path) -> Path:
    root = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", root, ignore=shutil.ignore_patterns("rapporter"))
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """The user's files (malkoll's own cache, `.malkoll-cache/`, is not theirs)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".malkoll-cache" not in p.relative_to(root).parts
    }


def hamta(root: Path, *args: str) -> tuple[int, str, str]:
    """`malkoll kolada hamta -C root --ar 2020 -i N15505 ARGS`, exceptions caught."""
    app = typer.Typer()
    app.add_typer(cli_kolada.app, name="kolada")
    words = ["kolada", "hamta", "-C", str(root), "--ar", "2020", "-i", "N15505", *args]
    result = CliRunner().invoke(app, words)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stdout, result.stderr


def fails_cleanly(root: Path, expected: str) -> str:
    """One Swedish line with ``expected`` in it, exit 1, and every file as it was."""
    before = snapshot(root)
    status, out, err = hamta(root)
    assert (status, out) == (1, ""), err
    assert err.startswith("malkoll: ")
    assert err.count("\n") == 1, err
    assert expected in err
    assert not ENGLISH.search(err), err
    assert snapshot(root) == before
    return err


# --- broken answers: one line, exit 1, nothing changed --------------------------------------

DEEP = b'{"values": ' + b"[" * 20_000 + b"]" * 20_000 + b"}"
LONG_PERIOD = (
    b'{"values": [{"kpi": "N15505", "municipality": "1440", "period": '
    + b"9" * 5000
    + b', "values": []}]}'
)
HEADERS = "".join(f"X-{i}: {i}\r\n" for i in range(150))

BROKEN = {
    "deeply nested JSON": (http(DEEP), "svaret är orimligt djupt nästlat"),
    "a 5000-digit number": (http(LONG_PERIOD), "perioden inf är inte ett år"),
    "a body shorter than its length": (
        raw(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + GOOD),
        "svaret tog slut innan det var komplett",
    ),
    "a broken chunk size": (
        raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
        "svaret tog slut innan det var komplett",
    ),
    "a chunk cut short": (
        raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfff\r\n" + GOOD),
        "svaret tog slut innan det var komplett",
    ),
    "not an HTTP status line": (raw(b"SSH-2.0-OpenSSH_9.6\r\n"), "börjar inte som ett HTTP-svar"),
    "too many headers": (http(GOOD, headers=HEADERS), "för många rader i huvudet"),
    "a header line too long": (
        http(GOOD, headers="X-Long: " + "a" * 70_000 + "\r\n"),
        "en rad i svaret är orimligt lång",
    ),
    "a body over the limit, with its length": (
        http(b" " * 200_000 + GOOD),
        "svaret är större än 0,1 MB",
    ),
    "a body over the limit, chunked": (endless_chunks(), "svaret är större än 0,1 MB"),
    "a closed connection": (raw(b""), "servern stängde anslutningen utan att svara"),
    "a reset connection": (
        reset_after(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n{"),
        "anslutningen bröts av servern",
    ),
    "a 500 with a hostile reason": (
        http(b"{}", status="500 Internal \x1b[2J Server Error"),
        "svarade 500 (fel hos Kolada) efter 1 försök",
    ),
    "a redirect to the same host": (
        http(b"", status="301 Moved", headers="Location: /v3/annan\r\n"),
        "malkoll följer inte vidarehänvisningar",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_answer_is_one_swedish_line_and_changes_nothing(ale, serve, case):
    """Each broken answer, through the whole `malkoll kolada hamta`: exit 1, one Swedish
    line saying what was wrong, no traceback, and the repository byte for byte as it was."""
    answer, expected = BROKEN[case]
    serve(answer)
    fails_cleanly(ale, expected)


def test_a_redirect_to_another_host_is_not_followed(ale, serve):
    """A 302 to another host (here another port) is refused, and nothing connects there."""
    elsewhere = HostileServer(http(GOOD)).start()
    try:
        serve(http(b"", "302 Found", f"Location: http://127.0.0.1:{elsewhere.port}/v3/x\r\n"))
        err = fails_cleanly(ale, "malkoll följer inte vidarehänvisningar")
        assert f"hänvisade vidare till http://127.0.0.1:{elsewhere.port} " in err
    finally:
        elsewhere.stop()
    assert elsewhere.requests == []


def test_connection_refused_is_said_in_swedish(ale):
    """Nothing listening: the OS error in Swedish, without `[Errno 111]`."""
    err = fails_cleanly(ale, "(anslutningen nekades)")
    assert err.startswith("malkoll: Kunde inte nå Kolada på http://127.0.0.1:")


def test_a_url_that_is_not_http_is_refused(ale, monkeypatch):
    """MALKOLL_KOLADA_URL must be http(s): a `file:` URL is never opened."""
    monkeypatch.setenv(client.ENV_URL, "file:///etc/passwd")
    status, _, err = hamta(ale)
    assert status == 2
    assert "ska vara en adress som börjar med https:// eller http://" in err


# --- time: a deadline per request and per fetch ---------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        drip(b"HTTP/1.1 200 OK\r\n" + b"X: " + b"a" * 1000, every=0.05),
        drip(b"HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\n" + b" " * 900, every=0.05),
    ],
    ids=["headers", "body"],
)
def test_a_server_that_drips_is_given_up_on_at_the_deadline(ale, serve, answer):
    """One byte every 0.05 s (each read well within TIMEOUT) in the headers or the body:
    the request's deadline stops it, not the server."""
    serve(answer)
    started = time.monotonic()
    fails_cleanly(ale, "Kolada svarade inte färdigt inom 0,5 sekunder efter 1 försök")
    assert time.monotonic() - started < 2.0


def test_the_whole_fetch_has_a_deadline(ale, serve, monkeypatch):
    """With many retries left, the fetch still stops at FETCH_DEADLINE."""
    monkeypatch.setattr(client, "RETRIES", 100)
    monkeypatch.setattr(client, "BACKOFF", 0.0)
    monkeypatch.setattr(client, "FETCH_DEADLINE", 1.2)
    server = serve(drip(b"HTTP/1.1 200 OK\r\n" + b"X: " + b"a" * 1000, every=0.05))
    started = time.monotonic()
    fails_cleanly(ale, "Hämtningen från Kolada tog mer än 1,2 sekunder och avbröts")
    assert 1.2 <= time.monotonic() - started < 2.5
    assert len(server.requests) >= 2


# --- values that cannot be written ------------------------------------------------------


def _values_answer() -> bytes:
    entries = ", ".join(
        f'{{"gender": "{g}", "value": {v}}}'
        for g, v in [("T", "NaN"), ("K", "Infinity"), ("M", "-Infinity")]
    )
    rows = [
        f'{{"kpi": "N15505", "municipality": "1440", "period": 2020, "values": [{entries}]}}',
        '{"kpi": "N15505", "municipality": "0000", "period": 2020, "values": '
        '[{"gender": "T", "value": ' + "1" * 401 + "}]}",
        '{"kpi": "N15505", "municipality": "G148715", "period": "2020", "values": '
        '[{"gender": "T", "value": 2e15}, {"gender": "K", "value": "1e400"}]}',
        '{"kpi": "N15505", "municipality": "1440", "period": 9999, "values": '
        '[{"gender": "T", "value": 1}]}',
        '{"kpi": "N15505", "municipality": "1440", "period": 1066, "values": '
        '[{"gender": "K", "value": 2}]}',
        '{"kpi": "N15505", "municipality": "1440", "period": 2020, "values": '
        '[{"gender": "K", "value": 301.5}]}',
    ]
    return ('{"values": [' + ", ".join(rows) + "]}").encode()


def test_values_that_are_not_finite_or_too_large_are_not_written(ale, serve):
    """NaN, ±Infinity, a 401-digit number, 2e15 and years like 9999 never reach the file:
    the fetch writes the good value, says what it left out, and `validera` finds no MK105."""
    serve(http(_values_answer()))
    status, out, err = hamta(ale)
    assert (status, err) == (0, ""), err
    assert "Kolada skickade värden som inte är ändliga tal inom ±10^15" in out
    for note in (
        "N15505 för 1440 2020 (T): nan",
        "N15505 för 1440 2020 (K): inf",
        "N15505 för 1440 2020 (M): -inf",
        "N15505 för 0000 2020 (T): inf",
        "N15505 för G148715 2020 (T): 2000000000000000.0",
        "N15505 för G148715 2020 (K): 1e400",
    ):
        assert f"  {note}\n" in out
    written = (ale / "indikatorer/N15505.yaml").read_text(encoding="utf-8")
    assert "K: 301.5" in written
    assert not re.search(r"\b(nan|inf|9999|1066|2e\+15|1111)", written, re.IGNORECASE)
    status, report, _ = run("validera", str(ale))
    assert "MK105" not in report, report


# --- YAML aliases: never written through -------------------------------------------------

ALIASED = """\
indikator: N15505
kalla: Kolada
utfall:
  2019: &a {T: 1}
  2020: *a
"""


def _merge(text: str, utfall: dict, jamforelse: dict | None = None) -> str:
    import datetime as dt

    fetched = Fetched(utfall=utfall, jamforelse=jamforelse or {})
    return merge(text, "indikatorer/N15505.yaml", "N15505", fetched, dt.date(2021, 2, 1)).text


@pytest.mark.parametrize(
    ("text", "utfall", "jamforelse", "places"),
    [
        (ALIASED, {2020: {"T": 2.0}}, None, "`utfall.2019` på rad 4 och `utfall.2020` på rad 5"),
        (ALIASED, {2019: {"T": 2.0}}, None, "`utfall.2019` på rad 4 och `utfall.2020` på rad 5"),
        (
            "indikator: N15505\nutfall:\n  2020: {T: &x 5}\njamforelse:\n  riket: {2020: *x}\n",
            {2020: {"T": 6.0}},
            None,
            "`utfall.2020.T` på rad 3 och `jamforelse.riket.2020` på rad 5",
        ),
        (
            "indikator: N15505\njamforelse:\n  egen: &b {2020: {T: 1}}\nutfall:\n  <<: *b\n",
            {2020: {"T": 2.0}},
            None,
            "`jamforelse.egen.2020` på rad 3 och `utfall.2020`",
        ),
        (
            "indikator: N15505\njamforelse:\n  riket: &r {2020: 1}\n  kungalv: *r\n",
            {},
            {"riket": {2020: 2.0}},
            "`jamforelse.riket` på rad 3 och `jamforelse.kungalv` på rad 4",
        ),
    ],
    ids=["into the alias", "into the anchor", "a scalar", "a merge key", "a comparison"],
)
def test_an_update_through_an_alias_is_refused(text, utfall, jamforelse, places):
    """Changing a value or a mapping that appears in two places (an anchor and its alias)
    would change both; the file is refused, naming both places."""
    with pytest.raises(UnreadableFile) as caught:
        _merge(text, utfall, jamforelse)
    message = str(caught.value)
    assert message.startswith("indikatorer/N15505.yaml kan inte uppdateras: ")
    assert places in message, message
    assert "inget har ändrats" in message


def test_aliases_that_are_not_changed_are_kept():
    """An alias elsewhere, or a value that stays the same, does not stop the update."""
    text = (
        "indikator: N15505\nkalla: Kolada\nutfall:\n  2019: &a {T: 1}\n  2020: *a\n"
        "  2021: {T: 3}\njamforelse:\n  egen: &e {2020: 1}\n  annan: *e\n"
    )
    assert _merge(text, {2019: {"T": 1.0}, 2021: {"T": 4.0}}) == text.replace(
        "{T: 3}", "{T: 4}"
    ).replace("kalla: Kolada\n", "kalla: Kolada\nhamtad: 2021-02-01\n")


def test_a_merge_key_gets_its_own_value():
    """`2020: {<<: *a}` takes 2019's values; updating 2020 writes into 2020 alone."""
    text = "indikator: N15505\nkalla: Kolada\nutfall:\n  2019: &a {T: 1}\n  2020: {<<: *a}\n"
    assert _merge(text, {2020: {"T": 2.0}}).endswith("  2019: &a {T: 1}\n  2020: {<<: *a, T: 2}\n")


def test_a_deeply_nested_indicator_file_is_refused(ale, serve):
    """An indicator file nested too deeply for the YAML library is refused (exit 2), with
    no traceback, before Kolada is asked."""
    deep = "indikator: N15505\nutfall: " + "[" * 400 + "]" * 400 + "\n"
    (ale / "indikatorer/N15505.yaml").write_text(deep, encoding="utf-8")
    server = serve(http(GOOD))
    before = snapshot(ale)
    status, _, err = hamta(ale)
    assert status == 2
    assert "indikatorer/N15505.yaml kan inte uppdateras: filen är orimligt djupt nästlad" in err
    assert server.requests == []
    assert snapshot(ale) == before


def test_an_indicator_file_with_a_date_that_does_not_exist_is_refused(ale, serve):
    """`hamtad: 2020-02-30` is valid YAML that no date can hold: refused (exit 2), no
    traceback, before Kolada is asked."""
    path = ale / "indikatorer/N15505.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "hamtad: 2020-02-30\n", "utf-8")
    server = serve(http(GOOD))
    before = snapshot(ale)
    status, _, err = hamta(ale)
    assert status == 2
    assert "ett datum som inte finns (2020-02-30)" in err
    assert server.requests == []
    assert snapshot(ale) == before


def test_hamta_refuses_an_aliased_file_and_changes_nothing(ale, serve):
    """Through the CLI: exit 2 naming the file and the lines, and no file changed."""
    (ale / "indikatorer/N15505.yaml").write_text(ALIASED, encoding="utf-8")
    serve(http(GOOD))
    before = snapshot(ale)
    status, _, err = hamta(ale)
    assert status == 2
    assert err.startswith("malkoll: indikatorer/N15505.yaml kan inte uppdateras: ")
    assert "`utfall.2019` på rad 4 och `utfall.2020` på rad 5" in err
    assert snapshot(ale) == before


# --- sok: Kolada's text is shown, not obeyed -----------------------------------------------


def test_sok_shows_control_characters_as_escapes(serve):
    """A title with ESC sequences is printed escaped, so it cannot clear the terminal."""
    kpis = [{"id": "N1\x1b[2J", "title": "Elever \x1b]0;titel\x07", "is_divided_by_gender": 0}]
    serve(http(json.dumps({"values": kpis}).encode()))
    app = typer.Typer()
    app.add_typer(cli_kolada.app, name="kolada")
    result = CliRunner().invoke(app, ["kolada", "sok", "elever"])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "N1\\x1b[2J  nej  Elever \\x1b]0;titel\\x07" in result.stdout
