"""Writing the imported figures into `ÅÅÅÅ/ekonomi.yaml`, keeping what a person wrote.

The file is read and written with ruamel.yaml's round trip, which keeps comments, key
order, flow or block style and the spelling of every value it is not asked to change;
the lines the import did not change are then put back exactly as they were (ruamel
would close up the spaces a person aligned the periods with: `jan:    {...}`). Only the
imported keys are set: a nämnd's `budget`, and under `perioder` each month's (or
follow-up period's) `utfall`, `periodbudget`, `kostnader`, `intakter` and `fjolar`; and
the nämnd's `enheter`, which the import owns (an entry for a unit without amounts in
the file is removed, so that the entries still sum to the nämnd). `prognos`, `analys`,
`atgarder`, `investeringar`, the bolag and every comment stay as they are. A nämnd
missing from the file is added at the end of `namnder`.

A month whose last day is a follow-up period's `per` date (`delar1`, 03-31) is written
under the period's key, as the examples do, unless the file already has the month's key
and not the period's. A value equal to the one in the file (`528380` and `528380.0`) is
not rewritten, so a second import of the same ledger changes no byte.

Nothing is written through a YAML alias: a mapping or list that appears in more than one
place of the file (an anchor and its alias) is refused, and nothing is written.
"""

from __future__ import annotations

import calendar
import difflib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from malkoll.errors import UnreadableFile
from malkoll.ledger.aggregate import FIELDS, Figures, NamndFigures
from malkoll.ledger.write_check import unchanged
from malkoll.model import files as m
from malkoll.model.types import month_key
from malkoll.writers.yamlwrite import BAD_VALUE, as_number

HEADER = (
    "Budget, utfall och prognos per nämnd, i {unit} (nettokostnader). Utfallet importeras\n"
    "med `malkoll ekonomi importera`; prognoser, analyser och åtgärder skrivs för hand."
)


@dataclass
class NamndChange:
    """What changed for one nämnd: the periods with new figures, and one example."""

    org: str
    new: bool = False
    periods: list[str] = field(default_factory=list)
    budget: tuple[Any, int] | None = None
    example: tuple[str, Any, int] | None = None
    """The last period whose `utfall` changed: (period, old, new)."""
    enheter: list[str] = field(default_factory=list)
    """The `enheter` entries added, changed or removed, by organisation id."""


@dataclass
class Merged:
    text: str
    changes: list[NamndChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _refused(rel: str, why: str) -> UnreadableFile:
    return UnreadableFile(
        f"{rel} kan inte uppdateras: {why}. Rätta filen (se malkoll validera) och importera "
        "igen; inget har ändrats."
    )


def _load(existing: str | None, rel: str, header: str, top: str = "namnder") -> CommentedMap:
    """The file's document, or a new one with ``header`` as its comment; refused when it is
    no mapping (of ``top``, as the message says) or shares a part (`_no_shared`)."""
    doc: Any = None
    if existing is not None:
        try:
            doc = _yaml().load(existing.removeprefix("\ufeff"))
        except YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f" (rad {mark.line + 1})" if mark is not None else ""
            raise _refused(rel, f"filen är inte giltig YAML{where}") from None
        except RecursionError:
            raise _refused(rel, "filen är orimligt djupt nästlad") from None
        except (ValueError, OverflowError):  # a date that does not exist: 2020-02-30
            raise _refused(rel, BAD_VALUE) from None
    if doc is None:
        doc = CommentedMap()
        doc.yaml_set_start_comment(header)
    if not isinstance(doc, CommentedMap):
        raise _refused(rel, f"filen är inte en mappning med `{top}:`")
    _no_shared(doc, rel)
    return doc


def _top_list(doc: CommentedMap, key: str, at: int, rel: str) -> CommentedSeq:
    """The list under ``key``, made (at position ``at``) where the key is missing or
    empty; refused when it is something else."""
    if doc.get(key) is None:
        if key in doc:
            doc[key] = CommentedSeq()
        else:
            doc.insert(at, key, CommentedSeq())
    found = doc[key]
    if not isinstance(found, CommentedSeq):
        raise _refused(rel, f"`{key}` är inte en lista")
    return found


def _no_shared(doc: CommentedMap, rel: str) -> None:
    """Refuse a file where a mapping or list appears twice (an anchor and its alias)."""
    seen: set[int] = set()
    todo: list[Any] = [doc]
    while todo:
        node = todo.pop()
        if not isinstance(node, CommentedMap | CommentedSeq):
            continue
        if id(node) in seen:
            raise _refused(
                rel,
                "en del av filen är samma värde på två ställen (ett YAML-ankare `&namn` och "
                "dess alias `*namn`), så en ändring på det ena stället skulle ändra det andra; "
                "skriv ut värdena i stället för alias",
            )
        seen.add(id(node))
        todo.extend(node.values() if isinstance(node, CommentedMap) else node)


def _dump(doc: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def _set(mapping: CommentedMap, key: str, value: int, after: tuple[str, ...] = ()) -> Any:
    """Set ``key`` unless it already holds ``value``; the old value when it changed, or
    the marker `_SAME`. A new key goes after the last of ``after`` that the mapping has,
    else first."""
    if key in mapping:
        old = mapping[key]
        if as_number(old) == value:
            return _SAME
        mapping[key] = value
        return old
    keys = list(mapping)
    at = max((keys.index(k) + 1 for k in after if k in mapping), default=0)
    mapping.insert(at, key, value)
    return None


_SAME = object()


def _mapping(parent: CommentedMap, key: str, rel: str, where: str, flow: bool) -> CommentedMap:
    value = parent.get(key)
    if value is None:
        value = CommentedMap()
        if flow:
            value.fa.set_flow_style()
        parent[key] = value
    if not isinstance(value, CommentedMap):
        raise _refused(rel, f"`{where}` är inte en mappning")
    return value


def _list(parent: CommentedMap, key: str, rel: str, where: str, after: str) -> CommentedSeq:
    value = parent.get(key)
    if value is None:
        value = CommentedSeq()
        keys = list(parent)
        at = keys.index(after) + 1 if after in parent else len(keys)
        if key in parent:
            parent[key] = value
        else:
            parent.insert(at, key, value)
    if not isinstance(value, CommentedSeq):
        raise _refused(rel, f"`{where}` är inte en lista")
    return value


def period_keys(settings: m.Installningar, year: int) -> dict[int, str]:
    """The follow-up period written instead of a month: the month its `per` date ends."""
    keys: dict[int, str] = {}
    for key, period in settings.perioder.items():
        month, day = int(period.per[:2]), int(period.per[3:])
        if day == calendar.monthrange(year, month)[1]:
            keys.setdefault(month, key)
    return keys


def _period_key(perioder: CommentedMap, month: int, keys: dict[int, str]) -> str:
    short = m.MANADER[month - 1]
    period = keys.get(month)
    if period is not None and period in perioder:
        return period
    written = next((k for k in perioder if isinstance(k, str) and month_key(k) == short), None)
    if written is not None:
        return str(written)
    return period or short


def _month_position(perioder: CommentedMap, month: int, keys: dict[int, str]) -> int:
    """Where a new month goes: before the first period or month that ends later."""
    ends = {key: number for number, key in keys.items()}
    for i, key in enumerate(perioder):
        text = month_key(str(key))
        later = m.MANADER.index(text) + 1 if text in m.MANADER else ends.get(str(key))
        if later is not None and later > month:
            return i
    return len(perioder)


def _entry(seq: CommentedSeq, org: str, key: str = "organisation") -> CommentedMap | None:
    """The item of ``seq`` whose ``key`` is ``org`` (a nämnd, an enhet, a result line)."""
    for item in seq:
        if isinstance(item, CommentedMap) and str(item.get(key, "")).strip() == org:
            return item
    return None


def _periods(
    owner: CommentedMap, figures: Figures, keys: dict[int, str], rel: str, where: str
) -> list[tuple[str, Any, int]]:
    """Set the figures' months under ``owner.perioder``; each period that changed, with
    its old and new `utfall`."""
    if "perioder" not in owner:
        at = list(owner).index("budget") + 1 if "budget" in owner else len(owner)
        owner.insert(at, "perioder", CommentedMap())
    perioder = _mapping(owner, "perioder", rel, f"{where}.perioder", flow=False)
    changed = []
    for month, values in sorted(figures.months.items()):
        key = _period_key(perioder, month, keys)
        if key not in perioder:
            perioder.insert(_month_position(perioder, month, keys), key, None)
        period = _mapping(perioder, key, rel, f"{where}.perioder.{key}", flow=True)
        old_utfall, touched = period.get("utfall"), False
        for name in FIELDS:
            if name in values:
                before = FIELDS[: FIELDS.index(name)]
                touched |= _set(period, name, values[name], before) is not _SAME
        if touched:
            changed.append((key, old_utfall, values["utfall"]))
    return changed


def _new_entry(org: str) -> CommentedMap:
    entry = CommentedMap()
    entry["organisation"] = org
    return entry


def _enheter(owner: CommentedMap, namnd: NamndFigures, keys: dict[int, str], rel: str) -> list[str]:
    where = f"namnder.{namnd.org}.enheter"
    seq = _list(owner, "enheter", rel, where, after="perioder")
    changed: list[str] = []
    wanted = {e.org for e in namnd.enheter}
    for i in reversed(range(len(seq))):
        item = seq[i]
        org = str(item.get("organisation", "")).strip() if isinstance(item, CommentedMap) else ""
        if org not in wanted:
            del seq[i]
            changed.append(org)
    for part in namnd.enheter:
        entry = _entry(seq, part.org)
        touched = entry is None
        if entry is None:
            entry = _new_entry(part.org)
            seq.append(entry)
        if part.budget is not None:
            touched |= _set(entry, "budget", part.budget, ("organisation",)) is not _SAME
        touched |= bool(_periods(entry, part, keys, rel, f"{where}.{part.org}"))
        if touched:
            changed.append(part.org)
    return changed


def merge(
    existing: str | None, rel: str, figures: list[NamndFigures], keys: dict[int, str], unit: str
) -> Merged:
    """The file ``rel`` (text ``existing``, None when there is none) with ``figures``;
    the file as it is, without the round trip, when it has them all (`write_check`)."""
    if unchanged(existing, figures, keys, _period_key):
        return Merged(existing or "")
    return merge_round_trip(existing, rel, figures, keys, unit)


def merge_round_trip(
    existing: str | None, rel: str, figures: list[NamndFigures], keys: dict[int, str], unit: str
) -> Merged:
    """`merge` through ruamel.yaml's round trip, always."""
    doc = _load(existing, rel, HEADER.format(unit=unit))
    at = list(doc).index("investeringar") if "investeringar" in doc else len(doc)
    namnder = _top_list(doc, "namnder", at, rel)
    merged = Merged(existing or "")
    for namnd in figures:
        change = NamndChange(namnd.org)
        entry = _entry(namnder, namnd.org)
        if entry is None:
            entry = _new_entry(namnd.org)
            namnder.append(entry)
            change.new = True
        if namnd.budget is not None:
            old = _set(entry, "budget", namnd.budget, ("organisation",))
            if old is not _SAME:
                change.budget = (old, namnd.budget)
        periods = _periods(entry, namnd, keys, rel, f"namnder.{namnd.org}")
        change.periods = [key for key, _, _ in periods]
        changed_utfall = [(k, o, n) for k, o, n in periods if as_number(o) != n]
        if changed_utfall:
            change.example = changed_utfall[-1]
        change.enheter = _enheter(entry, namnd, keys, rel)
        if change.new or change.periods or change.budget or change.enheter:
            merged.changes.append(change)
    if merged.changed:
        merged.text = keep_lines(existing or "", _dump(doc))
    return merged


_ALIGNED = re.compile(r"^(\s*[^\s:#]+:)(\s+)(\{.*)$")


def keep_lines(old: str, new: str) -> str:
    """``new``, with each line that differs from ``old`` only in its spacing put back as
    it was in ``old``, and a changed line that ``old`` aligned (`jan:    {`) aligned the
    same way."""
    if not old:
        return new
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(
        None, [_spacing(x) for x in old_lines], [_spacing(x) for x in new_lines], autojunk=False
    )
    out: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(old_lines[i1:i2])
            continue
        olds = [x for x in (_ALIGNED.match(line) for line in old_lines[i1:i2]) if x]
        by_key = {x.group(1): x for x in olds}
        for line in new_lines[j1:j2]:
            out.append(_aligned(by_key, olds, line))
    return "".join(out)


def _spacing(line: str) -> str:
    """A line as compared: its indentation as it is (YAML's structure), the rest with
    every run of spaces as one."""
    body = line.lstrip(" ")
    return line[: len(line) - len(body)] + " ".join(body.split())


def _aligned(by_key: dict[str, re.Match[str]], olds: list[re.Match[str]], line: str) -> str:
    """``line`` with its value where the old line of the same key had it, or, for a new
    key, where the old lines at the same indentation had theirs."""
    new = _ALIGNED.match(line)
    if new is None:
        return line
    end = "\n" if line.endswith("\n") else ""
    was = by_key.get(new.group(1))
    if was is not None:
        return was.group(1) + was.group(2) + new.group(3) + end
    indent = len(new.group(1)) - len(new.group(1).lstrip(" "))
    for old in olds:
        key = old.group(1)
        if len(key) - len(key.lstrip(" ")) == indent:
            column = len(key) + len(old.group(2))
            return new.group(1).ljust(column - 1) + " " + new.group(3) + end
    return line
