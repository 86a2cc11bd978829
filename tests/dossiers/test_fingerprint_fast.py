"""The request fingerprint written field by field (`submission.fingerprint_fast`, used by the
simulation's bulk path) equals its definition (`submission._fingerprint`: the SHA-256 of the
canonical JSON of the body as a dict) for any input — the stored fingerprints are compared on
Idempotency-Key replays — and `events.json_value` writes a value as the encoder writes it inside
a container. Pure (no database)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from localgov.dossiers.events import canonical, json_value
from localgov.dossiers.submission import Applicant, SubmitInput, _fingerprint, fingerprint_fast
from localgov.dossiers.validation import Upload
from localgov.dossiers.workflow import Channel, ReturnMethod

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)  # control chars, quotes, Vietnamese
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT, st.sampled_from(list(Channel)),
                    st.sampled_from(list(ReturnMethod)))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)), max_leaves=8)
#: mostly text (what real input is), sometimes anything
FIELD = st.one_of(TEXT, TEXT, TEXT, SCALARS)
OPTIONAL = st.one_of(st.none(), TEXT, st.integers(), st.booleans(), st.floats(), st.sampled_from(list(Channel)))


def _outcome(fn: Any, data: SubmitInput) -> Any:
    try:
        return fn(data)
    except Exception as exc:  # noqa: BLE001 - both must fail alike
        return type(exc)


@st.composite
def applicants(draw: st.DrawFn) -> Applicant:
    who = Applicant(name=draw(FIELD), id_number=draw(FIELD), phone=draw(FIELD), email=draw(FIELD),
                    address=draw(FIELD))
    extra = draw(st.sampled_from(["none", "none", "add", "drop", "swap"]))
    if extra in ("add", "swap"):
        setattr(who, draw(st.sampled_from(["zeta", "a", "Name", "phone2"])), draw(VALUES))
    if extra in ("drop", "swap"):
        delattr(who, draw(st.sampled_from(["name", "id_number", "phone", "email", "address"])))
    return who


@settings(max_examples=500, deadline=None)
@given(procedure=st.one_of(TEXT, OPTIONAL), channel=st.one_of(st.sampled_from(list(Channel)), st.integers(-3, 9),
                                                            st.booleans()),
       applicant=applicants(), commune=OPTIONAL, province=OPTIONAL, centre=OPTIONAL,
       return_method=st.one_of(st.sampled_from(list(ReturnMethod)), TEXT, st.integers()), return_centre=OPTIONAL,
       form_data=st.one_of(st.dictionaries(TEXT, VALUES, max_size=4), VALUES),
       contents=st.lists(st.binary(max_size=20), max_size=3))
def testfingerprint_fast_equals_definition(procedure: Any, channel: Any, applicant: Applicant, commune: Any,
                                            province: Any, centre: Any, return_method: Any, return_centre: Any,
                                            form_data: Any, contents: list[bytes]) -> None:
    data = SubmitInput(procedure_code=procedure, channel=channel, applicant=applicant, competent_commune_code=commune,
                       competent_province_code=province, received_centre_id=centre, return_method=return_method,
                       return_centre_id=return_centre, return_address="x",
                       documents=[Upload(doc_code="d", name="n", content=c, content_type="application/pdf")
                                  for c in contents],
                       form_data=form_data)
    assert _outcome(fingerprint_fast, data) == _outcome(_fingerprint, data)


def testfingerprint_fast_of_a_simulated_submission() -> None:
    data = SubmitInput(procedure_code="1.001", channel=Channel(1),
                       applicant=Applicant(name="Nguyễn Văn \"A\"", id_number="001090000001", phone="0912345678",
                                           address="Tổ dân phố 3, Phường mã 00004"),
                       competent_commune_code="00004", received_centre_id=12, return_method=ReturnMethod.CENTRE,
                       presented_documents=["a"], form_data={"simulation": True})
    assert fingerprint_fast(data) == _fingerprint(data)


@settings(max_examples=500, deadline=None)
@given(value=st.one_of(VALUES, st.sampled_from(list(Channel)), st.sampled_from(list(ReturnMethod))))
def test_json_value_as_the_encoder_writes_it_in_a_container(value: Any) -> None:
    assert json_value(value) == canonical({"k": value})[len('{"k":'):-1]
    assert json_value(value) == canonical([value])[1:-1]
