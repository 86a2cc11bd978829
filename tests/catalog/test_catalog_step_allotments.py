"""Internal step allotments add up to the legal deadline (8 working hours a day; a same-day
deadline is budgeted as one day; steps outside the clock carry 0 hours)."""

from decimal import Decimal

import pytest
from catalog_helpers import by_code

from localgov.catalog.models import Procedure
from localgov.catalog.schema import validate_data

pytestmark = pytest.mark.django_db


def test_steps_sum_to_deadline(catalog):
    for p in Procedure.objects.prefetch_related("steps"):
        total = sum((s.allotment_hours for s in p.steps.all() if not s.clock_stopped), Decimal(0))
        assert total == p.step_budget_hours(), p.code


def test_land_transfer_steps_follow_reference(catalog):
    p = Procedure.objects.get(code="1.013831")
    steps = list(p.steps.all())
    assert p.steps_source == "reference"
    assert steps[0].allotment_hours == 4  # reception 0.5 day
    assert steps[1].agency_kind == "land_registry" and steps[1].allotment_hours == 36  # 4.5 days
    tax = next(s for s in steps if s.agency_kind == "tax")
    assert tax.clock_stopped and tax.allotment_hours == 0


def test_mismatch_is_an_error(raw):
    rec = by_code(raw["procedures"], "1.004222")
    rec["steps"][1]["allotment_hours"] += 1
    _, errors = validate_data(raw["fields"], raw["procedures"], raw["bundles"])
    assert [(e.record, e.field) for e in errors] == [("1.004222", "steps")]
    assert "57" in errors[0].message and "56" in errors[0].message
