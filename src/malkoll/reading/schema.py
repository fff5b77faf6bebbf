"""Typing a file's data by its model, and pydantic's errors as Swedish findings.

All wording of schema errors lives in `_MESSAGES`, keyed by pydantic's error type:
each message says what was expected and what was found.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError

from malkoll import findings as f
from malkoll.model import positions
from malkoll.model.kinds import BY_MODEL
from malkoll.model.positions import POS_KEY, START, Where
from malkoll.model.types import bare_type, is_model
from malkoll.text import did_you_mean, join_or, quote, tal

MK104 = f.rule(
    "MK104",
    "fel",
    "Okänd nyckel",
    "Nyckeln finns inte i formatet. Okända nycklar är fel i stället för att tyst "
    "ignoreras: en felstavad `atgarder` skulle annars få en åtgärd att försvinna ur "
    "rapporten. Meddelandet föreslår den närmaste giltiga nyckeln.",
    wrong="analys:\n  resultat: Fler elever når målen.\n  atgader: Läsinsatser i åk 4.",
    right="analys:\n  resultat: Fler elever når målen.\n  atgarder: Läsinsatser i åk 4.",
)
MK105 = f.rule(
    "MK105",
    "fel",
    "Fel typ eller värde",
    "Värdet har fel typ eller är inte ett av de tillåtna. Meddelandet säger vad som "
    "förväntades och vad som stod i filen.",
    wrong="start: 2020-13-01\nbedomning: blå",
    right="start: 2020-01-13\nbedomning: gul",
)
MK106 = f.rule(
    "MK106",
    "fel",
    "En obligatorisk nyckel saknas",
    "En nyckel som måste finnas saknas. Fyndet pekar på mappningen som saknar den.",
    wrong="- id: IK1\n  risk: Inköp utanför avtal",
    right="- id: IK1\n  risk: Inköp utanför avtal\n  sannolikhet: 3\n  konsekvens: 3\n"
    "  kontrollmoment: Stickprov på 20 fakturor",
)

RULES = (MK104, MK105, MK106)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""


SALVAGE_ROUNDS = 4


def validate(
    model: type[BaseModel], data: Any, rel: str, context: dict[str, Any]
) -> tuple[Any, list[f.Problem]]:
    """The typed object and the problems that say what was wrong with the data.

    When the data does not fit, the problems are reported and what is wrong is cut
    away (a bad value, or the list item that lacks a required key), so that the rest of
    the file is still checked; the object is None only when nothing could be saved.
    """
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as err:
        errors = err.errors(include_url=False)
    found = [_finding(model, data, rel, e) for e in errors]
    for _ in range(SALVAGE_ROUNDS):
        # A list, not a generator: every error is pruned, not only those up to a failure.
        if not all([_prune(data, tuple(e["loc"]), e["type"]) for e in errors]):  # noqa: C419
            break
        _compact(data)
        try:
            return model.model_validate(data, context=context), found
        except ValidationError as err:
            errors = err.errors(include_url=False)
    return None, found


_DROP = object()


def _prune(data: Any, loc: tuple[Any, ...], kind: str) -> bool:
    """Cut the part of ``data`` that the error at ``loc`` is about; False if impossible."""
    if (loc and loc[-1] == "[key]") or kind == "missing":
        loc = loc[:-1]
    nodes: list[Any] = [data]
    for part in loc:
        current = nodes[-1]
        if isinstance(current, dict) and str(part) in current:
            nodes.append(current[str(part)])
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            nodes.append(current[part])
        else:
            return False
    # Cut the value itself for a bad value; for a missing key, the nearest list item.
    for depth in range(len(loc), 0, -1):
        parent, part = nodes[depth - 1], loc[depth - 1]
        if isinstance(parent, list):
            parent[part] = _DROP
            if depth >= 2 and isinstance(nodes[depth - 2], dict):
                positions.mark_cut(nodes[depth - 2], str(loc[depth - 2]))
            return True
        if kind != "missing" and isinstance(parent, dict):
            del parent[str(part)]
            positions.mark_cut(parent, str(part))
            return True
    return False


def _compact(data: Any) -> None:
    """Remove the list items that `_prune` marked."""
    if isinstance(data, dict):
        for value in data.values():
            _compact(value)
    elif isinstance(data, list):
        data[:] = [x for x in data if x is not _DROP]
        for value in data:
            _compact(value)


def _finding(model: type[BaseModel], data: Any, rel: str, error: Any) -> f.Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    if data is None and not loc:
        return f.Problem(MK105, rel, START, "Filen är tom.", _root_hint(model))
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _keys_of(_model_at(model, loc[:-1]))
        message = f"Okänd nyckel {quote(key)}.{did_you_mean(key, allowed)}"
        hint = f"Tillåtna nycklar här: {', '.join(allowed)}." if allowed else ""
        return f.Problem(MK104, rel, _locate(data, loc), message, hint)
    if kind == "missing":
        owner = _model_at(model, loc[:-1])
        name = str(loc[-1])
        info = owner.model_fields.get(name) if owner else None
        hint = f"{quote(name)}: {info.description}" if info and info.description else ""
        where = _locate(data, loc[:-1]) if loc[:-1] else START
        return f.Problem(MK106, rel, where, f"Nyckeln {quote(name)} saknas.", hint)
    return _wrong_value(data, rel, loc, kind, error)


def _wrong_value(data: Any, rel: str, loc: tuple[Any, ...], kind: str, error: Any) -> f.Problem:
    is_key = bool(loc) and loc[-1] == "[key]"
    value = error.get("input")
    ctx = error.get("ctx") or {}
    field = next((str(p) for p in reversed(loc) if isinstance(p, str) and p != "[key]"), "")
    build = _MESSAGES.get(kind)
    expected = build(ctx, field) if build else None
    found = _describe(value)
    if expected is None:  # an error type without Swedish words: never pydantic's English
        message = f"Värdet kan inte användas här (fann {found})."
    elif kind.startswith("malkoll_"):
        message = f"{expected[0].upper()}{expected[1:]}."
    else:
        message = f"Förväntade {expected}, fann {found}."
    if is_key:
        message = f"Fel nyckel: {message[0].lower()}{message[1:]}"
    choices = ctx.get("choices") or _literal_choices(ctx)
    if choices and isinstance(value, str):
        message += did_you_mean(value, choices)
    hint = _HINTS.get(kind, "") if isinstance(value, str) else ""
    if kind == "float_parsing" and isinstance(value, str) and "," in value:
        hint = "Decimaltecknet är punkt: skriv 1.5, inte 1,5."
    elif kind in ("float_parsing", "int_parsing") and isinstance(value, str):
        digits = re.sub(r"(?<=\d)[ \u00a0\u202f'_](?=\d{3}\b)", "", value.strip())
        if digits != value.strip() and re.fullmatch(r"-?\d+(\.\d+)?", digits):
            hint = f"Skriv talet utan mellanrum mellan siffrorna: {digits}."
    return f.Problem(MK105, rel, _locate(data, loc[:-1] if is_key else loc), message, hint)


def _literal_choices(ctx: dict[str, Any]) -> list[str]:
    expected = ctx.get("expected")
    return re.findall(r"'([^']*)'", expected) if isinstance(expected, str) else []


def _describe(value: Any) -> str:
    if value is None:
        return "ett tomt värde"
    if isinstance(value, dict):
        return "en mappning (nycklar med värden)" if set(value) - {POS_KEY} else "en tom mappning"
    if isinstance(value, list):
        return "en lista" if value else "en tom lista"
    text = str(value)
    return quote(text if len(text) <= 60 else text[:57] + "...")


def _range(ctx: dict[str, Any], _field: str) -> str:
    if "ge" in ctx:
        return f"ett värde på minst {_bound(ctx['ge'])}"
    if "le" in ctx:
        return f"ett värde på högst {_bound(ctx['le'])}"
    if "gt" in ctx:
        return f"ett värde större än {_bound(ctx['gt'])}"
    return f"ett värde mindre än {_bound(ctx.get('lt'))}"


def _bound(value: Any) -> str:
    """A limit as a Swedish reader writes it: `1 000 000 000 000 000`, `0,5`."""
    return tal(value) if isinstance(value, int | float) else str(value)


def _pattern(_ctx: dict[str, Any], field: str) -> str:
    if field == "agenda2030":
        return "ett Agenda 2030-mål (1–17) eller delmål som `4.1` eller `16.b`"
    if field == "farg":
        return "en färg som `#1a7f37`"
    if field == "epost":
        return "en e-postadress som `anna.andersson@kommun.se`"
    if field == "git":
        return "ett användarnamn på git-värden som `@anna.andersson` eller en grupp `@kommun/bun`"
    return "ett värde av rätt form"


_MESSAGES: dict[str, Callable[[dict[str, Any], str], str]] = {
    "string_type": lambda c, n: "text",
    "string_too_short": lambda c, n: "en text som inte är tom",
    "string_pattern_mismatch": _pattern,
    "int_type": lambda c, n: "ett heltal",
    "int_parsing": lambda c, n: "ett årtal" if n in ("ar", "malvarde", "utfall") else "ett heltal",
    "int_from_float": lambda c, n: "ett heltal",
    "int_parsing_size": lambda c, n: "ett heltal av rimlig storlek",
    "float_type": lambda c, n: "ett tal",
    "float_parsing": lambda c, n: "ett tal",
    "finite_number": lambda c, n: "ett ändligt tal",
    "bool_type": lambda c, n: "ja eller nej (`true` eller `false`)",
    "bool_parsing": lambda c, n: "ja eller nej (`true` eller `false`)",
    "date_type": lambda c, n: "ett datum som ÅÅÅÅ-MM-DD",
    "date_parsing": lambda c, n: "ett datum som ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": lambda c, n: "ett giltigt datum som ÅÅÅÅ-MM-DD",
    "date_from_datetime_inexact": lambda c, n: "ett datum utan klockslag",
    "literal_error": lambda c, n: join_or(_literal_choices(c)),
    "list_type": lambda c, n: "en lista",
    "dict_type": lambda c, n: "en mappning (nycklar med värden)",
    "model_type": lambda c, n: "en mappning (nycklar med värden)",
    "model_attributes_type": lambda c, n: "en mappning (nycklar med värden)",
    "greater_than_equal": _range,
    "less_than_equal": _range,
    "greater_than": _range,
    "less_than": _range,
    "too_short": lambda c, n: "minst en period eller ett steg",
    "malkoll_skala": lambda c, n: (
        f"förväntade en bedömning i skalan ({c['expected']}), fann {c['found']}"
    ),
    "malkoll_manaddag": lambda c, n: (
        f"förväntade månad och dag som MM-DD, till exempel `03-31`, fann {c['found']}"
    ),
}

_HINTS = {
    "date_from_datetime_parsing": "Skriv datum som ÅÅÅÅ-MM-DD, till exempel 2020-03-31.",
    "date_parsing": "Skriv datum som ÅÅÅÅ-MM-DD, till exempel 2020-03-31.",
    "malkoll_skala": "Skalan anges under `bedomning` i malkoll.yaml.",
}


def _root_hint(model: type[BaseModel]) -> str:
    kind = BY_MODEL.get(model)
    return kind.description if kind else "Skriv filens innehåll enligt formatet i README."


def _locate(data: Any, loc: tuple[Any, ...]) -> Where:
    """The position of the value at ``loc`` in the raw data; the nearest known one if absent."""
    current = data
    where = positions.of(data) if isinstance(data, dict) else START
    parent: Any = None
    parent_key = ""
    for part in loc:
        if isinstance(current, dict):
            name = str(part)
            if name not in current or name == POS_KEY:
                return positions.of(current)
            where = positions.key(current, name)
            parent, parent_key, current = current, name, current[name]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            if isinstance(current, dict):
                where = positions.of(current)
            elif parent is not None:
                where = positions.item(parent, parent_key, part)
            parent = None
        else:
            break
    return where


def _keys_of(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [name for name in model.model_fields if name != "pos"]


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc``."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return None
    current = bare_type(current)
    return current if is_model(current) else None


def _step(annotation: Any, part: Any) -> Any:
    annotation = bare_type(annotation)
    if is_model(annotation) and issubclass(annotation, RootModel):
        annotation = bare_type(annotation.model_fields["root"].annotation)
    if is_model(annotation):
        info = annotation.model_fields.get(str(part))
        return info.annotation if info else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None
