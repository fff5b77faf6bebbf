"""The förvaltningsberättelse's chapters: Markdown files read like the YAML files are,
only from inside the repository, within the limits, each problem a finding."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers import build_repo, run
from malkoll.reading.load import load
from malkoll.reading.source import MAX_BYTES

FOLDER = "2020/forvaltningsberattelse"


def _problems(root: Path) -> list[tuple[str, str, str]]:
    repo = load(root, cache=False)
    return [(p.rule.code, p.path, p.message) for p in repo.problems]


def test_a_chapter_is_read_with_its_heading_and_text(tmp_path):
    root = build_repo(
        tmp_path / "r",
        files={
            f"{FOLDER}/helar/oversikt.md": "\n# Året i korthet\n\nPandemin **präglade** året.\n",
            f"{FOLDER}/helar/handelser.md": "Inga rubriker här.\n",
            f"{FOLDER}/helar/egen-rubrik.md": "## Inte en huvudrubrik\ntext\n",
            f"{FOLDER}/delar2/forvantad-utveckling.md": "# Förväntad utveckling\n",
        },
    )
    repo = load(root, cache=False)
    assert repo.problems == []
    chapters = {(c.period, c.id): c for c in repo.ar[2020].forvaltningsberattelse}
    one = chapters["helar", "oversikt"]
    assert (one.rubrik, one.text, one.rubrik_rad) == (
        "Året i korthet",
        "Pandemin **präglade** året.",
        2,
    )
    assert one.path == f"{FOLDER}/helar/oversikt.md"
    # Without a heading a known chapter gets its R15 name, and the whole file is its text.
    plain = chapters["helar", "handelser"]
    assert (plain.rubrik, plain.text) == ("Händelser av väsentlig betydelse", "Inga rubriker här.")
    own = chapters["helar", "egen-rubrik"]
    assert own.rubrik == "Egen rubrik"
    assert own.text.startswith("## Inte en huvudrubrik")
    assert chapters["delar2", "forvantad-utveckling"].text == ""


def test_a_chapter_outside_a_period_folder_is_a_finding(tmp_path):
    root = build_repo(
        tmp_path / "r",
        files={
            f"{FOLDER}/oversikt.md": "# Översikt\n",
            f"{FOLDER}/delar3/handelser.md": "# Händelser\n",
            f"{FOLDER}/helar/anteckningar.txt": "inte Markdown: läses inte",
        },
    )
    found = _problems(root)
    assert [(code, path) for code, path, _ in found] == [
        ("MK107", f"{FOLDER}/delar3/handelser.md"),
        ("MK107", f"{FOLDER}/oversikt.md"),
    ]
    assert "ingen period" in found[0][2]
    assert "en mapp per period" in found[1][2]


def test_hostile_chapters_are_refused_not_read(tmp_path):
    outside = tmp_path / "hemligt.md"
    outside.write_text("# Hemligt\nlösenord", encoding="utf-8")
    root = build_repo(
        tmp_path / "r",
        files={
            f"{FOLDER}/helar/latin1.md": "# Översikt\nÅr".encode("latin-1"),
            f"{FOLDER}/helar/stor.md": b"#" * (MAX_BYTES + 1),
        },
    )
    period = root / FOLDER / "helar"
    (period / "lank.md").symlink_to(outside)
    os.mkfifo(period / "fifo.md")
    found = {path.rsplit("/", 1)[1]: code for code, path, _ in _problems(root)}
    assert found == {
        "fifo.md": "MK110",
        "lank.md": "MK110",
        "latin1.md": "MK102",
        "stor.md": "MK108",
    }
    read = {
        c.path.rsplit("/", 1)[1] for c in load(root, cache=False).ar[2020].forvaltningsberattelse
    }
    assert not read & set(found)


def test_a_linked_chapter_folder_is_not_followed(tmp_path):
    elsewhere = tmp_path / "annat"
    (elsewhere / "helar").mkdir(parents=True)
    (elsewhere / "helar" / "oversikt.md").write_text("# Översikt\n", encoding="utf-8")
    root = build_repo(tmp_path / "r")
    shutil.rmtree(root / FOLDER)
    (root / FOLDER).symlink_to(elsewhere, target_is_directory=True)
    assert [code for code, _, _ in _problems(root)] == ["MK110"]
    assert load(root, cache=False).ar[2020].forvaltningsberattelse == []


@pytest.mark.skipif(os.name != "posix", reason="names that are not UTF-8 need a POSIX file system")
def test_a_chapter_named_in_latin1_is_refused(tmp_path):
    root = build_repo(tmp_path / "r", files={f"{FOLDER}/helar/x.md": "# X\n"})
    os.rename(  # noqa: PTH104 (a name in bytes)
        root / FOLDER / "helar" / "x.md", os.fsencode(root / FOLDER / "helar") + b"/\xe5r.md"
    )
    found = _problems(root)
    assert [code for code, _, _ in found] == ["MK110"]
    assert "\\xe5" in found[0][1]


def test_a_changed_chapter_is_checked_as_part_of_the_change(tmp_path):
    """pre-commit passes a chapter that changed (its hook matches them): `validera FILE`
    counts it as a file malkoll reads, and reports what is wrong in it."""
    root = build_repo(tmp_path / "r", files={f"{FOLDER}/helar/oversikt.md": "# Översikt\n"})
    chapter = f"{FOLDER}/helar/oversikt.md"
    code, out, _ = run("validera", "--idag", "2021-03-01", str(root / chapter))
    assert code == 1
    assert f"{chapter}:1:1: fel MK601" in out
    assert "1 av 1 fil i din ändring" in out
    (root / chapter).write_text("# Översikt\n\nÅret i korthet.\n", encoding="utf-8")
    code, out, _ = run("validera", "--idag", "2021-03-01", str(root / chapter))
    assert code == 0
    assert "Inga fel eller varningar i din ändring (1 fil)." in out


def test_deleting_a_municipal_file_sees_the_finding_it_causes(tmp_path):
    """A missing file of the municipality's points at `kommun:` in malkoll.yaml (MK601,
    MK610): a change that deletes the file sees that finding, and a change to a plan of
    a unit does not."""
    root = build_repo(tmp_path / "r")
    (root / f"{FOLDER}/helar/handelser.md").unlink()
    (root / "2020/bokslut.yaml").unlink()
    deleted = [str(root / f"{FOLDER}/helar/handelser.md"), str(root / "2020/bokslut.yaml")]
    code, out, _ = run("validera", "--idag", "2021-03-01", *deleted)
    assert code == 1
    assert "malkoll.yaml:1:1: fel MK601" in out
    assert "fel MK610" in out
    plan = next(p for p in (root / "2020/plan").rglob("*.yaml"))
    code, out, _ = run("validera", "--idag", "2021-03-01", str(plan))
    assert "MK601" not in out
    assert "MK610" not in out
