"""The submit event's data written field by field (`bulk_path.submit_data_json`) is its canonical
JSON (`events.canonical` of the dict the bulk path stores), for any values: the event hashes and
the stored JSON of the bulk path stay those of the service path."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from localgov.dossiers.events import canonical
from localgov.dossiers.workflow import Channel
from localgov.simulate.bulk_path import submit_data_json

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT, st.sampled_from(list(Channel)),
                   st.lists(st.integers(), max_size=2))


@settings(max_examples=500, deadline=None)
@given(channel=st.one_of(st.sampled_from([1, 2, 3]), VALUES), agency=st.one_of(TEXT, VALUES),
       centre=st.one_of(st.none(), st.integers(1, 10**6), VALUES))
def test_submit_data_json_is_canonical(channel: Any, agency: Any, centre: Any) -> None:
    payload = {"channel": channel, "agency": agency, "received_centre_id": centre}
    assert submit_data_json(channel, agency, centre) == canonical(payload)
