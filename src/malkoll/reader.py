"""Reading one YAML file into plain data that remembers its positions.

libyaml (PyYAML's `CSafeLoader`) composes the file into nodes; we turn the nodes into
dicts, lists and strings ourselves. Scalars stay text: the schema types them, so `1.10`
stays "1.10" and `0180` stays "0180". Only a plain `~`, `null` or empty value is None.
Every mapping carries a position record (see `positions`). Whatever is wrong with the
bytes or the syntax becomes a finding; nothing here raises for bad input.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import findings as f
from .positions import POS_KEY, START, Where
from .text import fold, os_error, unprintable

MAX_BYTES = 10 * 1024 * 1024
"""Files larger than this are refused (MK108)."""
MAX_NESTING = 500
"""Deeper nesting than this is refused before libyaml composes it (MK108)."""
MAX_EXPANSION = 100_000
"""Aliases may add at most this many nodes beyond ten times the file's own (MK108)."""
MAX_NODES = 200_000
"""Files with more values than this are refused (MK108): memory grows with the number of
values, not with the bytes (a 9 MB file of tiny mappings would take over a gigabyte). The
largest real follow-up files have a few thousand."""

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

MK110 = f.rule(
    "MK110",
    "fel",
    "En fil som malkoll inte läser",
    "malkoll läser bara vanliga filer inne i målrepot, med namn i UTF-8. En länk "
    "(symbolisk länk) som pekar ut ur repot, en länkad mapp, en enhet eller namngiven pipe "
    "och ett filnamn som inte är UTF-8 läses inte: innehåll utanför repot ska aldrig hamna "
    "i fynd eller i en publicerad rapport, och en enhet som `/dev/zero` tar aldrig slut. "
    "Lägg in filen själv i repot i stället för en länk, och byt namn på filen om namnet "
    "inte kan visas.",
    wrong="2020/plan/ks.yaml -> /home/anna/ks.yaml",
    right="2020/plan/ks.yaml (en vanlig fil i repot)",
)

_LINE_BREAKS = frozenset("\r\u2028\u2029\x85")
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
    "tab character": "en tabb i indraget; indrag görs med mellanslag",
    "block sequence entries are not allowed": "ett listelement (`- `) där det inte får stå; "
    "kontrollera indraget",
    "block mapping entries are not allowed": "en nyckel där den inte får stå; kontrollera indraget",
    "expected <document start>": "mer text efter filens slut; kontrollera indraget",
    "found unexpected document indicator": "`---` eller `...` mitt i ett värde",
    "found unknown directive name": "ett okänt direktiv (`%`)",
    "found undefined tag handle": "en okänd tagg (`!`)",
    "found invalid Unicode character escape code": "en ogiltig Unicode-escape (`\\u`) inom "
    "dubbla citattecken",
    "did not find expected hexdecimal number": "en ofullständig escape-sekvens (`\\x`, `\\u`) "
    "inom dubbla citattecken",
    "found unexpected ':'": "ett kolon där det inte får stå; sätt texten inom citattecken",
    "incomplete UTF-8 octet sequence": "en ofullständig UTF-8-följd",
    "invalid leading UTF-8 octet": "en byte som inte är giltig UTF-8",
    "invalid trailing UTF-8 octet": "en byte som inte är giltig UTF-8",
    "invalid Unicode character": "ett tecken som inte är tillåtet i YAML",
    "while scanning an anchor": "ett ankare (`&namn`) utan namn",
    "while scanning an alias": "ett alias (`*namn`) utan namn",
    "did not find expected comment or line break": "text efter ett värde där raden borde "
    "ta slut; sätt texten inom citattecken",
    "did not find the expected '>'": "en ofullständig tagg (`!<...>`)",
    "did not find expected whitespace or line break": "förväntade mellanslag eller radslut",
    "found extra characters": "oväntade tecken",
    "found a comment": "en kommentar (`#`) där den inte får stå",
}
_UNKNOWN_PROBLEM = "YAML-tolken kunde inte läsa vidare här; kontrollera indrag och citattecken"


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
        raw = read_limited(path)
    except Unreadable as err:
        return _unreadable(err.rule, rel, err.message, err.hint)
    return read_bytes(raw, rel, known_keys)


class Unreadable(Exception):
    """Why a file was not read: the rule, and a Swedish message and hint."""

    def __init__(self, rule: f.Rule, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.rule, self.message, self.hint = rule, message, hint


def read_limited(path: Path) -> bytes:
    """The bytes of a regular file of at most `MAX_BYTES`; `Unreadable` says why not.

    The file is opened without blocking (a FIFO would wait for a writer for ever) and
    checked after opening, so what is read is what was checked; the limit holds for the
    bytes read, not for what `stat` says (`/dev/zero` says 0).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise Unreadable(MK101, f"Filen kunde inte läsas: {os_error(err)}.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(
                MK110,
                "Filen är inte en vanlig fil utan en enhet, en namngiven pipe eller liknande; "
                "malkoll läser den inte.",
                "Ta bort den ur repot; målrepot ska bara innehålla vanliga textfiler.",
            )
        if info.st_size > MAX_BYTES:
            raise _too_large(info.st_size)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - size))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
        raise _too_large(size)
    except OSError as err:
        raise Unreadable(MK101, f"Filen kunde inte läsas: {os_error(err)}.") from None
    finally:
        os.close(fd)


def _too_large(size: int) -> Unreadable:
    mb = max(size, MAX_BYTES + 1) / (1024 * 1024)
    return Unreadable(
        MK108,
        f"Filen är {mb:.1f} MB; största tillåtna storlek är {MAX_BYTES // 2**20} MB.",
        "Dela upp filen, till exempel en plan per enhet.",
    )


def read_bytes(raw: bytes, rel: str, known_keys: frozenset[str]) -> ReadResult:
    """Decode and parse the bytes of a file."""
    text = _decode(raw, rel)
    if isinstance(text, ReadResult):
        return text
    if text.count("[") + text.count("{") > MAX_NESTING and _flow_depth(text) > MAX_NESTING:
        return _unreadable(
            MK108, rel, f"Filen är nästlad i mer än {MAX_NESTING} nivåer.", "Förenkla strukturen."
        )
    if 3 * len(text) >= MAX_NODES and _node_bound(text) > MAX_NODES and _too_many_nodes(text):
        return _unreadable(
            MK108,
            rel,
            f"Filen har fler än {MAX_NODES:,} värden; så många läses inte.".replace(",", " "),
            "Dela upp filen, till exempel en plan per enhet.",
        )
    if "\r" in text:
        # YAML reads CR LF and a lone CR as line breaks, as editors do, but libyaml loses
        # count of a lone CR in some places: every break becomes LF before it reads.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    restore: dict[int, str] | None = None
    if not text.isascii() and any(brk in text for brk in _HIDDEN_BREAKS):
        text, restore = _hide_breaks(text)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as err:
        if "maximum nesting depth" in str(getattr(err, "problem", "")):
            # libyaml from PyYAML 6.0.4 on stops deep nesting itself; older builds get here
            # through the converter's RecursionError below. Both are the same finding.
            return _too_deep(rel)
        return _syntax_error(err, text, rel)
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
    converter = _Converter(rel, known_keys, result.findings)
    converter.restore = restore
    converter.controls = "\\" in text or (
        not text.isascii() and any(ch in text for ch in _BIDI_CONTROLS)
    )
    try:
        result.data = converter.convert(root)
    except RecursionError:
        return _too_deep(rel)
    return result


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
    loader = _Loader(text)
    counted = 0
    try:
        while counted <= MAX_NODES and loader.check_event():
            event = loader.get_event()
            if isinstance(event, _NODE_EVENTS):
                counted += 1
    except yaml.YAMLError:
        return False  # the syntax error is reported when the file is composed
    finally:
        loader.dispose()
    return counted > MAX_NODES


_NODE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


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


def _syntax_error(err: yaml.YAMLError, text: str, rel: str) -> ReadResult:
    problem = str(getattr(err, "problem", None) or getattr(err, "reason", None) or err)
    where = _error_position(err, text, problem)
    swedish = next((sv for en, sv in _PROBLEMS.items() if en in problem), _UNKNOWN_PROBLEM)
    if isinstance(err, yaml.reader.ReaderError) and isinstance(err.character, int):
        swedish = f"{swedish} (U+{err.character:04X})"
    message = f"Ogiltig YAML: {swedish}."
    context = str(getattr(err, "context", None) or "")
    inside = next((sv for en, sv in _CONTEXTS.items() if en in context), None)
    hint = f"Felet finns {inside}; kontrollera indrag och citattecken där." if inside else ""
    return ReadResult(None, False, [f.make(MK101, rel, where, message, hint)])


def _error_position(err: yaml.YAMLError, text: str, problem: str) -> Where:
    """The line and column an editor shows for libyaml's error."""
    if isinstance(err, yaml.reader.ReaderError):
        # The position of a bad character is a byte offset into the UTF-8 text.
        before = text.encode("utf-8")[: err.position].decode("utf-8", "ignore")
        return Where(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
    mark = getattr(err, "problem_mark", None)
    if mark is None:
        return START
    context = getattr(err, "context_mark", None)
    if "end of stream" in problem and context is not None:
        mark = context  # the value the file ends inside, not the line after the end
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if mark.line >= len(lines):  # past the last line: its end
        return Where(max(len(lines), 1), len(lines[-1]) + 1 if lines else 1)
    return Where(mark.line + 1, mark.column + 1)


class _Converter:
    """Turns composed nodes into dicts, lists and text, with position records."""

    def __init__(self, rel: str, known_keys: frozenset[str], found: list[f.Finding]) -> None:
        self.rel = rel
        self.known_keys = known_keys
        self.found = found
        self.restore: dict[int, str] | None = None
        """Placeholders of hidden line breaks to put back (see `_hide_breaks`)."""
        self.controls = False
        """Whether values may hold control characters (the file has an escape)."""

    def convert(self, node: Node) -> Any:
        cls = node.__class__
        if cls is ScalarNode:
            value = node.value
            if self.restore is not None:
                value = value.translate(self.restore)
            if self.controls:
                self._control(node, value)
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
            if self.restore is not None:
                key = key.translate(self.restore)
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
        from .schema import MK105  # the schema owns MK105; imported late to keep this light

        where = Where(mark.line + 1, mark.column + 1)
        self.found.append(f.make(MK105, self.rel, where, message, hint))

    def _bad_key(self, mark: Any, message: str) -> None:
        from .schema import MK105  # the schema owns MK105; imported late to keep this light

        self.found.append(f.make(MK105, self.rel, Where(mark.line + 1, mark.column + 1), message))


def _starts(sequence: Node) -> list[Any]:
    return [item.start_mark for item in sequence.value]
