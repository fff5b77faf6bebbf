"""The shortcuts the rules take for speed give what the plain definitions give.

`Index.least_below` (the best assessment below each organisation, found bottom-up once
per period and delmål) is the least value of `Index.nearest_below` for every
organisation; `Context.once` keeps what follows from the non-plan files for one check.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from helpers import EXAMPLES, build_repo
from malkoll import rules
from malkoll.model.index import Index
from malkoll.model.timing import Timing
from malkoll.reading.load import load
from malkoll.rules.context import Context, latest_outcome

TYPES = ("namnd", "bolag", "sektor", "verksamhet", "enhet")


def _organisations(rnd: random.Random, count: int) -> str:
    """organisation.yaml: nested lists built from the parent of each organisation."""
    parents: dict[int, int | None] = {0: None}
    for i in range(1, count):
        parents[i] = rnd.choice([None, *range(i)]) if rnd.random() < 0.9 else None
    kids: dict[int | None, list[int]] = {}
    for i, above in parents.items():
        kids.setdefault(above, []).append(i)

    def write(above: int | None, depth: int) -> list[str]:
        out = []
        for i in kids.get(above, []):
            pad = "  " * (2 * depth)
            org_id = f"o{rnd.randrange(i)}" if i and rnd.random() < 0.05 else f"o{i}"
            out.append(f"{pad}- id: {org_id}\n{pad}  namn: Org {i}\n{pad}  typ: {TYPES[i % 5]}")
            if i in kids:
                out.append(f"{pad}  delar:")
                out.extend(write(i, depth + 1))
        return out

    return "\n".join(write(None, 0)) + "\n"


@pytest.mark.parametrize("seed", range(8))
def test_least_below_is_the_least_of_nearest_below(tmp_path: Path, seed: int):
    rnd = random.Random(seed)
    root = build_repo(tmp_path / "repo", files={"organisation.yaml": _organisations(rnd, 60)})
    index = Index.of(load(root, cache=False))
    ids = [*index.orgs, "okand"]
    assert len(index.orgs) > 40
    for _ in range(30):
        having = {o: rnd.randrange(3) for o in ids if rnd.random() < rnd.random()}
        least = index.least_below(having)
        for org_id in ids:
            below = index.nearest_below(org_id, having)
            assert least.get(org_id) == (min(r for _, r in below) if below else None)


def test_the_check_keeps_the_latest_outcome_of_each_indicator_and_year():
    repo = load(EXAMPLES / "ale-2020", cache=False)
    ctx = Context.build(repo, Timing(dt.date(2021, 3, 1)))
    for ind, values in ctx.index.values.items():
        for year in (2015, 2019, 2020, 2030):
            assert ctx.latest(ind, year) == latest_outcome(values, year)
            assert ctx.latest(ind, year) is ctx.latest(ind, year)
    assert ctx.latest("okand", 2020) is None


def test_each_check_starts_afresh():
    """What one check keeps is not seen by the next: a new context, a new store."""
    repo = load(EXAMPLES / "ale-2020", cache=False)
    timing = Timing(dt.date(2021, 3, 1))
    first, second = Context.build(repo, timing), Context.build(repo, timing)
    first.once("key", lambda: 1)
    assert second.once("key", lambda: 2) == 2
    assert list(rules.check(repo, timing)) == list(rules.check(repo, timing))
