"""Writing fetched values into `indikatorer/<id>.yaml`, keeping what a person wrote.

The file is read and written with ruamel.yaml's round trip, which keeps comments, key
order, flow or block style and the spelling of every value it is not asked to change.
Only what came from Kolada is touched: the municipality's T, K and M per year under
`utfall`, the fetched comparisons (`riket` and those named in `malkoll.yaml`) under
`jamforelse`, and `kalla: Kolada` and `hamtad:` when something changed. A year, a
gender or a comparison that Kolada did not send is left as it is, and so is a value
Kolada sends as null (no value): null never erases a number a person wrote, and a new
year gets only the values Kolada has. A value equal to the one in the file (`84.40`
and 84.4) is not rewritten.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from ..errors import MalkollError
from ..text import fold
from .client import GENDERS, Series

SOURCE = "Kolada"
HEADER = (
    "Hämtat från Kolada med `malkoll kolada hamta`. Nästa hämtning uppdaterar Koladas\n"
    "värden; egna år, jämförelser och kommentarer behålls."
)


class UnreadableFile(MalkollError):
    """An indicator file that cannot be updated without losing what a person wrote."""


@dataclass(frozen=True)
class Fetched:
    """What Kolada has for one indicator: the municipality's values and the comparisons'."""

    utfall: Series
    jamforelse: dict[str, dict[int, float | None]]

    def empty(self) -> bool:
        has_own = any(v is not None for g in self.utfall.values() for v in g.values())
        return not has_own and not any(
            v is not None for s in self.jamforelse.values() for v in s.values()
        )


@dataclass(frozen=True)
class Change:
    """One value that is new or different: `series` is T, K, M or a comparison's name."""

    year: int
    series: str
    old: float | None
    new: float


@dataclass
class Merged:
    """The file's new text and what changed in it."""

    text: str
    changes: list[Change] = field(default_factory=list)
    old_source: str | None = None
    source_changed: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.changes) or self.source_changed


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a person's long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def merge(
    existing: str | None, rel: str, indikator: str, fetched: Fetched, today: dt.date
) -> Merged:
    """The file ``rel`` (text ``existing``, or None when new) with Kolada's values merged."""
    doc = _load(existing, rel, indikator) if existing is not None else _new(indikator)
    merged = Merged(text=existing or "")
    had = {name: _key(doc, name) is not None for name in ("utfall", "jamforelse")}
    kalla_key = _key(doc, "kalla")
    old_source = doc.get(kalla_key) if kalla_key else None
    if old_source != SOURCE:
        merged.old_source = old_source if isinstance(old_source, str) else None
        merged.source_changed = True
    utfall = _section(doc, "utfall", rel)
    for year, values in sorted(fetched.utfall.items()):
        merged.changes.extend(_merge_year(utfall, year, values, rel))
    jamforelse = _section(doc, "jamforelse", rel)
    for name, series in fetched.jamforelse.items():
        target = _child(jamforelse, name, rel, "jamforelse")
        for year, value in sorted(series.items()):
            if value is not None:
                merged.changes.extend(_set(target, year, value, name, year))
    for name, existed in had.items():
        if not existed:  # a section we added and found nothing for
            _drop_if_empty(doc, name)
    if merged.changed:
        _put(doc, kalla_key or "kalla", SOURCE, after=_key(doc, "indikator"))
        _put(doc, _key(doc, "hamtad") or "hamtad", today, after=_key(doc, "kalla"))
        merged.text = _dump(doc)
    return merged


def _load(text: str, rel: str, indikator: str) -> CommentedMap:
    try:
        doc = _yaml().load(text.removeprefix("\ufeff"))
    except YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (rad {mark.line + 1})" if mark is not None else ""
        raise UnreadableFile(_unreadable(rel, f"filen är inte giltig YAML{where}")) from None
    if doc is None:  # an empty file
        return _new(indikator)
    if not isinstance(doc, CommentedMap):
        raise UnreadableFile(_unreadable(rel, "filen är inte en mappning med `indikator:`"))
    return doc


def _new(indikator: str) -> CommentedMap:
    doc = CommentedMap()
    doc["indikator"] = indikator
    doc.yaml_set_start_comment(HEADER)
    return doc


def _dump(doc: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def _unreadable(rel: str, why: str) -> str:
    return (
        f"{rel} kan inte uppdateras: {why}. Rätta filen (se malkoll validera) och hämta "
        "igen; inget har ändrats."
    )


def _key(mapping: CommentedMap, name: str) -> Any:
    """The key as written in the file (`källa` or `kalla`) for ``name``, or None."""
    return next((k for k in mapping if isinstance(k, str) and fold(k) == name), None)


def _section(doc: CommentedMap, name: str, rel: str) -> CommentedMap:
    """The top-level mapping ``name``, added (in block style) when missing."""
    return _child(doc, name, rel, None, fold_key=True)


def _child(
    parent: CommentedMap, name: str, rel: str, where: str | None, fold_key: bool = False
) -> CommentedMap:
    key = _key(parent, name) if fold_key else (name if name in parent else None)
    if key is None:
        parent[name] = CommentedMap()
        if where is not None:  # a comparison's years: one line, like the rest of the file
            parent[name].fa.set_flow_style()
        return parent[name]
    value = parent[key]
    if value is None:
        parent[key] = value = CommentedMap()
        value.fa.set_flow_style()
    if not isinstance(value, CommentedMap):
        place = f"`{where}.{name}`" if where else f"`{name}`"
        raise UnreadableFile(_unreadable(rel, f"{place} är inte en mappning"))
    return value


def _merge_year(
    utfall: CommentedMap, year: int, values: dict[str, float | None], rel: str
) -> list[Change]:
    present = {g: v for g, v in values.items() if v is not None}
    if not present:
        return []
    key = _year_key(utfall, year)
    if key is None or utfall[key] is None:
        entry = CommentedMap()
        entry.fa.set_flow_style()
        if key is None:
            utfall.insert(_year_position(utfall, year), year, entry)
        else:
            utfall[key] = entry
    entry = utfall[key if key is not None else year]
    if not isinstance(entry, CommentedMap):
        raise UnreadableFile(_unreadable(rel, f"`utfall.{year}` är inte en mappning"))
    changes: list[Change] = []
    for gender in GENDERS:
        if gender in present:
            changes.extend(_set(entry, gender, present[gender], gender, year))
    return changes


def _set(mapping: CommentedMap, key: Any, value: float, series: str, year: int) -> list[Change]:
    """Set one value unless the file already has it; a year key is matched as text."""
    found = _year_key(mapping, key) if isinstance(key, int) else (key if key in mapping else None)
    old = mapping.get(found) if found is not None else None
    old_number = _as_number(old)
    if old_number is not None and old_number == value:
        return []
    if found is None:
        mapping.insert(_position(mapping, key), key, _plain(value))
    else:
        mapping[found] = _plain(value)
    return [Change(year, series, old_number, value)]


def _position(mapping: CommentedMap, key: Any) -> int:
    if isinstance(key, int):
        return _year_position(mapping, key)
    order = {g: i for i, g in enumerate(GENDERS)}
    return sum(1 for k in mapping if k in order and order[k] < order.get(key, len(order)))


def _year_key(mapping: CommentedMap, year: int) -> Any:
    return next((k for k in mapping if str(k).strip() == str(year)), None)


def _year_position(mapping: CommentedMap, year: int) -> int:
    """Where a new year goes: before the first later year, else last."""
    for i, k in enumerate(mapping):
        if str(k).strip().isdigit() and int(str(k).strip()) > year:
            return i
    return len(mapping)


def _put(doc: CommentedMap, key: Any, value: Any, after: Any) -> None:
    if key in doc:
        doc[key] = value
    else:
        position = list(doc).index(after) + 1 if after in doc else 0
        doc.insert(position, key, value)


def _drop_if_empty(doc: CommentedMap, name: str) -> None:
    key = _key(doc, name)
    if key is not None and isinstance(doc[key], CommentedMap) and not doc[key]:
        del doc[key]


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "."))
        except ValueError:
            return None
    return None


def _plain(value: float) -> int | float:
    """31868 rather than 31868.0; other values as Kolada sent them."""
    return int(value) if value.is_integer() else value
