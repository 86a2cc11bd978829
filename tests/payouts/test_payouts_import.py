"""Bulk import of leaver lists from XLSX: validated row by row, nothing half imported."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from payouts_helpers import actor, record, workbook

from localgov.access.policy import SYSTEM
from localgov.access.roles import Role
from localgov.core.errors import ValidationFailed
from localgov.payouts.importer import COLUMNS, import_workbook, template_workbook
from localgov.payouts.models import PayoutCase

pytestmark = pytest.mark.django_db


def test_valid_file_imports_every_row_with_its_calculation():
    rows = [record(official_ref=f"CB{i}", decision_number=f"{i}/QĐ") for i in range(5)]
    cases = import_workbook(workbook(rows), actor=SYSTEM)
    assert len(cases) == 5 == PayoutCase.objects.count()
    assert set(PayoutCase.objects.values_list("total_vnd", flat=True)) == {786_854_250}


def test_one_bad_row_imports_nothing_and_names_the_row():
    rows = [record(official_ref="CB1"), record(official_ref="CB2", birth_date="1985-02-30"),
            record(official_ref="CB3", salary={"rank_coefficient": -3})]
    with pytest.raises(ValidationFailed) as exc:
        import_workbook(workbook(rows), actor=SYSTEM)
    assert PayoutCase.objects.count() == 0
    assert set(exc.value.fields) == {"Dòng 3", "Dòng 4"}
    assert exc.value.fields["Dòng 3"][0].startswith("Ngày sinh:")
    assert "Hệ số lương: Không được âm." in exc.value.fields["Dòng 4"]
    assert "chưa nhập dòng nào" in exc.value.message


def test_vietnamese_headers_and_values():
    data = record()
    data.update(sex="Nam", category="Thôi việc")
    cases = import_workbook(workbook([data], vietnamese=True), actor=SYSTEM)
    assert cases[0].sex == "M" and cases[0].category == "quit" and cases[0].total_vnd == 786_854_250


def test_dates_as_spreadsheet_dates():
    from datetime import date

    data = record(birth_date=date(1985, 1, 15), leaving_date=date(2025, 6, 1),
                  restructuring_effective_date=date(2025, 3, 1), decision_date=date(2025, 5, 20))
    assert import_workbook(workbook([data]), actor=SYSTEM)[0].total_vnd == 786_854_250


def test_duplicates_in_file_and_in_database():
    with pytest.raises(ValidationFailed) as exc:
        import_workbook(workbook([record(), record()]), actor=SYSTEM)
    assert "Trùng" in exc.value.fields["Dòng 3"][0]
    import_workbook(workbook([record()]), actor=SYSTEM)
    with pytest.raises(ValidationFailed) as exc:
        import_workbook(workbook([record(official_ref="NEW", decision_number="9/QĐ"), record()]), actor=SYSTEM)
    assert "trong hệ thống" in exc.value.fields["Dòng 3"][0]
    assert PayoutCase.objects.count() == 1


def test_rows_outside_the_actors_province_are_refused():
    rows = [record(official_ref="X1"), record(official_ref="X2", province_code="79")]
    with pytest.raises(ValidationFailed) as exc:
        import_workbook(workbook(rows), actor=actor(Role.HR_OFFICER, ["01"]))
    assert list(exc.value.fields) == ["Dòng 3"] and PayoutCase.objects.count() == 0


def test_missing_columns_empty_and_not_xlsx():
    with pytest.raises(ValidationFailed, match="Thiếu cột"):
        import_workbook(workbook([], headers=["full_name", "sex"]), actor=SYSTEM)
    with pytest.raises(ValidationFailed, match="không có dòng dữ liệu"):
        import_workbook(workbook([]), actor=SYSTEM)
    with pytest.raises(ValidationFailed, match="Không đọc được tệp XLSX"):
        import_workbook(b"not a spreadsheet", actor=SYSTEM)


def test_template_has_the_vietnamese_headers():
    ws = load_workbook(BytesIO(template_workbook())).active
    assert [c.value for c in ws[1]] == list(COLUMNS.values())
