from django.urls import path

from localgov.feedback import web_portal as feedback
from localgov.portal import filing, mine, tracking, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.search, name="search"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("thu-tuc/<str:code>/nop/", filing.file_online, name="file"),
    path("tim-xa-moi/", views.convert, name="convert"),
    path("tra-cuu/", tracking.track, name="track"),
    path("ho-so-cua-toi/", mine.my_dossiers, name="mine"),
    path("ho-so/<str:code>/", tracking.dossier_page, name="dossier"),
    path("ho-so/<str:code>/bien-nhan/", tracking.receipt, name="receipt"),
    path("ho-so/<str:code>/bien-nhan.pdf", tracking.receipt_pdf, name="receipt_pdf"),
    path("ho-so/<str:code>/bo-sung/", tracking.supplement, name="supplement"),
    path("ho-so/<str:code>/giay-to/<int:pk>/", tracking.document, name="document"),
    path("ho-so/<str:code>/danh-gia/", tracking.rate, name="rate"),
    path("phan-anh/", feedback.index, name="complaints"),
    path("phan-anh/gui/", feedback.file, name="complaint_file"),
    path("phan-anh/<str:code>/", feedback.detail, name="complaint"),
    path("ho-so/<str:code>/ket-qua.pdf", tracking.result_pdf, name="result_pdf"),
]
