"""`malkoll kalender`: the årshjul as iCalendar, parsed back with the icalendar library:
the events and their dates, the deadlines with their reminders, stable UIDs, escaping,
å/ä/ö and folding, and where the file may be written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import typer
from typer.testing import CliRunner

from helpers import EXAMPLES, build_repo
from malkoll.cli import kalender as cli_kalender
from malkoll.writers.calendar import kalender

STAMP = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
ALE = EXAMPLES / "ale-2020"

app = typer.Typer()
app.command("kalender")(cli_kalender.kalender)
app.command("annat")(lambda: None)  # two commands: `kalender` stays a subcommand


def run(*args: str) -> tuple[int, str, str]:
    """Exit status, stdout (its bytes as they are, CRLF kept) and stderr."""
    result = CliRunner().invoke(app, ["kalender", *args], catch_exceptions=False)
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


def parsed(root: Path, year: int = 2020) -> tuple[str, icalendar.Calendar]:
    text = kalender(root, year, stamp=STAMP)[1].text
    return text, icalendar.Calendar.from_ical(text)


def events(cal: icalendar.Calendar) -> list[icalendar.Event]:
    return list(cal.walk("VEVENT"))


def test_every_event_of_the_arshjul_is_an_all_day_event():
    """Ale's 19 events on their dates, all-day (DATE, DTEND the day after), in Swedish,
    with the period named; the calendar has Ale's name."""
    _, cal = parsed(ALE)
    assert str(cal["X-WR-CALNAME"]) == "Ale kommun: årshjul 2020"
    assert str(cal["PRODID"]) == "-//malkoll//arshjul//SV"
    plain = [e for e in events(cal) if "-handelse-" in str(e["UID"])]
    assert len(plain) == 19
    first = plain[0]
    assert str(first["SUMMARY"]) == "Månadsuppföljning januari"
    assert first.decoded("DTSTART") == dt.date(2020, 1, 31)
    assert first.decoded("DTEND") == dt.date(2020, 2, 1)
    assert first.decoded("DTSTAMP") == STAMP
    delar2 = next(e for e in plain if e.decoded("DTSTART") == dt.date(2020, 8, 31))
    assert str(delar2["DESCRIPTION"]) == (
        "Period: Delårsrapport 2 (delar2).\nSista dag för underlagen: 2020-09-11."
    )
    dialog = next(e for e in plain if e.decoded("DTSTART") == dt.date(2020, 10, 6))
    assert str(dialog["DESCRIPTION"]) == "Gäller: Utbildningsnämnden."


def test_a_submission_date_is_its_own_event_with_a_reminder_a_week_before():
    """Each of Ale's five `inlamning` days is an event that day, naming what it is for,
    with a display alarm seven days before; its text is for those who submit: what is due,
    by when, for which period and where it is written, and no command to run."""
    _, cal = parsed(ALE)
    deadlines = [e for e in events(cal) if "-inlamning-" in str(e["UID"])]
    assert [e.decoded("DTSTART") for e in deadlines] == [
        dt.date(2020, 3, 9),
        dt.date(2020, 4, 14),
        dt.date(2020, 6, 8),
        dt.date(2020, 9, 11),
        dt.date(2021, 1, 22),
    ]
    delar2 = deadlines[3]
    assert str(delar2["SUMMARY"]) == (
        "Sista dag för underlag: Delårsrapport 2 med uppföljning av internkontrollen"
    )
    assert str(delar2["DESCRIPTION"]).splitlines() == [
        "Sista dag att lämna underlaget till Delårsrapport 2 med uppföljning av "
        "internkontrollen: 11 september 2020. Underlaget gäller tiden till och med 31 augusti "
        "2020.",
        "Period: Delårsrapport 2 (delar2).",
        "Skriv in uppföljningen av Delårsrapport 2 i er plan i målrepot (2020/plan/): analys "
        "och bedömning av delmålen och uppföljningen av aktiviteterna och verksamhetsmålen. "
        "Markera den klar (klarmarkering) när allt är på plats.",
        "Controllern sammanställer underlagen och påminner om det som saknas; frågor går "
        "till controllern.",
    ]
    may = deadlines[2]
    assert str(may["DESCRIPTION"]).splitlines()[:3] == [
        "Sista dag att lämna underlaget till Budgetuppföljning med helårsprognos: 8 juni "
        "2020. Underlaget gäller tiden till och med 31 maj 2020.",
        "Månad: maj.",
        "Skriv in nämndens helårsprognos för maj i 2020/ekonomi.yaml i målrepot.",
    ]
    for e in deadlines:
        assert "malkoll" not in str(e["DESCRIPTION"])
    (alarm,) = delar2.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -dt.timedelta(days=7)


def test_uids_are_unique_and_stay_when_a_date_moves(tmp_path):
    """Moving delår 2's date and deadline keeps both UIDs (a re-import moves the events);
    every UID in the file is different, also for two events with the same text."""
    files = {
        "2020/arshjul.yaml": (
            "- {datum: 2020-08-31, vad: Delårsrapport 2, period: delar2, inlamning: 2020-09-11}\n"
            "- {datum: 2020-10-01, vad: Dialog}\n"
            "- {datum: 2020-11-01, vad: Dialog}\n"
        )
    }
    root = build_repo(tmp_path / "r", files=files)
    _, before = parsed(root)
    moved = files["2020/arshjul.yaml"].replace("2020-08-31", "2020-08-28")
    (root / "2020/arshjul.yaml").write_text(moved.replace("09-11", "09-14"), encoding="utf-8")
    _, after = parsed(root)
    uids = [str(e["UID"]) for e in events(before)]
    assert len(set(uids)) == len(uids) == 4
    assert [str(e["UID"]) for e in events(after)] == uids
    assert [e.decoded("DTSTART") for e in events(after)][:2] == [
        dt.date(2020, 8, 28),
        dt.date(2020, 9, 14),
    ]


def test_text_is_escaped_and_folded_and_reads_back_exactly(tmp_path):
    """`,;\\` and a line break are escaped, å/ä/ö are UTF-8, no line is over 75 octets,
    and the text reads back as it was written."""
    tail = " ".join(["åäö"] * 30)
    vad = f"Möte, KS; budget\\justering\nnästa rad {tail}"
    yaml = (
        f"- datum: 2020-05-04\n  vad: |-\n    Möte, KS; budget\\justering\n    nästa rad {tail}\n"
    )
    files = {"2020/arshjul.yaml": yaml}
    root = build_repo(tmp_path / "r", files=files)
    text, cal = parsed(root)
    raw = text.encode("utf-8")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\r\n " in raw  # folded
    assert "\n" not in text.replace("\r\n", "")  # only CRLF line ends
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Möte\\, KS\\; budget\\\\justering\\nnästa rad åäö" in unfolded
    (event,) = events(cal)
    assert str(event["SUMMARY"]) == vad


def test_the_file_is_written_and_replaced_only_when_malkoll_wrote_it(tmp_path):
    """The default place is rapporter/arshjul-ÅR.ics; written again it is replaced; a
    person's file at the place asked for is refused with one line and exit 2."""
    root = build_repo(tmp_path / "r")
    code, out, _ = run("2020", "-C", str(root))
    target = root / "rapporter" / "arshjul-2020.ics"
    assert code == 0
    assert out == f"Skrev {target} (4 händelser och 3 inlämningsdagar).\n"
    assert icalendar.Calendar.from_ical(target.read_bytes())
    assert run("2020", "-C", str(root))[0] == 0
    own = root / "min.ics"
    own.write_text("Mina anteckningar\n", encoding="utf-8")
    code, out, err = run("2020", "-C", str(root), "--ut", str(own))
    assert code == 2
    assert "inte en kalender som malkoll har skrivit" in err
    assert own.read_text(encoding="utf-8") == "Mina anteckningar\n"


def test_an_explicit_file_in_a_folder_that_is_not_there_is_an_error(tmp_path):
    """`--ut` makes no folders: a missing folder (or a file where the folder should be) is
    one Swedish line naming it and exit 2, with nothing created; the default folder
    rapporter/ is made as the reports make theirs."""
    root = build_repo(tmp_path / "r")
    missing = tmp_path / "finns" / "inte"
    code, out, err = run("2020", "-C", str(root), "--ut", str(missing / "x.ics"))
    assert (code, out) == (2, "")
    assert err == (
        f"malkoll: Mappen {missing} finns inte. Skapa den först, eller ange en annan fil med "
        "--ut.\n"
    )
    assert not (tmp_path / "finns").exists()
    (tmp_path / "fil").write_text("", encoding="utf-8")
    code, _, err = run("2020", "-C", str(root), "--ut", str(tmp_path / "fil" / "x.ics"))
    assert code == 2
    assert f"Mappen {tmp_path / 'fil'} är ingen mapp." in err
    assert run("2020", "-C", str(root), "--ut", str(tmp_path / "x.ics"))[0] == 0
    assert not (root / "rapporter").exists()
    assert run("2020", "-C", str(root))[0] == 0
    assert (root / "rapporter" / "arshjul-2020.ics").is_file()


def test_dash_writes_to_stdout_and_a_missing_year_exits_2(tmp_path):
    """`--ut -` prints the calendar; a year without a folder is one line and exit 2."""
    root = build_repo(tmp_path / "r")
    code, out, _ = run("2020", "-C", str(root), "-o", "-")
    assert code == 0
    assert out.startswith("BEGIN:VCALENDAR\r\n")
    assert not (root / "rapporter").exists()
    code, _, err = run("2031", "-C", str(root))
    assert code == 2
    assert "Året 2031 finns inte i målrepot (årsmappar: 2020)." in err


def test_a_broken_arshjul_is_refused(tmp_path):
    """An årshjul with an error would give a calendar without the broken events: refused."""
    bad = "- {datum: 2020-13-01, vad: Fel datum}\n- {datum: 2020-05-01, vad: Rätt}\n"
    root = build_repo(tmp_path / "r", files={"2020/arshjul.yaml": bad})
    code, _, err = run("2020", "-C", str(root))
    assert code == 2
    assert "2020/arshjul.yaml har fel" in err
