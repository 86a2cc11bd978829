"""/api/v1/units: convert (422 on bad input), provinces, communes."""

import pytest

URL = "/api/v1/units/convert"


def test_convert(client):
    response = client.get(URL, {"address": "phuong ben nghe quan 1 hcm"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "exact" and body["commune"]["code"] == "26740"


def test_convert_split(client):
    body = client.get(URL, {"address": "Xã Bát Tràng, Huyện Gia Lâm, Hà Nội"}).json()
    assert body["status"] == "split" and body["commune"] is None
    assert [c["code"] for c in body["candidates"]] == ["00145", "00565", "00577"]


@pytest.mark.parametrize("query", [{}, {"address": ""}, {"address": "   "}, {"address": "a" * 301}])
def test_convert_refuses_empty_or_too_long(client, query):
    response = client.get(URL, query)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"


def test_provinces(client):
    body = client.get("/api/v1/units/provinces").json()
    assert len(body) == 34
    assert body[0] == {"code": "01", "name": "Thành phố Hà Nội", "division_type": "thành phố trung ương",
                       "area_km2": 3359.82, "population": 8718000, "communes": 126}


def test_communes_of_a_province(client):
    body = client.get("/api/v1/units/provinces/92/communes").json()
    assert len(body) == 103
    cai_khe = next(c for c in body if c["code"] == "31120")
    assert cai_khe["centre_status"] == "operating"
    assert cai_khe["centre_name"] == "Trung tâm Phục vụ hành chính công phường Cái Khế"


def test_unknown_province_is_404(client):
    assert client.get("/api/v1/units/provinces/99/communes").status_code == 404
