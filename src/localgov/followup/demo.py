"""Follow-up demo data for the first quarter of two-tier local government (Jul–Sep 2025) and the
1 October 2025 review — every assumption listed in docs/simulation.md ("Follow-up demo data"):

* guidance documents owed: plausible EXAMPLES (flag `example`), not real documents, for several
  ministries and the fields the Prime Minister named (finance–accounting, land, education) and
  others; due dates in Jul–Sep 2025; about a third issued on time, some issued late, the rest
  outstanding with a stated cause;
* problems raised by communes in every province: about 70 per cent answered (some after the
  response deadline), the rest open, some of those past it; some wait for a guidance document;
* tasks from the Government's 1 Oct 2025 conference, the payment by 15 October among them
  (attached to the payouts deadline), and per-province tasks from Official Dispatch 213/CĐ-TTg;
* surplus premises in every province (a few per province, more in the large ones) with plans at
  every stage.

Deterministic for a seed; idempotent: does nothing when follow-up data exists."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from localgov.followup import rules as r
from localgov.followup.models import Commitment, FollowupEvent, GuidanceDoc, Premise, Problem
from localgov.followup.services import bump_version, config, ensure_ministries, ministry
from localgov.units.models import Commune, Province
from localgov.workcalendar.adapter import get_calendar

#: (ministry, field, title, legal basis, blocked procedures/tasks) — illustrative examples.
DOCS = [
    ("BTC", "finance_accounting", "Hướng dẫn chế độ kế toán ngân sách và tài chính xã sau sắp xếp",
     "Luật Ngân sách nhà nước 2025, Điều 9", "Lập dự toán, quyết toán ngân sách xã; mở tài khoản kho bạc"),
    ("BTC", "finance_accounting", "Hướng dẫn bàn giao, hạch toán tài sản, công nợ của cấp huyện cũ",
     "Nghị quyết 190/2025/QH15, Điều 10", "Bàn giao tài sản, công nợ; quyết toán cấp huyện"),
    ("BTC", "public_assets", "Hướng dẫn xử lý trụ sở, tài sản công dôi dư sau sắp xếp",
     "Luật Quản lý, sử dụng tài sản công (sửa đổi 2024), Điều 4", "Phương án xử lý nhà, đất dôi dư"),
    ("BTC", "finance_accounting", "Hướng dẫn định mức chi thường xuyên cho xã, phường mới",
     "Luật Ngân sách nhà nước 2025, Điều 18", "Giao dự toán chi thường xuyên"),
    ("BNNMT", "land", "Hướng dẫn thủ tục đất đai do cấp xã thực hiện thay cấp huyện",
     "Nghị định 151/2025/NĐ-CP, Điều 5", "Đăng ký biến động đất đai; cấp giấy chứng nhận lần đầu"),
    ("BNNMT", "land", "Hướng dẫn cập nhật bản đồ địa chính theo địa giới xã mới",
     "Luật Đất đai 2024, Điều 131", "Đo đạc, chỉnh lý hồ sơ địa chính"),
    ("BNNMT", "agriculture_environment", "Hướng dẫn phân cấp cấp phép môi trường cho cấp xã",
     "Luật Bảo vệ môi trường 2020, Điều 41", "Giấy phép môi trường cấp xã"),
    ("BGDDT", "education", "Hướng dẫn quản lý trường mầm non, tiểu học, THCS do cấp xã quản lý",
     "Luật Giáo dục 2019 (sửa đổi 2025), Điều 104", "Tuyển dụng, điều động giáo viên; giao biên chế trường học"),
    ("BGDDT", "education", "Hướng dẫn tổ chức phòng văn hóa - xã hội cấp xã quản lý giáo dục",
     "Nghị định 142/2025/NĐ-CP, Điều 11", "Quản lý nhà nước về giáo dục tại xã"),
    ("BNV", "organisation_staff", "Hướng dẫn vị trí việc làm cán bộ, công chức cấp xã",
     "Luật Cán bộ, công chức 2025, Điều 28", "Bố trí, tuyển dụng công chức xã"),
    ("BNV", "organisation_staff", "Hướng dẫn chế độ phụ cấp cho người hoạt động không chuyên trách sau sắp xếp",
     "Nghị quyết 76/2025/UBTVQH15, Điều 14", "Chi trả phụ cấp, bố trí người không chuyên trách"),
    ("BXD", "construction", "Hướng dẫn cấp giấy phép xây dựng nhà ở riêng lẻ tại cấp xã",
     "Luật Xây dựng 2014 (sửa đổi 2020), Điều 103", "Cấp giấy phép xây dựng nhà ở riêng lẻ"),
    ("BTP", "civil_status", "Hướng dẫn chuyển giao sổ hộ tịch của cấp huyện về cấp xã",
     "Luật Hộ tịch 2014, Điều 7", "Cấp bản sao trích lục hộ tịch; ghi chú ly hôn"),
    ("BYT", "health", "Hướng dẫn tổ chức trạm y tế xã sau sắp xếp",
     "Nghị định 148/2025/NĐ-CP, Điều 8", "Khám chữa bệnh ban đầu; tiêm chủng"),
    ("BKHCN", "digital", "Hướng dẫn kết nối hệ thống giải quyết thủ tục hành chính cấp xã",
     "Nghị định 118/2025/NĐ-CP, Điều 29", "Tiếp nhận hồ sơ trực tuyến; đồng bộ Cổng Dịch vụ công quốc gia"),
    ("BVHTTDL", "culture", "Hướng dẫn chuyển đổi trụ sở dôi dư thành nhà văn hóa cộng đồng",
     "Luật Di sản văn hóa 2024, Điều 6", "Chuyển đổi công năng trụ sở"),
]
CAUSES = ["Chờ ý kiến thống nhất của các bộ, ngành liên quan", "Phải chờ nghị định sửa đổi ban hành trước",
          "Nội dung phức tạp, cần lấy ý kiến địa phương", "Thiếu nhân lực soạn thảo sau sắp xếp bộ máy"]
PROBLEM_TITLES = {
    "finance_accounting": "Chưa có hướng dẫn hạch toán kinh phí, tài sản tiếp nhận từ cấp huyện",
    "land": "Vướng thẩm quyền ký giấy chứng nhận quyền sử dụng đất tại xã",
    "education": "Chưa rõ thẩm quyền điều động giáo viên giữa các trường do xã quản lý",
    "organisation_staff": "Thiếu công chức địa chính, kế toán; chưa có hướng dẫn tuyển dụng",
    "construction": "Chưa có mẫu giấy phép xây dựng cấp xã",
    "civil_status": "Sổ hộ tịch cũ chưa được bàn giao, không cấp được bản sao trích lục",
    "digital": "Phần mềm một cửa chưa kết nối được Cổng Dịch vụ công quốc gia",
    "public_assets": "Chưa có hướng dẫn xử lý trụ sở xã cũ bỏ trống",
}
FIELD_MINISTRY = {"finance_accounting": "BTC", "land": "BNNMT", "education": "BGDDT", "organisation_staff": "BNV",
                  "construction": "BXD", "civil_status": "BTP", "digital": "BKHCN", "public_assets": "BTC"}
PREMISE_KINDS = ["Trụ sở UBND xã cũ", "Trụ sở HĐND - UBND huyện cũ", "Nhà văn hóa", "Trụ sở phòng chuyên môn huyện",
                 "Trạm y tế cũ", "Trụ sở Đảng ủy xã cũ"]
MEETING = ("Kết luận của Thủ tướng tại Hội nghị Chính phủ với địa phương đánh giá 3 tháng vận hành "
           "chính quyền địa phương hai cấp", "KL-01/10/2025", date(2025, 10, 1))


def _working(d: date) -> date:
    return get_calendar().next_working_day(d, include=True)


def _events(kind: str, rows: list[Any], status_of: Callable[[Any], str], now: datetime) -> list[FollowupEvent]:
    return [FollowupEvent(kind=kind, object_id=o.pk, at=now, by_label="dữ liệu mẫu (make demo)", action="seed",
                          to_status=status_of(o), note="Dữ liệu trình diễn") for o in rows]


@transaction.atomic
def seed_followup(seed: int = 7, *, premises_per_province: int = 12, problems: int = 400) -> dict[str, int]:
    """Create the demo's follow-up records (nothing if some exist). Returns the counts."""
    if GuidanceDoc.objects.exists() or Premise.objects.exists():
        return {}
    ensure_ministries()
    rng = random.Random(seed)
    now = timezone.now()
    cal = get_calendar()
    days = int(config()["problem_response_working_days"])

    docs = []
    for i, (code, field, title, basis, blocked) in enumerate(DOCS * 2):
        second = i >= len(DOCS)
        due = date(2025, 7, 15) + timedelta(days=rng.randrange(0, 70))
        d = GuidanceDoc(title=title + (" (phần 2)" if second else ""), legal_basis=basis, ministry=ministry(code),
                        responsible_unit="Vụ Pháp chế", responsible_person=f"Chuyên viên {i + 1:02d}", field_code=field,
                        blocked=blocked, due_date=due, example=True)
        roll = rng.random()
        if roll < 0.35:
            d.status, d.issued_date = r.DocStatus.ISSUED, due - timedelta(days=rng.randrange(0, 10))
        elif roll < 0.55:
            d.status, d.issued_date = r.DocStatus.ISSUED, due + timedelta(days=rng.randrange(5, 40))
            d.late_cause = rng.choice(CAUSES)
        else:
            d.status = rng.choice([r.DocStatus.DRAFTING, r.DocStatus.CONSULTING, r.DocStatus.SUBMITTED,
                                   r.DocStatus.NOT_STARTED])
            d.late_cause = rng.choice(CAUSES)
            d.committed_date = due + timedelta(days=rng.randrange(30, 120))
        if d.status == r.DocStatus.ISSUED:
            d.issued_number = f"{rng.randrange(10, 99)}/2025/TT-{code} (ví dụ)"
        docs.append(d)
    GuidanceDoc.objects.bulk_create(docs)
    docs = list(GuidanceDoc.objects.order_by("pk"))
    open_docs = [d for d in docs if d.status != r.DocStatus.ISSUED]

    communes = list(Commune.objects.values_list("code", "province_id", "name"))
    rows = []
    for _ in range(problems):
        code, province, _name = rng.choice(communes)
        field = rng.choice(list(PROBLEM_TITLES))
        raised = _working(date(2025, 7, 1) + timedelta(days=rng.randrange(0, 88)))
        due = r.response_due(raised, days, cal)
        p = Problem(title=PROBLEM_TITLES[field], content="Địa phương đề nghị bộ, ngành hướng dẫn cụ thể.",
                    field_code=field, province_code=province, commune_code=code,
                    routed_to=ministry(FIELD_MINISTRY[field]), raised_on=raised, response_due=due)
        roll = rng.random()
        if roll < 0.7:
            p.answered_on = min(raised + timedelta(days=rng.randrange(2, 25)), date(2025, 9, 30))
            p.answer = "Bộ đã có văn bản hướng dẫn; đề nghị địa phương thực hiện."
            p.status = r.ProblemStatus.CLOSED if rng.random() < 0.6 else r.ProblemStatus.ANSWERED
            p.closed_on = p.answered_on if p.status == r.ProblemStatus.CLOSED else None
        elif roll < 0.85:
            p.status = r.ProblemStatus.ACKNOWLEDGED
        matching = [d for d in open_docs if d.field_code == field]
        if matching and p.status != r.ProblemStatus.CLOSED and rng.random() < 0.5:
            p.waiting_for = rng.choice(matching)
        rows.append(p)
    Problem.objects.bulk_create(rows, batch_size=500)

    tasks = [
        Commitment(title="Chi trả đầy đủ chế độ cho người nghỉ việc có quyết định trước 31/8/2025",
                   source=MEETING[0], source_number="19/CV-BCĐ", source_date=date(2025, 9, 29),
                   responsible_agency=ministry("BNV"), coordinating="Bộ Tài chính; UBND các tỉnh, thành phố",
                   deadline=date(2025, 10, 15), payment_deadline="payouts.payment_before", progress_pct=100,
                   done_on=date(2025, 10, 14), progress_note="146.782/146.846 người đã nhận đủ (99,96%)."),
    ]
    for i, (code, _f, title, _b, _bl) in enumerate(DOCS[:8]):
        doc = docs[i]
        done = doc.issued_date if doc.status == r.DocStatus.ISSUED and doc.issued_date and \
            doc.issued_date >= MEETING[2] else None
        tasks.append(Commitment(title=f"Ban hành: {title}", source=MEETING[0], source_number=MEETING[1],
                                source_date=MEETING[2], responsible_agency=ministry(code),
                                coordinating="Văn phòng Chính phủ",
                                deadline=date(2025, 10, 31) + timedelta(days=15 * i),
                                guidance=doc, progress_pct=100 if done else rng.choice([20, 40, 60, 80]), done_on=done))
    for province in Province.objects.order_by("code"):
        late = rng.random()
        tasks.append(Commitment(
            title="Hoàn thành phương án sắp xếp, xử lý nhà, đất dôi dư sau sắp xếp",
            source="Công điện của Thủ tướng về đẩy nhanh xử lý nhà, đất sau sắp xếp", source_number="213/CĐ-TTg",
            source_date=date(2025, 11, 11), province_code=province.code, coordinating="Sở Tài chính",
            deadline=date(2025, 12, 31), progress_pct=100 if late < 0.4 else rng.choice([30, 50, 70]),
            done_on=(date(2025, 12, 20) if late < 0.3 else date(2026, 1, 20)) if late < 0.4 else None))
    Commitment.objects.bulk_create(tasks)

    premises = []
    for province in Province.objects.order_by("code"):
        local = [c for c in communes if c[1] == province.code]
        for _ in range(premises_per_province + rng.randrange(0, premises_per_province)):
            code, _p, name = rng.choice(local)
            kind = rng.choice(PREMISE_KINDS)
            status = rng.choices(list(r.PremiseStatus), weights=[25, 20, 20, 15, 20])[0]
            use = "" if status == r.PremiseStatus.IDLE else rng.choices(
                [u.value for u in r.PremiseUse], weights=[15, 25, 30, 15, 10, 5])[0]
            p = Premise(name=f"{kind} ({name})", former_unit=kind, province_code=province.code,
                        address=f"{name}, {province.name}", commune_code=code,
                        land_area_m2=Decimal(rng.randrange(300, 8000)),
                        floor_area_m2=Decimal(rng.randrange(100, 3000)), kind=" ".join(kind.split(" ")[:2]),
                        state="Bỏ trống" if status == "idle" else "",
                        status=status, planned_use=use, deadline=date(2025, 12, 31))
            if use == r.PremiseUse.ECONOMIC:
                p.lower_use_reason = "Vị trí không phù hợp quy hoạch y tế, giáo dục; địa phương đã đủ nhà văn hóa."
            if status in (r.PremiseStatus.APPROVED, r.PremiseStatus.IN_PROGRESS, r.PremiseStatus.DONE):
                p.decision_number = f"{rng.randrange(100, 999)}/QĐ-UBND"
                p.decision_date = date(2025, 9, 1) + timedelta(days=rng.randrange(0, 60))
            if status == r.PremiseStatus.DONE:
                p.done_on = date(2025, 10, 1) + timedelta(days=rng.randrange(0, 80))
            premises.append(p)
    Premise.objects.bulk_create(premises, batch_size=500)

    events: list[FollowupEvent] = []
    events += _events("guidance_doc", docs, lambda o: o.status, now)
    events += _events("problem", list(Problem.objects.all()), lambda o: o.status, now)
    events += _events("commitment", list(Commitment.objects.all()), lambda o: "", now)
    events += _events("premise", list(Premise.objects.all()), lambda o: o.status, now)
    FollowupEvent.objects.bulk_create(events, batch_size=1000)
    bump_version()
    return {"guidance_doc": len(docs), "problem": len(rows), "commitment": len(tasks), "premise": len(premises)}
