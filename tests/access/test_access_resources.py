"""One policy for every resource: facts, officials and payout cases get the same pair of
answers (queryset filter and object check) as dossiers, computed from the same pairs."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from django.db.models import Q

from localgov.access.policy import (
    ANONYMOUS,
    EXPORT_ROLES,
    READ_ROLES,
    RESOURCE_FIELDS,
    SYSTEM,
    Actor,
    Scope,
    can_export,
    can_view,
    visible_filter,
)
from localgov.access.roles import Role

RESOURCES = ("fact", "official", "payout_case")


def _satisfies(obj: object, q: Q | None) -> bool:
    """Evaluate an OR of `field__in` lookups (what visible_filter builds) against an object."""
    if q is None:
        return True
    results = []
    for child in q.children:
        if isinstance(child, Q):
            results.append(_satisfies(obj, child))
        else:
            lookup, values = child
            assert lookup.endswith("__in"), lookup
            field = lookup[: -len("__in")]
            results.append(False if field == "pk" else getattr(obj, field, None) in set(values))
    value = any(results) if q.connector == "OR" else all(results)
    return not value if q.negated else value


def _actor(role: Role, scope: Scope) -> Actor:
    return Actor(user_id=7, username=role.value, scopes={role: scope})


ACTORS = [
    _actor(Role.HR_OFFICER, Scope(provinces=frozenset({"01"}))),
    _actor(Role.HR_OFFICER, Scope(communes=frozenset({"00004"}))),
    _actor(Role.FINANCE_OFFICER, Scope(provinces=frozenset({"79"}))),
    _actor(Role.APPROVER, Scope(communes=frozenset({"00004"}), agencies=frozenset({3}))),
    _actor(Role.SPECIALIST, Scope(communes=frozenset({"00070"}))),
    _actor(Role.COUNTER_OFFICER, Scope(communes=frozenset({"00004"}), centres=frozenset({5}))),
    _actor(Role.PROVINCE_OVERSEER, Scope(provinces=frozenset({"01"}))),
    _actor(Role.NATIONAL_OVERSEER, Scope(nation=True)),
    _actor(Role.ADMINISTRATOR, Scope(provinces=frozenset({"01"}))),
    _actor(Role.APPLICANT, Scope(own_user=7)),
    ANONYMOUS,
]
ROWS = [SimpleNamespace(province_code=p, commune_code=c)
        for p, c in [("01", "00004"), ("01", "00070"), ("79", "26740"), ("01", "")]]


@pytest.mark.parametrize("resource", RESOURCES)
def test_filter_and_object_check_agree(resource):
    for actor, row in itertools.product(ACTORS, ROWS):
        assert can_view(actor, resource, row) == _satisfies(row, visible_filter(actor, resource)), (actor, row)
        assert can_export(actor, resource, row) == _satisfies(
            row, visible_filter(actor, resource, roles=EXPORT_ROLES[resource])), (actor, row)


def test_who_reads_what():
    ba_dinh, hoan_kiem, sai_gon, hanoi_total = ROWS
    hr_province, hr_commune, finance_hcmc, approver, specialist_hk, counter, province, nation, admin, citizen, anon = (
        ACTORS)
    # Officials: HR of the province sees the province; HR of a commune only the commune.
    assert can_view(hr_province, "official", hoan_kiem) and not can_view(hr_province, "official", sai_gon)
    assert can_view(hr_commune, "official", ba_dinh) and not can_view(hr_commune, "official", hoan_kiem)
    # Payout cases: finance in HCMC, not Hà Nội; an approver is not a payout reader.
    assert can_view(finance_hcmc, "payout_case", sai_gon) and not can_view(finance_hcmc, "payout_case", ba_dinh)
    assert not can_view(approver, "payout_case", ba_dinh)
    # Facts: commune officers their commune; the province overseer the province; national all.
    assert can_view(specialist_hk, "fact", hoan_kiem) and not can_view(specialist_hk, "fact", ba_dinh)
    assert can_view(counter, "fact", ba_dinh) and not can_view(counter, "fact", hanoi_total)
    assert can_view(province, "fact", hanoi_total) and not can_view(province, "fact", sai_gon)
    assert all(can_view(nation, r, row) for r in RESOURCES for row in ROWS)
    assert all(can_view(SYSTEM, r, row) for r in RESOURCES for row in ROWS)
    # Nobody without a reading role, and no citizen, sees any of these.
    for who in (admin, citizen, anon):
        assert not any(can_view(who, r, row) for r in RESOURCES for row in ROWS)
    # HR officers export officials but not facts; only finance and overseers export payouts.
    assert can_export(hr_province, "official", ba_dinh) and not can_export(hr_province, "fact", ba_dinh)
    assert not can_export(specialist_hk, "payout_case", hoan_kiem)


def test_every_resource_is_declared_completely():
    assert set(RESOURCE_FIELDS) == set(READ_ROLES) == set(EXPORT_ROLES) >= {"dossier", *RESOURCES}
    for resource in RESOURCES:
        assert RESOURCE_FIELDS[resource] == {"provinces": ("province_code",), "communes": ("commune_code",)}
        assert EXPORT_ROLES[resource] <= READ_ROLES[resource]
