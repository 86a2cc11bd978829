from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "localgov.api"
    label = "localgov_api"
