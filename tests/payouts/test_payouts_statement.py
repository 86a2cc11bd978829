"""The PDF statement is a real PDF that contains the person, the components and the total."""

import json
import shutil
import subprocess

import pytest
from payouts_helpers import case, mr_m

from localgov.cli import main
from localgov.payouts.rules import calculate_data
from localgov.payouts.statement import render_statement, statement_context


def pdf_text(pdf: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_statement_is_a_pdf_with_the_total(tmp_path):
    data = mr_m(name="Nguyễn Văn M", agency="Sở Nội vụ tỉnh Lạng Sơn", decision_number="123/QĐ-UBND",
                decision_date="2025-05-20")
    pdf = render_statement(calculate_data(data), data)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    text = pdf_text(pdf, tmp_path)
    assert "786.854.250" in text
    assert "Nguyễn Văn M" in text and "Trợ cấp tìm việc làm" in text and "123/QĐ-UBND" in text
    assert "Điều 9 Nghị định 178/2024/NĐ-CP" in " ".join(text.split())


def test_not_eligible_statement_gives_the_reason(tmp_path):
    data = case(si_months=100, name="Trần Văn C")
    text = pdf_text(render_statement(calculate_data(data), data), tmp_path)
    assert "Không đủ điều kiện" in text and "Chưa đủ 20 năm" in " ".join(text.split())


def test_context_formats_dates_and_money():
    ctx = statement_context(calculate_data(case()), case())
    assert ctx["total"] == "744.778.125" and ctx["person"]["leaving_date"] == "01/05/2025"
    assert [c["code"] for c in ctx["components"]] == ["P1", "P2", "P3"]


def test_cli_writes_the_pdf(tmp_path, capsys):
    src = tmp_path / "case.json"
    src.write_text(json.dumps(case(name="Trần Văn C")), encoding="utf-8")
    out = tmp_path / "c.pdf"
    main(["payouts", "calc", str(src), "--json", "--pdf", str(out)])
    assert json.loads(capsys.readouterr().out)["total_vnd"] == 744_778_125
    assert out.read_bytes().startswith(b"%PDF-")
