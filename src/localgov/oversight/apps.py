from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "localgov.oversight"
    label = "oversight"
