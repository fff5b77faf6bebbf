"""The annual report fullmäktige adopts (MK601–MK605, MK610–MK612): each rule's failing
example and its fix, through the core on the base repository (repos/bas, whose annual
report is complete: bokslut, hushållning, personal, the goal's own follow-up, the
förvaltningsberättelse and the control plan with its overall judgements), and a few
through the CLI. A finding about a municipality's file that does not exist points at
`kommun:` in malkoll.yaml and names the file to create.
"""

from __future__ import annotations

from pathlib import Path

from helpers import at_text, build_repo, check, edit_file, heads_at_text, run

LATE = "--idag 2021-03-01"  # every period of 2020 due and past its submission date
AUTUMN = "--idag 2020-10-01"  # delår 2 due, the annual report not yet
FB = "2020/forvaltningsberattelse/helar"


def _repo(tmp_path: Path) -> Path:
    return build_repo(tmp_path / "repo")


def _heads(root: Path, flags: str = LATE) -> list[str]:
    return heads_at_text(root, flags)


def _hints(root: Path, flags: str = LATE) -> list[str]:
    return [x.hint for x in check(root, flags).findings]


def test_the_complete_annual_report_is_clean(tmp_path):
    """The base with its annual report's files gives no finding, whichever period is due."""
    root = _repo(tmp_path)
    for flags in ("", LATE, AUTUMN, "--period helar", "--period delar1", "--period delar2"):
        assert _heads(root, flags) == [], flags


# --- MK601 -------------------------------------------------------------------------------


def test_mk601_a_missing_chapter_points_at_kommun_and_names_the_file(tmp_path):
    """A required chapter missing at the annual report is an error at `kommun:` in
    malkoll.yaml, naming R15's heading and the file to create; writing it is the fix. Not
    asked in an interim."""
    root = _repo(tmp_path)
    (root / FB / "handelser.md").unlink()
    assert _heads(root) == [
        "malkoll.yaml:1:1: fel MK601 Förvaltningsberättelsen saknar kapitlet ”Händelser av "
        f"väsentlig betydelse”: {FB}/handelser.md finns inte (Årsredovisning)."
    ]
    assert _hints(root) == [
        f"Skriv kapitlet i {FB}/handelser.md under rubriken ”# Händelser av väsentlig betydelse”."
    ]
    assert _heads(root, AUTUMN) == []
    (root / FB / "handelser.md").write_text("# Händelser\n\nEn ny förskola.\n", encoding="utf-8")
    assert _heads(root) == []


def test_mk601_suggests_a_chapter_file_with_a_near_name(tmp_path):
    """A chapter written under a near-miss name (`handelse.md`) is named in the finding,
    with the name it should have; the finding is in that file, at its heading, since
    renaming it is the fix."""
    root = _repo(tmp_path)
    (root / FB / "handelser.md").rename(root / FB / "handelse.md")
    found = check(root, LATE).findings
    assert [at_text(root, x) for x in found] == [
        f"{FB}/handelse.md:1:1: fel MK601 Förvaltningsberättelsen saknar kapitlet "
        "”Händelser av väsentlig betydelse” (Årsredovisning). Filen `handelse.md` finns: "
        "menade du `handelser.md`?"
    ]
    assert found[0].hint == f"Byt namn på {FB}/handelse.md till handelser.md."


def test_mk601_a_chapter_without_text(tmp_path):
    """A chapter with a heading and nothing below it is MK601 at its heading."""
    root = _repo(tmp_path)
    (root / FB / "styrning.md").write_text("\n# Styrning och uppföljning\n\n", encoding="utf-8")
    assert _heads(root) == [
        f"{FB}/styrning.md:2:1: fel MK601 Kapitlet ”Styrning och uppföljning” har ingen text "
        "(Årsredovisning)."
    ]
    (root / FB / "styrning.md").write_text("# Styrning\n\nTre perioder.\n", encoding="utf-8")
    assert _heads(root) == []


# --- MK602, MK603 ------------------------------------------------------------------------


def test_mk602_a_financial_goal_without_its_outcome(tmp_path):
    """At the annual report each financial goal has its outcome; the finding points at
    the goal's mapping."""
    root = _repo(tmp_path)
    edit_file(root, "2020/hushallning.yaml", "    utfall: {helar: 0.8}\n", "")
    assert _heads(root) == [
        "2020/hushallning.yaml:2:5: fel MK602 Det finansiella målet ”Resultatet ska vara "
        "minst 1 % av skatteintäkter och statsbidrag” saknar utfall (Årsredovisning)."
    ]
    assert _heads(root, AUTUMN) == []
    edit_file(
        root,
        "2020/hushallning.yaml",
        "    malvarde: 1\n",
        "    malvarde: 1\n    utfall: {delar2: 1}\n",
    )
    assert _heads(root) == [
        "2020/hushallning.yaml:6:5: fel MK602 Det finansiella målet ”Resultatet ska vara "
        "minst 1 % av skatteintäkter och statsbidrag” saknar utfall (Årsredovisning)."
    ]
    edit_file(root, "2020/hushallning.yaml", "{delar2: 1}", "{helar: 0.8}")
    assert _heads(root) == []


def test_mk603_no_hushallning_file(tmp_path):
    """Without hushallning.yaml the finding points at `kommun:` in malkoll.yaml and names
    the file to create."""
    root = _repo(tmp_path)
    (root / "2020/hushallning.yaml").unlink()
    assert _heads(root) == [
        "malkoll.yaml:1:1: fel MK603 Bedömningen av god ekonomisk hushållning "
        "saknas: 2020/hushallning.yaml finns inte (Årsredovisning)."
    ]


def test_mk603_the_assessment_and_its_text(tmp_path):
    """No `kommun.helar` is MK603 at the file's mapping; an assessment without text at the
    assessment."""
    root = _repo(tmp_path)
    edit_file(root, "2020/hushallning.yaml", "    text: Resultatmålet nås inte", "    # text:")
    assert _heads(root) == [
        "2020/hushallning.yaml:11:5: fel MK603 Den samlade bedömningen av god ekonomisk "
        "hushållning för kommunen saknar text (Årsredovisning)."
    ]
    edit_file(root, "2020/hushallning.yaml", "  helar:\n", "  delar2:\n")
    assert _heads(root) == [
        "2020/hushallning.yaml:9:1: fel MK603 Den samlade bedömningen av god ekonomisk "
        "hushållning för kommunen saknas (Årsredovisning)."
    ]


def test_mk603_the_koncern_when_there_are_bolag(tmp_path):
    """With a bolag in organisation.yaml the koncern's assessment is required too."""
    root = _repo(tmp_path)
    with (root / "organisation.yaml").open("a", encoding="utf-8") as out:
        out.write("- {id: bostad, namn: AB Bostäder, typ: bolag}\n")
    (root / "2020/bolag").mkdir()
    (root / "2020/bolag/bostad.yaml").write_text(
        "organisation: bostad\nperioder:\n  delar1: {prognos: 1000}\n  delar2: {prognos: 1200}\n"
        "  helar: {resultat: 1500}\n",
        encoding="utf-8",
    )
    assert _heads(root) == [
        "2020/hushallning.yaml:1:1: fel MK603 Den samlade bedömningen av god ekonomisk "
        "hushållning för koncernen saknas (kommunen har bolag i organisation.yaml) "
        "(Årsredovisning)."
    ]
    with (root / "2020/hushallning.yaml").open("a", encoding="utf-8") as out:
        out.write("koncern:\n  helar: {bedomning: uppfylld, text: Bolagen når sina mål.}\n")
    assert _heads(root) == []


# --- MK604 -------------------------------------------------------------------------------


def test_mk604_a_deficit_to_restore_without_a_plan(tmp_path):
    """An earlier deficit of 8 000 that this year's 4 400 (4 900 − 500) only partly
    restores leaves 3 600: without `atgardsplan` an error at the balanskrav's mapping. In
    delår 2 the forecast (1 700 − 500 = 1 200) leaves 6 800."""
    root = _repo(tmp_path)
    edit_file(
        root,
        "2020/bokslut.yaml",
        "  realisationsvinster: 500\n",
        "  realisationsvinster: 500\n  underskott: {2019: 8000}\n",
    )
    assert _heads(root) == [
        "2020/bokslut.yaml:27:3: fel MK604 Balanskravsresultatet 4 400 tkr och "
        "3 600 tkr återstår att återställa, men åtgärdsplan saknas "
        "(Årsredovisning)."
    ]
    assert _heads(root, AUTUMN) == [
        "2020/bokslut.yaml:27:3: fel MK604 Enligt prognosen blir balanskravsresultatet "
        "1 200 tkr och 6 800 tkr återstår att återställa, men "
        "åtgärdsplan saknas (Delårsrapport 2)."
    ]
    with (root / "2020/bokslut.yaml").open("a", encoding="utf-8") as out:
        out.write("  atgardsplan: Återställs 2021 enligt KF 2020-06-15 § 80.\n")
    assert _heads(root) == []
    assert _heads(root, AUTUMN) == []


def test_mk604_this_years_own_deficit(tmp_path):
    """A negative balanskravsresultat of the year is itself to restore: realisation gains
    of 6 000 turn the result of 4 900 into −1 100."""
    root = _repo(tmp_path)
    edit_file(root, "2020/bokslut.yaml", "realisationsvinster: 500", "realisationsvinster: 6000")
    assert _heads(root) == [
        "2020/bokslut.yaml:27:3: fel MK604 Balanskravsresultatet −1 100 tkr och "
        "1 100 tkr återstår att återställa, men åtgärdsplan saknas "
        "(Årsredovisning)."
    ]
    edit_file(
        root,
        "2020/bokslut.yaml",
        "realisationsvinster: 6000",
        "realisationsvinster: 6000\n  fran_resultatutjamningsreserv: 1100\n"
        "  resultatutjamningsreserv: 5000",
    )
    assert _heads(root) == []


# --- MK605 -------------------------------------------------------------------------------


def test_mk605_the_sick_leave_figures(tmp_path):
    """No personal.yaml, no figures for the period, or figures missing without
    `ej_redovisat`: each an error, the missing figures named."""
    root = _repo(tmp_path)
    edit_file(root, "2020/personal.yaml", "kvinnor: 8.6, man: 5.2, ", "")
    assert _heads(root) == [
        "2020/personal.yaml:2:10: fel MK605 Sjukfrånvaron saknar uppgifter: kvinnor "
        "(kvinnor), män (man) (Årsredovisning)."
    ]
    edit_file(
        root, "2020/personal.yaml", "langtid: 41.3", "langtid: 41.3, ej_redovisat: Ny mätning"
    )
    assert _heads(root) == []
    (root / "2020/personal.yaml").write_text("sjukfranvaro:\n  delar2: {totalt: 7}\n", "utf-8")
    assert _heads(root) == [
        "2020/personal.yaml:1:1: fel MK605 Sjukfrånvaron saknas (Årsredovisning)."
    ]
    (root / "2020/personal.yaml").unlink()
    assert _heads(root) == [
        "malkoll.yaml:1:1: fel MK605 Sjukfrånvaron saknas: 2020/personal.yaml finns inte "
        "(Årsredovisning)."
    ]
    assert _heads(root, AUTUMN) == []


def test_a_missing_file_points_at_line_1_without_kommun(tmp_path):
    """With `kommun` missing from malkoll.yaml (MK106, at line 1) a missing file of the
    municipality's is pointed at line 1 too, not at the first key that happens to be there."""
    root = _repo(tmp_path)
    edit_file(root, "malkoll.yaml", "kommun: Testkommun\n", "# Inställningar\n\n")
    (root / "2020/personal.yaml").unlink()
    assert _heads(root) == [
        "malkoll.yaml:1:1: fel MK106 Nyckeln `kommun` saknas.",
        "malkoll.yaml:1:1: fel MK605 Sjukfrånvaron saknas: 2020/personal.yaml finns inte "
        "(Årsredovisning).",
    ]


# --- MK610 -------------------------------------------------------------------------------


def test_mk610_the_result_lines_file(tmp_path):
    """At the annual report bokslut.yaml, its lines with budget and outcome, and the
    balanskrav are required."""
    root = _repo(tmp_path)
    edit_file(root, "2020/bokslut.yaml", "      helar: {utfall: -2600}\n", "")
    assert _heads(root) == [
        "2020/bokslut.yaml:22:5: fel MK610 Resultatposten `finansnetto` saknar utfall: årets "
        "resultat kan inte räknas ut (Årsredovisning)."
    ]
    edit_file(root, "2020/bokslut.yaml", "    budget: -3000\n", "")
    edit_file(
        root,
        "2020/bokslut.yaml",
        "      delar2: {utfall: -2000, prognos: 200}\n",
        "      delar2: {utfall: -2000, prognos: 200}\n      helar: {utfall: -2600}\n",
    )
    assert _heads(root) == [
        "2020/bokslut.yaml:20:5: fel MK610 Resultatposten `finansnetto` saknar budget: årets "
        "resultat kan inte räknas ut (Årsredovisning)."
    ]
    edit_file(root, "2020/bokslut.yaml", "balanskrav:\n  realisationsvinster: 500\n", "")
    assert _heads(root)[0] == (
        "2020/bokslut.yaml:1:1: fel MK610 2020/bokslut.yaml saknar balanskrav: kommunens "
        "resultat och balanskravsutredning kan inte ställas upp (Årsredovisning)."
    )
    (root / "2020/bokslut.yaml").unlink()
    assert _heads(root) == [
        "malkoll.yaml:1:1: fel MK608 Prognosen för årets resultat kan inte räknas ut: "
        "2020/bokslut.yaml finns inte (Delårsrapport 1 och Delårsrapport 2).",
        "malkoll.yaml:1:1: fel MK610 Kommunens resultat och balanskravsutredning kan "
        "inte ställas upp: 2020/bokslut.yaml finns inte (Årsredovisning).",
    ]


# --- MK611 -------------------------------------------------------------------------------


def test_mk611_a_framgangsfaktor_without_follow_up(tmp_path):
    """At the annual report each framgångsfaktor of the goal is followed up in its own
    follow-up file: a warning at the period's entry."""
    root = _repo(tmp_path)
    path = "2020/malsattningar/1.yaml"
    edit_file(
        root,
        path,
        "    framgangsfaktorer:\n      ff1: {bedomning: gron, text: Tidiga "
        "insatser i förskoleklass.}\n",
        "",
    )
    assert _heads(root) == [
        f"{path}:8:5: varning MK611 Framgångsfaktorn ”Tidiga insatser” (`ff1`) är inte "
        "uppföljd (målsättning 1, Årsredovisning)."
    ]
    with (root / path).open("a", encoding="utf-8") as out:
        out.write("    framgangsfaktorer:\n      ff1: {bedomning: gron}\n")
    assert _heads(root) == [
        f"{path}:11:12: varning MK611 Framgångsfaktorn ”Tidiga insatser” (`ff1`) är inte "
        "uppföljd (målsättning 1, Årsredovisning)."
    ]
    edit_file(root, path, "ff1: {bedomning: gron}", "ff1: {bedomning: gron, text: Bra.}")
    assert _heads(root) == []


# --- MK612 -------------------------------------------------------------------------------


def test_mk612_a_line_of_the_municipalitys_own_needs_a_name(tmp_path):
    """A result line of an own id without `namn` is MK612 at its id, with the known ids
    suggested; a known id needs no name."""
    root = _repo(tmp_path)
    own = (
        "  - post: skatteintakt\n    budget: 0\n    perioder:\n"
        "      delar1: {prognos: 0}\n      delar2: {prognos: 0}\n      helar: {utfall: 0}\n"
    )
    edit_file(root, "2020/bokslut.yaml", "balanskrav:", own + "balanskrav:")
    found = check(root, LATE).findings
    assert [x.head() for x in found] == [
        "2020/bokslut.yaml:26:5: fel MK612 Resultatposten `skatteintakt` är ingen av raderna "
        "malkoll känner och har inget namn. Menade du `skatteintakter`?"
    ]
    assert found[0].hint.startswith("Ange namn för en egen rad, eller en av `finansforvaltning`")
    edit_file(
        root, "2020/bokslut.yaml", "    budget: 0\n", "    namn: Exploatering\n    budget: 0\n"
    )
    assert _heads(root) == []


# --- through the CLI ---------------------------------------------------------------------


def test_cli_reports_the_annual_reports_gaps_and_exits_1(tmp_path):
    """`malkoll validera --idag 2021-03-01` prints the annual report's findings in the
    fixed line shape with their hints, and exits 1."""
    root = _repo(tmp_path)
    (root / FB / "oversikt.md").unlink()
    (root / "2020/personal.yaml").unlink()
    status, out, _ = run("validera", str(root), "--idag", "2021-03-01")
    assert status == 1
    lines = out.splitlines()
    assert (
        "malkoll.yaml:1:1: fel MK601 Förvaltningsberättelsen saknar kapitlet ”Översikt över "
        f"utvecklingen av verksamheten”: {FB}/oversikt.md finns inte (Årsredovisning)." in lines
    )
    assert (
        "malkoll.yaml:1:1: fel MK605 Sjukfrånvaron saknas: 2020/personal.yaml finns inte "
        "(Årsredovisning)." in lines
    )
    assert f"    Skriv kapitlet i {FB}/oversikt.md under rubriken ”# Översikt över " in out
    assert "    Skapa 2020/personal.yaml med sjukfrånvaron under sjukfranvaro.helar." in lines


def test_cli_rules_can_be_turned_off(tmp_path):
    """A municipality that writes its annual report elsewhere turns the rules off with
    `regler:` in malkoll.yaml, and `validera` exits 0."""
    root = _repo(tmp_path)
    for rel in ("2020/bokslut.yaml", "2020/hushallning.yaml", "2020/personal.yaml"):
        (root / rel).unlink()
    for chapter in (root / FB).iterdir():
        chapter.unlink()
    edit_file(
        root,
        "malkoll.yaml",
        'kolada: "0180"',
        'kolada: "0180"\nregler: {MK601: av, MK603: av, MK605: av, MK608: av, MK610: av}',
    )
    status, out, _ = run("validera", str(root), "--idag", "2021-03-01")
    assert status == 0, out


def test_a_file_that_cannot_be_read_is_not_reported_missing(tmp_path):
    """A hushallning.yaml, personal.yaml, bokslut.yaml or chapter that is there but cannot
    be read gives its own finding (MK101, MK102) and no claim that it does not exist."""
    root = _repo(tmp_path)
    for rel in ("2020/hushallning.yaml", "2020/personal.yaml", "2020/bokslut.yaml"):
        (root / rel).write_text("a: [\n", encoding="utf-8")
    (root / FB / "handelser.md").write_bytes(b"# H\xe4ndelser\n")
    codes = sorted({x.code for x in check(root, LATE).findings})
    assert codes == ["MK101", "MK102"]
