"""Reading one YAML file into plain data that remembers its positions.

libyaml (PyYAML's `CSafeLoader`) composes the file into nodes; we turn the nodes into
dicts, lists and strings ourselves. Scalars stay text: the schema types them, so `1.10`
stays "1.10" and `0180` stays "0180". Only a plain `~`, `null` or empty value is None.
Every mapping carries a position record (see `positions`). Whatever is wrong with the
bytes or the syntax becomes a finding; nothing here raises for bad input.

Where the compiled part (`_fastyaml.c`) is built, it reads libyaml's events straight into
the same data, without PyYAML's Node and Mark objects (most of the reading time), and
leaves everything rare to the path below: a syntax error, anchors and aliases, a key that
is not text, more than one document, a value with a control character. Both paths give
identical results (`tests/test_reader_equivalence.py`); `MALKOLL_REN_PYTHON=1` turns the
compiled part off. PyYAML is imported only when the Python path reads a file (importing
it is about 10 ms of every run).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml
    from yaml.nodes import Node

from malkoll import findings as f
from malkoll.findings import START, Where
from malkoll.model.positions import POS_KEY
from malkoll.reading.numbers import changes_as_number
from malkoll.reading.source import MK108, Unreadable, decode, read_limited
from malkoll.reading.syntax import syntax_error
from malkoll.text import fold, tal, unprintable

_Compiled = Callable[
    [str | bytes, frozenset[str], Callable[[str], str], bool],
    tuple[Any, list[tuple[int, int, str, str]], list[int]] | None,
]
"""The compiled part's `parse`: it reads the text, or the text's UTF-8 bytes."""
_compiled: _Compiled | None
try:
    from malkoll.reading import _fastyaml
except ImportError:  # not built (no compiler or no libyaml at install): the Python path
    _compiled = None
else:
    _compiled = _fastyaml.parse

COMPILED = _compiled is not None and os.environ.get("MALKOLL_REN_PYTHON", "") in ("", "0")
"""Whether files are read by the compiled part; `MALKOLL_REN_PYTHON=1` forces the Python
path (tests switch it by setting this)."""

MAX_NESTING = 500
"""Deeper nesting than this is refused before libyaml composes it (MK108)."""
MAX_EXPANSION = 100_000
"""Aliases may add at most this many nodes beyond ten times the file's own (MK108)."""
MAX_NODES = 200_000
"""Files with more values than this are refused (MK108): memory grows with the number of
values, not with the bytes (a 9 MB file of tiny mappings would take over a gigabyte). The
largest real follow-up files have a few thousand."""

MK103 = f.rule(
    "MK103",
    "fel",
    "En nyckel finns två gånger",
    "En nyckel får bara förekomma en gång i samma mappning; annars skulle det ena "
    "värdet tyst försvinna. Även `bedömning` och `bedomning` räknas som samma nyckel.",
    wrong="analys:\n  resultat: Bättre än väntat.\n  resultat: Sämre än väntat.",
    right="analys:\n  resultat: Bättre än väntat.\n  orsaker: Sämre än väntat.",
)

RULES = (MK103,)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""
_LINE_BREAKS = frozenset("\r\u2028\u2029\x85")
_BOM = b"\xef\xbb\xbf"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BRACKETS = re.compile(r"[\[\]{}]")


@dataclass
class ReadResult:
    """The data of one file (None when it could not be read) and what was wrong."""

    data: Any = None
    readable: bool = True
    problems: list[f.Problem] = field(default_factory=list)
    numbers: frozenset[int] = frozenset()
    """The packed positions (as in the position records: a key's for its value, an item's
    for a list's) of plain values that other YAML tools may write back changed, read as
    numbers (see `reading.numbers`); `reading.plain` warns where they are ids."""


@functools.cache
def _loader() -> type[yaml.CSafeLoader]:
    """libyaml composition without YAML's implicit typing: the schema types scalars.
    Made when first needed, so that PyYAML is imported only then."""
    import yaml

    class _Loader(yaml.CSafeLoader):
        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            return "tag:yaml.org,2002:str"

    return _Loader


def read_file(path: Path, rel: str, known_keys: frozenset[str]) -> ReadResult:
    """Read, decode, parse and convert one file; every problem becomes a finding."""
    try:
        raw = read_limited(path)
    except Unreadable as err:
        return _unreadable(err.rule, rel, err.message, err.hint)
    return read_bytes(raw, rel, known_keys)


def read_bytes(raw: bytes, rel: str, known_keys: frozenset[str]) -> ReadResult:
    """Decode and parse the bytes of a file."""
    try:
        text = decode(raw)
    except Unreadable as err:
        return _unreadable(err.rule, rel, err.message, err.hint)
    if text.count("[") + text.count("{") > MAX_NESTING and _flow_depth(text) > MAX_NESTING:
        return _unreadable(
            MK108, rel, f"Filen är nästlad i mer än {MAX_NESTING} nivåer.", "Förenkla strukturen."
        )
    if 3 * len(text) >= MAX_NODES and _node_bound(text) > MAX_NODES and _too_many_nodes(text):
        return _unreadable(
            MK108,
            rel,
            f"Filen har fler än {tal(MAX_NODES)} värden; så många läses inte.",
            "Dela upp filen, till exempel en plan per enhet.",
        )
    # The compiled part reads the bytes as they are when they are the text's UTF-8 (no BOM
    # and no line break changed below), which spares encoding the text again.
    utf8: bytes | None = None if raw.startswith(_BOM) else raw
    if "\r" in text:
        # YAML reads CR LF and a lone CR as line breaks, as editors do, but libyaml loses
        # count of a lone CR in some places: every break becomes LF before it reads.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        utf8 = None
    restore: dict[int, str] | None = None
    is_ascii = text.isascii()
    if not is_ascii and any(brk in text for brk in _HIDDEN_BREAKS):
        text, restore = _hide_breaks(text)
    controls = "\\" in text or (not is_ascii and any(ch in text for ch in _BIDI_CONTROLS))
    if COMPILED and restore is None:
        fast = _read_compiled(text if utf8 is None else utf8, rel, known_keys, controls)
        if fast is not None:
            return fast
    return _read_python(text, rel, restore, known_keys, controls)


def _read_python(
    text: str, rel: str, restore: dict[int, str] | None, known_keys: frozenset[str], controls: bool
) -> ReadResult:
    """The Python path: PyYAML composes the nodes, `_Converter` turns them into data."""
    import yaml

    loader = _loader()(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as err:
        if "maximum nesting depth" in str(getattr(err, "problem", "")):
            # libyaml from PyYAML 6.0.4 on stops deep nesting itself; older builds get here
            # through the converter's RecursionError below. Both are the same finding.
            return _too_deep(rel)
        return ReadResult(None, False, [syntax_error(err, text, rel)])
    finally:
        loader.dispose()
    if root is None:
        return ReadResult(None)
    if "&" in text and _too_expanded(root):
        return _unreadable(
            MK108,
            rel,
            "Filens alias (`*namn`) skulle växa till orimlig storlek (en aliasbomb); "
            "filen lästes inte.",
            "Skriv ut värdena i stället för att använda alias.",
        )
    result = ReadResult()
    converter = _Converter(rel, known_keys, result.problems)
    numbers = converter.numbers
    converter.restore = restore
    converter.controls = controls
    try:
        result.data = converter.convert(root)
    except RecursionError:
        return _too_deep(rel)
    result.numbers = frozenset(numbers)
    return result


def _read_compiled(
    text: str | bytes, rel: str, known_keys: frozenset[str], controls: bool
) -> ReadResult | None:
    """The compiled part's reading of the text (or of its UTF-8 bytes), or None where the
    Python path must read the file."""
    assert _compiled is not None
    try:
        parsed = _compiled(text, known_keys, fold, controls)
    except Exception:  # whatever it is, the Python path reports it as it always has
        return None
    if parsed is None:
        return None
    data, duplicates, numbers = parsed
    found = [
        _duplicate(rel, Where(line + 1, col + 1), written, key)
        for line, col, written, key in duplicates
    ]
    return ReadResult(data, True, found, frozenset(numbers) if numbers else frozenset())


# U+2028, U+2029 and U+0085 are line breaks to libyaml but not to git, GitHub or editors:
# left in, every position after them would be a line off. They are swapped for private-use
# characters the file does not contain while libyaml reads, and swapped back in the values.
_HIDDEN_BREAKS = ("\u2028", "\u2029", "\x85")
_PLACEHOLDERS = range(0xF8F0, 0xF900)


def _hide_breaks(text: str) -> tuple[str, dict[int, str] | None]:
    free = (chr(c) for c in _PLACEHOLDERS if chr(c) not in text)
    try:
        swap = {brk: next(free) for brk in _HIDDEN_BREAKS if brk in text}
    except StopIteration:  # the file uses every placeholder: read it as libyaml does
        return text, None
    restore = {ord(ph): brk for brk, ph in swap.items()}
    return text.translate({ord(brk): ph for brk, ph in swap.items()}), restore


# Control characters can only enter a value through a double-quoted escape (`"\e"`, `"\x07"`)
# or as bidirectional overrides written as they are; only such files are checked for them.
_BIDI_CONTROLS = tuple("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _node_bound(text: str) -> int:
    """More than the number of values the file can hold, counted from its punctuation:
    every value but the first needs a `:`, `?`, `-`, `,`, `[` or `{` of its own (so a
    file has fewer than three values a character, and a small file needs no count)."""
    pairs = text.count(":") + text.count("?")
    items = text.count("-") + text.count(",")
    return 1 + 3 * pairs + 2 * items + 2 * (text.count("[") + text.count("{"))


def _too_many_nodes(text: str) -> bool:
    """Whether the file has more than `MAX_NODES` values, counted from libyaml's events
    without keeping them. Only for files whose punctuation allows too many."""
    import yaml

    nodes = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
    loader = _loader()(text)
    counted = 0
    try:
        while counted <= MAX_NODES and loader.check_event():
            event = loader.get_event()
            if isinstance(event, nodes):
                counted += 1
    except yaml.YAMLError:
        return False  # the syntax error is reported when the file is composed
    finally:
        loader.dispose()
    return counted > MAX_NODES


def _too_deep(rel: str) -> ReadResult:
    return _unreadable(
        MK108,
        rel,
        "Filen är för djupt nästlad för att läsas (fler än tusen nivåer).",
        "Förenkla strukturen: en plan behöver sällan mer än tio nivåer av indrag.",
    )


def _unreadable(rule: f.Rule, rel: str, message: str, hint: str = "") -> ReadResult:
    return ReadResult(None, False, [f.Problem(rule, rel, START, message, hint)])


def _flow_depth(text: str) -> int:
    """The deepest nesting of flow brackets, counted generously (quotes are not skipped)."""
    depth = deepest = 0
    for m in _BRACKETS.finditer(text):
        depth = depth + 1 if m.group() in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def _too_expanded(root: Node) -> bool:
    """Whether expanding the aliases would blow the file up; decided before expanding."""
    from yaml.nodes import MappingNode, SequenceNode

    sizes: dict[int, int] = {}

    def size(node: Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if isinstance(node, MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, SequenceNode):
            total = 1 + sum(size(x) for x in node.value)
        else:
            total = 1
        sizes[id(node)] = total
        return total

    try:
        expanded = size(root)
    except RecursionError:
        return True
    return expanded > 10 * len(sizes) + MAX_EXPANSION


class _Converter:
    """Turns composed nodes into dicts, lists and text, with position records."""

    def __init__(self, rel: str, known_keys: frozenset[str], found: list[f.Problem]) -> None:
        from yaml.nodes import MappingNode, ScalarNode, SequenceNode

        self.scalar, self.mapping, self.sequence = ScalarNode, MappingNode, SequenceNode
        """PyYAML's node classes, imported with the Python path."""
        self.rel = rel
        self.known_keys = known_keys
        self.found = found
        self.restore: dict[int, str] | None = None
        """Placeholders of hidden line breaks to put back (see `_hide_breaks`)."""
        self.controls = False
        """Whether values may hold control characters (the file has an escape)."""
        self.numbers: set[int] = set()
        """Where plain values stand that may change as numbers (`ReadResult.numbers`)."""

    def convert(self, node: Node) -> Any:
        cls = node.__class__
        if cls is self.scalar:
            value = node.value
            if self.restore is not None:
                value = value.translate(self.restore)
            if self.controls:
                self._control(node, value)
            # A ScalarNode (the hot loop tests the class, not isinstance, which mypy reads).
            style = node.style  # type: ignore[attr-defined]
            return None if not style and value in _NULLS else value
        if cls is self.mapping:
            return self._mapping(node)
        return [self.convert(item) for item in node.value]

    def _mapping(self, node: Node) -> dict[str, Any]:
        out: dict[str, Any] = {}
        keys: dict[str, Any] = {}
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            packed = ((mark.line + 1) << 24) | (mark.column + 1)
            if key_node.__class__ is not self.scalar:
                self._bad_key(
                    mark, "En nyckel måste vara en enkel text, inte en lista eller mappning."
                )
                continue
            key = key_node.value
            if self.restore is not None:
                key = key.translate(self.restore)
            if not key.isascii():
                folded = fold(key)
                if folded in self.known_keys:
                    key = folded
            if key in out or key == POS_KEY:
                where = Where(mark.line + 1, mark.column + 1)
                self.found.append(_duplicate(self.rel, where, key_node.value, key))
                continue
            out[key] = self.convert(value_node)
            if value_node.__class__ is self.sequence:
                items = [((m.line + 1) << 24) | (m.column + 1) for m in _starts(value_node)]
                keys[key] = (packed, *items)
                for at, item in zip(items, value_node.value, strict=True):
                    if _plain_number(item, self.scalar):
                        self.numbers.add(at)
            else:
                keys[key] = packed
                if _plain_number(value_node, self.scalar):
                    self.numbers.add(packed)
        mark = node.start_mark
        out[POS_KEY] = (((mark.line + 1) << 24) | (mark.column + 1), keys)
        return out

    def _control(self, node: Node, value: str) -> None:
        ch = unprintable(value)
        if ch is None or ch in _LINE_BREAKS:
            return
        mark = node.start_mark
        self._bad_value(
            mark,
            f"Texten innehåller ett osynligt styrtecken (U+{ord(ch):04X}) som inte hör hemma "
            "i en text och som kan ändra hur text visas i terminaler och rapporter.",
            "Ta bort styrtecknet (oftast en escape-sekvens som `\\e` eller `\\x07` inom "
            "dubbla citattecken).",
        )

    def _bad_value(self, mark: Any, message: str, hint: str = "") -> None:
        from malkoll.reading.schema import (
            MK105,  # the schema owns MK105; imported late to keep this light
        )

        where = Where(mark.line + 1, mark.column + 1)
        self.found.append(f.Problem(MK105, self.rel, where, message, hint))

    def _bad_key(self, mark: Any, message: str) -> None:
        from malkoll.reading.schema import (
            MK105,  # the schema owns MK105; imported late to keep this light
        )

        self.found.append(
            f.Problem(MK105, self.rel, Where(mark.line + 1, mark.column + 1), message)
        )


def _duplicate(rel: str, where: Where, written: str, key: str) -> f.Problem:
    """MK103 for a key written a second time (``key`` is ``written`` as the schema knows it)."""
    if key == POS_KEY:
        return f.Problem(MK103, rel, where, f"Nyckeln `{written}` är reserverad för malkoll.")
    same = f" (samma nyckel som `{key}`)" if written != key else ""
    return f.Problem(
        MK103,
        rel,
        where,
        f"Nyckeln `{written}`{same} finns redan i samma mappning; det här värdet används inte.",
        "Ta bort den ena eller byt namn på den.",
    )


def _plain_number(node: Node, scalar: type) -> bool:
    return (
        node.__class__ is scalar
        and not node.style  # type: ignore[attr-defined]
        and changes_as_number(node.value)
    )


def _starts(sequence: Node) -> list[Any]:
    return [item.start_mark for item in sequence.value]
