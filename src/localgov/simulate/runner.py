"""Run a simulation: plan day by day and province by province (memory stays flat: only the
desks' queue state is kept between days), write through the chosen path, then the facts.

A database that already holds simulated data is refused unless `reset=True`, which deletes
exactly the simulated dossiers (their events, documents and dossier-code counters) and the runs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import logging
import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from localgov.dossiers.models import Dossier, DossierCounter, DossierDocument
from localgov.feedback import simulation as feedback_simulation
from localgov.outbox import enqueue as outbox_enqueue
from localgov.outbox import services as outbox_services
from localgov.oversight import facts
from localgov.simulate import deferred_indexes, preflight
from localgov.simulate.bulk_path import BulkWriter
from localgov.simulate.models import SimulationRun
from localgov.simulate.params import ASSUMPTIONS_FILE, Params, load_params, notification_rates
from localgov.simulate.planner import Planner, ProvinceSpec
from localgov.simulate.service_path import run_plans
from localgov.simulate.world import World, load_world
from localgov.units.models import ServiceCentre
from localgov.workcalendar.adapter import get_calendar

MARK = "simulation"
log = logging.getLogger("localgov.simulate")


class AlreadySimulated(RuntimeError):
    pass


@dataclass
class RunResult:
    run_id: int
    dossiers: int
    events: int
    seconds: float
    write_seconds: float
    facts_seconds: float
    facts: str  # "computed in bulk" | "incremental (service hooks)" | "unavailable"
    communes: int = 0
    staffed_communes: int = 0  # of `communes`, those whose desks follow the workforce data
    index_seconds: float = 0.0  # building the indexes deferred during the load (`defer_indexes`)
    deferred_indexes: int = 0


def simulated() -> Any:
    """The simulated dossiers: marked in their form data, and the members of simulated bundles
    (whose form data is the member's own: group, sub-deadline)."""
    return Dossier.objects.filter(Q(form_data__has_key=MARK) | Q(parent__form_data__has_key=MARK))


def has_simulated_data() -> bool:
    return SimulationRun.objects.exists() or simulated().exists()


def rebuild_facts(date_from: date | None, date_to: date | None) -> str:
    """Recompute the oversight facts of the period from the events (`oversight.facts.rebuild`).
    Returns "rebuilt" or "failed: …" — a failure of the facts must not lose the simulated
    dossiers, which stay valid and can be rebuilt later."""

    try:
        facts.rebuild(date_from=date_from, date_to=date_to)
    except Exception as exc:  # noqa: BLE001 - reported to the caller, the data stays
        log.warning("simulate: facts rebuild failed: %s", exc)
        return f"failed: {exc}"
    return "rebuilt"


def refresh_bulk_facts(date_from: date, date_to: date) -> str:
    """After a bulk write that added its base facts and its open dossiers' due-day counts itself
    (`BulkWriter(facts=True)`): the rollups of both, set-based (`oversight.facts.refresh_after_bulk`)."""

    facts.refresh_after_bulk(date_from, date_to, due_added=True)
    return "computed in bulk"


def reset() -> int:
    """Delete every simulated dossier with its events, documents, personal-data access records and
    counter increments, and the runs. Events are append-only (a trigger refuses DELETE); this is
    the one deliberate, documented bypass, limited to simulated dossiers."""
    deferred_indexes.restore_pending()
    runs = list(SimulationRun.objects.values_list("date_from", "date_to"))
    event_table = "dossiers_dossierevent"
    with transaction.atomic(), connection.cursor() as cur:
        ids_sql = _materialise_ids(cur)
        replica = False
        if connection.vendor == "postgresql":
            # triggers off for this transaction only (superuser); else disable the one trigger
            try:
                with transaction.atomic():
                    cur.execute("SET LOCAL session_replication_role = replica")
                replica = True
            except DatabaseError:
                cur.execute(f"ALTER TABLE {event_table} DISABLE TRIGGER dossiers_event_no_update")
        elif connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER IF EXISTS dossiers_event_no_update")
            cur.execute("DROP TRIGGER IF EXISTS dossiers_event_no_delete")
        cur.execute(f"DELETE FROM {event_table} WHERE dossier_id IN ({ids_sql})")  # noqa: S608
        if replica:
            cur.execute("SET LOCAL session_replication_role = origin")
        elif connection.vendor == "postgresql":
            cur.execute(f"ALTER TABLE {event_table} ENABLE TRIGGER dossiers_event_no_update")
        elif connection.vendor == "sqlite":
            migration = importlib.import_module("localgov.dossiers.migrations.0002_append_only_events")
            for sql in migration.SQLITE_UP:
                cur.execute(sql)
        feedback_simulation.reset()  # simulated complaints (their trips go with the dossiers below)
        _delete_access_records(cur, ids_sql)
        # simulated documents are papers presented at the counter: no stored file to remove
        cur.execute(f"DELETE FROM {DossierDocument._meta.db_table} WHERE dossier_id IN ({ids_sql})")  # noqa: S608
        cur.execute(f"DELETE FROM {Dossier._meta.db_table} WHERE id IN ({ids_sql})")  # noqa: S608
        count = cur.rowcount
        cur.execute(f"DROP TABLE {_RESET_IDS}")
        _recount(runs)
        SimulationRun.objects.all().delete()
    if runs:
        rebuild_facts(min(r[0] for r in runs), max(r[1] for r in runs))
    return count


#: The ids of the simulated dossiers, collected once per reset (`_materialise_ids`).
_RESET_IDS = "simulate_reset_ids"


def _materialise_ids(cur: Any) -> str:
    """Collect the simulated dossiers' ids into a temporary table (analysed on PostgreSQL) and
    return the subquery that reads them. Each DELETE then joins a table of known size instead of
    planning `simulated()` — a JSON key test (`form_data ? 'simulation'`, joined to the parent)
    whose selectivity the planner can only guess — once per table. Seen once in the PostgreSQL
    test suite with that subquery in every DELETE: the events' DELETE of a reset of 7,317 dossiers
    (40,018 events) still running, one core busy, after 13 minutes, right after their bulk load."""
    ids_sql, ids_params = simulated().values("id").query.sql_with_params()
    cur.execute(f"DROP TABLE IF EXISTS {_RESET_IDS}")
    cur.execute(f"CREATE TEMPORARY TABLE {_RESET_IDS} AS {ids_sql}", ids_params)
    if connection.vendor == "postgresql":
        cur.execute(f"ANALYZE {_RESET_IDS}")
    return f"SELECT id FROM {_RESET_IDS}"  # noqa: S608 - our table name


def _delete_access_records(cur: Any, ids_sql: str) -> None:
    """Personal-data access records pointing at simulated dossiers (access app), if any."""

    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is Dossier and model._meta.app_label not in ("dossiers",):
                table = model._meta.db_table
                cur.execute(f"DELETE FROM {table} WHERE {f.column} IN ({ids_sql})")  # noqa: S608


def _recount(runs: list[tuple[date, date]]) -> None:
    """Dossier-code counters of the simulated days back to what the remaining dossiers use."""
    if not runs:
        return
    days = set()
    for first, last in runs:
        d = first
        while d <= last:
            days.add(d.strftime("%y%m%d"))
            d = date.fromordinal(d.toordinal() + 1)
    keep: dict[tuple[str, str], int] = {}
    for code in Dossier.objects.values_list("code", flat=True).iterator():
        prefix, _, rest = code.rpartition("-")
        prefix, _, day = prefix.rpartition("-")
        if day in days and rest.isdigit():
            keep[(prefix, day)] = max(keep.get((prefix, day), 0), int(rest))
    DossierCounter.objects.filter(day__in=days).delete()
    DossierCounter.objects.bulk_create([DossierCounter(prefix=p, day=d, value=v) for (p, d), v in keep.items()])


def parameters_hash() -> str:
    return hashlib.sha256(ASSUMPTIONS_FILE.read_bytes()).hexdigest()


def run(*, date_from: date, date_to: date, scale: float, seed: int, path: str = "bulk",
        provinces: Sequence[str] | None = None, reset_first: bool = False, facts: bool = True,
        params: Params | None = None, progress: Callable[[int, int, int], None] | None = None,
        batch: int = 5000, workers: int = 1, defer_indexes: bool = False) -> RunResult:
    """Simulate [date_from, date_to]; `progress(done_units, total_units, dossiers)` after each
    (day, province) unit. `workers` > 1 (bulk path): that many groups of provinces, each written
    by its own process over its own connection on PostgreSQL (see `_write_parallel`); SQLite has
    one writer, so there the groups are written one after the other. `defer_indexes`
    (PostgreSQL): the dossier tables' plain secondary indexes dropped for the load and built at
    its end, however it ends (`deferred_indexes`)."""
    if path not in ("bulk", "service"):
        raise ValueError(f"Đường ghi không hợp lệ: «{path}» (bulk hoặc service).")
    if not scale > 0:
        raise ValueError(f"Quy mô phải lớn hơn 0, không phải {scale}.")
    if date_to < date_from:
        raise ValueError(f"Ngày bắt đầu ({date_from}) sau ngày kết thúc ({date_to}).")
    if workers < 1:
        raise ValueError(f"Số tiến trình ghi phải từ 1 trở lên, không phải {workers}.")
    if defer_indexes:
        deferred_indexes.check_supported()  # before anything is written
    deferred_indexes.restore_pending()
    earlier = has_simulated_data()
    if earlier and not reset_first:
        raise AlreadySimulated("Cơ sở dữ liệu đã có dữ liệu mô phỏng; dùng --reset để xóa và chạy lại.")
    t0 = time.perf_counter()
    params = params or load_params()
    # desks staffed as the workforce data says on the first day, where it has the commune
    world = load_world(params, provinces, staffing_day=date_from)
    cal = get_calendar()
    # everything the run needs is there, or it is refused before anything is written
    preflight.check(world, date_from=date_from, date_to=date_to, calendar_range=(cal.first_day, cal.last_day))
    t_world = time.perf_counter() - t0
    if earlier:
        reset()
    started = time.perf_counter() - t_world
    sim = SimulationRun.objects.create(seed=seed, scale=scale, date_from=date_from, date_to=date_to, path=path,
                                       provinces=sorted(provinces or []), parameters_hash=parameters_hash(),
                                       staffing=world.staffing_label(date_from))
    parallel = path == "bulk" and workers > 1 and len(world.provinces) > 1
    # one INFO line per transition is right for real use, noise for a simulation
    dossier_log = logging.getLogger("localgov.dossiers")
    log_level = dossier_log.level
    dossier_log.setLevel(max(log_level, logging.WARNING))
    n_d = n_e = 0
    dropped: list[str] = []
    index_seconds = 0.0
    failed = restored = False
    try:
        if defer_indexes:
            dropped = deferred_indexes.defer(sim)
        if parallel:
            job = _Job(date_from=date_from, date_to=date_to, scale=scale, seed=seed, params=params, run_id=sim.pk,
                       facts=facts, batch=batch, provinces=())
            n_d, n_e = _write_parallel(job, world.provinces, workers)
        else:
            n_d, n_e = _write(_Job(date_from=date_from, date_to=date_to, scale=scale, seed=seed, params=params,
                                   run_id=sim.pk, facts=facts, batch=batch, provinces=()),
                              world, path=path, progress=progress)
        if dropped:
            restored = True
            index_seconds = _restore_indexes(sim, load_failed=False)
        _analyze(path)
        # complaints and trips drawn from the written dossiers: one function for both paths
        feedback_simulation.seed(simulated().filter(submitted_at__date__gte=date_from), date_to=date_to, seed=seed)
        write_seconds = time.perf_counter() - started - index_seconds
        facts_state = "unavailable"
        if path == "service":
            facts_state = "incremental (service hooks)"
        elif facts:
            facts_state = refresh_bulk_facts(date_from, date_to)
        if outbox_enqueue.enabled():  # the quarter's notifications and syncs, delivered as assumed
            outbox_services.settle_simulated(date_from=date_from, date_to=date_to, rates=notification_rates())
    except BaseException:
        failed = True
        raise
    finally:
        dossier_log.setLevel(log_level)
        if failed:
            if dropped and not restored:
                _restore_indexes(sim, load_failed=True)
            _discard(sim)
    seconds = time.perf_counter() - started
    SimulationRun.objects.filter(pk=sim.pk).update(status="done", dossiers=n_d, events=n_e, seconds=seconds,
                                                   finished_at=timezone.now())
    return RunResult(run_id=sim.pk, dossiers=n_d, events=n_e, seconds=seconds, write_seconds=write_seconds,
                     facts_seconds=seconds - write_seconds - index_seconds, facts=facts_state,
                     communes=world.communes, staffed_communes=world.staffed_communes,
                     index_seconds=index_seconds, deferred_indexes=len(dropped))


def _discard(sim: SimulationRun) -> None:
    """A run that failed half-way leaves nothing behind: the days it committed (one transaction a
    day; each worker's own on PostgreSQL), their facts and its run record are removed as `reset`
    removes them — the database held no simulated data when the run began (`run` refuses or
    resets first), so the simulated data are exactly this run's. Should the removal fail too
    (the database gone), the run is marked failed and the error logged; the load's error is
    the one raised, and `--reset` clears the rest."""
    try:
        reset()
    except Exception as exc:
        log.error("simulate: the failed run #%s could not be removed (%s); `--reset` removes it", sim.pk, exc)
        try:
            SimulationRun.objects.filter(pk=sim.pk).update(status="failed")
        except Exception:  # noqa: BLE001 - the database is gone; nothing more to record
            pass


def _analyze(path: str) -> None:
    """PostgreSQL, after a bulk load: fresh planner statistics for the dossier tables at once
    (PostgreSQL's advice for populating a database, "Run ANALYZE Afterwards"). Until autovacuum
    gets to them, the planner judges a million new rows by the statistics of empty tables and
    picks plans that read whole tables (bench/RESULTS.md, "Simulation"). ANALYZE samples at most
    30,000 rows a table, so it costs seconds, not minutes."""
    if path == "bulk" and connection.vendor == "postgresql":
        tables = ", ".join(deferred_indexes.TABLES)
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {tables}")


def _restore_indexes(sim: SimulationRun, *, load_failed: bool) -> float:
    """Build the indexes the run deferred; the seconds it took. When the load failed, a failure
    here is logged, not raised (the load's error is the one to see): the definitions stay in the
    run's row and the next simulation or reset builds them (`deferred_indexes.restore_pending`)."""
    t0 = time.perf_counter()
    try:
        deferred_indexes.restore(sim)
    except Exception as exc:
        if not load_failed:
            raise
        log.error("simulate: the deferred indexes could not be built now (%s); the next run builds them", exc)
    return time.perf_counter() - t0


@dataclass(frozen=True)
class _Job:
    """What a writer needs besides the world (picklable: handed to worker processes)."""

    date_from: date
    date_to: date
    scale: float
    seed: int
    params: Params
    run_id: int
    facts: bool
    batch: int
    provinces: tuple[str, ...]  # a worker's group ("" stream = the single-process writer)
    stream: str = ""


def _write(job: _Job, world: World, *, path: str = "bulk", progress: Callable[[int, int, int], None] | None = None,
           record: bool = True) -> tuple[int, int]:
    """Plan day by day, province by province, and write through `path`, one transaction a day;
    `record`: keep the run's row (last day, counts) up to date after each day."""
    planner = Planner(params=job.params, provinces=world.provinces, procedures=world.procedures, cal=get_calendar(),
                      seed=job.seed, scale=job.scale, date_from=job.date_from, date_to=job.date_to,
                      birth_prefixes=world.birth_prefixes, bundles=world.bundles)
    writer = None
    if path == "bulk":

        centre_commune = dict(ServiceCentre.objects.values_list("pk", "commune_id"))
        writer = BulkWriter(agencies=world.agencies, centre_commune=centre_commune, run_id=job.run_id,
                            seed=job.seed, facts=job.facts, stream=job.stream)
    days = planner.working_days()
    total_units = len(days) * len(world.provinces)
    n_d = n_e = 0
    done = [0]
    try:
        for day in days:
            def plans_of_day(day: date = day, written: int = n_d) -> Any:
                for prov in world.provinces:
                    plans = planner.plan_day(day, prov)
                    yield from plans
                    done[0] += 1
                    written += len(plans)
                    if progress:
                        progress(done[0], total_units, written)

            with transaction.atomic():
                if writer is not None:
                    d, e = writer.write(plans_of_day(), batch=job.batch)
                else:

                    d, e = run_plans(plans_of_day(), job.run_id)
                n_d, n_e = n_d + d, n_e + e
                if record:
                    SimulationRun.objects.filter(pk=job.run_id).update(last_day=day, dossiers=n_d, events=n_e)
    finally:
        if writer is not None:
            writer.close()
    return n_d, n_e


def _groups(provinces: Sequence[ProvinceSpec], n: int) -> list[tuple[str, ...]]:
    """`n` groups of provinces of about equal demand (population), largest first."""
    groups: list[list[str]] = [[] for _ in range(n)]
    load = [0] * n
    for prov in sorted(provinces, key=lambda p: (-p.population, p.code)):
        i = load.index(min(load))
        groups[i].append(prov.code)
        load[i] += prov.population
    return [tuple(sorted(g)) for g in groups if g]


#: Fork one process per group on PostgreSQL. Off in the tests, which run inside one transaction
#: of one connection: the groups are then written one after the other in this process.
FORK_WORKERS = True


def _worker(job: _Job) -> tuple[int, int]:

    try:
        return _write(job, load_world(job.params, job.provinces, staffing_day=job.date_from), record=False)
    finally:
        connections.close_all()


def _write_parallel(job: _Job, provinces: Sequence[ProvinceSpec], workers: int) -> tuple[int, int]:
    """PostgreSQL: one forked process per group of provinces, each with its own connection,
    planning and COPYing its provinces day by day. Provinces are independent by construction
    (own random streams per commune, own queues, own dossier-code prefixes — the agencies of the
    province); ids come from blocks reserved on the identity sequences (`BulkWriter._reserve_ids`).
    The data equals a single-process run's except the ids and the random receipt secrets."""


    jobs = [dataclasses.replace(job, provinces=group, stream=f":{i}")
            for i, group in enumerate(_groups(provinces, workers))]
    if FORK_WORKERS and connection.vendor == "postgresql":
        connections.close_all()  # the children must not share the parent's socket
        with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
            counts = pool.map(_worker, jobs)
    else:
        counts = [_write(j, load_world(j.params, j.provinces, staffing_day=j.date_from), record=False) for j in jobs]
    n_d, n_e = sum(c[0] for c in counts), sum(c[1] for c in counts)
    cal, last = get_calendar(), job.date_to
    while last > job.date_from and not cal.is_working_day(last):
        last = date.fromordinal(last.toordinal() - 1)
    SimulationRun.objects.filter(pk=job.run_id).update(last_day=last, dossiers=n_d, events=n_e)
    return n_d, n_e
