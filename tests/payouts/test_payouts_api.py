"""The payouts router (mounted here on a test API with the project's error handlers)."""

from datetime import date

import pytest
from ninja import NinjaAPI
from ninja.testing import TestClient
from payouts_helpers import case, mr_m, record

from localgov.access.policy import SYSTEM
from localgov.core.errors import DomainError
from localgov.payouts import services
from localgov.payouts.api import router

api = NinjaAPI(urls_namespace="payouts-test")


@api.exception_handler(DomainError)
def _domain_error(request, exc):
    return api.create_response(request, exc.as_dict(), status=exc.http_status)


api.add_router("/payouts", router)
client = TestClient(api)


def test_calc_mr_m():
    res = client.post("/payouts/calc", json=mr_m())
    assert res.status_code == 200
    body = res.json()
    assert body["total_vnd"] == 786_854_250 and [c["code"] for c in body["components"]] == ["Q1", "Q2", "Q3"]


def test_calc_bad_input_is_422_with_fields():
    res = client.post("/payouts/calc", json=case(birth_date="1966-02-30", salary={"rank_coefficient": -1}))
    assert res.status_code == 422
    assert {"birth_date", "salary.rank_coefficient"} <= set(res.json()["fields"])


@pytest.mark.django_db
def test_progress_needs_a_reader(provinces, django_user_model):
    c = services.create_case(actor=SYSTEM, data=record())
    services.approve(actor=SYSTEM, case_id=c.pk, funding_source="local")
    assert client.get("/payouts/progress").status_code == 401
    from localgov.access.roles import Role
    from localgov.access.services import create_user, grant_role

    user = create_user(username="ov", password="Mk-demo-2025!x")
    grant_role(user=user, role=Role.PROVINCE_OVERSEER, province="01", starts_on=date(2025, 1, 1))
    rows = client.get("/payouts/progress?as_of=2025-10-20", user=user).json()
    assert rows == [{"province_code": "01", "agency_name": None, "decided": 1, "paid": 0, "unpaid": 1, "overdue": 1,
                     "decided_late": 0, "amount_decided_vnd": 786_854_250, "amount_paid_vnd": 0}]
    assert client.get("/payouts/progress?as_of=x", user=user).status_code == 422
