"""Importing the national portal's report export: the whole file or nothing (one transaction,
every bad line listed with its reason, `core.FileRefused`)."""

from __future__ import annotations

import hashlib

from django.db import transaction

from localgov.access.policy import Actor
from localgov.access.roles import Role
from localgov.core.errors import PermissionDenied
from localgov.reconcile import core
from localgov.reconcile.files import MAX_BYTES, read_cells
from localgov.reconcile.models import NationalCount, NationalDossier, NationalImport
from localgov.units.models import Commune, Province

#: Who may import the national export: national overseers (the export is national) and the
#: operator's command line (SYSTEM). A province overseer reads the report for the province.
MAX_UPLOAD = MAX_BYTES
IMPORT_ROLES = frozenset({Role.NATIONAL_OVERSEER})


def may_import(actor: Actor) -> bool:
    return actor.system or any(actor.scopes.get(r) and actor.scopes[r].nation for r in IMPORT_ROLES)


def _known_units() -> tuple[frozenset[str], dict[str, str]]:

    communes = dict(Commune.objects.values_list("code", "province_id"))
    return frozenset(Province.objects.values_list("code", flat=True)) | frozenset(communes), communes


def _unit_fields(unit: str, communes: dict[str, str]) -> tuple[str, str]:
    return (unit, "") if len(unit) == 2 else (communes[unit], unit)


def import_file(content: bytes, filename: str, *, actor: Actor) -> NationalImport:
    """Parse, check every line, then write all rows in one transaction; a later file replaces
    the rows of the same unit-day or dossier code. Raises `core.FileRefused` (nothing written)
    or `PermissionDenied`."""
    if not may_import(actor):
        raise PermissionDenied("Chỉ giám sát toàn quốc được nhập số liệu từ Cổng Dịch vụ công quốc gia.")
    known, communes = _known_units()
    kind, rows = core.parse_rows(read_cells(content, filename), known_units=known)
    days = [r.day for r in rows]
    with transaction.atomic():
        imp = NationalImport.objects.create(
            kind=kind, filename=filename[:255], sha256=hashlib.sha256(content).hexdigest(), rows=len(rows),
            first_day=min(days), last_day=max(days), imported_by=actor.label[:150])
        if kind == "counts":
            objs = []
            for r in rows:
                assert isinstance(r, core.CountRow)
                province, commune = _unit_fields(r.unit, communes)
                NationalCount.objects.filter(province_code=province, commune_code=commune, day=r.day).delete()
                objs.append(NationalCount(source=imp, province_code=province, commune_code=commune, day=r.day,
                                          received=r.received, processed=r.processed))
            NationalCount.objects.bulk_create(objs, batch_size=1000)
        else:
            codes = [r.code for r in rows]
            for i in range(0, len(codes), 500):
                NationalDossier.objects.filter(code__in=codes[i:i + 500]).delete()
            objs_d = []
            for r in rows:
                assert isinstance(r, core.DossierRow)
                province, commune = _unit_fields(r.unit, communes)
                objs_d.append(NationalDossier(source=imp, code=r.code, province_code=province, commune_code=commune,
                                              day=r.day, state=r.state))
            NationalDossier.objects.bulk_create(objs_d, batch_size=1000)
    return imp
