"""The shipped data files pass the strict schema and the cross-record checks."""

from localgov.catalog.schema import validate_data
from localgov.catalog.services import validate_catalog


def test_shipped_data_validates():
    data = validate_catalog()
    assert len(data.procedures) >= 40
    assert len(data.bundles) >= 4


def test_validate_data_reports_nothing(raw):
    data, errors = validate_data(raw["fields"], raw["procedures"], raw["bundles"])
    assert errors == []
    assert data is not None
