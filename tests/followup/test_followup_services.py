"""The services: every record created and changed with its history; bad fields refused with a
Vietnamese message per field and nothing written; deadlines from the working-day calendar."""

from __future__ import annotations

from datetime import date

import pytest
from tests.followup.conftest import BA_DINH, HANOI, commitment_data, doc_data, premise_data, problem_data

from localgov.access.policy import SYSTEM
from localgov.core.errors import ValidationFailed
from localgov.followup import selectors, services
from localgov.followup.models import Commitment, FollowupEvent, GuidanceDoc, Premise, Problem


def test_a_document_goes_through_its_statuses_with_history(people):
    doc = services.create_doc(actor=people.btc, data=doc_data())
    assert doc.ministry.name == "Bộ Tài chính" and doc.status == "not_started"
    services.update_doc(actor=people.btc, pk=doc.pk, data={"status": "drafting", "responsible_person": "Vụ NSNN"})
    services.update_doc(actor=people.btc, pk=doc.pk, data={"late_cause": "Chờ ý kiến các bộ"})
    with pytest.raises(ValidationFailed) as exc:
        services.update_doc(actor=people.btc, pk=doc.pk, data={"status": "issued"})
    assert "issued_number" in exc.value.fields
    doc = services.update_doc(actor=people.btc, pk=doc.pk, data={
        "status": "issued", "issued_number": "70/2025/TT-BTC", "issued_date": "2025-09-20",
        "issued_link": "https://vbpl.vn/70-2025-tt-btc"})
    with pytest.raises(ValidationFailed):
        services.update_doc(actor=people.btc, pk=doc.pk, data={"status": "drafting"})
    history = list(selectors.history("guidance_doc", doc.pk).values_list("action", "from_status", "to_status"))
    assert history == [("create", "", "not_started"), ("status", "not_started", "drafting"),
                       ("update", "drafting", "drafting"), ("status", "drafting", "issued")]
    # issued on 20 Sep after a 15 Aug due date: done late
    assert selectors.doc_class(doc, date(2025, 10, 1)).value == "done_late"


def test_bad_fields_are_refused_each_with_its_reason_and_nothing_written(people):
    before = GuidanceDoc.objects.count(), FollowupEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.create_doc(actor=people.btc, data=doc_data(ministry="BXX", field_code="astrology",
                                                            due_date="31/02/2025", issued_link="ftp://x",
                                                            extra="?", title=""))
    assert set(exc.value.fields) == {"ministry", "field_code", "due_date", "issued_link", "extra", "title"}
    assert all(m and isinstance(m[0], str) for m in exc.value.fields.values())
    assert (GuidanceDoc.objects.count(), FollowupEvent.objects.count()) == before


def test_a_problem_gets_a_working_day_deadline_and_is_answered_closed_reopened(people):
    # raised Fri 29 Aug 2025: National Day holiday → 10 working days end Tue 16 Sep
    p = services.raise_problem(actor=people.badinh, data=problem_data(raised_on="29/08/2025"))
    assert p.response_due == date(2025, 9, 16)
    assert selectors.problem_class(p, date(2025, 9, 16)).value == "in_progress"
    assert selectors.problem_class(p, date(2025, 9, 17)).value == "overdue"
    services.act_problem(actor=people.btc, pk=p.pk, action="acknowledge", on=date(2025, 9, 2))
    p = services.act_problem(actor=people.btc, pk=p.pk, action="answer", answer="Hạch toán theo TT 70.",
                             on=date(2025, 9, 17))
    assert selectors.problem_class(p, date(2025, 10, 1)).value == "done_late"
    p = services.act_problem(actor=people.badinh, pk=p.pk, action="reopen", on=date(2025, 9, 19))
    assert p.status == "reopened" and p.reopen_count == 1 and p.response_due > date(2025, 9, 19)
    with pytest.raises(ValidationFailed):
        services.act_problem(actor=people.badinh, pk=p.pk, action="close")  # not answered yet
    services.act_problem(actor=people.btc, pk=p.pk, action="answer", answer="Bổ sung.", on=date(2025, 9, 22))
    p = services.act_problem(actor=people.badinh, pk=p.pk, action="close", on=date(2025, 9, 23))
    assert p.status == "closed"
    assert [e.action for e in selectors.history("problem", p.pk)] == [
        "raise", "acknowledge", "answer", "reopen", "answer", "close"]


def test_a_problem_waiting_for_a_document_marks_the_locality_as_waiting(people):
    doc = services.create_doc(actor=people.btc, data=doc_data())
    services.raise_problem(actor=people.badinh, data=problem_data(waiting_for=doc.pk))
    services.raise_problem(actor=people.saigon, data=problem_data(province_code="79", commune_code="26740",
                                                                  waiting_for=doc.pk))
    assert selectors.waiting_units(doc) == {"provinces": ["01", "79"], "communes": [BA_DINH, "26740"]}


def test_commitments_fall_in_the_four_classes(people):
    c = services.create_commitment(actor=people.gov, data=commitment_data())
    assert selectors.commitment_class(c, date(2025, 10, 15)).value == "in_progress"
    assert selectors.commitment_class(c, date(2025, 10, 16)).value == "overdue"
    # the 15 Oct payout deadline attached to the commitment
    assert c.payment_deadline == "payouts.payment_before"
    c = services.report_progress(actor=SYSTEM, pk=c.pk, percent=60, note="Đã chi 60%")
    assert c.progress_pct == 60 and c.done_on is None
    c = services.report_progress(actor=SYSTEM, pk=c.pk, percent=100, done_on="2025-10-14")
    assert selectors.commitment_class(c, date(2025, 12, 1)).value == "done_on_time"
    with pytest.raises(ValidationFailed):
        services.create_commitment(actor=people.gov, data=commitment_data(province_code=HANOI))  # two owners
    with pytest.raises(ValidationFailed) as exc:
        services.report_progress(actor=SYSTEM, pk=c.pk, percent=140)
    assert "percent" in exc.value.fields


def test_premises_follow_the_priority_and_count_as_community_use(people):
    p = services.create_premise(actor=people.badinh, data=premise_data())
    assert p.status == "idle"
    with pytest.raises(ValidationFailed) as exc:
        services.update_premise(actor=people.badinh, pk=p.pk, data={"status": "planned", "planned_use": "economic"})
    assert "planned_use" in exc.value.fields
    services.update_premise(actor=people.badinh, pk=p.pk, data={
        "status": "approved", "planned_use": "culture_sport", "decision_number": "125/QĐ-UBND",
        "decision_date": "2025-09-10", "deadline": "2025-12-31"})
    p = services.update_premise(actor=people.badinh, pk=p.pk, data={"status": "done", "done_on": "2025-11-20"})
    s = selectors.summary(actor=people.national, today=date(2025, 12, 1))
    assert (s.premises["total"], s.premises["handled"], s.premises["community"], s.premises["idle"]) == (1, 1, 1, 0)
    assert [e.to_status for e in selectors.history("premise", p.pk)] == ["idle", "approved", "done"]
    assert Premise.objects.count() == 1 and Problem.objects.count() == 0 and Commitment.objects.count() == 1 - 1


def test_the_cached_summary_follows_every_write(people, django_capture_on_commit_callbacks):
    day = date(2025, 12, 1)
    assert selectors.cached_summary(actor=people.national, today=day).problems["total"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.raise_problem(actor=people.badinh, data=problem_data())
    assert selectors.cached_summary(actor=people.national, today=day).problems["total"] == 1
    # another person's scope is another cache entry: Sài Gòn sees none of Hà Nội's problems
    assert selectors.cached_summary(actor=people.saigon, today=day).problems["total"] == 0
