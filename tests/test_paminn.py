"""`malkoll paminn`: one reminder per e-mail address from what `status` finds missing, as
`.eml` drafts (parsed back with the email package) or a CSV (read back); SMTP in
test_paminn_smtp.py."""

from __future__ import annotations

import csv
import datetime as dt
import email
import re
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from helpers import BASE, REPOS, build_repo
from malkoll.cli import paminn as cli_paminn
from malkoll.notify.reminders import reminders

SEPT_5 = "2020-09-05"
ANNA = "anna.andersson@kommun.example"
EVA = "eva.ek@kommun.example"
HOSTILE = "=SUMMA(A1)\nBcc: angripare@example.org"
HOSTILE_YAML = HOSTILE.replace("\n", "\\n")
GRUNDSKOLA = "2020/plan/sektor/grundskola.yaml"
SEKTOR = "2020/plan/sektor/sektor-utb.yaml"
ALAFORS = "2020/plan/alafors-skola.yaml"
GRON_1_10 = (
    "      delar2: {analys: {resultat: Läsningen ökar., orsaker: Nya rutiner.}, bedomning: gron}"
)
ORGANISATION = f"""\
- id: bun
  namn: Barn- och ungdomsnämnden
  typ: namnd
  chef: Nämndsekreterare
  delar:
    - id: sektor-utb
      namn: Sektor utbildning
      typ: sektor
      chef: "{HOSTILE_YAML}"
      epost: {EVA}
      delar:
        - id: grundskola
          namn: Grundskola
          typ: verksamhet
          chef: Anna Andersson
          epost: {ANNA}
          delar:
            - {{id: alafors-skola, namn: Alafors skola, typ: enhet, chef: Anna Andersson,
               epost: Anna.Andersson@kommun.example}}
"""

FRAN = "Kim Controller <kim.controller@kommun.example>"

app = typer.Typer()
app.command("paminn")(cli_paminn.paminn)
app.command("annat")(lambda: None)  # two commands: `paminn` stays a subcommand


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["paminn", *args], env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def make_repo(target: Path) -> Path:
    """The base with chefs and addresses: Anna for Grundskola and Alafors skola (her
    address in two spellings), a hostile name for the sektor, none for the nämnd; on
    2020-09-05 Grundskola and the sektor lack an assessment of 1.10, Alafors skola one of
    1.1, the nämnd its uppdrag's follow-up."""
    plain = (BASE / GRUNDSKOLA).read_text(encoding="utf-8")
    sektor = (BASE / SEKTOR).read_text(encoding="utf-8")
    marked = REPOS / "fel" / "mk311-klar-men-ofullstandig" / ALAFORS  # 1.1 lacks its assessment
    alafors = re.sub(r"klarmarkering:\n(  .*\n)+", "", marked.read_text(encoding="utf-8"))
    uppdrag = (BASE / "2020/uppdrag.yaml").read_text(encoding="utf-8")
    no_assessment = GRON_1_10.replace(", bedomning: gron}", "}")
    files = {
        "organisation.yaml": ORGANISATION,
        GRUNDSKOLA: plain.replace(GRON_1_10, no_assessment),
        SEKTOR: sektor.replace(GRON_1_10, no_assessment),
        ALAFORS: alafors,
        "2020/uppdrag.yaml": uppdrag.replace(
            "    delar2: {status: pagar, kommentar: Förstudie klar.}\n", ""
        ),
    }
    return build_repo(target, files=files)


def text_of(msg: EmailMessage) -> str:
    """The message's text, its line ends (CRLF on the wire) as Python's."""
    content: str = msg.get_content()
    return content.replace("\r\n", "\n")


def parsed(path: Path) -> EmailMessage:
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def test_one_reminder_per_address_and_the_nämnd_without_one_is_listed(repo):
    """Anna's two organisations (her address spelt two ways) make one reminder; the
    sektor's chef another, with the name on one line; the nämnd has no address."""
    r = reminders(repo, 2020, dt.date(2020, 9, 5))
    got = [
        (x.namn, x.epost.lower(), [m.organisation for m in x.organisationer]) for x in r.paminnelser
    ]
    assert got == [
        ("Anna Andersson", ANNA, ["alafors-skola", "grundskola"]),
        ("=SUMMA(A1) Bcc: angripare@example.org", EVA, ["sektor-utb"]),
    ]
    assert {
        m.organisation: {path: [(b.saknas, b.rad, b.delmal) for b in items]}
        for m in r.paminnelser[0].organisationer
        for path, items in m.filer.items()
    } == {
        "alafors-skola": {ALAFORS: [("bedömning av delmål 1.1", 38, "1.1")]},
        "grundskola": {GRUNDSKOLA: [("bedömning av delmål 1.10", 19, "1.10")]},
    }
    assert [(m.organisation, list(m.filer), m.saknas) for m in r.utan_epost] == [
        (
            "bun",
            ["2020/uppdrag.yaml"],
            ["uppföljning av uppdraget ”Utreda en ny skola i Nol” (U2020-03)"],
        )
    ]


def test_drafts_are_messages_with_safe_headers_and_a_concrete_swedish_text(repo, tmp_path):
    """Each `.eml` parses back: one recipient, the subject with å/ä/ö encoded as RFC 2047,
    Date, Message-ID, X-Unsent; no header made from the name's line break; the text says
    for the person who writes it which file to open, what to write there delmål by delmål
    (id and name) and on which line, the deadline, to answer with questions, and the one
    check for those who use malkoll: no command that shows the whole repository."""
    out = tmp_path / "utkast"
    code, stdout, _ = run("2020", "-C", str(repo), "--idag", SEPT_5, "--ut", str(out))
    assert code == 0
    assert stdout.splitlines() == [
        "Delårsrapport 2 2020: inlämning 2020-09-11, om 6 dagar.",
        "2 personer att påminna:",
        "  Anna Andersson <Anna.Andersson@kommun.example>: Alafors skola, Grundskola",
        "  =SUMMA(A1) Bcc: angripare@example.org <eva.ek@kommun.example>: Sektor utbildning",
        "Saknar e-post (lägg till `epost` för chefen i organisation.yaml), påminns inte:",
        "  Barn- och ungdomsnämnden (bun)",
        f"Skrev 2 utkast i {out}",
    ]
    assert sorted(p.name for p in out.iterdir()) == [f"{ANNA}.eml", f"{EVA}.eml"]
    raw = (out / f"{EVA}.eml").read_bytes()
    assert raw.isascii()  # every header encoded, the text quoted-printable
    assert b"\r\nBcc:" not in raw
    msg = parsed(out / f"{EVA}.eml")
    assert msg["Bcc"] is None
    assert msg["From"] is None  # a draft: the mail program fills in the sender
    assert [a.addr_spec for a in msg["To"].addresses] == [EVA]
    assert msg["To"].addresses[0].display_name == "=SUMMA(A1) Bcc: angripare@example.org"
    assert str(msg["Subject"]) == "Påminnelse: Delårsrapport 2 2020, underlag senast 2020-09-11"
    assert "=?utf-8?" in raw.decode("ascii").split("Subject:", 1)[1].split("\r\n", 1)[0]
    assert msg["X-Unsent"] == "1"
    assert str(msg["Message-ID"]).strip().startswith("<")
    assert msg["Date"] is not None
    anna = text_of(parsed(out / f"{ANNA}.eml"))
    assessment = (
        "    Ange under uppfoljning.delar2.bedomning om delmålet nås till 2030: `gron`, `gul` "
        "eller `rod`.\n\n"
    )
    assert anna == (
        "Hej Anna Andersson!\n\n"
        "Inför Delårsrapport 2 2020 (perioden till och med 31 augusti 2020) saknas fortfarande "
        "en del i uppföljningen för några av dina organisationer. Sista dag att lämna "
        "underlaget är fredag 11 september 2020 (om 6 dagar).\n\n"
        "Alafors skola:\n"
        "  Öppna 2020/plan/alafors-skola.yaml i målrepot och skriv in:\n\n"
        "  Delmål 1.1 Alla elever ska lämna grundskolan med godkända betyg:\n"
        "  – bedömning av delmål 1.1, rad 38.\n" + assessment + "Grundskola:\n"
        "  Öppna 2020/plan/sektor/grundskola.yaml i målrepot och skriv in:\n\n"
        "  Delmål 1.10 Fler barn i förskolan läser varje dag:\n"
        "  – bedömning av delmål 1.10, rad 19.\n" + assessment + "Har du frågor, eller går "
        "något inte att fylla i? Svara på det här mejlet. Är allt redan på plats kan du "
        "bortse från det.\n\n"
        "Använder du malkoll själv visar\n"
        "  malkoll validera 2020/plan/alafors-skola.yaml 2020/plan/sektor/grundskola.yaml\n"
        "det som återstår i filerna.\n\n"
        "Tack för hjälpen!\n\nVänliga hälsningar\nTestkommun\n"
    )
    assert "--period" not in anna
    assert "malkoll status" not in anna
    # line 38 is where the assessment goes: the period under the delmål's uppfoljning
    assert (repo / ALAFORS).read_text(encoding="utf-8").splitlines()[37].strip() == "delar2:"


def test_a_sender_signs_and_a_new_run_removes_drafts_no_longer_wanted(repo, tmp_path):
    """With `--fran` the drafts have a From and its name as signature; once the sektor has
    caught up its old draft goes, while a file of someone else's in the folder stays."""
    out = tmp_path / "utkast"
    fran = "Kim Controller <kim.controller@kommun.example>"
    assert run("2020", "-C", str(repo), "--idag", SEPT_5, "--ut", str(out), "--fran", fran)[0] == 0
    msg = parsed(out / f"{ANNA}.eml")
    assert msg["From"].addresses[0].addr_spec == "kim.controller@kommun.example"
    assert str(msg["Message-ID"]).endswith("@kommun.example>")
    assert text_of(msg).endswith("Vänliga hälsningar\nKim Controller\n")
    (out / "mitt.eml").write_text("Subject: mitt eget\n\nhej\n", encoding="utf-8")
    (repo / SEKTOR).write_text((BASE / SEKTOR).read_text(encoding="utf-8"), encoding="utf-8")
    code, stdout, _ = run("2020", "-C", str(repo), "--idag", SEPT_5, "--ut", str(out))
    assert code == 0
    assert stdout.splitlines()[-2:] == [
        f"Skrev 1 utkast i {out}",
        "Tog bort 1 gammalt utkast som inte längre behövs.",
    ]
    assert sorted(p.name for p in out.iterdir()) == [f"{ANNA}.eml", "mitt.eml"]


def test_a_persons_file_where_a_draft_goes_is_refused(repo, tmp_path):
    """A file malkoll did not write at a draft's name is never replaced: exit 2."""
    out = tmp_path / "utkast"
    out.mkdir()
    (out / f"{ANNA}.eml").write_text("Mitt eget\n", encoding="utf-8")
    code, _, err = run("2020", "-C", str(repo), "--idag", SEPT_5, "--ut", str(out))
    assert code == 2
    assert "inte ett utkast som malkoll har skrivit" in err
    assert (out / f"{ANNA}.eml").read_text(encoding="utf-8") == "Mitt eget\n"
    assert not (out / f"{EVA}.eml").exists()


def test_the_csv_reads_back_for_a_spreadsheet(repo, tmp_path):
    """`--csv`: `;`-separated UTF-8 with a BOM, one row per person, a formula-looking name
    made harmless, one line per missing piece."""
    path = tmp_path / "paminnelser.csv"
    code, stdout, _ = run("2020", "-C", str(repo), "--idag", SEPT_5, "--csv", str(path))
    assert code == 0
    assert stdout.endswith(f"Skrev {path}\n")
    assert path.read_bytes().startswith("\ufeff".encode())
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows == [
        ["namn", "epost", "organisationer", "saknas", "sista_dag"],
        [
            "Anna Andersson",
            "Anna.Andersson@kommun.example",
            "Alafors skola, Grundskola",
            "Alafors skola: bedömning av delmål 1.1 (2020/plan/alafors-skola.yaml, rad 38)\n"
            "Grundskola: bedömning av delmål 1.10 (2020/plan/sektor/grundskola.yaml, rad 19)",
            "2020-09-11",
        ],
        [
            "'=SUMMA(A1) Bcc: angripare@example.org",
            EVA,
            "Sektor utbildning",
            "Sektor utbildning: bedömning av delmål 1.10 (2020/plan/sektor/sektor-utb.yaml, "
            "rad 12)",
            "2020-09-11",
        ],
    ]
    path.write_text("mina siffror\n", encoding="utf-8")
    assert run("2020", "-C", str(repo), "--idag", SEPT_5, "--csv", str(path))[0] == 2
    assert path.read_text(encoding="utf-8") == "mina siffror\n"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--skicka",), "--skicka skickar via en e-postserver"),
        (("--smtp", "127.0.0.1:25"), "--smtp behöver en avsändare"),
        (("--smtp", "x:y", "--fran", FRAN), "skriv VÄRD eller VÄRD:PORT"),
        (("--csv", "a.csv", "--smtp", "x"), "Välj --csv eller --smtp"),
        (("--fran", "inte en adress"), "är ingen e-postadress"),
        (("--fran", "A <a@b.se>, B <b@b.se>"), "är ingen e-postadress"),
    ],
)
def test_options_that_do_not_fit_exit_2(repo, args, words):
    """Each bad combination or value is a usage error with one Swedish line."""
    code, _, err = run("2020", "-C", str(repo), "--idag", SEPT_5, *args)
    assert code == 2
    assert words in err


def test_nobody_to_remind_when_everything_is_there():
    """The base on the same day: nothing missing, nothing written."""
    code, stdout, _ = run("2020", "-C", str(BASE), "--idag", SEPT_5)
    assert code == 0
    assert stdout.splitlines() == [
        "Delårsrapport 2 2020: inlämning 2020-09-11, om 6 dagar.",
        "Ingen behöver påminnas: allt som perioden kräver finns.",
    ]


def test_without_any_address_nobody_is_reminded_and_all_are_listed(tmp_path):
    """The base's organisations have no `epost`: the one that misses something is listed,
    no draft is written."""
    uppdrag = (BASE / "2020/uppdrag.yaml").read_text(encoding="utf-8")
    late = uppdrag.replace("    delar2: {status: pagar, kommentar: Förstudie klar.}\n", "")
    root = build_repo(tmp_path / "r", files={"2020/uppdrag.yaml": late})
    code, stdout, _ = run("2020", "-C", str(root), "--idag", SEPT_5)
    assert code == 0
    assert stdout.splitlines() == [
        "Delårsrapport 2 2020: inlämning 2020-09-11, om 6 dagar.",
        "Ingen att påminna: ingen av dem som saknar något har en e-postadress.",
        "Saknar e-post (lägg till `epost` för chefen i organisation.yaml), påminns inte:",
        "  Barn- och ungdomsnämnden (bun)",
    ]
    assert not (root / "rapporter").exists()
