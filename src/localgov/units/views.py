from django.http import HttpRequest, HttpResponse


def province_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("localgov")
