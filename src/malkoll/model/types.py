"""The value types of the model: the base of every mapping (`Node`, which keeps its
position), keyed mappings, fixed choices, ids, years, finite numbers, months, the scale.

Each says in one place what a person may write and how it is typed; `files` builds the
file models from them.
"""

from __future__ import annotations

import datetime as dt
import re
from types import UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SkipValidation,
    StringConstraints,
    ValidationInfo,
    WrapValidator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from malkoll.model.positions import POS_KEY, posdict
from malkoll.text import fold_choice, join_or, quote

K = TypeVar("K")
V = TypeVar("V")


class Node(BaseModel):
    """A mapping in a user's file: unknown keys are errors, the position is kept."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    pos: Annotated[Any, SkipValidation, SkipJsonSchema()] = Field(
        default=None, alias=POS_KEY, exclude=True, repr=False
    )


def many(description: str) -> Any:
    """A list that may be left out: empty by default, made anew for each object (pydantic
    would copy a shared `[]` for every object it makes, thousands of times per file)."""
    return Field(default_factory=list, json_schema_extra={"default": []}, description=description)


def _keep_pos(value: Any, handler: Any) -> Any:
    """Validate a keyed dict and keep the position record of the user's mapping on it.

    The record is taken out of the user's dict while pydantic validates the rest, and put
    back after (the schema may cut values and validate again), rather than copying the
    dict: this runs for every keyed mapping of every file.
    """
    if value.__class__ is not dict:
        return posdict(handler(value)) if isinstance(value, dict) else handler(value)
    pos = value.pop(POS_KEY, None)
    try:
        return posdict(handler(value), pos)
    finally:
        if pos is not None:
            value[POS_KEY] = pos


Keyed = Annotated[dict[K, V], WrapValidator(_keep_pos)]
"""A mapping keyed by ids (periods, years): a dict that remembers its positions."""


def as_choice(value: Any) -> Any:
    return fold_choice(value) if isinstance(value, str) else value


FOLDED = BeforeValidator(as_choice)
"""A fixed choice is read folded: `Grön`, `GRÖN` and `gron` are the same value."""


Id = Annotated[str, StringConstraints(min_length=1)]
Text = str
Year = Annotated[int, Field(ge=1900, le=2200)]
MAX_NUMBER = 1e15
"""The largest size of any number a person writes: far beyond any municipality's economy
(a large one's budget is about 10^11 kronor), and small enough that sums, differences and
percentages of such numbers stay finite and exact to the krona."""
Number = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_NUMBER, le=MAX_NUMBER)]
"""A finite number within ±`MAX_NUMBER`; `inf`, `nan` and `1e309` are MK105."""
Amount = Number

Status = Annotated[Literal["ej_paborjad", "pagar", "genomford", "forsenad", "avbruten"], FOLDED]
STATUSAR: tuple[str, ...] = get_args(get_args(Status)[0])
Riktning = Annotated[Literal["hogre", "lagre"], FOLDED]
OrgTyp = Annotated[Literal["namnd", "bolag", "sektor", "verksamhet", "enhet"], FOLDED]
Regelniva = Annotated[Literal["fel", "varning", "av"], FOLDED]
Analysdel = Annotated[
    Literal["resultat", "orsaker", "avvikelser", "grupper", "slutsatser", "atgarder"], FOLDED
]
ANALYSDELAR: tuple[str, ...] = get_args(get_args(Analysdel)[0])

MANADER = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
MANADSNAMN: tuple[str, ...] = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
"""The months' Swedish names, January first: for the reader and for what malkoll writes."""
MONTH_OF = {m: m for m in MANADER} | dict(zip(MANADSNAMN, MANADER, strict=True))


def month_key(key: str) -> str:
    """`Januari`, `jan` and `JAN` are the month `jan`; anything else is left as written."""
    return MONTH_OF.get(fold_choice(key), key)


def as_month(value: Any) -> Any:
    return month_key(value) if isinstance(value, str) else value


Manad = Annotated[Literal[MANADER], BeforeValidator(as_month)]  # type: ignore[valid-type]


def _month_keys(value: Any) -> Any:
    """Month keys in their short form; the position record follows the renamed keys."""
    if not isinstance(value, dict):
        return value
    out: dict[Any, Any] = {}
    for k, v in value.items():
        out[month_key(k) if isinstance(k, str) and k != POS_KEY else k] = v
    pos = value.get(POS_KEY)
    if pos is not None:
        keys = {month_key(k): p for k, p in pos[1].items()}
        cut = ({month_key(k) for k in pos[2]},) if len(pos) > 2 else ()
        out[POS_KEY] = (pos[0], keys, *cut)
    return out


PeriodOrMonth = Annotated[Keyed[str, V], BeforeValidator(_month_keys)]


def _scale(value: Any, info: ValidationInfo) -> Any:
    """An assessment must be one of the scale's ids in `malkoll.yaml`."""
    if not isinstance(value, str):
        return value
    folded = fold_choice(value)
    scale = (info.context or {}).get("bedomning")
    if scale is not None and folded not in scale:
        raise PydanticCustomError(
            "malkoll_skala",
            "förväntade en bedömning i skalan ({expected}), fann {found}",
            {"expected": join_or(scale), "found": quote(value), "choices": list(scale)},
        )
    return folded


Bedomning = Annotated[str, BeforeValidator(_scale)]

_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


def _month_day(value: Any) -> Any:
    if isinstance(value, str):
        m = _MONTH_DAY.match(value)
        ok = bool(m)
        if m:
            try:
                dt.date(2020, int(m[1]), int(m[2]))
            except ValueError:
                ok = False
        if not ok:
            raise PydanticCustomError(
                "malkoll_manaddag",
                "förväntade månad och dag som MM-DD, till exempel `03-31`, fann {found}",
                {"found": quote(value)},
            )
    return value


MonthDay = Annotated[str, BeforeValidator(_month_day)]


def _named(value: Any) -> Any:
    """A name of only spaces is as empty as ``""`` (reported as `string_too_short`:
    `reading.schema` words it, "förväntade en text som inte är tom")."""
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("string_too_short", "förväntade en text som inte är tom")
    return value


Namn = Annotated[str, BeforeValidator(_named)]
"""A name a report shows as a heading (a grouping, a group): not empty, not only spaces."""
Agenda2030 = Annotated[str, StringConstraints(pattern=r"^(1[0-7]|[1-9])(\.([1-9][0-9]?|[a-c]))?$")]
Farg = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]

Epost = Annotated[
    str, StringConstraints(pattern=r'^[^@\s<>()\[\],;:"]+@[^@\s<>()\[\],;:"]+\.[A-Za-z]{2,}$')
]
"""An e-mail address: one address, nothing a mail header could be smuggled in with."""


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


GitAnvandare = Annotated[
    str, StringConstraints(pattern=r"^@?[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*$")
]
"""A user or group on the git host (`@anna.andersson`, `@kommun/bun`), with or without `@`."""
GitAnvandarlista = Annotated[list[GitAnvandare], BeforeValidator(_one_or_many)]
"""One user or a list of them."""


def bare_type(annotation: Any) -> Any:
    """An annotation without Annotated and Optional: the type a value must have."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, UnionType):
            rest = [a for a in get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def is_model(annotation: Any) -> bool:
    """Whether an annotation (after `bare_type`) is a mapping of the model."""
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
