"""Citizens' addresses never leave the server: no conversion opens a connection or geocodes."""

import socket
import subprocess
import sys

import geopy.geocoders
import pytest

from localgov.units import addresses
from localgov.units.convert import convert

ADDRESSES = [
    "Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh",
    "12 Kim Mã, Phường Kim Mã, Quận Ba Đình, Hà Nội",  # split ward with a street: the geocoder path
    "số 5 ngõ 10, phuong dich vong hau, cau giay, ha noi",
    "xa bat trang gia lam hn",
    "asdf qwer",
]


@pytest.fixture
def network_attempts(monkeypatch):
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(geopy.geocoders.ArcGIS, "geocode", refuse)
    monkeypatch.setattr(geopy.geocoders.Nominatim, "geocode", refuse)
    return attempts


def test_conversions_make_no_network_call(network_attempts):
    for address in ADDRESSES:
        convert(address)
    assert network_attempts == []


def test_the_packages_own_converter_cannot_geocode_either(network_attempts):
    """vietnamadminunits.convert_address geocodes split wards with a street; our wrapper refuses."""
    import vietnamadminunits

    with pytest.raises(addresses.GeocodingDisabled):
        vietnamadminunits.convert_address("12 Kim Mã, Phường Kim Mã, Quận Ba Đình, Hà Nội")
    assert network_attempts == []


def test_importing_the_wrapper_makes_no_network_call():
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise SystemExit('network attempted')\n"
        "socket.socket.connect = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
        "from localgov.units import addresses\n"
        "m = addresses.parse_legacy('P. Bến Nghé, Q.1, TP.HCM')\n"
        "assert m.ward_code == '26740', m\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
