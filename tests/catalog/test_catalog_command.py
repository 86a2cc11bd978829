"""`localgov catalog validate | load | search` management command."""

import json
from io import StringIO

import pytest
from catalog_helpers import by_code
from django.core.management import call_command
from django.core.management.base import CommandError


def test_validate_writes_nothing():
    out = StringIO()
    call_command("catalog", "validate", stdout=out)
    assert out.getvalue().startswith("Dữ liệu hợp lệ: ")


def test_validate_reports_errors(data_copy):
    bad = data_copy(
        lambda docs: by_code(docs["procedures"]["procedures"], "1.014137").update(level="district")
    )
    with pytest.raises(CommandError, match=r"1\.014137: level:"):
        call_command("catalog", "validate", "--data-dir", str(bad))


@pytest.mark.django_db
def test_load_then_search_json():
    out = StringIO()
    call_command("catalog", "load", stdout=out)
    assert "danh mục — thủ tục:" in out.getvalue()
    out = StringIO()
    call_command("catalog", "search", "sang tên sổ đỏ", "--field", "land", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows[0]["code"] == "1.013831" and rows[0]["deadline"] == {"value": 8.0, "unit": "working_days"}


@pytest.mark.django_db
def test_search_writes_the_deadline_in_words():
    call_command("catalog", "load", stdout=StringIO())
    out = StringIO()
    call_command("catalog", "search", "sang tên sổ đỏ", "--field", "land", stdout=out)
    first = out.getvalue().splitlines()[0]
    assert first.startswith("1.013831\t") and first.endswith("\t8 ngày làm việc")
    assert "working_days" not in out.getvalue()
    out = StringIO()
    call_command("catalog", "search", "khai sinh", stdout=out)
    assert "1.001193\tĐăng ký khai sinh\tTrong ngày" in out.getvalue()  # 0 days: "trong ngày"


def test_deadline_text():
    from decimal import Decimal

    from localgov.catalog.models import deadline_text

    assert deadline_text(Decimal("8"), "working_days") == "8 ngày làm việc"
    assert deadline_text(Decimal("0.5"), "working_days") == "0,5 ngày làm việc"
    assert deadline_text(Decimal("4.00"), "working_hours") == "4 giờ làm việc"
    assert deadline_text(Decimal("0"), "working_days") == "Trong ngày"
