from django.urls import path

from localgov.units import views

app_name = "units"
urlpatterns = [
    path("don-vi/", views.province_list, name="province_list"),
    path("tinh/<str:code>/", views.province_detail, name="province_detail"),
]
