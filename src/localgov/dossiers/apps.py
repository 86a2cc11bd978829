from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "localgov.dossiers"
    label = "dossiers"
