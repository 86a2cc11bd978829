from django.urls import path

from localgov.feedback import web_office as feedback
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
    path("ho-so/<str:code>/luot-den/", feedback.record_trip, name="record_trip"),
    path("phan-anh/", feedback.queue, name="complaints"),
    path("phan-anh/tiep-nhan/", feedback.receive, name="complaint_receive"),
    path("phan-anh/<str:code>/", feedback.detail, name="complaint"),
    path("phan-anh/<str:code>/xu-ly/", feedback.act, name="complaint_act"),
    path("ho-so/<str:code>/giay-to/<int:pk>/", dossier.document, name="document"),
]
