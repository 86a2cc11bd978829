"""The fault drill's verdict (bench/fault_check.py): whole dossiers with every acknowledged
submission and transition stored pass; each kind of loss or half-write is named — an
acknowledged submission or transition not stored, a duplicate dossier, a dossier whose version
runs ahead of its events, a chain that is not the drill's path, a document file gone."""

from __future__ import annotations

import os

from bench.fault_check import check, counter_gaps
from django.db.models import F
from tests.dossiers.conftest import BA_DINH, applicant, vn

from localgov.dossiers import services
from localgov.dossiers.models import Dossier, DossierDocument


def test_the_drill_verdict(file_online, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    s = staff(BA_DINH)
    acks: list[dict] = []

    def submit(key: str, address: str | None = None) -> Dossier:
        d = file_online("1.004873", idempotency_key=key, applicant=applicant(address=address or f"drill {key}"),
                        at=vn(2025, 8, 4, 9, 0)).dossier
        acks.append({"kind": "submit", "key": key, "code": d.code, "version": d.version})
        return d

    def act(d: Dossier, action: str, actor: str) -> Dossier:
        done = services.ACTIONS[services.Action(action)](dossier_id=d.pk, version=d.version, actor=s[actor],
                                                         now=vn(2025, 8, 4, 10, 0))
        acks.append({"kind": "transition", "code": done.code, "version": done.version, "action": action})
        return done

    one = act(act(submit("P-1"), "accept", "counter"), "assign", "specialist")
    two = act(submit("P-2"), "accept", "counter")
    three = submit("P-3")
    found = check(acks, "P-")
    assert found.ok, found.problems
    assert (found.dossiers, found.events, found.acked_submissions, found.acked_transitions) == (3, 6, 3, 3)
    assert found.documents == 3 * len(DossierDocument.objects.filter(dossier=one))
    assert found.counter_numbers == 3 and found.counter_gaps == 0 == counter_gaps({one.code})[1]
    assert found.orphan_files == 0
    (tmp_path / "media" / "dossiers" / "stray.pdf").write_bytes(b"%PDF")  # written, then rolled back
    assert check(acks, "P-").orphan_files == 1

    # Committed without an acknowledgement (the answer was lost): no loss, counted.
    found = check([a for a in acks if a.get("code") != two.code], "P-")
    assert found.ok and found.unacked_dossiers == 1 and found.unacked_events == 1

    lost = [*acks, {"kind": "transition", "code": three.code, "version": 2, "action": "accept"},
            {"kind": "submit", "key": "P-9", "code": "X-250804-9999", "version": 1}]
    problems = check(lost, "P-").problems
    assert any(p.startswith(f"LOST transition accept → v2 of {three.code}") for p in problems), problems
    assert any(p.startswith("LOST submission P-9") for p in problems), problems

    twice = submit("P-dup", address="drill P-1")  # a second dossier for P-1's request
    refused = services.refuse(dossier_id=twice.pk, version=twice.version, actor=s["counter"], reason="Thiếu giấy tờ",
                              now=vn(2025, 8, 4, 10, 0))
    Dossier.objects.filter(pk=two.pk).update(version=F("version") + 1)  # a version without its event
    doc = DossierDocument.objects.filter(dossier=three).exclude(file="").first()
    os.remove(doc.file.path)
    other = DossierDocument.objects.filter(dossier=one).exclude(file="").first()
    with open(other.file.path, "ab") as f:
        f.write(b"torn")
    problems = check(acks, "P-").problems
    assert any(p.startswith("DUPLICATE: 2 dossiers for «drill P-1»") for p in problems), problems
    assert any(p.startswith(f"{refused.code}: address") for p in problems), problems
    assert any(p.startswith(f"{refused.code}: actions ['submit', 'refuse']") for p in problems), problems
    assert any(p.startswith(f"HALF-WRITTEN {two.code}: 2 events, version 3") for p in problems), problems
    assert any(p.startswith(f"{three.code}: document") and p.endswith("missing on disk") for p in problems), problems
    assert any(p.startswith(f"{one.code}: document") and p.endswith("differs from its SHA-256") for p in problems)
