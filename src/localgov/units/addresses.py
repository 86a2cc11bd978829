"""Offline free-text parsing of old (pre-July-2025, 63-province) addresses with `vietnamadminunits`.

Always import `vietnamadminunits` through this module. The package's converter
(`vietnamadminunits.converter.converter_2025`) asks an online geocoder (geopy's ArcGIS client,
`vietnamadminunits.parser.utils.get_geo_location`) where an address with a street lies when the
old ward was split. Citizens' addresses must never leave the server (docs/units.md), so on import
this module replaces that function — and the module-level geocoder object — with stubs that
refuse. We only call the LEGACY parser, which is pure; the mapping to new communes is ours
(units.WardMapping), and a split ward is reported as split, never guessed.
"""

from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import vietnamadminunits
from vietnamadminunits.converter import converter_2025 as _vau_converter
from vietnamadminunits.parser import utils as _vau_utils

log = logging.getLogger(__name__)


class GeocodingDisabled(RuntimeError):
    """Raised if anything tries to geocode an address through vietnamadminunits."""


def _refuse_geocoding(address: object = None, *args: object, **kwargs: object) -> None:
    log.error("online geocoding refused", extra={"component": "vietnamadminunits"})
    raise GeocodingDisabled("Online geocoding is disabled: addresses never leave the server.")


class _NoGeocoder:
    """Stands in for geopy's ArcGIS() object that vietnamadminunits creates at import."""

    def geocode(self, *args: object, **kwargs: object) -> None:
        _refuse_geocoding()

    def reverse(self, *args: object, **kwargs: object) -> None:
        _refuse_geocoding()


def disable_online_geocoding() -> None:
    """Idempotent; applied at import of this module."""
    _vau_utils.get_geo_location = _refuse_geocoding
    _vau_utils.geolocator = _NoGeocoder()
    _vau_converter.get_geo_location = _refuse_geocoding


disable_online_geocoding()


ALIASES_CSV = Path(__file__).resolve().parent / "data" / "address-aliases.csv"


@cache
def _aliases() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Whole-word, case-insensitive replacements from units/data/address-aliases.csv."""
    with open(ALIASES_CSV, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.lstrip().startswith("#")))
    return tuple(
        (re.compile(rf"(?<!\w){re.escape(r['alias'])}(?!\w)", re.IGNORECASE), r["expansion"]) for r in rows
    )


def expand_aliases(address: str) -> str:
    for pattern, expansion in _aliases():
        address = pattern.sub(expansion, address)
    return address


@dataclass(frozen=True)
class LegacyMatch:
    """What the parser recognised, as NSO codes (zero-padded strings) and official names."""

    province_code: str | None
    province: str | None
    district_code: str | None
    district: str | None
    ward_code: str | None
    ward: str | None


def parse_legacy(address: str) -> LegacyMatch:
    """Recognise province, district and ward of an old address (diacritics, case, abbreviations
    such as "P.", "Q.1", "TP.HCM" are tolerated). Unrecognised parts are None."""
    unit = vietnamadminunits.parse_address(expand_aliases(address), mode="LEGACY", keep_street=False, level=3)
    return LegacyMatch(
        province_code=unit.province_code or None,
        province=unit.province or None,
        district_code=unit.district_code or None,
        district=unit.district or None,
        ward_code=unit.ward_code or None,
        ward=unit.ward or None,
    )
