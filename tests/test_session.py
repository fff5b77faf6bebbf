"""The repository held in memory for an editor (`malkoll.session`): after every change the
findings are exactly those `validera` gives for the repository with that text saved."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLES
from malkoll.session import Session
from malkoll.validate import validera

DAY = dt.date(2021, 3, 1)
PLAN = "2020/plan/un/nolskolan.yaml"


@pytest.fixture
def repo(tmp_path):
    target = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", target, ignore=shutil.ignore_patterns(".malkoll-*"))
    return target


def _on_disk(root: Path, rel: str, text: str | None) -> list:
    """What validera says with ``text`` saved as ``rel`` (None: the file removed)."""
    if text is None:
        (root / rel).unlink()
    else:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return validera(root, idag=DAY, cache=False).findings


def test_opening_gives_what_validera_gives(repo):
    assert Session.open(repo, idag=DAY).findings() == validera(repo, idag=DAY).findings


def test_an_unsaved_edit_gives_what_validera_gives_once_saved(repo):
    session = Session.open(repo, idag=DAY)
    text = (repo / PLAN).read_text(encoding="utf-8")
    broken = text.replace("bedomning: gul", "bedomning: blå", 1).replace("analys:", "analyss:", 1)
    assert broken != text
    found = session.change(PLAN, broken)
    assert any(x.path == PLAN and x.code == "MK105" for x in found)
    assert found == _on_disk(repo, PLAN, broken)


def test_a_syntax_error_and_its_fix(repo):
    session = Session.open(repo, idag=DAY)
    text = (repo / PLAN).read_text(encoding="utf-8")
    found = session.change(PLAN, text + "\n  - [oavslutad\n")
    assert [x.code for x in found if x.path == PLAN] == ["MK101"]
    assert session.change(PLAN, text) == validera(repo, idag=DAY).findings


def test_closing_an_unsaved_file_goes_back_to_the_disk(repo):
    session = Session.open(repo, idag=DAY)
    before = session.findings()
    session.change(PLAN, "nonsens: [\n")
    assert session.change(PLAN, None) == before


def test_a_change_of_the_settings_reads_everything_again(repo):
    session = Session.open(repo, idag=DAY)
    settings = (repo / "malkoll.yaml").read_text(encoding="utf-8")
    changed = settings + "\nregler:\n  MK301: av\n"
    found = session.change("malkoll.yaml", changed)
    assert found == _on_disk(repo, "malkoll.yaml", changed)


def test_a_new_file_on_disk_and_a_removed_one(repo):
    session = Session.open(repo, idag=DAY)
    copy = "2020/plan/un/nyskolan.yaml"
    text = (repo / PLAN).read_text(encoding="utf-8")
    (repo / copy).write_text(text, encoding="utf-8")
    found = session.change(copy, text)
    assert any(x.path == copy for x in found)  # the same ids twice: MK2xx
    assert found == validera(repo, idag=DAY, cache=False).findings
    (repo / copy).unlink()
    assert session.change(copy, None) == validera(repo, idag=DAY, cache=False).findings
    (repo / PLAN).unlink()
    assert session.change(PLAN, None) == validera(repo, idag=DAY, cache=False).findings


def test_a_stray_file_is_found_when_it_appears(repo):
    session = Session.open(repo, idag=DAY)
    (repo / "2020" / "planer").mkdir()
    (repo / "2020" / "planer" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    found = session.change("2020/planer/x.yaml", "a: 1\n")
    assert [x.code for x in found if x.path == "2020/planer/x.yaml"] == ["MK107"]


def test_an_unsaved_text_over_the_size_limit_is_mk108(repo, monkeypatch):
    from malkoll.reading import source

    monkeypatch.setattr(source, "MAX_BYTES", 1000)
    session = Session.open(repo, idag=DAY)
    found = session.change(PLAN, "x: " + "å" * 1000 + "\n")
    assert [x.code for x in found if x.path == PLAN] == ["MK108"]


def test_a_change_beside_the_plans_is_seen_in_every_plan(repo):
    """What a plan entry gives on its own is kept between changes (`rules.Memo`) only
    while nothing but plans changed: a goal file's change is seen in every plan."""
    session = Session.open(repo, idag=DAY)
    goal = sorted((repo / "mal").glob("*.yaml"))[0].relative_to(repo).as_posix()
    text = (repo / goal).read_text(encoding="utf-8")
    session.change(PLAN, (repo / PLAN).read_text(encoding="utf-8") + "\n")
    changed = text.replace("indikatorer:", "indikatorer_:", 1)
    assert changed != text
    assert session.change(goal, changed) == _on_disk(repo, goal, changed)


def test_editing_one_plan_again_and_again_stays_exact(repo):
    session = Session.open(repo, idag=DAY)
    text = (repo / PLAN).read_text(encoding="utf-8")
    versions = [
        text.replace("bedomning: gul", "bedomning: gron", 1),
        text.replace("bedomning: rod", "bedomning: gron"),
        text,
    ]
    for version in versions:
        found = session.change(PLAN, version)
        assert found == _on_disk(repo, PLAN, version)
