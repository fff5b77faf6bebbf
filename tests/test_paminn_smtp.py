"""`malkoll paminn --smtp` against a local aiosmtpd server on 127.0.0.1: nothing sent
without `--skicka`, each person's reminder to their own address, a refused recipient
reported while the rest are sent, STARTTLS when offered with the certificate checked, and
never a login unencrypted."""

from __future__ import annotations

import email
import errno
import shutil
import smtplib
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

from malkoll.notify import delivery
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
    assert (
        "  Öppna 2020/plan/sektor/sektor-utb.yaml i målrepot och skriv in:\n\n"
        "  Delmål 1.10 Fler barn i förskolan läser varje dag:\n"
        "  – bedömning av delmål 1.10, rad 12.\n"
    ) in text_of(msg)
    assert text_of(msg).endswith("Vänliga hälsningar\nKim Controller\n")
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
    """Nothing listens on the port: one line naming the server and the port to check."""
    port = free_port()
    where = f"127.0.0.1:{port}"
    args = ("2020", "-C", str(repo), "--idag", SEPT_5, "--smtp", where, "--fran", FRAN)
    code, _, err = run(*args, "--skicka")
    assert code == 2
    assert err == (
        f"malkoll: Kunde inte ansluta till {where}: ingen e-postserver tar emot på port "
        f"{port} där (anslutningen nekades). Kontrollera porten: oftast 587, eller 465 för "
        "kryptering från början.\n"
    )


def test_a_name_that_is_not_there_is_said_in_plain_swedish(repo, monkeypatch):
    """`--smtp nohost.invalid`: the resolver finds no such name (EAI_NONAME, made sure of
    here so that a resolver without network answers the same): said as such, no errno."""

    def no_such_name(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    args = ("2020", "-C", str(repo), "--idag", SEPT_5, "--fran", FRAN, "--skicka")
    code, _, err = run(*args, "--smtp", "nohost.invalid")
    assert code == 2
    assert err == (
        "malkoll: Kunde inte ansluta till nohost.invalid:587: det finns ingen server som "
        "heter nohost.invalid. Kontrollera stavningen i --smtp; IT vet vad kommunens "
        "e-postserver heter.\n"
    )


def test_a_server_that_never_answers_is_a_timeout_in_swedish(repo, monkeypatch):
    """A port that takes the connection but never greets: after the timeout, one line
    saying the server did not answer and what may stop it."""
    monkeypatch.setattr(delivery, "TIMEOUT", 0.3)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        where = f"127.0.0.1:{silent.getsockname()[1]}"
        args = ("2020", "-C", str(repo), "--idag", SEPT_5, "--fran", FRAN, "--skicka")
        code, _, err = run(*args, "--smtp", where)
    assert code == 2
    assert err.startswith(
        f"malkoll: Kunde inte ansluta till {where}: servern svarade inte på 0,3 sekunder. En "
        f"brandvägg kan stoppa port {where.rsplit(':', 1)[1]}, eller så är servern nere"
    )


@pytest.mark.parametrize(
    ("err", "port", "words"),
    [
        (
            socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"),
            587,
            "namnet smtp.kommun.example gick inte att slå upp just nu. Är datorn ansluten",
        ),
        (
            ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number"),
            465,
            "den krypterade förbindelsen (TLS) gick inte att upprätta. På port 465 väntar sig "
            "malkoll kryptering från början; använder servern STARTTLS, ange port 587.",
        ),
        (
            smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
            587,
            "servern stängde förbindelsen utan att svara.",
        ),
        (
            smtplib.SMTPConnectError(554, b"5.7.1 Access denied"),
            587,
            "servern tog inte emot förbindelsen (den svarade 554 5.7.1 Access denied).",
        ),
        (OSError(errno.EHOSTUNREACH, "No route to host"), 587, "servern kan inte nås"),
    ],
)
def test_each_kind_of_connection_failure_has_swedish_words(err, port, words):
    """What the resolver, TLS and the server can answer, each in words a controller can
    act on; the library's own words at most in parentheses."""
    said = delivery.connection_problem(err, delivery.Server("smtp.kommun.example", port))
    assert said.startswith(words)
    assert "systemfel" not in said


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
        # not handled: the server itself answers 535 to a wrong password
        return AuthResult(success=auth_data.password == b"hemligt", handled=False)

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
    assert err.startswith(
        f"malkoll: Kunde inte ansluta till {where}: serverns certifikat är inte utfärdat av "
        "någon som den här datorn litar på (det kan vara självsignerat), så malkoll skickar "
        "ingenting dit. Fråga IT; ett certifikat som ska betros anges med miljövariabeln "
        "SSL_CERT_FILE (tekniskt: "
    )
    assert (logins, inbox.envelopes) == ([], [])
    code, stdout, _ = run(*args, "--skicka", env={**LOGIN, "SSL_CERT_FILE": str(cert)})
    assert code == 0, stdout
    assert logins == [("kim", "hemligt")]
    assert [e.rcpt_tos for e in inbox.envelopes] == [["Anna.Andersson@kommun.example"], [EVA]]


def test_a_login_the_server_refuses_names_the_variables_and_never_the_password(repo, tls_server):
    """A wrong password over STARTTLS: one line saying the login was refused and where the
    login comes from (never what it is), exit 2, nothing sent."""
    where, inbox, logins, cert = tls_server
    args = ("2020", "-C", str(repo), "--idag", SEPT_5, "--smtp", where, "--fran", FRAN)
    wrong = {**LOGIN, "MALKOLL_SMTP_LOSENORD": "fel-losen", "SSL_CERT_FILE": str(cert)}
    code, _, err = run(*args, "--skicka", env=wrong)
    assert code == 2
    assert err.startswith(
        f"malkoll: Inloggningen på {where} misslyckades: servern godkände inte "
        "användarnamnet och lösenordet i MALKOLL_SMTP_ANVANDARE och MALKOLL_SMTP_LOSENORD. "
        "Kontrollera dem, eller fråga IT om kontot får skicka e-post (servern svarade 535"
    )
    assert "fel-losen" not in err
    assert set(logins) == {("kim", "fel-losen")}  # PLAIN, then LOGIN
    assert inbox.envelopes == []


def test_a_login_the_server_does_not_offer_is_said_so(repo, certificate):
    """A server with STARTTLS but no login method malkoll can use: one line saying so and
    what to do (drop the login variables or ask IT), exit 2, nothing sent."""
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        auth_exclude_mechanism=["LOGIN", "PLAIN"],
    )
    controller.start()
    try:
        where = f"127.0.0.1:{port}"
        args = ("2020", "-C", str(repo), "--idag", SEPT_5, "--smtp", where, "--fran", FRAN)
        code, _, err = run(*args, "--skicka", env={**LOGIN, "SSL_CERT_FILE": str(cert)})
    finally:
        controller.stop()
    assert code == 2
    assert err == (
        f"malkoll: {where} erbjuder ingen inloggning som malkoll kan använda. Ta bort "
        "MALKOLL_SMTP_ANVANDARE och MALKOLL_SMTP_LOSENORD om servern tar emot e-post utan "
        "inloggning, eller fråga IT vilken server som gäller.\n"
    )
    assert inbox.envelopes == []


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
