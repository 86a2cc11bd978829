from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "localgov.office"
    label = "office"
