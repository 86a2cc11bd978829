"""Every page of every role in a real browser at 1280 px and 360 px (issue 22 "Done when"):

* no page wider than the viewport (a wide table scrolls inside its own box);
* 0 serious or critical WCAG 2.1 A/AA violations found by axe-core (axe-playwright-python ships
  axe.min.js: no CDN, no network);
* a screenshot of each under build/screenshots/ (git-ignored; `make screenshots` also copies
  the README's pictures to docs/screenshots);
* the national page's first screen (1280×800) shows the headline figures, the map and the five
  units most behind;
* no number of 5 digits or more written without separators on the rendered pages (dossier
  codes, procedure codes, unit codes and other identifiers excepted — see `_unseparated`).

The server is the production one (`localgov serve`) on its own database with the demo's data:
reference data, the demo's staff and payouts, a simulated quarter (small scale), the demo accounts.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from tests.e2e.e2e_server import ROOT, run_script, running_server

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "build" / "screenshots"
WIDTHS = {1280: 800, 360: 740}
SCALE = os.environ.get("LOCALGOV_E2E_SCALE", "0.001")
DEMO = r"""
from django.core.management import call_command
from localgov.demo.users import DEMO_PASSWORD, ensure_demo_users
call_command("load", "all", verbosity=0)
call_command("workforce", "demo", "--seed", "7", verbosity=0)
call_command("payouts", "demo", "--seed", "7", verbosity=0)
call_command("simulate", "--from", "2025-07-01", "--to", "2025-09-30", "--scale", "%s", "--seed", "7",
             "--path", "bulk", "--no-progress", verbosity=0)
ensure_demo_users()
from localgov.dossiers.models import Dossier
from localgov.payouts.models import PayoutCase
d = Dossier.objects.filter(competent_commune_code="00004", parent__isnull=True).order_by("-id").first()
case = PayoutCase.objects.filter(province_code="01").order_by("pk").first()
print(DEMO_PASSWORD, d.code, case.pk)
"""

#: The pages of each demo account (README "Tài khoản trình diễn"), beyond the links of its own
#: menu ("Trang làm việc của tôi"), which the test visits too. {dossier} and {case} are filled
#: from the demo data.
PAGES: dict[str, list[str]] = {
    "": ["/", "/thu-tuc/", "/thu-tuc/1.004873/", "/tim-xa-moi/", "/tra-cuu/", "/don-vi/", "/tinh/01/",
         "/dang-nhap/"],
    "congdan": ["/ho-so-cua-toi/"],
    "tiepnhan.badinh": ["/can-bo/tiep-nhan/", "/can-bo/hang-doi/"],
    "chuyenvien.badinh": ["/can-bo/hang-doi/", "/can-bo/tong-quan/", "/can-bo/ho-so/{dossier}/"],
    "lanhdao.badinh": ["/can-bo/hang-doi/", "/can-bo/ho-so/{dossier}/"],
    "giamsat.hanoi": ["/giam-sat/tinh/01/", "/giam-sat/xa/00004/", "/giam-sat/ho-so/?province=01&metric=received",
                      "/giam-sat/ho-so/{dossier}/", "/giam-sat/lien-thong/?province=01&metric=filed"],
    "giamsat.quocgia": ["/giam-sat/", "/giam-sat/?map=online_share", "/nhan-su/", "/chinh-sach-178/"],
    "nhansu.hanoi": ["/nhan-su/", "/nhan-su/tinh/01/", "/nhan-su/xa/00004/", "/nhan-su/nang-luc/?tinh=01",
                     "/nhan-su/nhap/"],
    "taichinh.hanoi": ["/chinh-sach-178/", "/chinh-sach-178/tinh/01/", "/chinh-sach-178/ho-so/{case}/"],
}
#: README pictures taken from this run (copied to $LOCALGOV_SCREENSHOTS when set).
README_SHOTS = {("giamsat.quocgia", "/giam-sat/", 1280): "oversight-nation.png",
                ("giamsat.quocgia", "/giam-sat/", 360): "oversight-nation-phone.png",
                ("nhansu.hanoi", "/nhan-su/tinh/01/", 1280): "workforce-province.png",
                ("giamsat.quocgia", "/chinh-sach-178/", 1280): "payouts-progress.png"}

#: Identifiers, not quantities, are left out before the scan: elements marked `class="code"`
#: (unit codes in the units tables), and any token that mixes digits with letters, hyphens or
#: slashes (dossier codes X01.00004.01-250926-0001, official codes, 178/2024/NĐ-CP), a procedure
#: code (1.004873), a unit code in brackets (00004), a phone number or citizen ID (a run of
#: 9–12 digits starting with 0, shown masked or in full only to those who may see it).
_IDS = re.compile(r"\S*[A-Za-zĐđ/-]\S*\d\S*|\S*\d\S*[A-Za-zĐđ/-]\S*"  # mixed tokens
                  r"|\b\d\.\d{6}\b"  # procedure code
                  r"|\(\d{5}\)|\bmã:? \d+"  # unit code in brackets or after "mã"
                  r"|\b0\d{8,11}\b")  # phone, citizen ID
_LONG_DIGITS = re.compile(r"(?<![\d.,])\d{5,}(?![\d])")
_MAIN_TEXT = """() => { const out = [];
  const w = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  while (w.nextNode()) { const p = w.currentNode.parentElement;
    if (!p.closest('.code, script, style')) out.push(w.currentNode.nodeValue); }
  return out.join(' '); }"""


def _unseparated(text: str) -> list[str]:
    """Digit runs longer than 4 without a thousands separator, identifiers removed."""
    return _LONG_DIGITS.findall(_IDS.sub(" ", text))


def test_unseparated_finds_raw_numbers_and_spares_codes():
    assert _unseparated("đã chi 816075000 đồng") == ["816075000"]
    assert _unseparated("đã chi 4.049.427.989 đ; 95,7 %; 08/12/2026; 12345 hồ sơ") == ["12345"]
    assert _unseparated("Hồ sơ X01.00004.01-250926-0001 · thủ tục 1.004873 · xã (00004) · 178/2024/NĐ-CP") == []
    assert _unseparated("ĐT 0932940330, CCCD 086145072026, mã CB0012345, phường mã 00004") == []


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "trang-chu"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        (pytest.fail if os.environ.get("CI") else pytest.skip)("Debian's chromium is not installed (.ci/apt-packages)")
    tmp = tmp_path_factory.mktemp("pages")
    with running_server(tmp) as server:
        password, dossier, case = run_script(tmp, DEMO % SCALE, timeout=900).split()[-3:]
        yield server, password, {"dossier": dossier, "case": case}


def _sign_in(page, url: str, user: str, password: str) -> None:
    page.goto(f"{url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_every_page_of_every_role_fits_the_screen_and_passes_axe(demo):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    server, password, ids = demo
    axe = Axe()
    problems: list[str] = []
    visited = 0
    taken: dict[tuple[str, str, int], Path] = {}
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        for user, paths in PAGES.items():
            for width, height in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
                page = context.new_page()
                if user:
                    _sign_in(page, server.url, user, password)
                mine = [a.get_attribute("href") for a in page.locator("nav.places a").all()] if user else []
                for path in dict.fromkeys([*(x.format(**ids) for x in paths), *mine]):
                    response = page.goto(f"{server.url}{path}")
                    where = f"{user or 'khách'} {path} @{width}px"
                    if response is None or response.status != 200:
                        problems.append(f"{where}: HTTP {response.status if response else '—'}")
                        continue
                    visited += 1
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    if wide > width:
                        problems.append(f"{where}: page {wide} px wide")
                    result = axe.run(page, options={"runOnly": {"type": "tag", "values": [
                        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
                    for v in result.response["violations"]:
                        if v["impact"] in ("serious", "critical"):
                            problems.append(f"{where}: axe {v['id']} ({v['impact']}) at {v['nodes'][0]['target']}")
                    raw = _unseparated(page.evaluate(_MAIN_TEXT))
                    if raw:
                        problems.append(f"{where}: numbers without separators {raw[:5]}")
                    shot = SHOTS / f"{width}" / f"{user or 'khach'}-{_slug(path)}.png"
                    shot.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(shot), full_page=True)
                    taken[(user, path, width)] = shot
                context.close()
        browser.close()
    assert not problems, "\n".join(problems)
    assert visited >= 2 * sum(len(p) for p in PAGES.values())
    target = os.environ.get("LOCALGOV_SCREENSHOTS")
    if target:  # `make screenshots`: the README's pictures
        for key, name in README_SHOTS.items():
            shutil.copyfile(taken[key], Path(target) / name)


def test_national_first_screen_shows_figures_map_and_most_behind(demo):
    from playwright.sync_api import sync_playwright

    server, password, _ids = demo
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN").new_page()
        _sign_in(page, server.url, "giamsat.quocgia", password)
        page.goto(f"{server.url}/giam-sat/")
        for name in ("headline", "map", "behind"):
            box = page.locator(f"[data-test={name}]").bounding_box()
            assert box is not None and box["height"] > 0, name
            assert box["y"] + box["height"] <= 800, f"{name} ends at {box['y'] + box['height']:.0f} px, below the fold"
        assert page.locator("[data-test=map] li").count() == 34
        assert page.locator("[data-test=behind] li").count() == 5
        assert page.locator("[data-test=headline] li").count() >= 5
        # a tile opens its province's page
        page.locator("[data-test=map] a").first.click()
        page.wait_for_url(re.compile(r"/giam-sat/tinh/\d{2}/"))
        browser.close()
