"""Writing fetched values into `indikatorer/<id>.yaml`, keeping what a person wrote.

The file is read and written with ruamel.yaml's round trip, which keeps comments, key
order, flow or block style and the spelling of every value it is not asked to change.
Only what came from Kolada is touched: the municipality's T, K and M per year under
`utfall`, the fetched comparisons (`riket` and those named in `malkoll.yaml`) under
`jamforelse`, and `kalla: Kolada` and `hamtad:` when something changed. A year, a
gender or a comparison that Kolada did not send is left as it is, and so is a value
Kolada sends as null (no value): null never erases a number a person wrote, and a new
year gets only the values Kolada has. A value equal to the one in the file (`84.40`
and 84.4) is not rewritten. What a person writes beside Kolada's figures, the groupings
under `grupper` and the units' own figures under `organisationer`, is never touched: a
missing `utfall` or `jamforelse` is added before them, so the file still reads top down.

Nothing is written through a YAML alias: round trip keeps `2020: *a` as the very mapping
anchored at `2019: &a {...}`, so writing into one would change both. A mapping or an
anchored value that appears in more than one place is never changed; the file is
refused (`UnreadableFile`) naming both places, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from malkoll.errors import UnreadableFile
from malkoll.kolada.client import GENDERS, Series
from malkoll.text import fold
from malkoll.writers.yamlwrite import BAD_VALUE, as_number

SOURCE = "Kolada"
HEADER = (
    "Hämtat från Kolada med `malkoll kolada hamta`. Nästa hämtning uppdaterar Koladas\n"
    "värden; egna år, jämförelser och kommentarer behålls."
)


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


@dataclass(frozen=True)
class _Guard:
    """The file's name, and the places of every node that appears in more than one."""

    rel: str
    shared: dict[int, list[str]]

    def check(self, node: Any) -> None:
        """Refuse to change ``node`` when it also appears elsewhere (an alias, `<<:`)."""
        places = self.shared.get(id(node))
        if places is None:
            return
        name = getattr(getattr(node, "anchor", None), "value", None)
        how = f"ankaret `&{name}` och aliaset `*{name}`" if name else "ett YAML-alias eller `<<:`"
        raise UnreadableFile(
            f"{self.rel} kan inte uppdateras: {places[0]} och {places[1]} är samma värde "
            f"i filen ({how}), så en ändring av det ena skulle ändra även det andra. Skriv "
            "ut värdet på vart och ett av ställena i stället för alias och hämta igen; "
            "inget har ändrats."
        )


def _shared(doc: CommentedMap) -> dict[int, list[str]]:
    """Where each mapping, list or anchored value that appears more than once is."""
    places: dict[int, list[str]] = {}
    todo: list[tuple[Any, str, int | None]] = [(doc, "", None)]
    while todo:  # a loop, not recursion: a deeply nested file must not overflow the stack
        node, path, line = todo.pop()
        if not isinstance(node, CommentedMap | CommentedSeq) and _anchor(node) is None:
            continue
        seen = places.setdefault(id(node), [])
        seen.append(f"`{path}` på rad {line}" if line else f"`{path}`")
        if len(seen) > 1 or not isinstance(node, CommentedMap | CommentedSeq):
            continue
        items = node.items() if isinstance(node, CommentedMap) else enumerate(node)
        children = [(v, f"{path}.{k}" if path else str(k), _line(node, k)) for k, v in items]
        todo.extend(reversed(children))
    return {key: where for key, where in places.items() if len(where) > 1}


def _anchor(node: Any) -> str | None:
    anchor = getattr(node, "anchor", None)
    value = getattr(anchor, "value", None)
    return value if isinstance(value, str) else None


def _line(node: CommentedMap | CommentedSeq, key: Any) -> int | None:
    try:
        position = node.lc.key(key) if isinstance(node, CommentedMap) else node.lc.item(key)
        return int(position[0]) + 1
    except (KeyError, IndexError, TypeError, AttributeError):  # a key from `<<:` has none
        return None


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
    guard = _Guard(rel, _shared(doc))
    merged = Merged(text=existing or "")
    had = {name: _key(doc, name) is not None for name in ("utfall", "jamforelse")}
    kalla_key = _key(doc, "kalla")
    old_source = doc.get(kalla_key) if kalla_key else None
    if old_source != SOURCE:
        merged.old_source = old_source if isinstance(old_source, str) else None
        merged.source_changed = True
    utfall = _section(doc, "utfall", guard)
    for year, values in sorted(fetched.utfall.items()):
        merged.changes.extend(_merge_year(utfall, year, values, guard))
    jamforelse = _section(doc, "jamforelse", guard)
    for name, series in fetched.jamforelse.items():
        target = _child(jamforelse, name, guard, "jamforelse")
        for year, value in sorted(series.items()):
            if value is not None:
                merged.changes.extend(_set(target, year, value, name, year, guard))
    for name, existed in had.items():
        if not existed:  # a section we added and found nothing for
            _drop_if_empty(doc, name)
    if merged.changed:
        guard.check(doc)
        guard.check(doc.get(kalla_key))
        guard.check(doc.get(_key(doc, "hamtad")))
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
    except RecursionError:
        raise UnreadableFile(_unreadable(rel, "filen är orimligt djupt nästlad")) from None
    except (ValueError, OverflowError):  # a date that does not exist: 2020-02-30
        raise UnreadableFile(_unreadable(rel, BAD_VALUE)) from None
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


KEPT = ("grupper", "organisationer")
"""Top-level keys a person writes and a fetch never touches (`IndikatorVarden`)."""


def _section(doc: CommentedMap, name: str, guard: _Guard) -> CommentedMap:
    """The top-level mapping ``name``, added (in block style) when missing: before the
    person's own `grupper` and `organisationer`, else last."""
    if _key(doc, name) is None:
        kept = [i for i, k in enumerate(doc) if isinstance(k, str) and fold(k) in KEPT]
        if kept:
            guard.check(doc)
            doc.insert(kept[0], name, CommentedMap())
    return _child(doc, name, guard, None, fold_key=True)


def _child(
    parent: CommentedMap, name: str, guard: _Guard, where: str | None, fold_key: bool = False
) -> CommentedMap:
    key = _key(parent, name) if fold_key else (name if name in parent else None)
    if key is None or parent[key] is None:
        guard.check(parent)
    if key is None:
        parent[name] = CommentedMap()
        if where is not None:  # a comparison's years: one line, like the rest of the file
            parent[name].fa.set_flow_style()
        made: CommentedMap = parent[name]
        return made
    value = parent[key]
    if value is None:
        parent[key] = value = CommentedMap()
        value.fa.set_flow_style()
    if not isinstance(value, CommentedMap):
        place = f"`{where}.{name}`" if where else f"`{name}`"
        raise UnreadableFile(_unreadable(guard.rel, f"{place} är inte en mappning"))
    return value


def _merge_year(
    utfall: CommentedMap, year: int, values: dict[str, float | None], guard: _Guard
) -> list[Change]:
    present = {g: v for g, v in values.items() if v is not None}
    if not present:
        return []
    key = _year_key(utfall, year)
    if key is None or utfall[key] is None:
        guard.check(utfall)
        entry = CommentedMap()
        entry.fa.set_flow_style()
        if key is None:
            utfall.insert(_year_position(utfall, year), year, entry)
        else:
            utfall[key] = entry
    entry = utfall[key if key is not None else year]
    if not isinstance(entry, CommentedMap):
        raise UnreadableFile(_unreadable(guard.rel, f"`utfall.{year}` är inte en mappning"))
    changes: list[Change] = []
    for gender in GENDERS:
        if gender in present:
            changes.extend(_set(entry, gender, present[gender], gender, year, guard))
    return changes


def _set(
    mapping: CommentedMap, key: Any, value: float, series: str, year: int, guard: _Guard
) -> list[Change]:
    """Set one value unless the file already has it; a year key is matched as text."""
    found = _year_key(mapping, key) if isinstance(key, int) else (key if key in mapping else None)
    old = mapping.get(found) if found is not None else None
    old_number = as_number(old)
    if old_number is not None and old_number == value:
        return []
    guard.check(mapping)
    guard.check(old)
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


def _plain(value: float) -> int | float:
    """31868 rather than 31868.0; other values as Kolada sent them."""
    return int(value) if value.is_integer() else value
