"""What may be written at the cursor: keys from the file kind's model, fixed choices, the
repository's scale and periods, and the ids of its organisations, delmål and indicators.

Everything is computed from the models (`model.files`) and the repository's index
(`model.index`); nothing here reads a file.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, RootModel

from malkoll.lsp.yamlpath import ITEM, Path, Spot
from malkoll.model import files as m
from malkoll.model.index import Index
from malkoll.model.kinds import BY_NAME
from malkoll.model.repository import Repository
from malkoll.model.types import bare_type, is_model

GIVERS = {"KF": "Kommunfullmäktige", "KS": "Kommunstyrelsen"}
"""Who gives an uppdrag besides a nämnd (`givet_av`)."""

INDICATOR_FIELDS = ("matt", "indikator", "underlag")

Sort = Literal["key", "value", "period"]


@dataclass(frozen=True)
class Choice:
    """One thing that may be written: its text, what it is, and a word about it."""

    label: str
    sort: Sort
    detail: str = ""
    documentation: str = ""
    insert: str = ""

    @property
    def text(self) -> str:
        return self.insert or self.label


@dataclass(frozen=True)
class Target:
    """What the path leads to: its type, and the model and field it is a value of."""

    annotation: Any
    owner: type[BaseModel] | None
    field: str | None


def kind_of(rel: str) -> str | None:
    """The kind of file at ``rel`` by the layout of `format.md` (None: not malkoll's)."""
    parts = rel.split("/")
    if not parts[-1].endswith((".yaml", ".yml")):
        return None
    stems = [p.rsplit(".", 1)[0] if i == len(parts) - 1 else p for i, p in enumerate(parts)]
    for kind in BY_NAME.values():
        if kind.place == "root" and len(parts) == 1 and stems[0] == kind.stem:
            return kind.name
        if kind.place == "top" and len(parts) == 2 and parts[0] == kind.stem:
            return kind.name
        if not (parts[0].isdigit() and len(parts[0]) == 4):
            continue
        if kind.place == "year" and len(parts) == 2 and stems[1] == kind.stem:
            return kind.name
        deep = len(parts) >= 3 and (kind.nested or len(parts) == 3)
        if kind.place == "year-folder" and deep and parts[1] == kind.stem:
            return kind.name
    return None


def resolve(model: type[BaseModel], path: Path) -> Target | None:
    """Where ``path`` leads in ``model``; None when it leaves the model."""
    target = Target(model, None, None)
    for part in path:
        current = bare_type(target.annotation)
        if is_model(current) and issubclass(current, RootModel):
            current = bare_type(current.model_fields["root"].annotation)
        origin = typing.get_origin(current)
        if is_model(current) and isinstance(part, str):
            info = current.model_fields.get(part)
            if info is None:
                return None
            target = Target(info.annotation, current, part)
        elif origin is list and part == ITEM:
            target = Target(typing.get_args(current)[0], target.owner, target.field)
        elif origin is dict and isinstance(part, str):
            target = Target(typing.get_args(current)[1], target.owner, target.field)
        else:
            return None
    return target


def choices(repo: Repository | None, kind: str, spot: Spot) -> list[Choice]:
    """What may be written at ``spot`` in a file of ``kind``, best first."""
    model = BY_NAME[kind].model
    target = resolve(model, spot.path)
    if target is None:
        return []
    found = list(_at(repo, target, spot))
    prefix = spot.prefix.lower()
    return [c for c in found if c.label.lower().startswith(prefix)] or found


def _at(repo: Repository | None, target: Target, spot: Spot) -> Iterator[Choice]:
    current = bare_type(target.annotation)
    if is_model(current) and issubclass(current, RootModel):
        return  # a list of mappings at the top: each item begins with `- `
    if is_model(current) and spot.key is None:
        yield from _keys(current, spot.siblings)
        return
    origin = typing.get_origin(current)
    if origin is dict and spot.key is None:
        yield from _dict_keys(repo, target, spot.siblings)
        return
    if origin is list:
        if not spot.item and spot.key is not None:
            return  # `matt: ` is followed by a list, not by one id
        current = bare_type(typing.get_args(current)[0])
        if is_model(current):
            if spot.key is None:
                yield from _keys(current, spot.siblings)
            return
    yield from _values(repo, target, current)


def _keys(model: type[BaseModel], present: frozenset[str]) -> Iterator[Choice]:
    for name, info in model.model_fields.items():
        if name == "pos" or name in present:
            continue
        inner = bare_type(info.annotation)
        container = is_model(inner) or typing.get_origin(inner) in (list, dict)
        yield Choice(
            name,
            "key",
            "krävs" if info.is_required() else "",
            info.description or "",
            f"{name}:" if container else f"{name}: ",
        )


_PERIOD_KEYED = {"uppfoljning", "sammanfattning", "klarmarkering"}
_MONTH_KEYED = {
    (m.EkonomiNamnd, "perioder"),
    (m.EkonomiNamnd, "analys"),
    (m.EkonomiNamnd, "atgarder"),
}


def _dict_keys(
    repo: Repository | None, target: Target, present: frozenset[str]
) -> Iterator[Choice]:
    owner, field = target.owner, target.field
    settings = repo.installningar if repo is not None else m.Installningar(kommun="")
    periods = field in _PERIOD_KEYED or (owner is m.Investering and field in ("utfall", "prognos"))
    if periods or (owner, field) in _MONTH_KEYED:
        for key, period in settings.perioder.items():
            if key not in present:
                yield Choice(
                    key, "period", period.namn, f"Perioden slutar {period.per}.", f"{key}:"
                )
    if (owner, field) in _MONTH_KEYED:
        yield from (
            Choice(x, "period", "månad", insert=f"{x}:") for x in m.MANADER if x not in present
        )
    if owner is m.Installningar and field == "regler":
        from malkoll.rules.catalog import RULES

        for code, rule in RULES.items():
            if code not in present:
                yield Choice(code, "key", rule.severity, rule.title, f"{code}: ")


def _values(repo: Repository | None, target: Target, annotation: Any) -> Iterator[Choice]:
    field, owner = target.field, target.owner
    if typing.get_origin(annotation) is Literal:
        yield from (Choice(str(a), "value") for a in typing.get_args(annotation))
        return
    if annotation is bool:
        yield from (Choice(x, "value") for x in ("true", "false"))
        return
    settings = repo.installningar if repo is not None else m.Installningar(kommun="")
    if field == "bedomning" or (owner is m.AnalysInstallningar and field == "atgarder_vid"):
        for key, step in settings.bedomning.items():
            yield Choice(key, "value", step.namn or key.capitalize(), step.text)
        return
    if (owner is m.Handelse and field == "period") or field == "rapporteras":
        for key, period in settings.perioder.items():
            yield Choice(key, "period", period.namn, f"Perioden slutar {period.per}.")
        if owner is m.Handelse:
            yield from (Choice(x, "period", "månad") for x in m.MANADER)
        return
    if repo is None:
        return
    index = Index.of(repo)
    if field in ("organisation", "givet_av"):
        if field == "givet_av":
            yield from (
                Choice(g, "value", "Kommunfullmäktige eller kommunstyrelsen") for g in GIVERS
            )
        for org_id, org in index.orgs.items():
            yield Choice(org_id, "value", org.namn, f"{org.typ}")
    elif owner is m.PlanDelmal and field == "delmal":
        for dm_id, dm in index.delmal.items():
            yield Choice(dm_id, "value", dm.namn, dm.beskrivning or "")
    elif field in ("matt", "indikator", "underlag") or (
        owner is m.Delmal and field == "indikatorer"
    ):
        for ind_id, doc in index.indicator_defs.items():
            yield Choice(ind_id, "value", doc.data.namn, doc.data.beskrivning or "")
