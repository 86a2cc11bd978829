from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "localgov.oversight"
    label = "oversight"
    verbose_name = "Giám sát, đánh giá"

    def ready(self) -> None:
        # app registry: imported in ready(), once every app's models are loaded
        from localgov.dossiers import hooks
        from localgov.oversight.live import on_dossier_event

        hooks.register(on_dossier_event)
