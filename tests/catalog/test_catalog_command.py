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
    assert "catalog procedures:" in out.getvalue()
    out = StringIO()
    call_command("catalog", "search", "sang tên sổ đỏ", "--field", "land", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows[0]["code"] == "1.013831" and rows[0]["deadline"] == {"value": 8.0, "unit": "working_days"}
