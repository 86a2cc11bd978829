"""Loading twice changes nothing; a changed record updates only that record; a removed one is
deactivated."""

import pytest
from catalog_helpers import by_code

from localgov.catalog.models import BundleMember, Procedure, ProcedureStep
from localgov.catalog.services import load_catalog

pytestmark = pytest.mark.django_db


def test_second_load_is_a_no_op(catalog):
    counts = (Procedure.objects.count(), ProcedureStep.objects.count(), BundleMember.objects.count())
    ids = set(Procedure.objects.values_list("id", flat=True))
    again = load_catalog()
    assert again["procedures"]["created"] == again["procedures"]["updated"] == 0
    assert again["procedures"]["unchanged"] == catalog["procedures"]["created"]
    assert again["bundles"]["unchanged"] == catalog["bundles"]["created"]
    assert again["fields"]["unchanged"] == catalog["fields"]["created"]
    assert (Procedure.objects.count(), ProcedureStep.objects.count(), BundleMember.objects.count()) == counts
    assert set(Procedure.objects.values_list("id", flat=True)) == ids


def test_changed_and_removed_records(catalog, data_copy):
    def edit(docs):
        procs = docs["procedures"]["procedures"]
        by_code(procs, "1.004194")["fee"]["text"] = "15.000đ (đã sửa)"
        procs.remove(by_code(procs, "1.010028"))

    stats = load_catalog(data_dir=data_copy(edit))
    assert stats["procedures"]["updated"] == 1
    assert stats["procedures"]["deactivated"] == 1
    assert Procedure.objects.get(code="1.004194").fee_text == "15.000đ (đã sửa)"
    assert Procedure.objects.get(code="1.010028").active is False
    assert load_catalog()["procedures"]["updated"] == 2  # back to the shipped data
