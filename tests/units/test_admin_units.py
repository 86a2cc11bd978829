"""Admin change lists (with search and filters) work for every units model."""

import pytest
from django.contrib.auth import get_user_model

MODELS = ["province", "commune", "legacyprovince", "legacydistrict", "legacyward", "wardmapping",
          "servicecentre", "agency"]


@pytest.fixture
def admin_client_(client):
    user = get_user_model().objects.create_superuser("root", "root@example.invalid", "a-long-password-1")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_search(admin_client_, model):
    assert admin_client_.get(f"/admin/units/{model}/").status_code == 200
    assert admin_client_.get(f"/admin/units/{model}/", {"q": "Ba Đình"}).status_code == 200
