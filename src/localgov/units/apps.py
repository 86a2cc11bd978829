from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "localgov.units"
    label = "units"
