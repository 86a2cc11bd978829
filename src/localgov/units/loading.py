"""`localgov load units`: administrative units, legacy units, the NSO old→new ward table,
service centres and agencies, from the installed `vietnam-provinces` package and units/data/.

Nothing here is a hand-typed list of units: provinces, communes and legacy units come from the
NSO code list shipped by `vietnam-provinces`; centres and agencies are generated from them with
the small, sourced CSV files in units/data/. Idempotent (see loaders.sync_rows).
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import vietnam_provinces
from vietnam_provinces import legacy as vp_legacy
from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW

from localgov.units.loaders import LoadReport, sync_rows
from localgov.units.models import (
    Agency,
    Commune,
    LegacyDistrict,
    LegacyProvince,
    LegacyWard,
    Province,
    ServiceCentre,
    WardMapping,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH = 5000
ONE_LEVEL_MODEL = "one_level"


class DataFileError(ValueError):
    """A data file in units/data/ does not match the package data."""


def read_data_csv(name: str) -> list[dict[str, str]]:
    """Rows of units/data/<name>; lines starting with '#' are the file's sourced header."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.lstrip().startswith("#")]
    return [dict(row) for row in csv.DictReader(lines)]


def fold(text: str) -> str:
    """Lower-case, no diacritics, single spaces: for matching names across sources."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def codename_of(name: str) -> str:
    return fold(name).replace(" ", "_")


_TYPE_PREFIXES = ("thanh pho ", "tinh ")


def short_province_name(name: str) -> str:
    """'Thành phố Hà Nội' → 'hà nội'-folded key 'ha noi' (type prefix removed)."""
    key = fold(name)
    for prefix in _TYPE_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def lower_first(name: str) -> str:
    """'Tỉnh Cao Bằng' → 'tỉnh Cao Bằng' (the type word is written in lower case mid-sentence)."""
    return name[:1].lower() + name[1:]


def code2(value: int) -> str:
    return f"{int(value):02d}"


def code3(value: int) -> str:
    return f"{int(value):03d}"


def code5(value: int) -> str:
    return f"{int(value):05d}"


# --- administrative units -------------------------------------------------------------------


def province_rows() -> list[dict[str, object]]:
    stats = {short_province_name(r["name"]): r for r in read_data_csv("provinces-2025.csv")}
    package = (
        f"NSO code list via vietnam-provinces {vietnam_provinces.__version__}"
        f" (data {vietnam_provinces.__data_version__})"
    )
    rows: list[dict[str, object]] = []
    for p in sorted(vietnam_provinces.Province.iter_all(), key=lambda p: p.code.value):
        stat = stats.pop(short_province_name(p.name), None)
        if stat is None:
            raise DataFileError(f"provinces-2025.csv has no row for {p.name}")
        rows.append(
            {
                "code": code2(p.code.value),
                "name": p.name,
                "division_type": str(p.division_type.value),
                "codename": p.codename,
                "area_km2": Decimal(stat["area_km2"]).quantize(Decimal("0.01")) if stat["area_km2"] else None,
                "population": int(stat["population"]) if stat["population"] else None,
                "source": f"code, name, type: {package}; area, population: {stat['source']}",
            }
        )
    if stats:
        raise DataFileError(f"provinces-2025.csv rows match no NSO province: {', '.join(stats)}")
    return rows


def commune_rows() -> list[dict[str, object]]:
    return [
        {
            "code": code5(w.code.value),
            "name": w.name,
            "division_type": str(w.division_type.value),
            "codename": w.codename,
            "province_id": code2(w.province_code.value),
        }
        for w in sorted(vietnam_provinces.Ward.iter_all(), key=lambda w: w.code.value)
    ]


def legacy_rows() -> tuple[list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]]:
    provinces = [
        {"code": code2(p.code.value), "name": p.name, "division_type": str(p.division_type.value),
         "codename": p.codename}
        for p in sorted(vp_legacy.Province.iter_all(), key=lambda p: p.code.value)
    ]
    districts = [
        {"code": code3(d.code.value), "name": d.name, "division_type": str(d.division_type.value),
         "codename": d.codename, "province_id": code2(d.province_code.value)}
        for d in sorted(vp_legacy.District.iter_all(), key=lambda d: d.code.value)
    ]
    wards = [
        {"code": code5(w.code.value), "name": w.name, "division_type": str(w.division_type.value),
         "codename": w.codename, "district_id": code3(w.district_code.value)}
        for w in sorted(vp_legacy.Ward.iter_all(), key=lambda w: w.code.value)
    ]
    wards.extend(_wards_only_in_conversion_table({w["code"] for w in wards}, {d["code"] for d in districts}))
    wards.sort(key=lambda w: w["code"])
    return provinces, districts, wards


def _wards_only_in_conversion_table(known: set[object], districts: set[object]) -> list[dict[str, object]]:
    """A few old wards (10 in 2026.9.0) are in the NSO conversion table but not in the package's
    legacy list (late-2024 mergers). Their names come from the offline dataset shipped with
    `vietnamadminunits`, so that every row of the conversion table has its LegacyWard."""
    missing = {code5(c): e for c, e in OLD_TO_NEW.items() if code5(c) not in known}
    if not missing:
        return []
    spec = importlib.util.find_spec("vietnamadminunits")
    names: dict[str, tuple[str, str]] = {}
    if spec and spec.submodule_search_locations:
        db = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
        if db.exists():
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                marks = ",".join("?" * len(missing))
                for code, ward, ward_type in conn.execute(
                    "SELECT DISTINCT wardCode, ward, wardType FROM admin_units_legacy"
                    f" WHERE wardCode IN ({marks})",
                    list(missing),
                ):
                    names[code] = (ward, ward_type)
    rows = []
    for code, entry in sorted(missing.items()):
        district = code3(entry.old_ward.district_code)
        if district not in districts:
            continue
        name, ward_type = names.get(code, (f"Đơn vị {code}", ""))
        rows.append({"code": code, "name": name, "division_type": ward_type.lower(),
                     "codename": codename_of(name), "district_id": district})
    return rows


def mapping_rows(legacy_codes: set[object], commune_codes: set[object]) -> list[dict[str, object]]:
    rows: dict[tuple[str, str], dict[str, object]] = {}
    for old_code, entry in sorted(OLD_TO_NEW.items()):
        old = code5(old_code)
        if old not in legacy_codes:
            continue
        is_split = bool(entry.old_ward.is_partly_merged) or len(entry.new_wards) > 1
        for new in entry.new_wards:
            new_code = code5(new.code)
            if new_code in commune_codes:
                rows[(old, new_code)] = {"old_ward_id": old, "new_commune_id": new_code, "is_split": is_split}
    return [rows[k] for k in sorted(rows)]


# --- service centres and agencies ----------------------------------------------------------


@dataclass(frozen=True)
class CentreSpec:
    kind: str
    code_pattern: str
    name_pattern: str
    status: str
    opened_on: date | None


def centre_specs() -> dict[str, CentreSpec]:
    return {
        r["kind"]: CentreSpec(
            kind=r["kind"], code_pattern=r["code_pattern"], name_pattern=r["name_pattern"],
            status=r["status"],
            opened_on=date.fromisoformat(r["opened_on"]) if r["opened_on"] else None,
        )
        for r in read_data_csv("centres.csv")
    }


def one_level_provinces(provinces: list[dict[str, object]]) -> set[str]:
    by_code = {p["code"]: p for p in provinces}
    chosen: set[str] = set()
    for row in read_data_csv("one-level-provinces.csv"):
        if row["model"] != ONE_LEVEL_MODEL:
            continue
        province = by_code.get(row["province_code"])
        if province is None or short_province_name(str(province["name"])) != short_province_name(row["name"]):
            raise DataFileError(
                f"one-level-provinces.csv: {row['province_code']} {row['name']} is not an NSO province"
            )
        chosen.add(row["province_code"])
    return chosen


def _fill(pattern: str, **values: object) -> str:
    return pattern.format(**values)


def centre_rows(
    provinces: list[dict[str, object]], communes: list[dict[str, object]]
) -> list[dict[str, object]]:
    specs = centre_specs()
    one_level = one_level_provinces(provinces)
    names = {p["code"]: str(p["name"]) for p in provinces}
    rows: list[dict[str, object]] = []

    def row(spec: CentreSpec, province: str, commune: dict[str, object] | None) -> dict[str, object]:
        values: dict[str, object] = {"province_code": province, "province_lc": lower_first(names[province])}
        if commune:
            values |= {"commune_code": commune["code"], "commune_name": commune["name"],
                       "commune_lc": lower_first(str(commune["name"]))}
        return {
            "code": _fill(spec.code_pattern, **values),
            "name": _fill(spec.name_pattern, **values),
            "kind": spec.kind,
            "province_id": province,
            "commune_id": commune["code"] if commune else None,
            "status": spec.status,
            "opened_on": spec.opened_on,
            "address": "",
        }

    for province in names:
        rows.append(row(specs["provincial_centre"], province, None))
    for commune in communes:
        province = str(commune["province_id"])
        kind = "provincial_branch" if province in one_level else "commune_centre"
        rows.append(row(specs[kind], province, commune))
    return rows


def agency_rows(
    provinces: list[dict[str, object]],
    communes: list[dict[str, object]],
    centres: list[dict[str, object]],
    centre_ids: dict[str, int],
) -> list[dict[str, object]]:
    specs = read_data_csv("agencies.csv")
    provincial_centre = {c["province_id"]: c for c in centres if c["kind"] == "provincial_centre"}
    commune_centre = {c["commune_id"]: c for c in centres if c["commune_id"]}
    rows: list[dict[str, object]] = []
    for p in provinces:
        centre = provincial_centre[p["code"]]
        values = {"province_code": p["code"], "province_lc": lower_first(str(p["name"]))}
        for spec in (s for s in specs if s["scope"] == "province"):
            rows.append({
                "electronic_id": f"G{p['code']}.{spec['kind_code']}",
                "name": _fill(spec["name_pattern"], **values),
                "kind": spec["kind"], "level": spec["level"], "province_id": p["code"], "commune_id": None,
                "centre_id": centre_ids[str(centre["code"])],
            })
    names = {p["code"]: str(p["name"]) for p in provinces}
    commune_specs = [s for s in specs if s["scope"] == "commune"]
    for c in communes:
        centre = commune_centre[c["code"]]
        values = {"province_code": c["province_id"], "province_lc": lower_first(names[c["province_id"]]),
                  "commune_code": c["code"], "commune_name": c["name"],
                  "commune_lc": lower_first(str(c["name"])),
                  "centre_name": centre["name"]}
        for spec in commune_specs:
            applies = [t for t in spec["applies_to"].split("|") if t]
            if applies and c["division_type"] not in applies:
                continue
            rows.append({
                "electronic_id": f"X{c['province_id']}.{c['code']}.{spec['kind_code']}",
                "name": _fill(spec["name_pattern"], **values),
                "kind": spec["kind"], "level": spec["level"], "province_id": c["province_id"],
                "commune_id": c["code"], "centre_id": centre_ids[str(centre["code"])],
            })
    ids = [r["electronic_id"] for r in rows]
    if len(ids) != len(set(ids)):
        raise DataFileError("agencies.csv: electronic ids are not unique (kind_code repeated in a scope?)")
    return rows


# --- the loader ----------------------------------------------------------------------------


UNIT_MODELS = (
    Province, Commune, LegacyProvince, LegacyDistrict, LegacyWard, WardMapping, ServiceCentre, Agency,
)


def load_units() -> LoadReport:
    """Load or update every units table. Call inside a transaction (loaders.run does)."""
    report: LoadReport = {}
    provinces = province_rows()
    communes = commune_rows()
    report["units.Province"] = sync_rows(Province, provinces, batch_size=BATCH)
    report["units.Commune"] = sync_rows(Commune, communes, batch_size=BATCH)

    l_provinces, l_districts, l_wards = legacy_rows()
    report["units.LegacyProvince"] = sync_rows(LegacyProvince, l_provinces, batch_size=BATCH)
    report["units.LegacyDistrict"] = sync_rows(LegacyDistrict, l_districts, batch_size=BATCH)
    report["units.LegacyWard"] = sync_rows(LegacyWard, l_wards, batch_size=BATCH)

    mappings = mapping_rows({w["code"] for w in l_wards}, {c["code"] for c in communes})
    report["units.WardMapping"] = sync_rows(
        WardMapping, mappings, key=("old_ward_id", "new_commune_id"), delete_stale=True, batch_size=BATCH
    )

    centres = centre_rows(provinces, communes)
    report["units.ServiceCentre"] = sync_rows(ServiceCentre, centres, key="code", batch_size=BATCH)
    centre_ids = dict(ServiceCentre.objects.values_list("code", "id"))
    agencies = agency_rows(provinces, communes, centres, centre_ids)
    report["units.Agency"] = sync_rows(Agency, agencies, key="electronic_id", batch_size=BATCH)
    return report
