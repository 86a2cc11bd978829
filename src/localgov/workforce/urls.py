from django.urls import path

from localgov.workforce import views

app_name = "workforce"
urlpatterns = [
    path("", views.index, name="index"),
    path("tinh/<str:code>/", views.province, name="province"),
    path("tinh/<str:code>/lap-phuong-an/", views.plan_create, name="plan_create"),
    path("xa/<str:code>/", views.commune, name="commune"),
    path("phuong-an/<int:pk>/", views.plan_detail, name="plan"),
    path("phuong-an/<int:pk>/quyet-dinh/", views.plan_decide, name="plan_decide"),
    path("nang-luc/", views.capacity_page, name="capacity"),
    path("danh-sach.xlsx", views.staff_export, name="export"),
    path("mau-danh-sach-can-bo.xlsx", views.template, name="template"),
    path("nhap/", views.staff_import, name="import"),
]
