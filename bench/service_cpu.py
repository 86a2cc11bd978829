"""Benchmark: CPU per dossier transition through the service layer, in-process on SQLite — the
workload of bench/transitions.py's service phase (procedure 1.004873, accept → assign → advance ×3
→ decide → return_result) without a database server, so the process CPU time is the client's
whole cost (the services, the core, the ORM, SQLite) and hardly depends on what else the machine
runs. For comparing code alternately in two worktrees.

    .venv/bin/python bench/service_cpu.py [--dossiers 300] [--repeat 3]
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/calendar.py would shadow the standard library's `calendar`: drop this directory.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

PROCEDURE = "1.004873"
COMMUNE = "00004"  # Ba Đình, Hà Nội
STEPS = [("accept", {}), ("assign", {}), ("advance", {}), ("advance", {}), ("advance", {}),
         ("decide", {"result_summary": "Đã giải quyết."}), ("return_result", {})]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench_service_')}/service.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
    import logging

    import django

    django.setup()
    logging.getLogger("localgov").setLevel(logging.WARNING)
    from django.core.management import call_command

    from localgov.access.policy import SYSTEM
    from localgov.catalog.models import Procedure
    from localgov.dossiers import services
    from localgov.dossiers.submission import Applicant, SubmitInput, submit
    from localgov.dossiers.workflow import Action, Channel, ReturnMethod

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load", "all", verbosity=0, stdout=quiet)
    docs = [d["code"] for d in Procedure.objects.get(code=PROCEDURE).documents if d.get("required")]
    start = datetime(2025, 8, 4, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    figures = []
    for _ in range(args.repeat):
        dossiers = [submit(SubmitInput(procedure_code=PROCEDURE, channel=Channel.ONLINE,
                                       applicant=Applicant(name="Nguyễn Văn An", id_number="001090012345"),
                                       competent_commune_code=COMMUNE, return_method=ReturnMethod.ONLINE,
                                       presented_documents=docs), actor=SYSTEM, now=start).dossier
                    for _ in range(args.dossiers)]
        t0 = time.process_time()
        for d in dossiers:
            at = start
            for name, kwargs in STEPS:
                at = at + timedelta(minutes=10)
                d = services.ACTIONS[Action(name)](dossier_id=d.pk, version=d.version, actor=SYSTEM, now=at, **kwargs)
        figures.append((time.process_time() - t0) / (len(dossiers) * len(STEPS)) * 1e6)
    print(json.dumps({"transitions": args.dossiers * len(STEPS), "us_per_transition": [round(f) for f in figures],
                      "best": round(min(figures)), "load": round(os.getloadavg()[0], 1)}))


if __name__ == "__main__":
    main()
