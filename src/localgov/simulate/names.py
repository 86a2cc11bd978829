"""Synthetic applicants: Vietnamese names, well-formed citizen ID numbers and mobile numbers.
Pure: no Django import. Deterministic for a given random stream.

Surnames are the commonest Vietnamese family names; the ID number follows Circular
59/2021/TT-BCA Art. 7 (3 digits birth province, 1 century/sex, 2 year, 6 random), with the birth
province taken from the legacy (pre-2025) province codes handed in by the caller.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý")
SURNAME_WEIGHTS = (38, 11, 9.5, 7, 5, 5, 4.5, 4, 3.5, 2, 2, 1.5, 1.3, 1.3, 1, 0.5)
#: what `random.choices(weights=SURNAME_WEIGHTS)` accumulates on every call (same draws, once)
SURNAME_CUM_WEIGHTS = tuple(accumulate(SURNAME_WEIGHTS))
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


def person(rng: random.Random, birth_prefixes: Sequence[str]) -> Person:
    female = rng.random() < 0.5
    surname = rng.choices(SURNAMES, cum_weights=SURNAME_CUM_WEIGHTS)[0]
    middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    year = rng.randint(1945, 2007)
    century = (0 if year < 2000 else 2) + (1 if female else 0)
    id_number = f"{rng.choice(birth_prefixes)}{century}{year % 100:02d}{rng.randrange(1_000_000):06d}"
    phone = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10_000_000):07d}"
    return Person(name=f"{surname} {middle} {given}", id_number=id_number, phone=phone)
