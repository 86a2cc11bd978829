"""The bulk path's interconnected bundles (Decree 63/2024 Arts. 5–7): `submission.submit` of a
bundle with `bundles.create_children`, in memory, then each planned step through the bundle's
rules (`dossiers/bundle_rules.py`, the same the engine applies): the parent's receipt starts the
first group, each member's step re-derives the parent and starts the next group once a group is
decided, a parent-level action (`transitions.parent_cascades`) is cascaded to the members. The
rules' events go into the batch (`bulk_rows.append_event`), the dossiers kept as read back (UTC,
`bulk_rows.as_stored`). `tests/simulate/test_simulate_equivalence.py` proves the rows equal the
service path's.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from localgov.dossiers import bundle_rules, transitions
from localgov.dossiers.events import canonical, json_text
from localgov.dossiers.routing import COMMUNE_AGENCY_KINDS
from localgov.dossiers.workflow import Action
from localgov.simulate.bulk_rows import NEW, SimDossier, append_event, as_stored
from localgov.simulate.planner import DossierPlan, Step

if TYPE_CHECKING:
    from localgov.simulate.bulk_path import BulkWriter

#: `parent_id` of a member until the write gives the parent its id (`BulkWriter._flush`): not None,
#: so the rules that leave bundle parents out (`bundle_id and parent_id is None`) count the member
PARENT_PENDING = -1
_ACTIONS: dict[str, Action] = {a.value: a for a in Action}


class _Bundle:
    """One bundle being built: the parent, its members by order, the rules, the batch's events."""

    def __init__(self, w: BulkWriter, plan: DossierPlan, events: list[list[Any]], docs: list[list[Any]]) -> None:
        assert plan.bundle is not None
        self.w, self.events, self.spec = w, events, plan.bundle
        self.parent = w.submit(plan, events, docs)
        self.codes = {id(self.parent): json_text(self.parent.code)}
        self.children: list[SimDossier] = []
        self._create_children(plan.submit_at)
        w.bundle_deadlines[self.spec.pk] = self.spec.deadline
        self.rules = bundle_rules.Bundle(self.parent, self.children, w.env, self._record, as_stored,
                                         list(self.spec.appointments))

    # --- bundles.create_children ------------------------------------------------------------
    def _create_children(self, at: datetime) -> None:
        p, w = self.parent, self.w
        for m in self.spec.members:
            procedure = w.procedures[m.procedure.code]
            commune_level = m.agency_kind in COMMUNE_AGENCY_KINDS
            agency_pk, agency_eid = w.agencies[(m.agency_kind, p.province_code,
                                                p.competent_commune_code if commune_level else "")]
            child = SimDossier(
                code=w.next_code(agency_eid, at), province_code=p.province_code, procedure=procedure,
                procedure_id=procedure.pk, bundle_id=self.spec.pk, parent_id=PARENT_PENDING, bundle_order=m.order,
                state=NEW, channel=p.channel, received_centre_id=p.received_centre_id,
                received_province_code=p.received_province_code, received_commune_code=p.received_commune_code,
                competent_agency_id=agency_pk,
                competent_commune_code=p.competent_commune_code if commune_level else None,
                return_method=p.return_method, return_centre_id=p.return_centre_id, return_address=p.return_address,
                applicant_user_id=p.applicant_user_id, applicant_name=p.applicant_name,
                applicant_id_number=p.applicant_id_number, applicant_phone=p.applicant_phone,
                applicant_email=p.applicant_email, applicant_address=p.applicant_address, secret_hash=p.secret_hash,
                form_data={"parallel_group": m.parallel_group, "stops_clock": m.stops_clock,
                           "sub_deadline": {"value": str(m.sub_deadline.value), "unit": m.sub_deadline.unit}},
                submitted_at=at,
            )
            child.bundle_parent = p  # its id, once written, is the member's parent_id (BulkWriter._flush)
            self.codes[id(child)] = json_text(child.code)
            payload = {"parent": p.code, "member_order": m.order}
            self._record(child, "submit", None, NEW, at, "", payload, False)
            as_stored(child)
            self.children.append(child)

    def _record(self, d: SimDossier, action: str, from_state: int | None, to_state: int, at: datetime, reason: str,
                data: dict[str, Any], by_actor: bool) -> None:
        """An event of the rules into the batch (every actor is the simulation's SYSTEM)."""
        append_event(d, self.events, self.codes[id(d)], action, from_state, to_state, at, reason, data,
                      canonical(data) if data else "{}")

    def apply(self, step: Step) -> None:
        """One planned step, routed as `services.transition` routes it."""
        action = _ACTIONS[step.action]
        if step.member:
            self.rules.member_step(self.children[step.member - 1], action, step.at, step.args)
        elif transitions.parent_cascades(self.parent, action):
            self.rules.cascade(action, step.at, transitions.check_args(action, step.args).get("reason", ""))
        else:
            self.rules.parent_step(action, step.at, step.args)


def build(w: BulkWriter, plan: DossierPlan, events: list[list[Any]], docs: list[list[Any]]) -> list[SimDossier]:
    """The parent and its members, with every event of the plan, and the members' facts."""
    first = len(events)
    bundle = _Bundle(w, plan, events, docs)
    for step in plan.steps:
        bundle.apply(step)
    if w.facts is not None:
        for child in bundle.children:  # bundle parents are not counted (oversight.live.on_dossier_event)
            w.add_facts(child, [ev for ev in events[first:] if ev[1] is child], 0)
    w.bundle_children.extend(bundle.children)
    return [bundle.parent, *bundle.children]
