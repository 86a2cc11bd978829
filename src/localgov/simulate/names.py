"""Synthetic applicants: Vietnamese names, well-formed citizen ID numbers and mobile numbers.
Pure: no Django import. Deterministic for a given random stream.

Surnames are the commonest Vietnamese family names; the ID number follows Circular
59/2021/TT-BCA Art. 7 (3 digits birth province, 1 century/sex, 2 year, 6 random), with the birth
province taken from the legacy (pre-2025) province codes handed in by the caller.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý")
SURNAME_WEIGHTS = (38, 11, 9.5, 7, 5, 5, 4.5, 4, 3.5, 2, 2, 1.5, 1.3, 1.3, 1, 0.5)
#: what `random.choices(weights=SURNAME_WEIGHTS)` accumulates on every call (same draws, once)
SURNAME_CUM_WEIGHTS = tuple(accumulate(SURNAME_WEIGHTS))
_SURNAME_TOTAL = SURNAME_CUM_WEIGHTS[-1] + 0.0  # as `choices` takes the total
_SURNAME_LAST = len(SURNAMES) - 1
MIDDLE_MALE = ("Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thành", "Xuân")
MIDDLE_FEMALE = ("Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Kim", "Minh", "Phương")
GIVEN_MALE = ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng",
              "Trung", "Tuấn", "Việt")
GIVEN_FEMALE = ("Anh", "Chi", "Dung", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai", "Ngọc", "Nhung", "Oanh",
                "Phương", "Thảo", "Trang")
MOBILE_PREFIXES = ("090", "091", "093", "094", "096", "097", "098", "086", "088", "032", "035", "038", "070", "077",
                   "081", "085")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    id_number: str
    phone: str


def below(rng: random.Random, n: int) -> int:
    """`rng.randrange(n)` — what `choice`, `randrange` and `randint` all draw with (CPython's
    `Random._randbelow`: getrandbits(n.bit_length()) until below n) — without their wrappers:
    the same numbers from the same stream (tests/simulate/test_simulate_draws.py)."""
    k = n.bit_length()
    r = rng.getrandbits(k)
    while r >= n:
        r = rng.getrandbits(k)
    return r


def person(rng: random.Random, birth_prefixes: Sequence[str]) -> Person:
    # The draws of `rng.choices(SURNAMES, cum_weights=...)`, `rng.choice(...)` and
    # `rng.randint`/`rng.randrange`, in their order, written out (`below`, `choices`' bisect):
    # the same values as those calls, without a Python call or two each.
    female = rng.random() < 0.5
    surname = SURNAMES[bisect_right(SURNAME_CUM_WEIGHTS, rng.random() * _SURNAME_TOTAL, 0, _SURNAME_LAST)]
    middles, givens = (MIDDLE_FEMALE, GIVEN_FEMALE) if female else (MIDDLE_MALE, GIVEN_MALE)
    middle = middles[below(rng, len(middles))]
    given = givens[below(rng, len(givens))]
    year = 1945 + below(rng, 2007 - 1945 + 1)  # randint(1945, 2007)
    century = (0 if year < 2000 else 2) + (1 if female else 0)
    prefix = birth_prefixes[below(rng, len(birth_prefixes))]
    id_number = f"{prefix}{century}{year % 100:02d}{below(rng, 1_000_000):06d}"
    phone = f"{MOBILE_PREFIXES[below(rng, len(MOBILE_PREFIXES))]}{below(rng, 10_000_000):07d}"
    return Person(name=f"{surname} {middle} {given}", id_number=id_number, phone=phone)
