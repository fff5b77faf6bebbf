"""`malkoll kolada`: fetching from a local stand-in for Kolada's v3 API, never the internet."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from helpers import EXAMPLES, run
from kolada_server import MALFORMED, NOT_FOUND, KoladaServer, closed_port_url
from malkoll.cli import kolada as cli_kolada
from malkoll.kolada import client, fetch

# The day the fetch stamps as `hamtad`: pinned, so that a run across midnight cannot see two.
FIXED_DAY = dt.date.today()
TODAY = FIXED_DAY.isoformat()


class _PinnedDate(dt.date):
    @classmethod
    def today(cls) -> dt.date:  # a plain date, as the writer expects
        return FIXED_DAY


@pytest.fixture(autouse=True)
def pinned_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """`kolada hamta` reads the day once per fetch; every test here sees FIXED_DAY."""
    monkeypatch.setattr(fetch, "dt", type("PinnedDatetime", (), {"date": _PinnedDate}))


ALE: dict[tuple[str, str], dict[int, dict[str, float | None]]] = {
    ("N15505", "1440"): {
        2016: {"T": 203.0, "K": 219.5, "M": 187.9},
        2017: {"T": 205.1, "K": 221.4, "M": 190.2},
        2018: {"T": 208.3, "K": 224.0, "M": 193.5},
        2019: {"T": 211.0, "K": 226.8, "M": None},
        2020: {"T": 214.9, "K": 230.1, "M": 200.3},
    },
    ("N15505", "0000"): {
        2016: {"T": 223.0, "K": 237.9, "M": 208.8},
        2017: {"T": 224.1, "K": 239.0, "M": 209.9},
        2018: {"T": 225.9, "K": 240.7, "M": 211.8},
        2019: {"T": 226.3, "K": 241.0, "M": 212.3},
        2020: {"T": 229.8, "K": 244.6, "M": 215.7},
    },
    ("N15505", "G148715"): {
        2016: {"T": None},
        2017: {"T": 216.0},
        2018: {"T": 218.2},
        2019: {"T": 219.5},
        2020: {"T": 222.7},
    },
    ("N15436", "1440"): {
        2016: {"T": 79.9, "K": 82.0, "M": 77.9},
        2017: {"T": 80.9, "K": 83.2, "M": 78.8},
        2018: {"T": 79.4, "K": 82.6, "M": 76.5},
        2019: {"T": 82.3, "K": 85.0, "M": 79.8},
        2020: {"T": 81.5, "K": 84.9, "M": 78.3},
    },
    ("N15436", "0000"): {
        2017: {"T": 84.4},
        2018: {"T": 84.1},
        2019: {"T": 84.3},
        2020: {"T": 85.6},
    },
    ("N15436", "G148715"): {
        2017: {"T": 83.1},
        2018: {"T": 82.9},
        2019: {"T": 83.6},
        2020: {"T": 84.2},
    },
    ("N01951", "1440"): {
        2016: {"T": 29300, "K": 14550, "M": 14750},
        2017: {"T": 29958, "K": 14880, "M": 15078},
        2018: {"T": 30605, "K": 15201, "M": 15404},
        2019: {"T": 31402, "K": 15598, "M": 15804},
        2020: {"T": 31868, "K": 15830, "M": 16038},
    },
    ("N01951", "0000"): {
        2019: {"T": 10327589, "K": 5162239, "M": 5165350},
        2020: {"T": 10379295, "K": 5186845, "M": 5192450},
    },
}
KPIS = [
    {
        "id": "N15505",
        "title": "Elever i åk 9, genomsnittligt meritvärde",
        "is_divided_by_gender": True,
    },
    {
        "id": "N15419",
        "title": "Elever i åk 9, meritvärde, avvikelse",
        "is_divided_by_gender": False,
    },
    {"id": "N01951", "title": "Invånare totalt, antal", "is_divided_by_gender": 1},
]


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    """Every test talks to 127.0.0.1 only, and never waits for real between attempts."""
    monkeypatch.setenv(client.ENV_URL, closed_port_url())
    monkeypatch.setattr(client, "sleep", lambda _seconds: None)


@pytest.fixture
def kolada(monkeypatch):
    server = KoladaServer(ALE, KPIS)
    server.start()
    monkeypatch.setenv(client.ENV_URL, server.url)
    yield server
    server.stop()


@pytest.fixture
def waits(monkeypatch):
    seen: list[float] = []
    monkeypatch.setattr(client, "sleep", seen.append)
    return seen


@pytest.fixture
def ale(tmp_path) -> Path:
    root = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", root, ignore=shutil.ignore_patterns("rapporter"))
    return root


def kolada_cli(*args: str) -> tuple[int, str, str]:
    """`malkoll kolada ARGS` through a root app that mounts the sub-app as cli.py will."""
    root = typer.Typer()
    root.add_typer(cli_kolada.app, name="kolada")
    result = CliRunner().invoke(root, ["kolada", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    """The user's files (malkoll's own cache, `.malkoll-cache/`, is not theirs)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".malkoll-cache" not in p.relative_to(root).parts
    }


def text(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


# --- the whole example ------------------------------------------------------------------


def test_hamta_updates_the_example_and_validera_and_rapport_use_the_values(ale, kolada, tmp_path):
    """On a copy of exempel/ale-2020 every Kolada indicator's file is updated, `validera`
    stays clean, and the report shows the fetched values with "Källa: Kolada"; neither
    `validera` nor `rapport` makes a request."""
    status, out, err = kolada_cli("hamta", "-C", str(ale), "--ar", "2016-2020")
    assert (status, err) == (0, "")
    assert "Hämtade 3 indikatorer från Kolada för 2016–2020." in out
    assert "Skrev 3 filer." in out
    for ind in ("N15505", "N15436", "N01951"):
        assert f"hamtad: {TODAY}" in text(ale, f"indikatorer/{ind}.yaml")
    assert "  2020: {T: 214.9, K: 230.1, M: 200.3}" in text(ale, "indikatorer/N15505.yaml")
    assert "  riket: {2019: 10327589, 2020: 10379295}" in text(ale, "indikatorer/N01951.yaml")
    kolada.requests.clear()
    status, out, _ = run("validera", str(ale))
    assert (status, out.startswith("Inga fel eller varningar")) == (0, True), out
    status, _, _ = run("rapport", "2020", "-C", str(ale), "--ut", str(tmp_path / "ut"))
    assert status == 0
    report = (tmp_path / "ut/rapport-2020-helar.md").read_text(encoding="utf-8")
    assert "| 2020 | 214,9 | 230,1 | 200,3 | 218,0 | 229,8 | 222,7 |" in report
    assert "| 2016 | 79,9 | 82,0 | 77,9 |" in report
    assert "Källa: Kolada" in report
    assert kolada.requests == []


def test_a_second_fetch_changes_nothing(ale, kolada):
    """Fetching again with the same figures from Kolada leaves every byte as it was."""
    assert kolada_cli("hamta", "-C", str(ale), "--ar", "2016-2020")[0] == 0
    before = snapshot(ale)
    status, out, _ = kolada_cli("hamta", "-C", str(ale), "--ar", "2016-2020")
    assert status == 0
    assert "indikatorer/N15505.yaml: inga ändringar" in out
    assert out.endswith("Inget ändrades.\n")
    assert snapshot(ale) == before


# --- what is written --------------------------------------------------------------------


def test_a_new_indicator_file_has_exactly_this_content(ale, kolada):
    """A missing `indikatorer/<id>.yaml` is written in the format of format.md: source,
    fetch date, T/K/M per year and the comparisons, with a header saying what is kept."""
    (ale / "indikatorer/N15436.yaml").unlink()
    status, out, _ = kolada_cli("hamta", "-C", str(ale), "--ar", "2019-2020", "-i", "N15436")
    assert status == 0
    assert "indikatorer/N15436.yaml (ny fil):" in out
    assert text(ale, "indikatorer/N15436.yaml") == (
        "# Hämtat från Kolada med `malkoll kolada hamta`. Nästa hämtning uppdaterar Koladas\n"
        "# värden; egna år, jämförelser och kommentarer behålls.\n"
        "indikator: N15436\n"
        "kalla: Kolada\n"
        f"hamtad: {TODAY}\n"
        "utfall:\n"
        "  2019: {T: 82.3, K: 85, M: 79.8}\n"
        "  2020: {T: 81.5, K: 84.9, M: 78.3}\n"
        "jamforelse:\n"
        "  riket: {2019: 84.3, 2020: 85.6}\n"
        "  liknande_kommuner: {2019: 83.6, 2020: 84.2}\n"
    )


HAND_WRITTEN = """\
# Meritvärdet: Koladas siffror, och skolans egen prognos för 2021.
indikator: N15505
källa: Skolverket   # bytte till Kolada 2021
hamtad: 2021-02-15
utfall:
  2017: {T: 205.10, K: 221.4, M: 190.2}
  2019: {T: 211.0, K: 226.8, M: 196.1}   # M rättad för hand
  2020: {T: 214.6, K: 229.9, M: 200.3}
  2021: {T: 216}   # egen prognos
jämförelse:
  riket: {2017: 224.1, 2020: 229.8}
  grannkommuner: {2020: 220.0}   # Kungälv och Lerum, från deras årsredovisningar
"""


def test_hand_written_years_comparisons_and_comments_are_kept(ale, kolada):
    """Only Kolada's values change: comments, a year and a comparison written by hand,
    the spelling of keys and of unchanged values (`205.10`) are kept, a null from Kolada
    never erases a value, and `kalla`/`hamtad` say where and when."""
    (ale / "indikatorer/N15505.yaml").write_text(HAND_WRITTEN, encoding="utf-8")
    status, _, _ = kolada_cli("hamta", "-C", str(ale), "--ar", "2016-2020", "-i", "N15505")
    assert status == 0
    assert text(ale, "indikatorer/N15505.yaml") == (
        "# Meritvärdet: Koladas siffror, och skolans egen prognos för 2021.\n"
        "indikator: N15505\n"
        "källa: Kolada       # bytte till Kolada 2021\n"
        f"hamtad: {TODAY}\n"
        "utfall:\n"
        "  2016: {T: 203, K: 219.5, M: 187.9}\n"
        "  2017: {T: 205.10, K: 221.4, M: 190.2}\n"
        "  2018: {T: 208.3, K: 224, M: 193.5}\n"
        "  2019: {T: 211.0, K: 226.8, M: 196.1}   # M rättad för hand\n"
        "  2020: {T: 214.9, K: 230.1, M: 200.3}\n"
        "  2021: {T: 216}   # egen prognos\n"
        "jämförelse:\n"
        "  riket: {2016: 223, 2017: 224.1, 2018: 225.9, 2019: 226.3, 2020: 229.8}\n"
        "  grannkommuner: {2020: 220.0}   # Kungälv och Lerum, från deras årsredovisningar\n"
        "  liknande_kommuner: {2017: 216, 2018: 218.2, 2019: 219.5, 2020: 222.7}\n"
    )


def test_changes_are_printed_year_by_year(ale, kolada):
    """Each changed file is listed with its new and changed values per year, old values
    in parentheses; unchanged files say so."""
    (ale / "indikatorer/N15505.yaml").write_text(HAND_WRITTEN, encoding="utf-8")
    status, out, _ = kolada_cli("hamta", "-C", str(ale), "--ar", "2016-2020")
    assert status == 0
    assert out.splitlines()[:9] == [
        "Hämtade 3 indikatorer från Kolada för 2016–2020.",
        "indikatorer/N15505.yaml:",
        "  källa: Kolada (var Skolverket)",
        "  2016: T 203, K 219,5, M 187,9, riket 223",
        "  2017: liknande_kommuner 216",
        "  2018: T 208,3, K 224, M 193,5, riket 225,9, liknande_kommuner 218,2",
        "  2019: riket 226,3, liknande_kommuner 219,5",
        "  2020: T 214,9 (var 214,6), K 230,1 (var 229,9), liknande_kommuner 222,7",
        "indikatorer/N15436.yaml:",
    ]
    assert "  2016: T 79,9, K 82, M 77,9" in out
    assert out.endswith("Skrev 3 filer. Granska ändringarna (git diff) och checka in dem.\n")


# --- Kolada's v3 format -------------------------------------------------------------------


def test_pages_nulls_deleted_rows_and_both_period_types(ale, kolada):
    """Three rows a page: every page is followed (on the base URL's host, not the one
    the link names), deleted rows are dropped, `period` is read as a number and as text,
    and a null is no value."""
    status, _, _ = kolada_cli("hamta", "-C", str(ale), "--ar", "2016-2020")
    assert status == 0
    pages = [r for r in kolada.data_requests() if "&page=" in r]
    assert len(pages) >= 10
    n15505 = text(ale, "indikatorer/N15505.yaml")
    assert "999.9" not in n15505
    assert "  2019: {T: 211.0, K: 226.8, M: 196.1}" in n15505  # M null: the file's value stays
    assert "2016: {T: 203, K: 219.5, M: 187.9}" in n15505  # 2016 came as a number
    assert "  2017: {T: 205.1, K: 221.4, M: 190.2}" in n15505  # 2017 as text
    assert "liknande_kommuner: {2017: 216.0" in n15505  # the group's null 2016 is not written


def test_requests_ask_for_at_most_25_ids_in_a_segment(ale, kolada):
    """A long span of years is split into requests of at most 25 years each."""
    status, _, _ = kolada_cli("hamta", "-C", str(ale), "--ar", "1990-2030")
    assert status == 0
    first = [r.split("?")[0] for r in kolada.data_requests() if "&page=" not in r]
    assert [len(r.split("/year/")[1].split(",")) for r in first] == [25, 16]
    assert first[0].startswith("/v3/data/kpi/N15505,N15436,N01951/municipality/1440,0000,G148715/")


def test_ar_and_indikator_choose_what_is_fetched(ale, kolada):
    """`--ar 2020 --indikator N01951` asks only for that KPI and year and changes only
    that file."""
    before = snapshot(ale)
    status, out, _ = kolada_cli("hamta", "-C", str(ale), "--ar", "2020", "--indikator", "N01951")
    assert status == 0
    assert kolada.data_requests()[0] == (
        "/v3/data/kpi/N01951/municipality/1440,0000,G148715/year/2020?per_page=5000"
    )
    after = snapshot(ale)
    assert [rel for rel in after if after[rel] != before[rel]] == ["indikatorer/N01951.yaml"]
    assert out.startswith("Hämtade 1 indikator från Kolada för 2020.\n")
    assert "  2020: riket 10\u00a0379\u00a0295" in out


def test_years_without_values_write_nothing_and_say_so(ale, kolada):
    """When Kolada has no values for the years asked for, no file is created or changed,
    and each indicator is named."""
    (ale / "indikatorer/N15436.yaml").unlink()
    before = snapshot(ale)
    status, out, _ = kolada_cli("hamta", "-C", str(ale), "--ar", "2030")
    assert status == 0
    assert "Kolada har inga värden för N15436 (kolada: N15436) under de åren." in out
    assert "indikatorer/N15505.yaml: inga ändringar" in out
    assert out.endswith("Inget ändrades.\n")
    assert snapshot(ale) == before


def test_without_ar_the_last_ten_years_are_fetched(ale, kolada):
    """The default span is the last ten years, this year included."""
    assert kolada_cli("hamta", "-C", str(ale), "-i", "N15505")[0] == 0
    year = FIXED_DAY.year
    expected = ",".join(str(y) for y in range(year - 9, year + 1))
    assert kolada.data_requests()[0].endswith(f"/year/{expected}?per_page=5000")


# --- failures: one line, exit 1, nothing changed ----------------------------------------------


def test_429_is_retried_after_the_time_kolada_asks_for(ale, kolada, waits):
    """A 429 with `Retry-After: 3` is retried after 3 seconds, and the fetch succeeds."""
    kolada.script = [429]
    status, _, _ = kolada_cli("hamta", "-C", str(ale), "--ar", "2020")
    assert status == 0
    assert waits == [3.0]
    assert "  2020: {T: 214.9, K: 230.1, M: 200.3}" in text(ale, "indikatorer/N15505.yaml")


def test_500_until_the_retries_run_out_changes_nothing(ale, kolada, waits):
    """A server that keeps answering 500 is tried four times with a growing wait, then
    one Swedish line, exit 1, and the repository exactly as it was."""
    kolada.always = 500
    before = snapshot(ale)
    status, out, err = kolada_cli("hamta", "-C", str(ale), "--ar", "2016-2020")
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("malkoll: Kolada svarade 500 (fel hos Kolada) efter 4 försök")
    assert waits == [1.0, 2.0, 4.0]
    assert snapshot(ale) == before


def test_a_failure_on_a_later_page_changes_nothing(ale, kolada):
    """When the third page fails, nothing fetched before it is written."""
    kolada.script = [None, None, MALFORMED]  # two good pages, then a broken body
    before = snapshot(ale)
    status, _, err = kolada_cli("hamta", "-C", str(ale), "--ar", "2016-2020")
    assert status == 1
    assert len(kolada.data_requests()) == 3
    assert "malkoll inte kan läsa: svaret är inte JSON" in err
    assert snapshot(ale) == before


def test_a_malformed_body_is_one_line_and_changes_nothing(ale, kolada):
    """A body that is not JSON: one Swedish line, exit 1, no retry, nothing written."""
    kolada.script = [MALFORMED]
    before = snapshot(ale)
    status, _, err = kolada_cli("hamta", "-C", str(ale))
    assert status == 1
    assert err == (
        "malkoll: Kolada skickade ett svar som malkoll inte kan läsa: svaret är inte JSON. "
        "Inget har ändrats; försök igen senare.\n"
    )
    assert len(kolada.requests) == 1
    assert snapshot(ale) == before


def test_a_404_is_not_retried(ale, kolada, waits):
    """An answer like 404 is not worth repeating: one line naming the request, exit 1."""
    kolada.script = [NOT_FOUND]
    status, _, err = kolada_cli("hamta", "-C", str(ale), "--ar", "2020")
    assert status == 1
    assert err.startswith("malkoll: Kolada svarade 404 (finns inte) på http://127.0.0.1:")
    assert waits == []


def test_kolada_unreachable_is_one_clear_line(ale):
    """Nothing listening (a closed port): one Swedish line, exit 1, nothing changed."""
    before = snapshot(ale)
    status, out, err = kolada_cli("hamta", "-C", str(ale), "--ar", "2020")
    assert (status, out) == (1, "")
    assert err.startswith("malkoll: Kunde inte nå Kolada på http://127.0.0.1:")
    assert err.endswith("Kontrollera nätverksanslutningen och försök igen.\n")
    assert err.count("\n") == 1
    assert snapshot(ale) == before


def test_a_kolada_that_never_answers_times_out(ale, monkeypatch, waits):
    """A server that accepts the connection but never answers is given up on after the
    timeout and the retries: one line, exit 1, nothing changed."""
    monkeypatch.setattr(client, "TIMEOUT", 0.1)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        monkeypatch.setenv(client.ENV_URL, f"http://127.0.0.1:{silent.getsockname()[1]}/v3")
        before = snapshot(ale)
        status, _, err = kolada_cli("hamta", "-C", str(ale), "--ar", "2020")
    assert status == 1
    assert err.startswith("malkoll: Kolada svarade inte inom 0,1 sekunder efter 4 försök")
    assert waits == [1.0, 2.0, 4.0]
    assert snapshot(ale) == before


# --- what malkoll needs before it fetches --------------------------------------------------


def test_a_file_that_cannot_be_updated_stops_before_the_network(ale, kolada):
    """An indicator file that is not valid YAML is not overwritten: exit 2 naming the file,
    and Kolada is not asked at all."""
    (ale / "indikatorer/N15436.yaml").write_text("indikator: N15436\nutfall: [\n", encoding="utf-8")
    before = snapshot(ale)
    status, _, err = kolada_cli("hamta", "-C", str(ale))
    assert status == 2
    assert err.startswith("malkoll: indikatorer/N15436.yaml kan inte uppdateras: filen är inte")
    assert kolada.requests == []
    assert snapshot(ale) == before


def test_without_the_municipalitys_kolada_id_exit_2(ale, kolada):
    """No `kolada:` in malkoll.yaml: exit 2 saying what to add."""
    settings = ale / "malkoll.yaml"
    settings.write_text(text(ale, "malkoll.yaml").replace('kolada: "1440"\n', ""), "utf-8")
    status, _, err = kolada_cli("hamta", "-C", str(ale))
    assert status == 2
    assert "malkoll.yaml saknar kommunens id i Kolada" in err
    assert kolada.requests == []


def test_an_unknown_or_non_kolada_indicator_exits_2(ale, kolada):
    """`--indikator` must name an indicator with `kolada:`; a near miss is suggested."""
    status, _, err = kolada_cli("hamta", "-C", str(ale), "-i", "N15055")
    assert status == 2
    assert "Indikatorn `N15055` är inte definierad i mal/. Menade du `N15505`?" in err
    status, _, err = kolada_cli("hamta", "-C", str(ale), "-i", "ALE-EKO-01")
    assert status == 2
    assert "har ingen `kolada:`" in err
    assert kolada.requests == []


def test_a_bad_ar_exits_2(ale):
    """`--ar` takes a year or a span of years."""
    status, _, err = kolada_cli("hamta", "-C", str(ale), "--ar", "2020-2016")
    assert status == 2
    assert "inte ett år eller ett intervall av år" in err


# --- sok --------------------------------------------------------------------------------


def test_sok_lists_id_gender_and_title(kolada):
    """`malkoll kolada sok meritvärde` lists the matching KPIs over several pages."""
    kolada.page_size = 1
    status, out, _ = kolada_cli("sok", "meritvärde")
    assert status == 0
    assert out == (
        "Id      Kön  Titel\n"
        "N15505  ja   Elever i åk 9, genomsnittligt meritvärde\n"
        "N15419  nej  Elever i åk 9, meritvärde, avvikelse\n"
        "2 nyckeltal.\n"
    )
    assert kolada.requests[0] == "/v3/kpi?title=meritv%C3%A4rde&per_page=5000"
    assert len(kolada.requests) == 2


def test_sok_without_hits_says_so(kolada):
    """A search without hits says so and exits 0."""
    status, out, _ = kolada_cli("sok", "finns inte")
    assert (status, out) == (0, "Inga nyckeltal i Kolada har 'finns inte' i titeln.\n")


def test_the_sub_app_has_swedish_help():
    """`malkoll kolada hamta --help` and `sok --help` explain themselves in Swedish."""
    status, out, _ = kolada_cli("hamta", "--help")
    assert status == 0
    assert "indikatorer/<id>.yaml" in out
    assert "egna år" in out
    status, out, _ = kolada_cli("sok", "--help")
    assert status == 0
    assert "titel" in out
