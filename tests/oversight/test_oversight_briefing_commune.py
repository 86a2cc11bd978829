"""The briefing for a commune, in every format, read back (the PDF through pdftotext, the XLSX
through openpyxl): its totals are the commune's own, not the province's; from the CLI (pdf and
xlsx without --output go to a default file whose name is printed) and from the page; a commune
the caller may not see is refused."""

import io
import json
import shutil
import subprocess
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from tests.oversight.conftest import BA_DINH, HOAN_KIEM

from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.oversight import briefing

FROM, TO = date(2025, 7, 1), date(2025, 9, 30)
PLANS = [{"procedure": "1.004873", "commune": c, "channel": 2, "start_hours": h,
          "steps": [(0, 1, True, 5), (2, 1, True, 5), (3, 20, True, 4), (0, 2, True, 5)]}
         for c, h in [(BA_DINH, 5), (BA_DINH, 50), (BA_DINH, 300), (HOAN_KIEM, 900)]]
BA_DINH_RECEIVED = 3


@pytest.fixture
def loaded(workload):
    return workload(PLANS)


def _text(fmt: str, content: bytes) -> str:
    if fmt == "pdf":
        assert content.startswith(b"%PDF")
        if not shutil.which("pdftotext"):
            pytest.skip("pdftotext (poppler-utils) not installed")
        return subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True,
                              check=True).stdout.decode()
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(" ".join(str(c) for c in row if c is not None) for ws in wb.worksheets
                         for row in ws.iter_rows(values_only=True))
    return content.decode()


def test_commune_briefing_data_is_the_communes_own(loaded):
    data = briefing.build(FROM, TO, "01", commune=BA_DINH)
    assert data["area"] == {"level": "commune", "code": BA_DINH, "province": "01",
                            "name": data["area"]["name"]}
    assert data["area"]["name"].startswith("Phường Ba Đình") and "Hà Nội" in data["area"]["name"]
    assert data["totals"]["received"] == BA_DINH_RECEIVED
    assert briefing.build(FROM, TO, "01")["totals"]["received"] == len(PLANS)
    assert data["lagging"]["units"] == [] and [r["code"] for r in data["scores_766"]["units"]] == [BA_DINH]


@pytest.mark.parametrize("fmt", ["html", "json", "xlsx", "pdf"])
def test_commune_briefing_every_format_from_the_cli(loaded, fmt, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    args = ["report", "briefing", "--from", "2025-07-01", "--to", "2025-09-30", "--commune", BA_DINH, "--format", fmt]
    call_command(*args)
    out = capsys.readouterr().out
    if fmt in ("pdf", "xlsx"):  # no --output: a default file, its name printed
        name = f"bao-cao-{BA_DINH}-2025-07-01-2025-09-30.{fmt}"
        assert name in out and (tmp_path / name).exists()
        content = (tmp_path / name).read_bytes()
    else:
        content = out.encode()
    text = _text(fmt, content)
    if fmt == "json":
        data = json.loads(text)
        assert data["area"]["code"] == BA_DINH and data["totals"]["received"] == BA_DINH_RECEIVED
    else:
        assert "Ba Đình" in text
    if fmt in ("html", "pdf"):
        assert "Lĩnh vực" in text and "Tỉnh, thành phố" not in text


def test_cli_refuses_a_commune_outside_the_province(loaded):
    with pytest.raises(CommandError, match="không thuộc tỉnh 79"):
        call_command("report", "briefing", "--commune", BA_DINH, "--province", "79", "--format", "json")
    with pytest.raises(CommandError, match="Không có xã mã 99999"):
        call_command("report", "briefing", "--commune", "99999", "--format", "json")


def test_commune_briefing_from_the_page(loaded, client):
    user = create_user(username="brief-po-01", password=None)
    grant_role(user=user, role=Role.PROVINCE_OVERSEER, province="01")
    client.force_login(user)
    q = f"from=2025-07-01&to=2025-09-30&commune={BA_DINH}"
    r = client.get(f"/giam-sat/bao-cao/?{q}&format=json")
    assert r.status_code == 200 and json.loads(r.content)["totals"]["received"] == BA_DINH_RECEIVED
    r = client.get(f"/giam-sat/bao-cao/?{q}&format=pdf")
    assert r["Content-Disposition"].endswith(f'bao-cao-{BA_DINH}-2025-07-01-2025-09-30.pdf"')
    assert "Ba Đình" in _text("pdf", r.content)
    page = client.get(f"/giam-sat/xa/{BA_DINH}/?period=custom&from=2025-07-01&to=2025-09-30").content.decode()
    assert f"commune={BA_DINH}" in page  # the "Tải báo cáo" links carry the commune
    assert f'href="/giam-sat/doi-soat/?from=2025-07-01&amp;to=2025-09-30&amp;province=01&amp;commune={BA_DINH}"' in page
    other = create_user(username="brief-po-79", password=None)
    grant_role(user=other, role=Role.PROVINCE_OVERSEER, province="79")
    client.force_login(other)
    assert client.get(f"/giam-sat/bao-cao/?{q}&format=json").status_code == 403
