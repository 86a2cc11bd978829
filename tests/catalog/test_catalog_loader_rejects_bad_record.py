"""A bad record makes the loader fail with precise errors (record + field + message) and write nothing."""

import pytest
from catalog_helpers import by_code

from localgov.catalog.models import Bundle, Field, Procedure
from localgov.catalog.services import CatalogDataInvalid, load_catalog, validate_catalog

pytestmark = pytest.mark.django_db


def _break(docs):
    thuong_tru = by_code(docs["procedures"]["procedures"], "1.004222")
    thuong_tru["deadline"]["unit"] = "days"
    thuong_tru["online_level"] = "sometimes"
    by_code(docs["procedures"]["procedures"], "1.001193")["competent_agency_kind"] = "tax"
    by_code(docs["bundles"]["bundles"], "2.002621")["members"][2]["procedure_code"] = "9.999999"


def test_rejects_and_writes_nothing(data_copy):
    bad = data_copy(_break)
    with pytest.raises(CatalogDataInvalid) as info:
        load_catalog(data_dir=bad)
    found = {(e.record, e.field) for e in info.value.errors}
    assert found == {
        ("1.004222", "deadline.unit"),
        ("1.004222", "online_level"),
        ("1.001193", "competent_agency_kind"),
        ("2.002621", "members.2.procedure_code"),
    }
    assert "1.004222: deadline.unit:" in str(info.value)
    assert "1.004222.deadline.unit" in info.value.fields  # mapped once to HTTP 422 like any ValidationFailed
    assert Procedure.objects.count() == 0 and Field.objects.count() == 0 and Bundle.objects.count() == 0


def test_bad_record_does_not_touch_a_loaded_catalogue(catalog, data_copy):
    before = Procedure.objects.get(code="1.004222").deadline_value
    bad = data_copy(_break)
    with pytest.raises(CatalogDataInvalid):
        load_catalog(data_dir=bad)
    assert Procedure.objects.get(code="1.004222").deadline_value == before


def test_malformed_json_is_reported(tmp_path, data_copy):
    good = data_copy(lambda docs: None)
    (good / "bundles.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CatalogDataInvalid) as info:
        validate_catalog(good)
    assert info.value.errors[0].record == "bundles.json"
