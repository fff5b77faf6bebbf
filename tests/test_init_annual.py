"""`malkoll init` and the annual report's files (issue 14): a new repository starts the year
with god ekonomisk hushållning, the result lines, personnel, the example goal's own
follow-up and the förvaltningsberättelse's required chapters (heading only), all clean on
the day it is made and asked for by `validera` when their report is due."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from helpers import build_repo, run
from malkoll.model.annual import KAPITEL, KAPITEL_KRAVS, RESULTATPOSTER
from malkoll.reading.load import load
from malkoll.validate import validera
from malkoll.writers.rollover import nytt_ar
from malkoll.writers.scaffold import init
from malkoll.writers.scaffold_annual import EXEMPELBUDGET

DAY = dt.date(2026, 5, 10)
CHAPTERS = [f"2026/forvaltningsberattelse/helar/{c}.md" for c in KAPITEL_KRAVS]


def read(root: Path, rel: str):
    return yaml.safe_load((root / rel).read_text(encoding="utf-8"))


def codes(root: Path, day: str) -> dict[str, list[str]]:
    """The findings on ``day`` by code, each as its path."""
    out: dict[str, list[str]] = {}
    for x in validera(root, idag=dt.date.fromisoformat(day), cache=False).findings:
        out.setdefault(x.code, []).append(x.path)
    return out


def test_the_year_starts_with_the_annual_reports_files(tmp_path):
    root = tmp_path / "r"
    init(root, ar=2026, idag=DAY)
    for rel in ("hushallning.yaml", "bokslut.yaml", "personal.yaml", "malsattningar/1.yaml"):
        assert (root / "2026" / rel).is_file(), rel
    assert not (root / "2026/bolag").exists()  # the starter organisation has no bolag


def test_each_required_chapter_has_only_its_heading(tmp_path):
    """One Markdown file per chapter a person writes (KAPITEL_KRAVS) in the last period's
    folder, with the R15 heading alone; the reader reads them as chapters without text."""
    root = tmp_path / "r"
    init(root, ar=2026, idag=DAY)
    folder = root / "2026/forvaltningsberattelse"
    assert sorted(p.relative_to(root).as_posix() for p in folder.rglob("*")) == sorted(
        [*CHAPTERS, "2026/forvaltningsberattelse/helar"]
    )
    for chapter in KAPITEL_KRAVS:
        text = (folder / f"helar/{chapter}.md").read_text(encoding="utf-8")
        assert text == f"# {KAPITEL[chapter]}\n"
    chapters = load(root, cache=False).ar[2026].forvaltningsberattelse
    assert [(c.id, c.rubrik, c.text.strip()) for c in chapters] == sorted(
        (c, KAPITEL[c], "") for c in KAPITEL_KRAVS
    )


def test_hushallning_has_a_commented_example_goal(tmp_path):
    """Before the annual report is due, no financial goal is made up: the example is a
    comment, with every key a goal has."""
    root = tmp_path / "r"
    init(root, ar=2026, idag=DAY)
    assert read(root, "2026/hushallning.yaml") == {
        "finansiella_mal": [],
        "verksamhetsmal": [],
        "kommun": {},
    }
    text = (root / "2026/hushallning.yaml").read_text(encoding="utf-8")
    commented = text.split("# finansiella_mal:\n", 1)[1].split("\nverksamhetsmal:", 1)[0]
    example = yaml.safe_load(
        "finansiella_mal:\n" + commented.replace("# ", "", 1).replace("\n# ", "\n")
    )
    goal = example["finansiella_mal"][0]
    assert {"id", "namn", "malvarde", "riktning", "utfall", "prognos"} <= set(goal)
    assert list(goal["utfall"]) == ["delar1", "delar2", "helar"]


def test_bokslut_has_the_standard_lines_and_the_passed_periods_figures(tmp_path):
    """The lines every municipality has, by their ids; once a period has passed, the example
    budget and the period's outcome and forecast (the interim report needs the forecast)."""
    before = tmp_path / "jan"
    init(before, ar=2026, idag=dt.date(2026, 1, 15))
    bokslut = read(before, "2026/bokslut.yaml")
    assert bokslut == {"poster": [{"post": p} for p in EXEMPELBUDGET], "balanskrav": {}}
    assert set(EXEMPELBUDGET) <= set(RESULTATPOSTER)
    text = (before / "2026/bokslut.yaml").read_text(encoding="utf-8")
    assert "    # budget: 1000000\n" in text
    may = tmp_path / "maj"
    init(may, ar=2026, idag=DAY)
    lines = read(may, "2026/bokslut.yaml")["poster"]
    assert lines[1] == {
        "post": "skatteintakter",
        "budget": 1000000,
        "perioder": {"delar1": {"utfall": 250000, "prognos": 0}},
    }


def test_the_goals_own_follow_up_covers_the_passed_periods(tmp_path):
    root = tmp_path / "r"
    init(root, ar=2026, idag=DAY)
    goal = read(root, "2026/malsattningar/1.yaml")
    assert goal["malsattning"] == read(root, "mal/1-exempel.yaml")["id"] == "1"
    assert goal["ansvarig"] == "Kommundirektör"
    assert list(goal["uppfoljning"]) == ["delar1"]
    assert {"bedomning", "prognos", "text", "av"} <= set(goal["uppfoljning"]["delar1"])
    early = tmp_path / "jan"
    init(early, ar=2026, idag=dt.date(2026, 1, 15))
    assert read(early, "2026/malsattningar/1.yaml")["uppfoljning"] == {}
    assert read(early, "2026/personal.yaml") == {"sjukfranvaro": {}, "matt": []}


def test_what_is_missing_is_asked_for_when_its_report_is_due(tmp_path):
    """Clean on the day; at the next interim report the goal's assessment and the result
    forecast; at the annual report each chapter without text, the financial goals, the
    assessment, the sick leave and the result lines."""
    root = tmp_path / "r"
    init(root, ar=2026, idag=dt.date(2026, 1, 15))
    assert codes(root, "2026-01-15") == {}
    interim = codes(root, "2026-05-01")
    assert interim["MK607"] == ["2026/malsattningar/1.yaml"]
    assert set(interim["MK608"]) == {"2026/bokslut.yaml"}
    annual = codes(root, "2027-03-01")
    assert sorted(annual["MK601"]) == sorted(CHAPTERS)
    for code, path in (
        ("MK602", "2026/hushallning.yaml"),
        ("MK603", "2026/hushallning.yaml"),
        ("MK605", "2026/personal.yaml"),
        ("MK610", "2026/bokslut.yaml"),
    ):
        assert path in annual[code], code
    code, out, _ = run("validera", str(root), "--idag", "2027-03-01")
    assert code == 1
    assert "har ingen text (Årsredovisning)" in out


def test_a_year_already_over_gets_example_text_and_validates_clean(tmp_path):
    """init for a year whose annual report is due already (back-filling): the chapters
    have example text, and the financial goal, the assessment and the sick leave are
    filled in as examples, said so, like the starter plans' follow-up."""
    root = tmp_path / "r"
    day = dt.date(2027, 2, 1)
    init(root, ar=2026, idag=day)
    for rel in CHAPTERS:
        text = (root / rel).read_text(encoding="utf-8")
        heading, _, body = text.partition("\n\n")
        assert heading.startswith("# "), rel
        assert body.strip(), rel
    h = read(root, "2026/hushallning.yaml")
    assert h["finansiella_mal"][0]["utfall"]["helar"] == 2.4
    assert h["kommun"]["helar"]["bedomning"] == "uppfylld"
    assert "exempel" in (root / "2026/hushallning.yaml").read_text(encoding="utf-8")
    assert set(read(root, "2026/personal.yaml")["sjukfranvaro"]["helar"]) == {
        "totalt", "kvinnor", "man", "alder_29", "alder_30_49", "alder_50", "langtid",
    }  # fmt: skip
    assert codes(root, "2027-02-01") == {}


def test_the_next_year_starts_from_the_new_repository(tmp_path):
    """`nytt-ar` on a repository `init` made: the annual files go on, clean on 1 January."""
    root = tmp_path / "r"
    init(root, ar=2026, idag=dt.date(2027, 1, 10))
    done = nytt_ar(root, 2027, cache=False)
    for rel in ("hushallning.yaml", "bokslut.yaml", "personal.yaml", "malsattningar/1.yaml"):
        assert f"2027/{rel}" in done.created
    assert read(root, "2027/personal.yaml")["foregaende_ar"]["totalt"] == 6.8
    assert codes(root, "2027-01-01") == {}


def test_an_existing_repository_gets_none_of_them(tmp_path):
    """init in a goal repository adds only the files around the data: no annual files and
    no chapters for its year (the base's own are taken away first)."""
    root = build_repo(tmp_path / "bas")
    for rel in ("hushallning.yaml", "bokslut.yaml", "personal.yaml"):
        (root / "2020" / rel).unlink()
    for folder in ("malsattningar", "forvaltningsberattelse"):
        shutil.rmtree(root / "2020" / folder)
    code, out, _ = run("init", str(root), "--idag", "2026-11-30")
    assert code == 0, out
    for rel in ("hushallning.yaml", "bokslut.yaml", "personal.yaml", "malsattningar"):
        assert not (root / "2020" / rel).exists(), rel
    assert not (root / "2020/forvaltningsberattelse").exists()


def test_a_chapter_that_exists_is_left_as_it_is(tmp_path):
    root = tmp_path / "r"
    own = root / "2026/forvaltningsberattelse/helar/oversikt.md"
    own.parent.mkdir(parents=True)
    own.write_text("# Året i korthet\n\nVår egen text.\n", encoding="utf-8")
    result = init(root, ar=2026, idag=DAY)
    assert own.read_text(encoding="utf-8") == "# Året i korthet\n\nVår egen text.\n"
    assert "2026/forvaltningsberattelse/helar/oversikt.md" in result.kept
    assert "2026/forvaltningsberattelse/helar/handelser.md" in result.created
