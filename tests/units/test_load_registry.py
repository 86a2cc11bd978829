"""`localgov load`: apps register targets; "all" runs them dependencies first."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from localgov.units import loaders


@pytest.fixture
def extra_target():
    calls: list[str] = []
    loaders.register("demo-extra", lambda: calls.append("ran") or {}, after=("units",), help="test target")
    yield calls
    loaders._REGISTRY.pop("demo-extra", None)


def test_units_is_registered_by_its_app():
    assert "units" in loaders.registered()


def test_all_runs_dependencies_first(extra_target):
    assert loaders.plan(["demo-extra"]) == ["units", "demo-extra"]
    assert loaders.plan(["all"]).index("units") < loaders.plan(["all"]).index("demo-extra")
    outcomes = loaders.run(["all"])
    assert [o.name for o in outcomes][-1] == "demo-extra" and extra_target == ["ran"]


def test_command_lists_targets_and_prints_counts():
    out = StringIO()
    call_command("load", stdout=out)
    assert "units" in out.getvalue()
    out = StringIO()
    call_command("load", "units", stdout=out)
    text = out.getvalue()
    assert "xã, phường, đặc khu" in text and "không đổi   3321" in text and "không có thay đổi" in text
    assert "unchanged" not in text and "units.Commune" not in text


def test_unknown_target_is_an_error():
    with pytest.raises(CommandError):
        call_command("load", "no-such-target", stdout=StringIO())
