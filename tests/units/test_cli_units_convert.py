"""`localgov units convert "<address>" [--json]`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args):
    out = StringIO()
    call_command("units", "convert", *args, stdout=out)
    return out.getvalue().strip()


def test_json_output():
    data = json.loads(run("Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh", "--json"))
    assert data["status"] == "exact"
    assert data["commune"] == {"code": "26740", "name": "Phường Sài Gòn"}
    assert data["province"]["code"] == "79"


def test_readable_vietnamese_line():
    line = run("Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh")
    assert "Phường Sài Gòn" in line and "26740" in line and "→" in line


def test_split_line_names_every_candidate():
    line = run("phuong kim ma, ba dinh, ha noi")
    assert "chia tách" in line
    for name in ("Phường Ba Đình", "Phường Ngọc Hà", "Phường Giảng Võ"):
        assert name in line


def test_unknown_line():
    assert run("asdf qwer").startswith("Không xác định được")


def test_empty_address_is_an_error():
    with pytest.raises(CommandError):
        run("   ")
