"""The simulation's summary on the command line is Vietnamese to its last word: the state of the
facts ("computed in bulk" inside the runner) and the numbers written the Vietnamese way."""

from io import StringIO

import pytest

from localgov.simulate.management.commands.simulate import Command, facts_label
from localgov.simulate.runner import RunResult


@pytest.mark.parametrize("state, words", [
    ("computed in bulk", "đã tính theo lô"),
    ("incremental (service hooks)", "cập nhật dần qua từng thao tác hồ sơ"),
    ("unavailable", "không tính (--no-facts)"),
    ("rebuilt", "đã tính lại từ sự kiện"),
    ("failed: disk full", "lỗi khi tính (disk full; chạy lại: localgov facts rebuild)"),
])
def test_facts_state_in_vietnamese(state: str, words: str) -> None:
    assert facts_label(state) == words


def test_summary_has_no_english() -> None:
    result = RunResult(run_id=3, dossiers=93_278, events=412_345, seconds=61.25, write_seconds=50.0,
                       facts_seconds=11.25, facts="computed in bulk", communes=3321, staffed_communes=0)
    out = StringIO()
    command = Command(stdout=out)
    command._report(result, {"date_from": None})
    text = out.getvalue()
    assert text.startswith("Lượt mô phỏng #3: 93.278 hồ sơ, 412.345 sự kiện trong 61,2 giây (1.523 hồ sơ/giây;")
    assert "số liệu tổng hợp 11,2 giây: đã tính theo lô)." in text
    assert "computed" not in text and "bulk" not in text
