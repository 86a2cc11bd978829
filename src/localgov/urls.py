from django.contrib import admin
from django.urls import include, path

from localgov.api.api import api
from localgov.core import views as core_views
from localgov.office import auth as signin

urlpatterns = [
    path("healthz", core_views.health, name="health"),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # One sign-in page for every role: the admin's own login sends people there too.
    path("dang-nhap/", signin.LoginView.as_view(), name="login"),
    path("dang-xuat/", signin.LogoutView.as_view(), name="logout"),
    path("admin/login/", signin.old_signin),
    path("admin/", admin.site.urls),
    path("can-bo/", include("localgov.office.urls")),
    path("giam-sat/doi-soat/", include("localgov.reconcile.urls")),
    path("giam-sat/trung-tam/", include("localgov.oversight.centres_urls")),
    path("giam-sat/", include("localgov.oversight.urls")),
    path("nhan-su/", include("localgov.workforce.urls")),
    path("chinh-sach-178/", include("localgov.payouts.urls")),
    path("theo-doi/", include("localgov.followup.urls")),
    path("", include("localgov.portal.urls")),
    path("", include("localgov.units.urls")),
]

# Error pages in Vietnamese, in the site's layout, with the reason and a way back (core/views.py).
handler400 = "localgov.core.views.bad_request"
handler403 = "localgov.core.views.permission_denied"
handler404 = "localgov.core.views.page_not_found"
handler500 = "localgov.core.views.server_error"
