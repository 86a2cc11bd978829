"""A comparable picture of the simulated data: dossiers, events, documents, counters and facts,
keyed by dossier code (never by database id). Used to prove the bulk path equals the service
path and that a seed reproduces the same data."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from localgov.dossiers.models import Dossier, DossierCounter, DossierDocument, DossierEvent

#: Not comparable between two runs: database ids, wall-clock bookkeeping, and the receipt secret
#: (random by design in `submission.submit`; only its hash is stored).
DOSSIER_SKIP = {"id", "created_at", "updated_at", "secret_hash"}


def _dossier_fields() -> list[str]:
    return [f.attname for f in Dossier._meta.concrete_fields if f.attname not in DOSSIER_SKIP]


def dossiers() -> dict[str, dict[str, Any]]:
    """By code; a bundle member's parent by its code (`parent__code`), not its database id."""
    fields = [f for f in _dossier_fields() if f != "parent_id"]
    return {row["code"]: row for row in Dossier.objects.order_by("code").values(*fields, "parent__code")}


def events() -> dict[tuple[str, int], dict[str, Any]]:
    fields = [f.attname for f in DossierEvent._meta.concrete_fields if f.attname not in ("id", "dossier_id")]
    return {(row["dossier__code"], row["seq"]): row
            for row in DossierEvent.objects.order_by("dossier__code", "seq").values("dossier__code", *fields)}


def documents() -> list[tuple[Any, ...]]:
    return sorted(DossierDocument.objects.values_list("dossier__code", "doc_code", "name", "presented_on_paper",
                                                       "is_supplement", "province_code"))


def counters() -> dict[tuple[str, str], int]:
    return {(p, d): v for p, d, v in DossierCounter.objects.values_list("prefix", "day", "value")}


def facts() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the oversight fact tables (without ids), if the oversight app has them. A
    row whose measures are all zero means the same as no row (the incremental updater may leave
    one behind where a rebuild writes nothing), so such rows are left out."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_app_config("oversight").get_models():
        name = model.__name__
        if "fact" not in name.lower() and "rollup" not in name.lower():
            continue  # Fact, FactRollup, DueFact, DueRollup
        fields = [f for f in model._meta.concrete_fields if f.attname != "id"
                  and f.get_internal_type() not in ("DateTimeField",)]
        keys = {name for c in model._meta.constraints for name in getattr(c, "fields", ())}
        measures = [i for i, f in enumerate(fields) if f.name not in keys and f.get_internal_type() in (
            "IntegerField", "PositiveIntegerField", "BigIntegerField", "FloatField", "PositiveBigIntegerField")]
        rows = [tuple(_norm(v) for v in row) for row in model.objects.values_list(*[f.attname for f in fields])]
        out[name] = sorted((r for r in rows if not measures or any(r[i] for i in measures)), key=repr)
    return out


def feedback() -> dict[str, list[tuple[Any, ...]]]:
    """Complaints (with their steps) and trips: drawn from the written dossiers by one function
    on both paths (localgov.feedback.simulation)."""
    from localgov.feedback.models import Complaint, ComplaintEvent, Trip

    return {
        "complaints": sorted(Complaint.objects.values_list(
            "code", "kind", "status", "dossier__code", "received_at", "answered_at", "published_at", "due_at",
            "late", "reopened", "rating")),
        "complaint_events": sorted(ComplaintEvent.objects.values_list("complaint__code", "action", "at")),
        "trips": sorted(Trip.objects.values_list("dossier__code", "purpose", "at")),
    }


def outbox() -> list[tuple[Any, ...]]:
    """The outbox rows (outbox/enqueue.py: the hook on the service path, `rows_for_event_row` on the
    bulk path) with their simulated delivery. The due time written in a record is the dossier's
    at the event through the hook and its last on the bulk path (which builds the whole life
    first); only the receipt's and the apology's, which the texts show, must agree."""
    from localgov.outbox.models import Message

    rows = []
    for m in Message.objects.values("key", "consumer", "channel", "topic", "template_version", "recipient",
                                    "payload", "status", "attempts", "last_error", "event_seq", "province_code"):
        payload = dict(m.pop("payload"))
        if m["topic"] not in ("receipt", "apology"):
            payload.pop("due", None)
        rows.append((*m.values(), sorted(payload.items(), key=repr)))
    return sorted(rows, key=repr)


def _norm(value: Any) -> Any:
    return round(value, 3) if isinstance(value, float) else value


def take() -> dict[str, Any]:
    return {"dossiers": dossiers(), "events": events(), "documents": documents(), "counters": counters(),
            "facts": facts(), "feedback": feedback(), "outbox": outbox()}


def differences(a: dict[str, Any], b: dict[str, Any], limit: int = 10) -> list[str]:
    """Human-readable differences between two snapshots (empty when equal)."""
    out: list[str] = []
    for part in ("dossiers", "events"):
        left, right = a[part], b[part]
        for key in sorted(set(left) | set(right), key=repr):
            if key not in left or key not in right:
                out.append(f"{part} {key}: only in {'second' if key not in left else 'first'}")
            elif left[key] != right[key]:
                diff = {k: (left[key][k], right[key].get(k)) for k in left[key] if left[key][k] != right[key].get(k)}
                out.append(f"{part} {key}: {diff}")
            if len(out) >= limit:
                return out
    for part in ("documents", "counters", "facts", "feedback"):
        if a[part] != b[part]:
            out.append(f"{part} differ")
    return out
