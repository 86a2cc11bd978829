"""The PDF statement for the person who leaves: salary, dates, each component with its formula and
legal basis, the total and the caveats (WeasyPrint, DejaVu fonts, A4)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from localgov.payouts.rules import DECREE, SALARY_BASIS, SALARY_EXCLUDED, Calculation, fmt_vnd

logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _vn_date(value: Any) -> str:
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, str):
        try:
            return f"{date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    return "" if value is None else str(value)


def statement_context(calculation: Calculation, person: Mapping[str, Any]) -> dict[str, Any]:
    d = calculation.as_dict()
    info = {
        "name": person.get("name") or person.get("full_name") or "",
        "official_ref": person.get("official_ref") or "",
        "position": person.get("position") or "",
        "agency": person.get("agency") or "",
        "decision_number": person.get("decision_number") or "",
        "decision_date": _vn_date(person.get("decision_date")),
        "birth_date": _vn_date(person.get("birth_date")),
        "leaving_date": _vn_date(person.get("leaving_date")),
    }
    sex = {"M": "nam", "F": "nữ"}.get(str(person.get("sex", "")), "")
    return {
        "person": info,
        "sex": sex,
        "decree": DECREE,
        "category_label": d["category_label"],
        "eligible": d["eligible"],
        "reasons": d["reasons"],
        "salary": fmt_vnd(calculation.monthly_salary),
        "salary_lines": [{**s.as_dict(), "amount": fmt_vnd(s.amount)} for s in calculation.salary_lines],
        "salary_basis": SALARY_BASIS,
        "excluded": "; ".join(SALARY_EXCLUDED),
        "facts": d["details"],
        "components": [{**c, "amount": fmt_vnd(c["amount_vnd"])} for c in d["components"]],
        "total": fmt_vnd(d["total_vnd"]),
        "warnings": d["warnings"],
        "today": f"{date.today():%d/%m/%Y}",
    }


def render_statement(calculation: Calculation, person: Mapping[str, Any] | None = None) -> bytes:
    """The statement as PDF bytes. `person` carries the name, agency, decision and dates to print
    (the case.json mapping works as is)."""
    # WeasyPrint takes seconds to import: loaded when a PDF is made
    from weasyprint import HTML

    html = render_to_string("payouts/statement.html", statement_context(calculation, person or {}))
    return HTML(string=html).write_pdf()
