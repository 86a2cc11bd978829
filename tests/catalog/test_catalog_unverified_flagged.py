"""Values the reference marks unconfirmed ((?), unit unspecified, 'ngày' without 'làm việc',
not stated) are kept as configuration and flagged."""

import pytest
from catalog_helpers import by_code

FLAGGED = ["1.004859", "1.012783", "1.013949", "2.000635", "1.000689", "1.014061", "1.012812", "3.000333"]
CONFIRMED = ["1.001193", "1.004222", "1.013225", "1.014137", "1.004873"]


@pytest.mark.parametrize("code", FLAGGED)
def test_flagged(raw, code):
    rec = by_code(raw["procedures"], code)
    assert rec["verified"] is False
    assert rec["unverified"], "a flagged record says what is unverified"


@pytest.mark.parametrize("code", CONFIRMED)
def test_confirmed(raw, code):
    assert by_code(raw["procedures"], code)["verified"] is True


def test_every_record_has_a_source(raw):
    assert all(p["source"] and p["legal_basis"] for p in raw["procedures"])
