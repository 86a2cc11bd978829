"""Every file and export, downloaded as a province and as a national overseer, carries no full
citizen ID number, phone or address (read back: PDF with pdftotext, XLSX with openpyxl, CSV,
JSON and HTML as text), and leaves them no trace to collect; the same files downloaded by the
officers in charge and the applicant show the data in full and are each in the access log.
The list of downloads is checked against the URL patterns and the API: a new route that
returns a file fails here until it is added."""

from __future__ import annotations

import inspect
import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook
from tests.dossiers.conftest import vn
from tests.office.conftest import BA_DINH, PDF, actor_of

from localgov.access.audit import PURPOSE_OWN, access_records
from localgov.access.models import PersonalDataAccess
from localgov.access.policy import SYSTEM
from localgov.access.roles import Role
from localgov.dossiers import services
from localgov.dossiers.models import DossierDocument
from localgov.dossiers.validation import Upload

pytestmark = pytest.mark.django_db
ID, PHONE, ADDRESS = "001090012345", "0912345678", "12 Phố Huế"  # the applicant of tests.dossiers.conftest
MASKED_ID, MASKED_PHONE = "001******345", "091****678"
OFFICIAL_ID = "001090000999"
SECRETS = (ID, PHONE, ADDRESS, OFFICIAL_ID)

#: Every route that returns a file (by URL name; the API's by "api:" + operation).
FILE_ROUTES = frozenset({
    "office:letter", "office:document", "portal:receipt_pdf", "portal:result_pdf", "portal:document",
    "oversight:export", "oversight:report", "workforce:export", "workforce:template", "workforce:capacity",
    "workforce:plan", "payouts:statement", "followup:export", "followup:template",
})
#: What in a view's source says it returns a file.
FILE_MARKERS = ("Content-Disposition", "FileResponse", "StreamingHttpResponse", "render_pdf(", "document_response(",
                "content_type=")
#: Routes outside the apps' pages (Django's own, or a JSON API checked by its schema below).
NOT_PAGES = ("admin:", "api:", "set_language", "health")


def readable(response: Any, tmp_path: Any) -> str:
    """The response as text a person would read: PDF and XLSX read back, the rest decoded."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if content.startswith(b"%PDF"):
        if not shutil.which("pdftotext"):
            pytest.skip("pdftotext (poppler-utils) not installed")
        path = tmp_path / "read.pdf"
        path.write_bytes(content)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert text.strip(), "the PDF has no text layer to check"
        return text
    if "spreadsheetml" in kind:
        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(" ".join("" if v is None else str(v) for v in row)
                         for ws in book.worksheets for row in ws.iter_rows(values_only=True))
    text = content.decode("utf-8", errors="replace")
    if "json" in kind:
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


@pytest.fixture
def world_files(file_online, unit, officer):
    """Dossiers with every letter issued, an uploaded scan and an electronic result; an official
    with an ID number; a rebalancing plan; a payout case."""
    from tests.payouts.payouts_helpers import record
    from tests.workforce.test_workforce_import_export import row, sheet_bytes
    from weasyprint import HTML

    from localgov.payouts import services as payouts
    from localgov.workforce import services as workforce
    from localgov.workforce import spreadsheets

    u = unit(BA_DINH)
    counter, specialist, approver = (actor_of(u[k][1]) for k in ("counter", "specialist", "approver"))
    scan = HTML(string=f"<p>CĂN CƯỚC — Số định danh cá nhân: {ID}</p>").write_pdf()  # what a scan shows
    one = file_online("1.004873", documents=[Upload("d1", "Tờ khai.pdf", scan, "application/pdf"),
                                             Upload("d2", "Căn cước.pdf", PDF, "application/pdf")])
    d1 = services.request_supplement(dossier_id=one.dossier.pk, version=1, actor=specialist,
                                     missing=["Bản sao giấy khai sinh"])
    d1 = services.stop(dossier_id=d1.pk, version=d1.version, actor=counter, reason="Quá hạn bổ sung")
    two = file_online("1.004873")
    services.refuse(dossier_id=two.dossier.pk, version=1, actor=counter, reason="Không thuộc thẩm quyền")
    three = file_online("1.004873", at=vn(2025, 8, 4, 9, 0))
    d3 = services.accept(dossier_id=three.dossier.pk, version=1, actor=counter, now=vn(2025, 8, 4, 9, 0))
    d3 = services.assign(dossier_id=d3.pk, version=d3.version, actor=counter, now=vn(2025, 8, 4, 10, 0))
    d3 = services.extend(dossier_id=d3.pk, version=d3.version, actor=approver, reason="Cần xác minh",
                         new_due=vn(2025, 8, 12, 16, 0), now=vn(2025, 8, 5, 9, 0))
    services.decide(dossier_id=d3.pk, version=d3.version, actor=approver, result_summary="Cấp bản sao",
                    electronic=True, now=vn(2025, 8, 6, 9, 0))
    assert not spreadsheets.import_staff(sheet_bytes([row("CB-PII", citizen_id=OFFICIAL_ID)]), actor=SYSTEM).errors
    plan = workforce.propose_plan(province_code="01", actor=SYSTEM)
    case = payouts.create_case(actor=SYSTEM, data=record(official_ref="PII-1"))
    doc = DossierDocument.objects.get(dossier=one.dossier, doc_code="d1")
    return {"u": u, "one": one, "two": two, "three": three, "doc": doc, "plan": plan, "case": case}


FOLLOWUP_SLUGS = ("van-ban", "kien-nghi", "nhiem-vu", "tru-so")


def downloads(w: dict[str, Any]) -> list[tuple[str, str]]:
    """(route name, URL) for every file and export the application serves."""
    c1, c2, c3 = w["one"].dossier.code, w["two"].dossier.code, w["three"].dossier.code
    doc = w["doc"]
    return [
        *[("office:letter", f"/can-bo/ho-so/{c1}/mau/{n}.pdf") for n in ("01", "02", "05")],
        ("office:letter", f"/can-bo/ho-so/{c2}/mau/03.pdf"),
        ("office:letter", f"/can-bo/ho-so/{c3}/mau/04.pdf"),
        ("office:document", f"/can-bo/ho-so/{c1}/giay-to/{doc.pk}/"),
        ("office:document", f"/can-bo/ho-so/{c1}/giay-to/{doc.pk}/?tai-ve=1"),
        ("portal:receipt_pdf", f"/ho-so/{c1}/bien-nhan.pdf"),
        ("portal:result_pdf", f"/ho-so/{c3}/ket-qua.pdf"),
        ("portal:document", f"/ho-so/{c1}/giay-to/{doc.pk}/"),
        *[("oversight:export", f"/giam-sat/xuat/?province=01&table={t}&format={f}")
          for t in ("commune", "procedure") for f in ("csv", "xlsx")],
        ("oversight:export", "/giam-sat/xuat/?format=csv"),
        *[("oversight:report", f"/giam-sat/bao-cao/?province=01&format={f}") for f in ("pdf", "xlsx", "json", "html")],
        ("workforce:export", "/nhan-su/danh-sach.xlsx?tinh=01"),
        ("workforce:export", f"/nhan-su/danh-sach.xlsx?xa={BA_DINH}"),
        ("workforce:template", "/nhan-su/mau-danh-sach-can-bo.xlsx"),
        *[("workforce:capacity", f"/nhan-su/nang-luc/?tinh=01&tai={f}") for f in ("csv", "xlsx")],
        ("workforce:plan", f"/nhan-su/phuong-an/{w['plan'].pk}/?xlsx=1"),
        ("payouts:statement", f"/chinh-sach-178/ho-so/{w['case'].pk}/thong-bao.pdf"),
        *[("followup:export", f"/theo-doi/{slug}/xuat.xlsx") for slug in FOLLOWUP_SLUGS],
        *[("followup:template", f"/theo-doi/{slug}/mau.xlsx") for slug in FOLLOWUP_SLUGS],
    ]


@pytest.mark.parametrize(("role", "scope"), [(Role.PROVINCE_OVERSEER, {"province": "01"}),
                                             (Role.NATIONAL_OVERSEER, {})])
def test_overseers_download_everything_and_see_no_personal_data(world_files, officer, role, scope, tmp_path):
    client, user = officer(role, **scope)
    statuses: dict[str, int] = {}
    for name, url in downloads(world_files):
        response = client.get(url)
        statuses[url] = response.status_code
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        text = readable(response, tmp_path)
        for secret in SECRETS:
            assert secret not in text, f"{url} shows {secret} to a {role.value}"
        if name == "office:letter" and url.endswith("/01.pdf"):
            assert MASKED_ID in text and MASKED_PHONE in text  # what the pages show them
    w = world_files
    c1 = w["one"].dossier.code
    # what they do get: the letters, the aggregates, the staff lists (masked), the statement
    nation_wide = {"/giam-sat/xuat/?format=csv"}  # the national table: national overseers only
    refused = {u: s for n, u in downloads(w) if n in (
        "office:letter", "oversight:export", "oversight:report", "workforce:export", "workforce:template",
        "workforce:capacity", "workforce:plan", "payouts:statement") and (s := statuses[u]) != 200}
    assert refused == ({u: 403 for u in nation_wide} if role is Role.PROVINCE_OVERSEER else {})
    assert statuses[f"/can-bo/ho-so/{c1}/giay-to/{w['doc'].pk}/"] == 403  # a scan cannot be masked
    assert statuses[f"/ho-so/{c1}/bien-nhan.pdf"] == 302  # the portal needs the receipt's secret
    assert not PersonalDataAccess.objects.filter(user=user).exists()  # nothing shown in full: nothing to record
    book = load_workbook(io.BytesIO(client.get("/nhan-su/danh-sach.xlsx?tinh=01").content), read_only=True)
    assert any(r[0] == "CB-PII" and r[2] == "001******999" for r in book.worksheets[0].iter_rows(values_only=True))


def test_officers_in_charge_get_the_data_in_full_and_each_download_is_logged(world_files, tmp_path):
    w = world_files
    c1, c3 = w["one"].dossier.code, w["three"].dossier.code
    client, user = w["u"]["counter"]
    expected: list[tuple[str, str, list[str]]] = []
    for url, purpose, fields, shown in (
        (f"/can-bo/ho-so/{c1}/mau/01.pdf", "in Mẫu 01", ["id_number", "phone", "address"], (ID, PHONE, ADDRESS)),
        (f"/can-bo/ho-so/{c1}/mau/02.pdf", "in Mẫu 02", ["address"], (ADDRESS,)),
        (f"/can-bo/ho-so/{c1}/mau/05.pdf", "in Mẫu 05", ["address"], (ADDRESS,)),
        (f"/can-bo/ho-so/{c3}/mau/04.pdf", "in Mẫu 04", ["address"], (ADDRESS,)),
        (f"/can-bo/ho-so/{c1}/giay-to/{w['doc'].pk}/", "mở giấy tờ", ["document:d1"], (ID,)),
        (f"/can-bo/ho-so/{c1}/giay-to/{w['doc'].pk}/?tai-ve=1", "tải giấy tờ", ["document:d1"], (ID,)),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = readable(response, tmp_path)
        assert all(s in text for s in shown), url
        expected.append((url.split("/")[3], purpose, fields))
    rows = PersonalDataAccess.objects.filter(user=user).order_by("pk")
    assert [(r.dossier_code, r.purpose, r.fields) for r in rows] == expected
    assert all(r.channel == "web" and "counter_officer" in r.roles for r in rows)
    assert [r["why"] for r in access_records(c3)] == ["in Mẫu 04"]  # `localgov audit access --dossier`


def test_the_applicant_gets_their_receipt_in_full_and_it_is_logged(world_files, tmp_path):
    w = world_files
    c1, c3 = w["one"].dossier.code, w["three"].dossier.code
    client = Client()
    session = client.session
    session["portal_access"] = {c1: w["one"].secret, c3: w["three"].secret}
    session.save()
    text = readable(client.get(f"/ho-so/{c1}/bien-nhan.pdf"), tmp_path)
    assert ID in text and PHONE in text
    assert [(r["why"], r["channel"]) for r in access_records(c1)] == [(f"{PURPOSE_OWN} (giấy tiếp nhận)", "web")]
    result = client.get(f"/ho-so/{c3}/ket-qua.pdf")
    assert result.status_code == 200 and ID not in readable(result, tmp_path)


# --- the list above is complete -----------------------------------------------------------

def _patterns(resolvers: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, str, Callable]]:
    found = []
    for p in resolvers:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            found += _patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace else (p.name or "")
            found.append((name, prefix + str(p.pattern), p.callback))
    return found


def _source(callback: Callable) -> str:
    target = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    try:
        return inspect.getsource(target)
    except (OSError, TypeError):
        return ""


def test_every_route_that_returns_a_file_is_downloaded_above():
    routes = [(n, r, cb) for n, r, cb in _patterns(get_resolver().url_patterns) if not n.startswith(NOT_PAGES)]
    assert len(routes) > 30
    returning_files = {n for n, route, cb in routes
                       if re.search(r"\.(pdf|xlsx|csv|json|zip|docx)\$?$", route)
                       or any(m in _source(cb) for m in FILE_MARKERS)}
    missing = returning_files - FILE_ROUTES
    assert not missing, f"routes returning files not covered by downloads(): {sorted(missing)}"
    assert returning_files == FILE_ROUTES, f"not a file route (any more?): {sorted(FILE_ROUTES - returning_files)}"
    names_downloaded = {n for n, _u in downloads({"one": _Code(), "two": _Code(), "three": _Code(),
                                                  "doc": _Code(), "plan": _Code(), "case": _Code()})}
    assert names_downloaded == FILE_ROUTES


def test_the_api_returns_no_file():
    """Every API operation answers JSON (the dossier's personal data there: tests/access)."""
    from localgov.api.api import api

    operations = [op for _prefix, router in api._routers for view in router.path_operations.values()
                  for op in view.operations]
    assert len(operations) > 10
    markers = ("HttpResponse(", "FileResponse", "StreamingHttpResponse", "Content-Disposition", "render_pdf(")
    # The one exception: the oversight briefing (/api/v1/oversight/briefing), aggregate figures
    # with no personal data, served in the formats of the page's briefing (docs/oversight.md).
    assert [op.view_func.__name__ for op in operations if any(m in _source(op.view_func) for m in markers)] == [
        "briefing_doc"]
    schema = api.get_openapi_schema()
    types = {t for url, path in schema["paths"].items() if "/oversight/briefing" not in url
             for op in path.values() for r in op.get("responses", {}).values() for t in r.get("content", {})}
    assert types == {"application/json"}


class _Code:
    code = pk = "X"

    @property
    def dossier(self) -> _Code:
        return self
