"""Shared helpers for the payouts tests: the vector CSV and case builders."""

from __future__ import annotations

import csv
from pathlib import Path

#: The worked examples of MOHA 1814/BNV-TCBC and the rounding cases (docs/domain/payouts-decree-178.md §8).
VECTORS = Path(__file__).resolve().parents[2] / "docs" / "domain" / "payout-vectors.csv"


def vector_rows() -> list[dict[str, str]]:
    with VECTORS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def confirmed_rows() -> list[dict[str, str]]:
    return [r for r in vector_rows() if r["status"].startswith("confirmed")]


def parse_inputs(text: str) -> dict[str, str]:
    """ "a=1; b=2 (note); c" → {"a": "1", "b": "2 (note)"} (items without '=' are notes)."""
    out = {}
    for part in text.split(";"):
        if "=" in part:
            key, value = part.split("=", 1)
            out[key.strip()] = value.strip()
    return out


def first_token(value: str) -> str:
    return value.split()[0].strip("(),")


def case(**overrides) -> dict:
    """Mr C (MOHA 1814) as a case.json mapping; keyword arguments override fields."""
    data = {
        "category": "early_retirement",
        "sex": "M",
        "birth_date": "1966-01-15",
        "salary": {"rank_coefficient": 4.65, "leadership_coefficient": 0.6, "public_service_pct": 25},
        "si_months": 264,
        "restructuring_effective_date": "2025-03-01",
        "leaving_date": "2025-05-01",
    }
    data.update(overrides)
    return data


def mr_m(**overrides) -> dict:
    """Mr M (MOHA 1814): coefficient 3.66, public service 25 %, 15 years SI, quits 1 Jun 2025 (w12).
    The source gives no birth date: any date leaving ≥ 2 years to retirement fits; 1985 is used."""
    data = {
        "category": "quit",
        "sex": "M",
        "birth_date": "1985-01-15",
        "salary": {"rank_coefficient": "3.66", "public_service_pct": "0.25"},
        "si_months": 180,
        "restructuring_effective_date": "2025-03-01",
        "leaving_date": "2025-06-01",
    }
    data.update(overrides)
    return data


def record(**overrides) -> dict:
    """A leaver record (case.json + who/where/decision): Mr M in province 01 by default."""
    data = mr_m(
        official_ref="CB001", full_name="Nguyễn Văn M", province_code="01", agency_name="Sở Nội vụ",
        decision_number="12/QĐ-UBND", decision_date="2025-05-20",
    )
    data.update(overrides)
    return data


def actor(role, provinces=(), nation=False):
    """An Actor holding one role in the given provinces (or nationwide)."""
    from localgov.access.policy import Actor, Scope

    return Actor(user_id=1, username=f"{role}-test",
                 scopes={role: Scope(nation=nation, provinces=frozenset(provinces))})


def row_of(data, headers):
    salary = data.get("salary", {})
    return [salary.get(h, data.get(h)) for h in headers]


def workbook(rows, headers=None, vietnamese=False):
    """XLSX bytes: a header row (field names or Vietnamese labels) and one row per record."""
    from io import BytesIO

    from openpyxl import Workbook

    from localgov.payouts.importer import COLUMNS

    headers = headers or list(COLUMNS)
    wb = Workbook()
    ws = wb.active
    ws.append([COLUMNS[h] for h in headers] if vietnamese else headers)
    for r in rows:
        ws.append(row_of(r, headers) if isinstance(r, dict) else r)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
