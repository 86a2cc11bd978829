"""`localgov demo` refuses a bad --port or --scale when it is called, before a minute of
building the demo (it used to fail only when the server started: "is not a valid port number",
or an OverflowError traceback for 99999); `localgov load` names an unknown target in Vietnamese."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


@pytest.mark.parametrize(("args", "reason"), [
    (["--port", "abc"], "argument --port: Phải là số nguyên 1–65535, không phải «abc»"),
    (["--port", "99999"], "argument --port: Phải trong khoảng 1–65535, không phải 99999"),
    (["--port", "0"], "argument --port: Phải trong khoảng 1–65535, không phải 0"),
    (["--scale", "0"], "argument --scale: Phải là một số lớn hơn 0"),
    (["--scale", "một"], "argument --scale: Phải là một số lớn hơn 0 (ví dụ 0.01), không phải «một»"),
])
def test_demo_refuses_bad_arguments_before_building_anything(args, reason) -> None:
    # no database access is allowed here: the refusal comes before the first step (migrate)
    with pytest.raises(CommandError) as caught:
        call_command("demo", "--no-serve", *args)
    assert reason in str(caught.value)


def test_load_names_an_unknown_target(db) -> None:  # noqa: ARG001
    with pytest.raises(CommandError, match="Không có mục nạp: nothing; các mục có: calendar, catalog, units"):
        call_command("load", "nothing")
