from django.urls import path

from localgov.oversight import centres_views as views

app_name = "centres"
urlpatterns = [
    path("", views.register_page, name="register"),
    path("<str:code>/", views.centre_page, name="centre"),
]
