from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse

import localgov


def health(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: the app answers and the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db_ok = True
    except Exception:  # noqa: BLE001 - report any database failure as not ready
        db_ok = False
    return JsonResponse(
        {"status": "ok" if db_ok else "degraded", "database": connection.vendor if db_ok else "unreachable",
         "version": localgov.__version__},
        status=200 if db_ok else 503,
    )
