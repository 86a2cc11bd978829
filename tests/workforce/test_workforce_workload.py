"""Workload from dossier events: steps per commune × field per working day, weighted by the
procedure's complexity (total allotted step hours ÷ the catalogue mean)."""

from __future__ import annotations

import math
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from localgov.access.policy import SYSTEM, Actor
from localgov.dossiers import services as dossier_services
from localgov.dossiers.submission import Applicant, SubmitInput, submit
from localgov.dossiers.validation import Upload
from localgov.dossiers.workflow import Channel, ReturnMethod
from localgov.workforce import workload
from localgov.workforce.balance import Status

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BA_DINH = "00004"


@pytest.fixture
def catalog(units):
    from localgov.catalog.services import load_catalog

    load_catalog()


def file_and_process(code: str, at: datetime) -> None:
    from localgov.catalog.models import Procedure

    proc = Procedure.objects.get(code=code)
    docs = [Upload(doc_code=d["code"], name=f"{d['code']}.pdf", content=PDF, content_type="application/pdf")
            for d in proc.documents if d.get("required")]
    data = SubmitInput(procedure_code=code, channel=Channel.ONLINE, competent_commune_code=BA_DINH,
                       applicant=Applicant(name="Nguyễn Văn An", id_number="001090012345", phone="0912345678",
                                           address="12 Phố Huế, Hà Nội"),
                       documents=docs, return_method=ReturnMethod.ONLINE)
    d = submit(data, actor=Actor(user_id=None, username=""), now=at).dossier
    d = dossier_services.accept(dossier_id=d.pk, version=d.version, actor=SYSTEM, now=at.replace(hour=10))
    d = dossier_services.assign(dossier_id=d.pk, version=d.version, actor=SYSTEM, now=at.replace(hour=11))
    dossier_services.decide(dossier_id=d.pk, version=d.version, actor=SYSTEM, result_summary="Đã cấp",
                            now=at.replace(hour=14))


def test_weighted_steps_from_events(catalog) -> None:
    from localgov.catalog.models import Procedure

    code = "1.001193"
    proc = Procedure.objects.get(code=code)
    assert proc.field_id == "civil_status"
    file_and_process(code, datetime(2025, 8, 4, 9, 0, tzinfo=VN))
    file_and_process(code, datetime(2025, 8, 5, 9, 0, tzinfo=VN))
    weight = workload.procedure_weights()[proc.pk][1]
    hours = [float(sum(s.allotment_hours for s in p.steps.all())) for p in Procedure.objects.filter(active=True)]
    positive = [h for h in hours if h > 0]
    expected_weight = float(sum(s.allotment_hours for s in proc.steps.all())) / (sum(positive) / len(positive))
    assert weight == pytest.approx(expected_weight)
    steps = workload.weighted_steps(date(2025, 8, 1), date(2025, 8, 31))
    # per dossier: assign + decide are processing steps (accept is reception, online → no commune)
    assert steps[(BA_DINH, "civil_status")] == pytest.approx(2 * 2 * weight)
    assert workload.weighted_steps(date(2025, 9, 1), date(2025, 9, 30)) == {}
    assert workload.working_days(date(2025, 8, 1), date(2025, 8, 31)) == 21


def test_balance_uses_the_measured_load(catalog) -> None:
    from localgov.workforce import selectors

    for day in range(4, 9):
        file_and_process("1.001193", datetime(2025, 8, day, 9, 0, tzinfo=VN))
    view = selectors.balance(date(2025, 8, 11), commune_code=BA_DINH, province_code="01", workload_days=10)
    row = next(r for r in view.rows if r.field == "civil_status")
    # nobody on staff and work being done: overloaded is not possible with a norm (shortage wins)
    assert row.staff == 0 and row.load == math.inf
    assert row.status is Status.SHORTAGE and row.needed >= row.norm
    assert view.measured_from == date(2025, 8, 1) and view.measured_to == date(2025, 8, 10)
