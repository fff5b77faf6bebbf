"""A reader of SIE 4 files (SIE 4B/4I, "SIE filformat version 4"): the Swedish standard
export from ledgers. Pure parsing: bytes in, a frozen `SieFile` out, or a `SieError` with
line, column and a Swedish message that says what is wrong and what to do.

Choices where the specification leaves room:

- Encoding: SIE 4 files are PC8 (IBM codepage 437); `#FORMAT PC8` is the only value the
  specification allows and a file without `#FORMAT` is PC8 too. The reader always decodes
  as cp437, where every byte decodes, so no byte can fail to decode; a `#FORMAT` other
  than PC8 is refused rather than guessed at (a UTF-8 file would otherwise read with
  wrong letters without anyone noticing).
- Unknown records (`#OIB`, `#BKOD`, `#RTRANS`, ...) are not errors, as the specification
  says, but are counted in `SieFile.skipped`; extra fields after the known ones are
  ignored (later versions may add fields).
- A repeated `#KONTO`, `#DIM` or `#OBJEKT` replaces the earlier one (the last wins).
- Balances may name accounts before (or without) their `#KONTO`.
- Amounts: optional minus, digits, optionally a decimal point and one or two decimals;
  nothing beyond ±1e15 (`model.types.MAX_NUMBER`).
- A line longer than `MAX_LINE` characters, a control character other than tab (such as
  NUL) and a file larger than `max_bytes` (200 MB unless told) are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from malkoll.model.types import MAX_NUMBER
from malkoll.reading.sie_records import (  # re-exported: readers import them from here
    Balance as Balance,
)
from malkoll.reading.sie_records import ObjectList as ObjectList
from malkoll.reading.sie_records import PeriodAmount as PeriodAmount
from malkoll.reading.sie_records import SieError as SieError
from malkoll.reading.sie_records import SieFile as SieFile
from malkoll.reading.sie_records import Transaction as Transaction
from malkoll.reading.sie_records import Voucher as Voucher

MAX_BYTES = 200 * 1024 * 1024
MAX_LINE = 100_000


@dataclass(frozen=True)
class _Field:
    text: str
    column: int
    objects: ObjectList | None = None


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_WORD = re.compile(r'[^ \t{}"][^ \t{}]*')
_SPACE = re.compile(r"[ \t]*")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]{1,2})?")
_QUANTITY = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_INT = re.compile(r"-?[0-9]{1,9}")
_PERIOD = re.compile(r"[0-9]{4}(0[1-9]|1[0-2])")
_DATE = re.compile(r"[0-9]{8}")


_TOLD = {
    "nested": "en objektlista kan inte ligga i en annan; stäng den första med }.",
    "quote": 'citattecknet stängs aldrig; avsluta texten med " (ett " i texten skrivs \\").',
    "pairs": 'objektlistan ska bestå av par: dimensionsnummer och objekt, som {1 "100" 6 "P1"}.',
    "inblock": "{} kan inte stå i ett verifikationsblock; stäng blocket med }} först.",
    "trans": "#TRANS står utanför en verifikation; lägg den i blocket { } efter #VER.",
    "format": 'formatet "{}" är inte PC8 (IBM 437), som SIE 4 kräver; exportera filen som SIE 4.',
    "long": "raden är {} tecken lång, mer än {}; filen är inte en SIE-fil eller är skadad.",
    "control": "raden har styrtecknet {:#04x}, som SIE inte tillåter; exportera filen på nytt.",
    "brace": "efter #VER ska en rad med { komma, med verifikationens #TRANS-rader.",
    "label": "raden börjar inte med en etikett som #KONTO; varje post börjar med #.",
    "unclosed": "verifikationens block { stängs aldrig; lägg till en rad med }.",
}
"""The fixed messages; a `{}` takes the value named (`{{}}` is a brace)."""


def _lex(text: str, line: int) -> list[_Field]:
    """The fields of one line: quoted or unquoted strings and object lists."""
    fields: list[_Field] = []
    pos = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    inner: list[_Field] | None = None
    start = 0
    while pos < len(text):
        char = text[pos]
        if char == "{":
            if inner is not None:
                raise SieError(_TOLD["nested"], line, pos + 1)
            inner, start = [], pos
            pos += 1
        elif char == "}":
            if inner is None:
                raise SieError("} utan {; ta bort den eller lägg till { före.", line, pos + 1)
            fields.append(_Field("", start + 1, _pairs(inner, line, start + 1)))
            inner = None
            pos += 1
        else:
            target = fields if inner is None else inner
            if char == '"':
                quoted = _QUOTED.match(text, pos)
                if quoted is None:
                    raise SieError(_TOLD["quote"], line, pos + 1)
                target.append(_Field(quoted.group(1).replace('\\"', '"'), pos + 1))
                pos = quoted.end()
            else:
                word = _WORD.match(text, pos)
                assert word is not None  # any other character starts a word
                target.append(_Field(word.group(), pos + 1))
                pos = word.end()
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
    if inner is not None:
        raise SieError("objektlistan saknar sitt }; stäng den på samma rad.", line, start + 1)
    return fields


def _pairs(inner: list[_Field], line: int, column: int) -> ObjectList:
    if len(inner) % 2:
        raise SieError(_TOLD["pairs"], line, column)
    return tuple(
        (_integer(dim, line, "dimensionsnumret"), obj.text)
        for dim, obj in zip(inner[::2], inner[1::2], strict=True)
    )


_AMOUNT_HINT = "punkt som decimaltecken, högst två decimaler, som -1234.50"
_SHAPES = {
    "amount": (_AMOUNT, f'beloppet "{{}}" är inte ett SIE-belopp ({_AMOUNT_HINT}).'),
    "quantity": (_QUANTITY, 'kvantiteten "{}" är inte ett tal (punkt som decimaltecken).'),
    "period": (_PERIOD, 'perioden "{}" är inte en period som ÅÅÅÅMM (till exempel 202001).'),
    "date": (_DATE, 'datumet "{}" är inte ett datum som ÅÅÅÅMMDD (till exempel 20200131).'),
}


def _shaped(f: _Field, line: int, shape: str) -> str:
    pattern, message = _SHAPES[shape]
    if f.objects is not None or len(f.text) > 40 or not pattern.fullmatch(f.text):
        raise SieError(message.format(f.text[:40]), line, f.column)
    return f.text


def _integer(f: _Field, line: int, what: str) -> int:
    if f.objects is not None or not _INT.fullmatch(f.text):
        raise SieError(f'{what} "{f.text[:40]}" är inte ett heltal.', line, f.column)
    return int(f.text)


def _amount(f: _Field, line: int) -> Decimal:
    value = Decimal(_shaped(f, line, "amount"))
    if abs(value) > Decimal(MAX_NUMBER):
        message = f'beloppet "{f.text}" är orimligt stort (över 10^15); kontrollera exporten.'
        raise SieError(message, line, f.column)
    return value


def _date(f: _Field, line: int) -> date:
    text = _shaped(f, line, "date")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise SieError(_SHAPES["date"][1].format(text), line, f.column) from None


def _objects(f: _Field, line: int) -> ObjectList:
    if f.objects is None:
        message = f'här ska en objektlista stå, som {{1 "100"}} eller {{}}, inte "{f.text[:40]}".'
        raise SieError(message, line, f.column)
    return f.objects


def _text(f: _Field, line: int, what: str) -> str:
    if f.objects is not None:
        raise SieError(f"här ska {what} stå, inte en objektlista.", line, f.column)
    return f.text


_NEEDS = {
    "#FLAGGA": (1, "flaggan (0 eller 1)"),
    "#FORMAT": (1, "formatet (PC8)"),
    "#SIETYP": (1, "typnumret (4)"),
    "#PROGRAM": (2, "programmets namn och version"),
    "#GEN": (1, "datumet"),
    "#FNAMN": (1, "företagets namn"),
    "#ORGNR": (1, "organisationsnumret"),
    "#RAR": (3, "årsnummer, startdatum och slutdatum"),
    "#KONTO": (2, "kontonummer och kontonamn"),
    "#KTYP": (2, "kontonummer och kontotyp"),
    "#DIM": (2, "dimensionsnummer och namn"),
    "#UNDERDIM": (3, "dimensionsnummer, namn och överordnad dimension"),
    "#OBJEKT": (3, "dimensionsnummer, objektkod och objektnamn"),
    "#IB": (3, "årsnummer, konto och belopp"),
    "#UB": (3, "årsnummer, konto och belopp"),
    "#RES": (3, "årsnummer, konto och belopp"),
    "#PSALDO": (5, "årsnummer, period, konto, objektlista och belopp"),
    "#PBUDGET": (5, "årsnummer, period, konto, objektlista och belopp"),
    "#VER": (3, "serie, verifikationsnummer och datum"),
    "#TRANS": (3, "konto, objektlista och belopp"),
}


class _Builder:
    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.years: dict[int, tuple[date, date]] = {}
        self.accounts: dict[str, str] = {}
        self.account_types: dict[str, str] = {}
        self.dimensions: dict[int, str] = {}
        self.parents: dict[int, int] = {}
        self.objects: dict[tuple[int, str], str] = {}
        self.balances: dict[str, list[Balance]] = {"#IB": [], "#UB": [], "#RES": []}
        self.periods: dict[str, list[PeriodAmount]] = {"#PSALDO": [], "#PBUDGET": []}
        self.vouchers: list[Voucher] = []
        self.skipped: dict[str, int] = {}
        self.open: tuple[int, list[_Field], list[Transaction]] | None = None
        self.pending: tuple[int, list[_Field]] | None = None

    def record(self, label: str, args: list[_Field], line: int, column: int) -> None:
        need = _NEEDS.get(label)
        if need is None:
            self.skipped[label] = self.skipped.get(label, 0) + 1
            return
        if len(args) < need[0]:
            raise SieError(f"{label} saknar fält: ange {need[1]}.", line, column)
        if self.open is not None and label != "#TRANS":
            raise SieError(_TOLD["inblock"].format(label), line, column)
        if label == "#TRANS":
            if self.open is None:
                raise SieError(_TOLD["trans"], line, column)
            account = _text(args[0], line, "ett konto")
            trans = Transaction(account, _objects(args[1], line), _amount(args[2], line))
            self.open[2].append(trans)
        elif label in self.balances:
            year, account = _integer(args[0], line, "årsnumret"), _text(args[1], line, "ett konto")
            self.balances[label].append(Balance(year, account, _amount(args[2], line), line))
        elif label in self.periods:
            quantity = Decimal(_shaped(args[5], line, "quantity")) if len(args) > 5 else None
            self.periods[label].append(
                PeriodAmount(
                    _integer(args[0], line, "årsnumret"),
                    _shaped(args[1], line, "period"),
                    _text(args[2], line, "ett konto"),
                    _objects(args[3], line),
                    _amount(args[4], line),
                    quantity,
                    line,
                    args[3].column,
                )
            )
        elif label == "#VER":
            _date(args[2], line)
            self.pending = (line, args)
        else:
            self.header(label, args, line)

    def header(self, label: str, args: list[_Field], line: int) -> None:
        first = _text(args[0], line, "ett värde")
        if label == "#KONTO":
            self.accounts[first] = _text(args[1], line, "ett namn")
        elif label == "#KTYP":
            self.account_types[first] = _text(args[1], line, "en kontotyp")
        elif label in ("#DIM", "#UNDERDIM"):
            dim = _integer(args[0], line, "dimensionsnumret")
            self.dimensions[dim] = _text(args[1], line, "ett namn")
            if label == "#UNDERDIM":
                self.parents[dim] = _integer(args[2], line, "den överordnade dimensionen")
        elif label == "#OBJEKT":
            key = (_integer(args[0], line, "dimensionsnumret"), _text(args[1], line, "en kod"))
            self.objects[key] = _text(args[2], line, "ett namn")
        elif label == "#RAR":
            start, end = _date(args[1], line), _date(args[2], line)
            if end < start:
                raise SieError("räkenskapsåret slutar före det börjar.", line, args[2].column)
            self.years[_integer(args[0], line, "årsnumret")] = (start, end)
        elif label == "#FORMAT":
            if first.upper() != "PC8":
                raise SieError(_TOLD["format"].format(first[:40]), line, args[0].column)
            self.values["format"] = "PC8"
        elif label in ("#FLAGGA", "#SIETYP"):
            self.values["flag" if label == "#FLAGGA" else "sietyp"] = _integer(args[0], line, label)
        elif label == "#PROGRAM":
            self.values["program"] = (first, _text(args[1], line, "en version"))
        elif label == "#GEN":
            self.values["generated"] = _date(args[0], line)
        else:
            self.values["company" if label == "#FNAMN" else "orgnr"] = first

    def brace(self, char: str, line: int) -> None:
        if char == "{":
            if self.pending is None:
                raise SieError("{ utan #VER före; ett block hör till en verifikation.", line, 1)
            self.open = (*self.pending, [])
            self.pending = None
            return
        if self.open is None:
            raise SieError("} utan {; ta bort raden eller lägg till { före.", line, 1)
        _, args, transactions = self.open
        text = _text(args[3], line, "en text") if len(args) > 3 else ""
        self.vouchers.append(
            Voucher(args[0].text, args[1].text, _date(args[2], line), text, tuple(transactions))
        )
        self.open = None

    def build(self) -> SieFile:
        return SieFile(
            years=self.years,
            accounts=self.accounts,
            account_types=self.account_types,
            dimensions=self.dimensions,
            parent_dimensions=self.parents,
            objects=self.objects,
            opening=tuple(self.balances["#IB"]),
            closing=tuple(self.balances["#UB"]),
            results=tuple(self.balances["#RES"]),
            period_balances=tuple(self.periods["#PSALDO"]),
            period_budgets=tuple(self.periods["#PBUDGET"]),
            vouchers=tuple(self.vouchers),
            skipped=self.skipped,
            **self.values,  # type: ignore[arg-type]
        )


def read_sie(source: Path | bytes, *, max_bytes: int = MAX_BYTES) -> SieFile:
    """Read an SIE 4 file from a path or its bytes; a file larger than ``max_bytes`` is
    refused before it is read."""
    if isinstance(source, Path):
        try:
            size = source.stat().st_size
            if size > max_bytes:
                raise SieError(_too_big(size, max_bytes))
            data = source.read_bytes()
        except OSError as error:
            raise SieError(f"filen {source} kan inte läsas ({error.strerror}).") from None
    else:
        data = source
    if len(data) > max_bytes:
        raise SieError(_too_big(len(data), max_bytes))
    return parse_sie(data.decode("cp437"))


def _too_big(size: int, limit: int) -> str:
    return (
        f"filen är {size // 1_000_000} MB, större än gränsen {limit // 1_000_000} MB; "
        "exportera en kortare period eller färre konton."
    )


_FAST = re.compile(
    r"[ \t]*#(?i:(PSALDO|PBUDGET))[ \t]+(-?[0-9]{1,9})[ \t]+([0-9]{4}(?:0[1-9]|1[0-2]))"
    r'[ \t]+([^ \t{}"]+)[ \t]+\{((?:[ \t]*[0-9]{1,9}[ \t]+(?:"[^"\\]*"|[^ \t{}"]+))*)[ \t]*\}'
    r"[ \t]+(-?[0-9]{1,15}(?:\.[0-9]{1,2})?)[ \t]*"
)
"""The common line of a ledger's export, `#PSALDO 0 202001 4010 {1 "110"} 1234.50`, in
one match: a file of 300 000 such lines is read in a second, not a quarter of a minute.
Any other shape (a quantity, an escaped quote, a value out of range) takes the general
path, which says what is wrong; both give the same record."""
_PAIR = re.compile(r'([0-9]{1,9})[ \t]+(?:"([^"\\]*)"|([^ \t{}"]+))')
_CONTROL_ANYWHERE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_LABELS = {"PSALDO": "#PSALDO", "PBUDGET": "#PBUDGET"}
_OBJECT_LISTS: dict[str, ObjectList] = {}
"""The object lists the fast path has read, by their text inside the braces."""
_KEPT = 100_000
"""At most this many are kept (a hostile file of distinct lists does not grow it more)."""


def _fast(line: str, number: int) -> tuple[str, PeriodAmount] | None:
    """The record of a plain #PSALDO or #PBUDGET line (line ``number``), or None for the
    general path."""
    found = _FAST.fullmatch(line)
    if found is None:
        return None
    label, year, period, account, inner, amount = found.groups()
    objects = _OBJECT_LISTS.get(inner)
    if objects is None:  # a file has few object lists and many records: each read once
        objects = tuple((int(m[1]), m[2] if m[3] is None else m[3]) for m in _PAIR.finditer(inner))
        if len(_OBJECT_LISTS) < _KEPT:
            _OBJECT_LISTS[inner] = objects
    # at most 15 digits before the point: below MAX_NUMBER (10^15), no comparison needed;
    # the object list's `{` is just before its inside (group 5)
    record = PeriodAmount(
        int(year), period, account, objects, Decimal(amount), None, number, found.start(5)
    )
    return _LABELS.get(label) or "#" + label.upper(), record


def parse_sie(text: str) -> SieFile:
    """Parse the decoded text of an SIE 4 file."""
    builder = _Builder()
    _OBJECT_LISTS.clear()  # per file: what one file taught is not kept for the next
    number = 0
    clean = _CONTROL_ANYWHERE.search(text) is None  # then only a \r mid-line is one
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if len(line) > MAX_LINE:
            raise SieError(_TOLD["long"].format(len(line), MAX_LINE), number, MAX_LINE + 1)
        if not clean or "\r" in line:
            bad = _CONTROL.search(line)
            if bad:
                raise SieError(_TOLD["control"].format(ord(bad.group())), number, bad.start() + 1)
        if builder.open is None and builder.pending is None and (fast := _fast(line, number)):
            builder.periods[fast[0]].append(fast[1])
            continue
        stripped = line.strip(" \t")
        if stripped in ("{", "}"):
            builder.brace(stripped, number)
            continue
        if not stripped:
            continue
        if builder.pending is not None:
            raise SieError(_TOLD["brace"], number, 1)
        fields = _lex(line, number)
        head = fields[0]
        if head.objects is not None or not head.text.startswith("#"):
            raise SieError(_TOLD["label"], number, head.column)
        builder.record(head.text.upper(), fields[1:], number, head.column)
    if builder.pending is not None:
        raise SieError("#VER saknar sitt block { }.", builder.pending[0], 1)
    if builder.open is not None:
        raise SieError(_TOLD["unclosed"], builder.open[0], 1)
    return builder.build()
