"""The index of the domain: the organisation tree, goals, indicators and plans, by id."""

from __future__ import annotations

from pathlib import Path

from helpers import EXAMPLES, build_repo
from malkoll.model.index import Index
from malkoll.reading.load import load

TREE = """\
- id: ks
  namn: Kommunstyrelsen
  typ: namnd
  delar:
    - id: valn
      namn: Valnämnden
      typ: namnd
      delar:
        - {id: val-kansli, namn: Valkansliet, typ: verksamhet}
    - id: sektor-ks
      namn: Sektor KS
      typ: sektor
      delar:
        - {id: ks-hr, namn: HR, typ: verksamhet}
- id: bun
  namn: Barn- och utbildningsnämnden
  typ: namnd
  delar:
    - id: skola
      namn: Skolan
      typ: sektor
      delar:
        - {id: ks-hr, namn: Andra HR, typ: verksamhet}
        - {id: elevhalsa, namn: Elevhälsa, typ: verksamhet}
- id: skola
  namn: Skolan igen
  typ: sektor
  delar:
    - {id: fritids, namn: Fritids, typ: enhet}
- id: ale-bolag
  namn: Alebyggen
  typ: bolag
- id: projekt
  namn: Projektet
  typ: sektor
"""


def tree(tmp_path: Path) -> Index:
    root = build_repo(tmp_path / "repo", files={"organisation.yaml": TREE})
    return Index.of(load(root))


def test_the_index_is_built_once_per_repository():
    """`Index.of` gives the same index for the same repository, a new one for another."""
    repo = load(EXAMPLES / "ale-2020")
    assert Index.of(repo) is Index.of(repo)
    assert Index.of(load(EXAMPLES / "ale-2020")) is not Index.of(repo)


def test_parent_children_depth_and_order_follow_the_file(tmp_path):
    """Parents, children in file order, depth from the top, and file order of every id."""
    index = tree(tmp_path)
    assert list(index.orgs) == [
        "ks", "valn", "val-kansli", "sektor-ks", "ks-hr", "bun", "skola", "elevhalsa",
        "fritids", "ale-bolag", "projekt",
    ]  # fmt: skip
    assert index.roots == ("ks", "bun", "ale-bolag", "projekt")
    assert index.parent("valn") == "ks"
    assert index.parent("ks") is None
    assert index.children("ks") == ("valn", "sektor-ks")
    assert (index.depth("ks"), index.depth("valn"), index.depth("val-kansli")) == (0, 1, 2)
    assert index.ancestors("val-kansli") == ["valn", "ks"]
    assert index.order("ks") < index.order("bun") < index.order("okand")


def test_a_nested_nämnd_is_a_nämnd_wherever_it_sits(tmp_path):
    """Valnämnden under Kommunstyrelsen is among the nämnder and answers for its own
    organisations; the top of its branch is still Kommunstyrelsen."""
    index = tree(tmp_path)
    assert index.namnder == ("ks", "valn", "bun")
    assert index.namnd_of("val-kansli") == "valn"
    assert index.namnd_of("valn") == "valn"
    assert index.namnd_of("ks-hr") == "ks"
    assert index.top("val-kansli") == "ks"
    assert index.namnd_of("ale-bolag") == "ale-bolag"
    assert index.namnd_of("projekt") == "projekt"  # no nämnd above: the top of its branch
    assert index.namnd_of("okand") is None


def test_a_repeated_id_keeps_its_first_definition(tmp_path):
    """The first definition of an id wins; each later one is listed once; what stands below
    a repeated id belongs to the first definition of that id."""
    index = tree(tmp_path)
    assert index.name("ks-hr") == "HR"
    assert index.parent("ks-hr") == "sektor-ks"
    assert index.name("skola") == "Skolan"
    assert [(dup.namn, first.namn) for dup, first in index.org_duplicates] == [
        ("Andra HR", "HR"),
        ("Skolan igen", "Skolan"),
    ]
    assert index.parent("fritids") == "skola"
    assert index.children("skola") == ("elevhalsa", "fritids")
    assert index.depth("fritids") == 2
    assert index.subtree("bun") == ["bun", "skola", "elevhalsa", "fritids"]


def test_subtree_nearest_below_and_the_place_in_organisation_yaml(tmp_path):
    """Subtrees depth first; the nearest organisations below with a value; where an
    organisation's id stands in organisation.yaml."""
    index = tree(tmp_path)
    assert index.subtree("ks") == ["ks", "valn", "val-kansli", "sektor-ks", "ks-hr"]
    assert index.subtree("okand") == ["okand"]
    having = {"val-kansli": 1, "sektor-ks": 2, "ks-hr": 3}
    assert index.nearest_below("ks", having) == [("sektor-ks", 2), ("val-kansli", 1)]
    path, where = index.org_entry("valn") or ("", None)
    assert (path, where) == ("organisation.yaml", (5, 7))
    assert index.org_entry("okand") is None


def test_goals_indicators_and_plans_by_id():
    """Delmål with their goal and indicators, indicator definitions and values, and the
    year's plans by organisation."""
    index = Index.of(load(EXAMPLES / "ale-2020"))
    assert index.goal("1.1") is not None
    assert index.goal("1.1").id == "1"
    assert index.indicators_of("1.1")
    assert index.indicators_of("1.1", ["EGEN", index.indicators_of("1.1")[0]])[-1] == "EGEN"
    first = index.indicators_of("1.1")[0]
    assert index.indicator_defs[first].path.startswith("mal/")
    assert first in index.values
    plan = index.plan(2020, "grundskola")
    assert plan is not None
    assert plan.data.organisation == "grundskola"
    assert index.plan(2019, "grundskola") is None
    assert index.lists(2020, "grundskola", plan.data.delmal[0].delmal)
    assert index.listed_below(2020, "sektor-utbildning", plan.data.delmal[0].delmal)
