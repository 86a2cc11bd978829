"""`localgov load catalog` through the shared loader registry; a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from localgov.catalog.models import Procedure

pytestmark = pytest.mark.django_db


def test_load_catalog_target():
    out = StringIO()
    call_command("load", "catalog", stdout=out)
    assert "catalog.Procedure" in out.getvalue()
    assert Procedure.objects.count() >= 40
    again = StringIO()
    call_command("load", "catalog", stdout=again)
    assert "catalog: xong, không có thay đổi." in again.getvalue()
