"""Interconnected bundles (liên thông) in the database: one submission, one member dossier per
agency (`create_children`), then the bundle's rules (`bundle_rules.py`, pure — the first group
started on the parent's receipt, the parent re-derived after each member's step, the next group
started once a group is decided, parent-level actions cascaded) applied to the bundle loaded with
its parent locked, and every row they changed written back under its version with its events and
facts, in the transition's transaction.

Above `services.py`: told about each transition through `hooks.on_transition`, and handed the
parent-level actions through `hooks.set_cascade` (registered when this module is imported; the
app's `ready()` imports it).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from localgov.access.policy import SYSTEM, Actor
from localgov.catalog.models import Bundle, BundleMember
from localgov.core.errors import Conflict
from localgov.dossiers import bundle_rules, hooks, rows
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.dossiers.routing import next_code, resolve_agency
from localgov.dossiers.services import ServiceEnv, append_event
from localgov.dossiers.workflow import Action, State

#: Automatic steps of the interconnection software are recorded under this actor label.
INTERCONNECT = SYSTEM
#: The instants of a dossier the rules read and write (`_stored`: as read back, in UTC).
_INSTANTS = tuple(f.attname for f in Dossier._meta.concrete_fields if f.get_internal_type() == "DateTimeField"
                  and f.attname not in ("created_at", "updated_at"))


def create_children(parent: Dossier, bundle: Bundle, *, actor: Actor, at: datetime) -> list[Dossier]:
    children: list[Dossier] = []
    for member in bundle.members.select_related("procedure").order_by("order"):
        agency = resolve_agency(member.agency_kind, province_code=parent.province_code,
                                commune_code=parent.competent_commune_code)
        child = Dossier(
            code=next_code(agency.electronic_id, at), province_code=parent.province_code, procedure=member.procedure,
            bundle=bundle, parent=parent, bundle_order=member.order, state=int(State.NEW), channel=parent.channel,
            received_centre=parent.received_centre, received_province_code=parent.received_province_code,
            received_commune_code=parent.received_commune_code, competent_agency=agency,
            competent_commune_code=parent.competent_commune_code if agency.commune_id else None,
            return_method=parent.return_method, return_centre=parent.return_centre,
            return_address=parent.return_address, applicant_user_id=parent.applicant_user_id,
            applicant_name=parent.applicant_name, applicant_id_number=parent.applicant_id_number,
            applicant_phone=parent.applicant_phone, applicant_email=parent.applicant_email,
            applicant_address=parent.applicant_address, secret_hash=parent.secret_hash,
            form_data={"parallel_group": member.parallel_group, "stops_clock": member.stops_clock,
                       "sub_deadline": {"value": str(member.sub_deadline_value), "unit": member.sub_deadline_unit}},
            submitted_at=at,
        )
        event = append_event(child, action="submit", from_state=None, to_state=int(State.NEW), actor=actor, at=at,
                             data={"parent": parent.code, "member_order": member.order})
        child.save(force_insert=True)
        event.save(force_insert=True)
        hooks.emit(child, event, {"state": None, "due_at": None, "paused_since": None})
        children.append(child)
    return children


def members_of(bundle: Bundle) -> list[BundleMember]:
    return list(bundle.members.select_related("procedure").order_by("order"))


def _stored(d: Dossier) -> None:
    """The dossier's instants as reading it back gives them (UTC)."""
    attrs = d.__dict__
    for name in _INSTANTS:
        value = attrs.get(name)
        if value is not None and value.tzinfo is not UTC:
            attrs[name] = value.astimezone(UTC)


class _Loaded:
    """One bundle read with its parent locked, moved by `bundle_rules.Bundle`, written back:
    every changed row under the version it was read at (Conflict otherwise), then the events in
    the order the rules made them, each with its facts (`hooks.emit`)."""

    def __init__(self, parent_id: int, actor: Actor, *, version: int | None = None) -> None:
        # Lock the parent: members of one parallel group may change at the same moment, and of
        # two officers acting on it at the same version the second gets the conflict (409).
        # `of=("self",)`: PostgreSQL cannot lock the nullable side of the outer join to the bundle.
        parent = Dossier.objects.select_for_update(of=("self",)).select_related("procedure", "bundle").get(
            pk=parent_id)
        if version is not None and parent.version != version:
            raise Conflict("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang.",
                           fields={"version": ["Phiên bản đã thay đổi."]})
        children = list(parent.children.select_related("procedure").order_by("bundle_order"))
        self.actor = actor
        self.dossiers: list[Dossier] = [parent, *children]
        self.loaded = {id(d): (rows.snapshot(d), d.version) for d in self.dossiers}
        self.last = {id(d): _clock(d) for d in self.dossiers}
        self.events: list[tuple[Dossier, DossierEvent, dict[str, Any]]] = []
        declared = list(parent.bundle.appointments or []) if parent.bundle_id else []
        self.rules = bundle_rules.Bundle(parent, children, ServiceEnv(actor), self.record, _stored, declared)

    def record(self, d: Any, action: str, from_state: int | None, to_state: int, at: datetime, reason: str,
               data: dict[str, Any], by_actor: bool) -> None:
        event = append_event(d, action=action, from_state=from_state, to_state=to_state,
                             actor=self.actor if by_actor else INTERCONNECT, at=at, reason=reason, data=data)
        before, self.last[id(d)] = self.last[id(d)], _clock(d)
        self.events.append((d, event, before))

    def member(self, pk: int) -> Dossier:
        return next(c for c in self.rules.children if c.pk == pk)

    def write(self) -> Dossier:
        for d in self.dossiers:
            loaded, version = self.loaded[id(d)]
            if rows.update_changed(d, loaded, version=version) != 1:
                raise Conflict("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang.")
        for d, event, before in self.events:
            rows.insert_event(event)
            hooks.emit(d, event, before)
        return self.rules.parent


def _clock(d: Dossier) -> dict[str, Any]:
    """What the facts hook compares before and after an event."""
    return {"state": d.state, "due_at": d.due_at, "paused_since": d.paused_since}


def after_transition(dossier: Dossier, action: Action, actor: Actor, at: datetime) -> None:
    """`hooks.on_transition` listener: after a member's or a parent's own step, what the bundle's
    rules say follows (`bundle_rules.Bundle.after_member_step` / `after_parent_change`: the parent
    re-derived, its receipt starting the first group), in the same transaction — a failure there
    leaves the step undone too (all or nothing)."""
    if dossier.parent_id:
        run = _Loaded(dossier.parent_id, actor)
        run.rules.after_member_step(run.member(dossier.pk), action, at)
        run.write()
    elif dossier.bundle_id:
        run = _Loaded(dossier.pk, actor)
        run.rules.after_parent_change(action, at)
        run.write()


def cascade(parent: Dossier, action: Action, actor: Actor, at: datetime, reason: str, version: int) -> Dossier:
    """`hooks.set_cascade` handler: a parent-level action (refuse, withdraw, stop, return) applied
    to every member where the workflow allows it, then the parent derived once. The permission
    was checked on the parent for the real actor; the members' events name the same actor."""
    run = _Loaded(parent.pk, actor, version=version)
    run.rules.cascade(action, at, reason)
    return run.write()


hooks.on_transition(after_transition)
hooks.set_cascade(cascade)
