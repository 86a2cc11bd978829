"""The event chains checked in the database: `verify_chains()` reads every dossier's events,
streaming, and hands each chain to the pure `events.verify_chain` (`localgov audit verify`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from localgov.dossiers.events import BrokenLink, verify_chain
from localgov.dossiers.models import Dossier, DossierEvent


def verify_chains(batch: int = 2000) -> Iterator[BrokenLink]:
    """Recompute every dossier's chain, streaming (memory flat)."""
    fields = ("id", "dossier_id", "seq", "action", "from_state", "to_state", "actor_id", "actor_label", "at",
              "reason", "data", "prev_hash", "hash")
    last_id = 0
    while True:
        dossiers = list(
            Dossier.objects.filter(pk__gt=last_id).order_by("pk").values("id", "code", "last_event_hash",
                                                                          "event_count")[:batch]
        )
        if not dossiers:
            return
        by_id: dict[int, list[dict[str, Any]]] = {d["id"]: [] for d in dossiers}
        events = DossierEvent.objects.filter(dossier_id__in=list(by_id)).order_by("dossier_id", "seq").values(*fields)
        for ev in events:
            by_id[ev["dossier_id"]].append(ev)
        for d in dossiers:
            broken = verify_chain(d["code"], by_id[d["id"]], d["last_event_hash"], d["event_count"])
            if broken:
                yield broken
        last_id = dossiers[-1]["id"]
