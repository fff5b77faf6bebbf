"""Where things stand in a user's file.

The reader records, for every YAML mapping, a compact position record under the key
``__pos__``: ``(start, keys)`` where ``start`` is the mapping's packed line and column
and ``keys`` maps each key to the packed position of that key, or, when the value is a
sequence, to a tuple ``(key, item0, item1, ...)``. When the schema cuts a wrong value
away (or an item of a list), the record gains a third part, the set of keys whose value
was written but cut, so that checks do not report as missing what is already reported
as wrong. The typed model keeps the record on
every object (``Node.pos``) and on every keyed dict (``PosDict.pos``), so any value in
the model can be traced back to ``file:line:col`` without keeping the YAML nodes alive.
"""

from __future__ import annotations

from typing import Any

from malkoll.findings import START, Where

__all__ = [
    "POS_KEY",
    "START",
    "PosDict",
    "Where",
    "cut",
    "item",
    "key",
    "mark_cut",
    "of",
    "pack",
    "posdict",
    "unpack",
]

POS_KEY = "__pos__"


def pack(line: int, col: int) -> int:  # the reader inlines this in its hot loop
    """One int for a 1-based line and column."""
    return (line << 24) | col


def unpack(packed: int) -> Where:
    return Where(packed >> 24, packed & 0xFFFFFF)


class PosDict(dict[Any, Any]):
    """A dict from the user's file that remembers where its keys stand (made by
    `posdict`: without an `__init__` of its own it is made as fast as a dict)."""

    __slots__ = ("pos",)
    pos: Any

    def __reduce__(self) -> tuple[Any, ...]:
        return (posdict, (dict(self), getattr(self, "pos", None)))


def posdict(items: Any, pos: Any = None) -> PosDict:
    """A `PosDict` of ``items`` with the position record ``pos``."""
    out = PosDict(items)
    out.pos = pos
    return out


def _record(obj: Any) -> Any:
    if isinstance(obj, dict) and not isinstance(obj, PosDict):
        return obj.get(POS_KEY)
    return getattr(obj, "pos", None)


def of(obj: Any) -> Where:
    """Where a mapping (model object, keyed dict or raw dict) starts."""
    rec = _record(obj)
    return unpack(rec[0]) if rec else START


def key(obj: Any, name: object) -> Where:
    """Where the key ``name`` of a mapping stands; the mapping's start if it is absent."""
    rec = _record(obj)
    if not rec:
        return START
    packed = rec[1].get(name if isinstance(name, str) else str(name))
    if packed is None:
        return unpack(rec[0])
    return unpack(packed[0] if isinstance(packed, tuple) else packed)


def item(obj: Any, name: str, index: int) -> Where:
    """Where item ``index`` of the sequence under key ``name`` stands."""
    rec = _record(obj)
    if not rec:
        return START
    packed = rec[1].get(name)
    if isinstance(packed, tuple) and 0 <= index < len(packed) - 1:
        return unpack(packed[index + 1])
    return key(obj, name)


def mark_cut(raw: dict[str, Any], name: str) -> None:
    """Remember that the value under ``name`` of a raw mapping was written but cut away."""
    rec = raw.get(POS_KEY)
    if rec is None:
        return
    if len(rec) > 2:
        rec[2].add(name)
    else:
        raw[POS_KEY] = (rec[0], rec[1], {name})


def cut(obj: Any, name: object) -> bool:
    """Whether the value under ``name`` was written but cut away as wrong (or one of its
    items was): its absence follows from a finding already made."""
    rec = _record(obj)
    return bool(rec) and len(rec) > 2 and str(name) in rec[2]
