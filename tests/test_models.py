"""The models document themselves and accept what format.md promises."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from malkoll.model import files as m
from malkoll.model import kinds


def _all_models() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for info in model.model_fields.values():
            kinds._visit_annotation(info.annotation, visit)

    for model in (k.model for k in kinds.KINDS):
        visit(model)
    return seen


@pytest.mark.parametrize("model", _all_models(), ids=lambda c: c.__name__)
def test_every_field_has_a_swedish_description(model):
    """Every key a user can write is described (the editor schema shows these)."""
    for name, info in model.model_fields.items():
        if name not in ("pos", "root"):
            assert info.description, f"{model.__name__}.{name}"


def test_choices_fold_case_and_swedish_letters():
    """`Grön`, `PÅGÅR`, `Ej påbörjad` and `Nämnd` are the fixed values they spell."""
    follow_up = m.AktivitetUppfoljning.model_validate({"status": "Ej påbörjad"})
    assert follow_up.status == "ej_paborjad"
    assert m.AktivitetUppfoljning.model_validate({"status": "PÅGÅR"}).status == "pagar"
    assert m.Organisation.model_validate({"id": "x", "namn": "X", "typ": "Nämnd"}).typ == "namnd"
    scale = {"bedomning": ["gron", "gul", "rod"]}
    upp = m.DelmalUppfoljning.model_validate({"bedomning": "Grön"}, context=scale)
    assert upp.bedomning == "gron"


def test_months_accept_full_names():
    """Economy periods may be written `Januari` or `jan`; they are stored as `jan`."""
    n = m.EkonomiNamnd.model_validate(
        {"organisation": "bun", "budget": "100", "perioder": {"Januari": {"utfall": "8"}}}
    )
    assert list(n.perioder) == ["jan"]


def test_settings_defaults_are_those_of_format_md():
    """A two-line malkoll.yaml gets the default periods, scale and thresholds."""
    s = m.Installningar.model_validate({"kommun": "Ale kommun"})
    assert list(s.perioder) == ["delar1", "delar2", "helar"]
    assert s.perioder["delar2"].per == "08-31"
    assert list(s.bedomning) == ["gron", "gul", "rod"]
    assert s.analys.kravs == ["resultat", "orsaker"]
    assert s.analys.atgarder_vid == ["gul", "rod"]
    assert (s.analys.konsskillnad_procent, s.ekonomi.avvikelse_procent) == (10, 1.0)
    assert s.prognoser == ["feb", "maj"]


@pytest.mark.parametrize("per", ["3-31", "02-30", "13-01", "0331"])
def test_period_dates_must_be_real_month_days(per):
    """`per` is MM-DD and a real day."""
    with pytest.raises(ValidationError):
        m.Period.model_validate({"namn": "X", "per": per})
