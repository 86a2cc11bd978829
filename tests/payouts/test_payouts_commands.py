"""`localgov payouts import | template | progress | demo` (the database subcommands)."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from payouts_helpers import record, workbook

from localgov.access.policy import SYSTEM
from localgov.payouts import selectors
from localgov.payouts.models import Payment, PayoutCase

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("payouts", *args, stdout=out)
    return out.getvalue()


def test_import_and_template(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(workbook([record(official_ref="A"), record(official_ref="B")]))
    assert "Đã nhập 2 hồ sơ." in run("import", str(path))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([record(official_ref="C"), record(official_ref="D", sex="?")]))
    with pytest.raises(CommandError, match="Dòng 3"):
        run("import", str(bad))
    assert PayoutCase.objects.count() == 2
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        run("import", str(tmp_path / "none.xlsx"))
    run("template", str(tmp_path / "t.xlsx"))
    assert (tmp_path / "t.xlsx").read_bytes()[:2] == b"PK"


def test_demo_then_progress(provinces):
    text = run("demo", "--scale", "0.001", "--seed", "3")
    assert "hồ sơ" in text
    cases = PayoutCase.objects.count()
    assert cases >= 140 and Payment.objects.count() >= cases * 0.99
    assert set(PayoutCase.objects.values_list("province_code", flat=True).distinct()) >= {"01", "79"}
    assert PayoutCase.objects.filter(eligible=False).count() == 0
    run("demo", "--scale", "0.001", "--seed", "3")  # replaces, does not add
    assert PayoutCase.objects.count() == cases

    oct14 = json.loads(run("progress", "--as-of", "2025-10-14", "--json"))
    assert oct14["payment_before"] == "2025-10-15"
    decided = sum(r["decided"] for r in oct14["rows"])
    paid = sum(r["paid"] for r in oct14["rows"])
    assert decided == cases and paid >= 0.99 * decided
    aug1 = selectors.progress(actor=SYSTEM, as_of=date(2025, 8, 1))
    share = sum(r.paid for r in aug1) / max(1, sum(r.decided for r in aug1))
    assert 0.1 < share < 0.9  # paid progressively, not all at once
    text = run("progress", "--as-of", "2025-10-20", "--by", "agency")
    assert "quá hạn" in text and "01" in text


def test_progress_bad_date():
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        run("progress", "--as-of", "2025-13-01")


def test_demo_without_units():
    from localgov.units.models import Province

    if Province.objects.exists():
        pytest.skip("units loaded in this session")
    with pytest.raises(CommandError, match="load units"):
        run("demo")
