"""Personal data: masked in lists for everyone; in full on the single view only for the roles
that need it; every full view or export is recorded (who, what, when, why) and listed by
`localgov audit access --dossier CODE`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from tests.dossiers.conftest import BA_DINH, centre_of

from localgov.access.audit import access_records, record_personal_data_access, record_personal_data_export
from localgov.access.models import PersonalDataAccess
from localgov.access.policy import resolve_actor
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role

FULL_ID, MASKED_ID = "001090012345", "001******345"
FULL_PHONE, MASKED_PHONE = "0912345678", "091****678"


def _user(username: str, role: Role, **scope):
    user = create_user(username=username, password=None)
    grant_role(user=user, role=role, **scope)
    return user


@pytest.fixture
def counter_user(db, world):
    return _user("tiep-nhan-ba-dinh", Role.COUNTER_OFFICER, commune=BA_DINH, centre_id=centre_of(BA_DINH))


def test_lists_mask_personal_data_even_for_officers(client, counter_user, file_online):
    file_online(commune=BA_DINH)
    client.force_login(counter_user)
    items = client.get("/api/v1/dossiers/").json()["items"]
    assert len(items) == 1
    assert items[0]["applicant"]["id_number"] == MASKED_ID
    assert items[0]["applicant"]["phone"] == MASKED_PHONE
    assert not PersonalDataAccess.objects.exists()  # a masked list is not a personal-data access


def test_the_officers_single_view_is_full_and_recorded(client, counter_user, file_online):
    d = file_online(commune=BA_DINH).dossier
    client.force_login(counter_user)
    body = client.get(f"/api/v1/dossiers/{d.code}", REMOTE_ADDR="10.1.2.3").json()
    assert body["applicant"]["id_number"] == FULL_ID and body["applicant"]["phone"] == FULL_PHONE
    record = PersonalDataAccess.objects.get(dossier=d)
    assert record.user_id == counter_user.pk and record.who == "tiep-nhan-ba-dinh"
    assert record.purpose == "xem hồ sơ" and record.channel == "api" and record.client == "10.1.2.3"
    assert record.fields == ["id_number", "phone"] and "counter_officer" in record.roles


def test_an_action_response_is_masked_and_unrecorded_by_default(client, counter_user, file_online):
    d = file_online(commune=BA_DINH).dossier
    client.force_login(counter_user)
    response = client.post(f"/api/v1/dossiers/{d.code}/actions/accept", {"version": d.version},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["applicant"]["id_number"] == MASKED_ID
    assert response.json()["applicant"]["phone"] == MASKED_PHONE
    assert not PersonalDataAccess.objects.exists()


def test_an_action_response_asked_in_full_is_recorded_with_the_action_as_purpose(client, counter_user, file_online):
    d = file_online(commune=BA_DINH).dossier
    client.force_login(counter_user)
    response = client.post(f"/api/v1/dossiers/{d.code}/actions/accept?personal_data=full", {"version": d.version},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["applicant"]["id_number"] == FULL_ID
    assert PersonalDataAccess.objects.get(dossier=d).purpose == "Tiếp nhận hồ sơ, hẹn trả kết quả"


def test_only_the_actions_asked_in_full_are_recorded(client, file_online, counter_user):
    d = file_online(commune=BA_DINH).dossier
    client.force_login(counter_user)
    version = client.post(f"/api/v1/dossiers/{d.code}/actions/accept", {"version": d.version},
                          content_type="application/json").json()["version"]
    client.force_login(_user("duyet-ba-dinh-pd", Role.APPROVER, commune=BA_DINH))
    response = client.post(f"/api/v1/dossiers/{d.code}/actions/assign?personal_data=full", {"version": version},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["applicant"]["id_number"] == FULL_ID
    record = PersonalDataAccess.objects.get(dossier=d)
    assert record.who == "duyet-ba-dinh-pd" and "approver" in record.roles


def test_overseers_see_masked_data_and_leave_no_record(client, file_online):
    d = file_online(commune=BA_DINH).dossier
    client.force_login(_user("giam-sat-ha-noi", Role.PROVINCE_OVERSEER, province="01"))
    body = client.get(f"/api/v1/dossiers/{d.code}").json()
    assert body["applicant"]["id_number"] == MASKED_ID
    assert not PersonalDataAccess.objects.exists()


def test_audit_access_command_lists_who_what_when_why(counter_user, file_online):
    d = file_online(commune=BA_DINH).dossier
    other = file_online(commune=BA_DINH).dossier
    actor = resolve_actor(counter_user)
    record_personal_data_access(actor, d, "tiếp nhận")
    record_personal_data_access(actor, d, "in giấy tiếp nhận", channel="web")
    record_personal_data_access(actor, other, "xem hồ sơ")
    rows = access_records(d.code)
    assert [r["why"] for r in rows] == ["tiếp nhận", "in giấy tiếp nhận"]
    assert all(r["who"] == "tiep-nhan-ba-dinh" and d.code in r["what"] and r["at"] for r in rows)
    out = StringIO()
    call_command("audit", "access", "--dossier", d.code, "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert [r["why"] for r in data] == ["tiếp nhận", "in giấy tiếp nhận"]
    assert set(data[0]) >= {"at", "who", "what", "why"}
    text = StringIO()
    call_command("audit", "access", "--dossier", d.code, stdout=text)
    lines = text.getvalue().strip().splitlines()
    assert len(lines) == 2 and "tiep-nhan-ba-dinh" in lines[0] and lines[0].endswith("tiếp nhận")


def test_exports_record_one_line_per_dossier(counter_user, file_online):
    dossiers = [file_online(commune=BA_DINH).dossier for _ in range(3)]
    approver = resolve_actor(_user("lanh-dao", Role.APPROVER, commune=BA_DINH))
    assert record_personal_data_export(approver, dossiers, "báo cáo danh sách hồ sơ") == 3
    rows = PersonalDataAccess.objects.filter(channel="export")
    assert rows.count() == 3 and {r.dossier_code for r in rows} == {d.code for d in dossiers}
    assert {r.purpose for r in rows} == {"báo cáo danh sách hồ sơ"}


def test_access_records_are_append_only(counter_user, file_online):
    d = file_online(commune=BA_DINH).dossier
    row = record_personal_data_access(resolve_actor(counter_user), d, "xem hồ sơ")
    row.purpose = "khác"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        PersonalDataAccess.objects.filter(pk=row.pk).delete()
    assert PersonalDataAccess.objects.get(pk=row.pk).purpose == "xem hồ sơ"
