"""The parts of the editor schemas that come from the repository (`schema_facts`): the
scale as the choice of every assessment, the period ids as the keys of every mapping per
period, the months in the economy, and the ids of organisations, delmål and indicators.

How each is written, for Red Hat's YAML language server (the editor's engine) and for any
draft-07 validator alike:

- a choice is an `enum` of the canonical values with `enumDescriptions` (the names shown
  beside them in completion) and a Swedish `errorMessage`; where malkoll folds the value
  (the scale: `Grön`, `GRON`), a second branch accepts the other spellings by a pattern,
  which completion does not offer;
- an id that YAML reads as a number (`1.1`, `0180`) is also accepted as that number: a
  branch `not: {not: {enum: [numbers]}}`, which validates like an enum but is not offered
  (so completion shows each id once, as text);
- a mapping per period lists the periods as `properties`, each with its name, and allows
  no other key;
- a long list (the organisations) stands once in `definitions` and is referred to.

A part the facts do not know is left as the generic schema has it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from malkoll.model.types import MONTH_OF
from malkoll.text import fold, join_or
from malkoll.writers.schema_facts import Choices, Facts

_TEXT_TYPES = ["string", "number"]
_NULL = {"type": "null"}
_REF = "#/definitions/"
_SHOWN_IN_MESSAGE = 12
"""The most choices a message names; past that it says where they are defined."""
_GIVERS = {"KF": "Kommunfullmäktige", "KS": "Kommunstyrelsen"}
"""Who may give an uppdrag besides a nämnd (`rules.references.GIVERS`), written in any case."""

VARIANTS: dict[str, str] = {}
for _ch in map(chr, range(0xC0, 0x250)):
    if _ch.isalpha() and fold(_ch) != _ch and len(fold(_ch)) == 1:
        VARIANTS[fold(_ch)] = VARIANTS.get(fold(_ch), "") + _ch
"""Per ASCII letter, the letters the reader folds to it (`a` -> `åä`): `text.fold` inverted."""

_SYNTAX = frozenset("^$\\.*+?()[]{}|/")
"""The characters a pattern must escape; escaping any other is an error in the
ECMAScript `u` mode the language server compiles patterns in."""


def escape(text: str) -> str:
    """``text`` as a literal in a pattern that ECMAScript (`u` mode) and Python both read."""
    return "".join(f"\\{ch}" if ch in _SYNTAX else ch for ch in text)


def value_pattern(value: str) -> str:
    """A folded choice's value in any case, with å/ä/ö, and with space or hyphen for `_`:
    every spelling `text.fold_choice` turns into ``value``."""
    out = []
    for ch in value:
        if ch == "_":
            out.append("[_ -]")
        elif _has_case(ch):
            lower, upper = ch.lower(), ch.upper()
            extra = VARIANTS.get(lower, "") + VARIANTS.get(upper, "")
            out.append(f"[{lower}{upper}{extra}]")
        else:
            out.append(escape(ch))
    return "".join(out)


def _has_case(ch: str) -> bool:
    """Whether a character is a letter with one lower and one upper case form (in the
    Basic Multilingual Plane: a character class of astral letters differs between engines)."""
    lower, upper = ch.lower(), ch.upper()
    return ord(ch) < 0x10000 and len(lower) == len(upper) == 1 and lower != upper


def spellings(values: Sequence[str]) -> str:
    """A pattern for the values as `fold_choice` reads them (spaces around included)."""
    return r"^\s*(" + "|".join(value_pattern(v) for v in values) + r")\s*$"


class Fitter:
    """Fits one kind's schema to the repository: `field` for each field, `definitions`
    for the shared lists the fitted fields refer to."""

    def __init__(self, facts: Facts | None) -> None:
        self.facts = facts
        self._definitions: dict[str, Any] = {}

    def field(self, owner: str | None, name: str, node: dict[str, Any]) -> dict[str, Any]:
        """The schema of field ``name`` of model ``owner``, fitted when the facts know it."""
        fit = _FITS.get((owner or "", name))
        if fit is None or self.facts is None:
            return node
        return fit(self, self.facts, node)

    def definitions(self) -> dict[str, Any]:
        """The shared definitions the fitted fields refer to, in the order first used."""
        return dict(self._definitions)

    def ref(self, name: str, make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        if name not in self._definitions:
            self._definitions[name] = make()
        return {"$ref": _REF + name}


# --- the kinds of choice --------------------------------------------------------------


def id_choice(choices: Choices, message: str) -> dict[str, Any]:
    """Exact ids (never folded): closed, or only offered when the list may be incomplete."""
    listed = _enum(choices, message if choices.closed else None)
    if not choices.closed:
        return {"anyOf": [listed, {"type": _TEXT_TYPES}]}
    numbers = _numbers(choices.values)
    if not numbers:
        return listed
    hidden = {"type": "number", "not": {"not": {"enum": numbers}}, "errorMessage": message}
    return {"anyOf": [listed, hidden]}


def folded_choice(choices: Choices, message: str) -> dict[str, Any]:
    """Values malkoll folds (the scale): the canonical ones offered, every spelling accepted."""
    other = {"type": "string", "pattern": spellings(choices.values), "errorMessage": message}
    return {"anyOf": [_enum(choices, message), other]}


def _enum(choices: Choices, message: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "string",
        "enum": list(choices.values),
        "enumDescriptions": list(choices.names),
    }
    if message is not None:
        out["errorMessage"] = message
    return out


_YAML_INT = re.compile(r"^[-+]?[0-9]+$")
_YAML_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def _numbers(ids: Sequence[str]) -> list[int | float]:
    """The numbers YAML 1.2 (the editor's reading) makes of the ids that look like one."""
    out: list[int | float] = []
    for text in ids:
        number: int | float
        if _YAML_INT.match(text):
            number = int(text)
        elif _YAML_FLOAT.match(text):
            number = float(text)
        else:
            continue
        if math.isfinite(number) and abs(number) <= 2**53 and number not in out:
            out.append(number)
    return out


def _listed(choices: Choices) -> str:
    """`: a, b eller c` for a short list; nothing for a long one."""
    if len(choices.values) > _SHOWN_IN_MESSAGE:
        return ""
    return f": {join_or(choices.values)}"


# --- fitting one field -------------------------------------------------------------------

Fit = Callable[[Fitter, Facts, dict[str, Any]], dict[str, Any]]


def _value(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """``node`` (one field) with its value's schema replaced, keeping its description and
    default, and null where the field may be empty."""
    keep: dict[str, Any] = {k: node[k] for k in ("description", "default") if k in node}
    if any(alt == _NULL for alt in node.get("anyOf", ())):
        return {"anyOf": [schema, _NULL], **keep}
    if "$ref" in schema:
        return {"allOf": [schema], **keep} if keep else schema
    return {**schema, **keep}


def _items(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    return {**node, "items": schema}


def _scale(fitter: Fitter, facts: Facts) -> dict[str, Any] | None:
    scale = facts.scale
    if scale is None:
        return None
    message = f"Bedömningen ska vara ett steg i skalan i malkoll.yaml{_listed(scale)}."
    return fitter.ref("malkoll_bedomning", lambda: folded_choice(scale, message))


def _fit_assessment(fitter: Fitter, facts: Facts, node: dict[str, Any]) -> dict[str, Any]:
    ref = _scale(fitter, facts)
    if ref is None or facts.scale is None:
        return node
    out = _value(node, ref)
    out["description"] = f"Bedömningen, ett steg i skalan i malkoll.yaml{_listed(facts.scale)}."
    return out


def _fit_forecast(fitter: Fitter, facts: Facts, node: dict[str, Any]) -> dict[str, Any]:
    """A forecast on the scale (a goal's fulfilment at the year's end): the scale's
    choice, the model's own description kept."""
    ref = _scale(fitter, facts)
    if ref is None or facts.scale is None:
        return node
    out = _value(node, ref)
    out["description"] = (
        f"{node.get('description', '')} Ett steg i skalan i malkoll.yaml{_listed(facts.scale)}."
    ).strip()
    return out


def _fit_assessments(fitter: Fitter, facts: Facts, node: dict[str, Any]) -> dict[str, Any]:
    ref = _scale(fitter, facts)
    if ref is None or facts.scale is None:
        return node
    out = _items(node, ref)
    if not set(out.get("default", ())) <= set(facts.scale.values):
        out.pop("default", None)  # the model then takes every step but the best
    return out


_ORG_MESSAGE = (
    "Okänd organisation: id:t finns inte i organisation.yaml. Rätta id:t; är organisationen "
    "ny, kör `malkoll schema`."
)


def _ids(name: str, what: str, message: str) -> Fit:
    def fit(fitter: Fitter, facts: Facts, node: dict[str, Any]) -> dict[str, Any]:
        choices: Choices | None = getattr(facts, what)
        if choices is None:
            return node
        ref = fitter.ref(name, lambda: id_choice(choices, message))
        return _items(node, ref) if node.get("type") == "array" else _value(node, ref)

    return fit


_ORG = _ids("malkoll_organisation", "orgs", _ORG_MESSAGE)
_DELMAL = _ids(
    "malkoll_delmal",
    "delmal",
    "Okänt delmål: id:t finns inte under `delmal` i mal/ (id:n är text: 1.10 och 1.1 är "
    "olika delmål). Rätta id:t; är delmålet nytt, kör `malkoll schema`.",
)
_GOAL = _ids(
    "malkoll_malsattning",
    "goals",
    "Okänd målsättning: id:t finns inte som `id` i mal/. Rätta id:t; är målsättningen ny, "
    "kör `malkoll schema`.",
)
_INDICATOR = _ids(
    "malkoll_indikator",
    "indicators",
    "Okänd indikator: den är inte definierad under `indikatorer` i mal/. Rätta id:t; är "
    "indikatorn ny, kör `malkoll schema`.",
)


def _fit_source(fitter: Fitter, facts: Facts, node: dict[str, Any]) -> dict[str, Any]:
    """`underlag`: indicators offered, any other source accepted."""
    ind = facts.indicators
    if ind is None:
        return node
    offered = Choices(ind.values, ind.names, closed=False)
    return _items(node, fitter.ref("malkoll_underlag", lambda: id_choice(offered, "")))


def _fit_giver(fitter: Fitter, facts: Facts, node: dict[str, Any]) -> dict[str, Any]:
    """`givet_av`: KF or KS in any case (offered first), or an organisation's id."""
    orgs = facts.orgs
    if orgs is None:
        return node
    message = "Ska vara KF, KS eller en nämnds id i organisation.yaml."
    givers = _enum(Choices(tuple(_GIVERS), tuple(_GIVERS.values())), message)
    spelled = {"type": "string", "pattern": r"^([kK][fF]|[kK][sS])$", "errorMessage": message}
    ref = fitter.ref("malkoll_organisation", lambda: id_choice(orgs, _ORG_MESSAGE))
    return _value(node, {"anyOf": [givers, ref, spelled]})


def _period_message(facts: Facts, months: bool) -> str:
    also = ", eller en månad (jan … dec)" if months else ""
    listed = _listed(facts.periods) if facts.periods else ""
    return f"Ska vara en av årets perioder i malkoll.yaml{listed}{also}."


def _fit_period(fitter: Fitter, facts: Facts, node: dict[str, Any]) -> dict[str, Any]:
    periods = facts.periods
    if periods is None:
        return node
    message = _period_message(facts, False)
    return _items(node, fitter.ref("malkoll_period", lambda: id_choice(periods, message)))


def _fit_period_or_month(fitter: Fitter, facts: Facts, node: dict[str, Any]) -> dict[str, Any]:
    """The årshjul's `period`: a period id, or a month in any of its spellings."""
    periods, months = facts.periods, facts.months
    if periods is None or months is None:
        return node
    message = _period_message(facts, True)
    both = Choices(periods.values + months.values, periods.names + months.names)
    spelled = {"type": "string", "pattern": _month_spellings(), "errorMessage": message}
    return _value(node, {"anyOf": [_enum(both, message), spelled]})


def _month_spellings() -> str:
    return spellings(list(MONTH_OF))


def _keyed(with_months: bool, folded_months: bool) -> Fit:
    """A mapping per period (and month): the periods as its keys, each with its name."""

    def fit(fitter: Fitter, facts: Facts, node: dict[str, Any]) -> dict[str, Any]:
        periods, months = facts.periods, facts.months
        value = node.get("additionalProperties")
        if periods is None or not isinstance(value, dict):
            return node
        keys = [(periods.values, periods.names)]
        if with_months and months is not None:
            keys.append((months.values, months.names))
        props: dict[str, Any] = {}
        for values, names in keys:
            for key, name in zip(values, names, strict=True):
                props.setdefault(key, _described(value, name))
        # The type is checked apart, so that the message for a key that is not a period
        # (`errorMessage`) is not also the message for a value that is not a mapping.
        out: dict[str, Any] = {"allOf": [{"type": "object"}]}
        out.update({k: node[k] for k in ("description", "default") if k in node})
        out["properties"] = props
        if with_months and folded_months:
            out["patternProperties"] = {_month_spellings(): value}
        out["additionalProperties"] = False
        out["errorMessage"] = "Okänd period. " + _period_message(facts, with_months)
        return out

    return fit


def _described(value: dict[str, Any], description: str) -> dict[str, Any]:
    if "$ref" in value:
        return {"allOf": [value], "description": description}
    return {**value, "description": description}


_PER_PERIOD = _keyed(with_months=False, folded_months=False)

_FITS: dict[tuple[str, str], Fit] = {
    ("DelmalUppfoljning", "bedomning"): _fit_assessment,
    ("AnalysInstallningar", "atgarder_vid"): _fit_assessments,
    ("Aktivitet", "uppfoljning"): _PER_PERIOD,
    ("Verksamhetsmal", "uppfoljning"): _PER_PERIOD,
    ("PlanDelmal", "uppfoljning"): _PER_PERIOD,
    ("Plan", "sammanfattning"): _PER_PERIOD,
    ("Plan", "klarmarkering"): _PER_PERIOD,
    ("Uppdrag", "uppfoljning"): _PER_PERIOD,
    ("Kontroll", "uppfoljning"): _PER_PERIOD,
    ("Kontroll", "rapporteras"): _fit_period,
    ("EkonomiNamnd", "perioder"): _keyed(with_months=True, folded_months=True),
    ("EkonomiNamnd", "analys"): _keyed(with_months=True, folded_months=True),
    ("EkonomiNamnd", "atgarder"): _keyed(with_months=True, folded_months=True),
    ("Investering", "utfall"): _keyed(with_months=True, folded_months=False),
    ("Investering", "prognos"): _keyed(with_months=True, folded_months=False),
    ("Handelse", "period"): _fit_period_or_month,
    ("Plan", "organisation"): _ORG,
    ("Uppdrag", "organisation"): _ORG,
    ("Uppdrag", "givet_av"): _fit_giver,
    ("EkonomiNamnd", "organisation"): _ORG,
    ("Investering", "organisation"): _ORG,
    ("Internkontroll", "organisation"): _ORG,
    ("Handelse", "organisation"): _ORG,
    ("PlanDelmal", "delmal"): _DELMAL,
    ("PlanDelmal", "matt"): _INDICATOR,
    ("Delmal", "indikatorer"): _INDICATOR,
    ("IndikatorVarden", "indikator"): _INDICATOR,
    ("Analys", "underlag"): _fit_source,
    # The files of the annual report (issue 14).
    ("Plan", "beslut"): _PER_PERIOD,
    ("Internkontroll", "bedomning"): _PER_PERIOD,
    ("Resultatpost", "perioder"): _PER_PERIOD,
    ("Bokslut", "koncernresultat"): _PER_PERIOD,
    ("Bokslut", "beslut"): _PER_PERIOD,
    ("FinansielltMal", "utfall"): _PER_PERIOD,
    ("FinansielltMal", "prognos"): _PER_PERIOD,
    ("FinansielltMal", "kommentar"): _PER_PERIOD,
    ("Hushallning", "verksamhetsmal"): _DELMAL,
    ("Hushallning", "kommun"): _PER_PERIOD,
    ("Hushallning", "koncern"): _PER_PERIOD,
    ("Personal", "sjukfranvaro"): _PER_PERIOD,
    ("Personal", "kommentar"): _PER_PERIOD,
    ("Personalmatt", "varden"): _PER_PERIOD,
    ("Bolag", "organisation"): _ORG,
    ("Bolag", "perioder"): _PER_PERIOD,
    ("BolagMal", "utfall"): _PER_PERIOD,
    ("BolagMal", "kommentar"): _PER_PERIOD,
    ("MalsattningUppfoljning", "malsattning"): _GOAL,
    ("MalsattningUppfoljning", "uppfoljning"): _PER_PERIOD,
    ("MalsattningPeriod", "bedomning"): _fit_assessment,
    ("MalsattningPeriod", "prognos"): _fit_forecast,
    ("FaktorUppfoljning", "bedomning"): _fit_assessment,
}
"""Which field of which model the repository fits, and how."""
