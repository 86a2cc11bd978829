"""`localgov payouts calc case.json --json`: the issue's JSON shape; bad files → stderr, non-zero exit."""

import json
import subprocess
import sys

import pytest
from payouts_helpers import case, mr_m

from localgov.cli import main


def run(capsys, *args):
    code = 0
    try:
        main(["payouts", *args])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, data, name="case.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_mr_m_json(capsys, tmp_path):
    code, out, err = run(capsys, "calc", write(tmp_path, mr_m()), "--json")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["total_vnd"] == 786_854_250
    assert [(c["code"], c["amount_vnd"]) for c in payload["components"]] == [
        ("Q1", 513_864_000), ("Q2", 240_873_750), ("Q3", 32_116_500)]
    for c in payload["components"]:
        assert {"code", "label", "amount_vnd", "basis"} <= set(c) and "Nghị định 178/2024/NĐ-CP" in c["basis"]
    assert isinstance(payload["warnings"], list) and payload["warnings"]


def test_mr_c_minimal_file_omitted_numbers_are_zero_and_base_defaults(capsys, tmp_path):
    data = case()
    data["salary"] = {"rank_coefficient": 4.65, "leadership_coefficient": 0.6, "public_service_pct": 25}
    code, out, _ = run(capsys, "calc", write(tmp_path, data), "--json")
    payload = json.loads(out)
    assert code == 0
    assert {c["code"]: c["amount_vnd"] for c in payload["components"]} == {
        "P1": 460_687_500, "P2": 191_953_125, "P3": 92_137_500}
    assert payload["total_vnd"] == 744_778_125


def test_text_output(capsys, tmp_path):
    code, out, _ = run(capsys, "calc", write(tmp_path, mr_m()))
    assert code == 0
    assert "TỔNG: 786.854.250 đồng" in out and "Trợ cấp tìm việc làm" in out


def test_not_eligible_is_reported_not_an_error(capsys, tmp_path):
    code, out, _ = run(capsys, "calc", write(tmp_path, case(si_months=100)), "--json")
    payload = json.loads(out)
    assert code == 0 and payload["eligible"] is False and payload["total_vnd"] == 0
    assert payload["components"] == [] and "Chưa đủ 20 năm" in payload["reasons"][0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "không phải JSON hợp lệ"),
        (json.dumps(case(birth_date="1966-02-30")), "birth_date"),
        (json.dumps(case(salary={"rank_coefficient": -1})), "salary.rank_coefficient: Không được âm."),
        (json.dumps(case(leaving_date="2024-01-01")), "trước ngày quyết định sắp xếp có hiệu lực"),
        (json.dumps(case(si_months=9999)), "si_months"),
        ("[1, 2]", "đối tượng JSON"),
    ],
)
def test_bad_files(capsys, tmp_path, content, message):
    code, out, err = run(capsys, "calc", write(tmp_path, content), "--json")
    assert code != 0
    assert message in err
    assert "Traceback" not in err and out == ""


def test_missing_file(capsys, tmp_path):
    code, _, err = run(capsys, "calc", str(tmp_path / "nope.json"))
    assert code != 0 and "Không tìm thấy tệp" in err


def test_console_script_no_traceback(tmp_path):
    """The real `localgov` entry point, as an operator runs it."""
    bad = write(tmp_path, case(salary={"rank_coefficient": "abc"}))
    proc = subprocess.run([sys.executable, "-m", "localgov.cli", "payouts", "calc", bad, "--json"],
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert "salary.rank_coefficient" in proc.stderr and "Traceback" not in proc.stderr
    good = write(tmp_path, mr_m(), "good.json")
    proc = subprocess.run([sys.executable, "-m", "localgov.cli", "payouts", "calc", good, "--json"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total_vnd"] == 786_854_250
