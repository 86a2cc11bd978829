"""Who may do what with follow-up records (the access policy): a ministry cannot change another
ministry's documents; a commune cannot see another province's problems — nor raise one for it;
only the routed-to agency answers; only the Government Office assigns tasks. Every denial here
is a real call through the services or the selectors."""

from __future__ import annotations

import pytest
from tests.followup.conftest import commitment_data, doc_data, premise_data, problem_data

from localgov.access.policy import SYSTEM
from localgov.core.errors import PermissionDenied
from localgov.followup import selectors, services
from localgov.followup.models import GuidanceDoc, Problem


def test_a_ministry_cannot_change_another_ministrys_documents(people):
    doc = services.create_doc(actor=people.btc, data=doc_data())
    with pytest.raises(PermissionDenied):
        services.update_doc(actor=people.bgd, pk=doc.pk, data={"status": "drafting"})
    with pytest.raises(PermissionDenied):
        services.create_doc(actor=people.bgd, data=doc_data())  # a Ministry of Finance document
    with pytest.raises(PermissionDenied):  # nor hand its own document to another ministry
        d2 = services.create_doc(actor=people.bgd, data=doc_data(ministry="BGDDT", field_code="education"))
        services.update_doc(actor=people.bgd, pk=d2.pk, data={"ministry": "BTC"})
    for local in (people.hanoi, people.badinh, people.national):
        with pytest.raises(PermissionDenied):
            services.update_doc(actor=local, pk=doc.pk, data={"late_cause": "x"})
    services.update_doc(actor=people.gov, pk=doc.pk, data={"committed_date": "2025-10-30"})
    assert GuidanceDoc.objects.get(pk=doc.pk).status == "not_started"
    # everyone in follow-up reads the whole list of documents owed
    for reader in (people.bgd, people.badinh, people.saigon, people.overseer_hanoi):
        assert doc.pk in set(selectors.docs(actor=reader).values_list("pk", flat=True))


def test_a_commune_cannot_see_or_raise_another_provinces_problems(people):
    hn = services.raise_problem(actor=people.badinh, data=problem_data())
    sg = services.raise_problem(actor=people.saigon, data=problem_data(province_code="79", commune_code="26740"))
    assert set(selectors.problems(actor=people.badinh).values_list("pk", flat=True)) == {hn.pk}
    assert set(selectors.problems(actor=people.saigon).values_list("pk", flat=True)) == {sg.pk}
    assert set(selectors.problems(actor=people.hanoi).values_list("pk", flat=True)) == {hn.pk}
    assert set(selectors.problems(actor=people.overseer_hanoi).values_list("pk", flat=True)) == {hn.pk}
    assert {hn.pk, sg.pk} <= set(selectors.problems(actor=people.btc).values_list("pk", flat=True))
    assert not selectors.problems(actor=people.bgd).exists()  # routed to finance, not education
    with pytest.raises(PermissionDenied):
        services.raise_problem(actor=people.badinh, data=problem_data(province_code="79", commune_code="26740"))
    with pytest.raises(PermissionDenied):
        services.raise_problem(actor=people.badinh, data=problem_data(commune_code="00070"))  # Hoàn Kiếm
    with pytest.raises(PermissionDenied):
        services.act_problem(actor=people.saigon, pk=hn.pk, action="reopen")
    assert Problem.objects.count() == 2


def test_only_the_routed_to_agency_answers_and_only_the_raiser_closes(people):
    p = services.raise_problem(actor=people.badinh, data=problem_data())
    for wrong in (people.bgd, people.badinh, people.hanoi, people.overseer_hanoi):
        with pytest.raises(PermissionDenied):
            services.act_problem(actor=wrong, pk=p.pk, action="answer", answer="?")
    services.act_problem(actor=people.btc, pk=p.pk, action="answer", answer="Đã hướng dẫn.")
    with pytest.raises(PermissionDenied):
        services.act_problem(actor=people.btc, pk=p.pk, action="close")
    with pytest.raises(PermissionDenied):
        services.act_problem(actor=people.saigon, pk=p.pk, action="close")
    assert services.act_problem(actor=people.hanoi, pk=p.pk, action="close").status == "closed"


def test_only_the_government_office_assigns_and_the_responsible_unit_reports(people):
    for wrong in (people.btc, people.hanoi, people.national):
        with pytest.raises(PermissionDenied):
            services.create_commitment(actor=wrong, data=commitment_data(responsible_agency="BTC"))
    c = services.create_commitment(actor=people.gov, data=commitment_data(responsible_agency="BTC"))
    with pytest.raises(PermissionDenied):
        services.report_progress(actor=people.bgd, pk=c.pk, percent=50)
    services.report_progress(actor=people.btc, pk=c.pk, percent=50)
    local = services.create_commitment(actor=people.gov, data=commitment_data(responsible_agency="",
                                                                             province_code="01"))
    assert not selectors.commitments(actor=people.saigon).filter(pk=local.pk).exists()
    with pytest.raises(PermissionDenied):
        services.report_progress(actor=people.saigon, pk=local.pk, percent=10)
    services.report_progress(actor=people.hanoi, pk=local.pk, percent=10)


def test_premises_belong_to_their_province_and_commune(people):
    p = services.create_premise(actor=people.badinh, data=premise_data())
    with pytest.raises(PermissionDenied):
        services.create_premise(actor=people.saigon, data=premise_data())
    with pytest.raises(PermissionDenied):
        services.update_premise(actor=people.saigon, pk=p.pk, data={"state": "x"})
    with pytest.raises(PermissionDenied):
        services.update_premise(actor=people.btc, pk=p.pk, data={"state": "x"})
    assert not selectors.premises(actor=people.saigon).exists()
    assert selectors.premises(actor=people.hanoi).filter(pk=p.pk).exists()
    services.update_premise(actor=SYSTEM, pk=p.pk, data={"state": "Bỏ trống"})
