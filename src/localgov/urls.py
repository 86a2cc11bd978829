from django.contrib import admin
from django.urls import include, path

from localgov.api.api import api
from localgov.core import views as core_views

urlpatterns = [
    path("healthz", core_views.health, name="health"),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("can-bo/", include("localgov.office.urls")),
    path("giam-sat/", include("localgov.oversight.urls")),
    path("nhan-su/", include("localgov.workforce.urls")),
    path("chinh-sach-178/", include("localgov.payouts.urls")),
    path("", include("localgov.portal.urls")),
    path("", include("localgov.units.urls")),
]
