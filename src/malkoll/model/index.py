"""One index of the domain, built once per repository: what every check, status, the
rollover and the report look things up in.

`Index.of(repo)` builds it the first time it is asked for and keeps it on the repository
(a repository is not changed once it has been read). It holds:

- **the organisation tree** of `organisation.yaml`: each id's organisation, parent,
  children (in file order), depth and place in file order; the top of its branch, the
  nämnd it belongs to, its subtree, and every nämnd wherever it sits. A nämnd nested
  under another organisation (a nämnd under Kommunstyrelsen) is a nämnd like any other.
  An id written twice has one answer: **the first definition wins**. The later entry
  is listed in `org_duplicates` (reported once, by MK201), and the organisations
  written below it are still organisations, below the first definition of that id;
- **the goals**: each delmål (first definition wins), the goal it belongs to and its
  indicators; each indicator's definition (with the file it is in) and values;
- **the plans** per year and organisation (the first in path order where there are
  two), and which delmål each organisation's plans list.

Nothing here reads files or checks anything: the index only answers questions about a
repository that `reading` has filled. Nothing outside `model` walks the organisation tree
itself; a question the index cannot answer yet is a method added here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.positions import Where
from malkoll.model.repository import Doc, Repository

T = TypeVar("T")

GOVERNING = ("namnd", "bolag")
"""The organisation types that answer for the organisations below them."""


@dataclass(frozen=True, repr=False)
class Index:
    """What a repository holds, by id. Build it with `Index.of(repo)`."""

    orgs: Mapping[str, m.Organisation]
    """Each organisation id's first definition, in file order (depth first, as written)."""
    org_duplicates: tuple[tuple[m.Organisation, m.Organisation], ...]
    """Each later definition of an id already defined, with the first one, in file order."""
    namnder: tuple[str, ...]
    """Every organisation of type `namnd`, wherever it sits in the tree, in file order."""
    roots: tuple[str, ...]
    """The organisations at the top of `organisation.yaml`, in file order."""
    delmal: Mapping[str, m.Delmal]
    """Each delmål id's first definition in mal/."""
    indicator_defs: Mapping[str, Doc[m.IndikatorDefinition]]
    """Each indicator id's first definition in mal/, with the file it stands in."""
    values: Mapping[str, m.IndikatorVarden]
    """Each indicator's values in indikatorer/ (the first file where there are two)."""
    organisation_path: str | None
    """The path of `organisation.yaml`, when it could be read."""
    _parent: dict[str, str] = field(repr=False)
    _children: dict[str, list[str]] = field(repr=False)
    _depth: dict[str, int] = field(repr=False)
    _order: dict[str, int] = field(repr=False)
    _namnd_of: dict[str, str] = field(repr=False)
    _goal_of: dict[str, m.Malsattning] = field(repr=False)
    _plans: dict[int, dict[str, Doc[m.Plan]]] = field(repr=False)
    _listed: dict[int, set[tuple[str, str]]] = field(repr=False)

    @classmethod
    def of(cls, repo: Repository) -> Index:
        """The repository's index: built on the first call, the same object after."""
        cached = repo.index_cache
        if isinstance(cached, Index):
            return cached
        index = _build(repo)
        repo.index_cache = index
        return index

    def __repr__(self) -> str:
        return (
            f"<Index: {len(self.orgs)} organisations, {len(self.delmal)} delmål, "
            f"{len(self.indicator_defs)} indicators, plans for {sorted(self._plans)}>"
        )

    # --- the organisation tree ---------------------------------------------------------

    def org(self, org_id: str | None) -> m.Organisation | None:
        """The organisation with this id, or None when there is none."""
        return self.orgs.get(org_id) if org_id is not None else None

    def name(self, org_id: str | None) -> str:
        """The organisation's name; the id itself when there is no such organisation."""
        org = self.org(org_id)
        return org.namn if org is not None else str(org_id)

    def typ(self, org_id: str | None) -> str | None:
        """The organisation's type (`namnd`, `bolag`, `sektor`, ...), or None if unknown."""
        org = self.org(org_id)
        return org.typ if org is not None else None

    def parent(self, org_id: str) -> str | None:
        """The id of the organisation directly above, or None at the top (or if unknown)."""
        return self._parent.get(org_id)

    def children(self, org_id: str) -> tuple[str, ...]:
        """The ids directly below, in file order."""
        return tuple(self._children.get(org_id, ()))

    def ancestors(self, org_id: str) -> list[str]:
        """The ids above, nearest first, up to the top of the branch."""
        out = []
        current = self._parent.get(org_id)
        while current is not None:
            out.append(current)
            current = self._parent.get(current)
        return out

    def depth(self, org_id: str) -> int:
        """0 at the top of `organisation.yaml`, 1 below it, ...; 0 for an unknown id."""
        return self._depth.get(org_id, 0)

    def order(self, org_id: str | None) -> int:
        """The place in file order, for sorting; unknown ids come after every known one."""
        return self._order.get(org_id or "", len(self._order))

    def top(self, org_id: str) -> str:
        """The organisation at the top of the branch (itself at the top, or if unknown)."""
        ancestors = self.ancestors(org_id)
        return ancestors[-1] if ancestors else org_id

    def namnd_of(self, org_id: str) -> str | None:
        """The nämnd or bolag the organisation belongs to: the nearest one at or above it,
        so that a nämnd under Kommunstyrelsen answers for its own organisations; the top of
        the branch when there is none on the way; None for an unknown id."""
        return self._namnd_of.get(org_id)

    def subtree(self, org_id: str) -> list[str]:
        """The organisation and every organisation below it, depth first in file order;
        just ``[org_id]`` for an unknown id."""
        out: list[str] = []
        stack = [org_id]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(reversed(self._children.get(current, ())))
        return out

    def has_below(self, org_id: str) -> bool:
        """Whether any organisation lies directly below ``org_id``."""
        return bool(self._children.get(org_id))

    def nearest_below(self, org_id: str, having: Mapping[str, T]) -> list[tuple[str, T]]:
        """For each branch below ``org_id``, the nearest organisations (breadth first) that
        ``having`` has a value for, with that value; a branch without one gives nothing."""
        children = self._children
        found: list[tuple[str, T]] = []
        queue = list(children.get(org_id, ()))
        at = 0
        while at < len(queue):
            child = queue[at]
            at += 1
            value = having.get(child)
            if value is not None:
                found.append((child, value))
            else:
                queue.extend(children.get(child, ()))
        return found

    def least_below(self, having: Mapping[str, int]) -> dict[str, int]:
        """For each organisation that `nearest_below` gives something for with
        ``having``, the least value it gives; found from below: each organisation's value
        counts for every organisation above it, up to the nearest one with a value of its
        own, so that the tree is walked once for all the organisations asked about."""
        parent = self._parent
        least: dict[str, int] = {}
        for org_id, value in having.items():
            above = parent.get(org_id)
            while above is not None:
                known = least.get(above)
                if known is None or value < known:
                    least[above] = value
                if having.get(above) is not None:
                    break
                above = parent.get(above)
        return least

    def org_entry(self, org_id: str) -> tuple[str, Where] | None:
        """Where the organisation's first definition stands in `organisation.yaml`: its
        `id` key (the place for findings about what no file holds)."""
        org = self.org(org_id)
        if org is None or self.organisation_path is None:
            return None
        return self.organisation_path, positions.key(org, "id")

    # --- goals and indicators ----------------------------------------------------------

    def goal(self, delmal_id: str) -> m.Malsattning | None:
        """The goal (målsättning) the delmål is defined in."""
        return self._goal_of.get(delmal_id)

    def indicators_of(self, delmal_id: str, matt: Iterable[str] = ()) -> list[str]:
        """The delmål's indicators in mal/ followed by a unit's own ``matt``, no repeats."""
        dm = self.delmal.get(delmal_id)
        return list(dict.fromkeys([*(dm.indikatorer if dm else ()), *matt]))

    # --- plans -------------------------------------------------------------------------

    def plans(self, year: int) -> Mapping[str, Doc[m.Plan]]:
        """The year's plan of each organisation (the first in path order), by id."""
        return self._plans.get(year, {})

    def plan(self, year: int, org_id: str) -> Doc[m.Plan] | None:
        return self._plans.get(year, {}).get(org_id)

    def lists(self, year: int, org_id: str, delmal_id: str) -> bool:
        """Whether one of the organisation's plans for the year lists the delmål."""
        return (org_id, delmal_id) in self._listed.get(year, ())

    def listed_below(self, year: int, org_id: str, delmal_id: str) -> bool:
        """Whether an organisation directly below ``org_id`` lists the delmål in its plan."""
        listed = self._listed.get(year, set())
        return any((child, delmal_id) in listed for child in self._children.get(org_id, ()))


def _build(repo: Repository) -> Index:
    orgs: dict[str, m.Organisation] = {}
    duplicates: list[tuple[m.Organisation, m.Organisation]] = []
    parent: dict[str, str] = {}
    children: dict[str, list[str]] = {}
    depth: dict[str, int] = {}
    namnd_of: dict[str, str] = {}
    roots: list[str] = []
    doc = repo.organisation
    # Depth first in file order: (organisation, the id of the one above it or None).
    stack: list[tuple[m.Organisation, str | None]] = [
        (org, None) for org in reversed(doc.data.root if doc is not None else [])
    ]
    while stack:
        org, above = stack.pop()
        if org.id in orgs:
            duplicates.append((org, orgs[org.id]))
        else:
            orgs[org.id] = org
            if above is None:
                roots.append(org.id)
                depth[org.id] = 0
                namnd_of[org.id] = org.id
            else:
                parent[org.id] = above
                children.setdefault(above, []).append(org.id)
                depth[org.id] = depth[above] + 1
                namnd_of[org.id] = org.id if org.typ in GOVERNING else namnd_of[above]
        # Below a repeated id, the parts still belong to that id (its first definition).
        stack.extend((part, org.id) for part in reversed(org.delar))
    delmal: dict[str, m.Delmal] = {}
    goal_of: dict[str, m.Malsattning] = {}
    indicator_defs: dict[str, Doc[m.IndikatorDefinition]] = {}
    for goal_doc in repo.mal:
        for dm in goal_doc.data.delmal:
            if dm.id not in delmal:
                delmal[dm.id] = dm
                goal_of[dm.id] = goal_doc.data
        for ind in goal_doc.data.indikatorer:
            indicator_defs.setdefault(ind.id, Doc(goal_doc.path, ind))
    values: dict[str, m.IndikatorVarden] = {}
    for values_doc in repo.indikatorer:
        values.setdefault(values_doc.data.indikator, values_doc.data)
    plans: dict[int, dict[str, Doc[m.Plan]]] = {}
    listed: dict[int, set[tuple[str, str]]] = {}
    for year in repo.ar.values():
        by_org = plans.setdefault(year.ar, {})
        pairs = listed.setdefault(year.ar, set())
        for plan in year.planer:
            by_org.setdefault(plan.data.organisation, plan)
            pairs.update((plan.data.organisation, e.delmal) for e in plan.data.delmal)
    return Index(
        orgs=orgs,
        org_duplicates=tuple(duplicates),
        namnder=tuple(i for i, org in orgs.items() if org.typ == "namnd"),
        roots=tuple(roots),
        delmal=delmal,
        indicator_defs=indicator_defs,
        values=values,
        organisation_path=doc.path if doc is not None else None,
        _parent=parent,
        _children=children,
        _depth=depth,
        _order={org_id: i for i, org_id in enumerate(orgs)},
        _namnd_of=namnd_of,
        _goal_of=goal_of,
        _plans=plans,
        _listed=listed,
    )
