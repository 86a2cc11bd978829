"""`localgov simulate` with bad arguments: each gets its own Vietnamese reason before anything is
drawn or written — a date that is not one, a period that ends before it starts, a scale or a
number of workers that is not positive, a province that does not exist, deferred indexes on
SQLite; on the command line argparse's own error (exit status 2), not a traceback."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from localgov.dossiers.models import Dossier
from localgov.simulate import runner
from localgov.simulate.models import SimulationRun

BASE = ["--to", "2025-07-02", "--scale", "0.001", "--no-progress"]


@pytest.mark.parametrize(("args", "reason"), [
    (["--from", "2025-13-01"], "Ngày không hợp lệ (YYYY-MM-DD): 2025-13-01"),
    (["--from", "2025-07-05", "--to", "2025-07-01"], "Ngày bắt đầu (--from 2025-07-05) sau ngày kết thúc"),
    (["--scale", "0"], "Phải là một số lớn hơn 0 (ví dụ 0.01), không phải «0»"),
    (["--scale", "-1"], "không phải «-1»"),
    (["--scale", "abc"], "không phải «abc»"),
    (["--scale", "nan"], "không phải «nan»"),
    (["--workers", "0"], "Phải là một số nguyên từ 1 trở lên, không phải «0»"),
    (["--provinces", "01,99,XX"], "Không có tỉnh, thành phố mã: 99, XX"),
])
def test_bad_arguments_are_refused_with_their_reason(db, world, args, reason) -> None:  # noqa: ARG001
    with pytest.raises(CommandError) as caught:
        call_command("simulate", *BASE, *args, verbosity=0)
    assert reason in str(caught.value)
    assert not SimulationRun.objects.exists() and not Dossier.objects.exists()


def test_deferred_indexes_on_sqlite_are_refused_before_anything_runs(db, world) -> None:  # noqa: ARG001
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with pytest.raises(CommandError, match="Chỉ PostgreSQL hỗ trợ hoãn tạo chỉ mục"):
        call_command("simulate", *BASE, "--defer-indexes", verbosity=0)
    assert not SimulationRun.objects.exists()


def test_the_runner_says_what_is_wrong(db, world) -> None:  # noqa: ARG001
    from datetime import date

    for kwargs, reason in [({"scale": 0.0}, "Quy mô phải lớn hơn 0"), ({"workers": 0}, "Số tiến trình ghi"),
                           ({"path": "fast"}, "Đường ghi không hợp lệ: «fast»"),
                           ({"date_to": date(2025, 6, 30)}, "Ngày bắt đầu (2025-07-01) sau ngày kết thúc")]:
        with pytest.raises(ValueError, match=re.escape(reason)):
            runner.run(**{"date_from": date(2025, 7, 1), "date_to": date(2025, 7, 2), "scale": 0.001, "seed": 7,
                          **kwargs})
    assert not SimulationRun.objects.exists()


def test_on_the_command_line_a_bad_date_is_argparse_s_error_not_a_traceback() -> None:
    proc = subprocess.run([sys.executable, "-c", "from localgov.cli import main; main()", "simulate",
                           "--from", "2025-13-01"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "tham số --from: Ngày không hợp lệ (YYYY-MM-DD): 2025-13-01" in proc.stderr
    assert "Traceback" not in proc.stderr
