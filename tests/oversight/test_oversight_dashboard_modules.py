"""The oversight dashboard shows the staffing balance (workforce) and the payments to staff
who left (payouts) next to the one-stop indicators, from those modules' own selectors."""

from django.core.cache import cache

from localgov.access.policy import SYSTEM
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role


def test_dashboard_shows_staffing_and_payout_sections(client, workload):
    cache.clear()
    workload([])
    user = create_user(username="giamsat-modules", password=None)
    grant_role(user=user, role=Role.NATIONAL_OVERSEER)
    client.force_login(user)
    page = client.get("/giam-sat/").content.decode()
    assert "Nhân sự và chi trả chế độ" in page
    assert "Biên chế, nhân sự: nơi thừa, nơi thiếu" in page
    assert "Chi trả chế độ cho người nghỉ việc" in page
    # No staff and no cases loaded here: each section says so plainly, never a number.
    assert page.count("Chưa có số liệu") >= 2


def test_dashboard_payout_section_reports_the_cases(client, workload):
    from localgov.payouts import selectors as po

    cache.clear()
    workload([])
    from django.core.management import call_command

    call_command("payouts", "demo", "--seed", "7")
    from django.utils import timezone

    rows = po.progress(actor=SYSTEM, as_of=timezone.localdate())
    decided = sum(r.decided for r in rows)
    assert decided > 0
    user = create_user(username="giamsat-modules-2", password=None)
    grant_role(user=user, role=Role.NATIONAL_OVERSEER)
    client.force_login(user)
    page = client.get("/giam-sat/").content.decode()
    assert f"{decided:,}".replace(",", ".") + " người có quyết định nghỉ việc" in page
