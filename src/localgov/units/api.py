"""Units API, mounted at /api/v1/units."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from localgov.core.api_errors import errors
from localgov.core.errors import NotFound
from localgov.units import selectors
from localgov.units.convert import MAX_ADDRESS_LENGTH, convert

router = Router(tags=["units"])


class UnitRefOut(Schema):
    code: str
    name: str


class ConversionOut(Schema):
    status: Literal["exact", "split", "unknown"]
    province: UnitRefOut | None
    commune: UnitRefOut | None
    candidates: list[UnitRefOut]


class ConvertQuery(Schema):
    address: str = Field(..., min_length=1, max_length=MAX_ADDRESS_LENGTH, description="địa chỉ cũ")


class ProvinceOut(Schema):
    code: str
    name: str
    division_type: str
    area_km2: float | None
    population: int | None
    communes: int


class CommuneOut(Schema):
    code: str
    name: str
    division_type: str
    centre_code: str | None
    centre_name: str | None
    centre_status: str | None


@router.get("/convert", response={200: ConversionOut, **errors(422)}, summary="Địa chỉ cũ → xã/phường mới")
def convert_address(request: HttpRequest, query: Query[ConvertQuery]) -> dict[str, object]:
    """Offline: exact, split (all candidates, no guess) or unknown. 422 on empty/too long input."""
    return dict(convert(query.address))


@router.get("/provinces", response=list[ProvinceOut], summary="34 tỉnh, thành phố")
def list_provinces(request: HttpRequest) -> list[dict[str, object]]:
    return [
        {"code": p.code, "name": p.name, "division_type": p.division_type,
         "area_km2": float(p.area_km2) if p.area_km2 is not None else None,
         "population": p.population, "communes": p.commune_count}
        for p in selectors.provinces_with_counts()
    ]


@router.get("/provinces/{code}/communes", response={200: list[CommuneOut], **errors(404)},
            summary="Xã, phường, đặc khu của tỉnh")
def list_communes(request: HttpRequest, code: str) -> list[dict[str, object]]:
    province = selectors.province_with_centre(code)
    if province is None:
        raise NotFound("Không có tỉnh, thành phố này.", code="province_not_found")
    return [
        {"code": c.code, "name": c.name, "division_type": c.division_type, "centre_code": c.centre_code,
         "centre_name": c.centre_name, "centre_status": c.centre_status}
        for c in selectors.communes_with_centres(code)
    ]
