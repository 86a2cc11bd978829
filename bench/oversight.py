"""Benchmark: the national oversight dashboard read from facts vs GROUP BY over dossiers.

    .venv/bin/python bench/oversight.py [--dossiers 10000000] [--baseline-dossiers 10000000]
                                        [--reps 30] [--keep] [--no-write]

1. Creates a PostgreSQL database `bench_oversight_<pid>` (server from BENCH_PG_URL, default
   postgres://postgres@127.0.0.1:5432), migrates it and loads the real catalogue.
2. Generates the facts of ≥ `--dossiers` dossiers DIRECTLY with generate_series (34 provinces,
   3,321 communes, 92 days of Q3 2025, 8 procedures × 2 channels per commune-day, ≈ 2.25
   dossiers per row), then builds the rollups with the product's own SQL
   (`facts._rebuild_rollups`) and a due-day histogram (≈ 2 M open dossiers, ≈ 3 % overdue)
   with its province × procedure rollup (`facts.rebuild_due_rollups`).
3. Times the national dashboard's data — `page.page_data`, what the view runs — and, for the
   comparison per query, the one-widget selectors, `--reps` times: p50/p95 per call and for the
   whole page.
4. Baseline: a narrow dossier table (`bench_dossier`, the columns the indicators need; the
   real table is far wider, which favours the baseline) with `--baseline-dossiers` rows from
   generate_series, and the same indicators computed with GROUP BY (3 runs each). If a smaller
   baseline is asked for, its times are scaled linearly to the facts' dossier count and the
   output says so.
5. DuckDB (bench-only optional dependency: `pip install duckdb pyarrow`) reading the base facts
   from Parquet, the same queries.
6. Prints the ratios, appends the figures with the machine to bench/RESULTS.md
   ("## Oversight"), drops the database (unless --keep).
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds calendar.py: keep it from shadowing the standard library's `calendar`.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402
from typing import Any  # noqa: E402

HERE = Path(__file__).resolve().parent
SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB = f"bench_oversight_{os.getpid()}"
COMMUNES, DAYS, PROCS_PER_DAY, CHANNELS = 3321, 92, 8, 2
Q3 = (date(2025, 7, 1), date(2025, 9, 30))


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def sql(statement: str, params: Any = None) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(statement, params)
        return cur.fetchall() if cur.description else []


def timed(label: str, fn: Any) -> Any:
    t = time.perf_counter()
    out = fn()
    print(f"  {label}: {time.perf_counter() - t:.1f} s", flush=True)
    return out


# --- generation ----------------------------------------------------------------------------------

FACT_SQL = f"""
INSERT INTO oversight_fact (province_code, commune_code, procedure_id, day, channel, received, received_full_online,
  accepted, refused, stopped, withdrawn, done, early, on_time, late, on_time_766, late_766, closed,
  closed_with_supplement, closed_repeat_supplement, supplement_requests, processing_seconds, processing_count,
  payment_requested, paid_online, result_electronic, rating_sum, rating_count, rating_dissatisfied)
SELECT lpad(((c * 34) / {COMMUNES} + 1)::text, 2, '0'), lpad(c::text, 5, '0'),
       1 + ((c + d * 3 + k * 9) % 77), DATE '2025-07-01' + d, ch,
       r, 0, r, rf, st, st, dn, dn - l766 - (dn - l766) / 2, (dn - l766) / 2, l766, dn - l766, l766,
       dn + rf + st, (x % 6 = 0)::int, (x % 97 = 0)::int, (x % 6 = 0)::int, dn * 28800.0 * (1 + x % 5), dn,
       pay, pay * (ch - 1), greatest(dn - (x % 4 = 0)::int, 0), rc * (3 + x % 3), rc, rc * (x % 50 = 0)::int
FROM generate_series(0, {COMMUNES - 1}) c, generate_series(0, {DAYS - 1}) d,
     generate_series(0, {PROCS_PER_DAY - 1}) k, generate_series(1, {CHANNELS}) ch,
     LATERAL (SELECT (c * 7 + d * 13 + k * 17 + ch * 5) AS x) x0,
     LATERAL (SELECT 1 + x % 3 + 10 * (x % 40 = 0)::int AS r) r0,
     LATERAL (SELECT (x % 11 = 0)::int AS rf, (x % 13 = 0)::int AS st) s0,
     LATERAL (SELECT greatest(r - rf - st, 0) AS dn) d0,
     LATERAL (SELECT least(dn, (x % 9 = 0)::int + (x % 23 = 0)::int) AS l766,
                     (k % 3 = 0)::int * r AS pay, (x % 3 = 0)::int AS rc) z
"""

DUE_SQL = f"""
INSERT INTO oversight_duefact (province_code, commune_code, procedure_id, channel, due_day, open_count)
SELECT lpad(((c * 34) / {COMMUNES} + 1)::text, 2, '0'), lpad(c::text, 5, '0'), 1 + ((c + k * 9) % 77), ch,
       DATE '2025-10-01' + o, 1 + (c + k + o) % 4
FROM generate_series(0, {COMMUNES - 1}) c, generate_series(0, {PROCS_PER_DAY - 1}) k,
     generate_series(1, {CHANNELS}) ch, generate_series(-30, 14) o
WHERE o >= 0 OR ((c + k + ch) % 10 = 0 AND (c - o) % 5 = 0)
"""

BASELINE_SQL = """
CREATE UNLOGGED TABLE bench_dossier AS
SELECT i AS id, lpad((((i % {COMMUNES}) * 34) / {COMMUNES} + 1)::text, 2, '0') AS province_code,
       lpad((i % {COMMUNES})::text, 5, '0') AS commune_code, 1 + ((i / 7) % 77)::int AS procedure_id,
       (1 + (i % 5 < 3)::int)::smallint AS channel,
       TIMESTAMPTZ '2025-07-01 08:00+07' + ((i / {COMMUNES}) % {DAYS}) * INTERVAL '1 day'
         + (i % 480) * INTERVAL '1 minute' AS submitted_at,
       CASE WHEN i % 17 <> 0 THEN TIMESTAMPTZ '2025-07-01 08:00+07' + ((i / {COMMUNES}) % {DAYS} + 2 + i % 4)
         * INTERVAL '1 day' END AS decided_at,
       CASE WHEN i % 17 = 0 AND i % 2 = 0 THEN TIMESTAMPTZ '2025-07-02 08:00+07'
         + ((i / {COMMUNES}) % {DAYS}) * INTERVAL '1 day' END AS closed_at,
       (CASE WHEN i % 17 <> 0 THEN 10 WHEN i % 2 = 0 THEN 3 ELSE 4 END)::smallint AS state,
       CASE WHEN i % 17 = 0 THEN '' WHEN i % 11 = 0 THEN 'late' ELSE 'on_time' END AS outcome_766,
       TIMESTAMPTZ '2025-07-04 08:00+07' + ((i / {COMMUNES}) % {DAYS}) * INTERVAL '1 day' AS due_at,
       (i % 6 = 0) AS repeat_supplement, (i % 3 = 0) AS result_electronic, (i % 4 = 0) AS payment_requested,
       (i % 8 = 0) AS paid_online, CASE WHEN i % 3 = 0 THEN (1 + i % 5)::smallint END AS rating,
       (28800.0 * (1 + i % 5)) AS processing_seconds
FROM generate_series(1, {n}) i
"""

# The same indicator content, from dossiers. `P` = processed in the period.
_P = ("((decided_at >= '2025-07-01 00:00+07' AND decided_at < '2025-10-01 00:00+07') OR "
      "(state IN (3, 8) AND closed_at >= '2025-07-01 00:00+07' AND closed_at < '2025-10-01 00:00+07'))")
_R = "(submitted_at >= '2025-07-01 00:00+07' AND submitted_at < '2025-10-01 00:00+07')"
_AGG = (f"count(*) FILTER (WHERE {_R}) AS received, count(*) FILTER (WHERE {_R} AND channel = 2) AS online, "
        f"count(*) FILTER (WHERE {_P}) AS processed, count(*) FILTER (WHERE {_P} AND channel = 2) AS processed_online, "
        f"count(*) FILTER (WHERE {_P} AND outcome_766 = 'on_time') AS on_time, "
        f"count(*) FILTER (WHERE {_P} AND outcome_766 = 'late') AS late, "
        f"count(*) FILTER (WHERE {_P} AND repeat_supplement) AS repeat, "
        f"count(*) FILTER (WHERE state IN (2, 4, 6) AND due_at < '2025-10-01 00:00+07') AS overdue, "
        f"sum(processing_seconds) FILTER (WHERE {_P}) AS seconds, avg(rating) FILTER (WHERE {_P}) AS rating, "
        f"count(*) FILTER (WHERE {_P} AND paid_online) AS paid, count(*) FILTER (WHERE {_P} AND payment_requested) "
        f"AS charged, count(*) FILTER (WHERE {_P} AND result_electronic) AS eres")
BASELINE_QUERIES = {
    "totals": f"SELECT {_AGG} FROM bench_dossier",
    "by province": f"SELECT province_code, {_AGG} FROM bench_dossier GROUP BY 1",
    "by field": f"SELECT p.field_id, {_AGG} FROM bench_dossier d JOIN catalog_procedure p ON p.id = d.procedure_id "
                f"GROUP BY 1",
    "by procedure": f"SELECT procedure_id, {_AGG} FROM bench_dossier GROUP BY 1",
    "trend by week": f"SELECT date_trunc('week', submitted_at), {_AGG} FROM bench_dossier GROUP BY 1",
    "766 scores": f"SELECT province_code, procedure_id, {_AGG} FROM bench_dossier GROUP BY 1, 2",
    "by commune": f"SELECT commune_code, {_AGG} FROM bench_dossier GROUP BY 1",
}


def national_page(data: Any, codes: list[str]) -> list[Any]:
    """What the view builds from `page_data`: the three tables (names, indicator values)."""
    return [data.table(by, codes) for by in ("province", "field", "procedure")]


def dashboard_calls() -> dict[str, Any]:
    from localgov.oversight import page, scores, selectors
    from localgov.oversight.selectors import Area, Period
    from localgov.oversight.views import TABLE_CODES

    nation, period = Area("nation"), Period(*Q3)
    return {
        "page": lambda: national_page(page.page_data(nation, period), TABLE_CODES),
        "totals": lambda: selectors.totals(nation, period),
        "by province": lambda: selectors.table(nation, period, "province", TABLE_CODES),
        "by field": lambda: selectors.table(nation, period, "field", TABLE_CODES),
        "by procedure": lambda: selectors.table(nation, period, "procedure", TABLE_CODES),
        "trend by week": lambda: selectors.breakdown(nation, period, "week"),
        "766 scores": lambda: scores.unit_scores(nation, period),
        "by commune": lambda: selectors.table(nation, period, "commune", TABLE_CODES),
    }


#: The same content one widget at a time (how the page read it before `oversight.page`); "by
#: commune" (national best/worst communes) is the briefing's and is timed on its own. "page" is
#: what the national page (/giam-sat/) runs now: `page.page_data`, every widget in one pass.
NATIONAL_PAGE = ("totals", "by province", "by field", "by procedure", "trend by week", "766 scores")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def duckdb_run(reps: int) -> dict[str, list[float]] | str:
    try:
        import duckdb
    except ImportError:
        return "duckdb/pyarrow not installable here (pip install duckdb pyarrow)"
    from django.db import connection

    tmp = Path(tempfile.mkdtemp(prefix="bench_oversight_"))
    csv_path, parquet = tmp / "fact.csv", tmp / "fact.parquet"
    with connection.cursor() as cur, open(csv_path, "wb") as fh:
        with cur.connection.cursor().copy("COPY oversight_fact TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
            for chunk in copy:
                fh.write(chunk)
    procs = sql("SELECT id, field_id FROM catalog_procedure")
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv_auto('{csv_path}')) TO '{parquet}' (FORMAT parquet)")
    csv_path.unlink()
    con.execute("CREATE TABLE proc(id INTEGER, field_id VARCHAR)")
    con.executemany("INSERT INTO proc VALUES (?, ?)", procs)
    cols = ("sum(received), sum(received) FILTER (WHERE channel = 2), sum(closed), "
            "sum(closed) FILTER (WHERE channel = 2), sum(on_time_766), sum(late_766), sum(closed_repeat_supplement), "
            "sum(processing_seconds), sum(processing_count), sum(rating_sum), sum(rating_count), sum(paid_online), "
            "sum(payment_requested), sum(result_electronic)")
    src = f"read_parquet('{parquet}') WHERE day BETWEEN DATE '2025-07-01' AND DATE '2025-09-30'"
    queries = {
        "totals": f"SELECT {cols} FROM {src}",
        "by province": f"SELECT province_code, {cols} FROM {src} GROUP BY 1",
        "by field": f"SELECT p.field_id, {cols} FROM read_parquet('{parquet}') f JOIN proc p ON p.id = f.procedure_id "
                    f"WHERE day BETWEEN DATE '2025-07-01' AND DATE '2025-09-30' GROUP BY 1",
        "by procedure": f"SELECT procedure_id, {cols} FROM {src} GROUP BY 1",
        "trend by week": f"SELECT date_trunc('week', day), {cols} FROM {src} GROUP BY 1",
        "766 scores": f"SELECT province_code, procedure_id, {cols} FROM {src} GROUP BY 1, 2",
        "by commune": f"SELECT commune_code, {cols} FROM {src} GROUP BY 1",
    }
    out: dict[str, list[float]] = {}
    for name, q in queries.items():
        con.execute(q).fetchall()  # warm
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            con.execute(q).fetchall()
            times.append((time.perf_counter() - t) * 1000)
        out[name] = times
    size = parquet.stat().st_size
    parquet.unlink()
    tmp.rmdir()
    out["_parquet_mb"] = [size / 1e6]
    return out


def machine() -> str:
    model = ""
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines():
            if line.startswith("Model name"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    version = sql("SHOW server_version")[0][0]
    return (f"{os.cpu_count()} CPU ({model or platform.processor()}), PostgreSQL {version}, "
            f"Python {platform.python_version()}")


def main() -> None:  # noqa: C901 - a linear script
    ap = argparse.ArgumentParser()
    ap.add_argument("--dossiers", type=int, default=10_000_000, help="(informational; the generator yields ≈ 11 M)")
    ap.add_argument("--baseline-dossiers", type=int, default=10_000_000)
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--reuse-db", default=None, help="measure on a database kept by an earlier --keep run")
    args = ap.parse_args()

    global DB
    if args.reuse_db:
        DB = args.reuse_db
    else:
        admin(f"CREATE DATABASE {DB}")
    try:
        setup_django()
        from django.core.management import call_command

        print(f"database {DB}", flush=True)
        timed("migrate", lambda: call_command("migrate", verbosity=0))
        if not args.reuse_db:
            from localgov.catalog.services import load_catalog

            timed("catalogue", load_catalog)
            timed("facts (generate_series)", lambda: sql(FACT_SQL))
            from localgov.oversight.facts import _rebuild_rollups

            timed("rollups (product SQL)", lambda: _rebuild_rollups(None, None))
            timed("due-day histogram", lambda: sql(DUE_SQL))
            from localgov.oversight.facts import rebuild_due_rollups

            timed("due rollup (product SQL)", rebuild_due_rollups)
        timed("vacuum analyze", lambda: [sql(f"VACUUM ANALYZE {t}") for t in
                                         ("oversight_fact", "oversight_factrollup", "oversight_duefact",
                                          "oversight_duerollup")])
        counts = sql("SELECT count(*), sum(received), (SELECT sum(open_count) FROM oversight_duefact) "
                     "FROM oversight_fact")[0]
        rows, dossiers, open_count = (int(v) for v in counts)
        (rollups,), = sql("SELECT count(*) FROM oversight_factrollup")
        print(f"  facts: {rows:,} rows for {dossiers:,} dossiers; rollups {rollups:,} rows; {open_count:,} open",
              flush=True)

        # Same session settings for the facts path and the baseline (a production server would
        # set work_mem in postgresql.conf; the 4 MB default spills the 766 sort to disk).
        sql("SET work_mem = '64MB'")
        load_before = os.getloadavg()[0]
        calls = dashboard_calls()
        for fn in calls.values():
            fn()  # warm caches (catalogue lookups, plans)
        per: dict[str, list[float]] = {k: [] for k in calls}
        widgets: list[float] = []
        for _ in range(args.reps):
            spent = 0.0
            for name, fn in calls.items():
                t = time.perf_counter()
                fn()
                ms = (time.perf_counter() - t) * 1000
                per[name].append(ms)
                spent += ms if name in NATIONAL_PAGE else 0.0
            widgets.append(spent)
        page = per.pop("page")

        base_n = args.baseline_dossiers
        have = sql("SELECT to_regclass('bench_dossier') IS NOT NULL")[0][0]
        if have and sql("SELECT count(*) FROM bench_dossier")[0][0] != base_n:
            sql("DROP TABLE bench_dossier")
            have = False
        if not have:
            timed(f"baseline dossier table ({base_n:,} rows)",
                  lambda: sql(BASELINE_SQL.format(n=base_n, COMMUNES=COMMUNES, DAYS=DAYS)))
            timed("baseline vacuum analyze", lambda: sql("VACUUM ANALYZE bench_dossier"))
        scale = dossiers / base_n
        base: dict[str, list[float]] = {}
        for name, q in BASELINE_QUERIES.items():
            times = []
            for _ in range(3):
                t = time.perf_counter()
                sql(q)
                times.append((time.perf_counter() - t) * 1000 * scale)
            base[name] = times
            print(f"  baseline {name}: {statistics.median(times):.0f} ms", flush=True)
        print(f"  dashboard page p50 {statistics.median(page):.1f} ms, p95 {pct(page, 0.95):.1f} ms "
              f"(as six widget calls: p50 {statistics.median(widgets):.1f}, p95 {pct(widgets, 0.95):.1f})",
              flush=True)
        if not args.keep:
            sql("DROP TABLE bench_dossier")

        duck = timed("duckdb", lambda: duckdb_run(min(args.reps, 10)))

        lines = [f"Machine: {machine()}; load average {load_before:.1f} when the dashboard was timed (a shared "
                 f"machine: other sessions were running builds and tests).",
                 f"Facts of {dossiers:,} dossiers generated directly ({rows:,} base rows, {rollups:,} rollup rows, "
                 f"{open_count:,} open dossiers in the due-day histogram); national dashboard for Q3 2025 "
                 f"(1 Jul – 30 Sep), {args.reps} repetitions, warm cache.",
                 f"work_mem 64 MB for both paths. Baseline: GROUP BY over a narrow dossier table of {base_n:,} rows"
                 + (f" (times scaled ×{scale:.2f} to {dossiers:,})" if abs(scale - 1) > 0.01 else
                    f" (times scaled ×{scale:.3f} to the facts' {dossiers:,} dossiers)") + ", 3 runs, median.",
                 "", "| query | facts p50 ms | facts p95 ms | GROUP BY dossiers ms | ratio | DuckDB/Parquet p50 ms |",
                 "|---|---|---|---|---|---|"]
        total_base = 0.0
        for name in per:
            p50, p95 = statistics.median(per[name]), pct(per[name], 0.95)
            b = statistics.median(base[name])
            total_base += b if name in NATIONAL_PAGE else 0.0
            d = f"{statistics.median(duck[name]):.1f}" if isinstance(duck, dict) else "—"
            lines.append(f"| {name} | {p50:.1f} | {p95:.1f} | {b:.0f} | {b / p50:.0f}× | {d} |")
        dtotal = (f"{sum(statistics.median(v) for k, v in duck.items() if k in NATIONAL_PAGE):.1f}"
                  if isinstance(duck, dict) else "—")
        w50, w95 = statistics.median(widgets), pct(widgets, 0.95)
        lines.append(f"| national page as six widget calls | {w50:.1f} | {w95:.1f} | {total_base:.0f} | "
                     f"{total_base / w50:.0f}× | {dtotal} |")
        page50, page95 = statistics.median(page), pct(page, 0.95)
        lines.append(f"| **national page (`page.page_data`, what /giam-sat/ runs)** | {page50:.1f} | {page95:.1f} | "
                     f"{total_base:.0f} | {total_base / page50:.0f}× | {dtotal} |")
        if isinstance(duck, dict):
            lines.append("")
            lines.append(f"DuckDB {__import__('duckdb').__version__} reads the base facts from Parquet "
                         f"({duck['_parquet_mb'][0]:.0f} MB); the facts path reads the rollups in PostgreSQL.")
        else:
            lines.append("")
            lines.append(f"DuckDB: {duck}.")
        print("\n".join(lines))
        if not args.no_write:
            write_results(lines)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
            print(f"dropped {DB}")


def write_results(lines: list[str]) -> None:
    path = HERE / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    section = "## Oversight\n\n" + f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} — " \
        "`.venv/bin/python bench/oversight.py`\n\n" + "\n".join(lines) + "\n"
    if "## Oversight" in text:
        head, _sep, rest = text.partition("## Oversight")
        nxt = rest.find("\n## ")
        text = head + section + (rest[nxt:] if nxt >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
