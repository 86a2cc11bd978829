"""What a simulation needs before it writes anything, checked in one pass over the world it
would simulate (`world.load_world`): the units (provinces with their communes, a service
centre for every commune — its own or its province's — and the competent agencies of every
procedure and bundle member it can draw), the catalogue (active procedures in the fields of
the parameters file) and the working calendar over the period. A database missing any of them
is refused with every missing piece named, in Vietnamese, and the command that loads it — not
an IndexError half-way through with a run record left behind. The workforce data is not
needed: communes without it get the documented default desks (docs/simulation.md).
`problems` is pure; `check` reads the world's specs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from localgov.dossiers.routing import COMMUNE_AGENCY_KINDS
from localgov.simulate.planner import ProcedureSpec, ProvinceSpec

if TYPE_CHECKING:
    from localgov.simulate.world import World

LOAD_UNITS = "hãy chạy `localgov load units` trước"
LOAD_CATALOG = "hãy chạy `localgov load catalog` trước"


class NotReady(ValueError):
    """The database lacks what the simulation needs; the message lists each missing piece."""


def _sample(codes: Iterable[str], n: int = 3) -> str:
    codes = sorted(codes)
    more = f" và {len(codes) - n} nơi khác" if len(codes) > n else ""
    return ", ".join(codes[:n]) + more


def problems(*, provinces: list[ProvinceSpec], procedures: list[ProcedureSpec], member_kinds: Iterable[str],
             agencies: Iterable[tuple[str, str, str]], commune_kinds: frozenset[str],
             calendar_range: tuple[date, date], date_from: date, date_to: date) -> list[str]:
    """Every missing piece, one Vietnamese sentence each (empty: ready)."""
    out: list[str] = []
    empty = [p.code for p in provinces if not p.communes]
    if empty:
        out.append(f"Chưa có xã, phường của tỉnh {_sample(empty)}: {LOAD_UNITS}.")
    no_centre = [c.code for p in provinces for c in p.communes if not c.centre_id]
    if no_centre:
        out.append(f"Chưa có trung tâm phục vụ hành chính công cho {len(no_centre)} xã, phường "
                   f"({_sample(no_centre)}) và tỉnh của chúng: {LOAD_UNITS}.")
    if not procedures:
        out.append(f"Chưa có danh mục thủ tục hành chính (không có thủ tục nào đang áp dụng trong các lĩnh vực "
                   f"của tệp tham số mô phỏng): {LOAD_CATALOG}.")
    kinds = {p.agency_kind for p in procedures} | set(member_kinds)
    have = set(agencies)
    missing: dict[str, list[str]] = {}
    for kind in sorted(kinds):
        for prov in provinces:
            if kind in commune_kinds:
                missing.setdefault(kind, []).extend(c.code for c in prov.communes if (kind, prov.code, c.code)
                                                    not in have)
            elif (kind, prov.code, "") not in have:
                missing.setdefault(kind, []).append(prov.code)
    for kind, where in missing.items():
        if where:
            out.append(f"Chưa có cơ quan giải quyết loại «{kind}» ở {len(where)} nơi ({_sample(where)}): "
                       f"{LOAD_UNITS}.")
    first, last = calendar_range
    if date_from < first or date_to > last:
        out.append(f"Giai đoạn {date_from.isoformat()} – {date_to.isoformat()} nằm ngoài lịch làm việc "
                   f"({first.isoformat()} – {last.isoformat()}).")
    return out


def check(world: World, *, date_from: date, date_to: date, calendar_range: tuple[date, date]) -> None:
    """Raise NotReady naming every missing piece of `world` (`problems`)."""

    found = problems(provinces=world.provinces, procedures=world.procedures,
                     member_kinds=[m.agency_kind for b in world.bundles for m in b.members],
                     agencies=world.agencies, commune_kinds=COMMUNE_AGENCY_KINDS,
                     calendar_range=calendar_range, date_from=date_from, date_to=date_to)
    if found:
        raise NotReady("Chưa thể mô phỏng (chưa ghi gì vào cơ sở dữ liệu):\n- " + "\n- ".join(found))
