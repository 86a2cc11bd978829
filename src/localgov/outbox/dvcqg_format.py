"""The national portal's synchronisation record (docs/dvcqg-sync.md). Pure: no Django import.

The state and channel codes are the national `TrangThai` 1–10 and `KenhThucHien` 1–3 that the
dossier engine already uses (`dossiers/workflow.py`, docs/domain/one-stop-rules.md §1.4), unchanged;
the dossier code is `{agency electronic id}-{YYMMDD}-{sequence of ≥ 4 digits}` (`dossiers/routing.py`,
Decree 118 Art. 28). No personal data: the applicant's name, identity number and contacts stay
in localgov; the national portal links the record to the citizen's account by the dossier code.
"""

from __future__ import annotations

import re
from typing import Any

from localgov.dossiers.workflow import Channel, State

#: What `routing.next_code` produces, as the contract states it (checked by the stand-in).
CODE_PATTERN = re.compile(r"^[A-Za-z0-9.]{1,32}-\d{6}-\d{4,}$")
CONTRACT_VERSION = "1"
FIELDS = ("MaHoSo", "MaTTHC", "MaCoQuan", "MaTinh", "MaXa", "KenhThucHien", "TrangThaiHoSo",
          "TrangThaiTruoc", "ThaoTac", "SoThuTuSuKien", "ThoiDiem", "HanXuLy", "PhienBan")


def national_record(*, code: str, procedure_code: str, agency_id: str, province_code: str, commune_code: str | None,
                    channel: int, state: int, from_state: int | None, action: str, seq: int, at: str,
                    due: str | None) -> dict[str, Any]:
    """One event as the national portal receives it."""
    return {
        "MaHoSo": code, "MaTTHC": procedure_code, "MaCoQuan": agency_id, "MaTinh": province_code,
        "MaXa": commune_code or "", "KenhThucHien": int(Channel(channel)), "TrangThaiHoSo": int(State(state)),
        "TrangThaiTruoc": int(State(from_state)) if from_state else None, "ThaoTac": action,
        "SoThuTuSuKien": int(seq), "ThoiDiem": at, "HanXuLy": due, "PhienBan": CONTRACT_VERSION,
    }


def record_problems(record: dict[str, Any]) -> dict[str, str]:
    """What the national side refuses (HTTP 422), field by field; empty when the record is valid."""
    problems: dict[str, str] = {}
    missing = [f for f in FIELDS if f not in record]
    for f in missing:
        problems[f] = "thiếu trường"
    if not CODE_PATTERN.match(str(record.get("MaHoSo", ""))):
        problems["MaHoSo"] = "mã hồ sơ không đúng định dạng"
    if record.get("TrangThaiHoSo") not in {int(s) for s in State}:
        problems["TrangThaiHoSo"] = "trạng thái phải từ 1 đến 10"
    if record.get("KenhThucHien") not in {int(c) for c in Channel}:
        problems["KenhThucHien"] = "kênh phải là 1, 2 hoặc 3"
    seq = record.get("SoThuTuSuKien")
    if not isinstance(seq, int) or seq < 1:
        problems["SoThuTuSuKien"] = "số thứ tự sự kiện phải là số nguyên dương"
    return problems
