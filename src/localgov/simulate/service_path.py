"""The service path: every planned step goes through `submission.submit` and `services.*`
with its explicit `now` — exactly what real use does (permissions as the SYSTEM actor, the
state machine, the clocks, one event per transition, the facts hooks). Slow; for small runs
and for the equivalence test of the bulk path."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from localgov.access.policy import SYSTEM
from localgov.dossiers import services
from localgov.dossiers.models import Dossier
from localgov.dossiers.submission import Applicant, SubmitInput, submit
from localgov.dossiers.workflow import Channel, ReturnMethod
from localgov.simulate.planner import DossierPlan

#: action name → its service (`services.ACTIONS`, the one table)
SERVICE_BY_ACTION = {action.value: service for action, service in services.ACTIONS.items()}


def address_of(plan: DossierPlan) -> str:
    """A synthetic street address in the applicant's commune (used for results by post)."""
    return f"Tổ dân phố {plan.seq % 40 + 1}, {plan.commune.division_type} mã {plan.commune.code}"


#: `Channel(code)` and `ReturnMethod(value)` as dict lookups (the enum's call, once per dossier in bulk)
_CHANNELS: dict[int, Channel] = {int(c): c for c in Channel}
_RETURN_METHODS: dict[str, ReturnMethod] = {m.value: m for m in ReturnMethod}


def submit_input(plan: DossierPlan, run_id: int) -> SubmitInput:
    who = plan.applicant
    address = address_of(plan)
    return SubmitInput(
        procedure_code=plan.bundle.code if plan.bundle else plan.procedure.code, channel=_CHANNELS[plan.channel],
        applicant=Applicant(name=who.name, id_number=who.id_number, phone=who.phone, address=address),
        competent_commune_code=plan.commune.code, received_centre_id=plan.received_centre_id,
        return_method=_RETURN_METHODS[plan.return_method],
        return_address=address if plan.return_method == "post" else "",
        presented_documents=list(plan.procedure.required_docs), form_data={"simulation": True},
    )


def run_plans(plans: Iterable[DossierPlan], run_id: int) -> tuple[int, int]:
    """Apply the plans; returns (dossiers, events) written."""
    dossiers = events = 0
    for plan in plans:
        submitted = submit(submit_input(plan, run_id), actor=SYSTEM, now=plan.submit_at)
        if plan.bundle is not None:
            d, e = _run_bundle(plan, submitted.dossier.pk, [c.pk for c in submitted.children])
            dossiers, events = dossiers + d, events + e
            continue
        dossier = submitted.dossier
        for step in plan.steps:
            if step.action == "accept" and plan.accept_on_submit:
                continue  # submit() accepted the complete counter filing at once
            kwargs: dict[str, Any] = dict(step.args)
            dossier = SERVICE_BY_ACTION[step.action](dossier_id=dossier.pk, version=dossier.version, actor=SYSTEM,
                                                     now=step.at, **kwargs)
        dossiers += 1
        events += dossier.event_count
    return dossiers, events


def _run_bundle(plan: DossierPlan, parent_id: int, children: list[int]) -> tuple[int, int]:
    """A bundle's steps, each on the parent (`member` 0) or on the child of that member order; the
    children's automatic steps and the parent's derived state are the services' own
    (dossiers/bundles.py). Versions are read before each step: the parent's moves with its children."""
    ids = [parent_id, *children]
    for step in plan.steps:
        pk = ids[step.member]
        version = Dossier.objects.values_list("version", flat=True).get(pk=pk)
        SERVICE_BY_ACTION[step.action](dossier_id=pk, version=version, actor=SYSTEM, now=step.at, **step.args)
    counts = Dossier.objects.filter(pk__in=ids).values_list("event_count", flat=True)
    return len(ids), sum(counts)
