"""Section IV of the Government briefing, "Thủ tục liên thông": the same figures as the
dashboard's section (`bundle_flow`) for the nation and a province, their sums, the member step
most bundles wait at — in every format (JSON, HTML, XLSX, a real PDF read back with pdftotext);
a period without bundles says so."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import date

import pytest
from tests.oversight.test_oversight_bundle_flow import PERIOD, bundles  # noqa: F401
from tests.simulate.conftest import simulate  # noqa: F401

from localgov.oversight import briefing
from localgov.oversight.bundle_flow import BUNDLE_METRICS, bundle_flow
from localgov.oversight.selectors import Area


@pytest.mark.parametrize("province", [None, "11"])
def test_the_section_has_the_dashboard_s_figures(bundles, province) -> None:  # noqa: ARG001, F811
    data = briefing.build(PERIOD.start, PERIOD.end, province)["bundles"]
    flows = bundle_flow(Area("province", province) if province else Area("nation"), PERIOD)
    assert flows and [r["code"] for r in data["rows"]] == [f.code for f in flows]
    for row, flow in zip(data["rows"], flows, strict=True):
        assert {m: row[m] for m in BUNDLE_METRICS} == {m: getattr(flow, m) for m in BUNDLE_METRICS}
        assert row["within_rate"] == flow.within_rate
        assert {(w["order"], w["name"]): w["bundles"] for w in row["waiting_at"]} == flow.waiting_at
    for m in BUNDLE_METRICS:
        assert data["total"][m] == sum(getattr(f, m) for f in flows)
    assert data["total"]["within_rate"] == data["total"]["within"] / data["total"]["decided"]
    filed = f"{data['total']['filed']:,}".replace(",", ".")
    assert data["summary"][0].startswith(f"Tiếp nhận {filed} hồ sơ liên thông")
    waits: dict[str, int] = {}
    for f in flows:
        for (_order, name), n in f.waiting_at.items():
            waits[name] = waits.get(name, 0) + n
    if waits:
        top = max(waits.values())
        assert any(f"{name} ({top} hồ sơ)" in data["summary"][-1] for name, n in waits.items() if n == top)


def test_every_format_carries_it(bundles) -> None:  # noqa: ARG001, F811
    import openpyxl

    data = briefing.build(PERIOD.start, PERIOD.end)
    first = data["bundles"]["rows"][0]
    assert json.loads(briefing.render(data, "json")[0])["bundles"]["rows"][0]["filed"] == first["filed"]
    html = briefing.render(data, "html")[0].decode()
    assert "IV. Thủ tục liên thông" in html and first["name"] in html and data["bundles"]["summary"][1] in html
    assert html.index("IV. Thủ tục liên thông") < html.index("V. ")  # the modules' sections follow
    sheet = openpyxl.load_workbook(io.BytesIO(briefing.render(data, "xlsx")[0]))["Liên thông"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3], r[7]) for r in rows] == [
        (r["code"], r["filed"], r["decided"], r["open_past_due"]) for r in data["bundles"]["rows"]]
    pdf = briefing.render(data, "pdf")[0]
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert "IV. Thủ tục liên thông" in text and first["code"] in text


def test_a_period_without_bundles_says_so(bundles) -> None:  # noqa: ARG001, F811
    data = briefing.build(date(2025, 8, 1), date(2025, 8, 31))["bundles"]
    assert data["rows"] == [] and data["summary"] == ["Không có hồ sơ liên thông nộp trong kỳ."]
    assert data["total"]["within_rate"] is None
