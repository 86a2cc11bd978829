"""The only writer of the catalogue: `load_catalog` loads the shipped data files.

Validation first (schema.validate_data); if any record is invalid nothing is written and
`CatalogDataInvalid` lists every error (record code + field + message). Loading is
idempotent: each record's canonical JSON hash is stored, unchanged records are not touched,
and records that disappeared from the data are deactivated (dossiers may still point at them).
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction

from localgov.catalog.models import Bundle, BundleMember, Field, Procedure, ProcedureStep
from localgov.catalog.schema import BundleIn, CatalogData, CatalogError, ProcedureIn, validate_data
from localgov.catalog.text import expand_abbreviations, fold
from localgov.core.errors import ValidationFailed
from localgov.units.loaders import Counts

DATA_DIR = Path(__file__).resolve().parent / "data"
# Bump when the derived columns (search_text, ...) change so the next load rewrites them.
DERIVATION_VERSION = 2
FILES = {"fields": "fields.json", "procedures": "procedures.json", "bundles": "bundles.json"}


class CatalogDataInvalid(ValidationFailed):
    code = "catalog_data_invalid"

    def __init__(self, errors: list[CatalogError]):
        fields: dict[str, list[str]] = {}
        for e in errors:
            fields.setdefault(f"{e.record}.{e.field}", []).append(e.message)
        super().__init__(f"Dữ liệu danh mục thủ tục không hợp lệ: {len(errors)} lỗi.", fields=fields)
        self.errors = errors

    def __str__(self) -> str:
        return self.message + "\n" + "\n".join(f"  - {e}" for e in self.errors)


def read_raw(data_dir: Path | None = None) -> dict[str, list[Any]]:
    """Read the three data files; a missing or malformed file is reported as a CatalogError."""
    base = Path(data_dir) if data_dir else DATA_DIR
    raw: dict[str, list[Any]] = {}
    errors: list[CatalogError] = []
    for key, name in FILES.items():
        path = base / name
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            errors.append(CatalogError(name, "_", f"file not found: {path}"))
            continue
        except json.JSONDecodeError as exc:
            errors.append(CatalogError(name, f"line {exc.lineno}", f"invalid JSON: {exc.msg}"))
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get(key), list):
            errors.append(CatalogError(name, key, f"expected an object with a '{key}' list"))
            continue
        raw[key] = doc[key]
    if errors:
        raise CatalogDataInvalid(errors)
    return raw


def validate_catalog(data_dir: Path | None = None) -> CatalogData:
    """Validate the data files without writing; raises CatalogDataInvalid."""
    raw = read_raw(data_dir)
    data, errors = validate_data(raw["fields"], raw["procedures"], raw["bundles"])
    if errors or data is None:
        raise CatalogDataInvalid(errors)
    return data


def _hash(model: ProcedureIn | BundleIn) -> str:
    payload = {"v": DERIVATION_VERSION, "record": model.model_dump(mode="json")}
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _dec(value: float) -> Decimal:
    return Decimal(str(value))


def _search_text(p: ProcedureIn, field_name: str) -> str:
    parts = [p.code, p.name, field_name, p.result, *p.keywords]
    return expand_abbreviations(" ".join(fold(s) for s in parts))


def _procedure_values(p: ProcedureIn, field: Field) -> dict[str, Any]:
    return {
        "name": p.name,
        "field": field,
        "level": p.level,
        "competent_agency_kind": p.competent_agency_kind,
        "deadline_value": _dec(p.deadline.value),
        "deadline_unit": p.deadline.unit,
        "deadline_basis": p.deadline.basis,
        "deadline_variants": [v.model_dump(mode="json") for v in p.deadline_variants],
        "supplement_clock": p.supplement_clock,
        "clock_stops": list(p.clock_stops),
        "fee_vnd": p.fee.amount_vnd,
        "fee_text": p.fee.text,
        "documents": [d.model_dump(mode="json") for d in p.documents],
        "channels": list(p.channels),
        "online_level": p.online_level,
        "full_process": p.full_process,
        "online_level_source": p.online_level_source,
        "fee_bearing": p.fee_bearing,
        "boundary_scope": p.boundary_scope,
        "result_name": p.result,
        "result_type": p.result_type,
        "legal_basis": p.legal_basis,
        "source": p.source,
        "verified": p.verified,
        "unverified_notes": list(p.unverified),
        "keywords": list(p.keywords),
        "note": p.note,
        "steps_source": p.steps_source,
        "active": True,
        "search_text": _search_text(p, field.name_vi),
        "data_hash": _hash(p),
    }


def _bundle_values(b: BundleIn) -> dict[str, Any]:
    return {
        "group_code": b.group_code,
        "variant": b.variant,
        "name": b.name,
        "legal_basis": b.legal_basis,
        "source": b.source,
        "local_codes": list(b.local_codes),
        "total_deadline_value": _dec(b.total_deadline.value),
        "total_deadline_unit": b.total_deadline.unit,
        "total_deadline_basis": b.total_deadline.basis,
        "appointments": [a.model_dump(mode="json") for a in b.appointments],
        "notes": b.notes,
        "verified": b.verified,
        "unverified_notes": list(b.unverified),
        "active": True,
        "data_hash": _hash(b),
    }


def _counter() -> dict[str, int]:
    return {"created": 0, "updated": 0, "unchanged": 0, "deactivated": 0}


def load_catalog(stdout: TextIO | None = None, data_dir: Path | None = None) -> dict[str, dict[str, int]]:
    """Validate and load fields, procedures (with steps) and bundles (with members) in one
    transaction. Returns counts per kind: created / updated / unchanged / deactivated."""
    data = validate_catalog(data_dir)
    stats = {"fields": _counter(), "procedures": _counter(), "bundles": _counter()}
    with transaction.atomic():
        fields: dict[str, Field] = {f.slug: f for f in Field.objects.all()}
        for f in data.fields:
            current = fields.get(f.slug)
            if current is None:
                fields[f.slug] = Field.objects.create(slug=f.slug, name_vi=f.name_vi, name_en=f.name_en)
                stats["fields"]["created"] += 1
            elif (current.name_vi, current.name_en) != (f.name_vi, f.name_en):
                current.name_vi, current.name_en = f.name_vi, f.name_en
                current.save(update_fields=["name_vi", "name_en"])
                stats["fields"]["updated"] += 1
            else:
                stats["fields"]["unchanged"] += 1

        existing = {p.code: p for p in Procedure.objects.all()}
        by_code: dict[str, Procedure] = {}
        for p in data.procedures:
            values = _procedure_values(p, fields[p.field])
            row = existing.get(p.code)
            if row is not None and row.data_hash == values["data_hash"] and row.active:
                stats["procedures"]["unchanged"] += 1
                by_code[p.code] = row
                continue
            if row is None:
                row = Procedure.objects.create(code=p.code, **values)
                stats["procedures"]["created"] += 1
            else:
                for k, v in values.items():
                    setattr(row, k, v)
                row.save()
                row.steps.all().delete()
                stats["procedures"]["updated"] += 1
            ProcedureStep.objects.bulk_create(
                ProcedureStep(
                    procedure=row,
                    order=s.order,
                    name=s.name,
                    role=s.role,
                    agency_kind=s.agency_kind,
                    allotment_hours=_dec(s.allotment_hours),
                    clock_stopped=s.clock_stopped,
                )
                for s in p.steps
            )
            by_code[p.code] = row
        gone = Procedure.objects.filter(active=True).exclude(code__in=list(by_code))
        stats["procedures"]["deactivated"] = gone.update(active=False)

        bundles = {b.code: b for b in Bundle.objects.all()}
        seen: list[str] = []
        for b in data.bundles:
            seen.append(b.code)
            values = _bundle_values(b)
            row = bundles.get(b.code)
            if row is not None and row.data_hash == values["data_hash"] and row.active:
                stats["bundles"]["unchanged"] += 1
                continue
            if row is None:
                row = Bundle.objects.create(code=b.code, **values)
                stats["bundles"]["created"] += 1
            else:
                for k, v in values.items():
                    setattr(row, k, v)
                row.save()
                row.members.all().delete()
                stats["bundles"]["updated"] += 1
            BundleMember.objects.bulk_create(
                BundleMember(
                    bundle=row,
                    procedure=by_code[m.procedure_code],
                    order=m.order,
                    parallel_group=m.parallel_group,
                    agency_kind=m.agency_kind,
                    sub_deadline_value=_dec(m.sub_deadline.value),
                    sub_deadline_unit=m.sub_deadline.unit,
                    stops_clock=m.stops_clock,
                    note=m.note,
                )
                for m in b.members
            )
        stats["bundles"]["deactivated"] = (
            Bundle.objects.filter(active=True).exclude(code__in=seen).update(active=False)
        )

    if stdout is not None:
        names = {"fields": "lĩnh vực", "procedures": "thủ tục", "bundles": "nhóm liên thông"}
        for kind, c in stats.items():
            stdout.write(
                f"danh mục — {names.get(kind, kind)}: {c['created']} thêm, {c['updated']} cập nhật, "
                f"{c['unchanged']} không đổi, {c['deactivated']} ngừng áp dụng\n"
            )
    return stats


def load_for_registry() -> dict[str, Any]:
    """`localgov load catalog`: the same load, reported as the units registry expects
    (model label → Counts; deactivated records are reported as deleted)."""

    stats = load_catalog()
    labels = {"fields": "catalog.Field", "procedures": "catalog.Procedure", "bundles": "catalog.Bundle"}
    return {
        labels[kind]: Counts(
            created=c["created"], updated=c["updated"], unchanged=c["unchanged"], deleted=c["deactivated"]
        )
        for kind, c in stats.items()
    }
