"""Mounted under /theo-doi/ (one line in localgov/urls.py)."""

from django.urls import path

from localgov.followup import views

app_name = "followup"
urlpatterns = [
    path("", views.home, name="home"),
    path("<str:slug>/", views.record_list, name="list"),
    path("<str:slug>/moi/", views.record_new, name="new"),
    path("<str:slug>/xuat.xlsx", views.export, name="export"),
    path("<str:slug>/mau.xlsx", views.template, name="template"),
    path("<str:slug>/nhap/", views.import_view, name="import"),
    path("<str:slug>/<int:pk>/", views.record_detail, name="detail"),
]
