"""The project's URLs and error handlers, plus one view that fails (for the 500 page)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from localgov.urls import handler400, handler403, handler404, handler500  # noqa: F401
from localgov.urls import urlpatterns as project


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom: a secret detail that must not reach the page")


urlpatterns = [path("_crash/", crash), *project]
