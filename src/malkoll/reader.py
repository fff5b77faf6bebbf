"""Reading one YAML file into plain data that remembers its positions.

libyaml (PyYAML's `CSafeLoader`) composes the file into nodes; we turn the nodes into
dicts, lists and strings ourselves. Scalars stay text: the schema types them, so `1.10`
stays "1.10" and `0180` stays "0180". Only a plain `~`, `null` or empty value is None.
Every mapping carries a position record (see `positions`). Whatever is wrong with the
bytes or the syntax becomes a finding; nothing here raises for bad input.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import findings as f
from .positions import POS_KEY, START, Where
from .text import fold

MAX_BYTES = 10 * 1024 * 1024
"""Files larger than this are refused (MK108)."""
MAX_NESTING = 500
"""Deeper nesting than this is refused before libyaml composes it (MK108)."""
MAX_EXPANSION = 100_000
"""Aliases may add at most this many nodes beyond ten times the file's own (MK108)."""

MK101 = f.rule(
    "MK101",
    "fel",
    "Filen är inte giltig YAML",
    "YAML-tolken kunde inte läsa filen. Meddelandet anger raden och vad tolken såg; "
    "vanliga orsaker är fel indrag, tabbar i stället för mellanslag och text som "
    "innehåller `: ` utan citattecken.",
    wrong="analys:\n  resultat: Målet: nås inte",
    right='analys:\n  resultat: "Målet: nås inte"',
)
MK102 = f.rule(
    "MK102",
    "fel",
    "Filen är inte UTF-8",
    "Alla filer ska sparas som UTF-8 (med eller utan BOM). Spara om filen som UTF-8 i "
    "din editor; äldre Windows-program sparar ofta som Latin-1 (ANSI).",
)
MK103 = f.rule(
    "MK103",
    "fel",
    "En nyckel finns två gånger",
    "En nyckel får bara förekomma en gång i samma mappning; annars skulle det ena "
    "värdet tyst försvinna. Även `bedömning` och `bedomning` räknas som samma nyckel.",
    wrong="analys:\n  resultat: Bättre än väntat.\n  resultat: Sämre än väntat.",
    right="analys:\n  resultat: Bättre än väntat.\n  orsaker: Sämre än väntat.",
)
MK108 = f.rule(
    "MK108",
    "fel",
    "Filen är för stor eller för djupt nästlad",
    f"Filer större än {MAX_BYTES // (1024 * 1024)} MB läses inte, och inte heller filer "
    "vars alias (`*namn`) skulle växa till orimlig storlek (en 'aliasbomb') eller som är "
    "orimligt djupt nästlade. Dela upp filen eller ta bort aliasen.",
)

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_BRACKETS = re.compile(r"[\[\]{}]")

# libyaml's descriptions of common mistakes, in Swedish; the original follows in parentheses.
_PROBLEMS = {
    "mapping values are not allowed": "ett kolon följt av mellanslag där det inte får stå; "
    "sätt texten inom citattecken om den innehåller `: `",
    "could not find expected ':'": "förväntade `:` efter en nyckel",
    "did not find expected key": "förväntade en nyckel; kontrollera indraget",
    "did not find expected '-' indicator": "förväntade ett listelement (`-`); kontrollera indraget",
    "found character that cannot start any token": "ett tecken som inte kan inleda ett värde "
    "(till exempel en tabb, `@` eller `` ` ``); indrag görs med mellanslag och sådan text "
    "skrivs inom citattecken",
    "found undefined alias": "ett alias (`*namn`) utan motsvarande ankare (`&namn`)",
    "but found another document": "filen innehåller flera dokument (`---`); den ska innehålla ett",
    "found unexpected end of stream": "filen tar slut mitt i ett värde; saknas ett citattecken "
    "eller en avslutande parentes?",
    "control characters are not allowed": "filen innehåller otillåtna kontrolltecken",
    "did not find expected node content": "förväntade ett värde",
    "found unknown escape character": "en okänd escape-sekvens (`\\`) inom dubbla citattecken; "
    "använd enkla citattecken",
    "did not find expected ',' or ']'": "förväntade `,` eller `]` i en lista inom hakparenteser",
    "did not find expected ',' or '}'": "förväntade `,` eller `}` i en mappning inom klamrar",
    "found duplicate anchor": "samma ankare (`&namn`) finns två gånger",
}


# What libyaml was in the middle of, in Swedish, for the hint of MK101.
_CONTEXTS = {
    "block mapping": "i en mappning (nycklar med värden)",
    "block collection": "i en lista eller mappning",
    "flow sequence": "i en lista inom hakparenteser",
    "flow mapping": "i en mappning inom klamrar",
    "quoted scalar": "i en text inom citattecken",
    "simple key": "vid en nyckel",
    "block scalar": "i en flerradig text (`|` eller `>`)",
    "alias": "vid ett alias (`*namn`)",
    "anchor": "vid ett ankare (`&namn`)",
    "directive": "i ett direktiv (`%`)",
}


@dataclass
class ReadResult:
    """The data of one file (None when it could not be read) and what was wrong."""

    data: Any = None
    readable: bool = True
    findings: list[f.Finding] = field(default_factory=list)


class _Loader(yaml.CSafeLoader):
    """libyaml composition without YAML's implicit typing: the schema types scalars."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return "tag:yaml.org,2002:str"


def read_file(path: Path, rel: str, known_keys: frozenset[str]) -> ReadResult:
    """Read, decode, parse and convert one file; every problem becomes a finding."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            mb = size / (1024 * 1024)
            return _unreadable(
                MK108,
                rel,
                f"Filen är {mb:.1f} MB; största tillåtna storlek är {MAX_BYTES // 2**20} MB.",
                "Dela upp filen, till exempel en plan per enhet.",
            )
        raw = path.read_bytes()
    except OSError as err:
        return _unreadable(MK101, rel, f"Filen kunde inte läsas: {err.strerror}.")
    return read_bytes(raw, rel, known_keys)


def read_bytes(raw: bytes, rel: str, known_keys: frozenset[str]) -> ReadResult:
    """Decode and parse the bytes of a file."""
    text = _decode(raw, rel)
    if isinstance(text, ReadResult):
        return text
    if text.count("[") + text.count("{") > MAX_NESTING and _flow_depth(text) > MAX_NESTING:
        return _unreadable(
            MK108, rel, f"Filen är nästlad i mer än {MAX_NESTING} nivåer.", "Förenkla strukturen."
        )
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as err:
        if "maximum nesting depth" in str(getattr(err, "problem", "")):
            # libyaml from PyYAML 6.0.4 on stops deep nesting itself; older builds get here
            # through the converter's RecursionError below. Both are the same finding.
            return _too_deep(rel)
        return _syntax_error(err, rel)
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
    try:
        result.data = _Converter(rel, known_keys, result.findings).convert(root)
    except RecursionError:
        return _too_deep(rel)
    return result


def _too_deep(rel: str) -> ReadResult:
    return _unreadable(
        MK108,
        rel,
        "Filen är för djupt nästlad för att läsas (fler än tusen nivåer).",
        "Förenkla strukturen: en plan behöver sällan mer än tio nivåer av indrag.",
    )


def _unreadable(rule: f.Rule, rel: str, message: str, hint: str = "") -> ReadResult:
    return ReadResult(None, False, [f.make(rule, rel, START, message, hint)])


def _decode(raw: bytes, rel: str) -> str | ReadResult:
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith(_UTF16_BOMS):
        return _unreadable(
            MK102, rel, "Filen är sparad som UTF-16, inte UTF-8.", "Spara om filen som UTF-8."
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        byte = raw[err.start : err.start + 1].hex().upper()
        return _unreadable(
            MK102,
            rel,
            f"Filen är inte UTF-8: byten 0x{byte} på rad {line}, kolumn {col} är inte giltig "
            "UTF-8 (filen är troligen sparad som Latin-1/ANSI).",
            "Spara om filen som UTF-8 i din editor.",
        )


def _flow_depth(text: str) -> int:
    """The deepest nesting of flow brackets, counted generously (quotes are not skipped)."""
    depth = deepest = 0
    for m in _BRACKETS.finditer(text):
        depth = depth + 1 if m.group() in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def _too_expanded(root: Node) -> bool:
    """Whether expanding the aliases would blow the file up; decided before expanding."""
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


def _syntax_error(err: yaml.YAMLError, rel: str) -> ReadResult:
    mark = getattr(err, "problem_mark", None)
    problem = str(getattr(err, "problem", None) or getattr(err, "reason", None) or err)
    where = Where(mark.line + 1, mark.column + 1) if mark is not None else START
    swedish = next((sv for en, sv in _PROBLEMS.items() if en in problem), None)
    message = f"Ogiltig YAML: {swedish} ({problem})." if swedish else f"Ogiltig YAML: {problem}."
    context = str(getattr(err, "context", None) or "")
    inside = next((sv for en, sv in _CONTEXTS.items() if en in context), None)
    hint = f"Felet finns {inside}; kontrollera indrag och citattecken där." if inside else ""
    return ReadResult(None, False, [f.make(MK101, rel, where, message, hint)])


class _Converter:
    """Turns composed nodes into dicts, lists and text, with position records."""

    def __init__(self, rel: str, known_keys: frozenset[str], found: list[f.Finding]) -> None:
        self.rel = rel
        self.known_keys = known_keys
        self.found = found

    def convert(self, node: Node) -> Any:
        cls = node.__class__
        if cls is ScalarNode:
            value = node.value
            return None if not node.style and value in _NULLS else value
        if cls is MappingNode:
            return self._mapping(node)
        return [self.convert(item) for item in node.value]

    def _mapping(self, node: Node) -> dict[str, Any]:
        out: dict[str, Any] = {}
        keys: dict[str, Any] = {}
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            packed = ((mark.line + 1) << 24) | (mark.column + 1)
            if key_node.__class__ is not ScalarNode:
                self._bad_key(
                    mark, "En nyckel måste vara en enkel text, inte en lista eller mappning."
                )
                continue
            key = key_node.value
            if not key.isascii():
                folded = fold(key)
                if folded in self.known_keys:
                    key = folded
            if key in out or key == POS_KEY:
                self._duplicate(mark, key_node.value, key)
                continue
            out[key] = self.convert(value_node)
            if value_node.__class__ is SequenceNode:
                items = [((m.line + 1) << 24) | (m.column + 1) for m in _starts(value_node)]
                keys[key] = (packed, *items)
            else:
                keys[key] = packed
        mark = node.start_mark
        out[POS_KEY] = (((mark.line + 1) << 24) | (mark.column + 1), keys)
        return out

    def _duplicate(self, mark: Any, written: str, key: str) -> None:
        where = Where(mark.line + 1, mark.column + 1)
        if key == POS_KEY:
            self.found.append(
                f.make(MK103, self.rel, where, f"Nyckeln `{written}` är reserverad för malkoll.")
            )
            return
        same = f" (samma nyckel som `{key}`)" if written != key else ""
        self.found.append(
            f.make(
                MK103,
                self.rel,
                where,
                f"Nyckeln `{written}`{same} finns redan i samma mappning; det här värdet "
                "används inte.",
                "Ta bort den ena eller byt namn på den.",
            )
        )

    def _bad_key(self, mark: Any, message: str) -> None:
        from .schema import MK105  # the schema owns MK105; imported late to keep this light

        self.found.append(f.make(MK105, self.rel, Where(mark.line + 1, mark.column + 1), message))


def _starts(sequence: Node) -> list[Any]:
    return [item.start_mark for item in sequence.value]
