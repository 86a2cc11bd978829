"""Oversight in a real browser: a national overseer drills from the nation to a province, to a
commune, to the list behind a number, to one dossier (issue 6 "Done when")."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from tests.e2e.e2e_server import PASSWORD, running_server

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
SETUP = r"""
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
django.setup()
from datetime import datetime
from zoneinfo import ZoneInfo
from localgov.access.policy import SYSTEM
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.catalog.models import Procedure
from localgov.dossiers import services
from localgov.dossiers.submission import Applicant, SubmitInput, submit
from localgov.dossiers.validation import Upload
from localgov.dossiers.workflow import Channel, ReturnMethod
user = create_user(username="giamsat_tw", password=os.environ["E2E_PASSWORD"], full_name="Giám sát")
grant_role(user=user, role=Role.NATIONAL_OVERSEER)
VN = ZoneInfo("Asia/Ho_Chi_Minh")
pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
proc = Procedure.objects.get(code="1.004873")
docs = [Upload(doc_code=d["code"], name=d["code"] + ".pdf", content=pdf, content_type="application/pdf")
        for d in proc.documents if d.get("required")]
d = submit(SubmitInput(procedure_code="1.004873", channel=Channel.ONLINE, competent_commune_code="00004",
                       applicant=Applicant(name="Nguyễn Văn An", id_number="001090012345"), documents=docs,
                       return_method=ReturnMethod.ONLINE), actor=SYSTEM, now=datetime(2025, 8, 4, 9, tzinfo=VN)).dossier
d = services.accept(dossier_id=d.pk, version=d.version, actor=SYSTEM, now=datetime(2025, 8, 4, 10, tzinfo=VN))
d = services.assign(dossier_id=d.pk, version=d.version, actor=SYSTEM, now=datetime(2025, 8, 4, 11, tzinfo=VN))
d = services.decide(dossier_id=d.pk, version=d.version, actor=SYSTEM, result_summary="Đã cấp",
                    now=datetime(2025, 8, 5, 15, tzinfo=VN))
print(d.code)
"""


def _env(tmp: Path) -> dict[str, str]:
    """The environment running_server gave its server (same database)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update({"LOCALGOV_VAR": str(tmp / "var"), "E2E_PASSWORD": PASSWORD, "LOG_LEVEL": "WARNING",
                "DJANGO_SETTINGS_MODULE": "localgov.settings", "LOCALGOV_HOME": str(tmp)})
    db_url = os.environ.get("DATABASE_URL", "")
    if db_url.startswith("postgres"):
        parts = urlsplit(db_url)
        name = f"{parts.path.lstrip('/') or 'localgov'}_e2e_{os.getpid()}"
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    else:
        env.pop("DATABASE_URL", None)
    return env


def test_oversight_drill_nation_to_one_dossier(tmp_path):
    if not Path(CHROMIUM).exists():
        # In CI (.ci/run installs it) a missing browser is a failure, never a silent skip.
        (pytest.fail if os.environ.get("CI") else pytest.skip)("Debian's chromium is not installed (.ci/apt-packages)")
    from playwright.sync_api import sync_playwright

    with running_server(tmp_path) as server:
        out = subprocess.run([sys.executable, "-c", SETUP], env=_env(tmp_path), cwd=tmp_path, check=True,
                             capture_output=True, text=True, timeout=300)
        code = out.stdout.strip().splitlines()[-1]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_context(locale="vi-VN").new_page()
            page.goto(f"{server.url}/dang-nhap/")
            page.get_by_label("Tên đăng nhập").fill("giamsat_tw")
            page.get_by_label("Mật khẩu").fill(server.password)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_load_state()
            page.goto(f"{server.url}/giam-sat/?period=custom&from=2025-07-01&to=2025-09-30")
            assert page.get_by_text("Số liệu tính đến").first.is_visible()
            page.get_by_role("link", name="Thành phố Hà Nội").first.click()
            page.wait_for_url(re.compile(r"/giam-sat/tinh/01/"))
            page.get_by_role("link", name=re.compile("Ba Đình")).first.click()
            page.wait_for_url(re.compile(r"/giam-sat/xa/00004/"))
            page.locator("a[href*='metric=received']").first.click()
            page.wait_for_url(re.compile(r"/giam-sat/ho-so/\?"))
            page.get_by_role("link", name=code).click()
            page.wait_for_url(re.compile(rf"/giam-sat/ho-so/{re.escape(code)}/"))
            assert page.get_by_role("heading", name=f"Hồ sơ {code}").is_visible()
            browser.close()
