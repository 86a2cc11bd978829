from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "localgov.outbox"
    label = "outbox"
    verbose_name = "Thông báo và đồng bộ"

    def ready(self) -> None:
        # AppConfig.ready(): the apps' models are loaded only now
        from localgov.dossiers import hooks
        from localgov.outbox.enqueue import on_dossier_event

        hooks.register(on_dossier_event)
