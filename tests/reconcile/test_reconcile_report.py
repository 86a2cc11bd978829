"""The reconciliation report lists exactly the differences planted between localgov's dossiers
and the national portal's export (counts per unit-day, dossier by dossier where the national
list covers it); the sync rate (indicator 1.4's input) is recomputed by hand; a bad file is
refused with its lines and reasons and nothing is written; CSV and XLSX give the same report;
the CLI, the API and the page show it to whom the access policy allows."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command
from tests.reconcile.conftest import BA_DINH, HOAN_KIEM, vn

from localgov.access.policy import SYSTEM
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.dossiers import services as dossier_services
from localgov.oversight.selectors import Area, Period
from localgov.reconcile import core, selectors, services
from localgov.reconcile.models import NationalCount, NationalDossier, NationalImport

AUG4, AUG5 = date(2025, 8, 4), date(2025, 8, 5)
WEEK = Period(date(2025, 8, 4), date(2025, 8, 10))
FAKE = "H99.1-250804-9999"


@pytest.fixture
def planted(file_online):
    """localgov: Ba Đình 3 dossiers on 4 Aug (one refused that day), 1 on 5 Aug; Hoàn Kiếm 2 on
    4 Aug. The national export: Ba Đình 4 Aug agrees; Ba Đình 5 Aug says 2 (one too many);
    Hoàn Kiếm 4 Aug says 2 but its dossier list has one of ours in another state and one
    localgov never had, and lacks our other one."""
    ba = [file_online("1.001193", BA_DINH, at=vn(2025, 8, 4, 9, i)).dossier for i in range(3)]
    dossier_services.ACTIONS["refuse"](dossier_id=ba[0].pk, version=ba[0].version, actor=SYSTEM,
                                       now=vn(2025, 8, 4, 10, 0), reason="Không thuộc thẩm quyền")
    ba5 = file_online("1.001193", BA_DINH, at=vn(2025, 8, 5, 9, 0)).dossier
    hk = [file_online("1.001193", HOAN_KIEM, at=vn(2025, 8, 4, 14, i)).dossier for i in range(2)]
    counts = ("MaDonVi,Ngay,TiepNhan,DaGiaiQuyet\n"
              f"{BA_DINH},2025-08-04,3,1\n{BA_DINH},05/08/2025,2,0\n{HOAN_KIEM},2025-08-04,2,0\n")
    listing = ("MaHoSo;MaDonVi;NgayTiepNhan;TrangThai\n"
               f"{hk[0].code};{HOAN_KIEM};2025-08-04;4\n{FAKE};{HOAN_KIEM};2025-08-04;1\n")
    return {"ba": ba, "ba5": ba5, "hk": hk, "counts": counts.encode(), "listing": listing.encode("utf-8-sig")}


def _import(planted, counts_name="dvcqg.csv", counts=None):
    services.import_file(counts or planted["counts"], counts_name, actor=SYSTEM)
    services.import_file(planted["listing"], "ds-ho-so.csv", actor=SYSTEM)


def _differences(report):
    return {(r["unit"], r["day"]): {k: r[k] for k in ("received_diff", "processed_diff", "only_local",
                                                        "only_national", "state_differs")}
            for r in report["rows"] if not r["matches"]}


def test_report_lists_exactly_the_planted_differences(planted):
    _import(planted)
    report = selectors.report(Area("province", "01"), WEEK)
    hk0, hk1 = planted["hk"]
    assert _differences(report) == {
        (BA_DINH, "2025-08-05"): {"received_diff": -1, "processed_diff": 0, "only_local": [], "only_national": [],
                                  "state_differs": []},
        (HOAN_KIEM, "2025-08-04"): {"received_diff": 0, "processed_diff": 0, "only_local": [hk1.code],
                                    "only_national": [FAKE],
                                    "state_differs": [{"code": hk0.code, "local": 1, "national": 4}]},
    }
    ba4 = next(r for r in report["rows"] if (r["unit"], r["day"]) == (BA_DINH, "2025-08-04"))
    assert ba4["matches"] and ba4["local_received"] == 3 and ba4["local_processed"] == 1
    # indicator 1.4 by hand: Ba Đình 4 Aug 3 of 3, 5 Aug 1 of max(1, 2), Hoàn Kiếm 1 matched of 2
    assert report["sync_rate"] == pytest.approx((3 + 1 + 1) / (3 + 2 + 2))
    assert selectors.sync_rate(Area("province", "01"), WEEK) == pytest.approx(5 / 7)
    assert selectors.sync_rate(Area("commune", "01", BA_DINH), WEEK) == pytest.approx(4 / 5)
    assert selectors.sync_rate(Area("province", "79"), WEEK) is None  # nothing imported: not measured


def test_xlsx_export_gives_the_same_report(planted):
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("BaoCao")
    for i, line in enumerate(planted["counts"].decode().strip().split("\n")):
        cells = line.split(",")
        ws.write_row(i, 0, [int(c) if i and j >= 2 else c for j, c in enumerate(cells)])
    wb.close()
    _import(planted, "dvcqg.xlsx", buf.getvalue())
    assert NationalCount.objects.count() == 3
    assert selectors.report(Area("province", "01"), WEEK)["sync_rate"] == pytest.approx(5 / 7)


def test_a_bad_file_is_refused_with_lines_and_reasons_and_nothing_written(planted):
    bad = ("MaDonVi,Ngay,TiepNhan,DaGiaiQuyet\n"
           f"{BA_DINH},2025-08-04,3,1\n"
           "0004,2025-08-04,1,0\n"          # line 3: not a unit code
           f"{BA_DINH},2025-02-30,1,0\n"    # line 4: no such day
           f"{HOAN_KIEM},2025-08-04,-2,0\n"  # line 5: negative
           "\n"
           f"{BA_DINH},2025-08-04,1,1\n"     # line 7: the same unit-day again
           "99999,2025-08-04,1,0\n")         # line 8: unknown commune
    with pytest.raises(core.FileRefused) as exc:
        services.import_file(bad.encode(), "bad.csv", actor=SYSTEM)
    assert [n for n, _r in exc.value.errors] == [3, 4, 5, 7, 8]
    reasons = dict(exc.value.errors)
    assert "MaDonVi" in reasons[3] and "Ngay" in reasons[4] and "TiepNhan" in reasons[5]
    assert "đã có ở dòng trước" in reasons[7] and "99999" in reasons[8]
    assert not NationalImport.objects.exists() and not NationalCount.objects.exists()
    for content, reason in ((b"", "rỗng"), (b"a,b\n1,2\n", "tiêu đề"), (b"\xff\xfe\x00x", "UTF-8"),
                            (b"PK\x03\x04garbage", "XLSX")):
        with pytest.raises(core.FileRefused, match=reason):
            services.import_file(content, "x.csv", actor=SYSTEM)
    listing = f"MaHoSo,MaDonVi,NgayTiepNhan,TrangThai\nA-1,{BA_DINH},2025-08-04,11\n"
    with pytest.raises(core.FileRefused, match="dòng 2: TrangThai"):
        services.import_file(listing.encode(), "ds.csv", actor=SYSTEM)
    assert not NationalImport.objects.exists() and not NationalDossier.objects.exists()


def test_a_later_file_replaces_the_same_unit_day(planted):
    _import(planted)
    services.import_file(f"MaDonVi,Ngay,TiepNhan,DaGiaiQuyet\n{BA_DINH},2025-08-05,1,0\n".encode(), "fix.csv",
                         actor=SYSTEM)
    assert NationalCount.objects.get(commune_code=BA_DINH, day=AUG5).received == 1
    assert (BA_DINH, "2025-08-05") not in _differences(selectors.report(Area("province", "01"), WEEK))


def test_cli_import_report_and_rate(planted, tmp_path, capsys):
    path = tmp_path / "dvcqg.csv"
    path.write_bytes(planted["counts"])
    call_command("reconcile", "import", str(path))
    (tmp_path / "ds.csv").write_bytes(planted["listing"])
    call_command("reconcile", "import", str(tmp_path / "ds.csv"))
    capsys.readouterr()
    call_command("reconcile", "report", "--province", "01", "--from", "2025-08-04", "--to", "2025-08-10",
                 "--format", "json", "--only-differences")
    data = json.loads(capsys.readouterr().out)
    assert {(r["unit"], r["day"]) for r in data["rows"]} == {(BA_DINH, "2025-08-05"), (HOAN_KIEM, "2025-08-04")}
    call_command("reconcile", "report", "--commune", HOAN_KIEM, "--from", "2025-08-04", "--to", "2025-08-10")
    out = capsys.readouterr().out
    assert f"{FAKE}: có trên DVCQG, không có trên localgov" in out and "LỆCH" in out
    call_command("reconcile", "rate", "--province", "01", "--from", "2025-08-04", "--to", "2025-08-10")
    assert capsys.readouterr().out.strip() == "71,43%"
    bad = tmp_path / "bad.csv"
    bad.write_text("MaDonVi,Ngay,TiepNhan,DaGiaiQuyet\n00004,hôm qua,1,0\n")
    with pytest.raises(CommandError, match="không có dòng nào được ghi"):
        call_command("reconcile", "import", str(bad))
    assert "bad.csv:2: Ngay phải là ngày" in capsys.readouterr().err
    with pytest.raises(CommandError, match="Không có xã"):
        call_command("reconcile", "rate", "--commune", "99999", "--from", "2025-08-04", "--to", "2025-08-10")


def _login(client, role, **scope):
    user = create_user(username=f"rc-{role.value}-{scope.get('province') or scope.get('commune') or 'vn'}",
                       password=None)
    grant_role(user=user, role=role, **scope)
    client.force_login(user)
    return client


def test_api_and_page_follow_the_access_policy(planted, client):
    _import(planted)
    q = "date_from=2025-08-04&date_to=2025-08-10"
    c = _login(client, Role.APPROVER, commune=BA_DINH)
    r = c.get(f"/api/v1/reconcile/report?commune={BA_DINH}&{q}")
    assert r.status_code == 200 and {row["unit"] for row in r.json()["rows"]} == {BA_DINH}
    assert c.get(f"/api/v1/reconcile/report?commune={HOAN_KIEM}&{q}").status_code == 403
    assert c.get(f"/api/v1/reconcile/report?province=01&{q}").status_code == 403
    c = _login(client, Role.PROVINCE_OVERSEER, province="79")
    assert c.get(f"/api/v1/reconcile/report?province=01&{q}").status_code == 403
    assert c.get("/giam-sat/doi-soat/?province=01&from=2025-08-04&to=2025-08-10").status_code == 403
    r = c.post("/api/v1/reconcile/imports", {"file": io.BytesIO(planted["counts"])})
    assert r.status_code == 403 and NationalImport.objects.count() == 2
    c = _login(client, Role.PROVINCE_OVERSEER, province="01")
    assert c.get(f"/api/v1/reconcile/sync-rate?province=01&{q}").json() == {"sync_rate": pytest.approx(5 / 7)}
    page = c.get("/giam-sat/doi-soat/?province=01&from=2025-08-04&to=2025-08-10").content.decode()
    assert FAKE in page and planted["hk"][1].code in page and "71,4" in page
    c = _login(client, Role.NATIONAL_OVERSEER)
    bad = io.BytesIO(b"MaDonVi,Ngay,TiepNhan,DaGiaiQuyet\n00004,2025-08-04,x,0\n")
    bad.name = "bad.csv"
    r = c.post("/api/v1/reconcile/imports", {"file": bad})
    assert r.status_code == 422 and "dong_2" in r.json()["fields"] and NationalImport.objects.count() == 2
    good = io.BytesIO(planted["counts"])
    good.name = "dvcqg.csv"
    r = c.post("/api/v1/reconcile/imports", {"file": good})
    assert r.status_code == 201 and r.json()["rows"] == 3
    assert c.get(f"/api/v1/reconcile/report?province=99&{q}").status_code == 404
    assert c.get("/api/v1/reconcile/report?date_from=2025-13-01").status_code == 422


def test_demo_export_is_imported_with_its_gaps(planted):
    from localgov.reconcile.demo import seed_national_export

    assert seed_national_export("01", last_day=date(2025, 8, 10)) == 3
    report = selectors.report(Area("province", "01"), WEEK)
    assert 0 < report["sync_rate"] < 1 and report["totals"]["unit_days_matching"] < report["totals"]["unit_days"]
    assert any(r["only_local"] and r["only_national"] for r in report["rows"])
