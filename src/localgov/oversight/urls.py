from django.urls import path

from localgov.feedback import web_oversight as feedback
from localgov.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.dashboard, name="nation"),
    path("tinh/<str:province>/", views.dashboard, name="province"),
    path("xa/<str:commune>/", views.dashboard, name="commune"),
    path("ho-so/", views.dossier_list, name="dossiers"),
    path("ho-so/<str:code>/", views.dossier_detail, name="dossier"),
    path("lien-thong/", views.bundle_list, name="bundles"),
    path("xuat/", views.export, name="export"),
    path("bao-cao/", views.report, name="report"),
    path("phan-anh/", feedback.complaints, name="complaints"),
    path("di-lai/", feedback.trips, name="trips"),
    path("tre-han-chua-xin-loi/", feedback.late_without_apology, name="late_without_apology"),
]
