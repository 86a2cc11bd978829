"""`localgov load units` is idempotent. Its speed is measured in bench/load_units.py, not here
(timed assertions fail on a busy machine and prove nothing)."""

from localgov.units.loaders import content_checksum, run
from localgov.units.loading import UNIT_MODELS
from localgov.units.models import Agency, Province, WardMapping


def counts():
    return {m._meta.label: m.objects.count() for m in UNIT_MODELS}


def test_second_load_changes_nothing():
    before_counts, before_sum = counts(), content_checksum(*UNIT_MODELS)
    (outcome,) = run(["units"])
    assert outcome.changed == 0
    assert all(c.created == c.updated == c.deleted == 0 for c in outcome.report.values())
    assert counts() == before_counts
    assert content_checksum(*UNIT_MODELS) == before_sum


def test_first_load_creates_everything(loaded_units):
    """The session fixture ran the first load on the empty test database: everything created."""
    assert loaded_units.report["units.Commune"].created == 3321
    assert loaded_units.report["units.Agency"].created == Agency.objects.count()
    assert all(c.updated == c.deleted == 0 for c in loaded_units.report.values())


def test_a_deleted_row_is_recreated_and_a_stale_one_removed():
    WardMapping.objects.filter(old_ward_id="00028", new_commune_id="00008").delete()
    WardMapping.objects.create(old_ward_id="00028", new_commune_id="26740", is_split=True)
    (outcome,) = run(["units"])
    assert outcome.report["units.WardMapping"].created == 1
    assert outcome.report["units.WardMapping"].deleted == 1
    assert list(WardMapping.objects.filter(old_ward_id="00028").values_list("new_commune_id", flat=True)
                .order_by("new_commune_id")) == ["00004", "00008", "00025"]


def test_a_changed_row_is_updated_back():
    Province.objects.filter(code="04").update(name="sai tên", population=1)
    (outcome,) = run(["units"])
    assert outcome.report["units.Province"].updated == 1
    assert Province.objects.get(code="04").name == "Tỉnh Cao Bằng"
