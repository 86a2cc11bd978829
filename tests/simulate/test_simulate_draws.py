"""The simulation's draws written out for speed give what the `random` calls they replace give,
from the same stream: `names.below` (randrange / choice / randint), `names.person`, the
planner's procedure and rating draws, the receipt secret and its hash, the phone shortcut.
Same seed → same data depends on it (tests/simulate/test_simulate_same_seed.py). Pure except
for the settings read by `hash_secret`."""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import accumulate
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from localgov.dossiers.submission import SECRET_ALPHABET, SECRET_LENGTH, hash_secret
from localgov.dossiers.validation import normalise_phone
from localgov.simulate import names
from localgov.simulate.planner import Planner, _choice

SEEDS = st.integers(0, 2**32)


@examples(max_examples=100, deadline=None)
@given(seed=SEEDS, n=st.one_of(st.integers(1, 40), st.sampled_from([8, 16, 63, 64, 65, 1_000_000, 10_000_000])))
def test_below_is_randrange(seed: int, n: int) -> None:
    ours, theirs = random.Random(seed), random.Random(seed)
    for _ in range(20):
        assert names.below(ours, n) == theirs.randrange(n)
        assert names.below(ours, n) == theirs.choice(range(n))
        assert 7 + names.below(ours, n) == theirs.randint(7, 7 + n - 1)
    assert ours.random() == theirs.random()  # the streams stay in step


def _person_reference(rng: random.Random, birth_prefixes: Sequence[str]) -> names.Person:
    """`names.person` as written before, with the `random` calls."""
    female = rng.random() < 0.5
    surname = rng.choices(names.SURNAMES, cum_weights=names.SURNAME_CUM_WEIGHTS)[0]
    middle = rng.choice(names.MIDDLE_FEMALE if female else names.MIDDLE_MALE)
    given = rng.choice(names.GIVEN_FEMALE if female else names.GIVEN_MALE)
    year = rng.randint(1945, 2007)
    century = (0 if year < 2000 else 2) + (1 if female else 0)
    id_number = f"{rng.choice(birth_prefixes)}{century}{year % 100:02d}{rng.randrange(1_000_000):06d}"
    phone = f"{rng.choice(names.MOBILE_PREFIXES)}{rng.randrange(10_000_000):07d}"
    return names.Person(name=f"{surname} {middle} {given}", id_number=id_number, phone=phone)


@examples(max_examples=50, deadline=None)
@given(seed=SEEDS, prefixes=st.lists(st.text("0123456789", min_size=3, max_size=3), min_size=1, max_size=70))
def test_person_draws_as_before(seed: int, prefixes: list[str]) -> None:
    ours, theirs = random.Random(seed), random.Random(seed)
    for _ in range(30):
        assert names.person(ours, prefixes) == _person_reference(theirs, prefixes)
    assert ours.random() == theirs.random()


def _choice_reference(rng: random.Random, items: Sequence[Any], cum: Sequence[float]) -> Any:
    """The planner's procedure draw as written before: a binary search."""
    x = rng.random() * cum[-1]
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return items[lo]


@examples(max_examples=100, deadline=None)
@given(seed=SEEDS, weights=st.lists(st.one_of(st.just(0.0), st.floats(0.001, 5.0)), min_size=1, max_size=30))
def test_procedure_draw_as_before(seed: int, weights: list[float]) -> None:
    cum = list(accumulate(weights))
    if cum[-1] <= 0:
        cum[-1] = 1.0
    items = list(range(len(cum)))
    ours, theirs = random.Random(seed), random.Random(seed)
    for _ in range(50):
        assert _choice(ours, items, cum) == _choice_reference(theirs, items, cum)


@examples(max_examples=100, deadline=None)
@given(seed=SEEDS, late=st.lists(st.floats(0.0, 1.0), min_size=5, max_size=5),
       on_time=st.lists(st.floats(0.0, 1.0), min_size=5, max_size=5))
def test_rating_draw_as_choices(seed: int, late: list[float], on_time: list[float]) -> None:
    late[0] += 0.01
    on_time[-1] += 0.01
    planner = SimpleNamespace(_stars_cum={True: list(accumulate(late)), False: list(accumulate(on_time))})
    ours, theirs = random.Random(seed), random.Random(seed)
    for i in range(40):
        is_late = i % 3 == 0
        assert Planner._stars(planner, ours, is_late) == \
            theirs.choices(range(1, 6), weights=late if is_late else on_time)[0]  # type: ignore[arg-type]


@pytest.mark.django_db
def test_receipt_secret_and_its_hash_as_before(settings: Any) -> None:
    from localgov.simulate.bulk_path import BulkWriter

    settings.SECRET_KEY = "a key for the test"
    writer = BulkWriter(agencies={}, centre_commune={}, run_id=1, seed=7, stream=":0")
    theirs = random.Random("7:secrets:0")
    for _ in range(200):
        secret = writer._secret()
        assert secret == "".join(theirs.choices(SECRET_ALPHABET, k=SECRET_LENGTH))
        assert writer._hash_secret(secret) == hash_secret(secret)
        assert writer._hash_secret(f" {secret.lower()} ") == hash_secret(f" {secret.lower()} ")


@examples(max_examples=300, deadline=None)
@given(phone=st.one_of(st.text("0123456789 .-()+", max_size=14), st.text(max_size=12),
                       st.text("0123456789", min_size=1, max_size=12)))
def test_phone_shortcut_is_normalise_phone(phone: str) -> None:
    from localgov.simulate.bulk_path import _phone

    assert _phone(phone) == (normalise_phone(phone) if phone else "")
