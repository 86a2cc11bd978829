from django.urls import path

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
]
