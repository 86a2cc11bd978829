"""Same Idempotency-Key → the same dossier, never a duplicate; the key reused for another
request is a conflict."""

import pytest
from tests.dossiers.conftest import applicant

from localgov.core.errors import Conflict
from localgov.dossiers.models import Dossier


def test_replay_returns_the_same_dossier(file_online):
    first = file_online("1.004873", idempotency_key="abc-123")
    again = file_online("1.004873", idempotency_key="abc-123")
    assert again.replayed and again.dossier.pk == first.dossier.pk and again.secret is None
    assert Dossier.objects.filter(idempotency_key="abc-123").count() == 1


def test_same_key_other_content_conflicts(file_online):
    file_online("1.004873", idempotency_key="k-1")
    with pytest.raises(Conflict) as exc:
        file_online("1.004873", idempotency_key="k-1", applicant=applicant(name="Trần Thị Bình"))
    assert exc.value.code == "idempotency_mismatch"
