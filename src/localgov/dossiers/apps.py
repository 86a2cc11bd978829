from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "localgov.dossiers"
    label = "dossiers"

    def ready(self) -> None:
        # The bundles register their transition listener and cascade (dossiers/hooks.py).
        from localgov.dossiers import bundles  # noqa: F401
