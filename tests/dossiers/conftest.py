"""Fixtures for the dossier engine: real units and catalogue (loaded through their loaders),
real users with real grants (through access.services), dossiers made through services."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tests.fixtures_units import loaded_units  # noqa: F401

from localgov.access.policy import Actor, resolve_actor
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.dossiers.submission import Applicant, SubmitInput, Submitted, submit
from localgov.dossiers.validation import Upload
from localgov.dossiers.workflow import Channel, ReturnMethod

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Ba Đình ward and Hoàn Kiếm ward (Hà Nội), Bến Nghé's successor Sài Gòn ward (HCMC).
BA_DINH, HOAN_KIEM, SAI_GON = "00004", "00070", "26740"


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN)


@pytest.fixture(scope="session")
def world(loaded_units, django_db_blocker) -> None:  # noqa: F811
    from localgov.catalog.services import load_catalog

    with django_db_blocker.unblock():
        load_catalog()


@pytest.fixture
def people(db, world) -> Callable[..., Actor]:
    """people(role, commune=..., centre=..., agency=..., province=...) -> Actor."""
    counter = {"n": 0}

    def make(role: Role, **scope: Any) -> Actor:
        counter["n"] += 1
        user = create_user(username=f"{role.value}-{counter['n']}", password=None)
        grant_role(user=user, role=role, **scope)
        return resolve_actor(user)

    return make


def centre_of(commune: str) -> int:
    from localgov.units.models import ServiceCentre

    centre = ServiceCentre.objects.filter(commune_id=commune).order_by("pk").first()
    assert centre is not None, commune
    return centre.pk


@pytest.fixture
def counter_at(people) -> Callable[[str], Actor]:
    return lambda commune: people(Role.COUNTER_OFFICER, commune=commune, centre_id=centre_of(commune))


@pytest.fixture
def staff(people) -> Callable[[str], dict[str, Actor]]:
    """The three officer roles of one commune."""

    def make(commune: str) -> dict[str, Actor]:
        return {
            "counter": people(Role.COUNTER_OFFICER, commune=commune, centre_id=centre_of(commune)),
            "specialist": people(Role.SPECIALIST, commune=commune),
            "approver": people(Role.APPROVER, commune=commune),
        }

    return make


def applicant(**over: Any) -> Applicant:
    base = {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678",
            "address": "12 Phố Huế, Hà Nội"}
    base.update(over)
    return Applicant(**base)


def pdf(doc_code: str) -> Upload:
    return Upload(doc_code=doc_code, name=f"{doc_code}.pdf", content=PDF, content_type="application/pdf")


def docs_for(procedure_code: str) -> list[Upload]:
    from localgov.catalog.models import Bundle, Procedure

    bundle = Bundle.objects.filter(code=procedure_code).first()
    proc = bundle.members.order_by("order").first().procedure if bundle else Procedure.objects.get(code=procedure_code)
    return [pdf(d["code"]) for d in proc.documents if d.get("required")]


@pytest.fixture
def file_online(db, world) -> Callable[..., Submitted]:
    def make(procedure: str = "1.001193", commune: str = BA_DINH, *, at: datetime | None = None,
             actor: Actor | None = None, **over: Any) -> Submitted:
        data = SubmitInput(
            procedure_code=procedure, channel=Channel.ONLINE, applicant=over.pop("applicant", applicant()),
            competent_commune_code=commune if over.get("competent_province_code") is None else None,
            documents=over.pop("documents") if "documents" in over else docs_for(procedure),
            return_method=ReturnMethod.ONLINE, **over,
        )
        return submit(data, actor=actor or Actor(user_id=None, username=""), now=at or vn(2025, 8, 4, 9, 0))

    return make


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()
