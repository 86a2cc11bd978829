from django.urls import path

from localgov.reconcile import views

app_name = "reconcile"
urlpatterns = [path("", views.page, name="page")]
