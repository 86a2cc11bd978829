from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "localgov.core"
    label = "core"
