"""Input we cannot place is "unknown", never a guess; empty or too long input is refused."""

import pytest

from localgov.core.errors import ValidationFailed
from localgov.units.convert import MAX_ADDRESS_LENGTH, convert


@pytest.mark.parametrize("address", ["asdf qwer", "123 đường không tên", "xyz"])
def test_gibberish_is_unknown(address):
    assert convert(address) == {"status": "unknown", "province": None, "commune": None, "candidates": []}


def test_only_the_province_recognised_gives_the_new_province():
    result = convert("Hà Giang, số nhà 5")
    assert result["status"] == "unknown"
    assert result["province"] == {"code": "08", "name": "Tỉnh Tuyên Quang"}
    assert result["commune"] is None and result["candidates"] == []


@pytest.mark.parametrize("address", ["", "   ", "x" * (MAX_ADDRESS_LENGTH + 1)])
def test_empty_or_too_long_is_refused(address):
    with pytest.raises(ValidationFailed):
        convert(address)
