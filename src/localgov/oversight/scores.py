"""Decision 766 scores from the facts: the measures (ratios) per province or commune, fed to
the pure scorer (`score766.py`). Each measure names the indicator of
docs/domain/decision-766.md §2 it stands for; what our data cannot measure is left None ("chưa đo")."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.db import connection

from localgov.catalog.models import Procedure
from localgov.feedback.selectors import Place, group5_inputs
from localgov.oversight import score766
from localgov.oversight.indicators import INDICATORS
from localgov.oversight.selectors import EPOCH, Area, Period, fold, names, overdue, sum_facts, sum_facts_sql


class Catalogue(NamedTuple):
    """What the 766 scores read from the catalogue (docs/domain/decision-766.md §2)."""

    online: set[int]  # procedures offering an online service (partial or full)
    full: set[int]  # procedures offered full-process (toàn trình)
    count: int  # active procedures
    commune_level: frozenset[int] = frozenset()  # under a commune's own authority
    province_level: frozenset[int] = frozenset()  # decided at provincial level
    #: 1.3: procedures whose record has every component (Decree 63/2010 Art. 8) ÷ procedures
    components_complete: float | None = None
    fee_bearing: frozenset[int] = frozenset()  # 3.5b: procedures with a fee or charge (catalogue)


#: Decree 63/2010/NĐ-CP Art. 8 (as amended by Decree 92/2017): the components a published
#: procedure must carry; Decision 766 indicator 1.3 counts procedures with all of them.
COMPONENT_FIELDS = ("name", "deadline_basis", "fee_text", "documents", "channels", "result_name",
                    "legal_basis", "competent_agency_kind")


def catalog() -> Catalogue:
    """The catalogue as the scores read it."""

    rows = list(Procedure.objects.filter(active=True).values_list("id", "online_level", "level", "fee_bearing",
                                                                  *COMPONENT_FIELDS))
    online = {r[0] for r in rows if r[1] != "none"}
    full = {r[0] for r in rows if r[1] == "full"}
    complete = sum(1 for r in rows if all(r[4:]))
    return Catalogue(online, full, len(rows), frozenset(r[0] for r in rows if r[2] == "commune"),
                     frozenset(r[0] for r in rows if r[2] == "province"),
                     complete / len(rows) if rows else None, frozenset(r[0] for r in rows if r[3] == "yes"))


EXTRA_COUNTERS = ("received", "payment_requested", "paid_online")


def _fee(catalog: tuple[Any, ...]) -> frozenset[int]:
    return catalog.fee_bearing if isinstance(catalog, Catalogue) else frozenset()


def _extras_of(procedure_rows: list[dict[str, Any]], catalog: tuple[Any, ...]) -> dict[str, float]:
    online_procs, full_procs, fee = catalog[0], catalog[1], _fee(catalog)
    return {
        "procs_used_online": sum(1 for r in procedure_rows if r["online.received"] > 0
                                 and r["procedure"] in online_procs),
        "procs_charged": sum(1 for r in procedure_rows if r["payment_requested"] > 0),
        "procs_paid_online": sum(1 for r in procedure_rows if r["paid_online"] > 0),
        "procs_paid_online_fee": sum(1 for r in procedure_rows if r["paid_online"] > 0 and r["procedure"] in fee),
        "received_full_eligible": sum(r["received"] for r in procedure_rows if r["procedure"] in full_procs),
    }


def score_extras(area: Area, period: Period, child: str | None, catalog: tuple[Any, ...], *,
                 procedure_rows: list[dict[str, Any]] | None = None) -> dict[Any, dict[str, float]]:
    """The distinct-procedure measures (3.2 services used online, 3.5b procedures paid online)
    and the full-process denominator, per child unit and for the area (key None).

    A procedure counts for a unit when its counter summed over the period is positive (counters
    are never negative, so this equals "some fact row of the period is positive"). Per child:
    counters summed per (child, procedure) in a subquery, counted per child around it — one
    statement, ~34 rows back for the nation. The area's own: from its per-procedure sums
    (`procedure_rows`, which the dashboard has already read; else read here)."""
    online_procs, full_procs = catalog[0], catalog[1]
    if procedure_rows is None:
        procedure_rows = sum_facts(area, period, group=["procedure"], counters=EXTRA_COUNTERS)
    out: dict[Any, dict[str, float]] = {None: _extras_of(procedure_rows, catalog)}
    _add_group5(out, area, period, child)
    if not child:
        return out
    inner, params, names_out = sum_facts_sql(area, period, group=[child, "procedure"], counters=EXTRA_COUNTERS)
    col = {name: f"c{i}" for i, name in enumerate(names_out)}
    online = ", ".join(str(p) for p in sorted(online_procs)) or "NULL"
    full = ", ".join(str(p) for p in sorted(full_procs)) or "NULL"
    fee = ", ".join(str(p) for p in sorted(_fee(catalog))) or "NULL"
    proc, unit = col["procedure"], col[child]
    sql = (f"SELECT {unit}, "  # noqa: S608 - our names
           f"SUM(CASE WHEN {col['online.received']} > 0 AND {proc} IN ({online}) THEN 1 ELSE 0 END), "
           f"SUM(CASE WHEN {col['payment_requested']} > 0 THEN 1 ELSE 0 END), "
           f"SUM(CASE WHEN {col['paid_online']} > 0 THEN 1 ELSE 0 END), "
           f"SUM(CASE WHEN {proc} IN ({full}) THEN {col['received']} ELSE 0 END), "
           f"SUM(CASE WHEN {col['paid_online']} > 0 AND {proc} IN ({fee}) THEN 1 ELSE 0 END) "
           f"FROM ({inner}) t GROUP BY {unit}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for key, used, charged, paid, eligible, paid_fee in cursor.fetchall():
            out.setdefault(key, {}).update({
                "procs_used_online": int(used or 0), "procs_charged": int(charged or 0),
                "procs_paid_online": int(paid or 0), "received_full_eligible": float(eligible or 0),
                "procs_paid_online_fee": int(paid_fee or 0)})
    return out


def _add_group5(out: dict[Any, dict[str, float]], area: Area, period: Period, child: str | None) -> None:
    """Group 5 (indicators 5.2–5.4) counts from the complaint records (feedback app)."""
    place = Place(province_code=area.province, commune_code=area.commune)
    for key, counts in group5_inputs(place, child, period.start, period.end).items():
        out.setdefault(key, {}).update(counts)


def measures_from(t: dict[str, float], catalog: tuple[Any, ...], level: str = "province",
                  inputs: dict[str, float | None] | None = None) -> dict[str, float | None]:
    """The ratios of one unit from its totals (with the `_extra` aggregates). Each names its
    indicator of Decision 766/QĐ-TTg's annex (docs/domain/decision-766.md §2). `level`: the
    unit's ("commune" for a commune, else "province" — the nation scores as a province would).
    `inputs`: measures from outside the facts (1.4, the DVCQG synchronisation rate: None until
    the synchronisation provides it)."""
    cat = catalog if isinstance(catalog, Catalogue) else Catalogue(catalog[0], catalog[1], catalog[2])
    online_procs = cat.online
    if level == "commune" and cat.commune_level:
        # 3.1: the procedures under the commune's own authority; 3.2: a commune's online services
        # include the provincial ones it receives (one-stop rules §3.2)
        own = cat.commune_level
        services = cat.commune_level | cat.province_level
        receivable = services
    else:
        own = services = receivable = None

    def ratio(a: float, b: float) -> float | None:
        return min(1.0, a / b) if b else None

    sync = (inputs or {}).get("sync_rate")
    # 3.3: online dossiers, less those decided without the e-result their paper result requires
    received = t.get("received", 0)
    online_share = (max(0.0, t.get("online.received", 0) - t.get("online_paper_no_e_result", 0)) / received
                    if received else None)
    return {
        "components_complete": cat.components_complete,  # 1.3 (catalogue)
        "sync_rate": sync,  # 1.4: an input (DVCQG reconciliation), None = chưa đo
        "on_time_766": INDICATORS["on_time_766"].value(t),  # 2.1
        "avg_processing_days": INDICATORS["avg_processing_days"].value(t),  # 2.2 (tracking)
        # 3.1: online services ÷ procedures under the unit's authority
        "procedures_online": (ratio(len(online_procs & own), len(own)) if own is not None
                              else ratio(len(online_procs), cat.count)),
        # 3.2: online services with ≥ 1 online dossier ÷ the unit's online services
        "services_used": ratio(t.get("procs_used_online", 0),
                               len(online_procs & services) if services is not None else len(online_procs)),
        # 3.3: online dossiers (with an e-result where a paper result is required) ÷ received × the
        # sync rate (1 until the sync rate is measured)
        "online_share": None if online_share is None else online_share * (1.0 if sync is None else sync),
        "full_online_eligible": ratio(t.get("received_full_online", 0), t.get("received_full_eligible", 0)),  # m0
        # 3.5b: fee-bearing procedures with ≥ 1 online payment ÷ the fee-bearing procedures under the
        # unit's authority (catalogue `fee_bearing`; a commune's: commune and provincial ones)
        "procedures_paid_online": ratio(t.get("procs_paid_online_fee", 0),
                                        len(cat.fee_bearing & receivable) if receivable is not None
                                        else len(cat.fee_bearing)),
        "paid_online_share": ratio(t.get("paid_online", 0), t.get("payment_requested", 0)),  # 3.6
        # 4.1: e-result ÷ dossiers of procedures that return a paper result
        "e_result": ratio(t.get("e_result_paper", 0), t.get("done_paper_result", 0)),
        "digitised": ratio(t.get("done_digitised", 0), t.get("done", 0)),  # 4.2
        "reused": ratio(t.get("done_reused", 0), t.get("done", 0)),  # 4.3
        "personal_store": ratio(t.get("done_personal_store", 0), t.get("done", 0)),  # 4.4
        "identity": ratio(t.get("done_identity", 0), t.get("done", 0)),  # 4.5b
        "complaints_on_time": ratio(t.get("complaints_on_time", 0), t.get("complaints", 0)),  # 5.2
        "complaints_satisfied": ratio(t.get("complaints_satisfied", 0), t.get("complaints", 0)),  # 5.3
        "satisfaction": INDICATORS["satisfaction"].value(t),  # 5.4
    }


def open_and_overdue(area: Area, period: Period, child: str | None) -> dict[Any, dict[str, float]]:
    """Per child (and None: the area) the dossiers open at the period's end and those overdue,
    which indicator 2.1 counts as processed (`indicators._on_time_21`)."""
    group = [child] if child else []
    rows = sum_facts(area, Period(EPOCH, period.end), group=group, counters=("received", "closed"))
    out: dict[Any, dict[str, float]] = {}
    for r in rows:
        key = r[child] if child else None
        acc = out.setdefault(key, {"open": 0.0, "overdue_open": 0.0})
        acc["open"] += (r.get("received") or 0) - (r.get("closed") or 0)
    for key, n in overdue(area, period, group=child).items():
        out.setdefault(key if child else None, {"open": 0.0, "overdue_open": 0.0})["overdue_open"] = n
    return out


def scores_from(area: Area, own: dict[str, float], children: dict[Any, dict[str, float]],
                extras: dict[Any, dict[str, float]], catalog: tuple[Any, ...], *,
                profile: str | None = None, stocks: dict[Any, dict[str, float]] | None = None,
                inputs: dict[str, float | None] | None = None) -> dict[str, Any]:
    """Scores and ranks from summed counters (the area's own, and per child) plus `score_extras`
    and `open_and_overdue` (`stocks`; None: read here)."""
    config = score766.load_config(profile=profile)
    child = area.child_level()
    if stocks is None:
        stocks = {}
    notes: dict[str, str] = {}
    units: list[tuple[int, score766.UnitScore, str]] = []
    if child:
        labels = names(child, children.keys())
        level = "commune" if child == "commune" else "province"
        scored = [score766.score_unit(str(u), measures_from({**t, **extras.get(u, {}), **stocks.get(u, {})}, catalog,
                                                            level, inputs), config, notes=notes)
                  for u, t in children.items()]
        units = [(r, s, labels.get(s.unit, s.unit or "Cấp tỉnh")) for r, s in score766.rank(scored)]
    area_level = "commune" if area.level == "commune" else "province"
    area_score = score766.score_unit(
        area.code or "VN", measures_from({**own, **extras.get(None, {}), **stocks.get(None, {})}, catalog,
                                         area_level, inputs), config, notes=notes)
    return {"config": config, "area": area_score, "units": units}


def unit_scores(area: Area, period: Period, *, profile: str | None = None) -> dict[str, Any]:
    """766 scores of the area's children (provinces of the nation, communes of a province),
    ranked, plus the area itself. {"config", "area": UnitScore, "units": [(rank, UnitScore, name)]}."""
    cat = catalog()
    child = area.child_level()
    children = fold(sum_facts(area, period, group=[child]), key=lambda r: r[child]) if child else {}
    own = (sum_facts(area, period) or [{}])[0]
    stocks = open_and_overdue(area, period, child)
    if child:
        own_stock = {"open": sum(v["open"] for v in stocks.values()),
                     "overdue_open": sum(v["overdue_open"] for v in stocks.values())}
        stocks[None] = own_stock
    return scores_from(area, own, children, score_extras(area, period, child, cat), cat, profile=profile,
                       stocks=stocks)
