"""The demo's follow-up data, and the follow-up section of the oversight briefing in every
format — the PDF read back with pdftotext — and of the oversight dashboard."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from localgov.access.policy import SYSTEM
from localgov.followup import selectors
from localgov.followup.demo import seed_followup
from localgov.followup.models import Commitment, GuidanceDoc, Premise, Problem
from localgov.oversight import briefing

DAY = date(2025, 10, 16)


@pytest.fixture
def demo(db):
    counts = seed_followup(7, premises_per_province=2, problems=60)
    assert counts["premise"] >= 34 * 2 and counts["problem"] == 60
    return counts


def test_the_demo_is_realistic(demo):
    s = selectors.summary(actor=SYSTEM, today=DAY)
    assert GuidanceDoc.objects.filter(example=True).count() == GuidanceDoc.objects.count() > 10
    assert s.docs["overdue_count"] > 0 and {c["code"] for c in s.docs["classes"] if c["count"]} >= {
        "done_on_time", "done_late", "overdue"}
    assert s.problems["answered"] > s.problems["open"] > 0
    assert set(Premise.objects.values_list("province_code", flat=True).distinct()) == set(
        selectors.province_names())
    pay = Commitment.objects.get(payment_deadline="payouts.payment_before")
    assert pay.deadline == date(2025, 10, 15) and selectors.commitment_class(pay, DAY).value == "done_on_time"
    assert seed_followup(7) == {}  # idempotent
    assert Problem.objects.count() == 60


def test_the_briefing_has_the_follow_up_figures_in_every_format(demo):
    s = selectors.summary(actor=SYSTEM, today=DAY)
    data = briefing.build(date(2025, 7, 1), DAY)
    section = next(p for p in data["pending"] if p["code"] == "followup")
    assert section["available"], section
    overdue = f"còn {s.docs['overdue_count']} văn bản quá hạn chưa ban hành"
    idle = f"còn {s.premises['idle']} cơ sở chưa có phương án"
    assert any(overdue in line for line in section["lines"]) and any(idle in line for line in section["lines"])
    rendered = json.loads(briefing.render(data, "json")[0])["pending"]
    assert overdue in next(p for p in rendered if p["code"] == "followup")["lines"][0]
    assert overdue in briefing.render(data, "html")[0].decode()
    wb = load_workbook(io.BytesIO(briefing.render(data, "xlsx")[0]))
    cells = [c.value for row in wb["Nhân sự, chế độ, chỉ đạo"].iter_rows() for c in row]
    assert any(overdue in str(v) for v in cells)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    pdf = briefing.render(data, "pdf")[0]
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    flat = " ".join(text.split())
    assert "Văn bản hướng dẫn:" in flat and f"{s.docs['overdue_count']} văn bản quá hạn" in flat
    assert f"{s.premises['idle']} cơ sở chưa có phương án" in flat


def test_the_oversight_dashboard_shows_the_follow_up_section(demo, people):
    from django.core.cache import cache

    cache.clear()
    c = Client()
    c.force_login(people.users["national"])
    page = c.get("/giam-sat/").content.decode()
    assert "Văn bản hướng dẫn, nhiệm vụ, cam kết còn tồn đọng" in page and "Văn bản hướng dẫn:" in page
    home = c.get("/theo-doi/", {"ngay": DAY.isoformat()}).content.decode()
    s = selectors.summary(actor=SYSTEM, today=DAY)
    assert f"<strong>{s.docs['overdue_count']}</strong> quá hạn" in home
