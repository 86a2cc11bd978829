from django.urls import path

from localgov.office import auth, counter, dossier, views

app_name = "office"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("dang-nhap/", auth.old_signin, name="login"),
    path("dang-xuat/", auth.LogoutView.as_view(), name="logout"),
    path("hang-doi/", views.queue, name="queue"),
    path("tong-quan/", views.overview, name="overview"),
    path("tiep-nhan/", counter.receive, name="counter"),
    path("ho-so/<str:code>/", dossier.dossier_page, name="dossier"),
    path("ho-so/<str:code>/thao-tac/<str:action>/", dossier.act, name="act"),
    path("ho-so/<str:code>/mau/<str:number>.pdf", dossier.letter_pdf, name="letter"),
    path("ho-so/<str:code>/giay-to/<int:pk>/", dossier.document, name="document"),
]
