"""Unusual but real repositories: custom settings, missing pieces, odd folders and paths."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import BASE, EXAMPLES, build_repo, check, places, run
from malkoll.model.index import Index
from malkoll.reading.load import load

ALE = EXAMPLES / "ale-2020"
LATE = "--idag 2021-03-01"


def copy(tmp_path: Path, source: Path = ALE) -> Path:
    return shutil.copytree(source, tmp_path / "repo")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_settings_missing_kommun_keep_the_rest(tmp_path):
    """A malkoll.yaml without `kommun` is one finding; its own scale and periods still apply."""
    root = build_repo(
        tmp_path / "repo",
        Path(__file__).parent / "repos/giltiga/egen-skala",
    )
    edit(root / "malkoll.yaml", "kommun: Testkommun\n", "")
    assert places(check(root, LATE).findings) == ["malkoll.yaml:1:1: fel MK106"]


def test_periods_are_ordered_by_date(tmp_path):
    """Periods written out of order are used in date order: clean, and the annual report
    is still the year's last period."""
    root = copy(tmp_path)
    edit(
        root / "malkoll.yaml",
        "perioder:",
        'perioder:\n  helar: {namn: Årsredovisning, per: "12-31"}',
    )
    text = (root / "malkoll.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("  helar:"))
    second = next(i for i, line in enumerate(lines) if line.startswith("  helar:") and i != first)
    del lines[second]
    (root / "malkoll.yaml").write_text("".join(lines), encoding="utf-8")
    assert places(check(root, LATE).findings) == []
    status, out, _ = run(
        "rapport", "2020", "-C", str(root), "--ut", str(tmp_path / "ut"), "-f", "md"
    )
    assert status == 0
    assert "rapport-2020-helar.md" in out


def test_own_scale_without_atgarder_vid_asks_for_measures_below_the_best(tmp_path):
    """A scale of one's own without `analys.atgarder_vid`: no error about gul/rod, and every
    step but the best needs measures."""
    root = build_repo(tmp_path / "repo", Path(__file__).parent / "repos/giltiga/egen-skala")
    edit(root / "malkoll.yaml", "  atgarder_vid: [delvis, ej]\n", "")
    assert places(check(root, LATE).findings) == []
    for month in ("maj", "okt", "jan"):  # the measures of delar1, delar2 and helar
        edit(root / "2020/plan/sektor/grundskola.yaml", f", atgarder: Rektor i {month}.", "")
    findings = check(root, LATE).findings
    assert [x.split()[-1] for x in places(findings)] == ["MK304"] * 3
    # A step named in several words is quoted, so the sentence still reads.
    assert findings[0].message.startswith("Bedömningen är `Delvis uppfyllt` men analysen")


def test_a_namnd_without_its_own_plan_is_still_in_the_report(tmp_path):
    """A nämnd whose plan is missing keeps its matrix column and its section."""
    root = copy(tmp_path)
    (root / "2020/plan/sn/sn.yaml").unlink()
    status, _, _ = run("rapport", "2020", "-C", str(root), "--ut", str(tmp_path / "ut"), "-f", "md")
    assert status == 0
    md = (tmp_path / "ut/rapport-2020-helar.md").read_text(encoding="utf-8")
    assert "| Servicenämnden |" in md.split("\n## Strategiska", 1)[0]
    assert "### Servicenämnden" in md


def test_report_ignores_other_years_files(tmp_path):
    """A broken file in next year's folder does not make this year's report a draft."""
    root = copy(tmp_path)
    (root / "2021/plan").mkdir(parents=True)
    (root / "2021/plan/x.yaml").write_text("organisation: [\n", encoding="utf-8")
    status, out, _ = run(
        "rapport", "2020", "-C", str(root), "--ut", str(tmp_path / "ut"), "--idag", "2021-03-01"
    )
    assert status == 0
    assert "utkast" not in out


def test_year_folder_out_of_range_is_a_finding_not_a_crash(tmp_path):
    """A folder `0000` is not a year: its YAML files are MK107, and nytt-ar refuses odd years."""
    root = build_repo(tmp_path / "repo", files={"0000/plan/x.yaml": "organisation: bun\nar: 0\n"})
    assert places(check(root, "--idag 2020-01-01").findings) == ["0000/plan/x.yaml:1:1: fel MK107"]
    status, _, err = run("nytt-ar", "10000", "-C", str(root))
    assert status == 2
    assert "mellan 1900 och 2200" in err


def test_report_to_a_path_that_is_a_file_is_one_line(tmp_path):
    """`--ut` naming a file: one Swedish line and exit 2, no traceback."""
    target = tmp_path / "fil"
    target.write_text("x", encoding="utf-8")
    status, _, err = run("rapport", "2020", "-C", str(BASE), "--ut", str(target))
    assert status == 2
    assert err.startswith("malkoll: Kunde inte skriva")


def test_template_that_misuses_a_filter_is_one_line(tmp_path):
    """A template error at render time (a filter on the wrong type) is one line and exit 2."""
    root = build_repo(tmp_path / "repo")
    (root / "mallar").mkdir()
    (root / "mallar/rapport.md.j2").write_text("{{ r.kommun | tal }}\n", encoding="utf-8")
    status, _, err = run(
        "rapport", "2020", "-C", str(root), "--ut", str(tmp_path / "ut"), "-f", "md"
    )
    assert status == 2
    assert "mall" in err


def test_empty_format_and_missing_template_folder_exit_2(tmp_path):
    """`--format ""` and a `--mallar` folder that does not exist are usage errors."""
    assert run("rapport", "2020", "-C", str(BASE), "--ut", str(tmp_path), "--format", "")[0] == 2
    status, _, err = run(
        "rapport", "2020", "-C", str(BASE), "--ut", str(tmp_path), "--mallar", str(tmp_path / "nej")
    )
    assert status == 2
    assert "finns inte" in err


def test_forecast_missing_for_a_namnd_absent_from_ekonomi(tmp_path):
    """MK500 points at the nämnd in organisation.yaml when ekonomi.yaml lacks it (or is gone);
    without the nämnder's net cost the municipality's result cannot be computed either
    (MK608 for the interims' forecast, MK610 for the annual report, at kommun:)."""
    root = build_repo(tmp_path / "repo")
    (root / "2020/ekonomi.yaml").unlink()
    found = places(check(root, LATE).findings)
    assert found == [
        "malkoll.yaml:1:1: fel MK608",
        "malkoll.yaml:1:1: fel MK610",
        *["organisation.yaml:1:3: fel MK500"] * 2,  # feb and maj
    ]


def test_control_plan_without_adoption_date(tmp_path):
    """A plan with controls but no `antagen` is MK506 once the year's first period has passed."""
    root = build_repo(tmp_path / "repo")
    edit(root / "2020/internkontroll/bun.yaml", "antagen: 2019-12-10\n", "")
    assert places(check(root, "--idag 2020-03-01").findings) == []
    assert places(check(root, LATE).findings) == ["2020/internkontroll/bun.yaml:1:1: fel MK506"]


def test_an_organisation_written_twice_keeps_its_first_definition(tmp_path):
    """An id written twice in organisation.yaml is one MK201, at the second place; the
    first definition is the organisation everywhere else, and what is written below the
    second still exists (a plan of it names a known organisation)."""
    root = build_repo(tmp_path / "repo")
    tree = root / "organisation.yaml"
    again = "- id: bun\n  namn: Barn och unga\n  typ: sektor\n  delar:\n"
    again += "    - {id: fritids, namn: Fritids, typ: enhet}\n"
    tree.write_text(tree.read_text(encoding="utf-8") + again, encoding="utf-8")
    (root / "2020/plan/fritids.yaml").write_text("organisation: fritids\nar: 2020\n", "utf-8")
    found = check(root, "--idag 2020-01-01").findings
    assert [x.head() for x in found] == [
        "organisation.yaml:14:3: fel MK201 Organisationen `bun` finns redan (organisation.yaml:1)."
    ]
    index = Index.of(load(root))
    assert (index.name("bun"), index.typ("bun")) == ("Barn- och ungdomsnämnden", "namnd")
    assert index.parent("fritids") == "bun"
