"""`malkoll paminn --smtp` against a local aiosmtpd server on 127.0.0.1: nothing sent
without `--skicka`, each person's reminder to their own address, a refused recipient
reported while the rest are sent, STARTTLS when offered with the certificate checked, and
never a login unencrypted."""

from __future__ import annotations

import email
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from test_paminn import EVA, FRAN, SEPT_5, make_repo, run, text_of


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


# --- SMTP against a local server ---------------------------------------------------------


class Inbox:
    """An aiosmtpd handler that keeps what it is sent and refuses the addresses asked."""

    def __init__(self, refuse: tuple[str, ...] = ()) -> None:
        self.refuse = refuse
        self.envelopes: list[Any] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def smtp_server(request) -> Iterator[tuple[str, Inbox]]:
    inbox = Inbox(getattr(request, "param", ()))
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"127.0.0.1:{port}", inbox
    finally:
        controller.stop()


def test_nothing_is_sent_without_skicka(repo, smtp_server):
    """`--smtp` alone says what it would send, and sends nothing."""
    where, inbox = smtp_server
    code, stdout, _ = run(
        "2020", "-C", str(repo), "--idag", SEPT_5, "--smtp", where, "--fran", FRAN
    )
    assert code == 0
    assert stdout.splitlines()[-3:] == [
        f"Skickar inget utan --skicka. Skulle skicka 2 påminnelser via {where}:",
        "  till Anna Andersson <Anna.Andersson@kommun.example>: "
        "Påminnelse: Delårsrapport 2 2020, underlag senast 2020-09-11",
        "  till =SUMMA(A1) Bcc: angripare@example.org <eva.ek@kommun.example>: "
        "Påminnelse: Delårsrapport 2 2020, underlag senast 2020-09-11",
    ]
    assert inbox.envelopes == []


def test_skicka_sends_one_message_to_each_person(repo, smtp_server):
    """With `--skicka` each person gets their reminder, to their own address only (the
    name's `Bcc:` reaches nobody), from `--fran`, with subject and text."""
    where, inbox = smtp_server
    args = ("2020", "-C", str(repo), "--idag", SEPT_5, "--smtp", where, "--fran", FRAN)
    code, stdout, _ = run(*args, "--skicka")
    assert code == 0
    assert stdout.splitlines()[-2:] == [
        "Skickade till Anna Andersson <Anna.Andersson@kommun.example>",
        "Skickade till =SUMMA(A1) Bcc: angripare@example.org <eva.ek@kommun.example>",
    ]
    assert [(e.mail_from, e.rcpt_tos) for e in inbox.envelopes] == [
        ("kim.controller@kommun.example", ["Anna.Andersson@kommun.example"]),
        ("kim.controller@kommun.example", [EVA]),
    ]
    msg = email.message_from_bytes(inbox.envelopes[1].original_content, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    assert msg["Bcc"] is None
    assert str(msg["Subject"]) == "Påminnelse: Delårsrapport 2 2020, underlag senast 2020-09-11"
    assert "  I 2020/plan/sektor/sektor-utb.yaml:\n  – bedömning av delmål 1.10\n" in (text_of(msg))
    assert "X-Unsent" not in msg


@pytest.mark.parametrize("smtp_server", [("Anna.Andersson@kommun.example",)], indirect=True)
def test_a_refused_recipient_is_reported_and_the_rest_are_sent(repo, smtp_server):
    """The server refuses Anna's address: that is said (exit 1), Eva still gets hers."""
    where, inbox = smtp_server
    args = ("2020", "-C", str(repo), "--idag", SEPT_5, "--smtp", where, "--fran", FRAN)
    code, stdout, stderr = run(*args, "--skicka")
    assert code == 1
    assert stdout.splitlines()[-1] == (
        "Skickade till =SUMMA(A1) Bcc: angripare@example.org <eva.ek@kommun.example>"
    )
    assert stderr.startswith(
        "Kunde inte skicka till Anna Andersson <Anna.Andersson@kommun.example>: servern tog "
        "inte emot adressen (550"
    )
    assert [e.rcpt_tos for e in inbox.envelopes] == [[EVA]]


def test_a_login_is_never_sent_unencrypted(repo, smtp_server):
    """The local server offers no STARTTLS: with a login in the environment malkoll
    refuses (exit 2) and sends nothing."""
    where, inbox = smtp_server
    env = {"MALKOLL_SMTP_ANVANDARE": "kim", "MALKOLL_SMTP_LOSENORD": "hemligt"}
    args = ("2020", "-C", str(repo), "--idag", SEPT_5, "--smtp", where, "--fran", FRAN)
    code, _, err = run(*args, "--skicka", env=env)
    assert code == 2
    assert "loggar inte in där: lösenordet skulle gå okrypterat" in err
    assert "hemligt" not in err
    assert inbox.envelopes == []


def test_a_server_that_is_not_there_is_one_line_and_exit_2(repo):
    """Nothing listens on the port: one line naming the server, exit 2."""
    where = f"127.0.0.1:{free_port()}"
    args = ("2020", "-C", str(repo), "--idag", SEPT_5, "--smtp", where, "--fran", FRAN)
    code, _, err = run(*args, "--skicka")
    assert code == 2
    assert err.startswith(f"malkoll: Kunde inte ansluta till {where}: ")


# --- STARTTLS and login, against a local server with its own certificate ----------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (made with openssl)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    folder = tmp_path_factory.mktemp("cert")
    cert, key = folder / "cert.pem", folder / "key.pem"
    new = ("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1")
    made = ("-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1")
    subprocess.run(
        ["openssl", *new, *made, "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@pytest.fixture
def tls_server(certificate) -> Iterator[tuple[str, Inbox, list[tuple[str, str]], Path]]:
    """A server that offers STARTTLS and takes a login (only once encrypted); with where it
    listens, what it received, the logins tried and its certificate."""
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox, logins = Inbox(), []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password == b"hemligt")

    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        authenticator=authenticator,
        auth_require_tls=True,
    )
    controller.start()
    try:
        yield f"127.0.0.1:{port}", inbox, logins, cert
    finally:
        controller.stop()


LOGIN = {"MALKOLL_SMTP_ANVANDARE": "kim", "MALKOLL_SMTP_LOSENORD": "hemligt"}


def test_starttls_is_used_when_offered_and_the_certificate_is_checked(repo, tls_server):
    """A certificate the system does not trust stops the sending (exit 2) before the
    login; trusted (SSL_CERT_FILE), the login goes over STARTTLS and both are sent."""
    where, inbox, logins, cert = tls_server
    args = ("2020", "-C", str(repo), "--idag", SEPT_5, "--smtp", where, "--fran", FRAN)
    code, _, err = run(*args, "--skicka", env={**LOGIN, "SSL_CERT_FILE": None})
    assert code == 2
    assert err.startswith(f"malkoll: Kunde inte ansluta till {where}: ")
    assert "certificate verify failed" in err
    assert (logins, inbox.envelopes) == ([], [])
    code, stdout, _ = run(*args, "--skicka", env={**LOGIN, "SSL_CERT_FILE": str(cert)})
    assert code == 0, stdout
    assert logins == [("kim", "hemligt")]
    assert [e.rcpt_tos for e in inbox.envelopes] == [["Anna.Andersson@kommun.example"], [EVA]]


def test_without_tls_nothing_is_encrypted_and_no_login_is_sent(repo, tls_server):
    """`--smtp-utan-tls` sends in the clear though STARTTLS is offered; with a login in
    the environment it refuses instead."""
    where, inbox, logins, _ = tls_server
    args = ("2020", "-C", str(repo), "--idag", SEPT_5, "--smtp", where, "--fran", FRAN)
    code, _, err = run(*args, "--skicka", "--smtp-utan-tls", env=LOGIN)
    assert code == 2
    assert "loggar inte in där" in err
    assert (logins, inbox.envelopes) == ([], [])
    assert run(*args, "--skicka", "--smtp-utan-tls")[0] == 0
    assert len(inbox.envelopes) == 2
