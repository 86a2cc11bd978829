"""Officer queue pages with 100,000 dossiers in one unit.

    .venv/bin/python bench/ui_queues.py [--rows 100000] [--repeat 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_ui .venv/bin/python bench/ui_queues.py

Builds a throwaway database (SQLite under a temporary LOCALGOV_VAR, or the DATABASE_URL given;
set LOCALGOV_VAR to an earlier run's directory to reuse its rows), loads units and catalogue, bulk-inserts dossiers for
Phường Ba Đình (Hà Nội) in a realistic mix of states and due dates, signs a specialist in and
times GET /can-bo/hang-doi/ for every queue, sort and a deep page — the full request through
the access policy, templates included. Counts are capped (10,000+) and cached for 60 s, so
the first ("cold") request of a queue pays the counts and later ones only the page query.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/calendar.py would shadow the standard library's calendar module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import timedelta  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
COMMUNE = "00004"  # Phường Ba Đình


def bulk_dossiers(n: int, commune: str = COMMUNE, *, seed: int = 7, assignee_id: int | None = None,
                  batch: int = 5000) -> int:
    """Insert `n` dossiers competent in `commune` directly (benchmark/test data only: no events)."""
    from django.utils import timezone

    from localgov.catalog.models import Procedure
    from localgov.dossiers.models import Dossier
    from localgov.dossiers.workflow import State
    from localgov.units.models import Agency, ServiceCentre

    rng = random.Random(seed)
    agency = Agency.objects.filter(commune_id=commune, kind="commune_office").first()
    centre = ServiceCentre.objects.filter(commune_id=commune).order_by("pk").first()
    procedures = list(Procedure.objects.filter(competent_agency_kind="commune_office").values_list("pk", flat=True))
    now = timezone.now()
    states = ([State.NEW] * 5 + [State.ACCEPTED] * 5 + [State.PROCESSING] * 40 + [State.SUPPLEMENT_REQUESTED] * 5
              + [State.FINANCIAL_OBLIGATION] * 2 + [State.DONE] * 8 + [State.RETURNED] * 33 + [State.REFUSED] * 2)
    start = Dossier.objects.count()
    rows = []
    for i in range(n):
        state = rng.choice(states)
        submitted = now - timedelta(minutes=rng.randint(0, 60 * 24 * 120))
        due = None if state == State.NEW else submitted + timedelta(days=rng.randint(1, 20))
        rows.append(Dossier(
            code=f"{agency.electronic_id}-B{start + i:07d}", province_code=agency.province_id,
            procedure_id=rng.choice(procedures), state=int(state), channel=rng.choice((1, 2, 2)),
            received_centre=centre, received_province_code=agency.province_id, received_commune_code=commune,
            competent_agency=agency, competent_commune_code=commune, return_method="online",
            applicant_name=f"Người nộp {i}", applicant_id_number="001090012345", secret_hash="x",
            submitted_at=submitted, accepted_at=None if due is None else submitted, due_at=due, first_due_at=due,
            assignee_id=assignee_id if (assignee_id and rng.random() < 0.2) else None,
        ))
        if len(rows) >= batch:
            Dossier.objects.bulk_create(rows)
            rows = []
    if rows:
        Dossier.objects.bulk_create(rows)
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL") and not os.environ.get("LOCALGOV_VAR"):
        os.environ["LOCALGOV_VAR"] = tempfile.mkdtemp(prefix="bench-ui-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from localgov.access.roles import Role
    from localgov.access.services import create_user, grant_role

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load", "units", "calendar", "catalog", verbosity=0)
    from django.contrib.auth import get_user_model

    from localgov.dossiers.models import Dossier

    user = get_user_model().objects.filter(username__startswith="bench-").first()
    if user is None:
        user = create_user(username=f"bench-{int(time.time())}", password="Mat-khau-bench-2025")
        grant_role(user=user, role=Role.SPECIALIST, commune=COMMUNE)
    existing = Dossier.objects.filter(competent_commune_code=COMMUNE).count()
    if existing < args.rows:  # LOCALGOV_VAR=<dir of an earlier run> reuses its rows
        t0 = time.perf_counter()
        bulk_dossiers(args.rows - existing, assignee_id=user.pk)
        print(f"{connection.vendor}: inserted {args.rows - existing:,} dossiers in {time.perf_counter() - t0:.1f} s")
    total = Dossier.objects.filter(competent_commune_code=COMMUNE).count()
    print(f"{connection.vendor}: {total:,} dossiers in the unit")
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE dossiers_dossier")
    client = Client()
    client.force_login(user)
    urls = [f"/can-bo/hang-doi/?hang={k}" for k in ("unit", "mine", "new", "due", "overdue", "waiting", "procedure")]
    urls += ["/can-bo/hang-doi/?hang=unit&sap_xep=-submitted", "/can-bo/hang-doi/?hang=unit&sap_xep=code",
             "/can-bo/hang-doi/?hang=unit&trang=200", "/can-bo/hang-doi/?hang=overdue&sap_xep=due&trang=50"]
    from django.core.cache import cache

    print(f"{'page':<58} {'cold ms':>8} {'warm median ms':>15}")
    for url in urls:
        cache.clear()
        t = time.perf_counter()
        response = client.get(url)
        cold = (time.perf_counter() - t) * 1000
        assert response.status_code == 200, (url, response.status_code)
        warm = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            client.get(url)
            warm.append((time.perf_counter() - t) * 1000)
        print(f"{url:<58} {cold:8.0f} {statistics.median(warm):15.0f}")


if __name__ == "__main__":
    main()
