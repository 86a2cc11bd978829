"""Recording a change in the service-centre register: checked by the rules (`history.check`),
by the access policy (a province's overseer or administrator edits only the province's centres,
`access.policy.can_edit_centre`), written in one transaction with the centre's current status."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from localgov.access.policy import Actor, can_edit_centre
from localgov.centres import history
from localgov.centres.models import CentreChange
from localgov.core.errors import NotFound, PermissionDenied, ValidationFailed
from localgov.units.models import ServiceCentre

MAX_TEXT = 2000


def record_change(actor: Actor, centre_code: str, *, kind: str, on: date, address: str = "", decision: str = "",
                  note: str = "") -> CentreChange:
    address, decision, note = address.strip(), decision.strip(), note.strip()
    fields: dict[str, list[str]] = {}
    for name, value, limit in (("address", address, MAX_TEXT), ("decision", decision, 200), ("note", note, MAX_TEXT)):
        if len(value) > limit:
            fields[name] = [f"Tối đa {limit} ký tự."]
        if "\x00" in value:
            fields[name] = ["Có ký tự không hợp lệ."]
    with transaction.atomic():
        centre = ServiceCentre.objects.select_for_update().filter(code=centre_code).first()
        if centre is None:
            raise NotFound(f"Không có trung tâm mã {centre_code}.")
        if not can_edit_centre(actor, centre):
            raise PermissionDenied("Chỉ tỉnh quản lý trung tâm này được cập nhật sổ theo dõi.")
        past = [history.Change(c.kind, c.effective_on, c.address)
                for c in CentreChange.objects.filter(centre=centre).order_by("effective_on", "id")]
        if not past and centre.status == "operating" and centre.opened_on:
            # a centre loaded before the register existed: its opening is the first change
            past = [history.Change(history.OPENED, centre.opened_on, "")]
            CentreChange.objects.create(centre=centre, province_code=centre.province_id,
                                        commune_code=centre.commune_id or "", kind=history.OPENED,
                                        effective_on=centre.opened_on, recorded_by="dữ liệu nạp ban đầu")
        new = history.Change(kind, on, address)
        for name, reason in history.check(past, new, today=timezone.localdate()).items():
            fields.setdefault(name, []).append(reason)
        if fields:
            raise ValidationFailed("Không ghi được thay đổi của trung tâm.", fields=fields)
        CentreChange.objects.filter(centre=centre, until__isnull=True).update(until=on)
        change = CentreChange.objects.create(centre=centre, province_code=centre.province_id,
                                             commune_code=centre.commune_id or "", kind=kind,
                                             effective_on=on, address=address, decision=decision, note=note,
                                             recorded_by=actor.label[:150])
        all_changes = [*past, new]
        today = timezone.localdate()
        centre.status = history.status_on(all_changes, today) or "preparing"
        openings = [c.on for c in all_changes if c.kind == history.OPENED]
        centre.opened_on = max(openings) if openings else centre.opened_on
        centre.address = history.address_on(all_changes, today, centre.address)
        centre.in_register = True
        centre.save(update_fields=["status", "opened_on", "address", "in_register"])
    return change
