"""Ids written as plain numbers: text to malkoll, a number to every other YAML tool.

malkoll types scalars by the schema, so `delmal: 3.10` is the id "3.10". A YAML 1.2
core-schema reader (the `yaml` package Decap CMS uses in `malkoll formular`'s forms, the
editors' language servers) reads it as the number 3.1 and writes `3.1` back: another
delmål. The reader notes where plain values stand that such a reader takes for a number
or a boolean and may write back changed (`ReadResult.numbers`); here the ones that are
ids are found by the model and checked exactly, by the text the `yaml` package writes for
the value (JavaScript's `String(Number(text))`).
"""

from __future__ import annotations

import functools
import math
import typing
from types import UnionType
from typing import Any

from pydantic import BaseModel, RootModel

from malkoll import findings as f
from malkoll.model.positions import POS_KEY, unpack
from malkoll.model.types import Id, bare_type, is_model

MK111 = f.rule(
    "MK111",
    "varning",
    "Ett id som andra verktyg läser som ett tal",
    "Ett id utan citattecken som ser ut som ett tal (`3.10`, `010`, `1e3`) är text för "
    "malkoll, men andra YAML-verktyg (formulären från `malkoll formular`, editorns "
    "YAML-stöd) läser det som ett tal och skriver tillbaka `3.1`, `10` eller `1000`: ett "
    "annat id. Skriv id:t inom citattecken. Tal som skrivs tillbaka likadant (`12`, `3.5`) "
    "är ingen fara.",
    wrong="delmal: 3.10",
    right='delmal: "3.10"',
)

RULES = (MK111,)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""

_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


def plain_ids(
    model: type[BaseModel], data: Any, rel: str, numbers: frozenset[int]
) -> list[f.Problem]:
    """MK111 for every id in ``data`` (a file's raw data, typed by ``model``) that stands
    at one of ``numbers`` and that a YAML 1.2 core-schema tool would write back changed."""
    if not numbers:
        return []
    found: list[f.Problem] = []
    _walk(model, data, rel, numbers, found)
    return found


def written_back(text: str) -> str | None:
    """The text the `yaml` package (YAML 1.2 core schema) writes for a plain scalar it
    read as a number or a boolean; None when it reads the text as text."""
    if text in _TRUE:
        return "true"
    if text in _FALSE:
        return "false"
    if "_" in text:  # Python's int() and float() take `1_000`; YAML 1.2 does not
        return None
    sign = text[:1] if text[:1] in "+-" else ""
    rest = text[len(sign) :]
    if rest in (".inf", ".Inf", ".INF"):
        return "-.inf" if sign == "-" else ".inf"
    if not sign and rest in (".nan", ".NaN", ".NAN"):
        return ".nan"
    if not sign and rest[:2] in ("0o", "0x"):
        try:
            return js_number(float(int(rest[2:], 8 if rest[1] == "o" else 16)))
        except ValueError:
            return None
    if not rest or not (rest[0].isascii() and (rest[0].isdigit() or rest[0] == ".")):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return js_number(value)


def js_number(x: float) -> str:
    """A number as JavaScript's `String(x)` prints it (ECMAScript's Number::toString),
    with infinities and NaN as the `yaml` package writes them."""
    if math.isnan(x):
        return ".nan"
    if math.isinf(x):
        return "-.inf" if x < 0 else ".inf"
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    mantissa, _, exp = repr(abs(x)).partition("e")
    whole, _, frac = mantissa.partition(".")
    every = whole + frac
    lead = len(every) - len(every.lstrip("0"))
    digits = every.strip("0")
    k = len(digits)
    n = len(whole) - lead + int(exp or 0)  # x = 0.digits × 10^n
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = f"{digits[:n]}.{digits[n:]}"
    elif -6 < n <= 0:
        out = "0." + "0" * -n + digits
    else:
        e = n - 1
        out = digits[0] + (f".{digits[1:]}" if k > 1 else "") + f"e{'+' if e >= 0 else '-'}{abs(e)}"
    return sign + out


def _warning(rel: str, packed: int, name: str, text: str) -> f.Problem | None:
    back = written_back(text)
    if back is None or back == text:
        return None
    what = f"sanningsvärdet {back}" if back in ("true", "false") else f"talet {back}"
    return f.Problem(
        MK111,
        rel,
        unpack(packed),
        f"Id:t `{text}` står utan citattecken; andra verktyg (formulären, editorn) läser "
        f'det som {what}. Skriv "{text}".',
        f'Med citattecken förblir id:t text för alla verktyg: `{name}: "{text}"`.',
    )


def _is_id(annotation: Any) -> bool:
    """Whether a field's annotation is `Id` or `Id | None`."""
    if annotation == Id:
        return True
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, UnionType):
        rest = [a for a in args if a is not type(None)]
        return len(rest) == 1 and rest[0] == Id
    return False


@functools.cache
def _fields(model: type[BaseModel]) -> dict[str, Any]:
    """The model's fields by the key a file writes them with."""
    return {
        (info.alias or name): info.rebuild_annotation()  # pydantic keeps Id's as metadata
        for name, info in model.model_fields.items()
        if (info.alias or name) != POS_KEY
    }


def _walk(
    annotation: Any, data: Any, rel: str, numbers: frozenset[int], found: list[f.Problem]
) -> None:
    annotation = bare_type(annotation)
    if is_model(annotation) and issubclass(annotation, RootModel):
        annotation = annotation.model_fields["root"].annotation
        _walk(annotation, data, rel, numbers, found)
        return
    if is_model(annotation):
        if not isinstance(data, dict):
            return
        record = data.get(POS_KEY)
        keys = record[1] if isinstance(record, tuple) and len(record) > 1 else {}
        fields = _fields(annotation)
        for name, value in data.items():
            if name == POS_KEY or name not in fields:
                continue
            _field(fields[name], name, value, keys.get(name), rel, numbers, found)
        return
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and args and isinstance(data, list):
        for item in data:
            _walk(args[0], item, rel, numbers, found)
    elif origin is dict and len(args) == 2 and isinstance(data, dict):
        for name, value in data.items():
            if name != POS_KEY:
                _walk(args[1], value, rel, numbers, found)


def _field(
    annotation: Any,
    name: str,
    value: Any,
    at: Any,
    rel: str,
    numbers: frozenset[int],
    found: list[f.Problem],
) -> None:
    """One field of a mapping: its value is at ``at`` (an int, or for a list a tuple of the
    key's position and the items')."""
    if _is_id(annotation):
        if isinstance(value, str) and isinstance(at, int) and at in numbers:
            warning = _warning(rel, at, name, value)
            if warning is not None:
                found.append(warning)
        return
    bare = bare_type(annotation)
    args = typing.get_args(bare)
    if typing.get_origin(bare) is list and args and _is_id(args[0]):
        if isinstance(value, list) and isinstance(at, tuple):
            for item, packed in zip(value, at[1:], strict=False):
                if isinstance(item, str) and packed in numbers:
                    warning = _warning(rel, packed, name, item)
                    if warning is not None:
                        found.append(warning)
        return
    _walk(annotation, value, rel, numbers, found)
