"""Where reminders go: `.eml` drafts in a folder, a CSV for a mail merge, or SMTP.

Nothing is sent unless the caller says so (`send`); the drafts and the CSV are written
atomically, and never over a file that malkoll did not write.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import smtplib
import socket
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.parser import BytesHeaderParser
from pathlib import Path

from malkoll import atomic
from malkoll.errors import BadOption, MalkollError, WriteRefused
from malkoll.notify.reminders import MARKER, Reminder, Reminders, message, named
from malkoll.text import os_error, printable, tal

TIMEOUT = 30.0
"""Seconds to wait for the mail server at each step."""
USER_VAR, PASSWORD_VAR = "MALKOLL_SMTP_ANVANDARE", "MALKOLL_SMTP_LOSENORD"
CSV_COLUMNS = ("namn", "epost", "organisationer", "saknas", "sista_dag")


def draft_folder(r: Reminders) -> Path:
    """`rapporter/paminnelser-2020-delar2/`: beside the reports, which git ignores."""
    return r.root / "rapporter" / f"paminnelser-{r.status.ar}-{_slug(r.status.period.id)}"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._@-]+", "_", text).lstrip(".") or "_"


# --- drafts -----------------------------------------------------------------------------


@dataclass
class Written:
    files: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def write_drafts(
    r: Reminders,
    folder: Path,
    sender: Address | None,
    now: dt.datetime,
    make_parents: bool = True,
) -> Written:
    """One `.eml` per reminder in ``folder``, all or none; an earlier run's drafts of the
    same period that are no longer wanted are removed (a person who has caught up is not
    reminded by an old draft), anything else is left alone. Unless ``make_parents`` (the
    default folder) the folder's parent must be there: a folder a person names is made,
    the folders above it are not (a mistyped path is an error, not a new tree)."""
    if not make_parents:
        needs_folder(folder.parent, "--ut")
    files: dict[Path, str] = {}
    for reminder in r.paminnelser:
        name = _slug(reminder.epost.lower())
        path = folder / f"{name}.eml"
        n = 2
        while path in files:
            path, n = folder / f"{name}-{n}.eml", n + 1
        msg = message(r, reminder, sender, now, draft=True)
        files[path] = msg.as_bytes(policy=policy.SMTP).decode("utf-8")
    marker = f"{r.status.ar} {r.status.period.id}"
    for path in files:
        if _draft_of(path) is False:
            raise WriteRefused(
                f"Skriver inte över {printable(str(path))}: filen är inte ett utkast som "
                "malkoll har skrivit. Välj en annan mapp med --ut, eller flytta undan den."
            )
    stale = [
        p
        for p in (sorted(folder.glob("*.eml")) if folder.is_dir() else [])
        if p not in files and _draft_of(p) == marker
    ]
    if files:
        atomic.replace(files, folder)
    for path in stale:
        with contextlib.suppress(OSError):
            path.unlink()
    return Written(list(files), stale)


def _draft_of(path: Path) -> str | bool | None:
    """The year and period of malkoll's draft at ``path``; False for another file, None
    when there is none."""
    if not os.path.lexists(path):
        return None
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with path.open("rb") as fh:
            headers = BytesHeaderParser(policy=policy.default).parsebytes(fh.read(64_000))
    except (OSError, ValueError):
        return False
    value = headers.get(MARKER)
    return str(value) if value else False


def needs_folder(folder: Path, option: str) -> None:
    """``folder``, where a person asked malkoll to write, is a folder that is there."""
    if folder.is_dir():
        return
    what = "är ingen mapp" if os.path.lexists(folder) else "finns inte"
    raise BadOption(
        f"Mappen {printable(str(folder))} {what}. Skapa den först, eller ange en annan "
        f"plats med {option}."
    )


# --- CSV --------------------------------------------------------------------------------


def csv_text(r: Reminders) -> str:
    """One row per reminder, `;`-separated with a BOM (as Swedish Excel reads it): name,
    address, organisations, what is missing (one line per piece), the deadline. A cell
    that a spreadsheet would read as a formula starts with `'`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    deadline = r.status.period.inlamning.isoformat()
    for reminder in r.paminnelser:
        orgs = ", ".join(m.namn for m in reminder.organisationer)
        missing = "\n".join(
            f"{m.namn}: {named(b)} ({_place(path, b.rad)})"
            for m in reminder.organisationer
            for path, items in m.filer.items()
            for b in items
        )
        row = (reminder.namn, reminder.epost, orgs, missing, deadline)
        writer.writerow([_cell(x) for x in row])
    return "\ufeff" + out.getvalue()


def _place(path: str, line: int | None) -> str:
    where = path or "utan fil"
    return f"{where}, rad {line}" if line else where


def _cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(r: Reminders, path: Path) -> None:
    """The CSV at ``path``, in a folder that is there; a file there is replaced only if it
    is malkoll's CSV."""
    needs_folder(path.parent, "--csv")
    if os.path.lexists(path):
        try:
            with path.open("rb") as fh:
                head = fh.read(200).decode("utf-8", "replace")
        except OSError:
            head = ""
        if not head.startswith("\ufeff" + ";".join(CSV_COLUMNS)):
            raise WriteRefused(
                f"Skriver inte över {printable(str(path))}: filen är inte en lista som "
                "malkoll har skrivit. Välj en annan fil med --csv."
            )
    atomic.replace({path: csv_text(r)}, path.parent)


# --- SMTP -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    tls: bool = True
    """Whether STARTTLS is used when the server offers it (`--smtp-utan-tls`: never)."""
    user: str | None = None
    password: str | None = None


def server(text: str, tls: bool, env: Mapping[str, str] = os.environ) -> Server:
    """``--smtp HOST[:PORT]`` (port 587 unless given; 465 is TLS from the start), with the
    login from `MALKOLL_SMTP_ANVANDARE` and `MALKOLL_SMTP_LOSENORD`."""
    host, _, port = text.rpartition(":") if ":" in text else (text, "", "587")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise BadOption(f"--smtp {text!r}: skriv VÄRD eller VÄRD:PORT, t.ex. smtp.kommun.se:587.")
    user, password = env.get(USER_VAR) or None, env.get(PASSWORD_VAR) or None
    if (user is None) != (password is None):
        raise BadOption(f"Sätt både {USER_VAR} och {PASSWORD_VAR}, eller ingen av dem.")
    return Server(host.strip("[]"), int(port), tls, user, password)


@dataclass
class Sent:
    ok: list[Reminder] = field(default_factory=list)
    failed: list[tuple[Reminder, str]] = field(default_factory=list)


def send(
    r: Reminders,
    srv: Server,
    sender: Address,
    now: dt.datetime,
    connect: Callable[[Server], smtplib.SMTP] | None = None,
) -> Sent:
    """Send every reminder over ``srv``; a failure for one recipient is noted and the
    rest are sent (a lost connection is made again for the next one)."""
    out = Sent()
    conn: smtplib.SMTP | None = None
    opened = connect or open_connection
    try:
        for reminder in r.paminnelser:
            msg = message(r, reminder, sender, now)
            try:
                if conn is None:
                    conn = opened(srv)
                conn.send_message(msg, from_addr=sender.addr_spec, to_addrs=[reminder.epost])
                out.ok.append(reminder)
            except smtplib.SMTPRecipientsRefused as err:
                out.failed.append((reminder, _refused(err)))
            except (smtplib.SMTPResponseException, smtplib.SMTPSenderRefused) as err:
                out.failed.append((reminder, _response(err)))
            except MalkollError as err:
                if not out.ok and not out.failed:
                    raise  # could not log in or connect before anything was sent
                out.failed.append((reminder, str(err)))
                conn = None
            except (smtplib.SMTPException, OSError) as err:
                out.failed.append((reminder, connection_problem(err, srv)))
                _drop(conn)
                conn = None
    finally:
        if conn is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                conn.quit()
    return out


def open_connection(srv: Server) -> smtplib.SMTP:
    """A connection to ``srv``, encrypted when it can be, logged in when asked; a login is
    never sent unencrypted. On failure the connection is closed and the reason said."""
    where = f"{srv.host}:{srv.port}"
    context = ssl.create_default_context()
    conn: smtplib.SMTP | None = None
    logging_in = False
    try:
        if srv.port == 465:
            conn = smtplib.SMTP_SSL(srv.host, srv.port, timeout=TIMEOUT, context=context)
        else:
            conn = smtplib.SMTP(srv.host, srv.port, timeout=TIMEOUT)
        conn.ehlo()
        secure = srv.port == 465
        if not secure and srv.tls and conn.has_extn("starttls"):
            conn.starttls(context=context)
            conn.ehlo()
            secure = True
        if srv.user is not None and srv.password is not None:
            if not secure:
                _drop(conn)
                raise MalkollError(
                    f"{where} erbjuder ingen kryptering (STARTTLS), så malkoll loggar inte in "
                    "där: lösenordet skulle gå okrypterat. Använd port 465 eller en server "
                    "med STARTTLS."
                )
            logging_in = True
            conn.login(srv.user, srv.password)
    except OSError as err:  # smtplib's errors, ssl.SSLError and socket.gaierror alike
        _drop(conn)
        raise MalkollError(_not_connected(err, srv, logging_in)) from None
    return conn


def _not_connected(err: OSError, srv: Server, logging_in: bool) -> str:
    where = f"{srv.host}:{srv.port}"
    if isinstance(err, smtplib.SMTPAuthenticationError):
        return (
            f"Inloggningen på {where} misslyckades: servern godkände inte användarnamnet och "
            f"lösenordet i {USER_VAR} och {PASSWORD_VAR}. Kontrollera dem, eller fråga IT "
            f"om kontot får skicka e-post (servern svarade {_response(err)})."
        )
    no_login = isinstance(err, smtplib.SMTPNotSupportedError)
    if logging_in and (no_login or type(err) is smtplib.SMTPException):
        # no AUTH offered, or none of its methods is one smtplib knows
        return (
            f"{where} erbjuder ingen inloggning som malkoll kan använda. Ta bort "
            f"{USER_VAR} och {PASSWORD_VAR} om servern tar emot e-post utan "
            "inloggning, eller fråga IT vilken server som gäller."
        )
    return f"Kunde inte ansluta till {where}: {connection_problem(err, srv)}"


_NAME_NOT_FOUND = {
    getattr(socket, name)
    for name in ("EAI_NONAME", "EAI_NODATA", "EAI_ADDRFAMILY")
    if hasattr(socket, name)
}
_UNTRUSTED = {18, 19, 20, 21}
"""OpenSSL's verify codes for a certificate nobody the computer trusts has issued (self-
signed, or an unknown issuer)."""


def connection_problem(err: BaseException, srv: Server) -> str:
    """Why the mail server could not be reached or spoken to, in words a controller can
    act on: a name that is not there, a port nobody answers, a server that is silent, a
    certificate not trusted; the library's own words only in parentheses, for IT."""
    if isinstance(err, socket.gaierror):
        if err.errno in _NAME_NOT_FOUND:
            return (
                f"det finns ingen server som heter {printable(srv.host)}. Kontrollera "
                "stavningen i --smtp; IT vet vad kommunens e-postserver heter."
            )
        return (
            f"namnet {printable(srv.host)} gick inte att slå upp just nu. Är datorn "
            "ansluten till nätverket?"
        )
    if isinstance(err, ssl.SSLCertVerificationError):
        return _certificate(err, srv)
    if isinstance(err, ssl.SSLError):
        hint = (
            "På port 465 väntar sig malkoll kryptering från början; använder servern "
            "STARTTLS, ange port 587."
            if srv.port == 465
            else "Fråga IT vilken port och kryptering servern använder."
        )
        return f"den krypterade förbindelsen (TLS) gick inte att upprätta. {hint}{_tech(err)}"
    if isinstance(err, ConnectionRefusedError):
        return (
            f"ingen e-postserver tar emot på port {srv.port} där (anslutningen nekades). "
            "Kontrollera porten: oftast 587, eller 465 för kryptering från början."
        )
    if isinstance(err, TimeoutError) or "timed out" in str(err):  # smtplib: "... timed out"
        return (
            f"servern svarade inte på {tal(TIMEOUT)} sekunder. En brandvägg kan stoppa port "
            f"{srv.port}, eller så är servern nere; fråga IT vilken server och port som gäller."
        )
    if isinstance(err, smtplib.SMTPServerDisconnected):
        return (
            "servern stängde förbindelsen utan att svara. Kontrollera porten: oftast 587, "
            "eller 465 för kryptering från början."
        )
    if isinstance(err, smtplib.SMTPResponseException):
        return f"servern tog inte emot förbindelsen (den svarade {_response(err)})."
    if isinstance(err, OSError):
        return os_error(err)
    return printable(str(err) or type(err).__name__)


def _certificate(err: ssl.SSLCertVerificationError, srv: Server) -> str:
    code = err.verify_code
    if code == 10:
        why = "serverns certifikat har gått ut"
    elif code == 62:
        why = (
            f"serverns certifikat gäller inte namnet {printable(srv.host)}; skriv serverns "
            "namn som det står i certifikatet"
        )
    elif code in _UNTRUSTED:
        why = (
            "serverns certifikat är inte utfärdat av någon som den här datorn litar på (det "
            "kan vara självsignerat)"
        )
    else:
        why = "serverns certifikat godkändes inte"
    return (
        f"{why}, så malkoll skickar ingenting dit. Fråga IT; ett certifikat som ska betros "
        f"anges med miljövariabeln SSL_CERT_FILE{_tech(err)}"
    )


def _tech(err: BaseException) -> str:
    """The library's words, for IT: ` (tekniskt: …).`"""
    text = getattr(err, "verify_message", None) or getattr(err, "reason", None) or str(err)
    return f" (tekniskt: {printable(str(text))})." if text else "."


def _drop(conn: smtplib.SMTP | None) -> None:
    if conn is not None:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            conn.close()


def _refused(err: smtplib.SMTPRecipientsRefused) -> str:
    codes = [f"{code} {_text(msg)}" for code, msg in err.recipients.values()]
    return "servern tog inte emot adressen (" + "; ".join(codes) + ")"


def _response(err: smtplib.SMTPResponseException) -> str:
    return f"{err.smtp_code} {_text(err.smtp_error)}"


def _text(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return printable(text.strip())
