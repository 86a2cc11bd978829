"""Mounted under /chinh-sach-178/ (one line in localgov/urls.py:
`path("chinh-sach-178/", include("localgov.payouts.urls"))`)."""

from django.urls import path

from localgov.payouts import views

app_name = "payouts"
urlpatterns = [
    path("", views.progress, name="progress"),
    path("tinh/<str:code>/", views.province, name="province"),
    path("ho-so/<int:pk>/", views.case_detail, name="case"),
    path("ho-so/<int:pk>/thong-bao.pdf", views.case_statement, name="statement"),
]
