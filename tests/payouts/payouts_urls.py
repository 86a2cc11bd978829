"""The project's URLs plus the payouts pages (until localgov/urls.py mounts them)."""

from django.urls import include, path

from localgov.urls import urlpatterns as project

urlpatterns = [path("chinh-sach-178/", include("localgov.payouts.urls")), *project]
